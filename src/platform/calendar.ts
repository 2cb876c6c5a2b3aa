import { TZDate } from '@date-fns/tz';
import { formatISO } from 'date-fns';

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

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days of a month (1 to 12) of a year. */
function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * A calendar day as its year, month (1 to 12) and day of the month, or null when the string
 * is not one ("2026-02-30", "2026-1-5"). Plain arithmetic: no time zone to consult (the leave
 * ledger and the pay statement call these for every day of every person).
 */
function partsOf(day: Day): [number, number, number] | null {
  const match = DAY_PATTERN.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && date >= 1 && date <= daysInMonth(year, month) ? [year, month, date] : null;
}

/** `partsOf`, throwing on anything that is not a calendar day, as date-fns's formatting does. */
function partsOrThrow(day: Day): [number, number, number] {
  const parts = partsOf(day);
  if (!parts) throw new RangeError(`Not a calendar day: ${day}`);
  return parts;
}

/** Milliseconds since the epoch at 00:00 UTC of a calendar day. */
function utcTimeOf(day: Day): number {
  const parts = partsOrThrow(day);
  const at = new Date(Date.UTC(2000, parts[1] - 1, parts[2]));
  at.setUTCFullYear(parts[0]);
  return at.getTime();
}

function dayOfUtcTime(time: number): Day {
  const at = new Date(time);
  return `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1, 2)}-${pad(at.getUTCDate(), 2)}`;
}

/** The calendar day in Paris of an instant: 2026-11-30T23:30Z is 1 December there. */
export const toDay = (at: Date): Day => formatISO(new TZDate(at, PARIS), { representation: 'date' });

export const plusDays = (day: Day, n: number): Day => dayOfUtcTime(utcTimeOf(day) + n * DAY_MS);

/** `n` months later, on the same day of the month or the month's last day (31 January + 1 → 28 February). */
export function plusMonths(day: Day, n: number): Day {
  const parts = partsOrThrow(day);
  const index = parts[0] * 12 + (parts[1] - 1) + n;
  const [year, month] = [Math.floor(index / 12), (index % 12) + 1];
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(Math.min(parts[2], daysInMonth(year, month)), 2)}`;
}

/** Calendar days from `from` to `to`: 1 from one day to the next, negative backwards. */
export const daysBetween = (from: Day, to: Day): number => Math.round((utcTimeOf(to) - utcTimeOf(from)) / DAY_MS);

/** Whether [from, to] (to null: open) covers `day`. */
export function covers(from: Day, to: Day | null, day: Day): boolean {
  return from <= day && (to === null || day <= to);
}

/** A calendar day typed in a date field ("2026-09-01"), or null when it is not one. */
export function parseDay(input: string): Day | null {
  const parts = partsOf(input);
  return parts && parts[0] >= 1900 && parts[0] <= 2100 ? input : null;
}

/**
 * The Monday of the week holding `day` (weeks run Monday 00:00 to Sunday 24:00, R412-52).
 * Plain arithmetic on the calendar day in UTC (no time zone to consult: the pay statement calls
 * it for every entry of a month); a string that is not a calendar day throws, as date-fns does.
 */
export function mondayOf(day: Day): Day {
  const time = utcTimeOf(day);
  return dayOfUtcTime(time - ((new Date(time).getUTCDay() + 6) % 7) * DAY_MS);
}

/** The seven days of the week starting on `monday`. */
export function weekDays(monday: Day): Day[] {
  return Array.from({ length: 7 }, (_, i) => plusDays(monday, i));
}

export const monthOf = (day: Day): Month => day.slice(0, 7);
export const firstDayOf = (month: Month): Day => `${month}-01`;
export function lastDayOf(month: Month): Day {
  const [year, number] = partsOrThrow(firstDayOf(month));
  return `${month}-${pad(daysInMonth(year, number), 2)}`;
}

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
