import { TZDate, tz } from '@date-fns/tz';
import { addDays, addMonths, differenceInCalendarDays, endOfMonth, formatISO, isValid, parseISO } from 'date-fns';

/**
 * A calendar day as ISO writes it ("2026-11-26"): days compare as strings and are stored as SQL
 * `date`. The arithmetic below runs in UTC, where every day has 24 hours, so neither the
 * process's time zone nor a change to summer time can shift a day.
 */
export type Day = string;

/** A calendar month as ISO writes it ("2026-11"). */
export type Month = string;

/** The time zone the users live in: "today" is the calendar day there. */
export const PARIS = 'Europe/Paris';

const utc = tz('UTC');

const asDate = (day: Day) => parseISO(day, { in: utc });
const asDay = (date: Date): Day => formatISO(date, { representation: 'date' });

/** The calendar day in Paris of an instant: 2026-11-30T23:30Z is 1 December there. */
export const toDay = (at: Date): Day => asDay(new TZDate(at, PARIS));

export const plusDays = (day: Day, n: number): Day => asDay(addDays(asDate(day), n));

/** `n` months later, on the same day of the month or the month's last day (31 January + 1 → 28 February). */
export const plusMonths = (day: Day, n: number): Day => asDay(addMonths(asDate(day), n));

/** Calendar days from `from` to `to`: 1 from one day to the next, negative backwards. */
export const daysBetween = (from: Day, to: Day): number => differenceInCalendarDays(asDate(to), asDate(from));

/** Whether [from, to] (to null: open) covers `day`. */
export function covers(from: Day, to: Day | null, day: Day): boolean {
  return from <= day && (to === null || day <= to);
}

/** A calendar day typed in a date field ("2026-09-01"), or null when it is not one. */
export function parseDay(input: string): Day | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input)) return null;
  const date = asDate(input);
  return isValid(date) && date.getFullYear() >= 1900 && date.getFullYear() <= 2100 ? input : null;
}

const DAY_MS = 86_400_000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The Monday of the week holding `day` (weeks run Monday 00:00 to Sunday 24:00, R412-52).
 * Plain arithmetic on the calendar day in UTC (no time zone to consult: the pay statement calls
 * it for every entry of a month); a string that is not a calendar day throws, as date-fns does.
 */
export function mondayOf(day: Day): Day {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const [year, month, date] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [Number.NaN, 0, 0];
  const at = new Date(Date.UTC(2000, month - 1, date));
  at.setUTCFullYear(year);
  if (Number.isNaN(at.getTime()) || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== date) throw new RangeError(`Not a calendar day: ${day}`);
  const monday = new Date(at.getTime() - ((at.getUTCDay() + 6) % 7) * DAY_MS);
  return `${pad(monday.getUTCFullYear(), 4)}-${pad(monday.getUTCMonth() + 1, 2)}-${pad(monday.getUTCDate(), 2)}`;
}

/** The seven days of the week starting on `monday`. */
export function weekDays(monday: Day): Day[] {
  return Array.from({ length: 7 }, (_, i) => plusDays(monday, i));
}

export const monthOf = (day: Day): Month => day.slice(0, 7);
export const firstDayOf = (month: Month): Day => `${month}-01`;
export const lastDayOf = (month: Month): Day => asDay(endOfMonth(asDate(firstDayOf(month))));

/** A month as its first and last days: "2026-11" → ["2026-11-01", "2026-11-30"]. */
export const monthBounds = (month: Month): [Day, Day] => [firstDayOf(month), lastDayOf(month)];

/** A month asked for in a URL or a field ("2026-11"), or null when it is not one. */
export function parseMonth(input: string): Month | null {
  return /^\d{4}-\d{2}$/.test(input) && parseDay(firstDayOf(input)) ? input : null;
}

/**
 * Where time comes from. A request (or a job) carries one, so that "today" is the same
 * everywhere it looks, services can be run "as of" a day, and tests can pin one.
 */
export interface Clock {
  now(): Date;
  /** The calendar day in Paris, whatever the time zone of the machine. */
  today(): Day;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => toDay(new Date()),
};

/** A clock stopped at an instant, or at noon in Paris on a day ("2026-11-26"). */
export function fixedClock(at: Date | Day): Clock {
  const instant = typeof at === 'string' ? noonInParis(at) : new Date(at.getTime());
  return { now: () => new Date(instant.getTime()), today: () => toDay(instant) };
}

function noonInParis(day: Day): Date {
  if (parseDay(day) === null) throw new RangeError(`Not a calendar day: ${day}`);
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, date, 12, PARIS).getTime());
}
