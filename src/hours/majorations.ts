import type { Day } from '../platform/calendar.ts';
import { formatGridMinutes } from '../platform/format.ts';

/**
 * Majorations of working time, pure (code pénitentiaire R412-54 and R412-56). Counted per
 * person and per week (Monday to Sunday, R412-52), across all the person's contracts.
 */
export interface MajorationPolicy {
  /** Full time: 35 h of effective work a week (R412-50). */
  fullTimeMinutes: number;
  /** Overtime (R412-54): the first 8 hours beyond full time… */
  overtimeFirstTierMinutes: number;
  overtimeFirstTierPercent: number;
  /** …and the hours beyond them. */
  overtimeBeyondPercent: number;
  /** At most 220 overtime hours a person a year. */
  yearlyOvertimeCapMinutes: number;
  /** Complementary hours of a part-timer (R412-56): up to a tenth of the contract's hours… */
  complementaryFirstTierPercent: number;
  /** …and from a tenth to half of them; never more than half, never up to full time. */
  complementarySecondTierPercent: number;
}

/** The code pénitentiaire's figures; an establishment may set others with effective dates. */
export const LEGAL_MAJORATIONS: MajorationPolicy = {
  fullTimeMinutes: 35 * 60,
  overtimeFirstTierMinutes: 8 * 60,
  overtimeFirstTierPercent: 25,
  overtimeBeyondPercent: 50,
  yearlyOvertimeCapMinutes: 220 * 60,
  complementaryFirstTierPercent: 10,
  complementarySecondTierPercent: 25,
};

export type TimeKind = 'normal' | 'overtime' | 'complementary';

/** A stretch of one entry's minutes with the majoration they earn. */
export interface MajoredPiece<K> {
  key: K;
  day: Day;
  minutes: number;
  kind: TimeKind;
  /** Majoration in percent of the hourly rate: 0, 10, 25 or 50. */
  percent: number;
}

interface Tier {
  /** Minutes of the week from which this tier applies. */
  from: number;
  kind: TimeKind;
  percent: number;
}

/** The part-timer's tenth and half of the contract, in whole minutes (rounded down: never more than the law). */
export const tenthOf = (contractMinutes: number) => Math.floor(contractMinutes / 10);
export const halfOf = (contractMinutes: number) => Math.floor(contractMinutes / 2);

/** Whether a week of `contractMinutes` is part time: complementary hours then, overtime otherwise. */
export const isPartTime = (contractMinutes: number, policy: MajorationPolicy = LEGAL_MAJORATIONS) => contractMinutes < policy.fullTimeMinutes;

function tiersFor(contractMinutes: number, policy: MajorationPolicy): Tier[] {
  if (!isPartTime(contractMinutes, policy)) {
    return [
      { from: 0, kind: 'normal', percent: 0 },
      { from: policy.fullTimeMinutes, kind: 'overtime', percent: policy.overtimeFirstTierPercent },
      { from: policy.fullTimeMinutes + policy.overtimeFirstTierMinutes, kind: 'overtime', percent: policy.overtimeBeyondPercent },
    ];
  }
  return [
    { from: 0, kind: 'normal', percent: 0 },
    { from: contractMinutes, kind: 'complementary', percent: policy.complementaryFirstTierPercent },
    { from: contractMinutes + tenthOf(contractMinutes), kind: 'complementary', percent: policy.complementarySecondTierPercent },
  ];
}

/**
 * Splits a person's worked minutes of one week into normal, overtime and complementary
 * stretches. The hours beyond a threshold are the week's last ones: entries are taken in
 * the order given (by day, then as the caller orders them), and the stretch that crosses a
 * threshold is cut there. Each stretch keeps its entry's key, so it is paid at that entry's rate.
 */
export function majorWeek<K>(
  entries: ReadonlyArray<{ key: K; day: Day; minutes: number }>,
  contractMinutes: number,
  policy: MajorationPolicy = LEGAL_MAJORATIONS,
): MajoredPiece<K>[] {
  const tiers = tiersFor(contractMinutes, policy);
  const pieces: MajoredPiece<K>[] = [];
  let done = 0;
  for (const entry of [...entries].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))) {
    let left = entry.minutes;
    while (left > 0) {
      const index = tiers.findLastIndex((t) => t.from <= done);
      const tier = tiers[index] as Tier;
      const next = tiers[index + 1];
      const take = next ? Math.min(left, next.from - done) : left;
      const last = pieces.at(-1);
      if (last && last.key === entry.key && last.percent === tier.percent && last.kind === tier.kind) last.minutes += take;
      else pieces.push({ key: entry.key, day: entry.day, minutes: take, kind: tier.kind, percent: tier.percent });
      done += take;
      left -= take;
    }
  }
  return pieces;
}

/** Minutes of overtime and of complementary time in a week's stretches. */
export function majoredMinutes(pieces: ReadonlyArray<MajoredPiece<unknown>>): { overtime: number; complementary: number } {
  let overtime = 0;
  let complementary = 0;
  for (const p of pieces) {
    if (p.kind === 'overtime') overtime += p.minutes;
    if (p.kind === 'complementary') complementary += p.minutes;
  }
  return { overtime, complementary };
}

/**
 * What the law refuses in a week of `totalMinutes` worked for `contractMinutes` of contract,
 * with `overtimeBeforeMinutes` of overtime already worked in the calendar year; null when nothing.
 */
export function majorationCapProblem(
  totalMinutes: number,
  contractMinutes: number,
  overtimeBeforeMinutes: number,
  policy: MajorationPolicy = LEGAL_MAJORATIONS,
): string | null {
  if (isPartTime(contractMinutes, policy)) {
    if (totalMinutes <= contractMinutes) return null;
    if (totalMinutes >= policy.fullTimeMinutes) {
      return `La semaine compterait ${formatGridMinutes(totalMinutes)} pour un contrat à temps partiel de ${formatGridMinutes(contractMinutes)} : les heures complémentaires ne peuvent pas porter la semaine à ${formatGridMinutes(policy.fullTimeMinutes)} (code pénitentiaire, art. R412-56).`;
    }
    if (totalMinutes - contractMinutes > halfOf(contractMinutes)) {
      return `La semaine compterait ${formatGridMinutes(totalMinutes - contractMinutes)} d’heures complémentaires : au plus la moitié du contrat, soit ${formatGridMinutes(halfOf(contractMinutes))} (code pénitentiaire, art. R412-56).`;
    }
    return null;
  }
  const overtime = Math.max(0, totalMinutes - policy.fullTimeMinutes);
  if (overtime > 0 && overtimeBeforeMinutes + overtime > policy.yearlyOvertimeCapMinutes) {
    return `Cette semaine porterait les heures supplémentaires de l’année à ${formatGridMinutes(overtimeBeforeMinutes + overtime)} : au plus ${formatGridMinutes(policy.yearlyOvertimeCapMinutes)} par an (code pénitentiaire, art. R412-54).`;
  }
  return null;
}
