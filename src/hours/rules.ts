/**
 * Rules of the weekly timesheets (pointage), pure: what a typed cell means, the limits of
 * working time (code pénitentiaire R412-50 to R412-62) and the pay arithmetic (D412-64).
 */

import { holdsOn } from '../holdings/rules.ts';
import { type Day, weekDays } from '../platform/calendar.ts';
import { formatGridMinutes, formatShortDay } from '../platform/format.ts';

export type Cell = { kind: 'empty' } | { kind: 'work'; minutes: number } | { kind: 'absence'; code: string };

export type CellReading = { ok: true; cell: Cell } | { ok: false; error: string };

/**
 * Reads what was typed in a cell. Durations: "3h30", "3h", "3:30", "3,5" or "3.5" (hours),
 * a whole number up to 24 is hours ("7"), above it minutes ("210"). Codes: those of
 * `absenceCodes`, the establishment's absence reasons offered that day (reference data,
 * `absences.ts`), typed in any case. An empty cell clears the day.
 */
export function readCell(input: string, absenceCodes: readonly string[] = []): CellReading {
  const s = input.trim().toUpperCase().replace(/\s+/g, '');
  if (s === '') return { ok: true, cell: { kind: 'empty' } };
  if (absenceCodes.includes(s)) return { ok: true, cell: { kind: 'absence', code: s } };
  const minutes = readDuration(s);
  const help = 'Écrivez une durée comme 3h30, 3:30, 3,5 ou 210 (minutes)';
  if (minutes === null) return { ok: false, error: absenceCodes.length ? `${help}, ou un code d’absence (${absenceCodes.join(', ')}).` : `${help}.` };
  if (minutes > 24 * 60) return { ok: false, error: 'Une journée ne compte que 24 heures.' };
  return { ok: true, cell: minutes === 0 ? { kind: 'empty' } : { kind: 'work', minutes } };
}

/** The forms a duration may take, each with how to read it; null when the numbers do not fit. */
const DURATION_FORMS: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => number | null]> = [
  [
    /^(\d{1,2})?H(\d{1,2})?$/,
    (m) => ((m[1] === undefined && m[2] === undefined) || Number(m[2] ?? 0) >= 60 ? null : Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)),
  ],
  [/^(\d{1,2}):(\d{2})$/, (m) => (Number(m[2]) >= 60 ? null : Number(m[1]) * 60 + Number(m[2]))],
  [/^(\d{1,2})[.,](\d{1,2})$/, (m) => Math.round(Number(`${m[1]}.${m[2]}`) * 60)],
  // A bare number: hours up to 24 ("7"), minutes beyond ("210").
  [/^(\d{1,4})$/, (m) => (Number(m[1]) <= 24 ? Number(m[1]) * 60 : Number(m[1]))],
];

/**
 * How a bare number above 24 was read: as minutes (« 35 min », « 210 min, soit 3h30 »), shown
 * beside the value. Two digits (25 to 99) look like a slip (3,5 h or 35 h meant), so a
 * correction asks to confirm them; null when the value was not read that way.
 */
export function minutesReading(input: string): { text: string; slip: boolean } | null {
  const s = input.trim();
  if (!/^\d{1,4}$/.test(s) || Number(s) <= 24 || Number(s) > 24 * 60) return null;
  const minutes = Number(s);
  return { text: minutes >= 60 ? `${minutes} min, soit ${formatGridMinutes(minutes)}` : `${minutes} min`, slip: minutes < 100 };
}

function readDuration(s: string): number | null {
  for (const [pattern, read] of DURATION_FORMS) {
    const m = pattern.exec(s);
    if (m) return read(m);
  }
  return null;
}

export interface WorkingTimeLimits {
  maxDailyMinutes: number;
  maxWeeklyMinutes: number;
  maxWorkedDays: number;
}

/** R412-51: at most 10 h a day and 48 h in any week; six days of work at most (weekly rest). */
export const DEFAULT_LIMITS: WorkingTimeLimits = { maxDailyMinutes: 10 * 60, maxWeeklyMinutes: 48 * 60, maxWorkedDays: 6 };

/**
 * What is wrong with a week of worked minutes (Monday first, seven days) for a contract of
 * `contractMinutes` a week; empty when nothing. Beyond the contract's hours needs a reason.
 */
export function weekProblems(
  days: readonly number[],
  contractMinutes: number,
  overtimeReason: string | null,
  limits: WorkingTimeLimits = DEFAULT_LIMITS,
): string[] {
  const problems: string[] = [];
  days.forEach((minutes, i) => {
    if (minutes > limits.maxDailyMinutes)
      problems.push(`${DAY_NAMES[i]} : ${formatGridMinutes(minutes)} dépasse la limite de ${formatGridMinutes(limits.maxDailyMinutes)} par jour.`);
  });
  const total = days.reduce((a, b) => a + b, 0);
  if (total > limits.maxWeeklyMinutes)
    problems.push(`La semaine compte ${formatGridMinutes(total)} : la limite est de ${formatGridMinutes(limits.maxWeeklyMinutes)}.`);
  const worked = days.filter((m) => m > 0).length;
  if (worked > limits.maxWorkedDays)
    problems.push(`${worked} jours travaillés : au plus ${limits.maxWorkedDays} par semaine, le repos hebdomadaire est obligatoire.`);
  const overtime = overtimeProblem(total, contractMinutes, overtimeReason);
  if (overtime) problems.push(overtime);
  return problems;
}

/** Beyond the contract's weekly hours, overtime needs a reason; null when none is needed or one is given. */
export function overtimeProblem(
  weekMinutes: number,
  contractMinutes: number,
  overtimeReason: string | null,
  policy: { fullTimeMinutes: number } = { fullTimeMinutes: 35 * 60 },
): string | null {
  if (weekMinutes <= contractMinutes || overtimeReason?.trim()) return null;
  // Beyond a part-time contract's hours they are complementary hours (R412-56), beyond full time overtime (R412-54).
  const [kind, article] = contractMinutes < policy.fullTimeMinutes ? ['complémentaires', 'R412-56'] : ['supplémentaires', 'R412-54'];
  return `La semaine compte ${formatGridMinutes(weekMinutes)} pour un contrat de ${formatGridMinutes(contractMinutes)} : indiquez le motif des heures ${kind} (code pénitentiaire, art. ${article}).`;
}

/**
 * The contract hours of a person's week, across their contracts (item 9): the peak, over the
 * week's days, of the weekly hours of the contracts held that same day. Two contracts that
 * follow each other in the week (20 h until Wednesday, 30 h from Thursday) give 30 h, not
 * 50 h; two held together (20 h + 15 h) give 35 h. No contract that week: 0.
 */
export function weekContractMinutes(contracts: ReadonlyArray<{ startsOn: Day; endedOn?: Day | null; weeklyMinutes: number }>, monday: Day): number {
  return Math.max(0, ...weekDays(monday).map((day) => contracts.filter((c) => holdsOn(c, day)).reduce((n, c) => n + c.weeklyMinutes, 0)));
}

/**
 * Work on a public holiday (R412-62) or a Sunday (R412-61) needs its reason: null when the
 * day is neither, no time is worked, or a reason is given.
 */
export function dayReasonProblem(day: Day, minutes: number, reason: string | null, holiday: string | null, sunday: boolean): string | null {
  if (minutes <= 0 || reason?.trim()) return null;
  if (holiday) {
    return `Le ${formatShortDay(day)} est férié (${holiday}) : indiquez le motif du travail ce jour-là (code pénitentiaire, art. R412-62).`;
  }
  if (sunday) {
    return `Le dimanche ${formatShortDay(day)} est le jour du repos hebdomadaire : seuls des travaux urgents le suspendent, indiquez-les en motif ; un repos compensateur de même durée est dû (code pénitentiaire, art. R412-61).`;
  }
  return null;
}

/** A week is validated once it has begun (its Monday on or before today): never in advance. */
export function futureWeekProblem(monday: Day, today: Day): string | null {
  if (monday <= today) return null;
  return `La semaine du ${formatShortDay(monday)} n’a pas commencé : elle se valide une fois travaillée.`;
}

export const DAY_NAMES = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'] as const;

/** The hourly rate of an entry, as an exact fraction of cents: SMIC × floor (or the post's own rate when higher). */
export interface RateFraction {
  /** SMIC hourly gross in cents, e.g. 1202. */
  smicCents: number;
  /** Share of the SMIC in basis points, e.g. 4500 for 45 %. */
  basisPoints: number;
}

/**
 * Gross pay of a person for a month, in cents: Σ minutes × hourly rate × (100 + majoration) %
 * ÷ 60 computed exactly per entry, then rounded half-up to the cent once for the person and
 * month (DOMAIN.md). Exact integer arithmetic (BigInt): each stretch contributes minutes ×
 * SMIC cents × basis points × percent over 60 × 10 000 × 100, so no rounding happens before
 * the last step. `percent` is 100 for normal time, 125 or 150 for overtime, 110 or 125 for
 * complementary hours; the 1 May indemnity is a stretch of its own at 100.
 */
export function monthlyGrossCents(entries: ReadonlyArray<{ minutes: number; rate: RateFraction; percent?: number }>): number {
  const DENOMINATOR = 60n * 10_000n * 100n;
  const numerator = entries.reduce((sum, e) => sum + BigInt(e.minutes) * BigInt(e.rate.smicCents) * BigInt(e.rate.basisPoints) * BigInt(e.percent ?? 100), 0n);
  return Number((2n * numerator + DENOMINATOR) / (2n * DENOMINATOR));
}

/** The SMIC in force on `day`: the latest value whose effective date is not after it. */
export function smicOn(day: string, values: ReadonlyArray<{ effectiveFrom: string; cents: number }>): number | null {
  let best: { effectiveFrom: string; cents: number } | null = null;
  for (const v of values) if (v.effectiveFrom <= day && (!best || v.effectiveFrom > best.effectiveFrom)) best = v;
  return best?.cents ?? null;
}
