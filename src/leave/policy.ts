/**
 * Leave policies, pure (issue 19). Detained workers have no statutory paid leave (Conseil
 * d'État, 30 November 2020; DOMAIN.md § Leave): leave is a right a programme opens, so every
 * figure here is a policy an establishment sets, with effective dates, and every balance says
 * which policy it comes from.
 *
 * Quantities of leave are in hundredths of a day (`centidays`: 250 is 2,5 days), so that sums
 * and roundings stay exact integers.
 */

/**
 * How leave is earned:
 * - `month`: `daysPerMonth` for each calendar month in which the person worked at least
 *   `monthMinDays` days (days with worked time, or absences whose reason counts as worked), or
 *   at least `monthMinMinutes` of time when that is set instead;
 * - `hours`: `daysPerBlock` for each `blockMinutes` of time worked (counted absences included
 *   at their contract hours), fractions carried within the reference period.
 */
export type AccrualBasis = 'month' | 'hours';

/** How a period's total is rounded: to the next half day, the next whole day, or not at all. */
export type LeaveRounding = 'half_day_up' | 'day_up' | 'none';

/** On release or transfer: the remaining balance is paid out (in that month's pay) or lost. */
export type LeaveSettlement = 'paid_out' | 'lost';

export interface LeavePolicyTerms {
  /** Shown wherever a balance is: « InSERRE Arras v2 ». */
  name: string;
  basis: AccrualBasis;
  /** `month`: centidays earned per month that counts (100 = 1 day; the labour code's 2,5 days = 250). */
  daysPerMonth: number;
  /** `month`: the days worked that make a month count (the labour code's 4 weeks: 24 working days of a 6-day week, 20 of the workshops' 5-day week). */
  monthMinDays: number | null;
  /** `month`: or the minutes worked that make it count; null when counted in days. */
  monthMinMinutes: number | null;
  /** `hours`: centidays earned per block. */
  daysPerBlock: number;
  /** `hours`: minutes of work per block. */
  blockMinutes: number;
  /** First day of the reference period, as "MM-DD" (default "06-01": 1 June → 31 May). */
  periodStart: string;
  rounding: LeaveRounding;
  /** Most centidays earned in one reference period; null: no cap. */
  yearlyCapDays: number | null;
  /** Most centidays carried into the next period; 0: nothing carried; null: all. */
  carryOverDays: number | null;
  /** Months after the new period starts at which carried-over days expire; null: never. */
  carryOverMonths: number | null;
  /** Leave taken is paid. */
  paid: boolean;
  /** Paid leave's hourly rate, in per-ten-thousand of the person's average hourly rate of the previous month (10000 = 100 %). */
  payRateBasisPoints: number;
  /** A request may take more than the balance. */
  allowAdvance: boolean;
  settlement: LeaveSettlement;
}

/** One version of an establishment's policy: in force from `effectiveFrom` until the next version. */
export interface LeavePolicyVersion extends LeavePolicyTerms {
  id: number;
  establishmentId: number;
  /** "YYYY-MM-DD". */
  effectiveFrom: string;
  version: number;
}

/**
 * The labour code's pattern (L3141-3 and following), offered when creating a policy: 2,5 days
 * per month of work, a month counting once 4 weeks are worked. The code's « 24 jours » are 4
 * weeks of 6 working days (jours ouvrables); the workshops work Monday to Friday, so 4 weeks are
 * 20 days worked here (a full month of 20 to 23 days earns its 2,5 days).
 */
export const LABOUR_CODE_PRESET: LeavePolicyTerms = {
  name: 'Modèle code du travail',
  basis: 'month',
  daysPerMonth: 250,
  monthMinDays: 20,
  monthMinMinutes: null,
  daysPerBlock: 0,
  blockMinutes: 0,
  periodStart: '06-01',
  rounding: 'day_up',
  yearlyCapDays: 3000,
  carryOverDays: null,
  carryOverMonths: 12,
  paid: true,
  payRateBasisPoints: 10000,
  allowAdvance: false,
  settlement: 'paid_out',
};

/** InSERRE: « opens rights to several days of annual leave »; demo figures: 1 day per month worked, 12 a year. */
export const INSERRE_PRESET: LeavePolicyTerms = {
  name: 'Modèle InSERRE',
  basis: 'month',
  daysPerMonth: 100,
  monthMinDays: 10,
  monthMinMinutes: null,
  daysPerBlock: 0,
  blockMinutes: 0,
  periodStart: '06-01',
  rounding: 'half_day_up',
  yearlyCapDays: 1200,
  carryOverDays: 500,
  carryOverMonths: 6,
  paid: true,
  payRateBasisPoints: 10000,
  allowAdvance: false,
  settlement: 'lost',
};

/** The version in force on `day` (the latest whose effective date is not after it), or null. */
export function policyOn<P extends { effectiveFrom: string }>(versions: readonly P[], day: string): P | null {
  let best: P | null = null;
  for (const v of versions) if (v.effectiveFrom <= day && (!best || v.effectiveFrom > best.effectiveFrom)) best = v;
  return best;
}
