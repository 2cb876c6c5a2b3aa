import { type Day, daysBetween } from '../platform/calendar.ts';

/** RNCP or RS codes as France Compétences writes them: "RNCP35321", "RS5462". */
export function normaliseCertificationCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export function isCertificationCode(code: string): boolean {
  return /^(RNCP|RS)\d{3,6}$/.test(code);
}

/** Length of a session in calendar days, both ends included. */
export function sessionLengthInDays(startsOn: Day, endsOn: Day): number {
  return daysBetween(startsOn, endsOn) + 1;
}

export type SessionPeriod = 'upcoming' | 'current' | 'past';

export function sessionPeriod(startsOn: string, endsOn: string, today: string): SessionPeriod {
  if (today < startsOn) return 'upcoming';
  if (today > endsOn) return 'past';
  return 'current';
}
