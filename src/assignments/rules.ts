import { holdsDuring, holdsOn, holdsOnOrAfter } from '../holdings/rules.ts';
import { type Day, daysBetween, plusDays, plusMonths } from '../platform/calendar.ts';
import { formatMinutes } from '../platform/format.ts';
import { categoryFloorProblem, type IaeType, iaeCategoryProblem, type PayCategory, type PayFloorRow } from '../workshops/rules.ts';

export interface TrialPolicy {
  /** At most this many calendar days of trial per week of contract (code pénitentiaire R412-30). */
  daysPerContractWeek: number;
  /** Contracts up to this many months get the short cap… */
  shortContractMonths: number;
  shortCapDays: number;
  /** …longer or open-ended ones the long cap, in months. */
  longCapMonths: number;
}

/** Our default, after the fixed-term pattern of the labour code (DOMAIN.md). */
export const DEFAULT_TRIAL_POLICY: TrialPolicy = { daysPerContractWeek: 1, shortContractMonths: 6, shortCapDays: 14, longCapMonths: 1 };

/**
 * Last day of the trial period of a contract starting on `startsOn` and ending on
 * `endsOn` (null: no end date). Counted in calendar days (R412-28), the same for part-time
 * workers (R412-29): one day per full week of contract, within the caps.
 */
export function trialEndDate(startsOn: Day, endsOn: Day | null, policy: TrialPolicy = DEFAULT_TRIAL_POLICY): Day {
  const longCapEnd = plusDays(plusMonths(startsOn, policy.longCapMonths), -1);
  if (endsOn === null) return longCapEnd;
  const contractDays = daysBetween(startsOn, endsOn) + 1;
  const byWeeks = Math.floor(contractDays / 7) * policy.daysPerContractWeek;
  const short = endsOn <= plusDays(plusMonths(startsOn, policy.shortContractMonths), -1);
  const capEnd = short ? plusDays(startsOn, policy.shortCapDays - 1) : longCapEnd;
  // A contract shorter than a week has no trial: its "last trial day" is the eve of the start.
  const byWeeksEnd = plusDays(startsOn, byWeeks - 1);
  return byWeeksEnd < capEnd ? byWeeksEnd : capEnd;
}

/** Full time: 35 h a week of effective work (R412-50); the sum of a person's simultaneous posts stays within it. */
export const FULL_TIME_WEEKLY_MINUTES = 35 * 60;

export function weeklyLimitProblem(otherMinutes: number, newMinutes: number): string | null {
  const total = otherMinutes + newMinutes;
  if (total <= FULL_TIME_WEEKLY_MINUTES) return null;
  return `Avec cette affectation, la personne aurait ${formatMinutes(total)} par semaine sur l’ensemble de ses postes : le temps plein est de 35 h. Réduisez les heures ou terminez d’abord une autre affectation.`;
}

/**
 * The most minutes a week a person would work at once if `added` joined their other
 * contracts: the load only rises on a start day, so it is enough to look at those.
 */
export function peakWeeklyMinutes(
  others: ReadonlyArray<{ startsOn: Day; endedOn: Day | null; weeklyMinutes: number }>,
  added: { startsOn: Day; endedOn: Day | null; weeklyMinutes: number },
): number {
  const relevant = others.filter((a) => holdsDuring(a, added.startsOn, added.endedOn));
  const days = [added.startsOn, ...relevant.map((a) => a.startsOn).filter((d) => d > added.startsOn)];
  const loadOn = (day: Day) => relevant.filter((a) => holdsOn(a, day)).reduce((n, a) => n + a.weeklyMinutes, 0);
  return Math.max(...days.map(loadOn)) + added.weeklyMinutes;
}

export type AssignmentState = 'upcoming' | 'trial' | 'confirmed' | 'suspended' | 'ended';

export interface AssignmentFacts {
  startsOn: Day;
  trialEndsOn: Day;
  endedOn: Day | null;
  suspensions: ReadonlyArray<{ startsOn: Day; endsOn: Day | null }>;
}

/** The state of an assignment on `today`, derived from its dated facts (no job has to flip it). */
export function assignmentState(a: AssignmentFacts, today: Day): AssignmentState {
  if (!holdsOnOrAfter(a, today)) return 'ended';
  if (today < a.startsOn) return 'upcoming';
  if (a.suspensions.some((s) => s.startsOn <= today && (s.endsOn === null || today <= s.endsOn))) return 'suspended';
  return today <= a.trialEndsOn ? 'trial' : 'confirmed';
}

/**
 * The last day of a training enrolment as an activity: the day it was completed or dropped,
 * or, while it was never closed, its session's last day (the training stopped then, whether
 * or not anyone recorded it).
 */
export function enrollmentActivityEnd(e: { endedOn?: Day | null; sessionEndsOn: Day }): Day {
  return e.endedOn ?? e.sessionEndsOn;
}

/**
 * Days a present person has been without work or training on `today`: since the day after
 * their last activity ended, or since their arrival when they never had any.
 */
export function daysWithoutActivity(arrivalDate: Day, lastActivityEnd: Day | null, today: Day): number {
  const since = lastActivityEnd !== null && lastActivityEnd >= arrivalDate ? plusDays(lastActivityEnd, 1) : arrivalDate;
  return Math.max(0, daysBetween(since, today));
}

/**
 * What is wrong, by D412-64, with a post and the contract held on it: a post outside
 * production in an insertion workshop, or a contract whose category pays less than its
 * post's. Rows that predate the guards are not changed (that would rewrite pay already
 * made): this warning shows them for a coordinator to correct. Null when all is right.
 */
export function categoryWarning(
  post: { payCategory: PayCategory; workshop: { iaeType: IaeType } },
  contract: { payCategory: PayCategory; startsOn: Day } | null,
  floors: readonly PayFloorRow[],
): string | null {
  return (
    iaeCategoryProblem(post.workshop.iaeType, post.payCategory) ??
    (contract ? categoryFloorProblem(contract.payCategory, post.payCategory, contract.startsOn, floors) : null)
  );
}

/**
 * A change that shortens what is payable: an end (the last day), a suspension (its days), or
 * a release or transfer (the leaving day: nothing after it). Recorded over days that already
 * hold time, it makes that time « heures hors contrat »: not paid, listed for correction
 * (DOMAIN.md, Pay; D412-64).
 */
export type ContractChange = { kind: 'end'; on: Day } | { kind: 'suspension'; startsOn: Day; endsOn: Day | null } | { kind: 'leaving'; on: Day };

/** The entries holding time (minutes other than 0) that `change` leaves outside the contract. */
export function entriesOutside<T extends { day: Day; minutes: number }>(entries: readonly T[], change: ContractChange): T[] {
  const outside = (day: Day) => (change.kind === 'suspension' ? change.startsOn <= day && (change.endsOn === null || day <= change.endsOn) : day > change.on);
  return entries.filter((e) => e.minutes !== 0 && outside(e.day));
}
