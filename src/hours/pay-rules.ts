import { type HoldingPeriod, holdsOn } from '../holdings/rules.ts';
import { covers, type Day, monthOf } from '../platform/calendar.ts';
import { isLabourDay } from '../platform/holidays.ts';
import { LEGAL_MAJORATIONS, type MajorationPolicy, majorWeek } from './majorations.ts';
import type { RateFraction } from './rules.ts';

/**
 * The pay rules of a month, pure: which time is payable, the contract hours a week is majored
 * against, and the separate lines of the statement (code pénitentiaire D412-64, R412-54,
 * R412-56, R412-62).
 */

/**
 * Whether time on `day` is payable (DOMAIN.md, Pay; D412-64): inside its contract (start to
 * end, held on that day), outside every suspension of it, and not after the person left
 * (release or transfer). Whatever was typed before an end, a suspension or a release was
 * recorded, an entry outside is not paid: it is « heures hors contrat », to correct.
 */
export function isPayable(
  day: Day,
  periods: readonly HoldingPeriod[],
  suspensions: ReadonlyArray<{ startsOn: Day; endsOn?: Day | null }>,
  leftOn: Day | null = null,
): boolean {
  if (leftOn !== null && day > leftOn) return false;
  if (!periods.some((p) => holdsOn(p, day))) return false;
  return !suspensions.some((s) => covers(s.startsOn, s.endsOn ?? null, day));
}

/** The separate lines of a statement and of the accounting CSV, in their order, at the code's rates. */
export const PAY_LINES = [
  { key: 'normal', label: 'Heures au taux normal' },
  { key: 'overtime25', label: 'Heures supplémentaires à +25 %' },
  { key: 'overtime50', label: 'Heures supplémentaires à +50 %' },
  { key: 'complementary10', label: 'Heures complémentaires à +10 %' },
  { key: 'complementary25', label: 'Heures complémentaires à +25 %' },
  { key: 'labourDay', label: 'Indemnité du 1er mai' },
  { key: 'paidAbsence', label: 'Absences payées' },
  // Approved leave and the balance paid out on leaving, at the leave rate (leave/pay.ts).
  { key: 'paidLeave', label: 'Congés payés' },
  { key: 'leaveSettlement', label: 'Solde de congés payé à la sortie' },
  { key: 'training', label: 'Formation rémunérée' },
] as const;

/**
 * A line's key: the kinds above, or, for majored time, the kind and its percentage
 * (`overtime25`), so that an establishment whose rates differ from the code's gets lines
 * named for the rates it pays (`overtime60`), never a +25 % label on +60 % pay.
 */
export type PayLineKey = string;

export const payLineKey = (kind: 'normal' | 'overtime' | 'complementary', percent: number): PayLineKey => (kind === 'normal' ? 'normal' : `${kind}${percent}`);

export function payLineLabel(key: PayLineKey): string {
  const known = PAY_LINES.find((l) => l.key === key);
  if (known) return known.label;
  const m = /^(overtime|complementary)(\d+)$/.exec(key);
  if (!m) return key;
  return `${m[1] === 'overtime' ? 'Heures supplémentaires' : 'Heures complémentaires'} à +${m[2]} %`;
}

/** The lines to show: the code's ones always, others used this month after the majored ones, by percentage. */
export function payLinesOf(used: Iterable<PayLineKey>): Array<{ key: PayLineKey; label: string }> {
  const standard = PAY_LINES.map((l) => l.key as string);
  const extra = [...new Set(used)].filter((k) => !standard.includes(k)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const at = standard.indexOf('labourDay');
  return [...standard.slice(0, at), ...extra, ...standard.slice(at)].map((key) => ({ key, label: payLineLabel(key) }));
}

/** A stretch of paid time: minutes at a rate, majored by `percent` (100 = the rate itself). */
export interface PayStretch<T = unknown> {
  line: PayLineKey;
  /** The entry the stretch comes from (its workshop, its rate). */
  source?: T;
  day: Day;
  minutes: number;
  rate: RateFraction;
  percent: number;
}

/**
 * A person's paid stretches for one ISO week of work entries (validated, payable, net of
 * adjustments), majored with `majorWeek` against `contractMinutes`; each stretch is paid at
 * its entry's rate, at 100 + the majoration percent. Work on 1 May (R412-62) adds an indemnity
 * equal to the pay of that stretch, on its own line; other public holidays are paid normally.
 */
export function weekStretches<T extends { day: Day; minutes: number; rate: RateFraction }>(
  entries: readonly T[],
  contractMinutes: number,
  policy: MajorationPolicy = LEGAL_MAJORATIONS,
): PayStretch<T>[] {
  const keyed = entries.map((e, key) => ({ key, day: e.day, minutes: e.minutes }));
  const stretches: PayStretch<T>[] = [];
  for (const piece of majorWeek(keyed, contractMinutes, policy)) {
    const entry = entries[piece.key] as T;
    const line = payLineKey(piece.kind, piece.percent);
    const stretch = { line, source: entry, day: piece.day, minutes: piece.minutes, rate: entry.rate, percent: 100 + piece.percent };
    stretches.push(stretch);
    if (isLabourDay(piece.day)) stretches.push({ ...stretch, line: 'labourDay' });
  }
  return stretches;
}

/** A week across two months: each stretch belongs to the month of its own day. */
export const inMonth = <T>(stretches: readonly PayStretch<T>[], month: string): PayStretch<T>[] => stretches.filter((s) => monthOf(s.day) === month);
