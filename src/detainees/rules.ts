import { type Day, plusDays } from '../platform/calendar.ts';

/** Whether an expected release falls between today and `days` days from now. */
export function releaseWithinDays(expectedReleaseDate: Day | null, today: Day, days: number): boolean {
  return expectedReleaseDate !== null && expectedReleaseDate >= today && expectedReleaseDate <= plusDays(today, days);
}
