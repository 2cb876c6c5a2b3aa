import { differenceInCalendarDays, isValid, parseISO } from 'date-fns';

/** RNCP or RS codes as France Compétences writes them: "RNCP35321", "RS5462". */
export function normaliseCertificationCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export function isCertificationCode(code: string): boolean {
  return /^(RNCP|RS)\d{3,6}$/.test(code);
}

/** A calendar day typed in a date field ("2026-09-01"), or null when it is not one. */
export function parseDay(input: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input)) return null;
  const day = parseISO(input);
  return isValid(day) && day.getFullYear() >= 1900 && day.getFullYear() <= 2100 ? input : null;
}

/** Length of a session in calendar days, both ends included. */
export function sessionLengthInDays(startsOn: string, endsOn: string): number {
  return differenceInCalendarDays(parseISO(endsOn), parseISO(startsOn)) + 1;
}

export type SessionPeriod = 'upcoming' | 'current' | 'past';

export function sessionPeriod(startsOn: string, endsOn: string, today: string): SessionPeriod {
  if (today < startsOn) return 'upcoming';
  if (today > endsOn) return 'past';
  return 'current';
}
