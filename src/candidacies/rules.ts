import { type Day, plusMonths } from '../platform/calendar.ts';

export interface WaitingEntry {
  id: number;
  cpuOn: Day;
  submittedOn: Day;
  expectedReleaseDate: Day | null;
  pinnedRank: number | null;
}

/** A release within this many months gives priority on the waiting lists. */
export const PRIORITY_RELEASE_MONTHS = 6;

export function hasReleasePriority(expectedReleaseDate: Day | null, today: Day): boolean {
  if (expectedReleaseDate === null) return false;
  return expectedReleaseDate >= today && expectedReleaseDate <= plusMonths(today, PRIORITY_RELEASE_MONTHS);
}

/**
 * The order of a waiting list (documented in the README):
 * 1. people whose release is expected within six months come first;
 * 2. then by date of the CPU's favourable opinion, oldest first;
 * 3. then by date of the request, then by record number (a stable tie-break);
 * 4. finally, an entry a coordinator moved by hand takes the rank they chose
 *    (ranks beyond the end put it last), the others keep their relative order.
 */
export function orderWaitingList<T extends WaitingEntry>(entries: readonly T[], today: Day): T[] {
  const natural = [...entries].sort((a, b) => {
    const pa = hasReleasePriority(a.expectedReleaseDate, today) ? 0 : 1;
    const pb = hasReleasePriority(b.expectedReleaseDate, today) ? 0 : 1;
    return pa - pb || a.cpuOn.localeCompare(b.cpuOn) || a.submittedOn.localeCompare(b.submittedOn) || a.id - b.id;
  });
  const pinned = natural.filter((e) => e.pinnedRank !== null).sort((a, b) => (a.pinnedRank as number) - (b.pinnedRank as number));
  const result = natural.filter((e) => e.pinnedRank === null);
  for (const entry of pinned) {
    result.splice(Math.min((entry.pinnedRank as number) - 1, result.length), 0, entry);
  }
  return result;
}

/** What a candidacy asks for, as `answersAssignment()` reads it. */
export interface WaitingRequest {
  status: string;
  submittedOn: Day;
  /** The workshop asked for, or the workshop of the post asked for; null for a training session. */
  workshopId: number | null;
}

/**
 * Whether an assignment to a post of `workshopId` from `startsOn` answers this request, which then leaves the
 * waiting list (closed as assigned, in the assignment's transaction): a request on the waiting
 * list (favourable CPU opinion) for that post, that workshop or another post of it (the
 * workshop's waiting list holds all three), made on or before the contract's start. A request
 * made after the start (a person already in the workshop asking for another post) stays.
 */
export function answersAssignment(request: WaitingRequest, workshopId: number, startsOn: Day): boolean {
  return request.status === 'approved' && request.workshopId === workshopId && request.submittedOn <= startsOn;
}
