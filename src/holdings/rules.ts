import { type Day, daysBetween, plusDays } from '../platform/calendar.ts';

/**
 * "Who holds which post on which day", as pure rules. An assignment holds its post from
 * `startsOn` to `endedOn` included (null: no end yet); a suspension does not free the post.
 * An enrollment holds its place in a training session on the same dated columns.
 * The SQL of ./service.ts says the same thing for the database; a test feeds both the same cases.
 */
export interface HoldingPeriod {
  startsOn: Day;
  /** Null or absent: no end yet (an entity's nullable column may read as either). */
  endedOn?: Day | null;
}

/** Whether the period holds its post on `day`. */
export function holdsOn(period: HoldingPeriod, day: Day): boolean {
  return period.startsOn <= day && (period.endedOn == null || day <= period.endedOn);
}

/** Whether the period holds its post on at least one day of [from, to] (`to` null: with no end). */
export function holdsDuring(period: HoldingPeriod, from: Day, to: Day | null): boolean {
  return (to === null || period.startsOn <= to) && (period.endedOn == null || from <= period.endedOn);
}

/** Whether the period holds its post on `day` or will from a later date (what archiving a post must respect). */
export function holdsOnOrAfter(period: HoldingPeriod, day: Day): boolean {
  return period.endedOn == null || day <= period.endedOn;
}

/** The last day, before `day`, on which one of the periods ended; null when none had ended by then. */
export function lastEndBefore(periods: readonly { endedOn?: Day | null }[], day: Day): Day | null {
  let last: Day | null = null;
  for (const { endedOn } of periods) if (endedOn != null && endedOn < day && (last === null || endedOn > last)) last = endedOn;
  return last;
}

/**
 * The first day of the vacancy a post is in on `day`: the day after its last holding ended,
 * or the post's creation when it never had one; null when someone holds it on `day`.
 */
export function vacantSince(periods: readonly HoldingPeriod[], createdOn: Day, day: Day): Day | null {
  if (periods.some((p) => holdsOn(p, day))) return null;
  const lastEnd = lastEndBefore(periods, day);
  return lastEnd === null ? createdOn : plusDays(lastEnd, 1);
}

/** Days of [from, to] on which the post existed and no one held it. */
export function vacantDays(periods: readonly HoldingPeriod[], createdOn: Day, from: Day, to: Day): number {
  const first = from < createdOn ? createdOn : from;
  if (first > to) return 0;
  const held = new Set<string>();
  for (const p of periods) {
    const start = p.startsOn > first ? p.startsOn : first;
    const end = p.endedOn == null || p.endedOn > to ? to : p.endedOn;
    for (let d = start; d <= end; d = plusDays(d, 1)) held.add(d);
  }
  return daysBetween(first, to) + 1 - held.size;
}
