import { createRequire } from 'node:module';
import type { Day } from './calendar.ts';

/**
 * French public holidays (Code du travail L3133-1; Alsace-Moselle adds Good Friday and
 * 26 December), from @socialgouv/jours-feries, the social ministries' own library: never a
 * hand-kept list of dates. R412-62: they are days off, unpaid; work on one is paid as
 * normal hours, except 1 May, which adds an indemnity equal to the pay.
 */
const joursFeries = createRequire(import.meta.url)('@socialgouv/jours-feries') as (year: number, options?: { alsace?: boolean }) => Record<string, Date>;

export interface HolidayOptions {
  /** Alsace-Moselle's local law: Good Friday and Saint Stephen's day too. */
  alsaceMoselle?: boolean;
}

const cache = new Map<string, ReadonlyMap<Day, string>>();

/** The year's public holidays, day → French name. */
export function publicHolidays(year: number, options: HolidayOptions = {}): ReadonlyMap<Day, string> {
  const key = `${year}:${options.alsaceMoselle ? 'am' : 'fr'}`;
  let found = cache.get(key);
  if (!found) {
    // The library builds each date at local midnight of the process: read it back with the local getters.
    const pad = (n: number) => String(n).padStart(2, '0');
    const entries = Object.entries(joursFeries(year, { alsace: options.alsaceMoselle ?? false })).map(
      ([name, date]) => [`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`, name] as const,
    );
    found = new Map(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
    cache.set(key, found);
  }
  return found;
}

/** The holiday's name when `day` is one, else null. */
export function holidayOn(day: Day, options: HolidayOptions = {}): string | null {
  return publicHolidays(Number(day.slice(0, 4)), options).get(day) ?? null;
}

/** 1 May: the one holiday whose work earns, on top of the pay, an indemnity equal to it (R412-62). */
export const isLabourDay = (day: Day): boolean => day.slice(5) === '05-01';

/** Sunday, the day of the weekly rest (R412-61). */
export function isSunday(day: Day): boolean {
  return new Date(`${day}T12:00:00Z`).getUTCDay() === 0;
}
