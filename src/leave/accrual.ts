/**
 * The leave ledger's accruals, pure (issue 19, items 2 and 3): derived from validated time,
 * never typed. Every movement says its day, its amount in centidays, its kind and, in French,
 * its source and its policy, so that a balance can be recomputed by hand.
 *
 * Choices (README, Rules):
 * - a month is accrued on its last day (or on the span's last day, when the person's last
 *   contract ends or they leave that month), under the policy in force on that day (a month
 *   that straddles a policy change follows the newer one); days outside the span never count;
 * - a day counts when it holds validated worked time, or an absence whose reason counts for
 *   leave; a day under a disciplinary suspension never counts;
 * - `hours`: minutes are summed month by month, whole blocks earned at the month's end, the
 *   remaining minutes carried to the next month within the reference period;
 * - the yearly cap is applied as the accruals come (the excess shown as a `cap` movement);
 * - a reference period is closed on its last day, under the policy in force that day: its
 *   total earned is rounded (never above the cap), then, on the next period's first day, the
 *   balance is carried over up to `carryOverDays` (the rest lost, shown), and the carried days
 *   expire `carryOverMonths` after that first day (days still unexpired at the next carry-over
 *   are carried again with the new ones, under the same limit).
 *   Leave taken (approved requests) is a movement on its first day; it uses carried days first,
 *   so that only the carried days left unused expire. A balance taken in advance (negative) is
 *   carried whole, and never expires.
 * - manual adjustments are movements on their day, signed, with their reason; a negative one
 *   uses carried days first, like leave taken; they are neither capped nor rounded;
 * - on the leaving day (release or transfer) the open period is rounded, then the balance is
 *   settled under the policy in force that day: paid out in that month's pay, or lost; leave
 *   taken in advance is written off, never withheld from pay. Nothing is counted after it.
 */
import { type Day, lastDayOf, type Month, monthOf, plusDays, plusMonths } from '../platform/calendar.ts';
import { formatShortDay } from '../platform/format.ts';
import { type LeavePolicyVersion, policyOn } from './policy.ts';

/** One day of the person's validated time. */
export interface LeaveDay {
  day: Day;
  /** Validated worked minutes (adjustments included). */
  workedMinutes: number;
  /** The day's absence once corrected, or null. */
  absence: { code: string; countsForLeave: boolean /** The contract's minutes for the day (hours basis). */; minutes: number } | null;
  /** Under a disciplinary suspension: never counts. */
  disciplinary: boolean;
}

export type MovementKind = 'accrual' | 'rounding' | 'cap' | 'carry_over' | 'expiry' | 'taken' | 'adjustment' | 'settlement';

export interface LeaveMovement {
  day: Day;
  centidays: number;
  kind: MovementKind;
  /** « +1 j : novembre 2026, 19 jours travaillés ≥ 10 — politique InSERRE Arras v2 ». */
  explanation: string;
  /** An adjustment's row, so that it can be removed from the list. */
  adjustmentId?: number;
}

export interface AccrualInput {
  policies: readonly LeavePolicyVersion[];
  days: readonly LeaveDay[];
  /** The person's presence or assignments: from `from` to `to` (null: still there). */
  span: { from: Day; to: Day | null };
  asOf: Day;
  /** Leave taken: approved requests, on their first day, `centidays` positive, explained (« congé du … au …, approuvé par … »). */
  taken?: readonly { day: Day; centidays: number; explanation: string }[];
  /** Manual adjustments, signed, on their day, explained (« ajustement : motif, par … »). */
  adjustments?: readonly { day: Day; centidays: number; explanation: string; id?: number }[];
  /** The person left the establishment on `day` (the span's end): the balance is settled that day under the policy then in force. */
  left?: { day: Day; kind: 'released' | 'transferred' } | null;
}

const monthName = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const amountFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** 250 → « 2,5 j ». */
export function formatCentidays(centidays: number): string {
  return `${amountFormat.format(centidays / 100)} j`;
}

/** 250 → « +2,5 j », −200 → « −2 j ». */
export function signedCentidays(centidays: number): string {
  return `${centidays < 0 ? '−' : '+'}${formatCentidays(Math.abs(centidays))}`;
}

/** « InSERRE Arras v2 »; a name that already says its version (« … v2 ») is kept as it is. */
export const policyTitle = (p: LeavePolicyVersion) => (/\bv\d+$/.test(p.name) ? p.name : `${p.name} v${p.version}`);
const policyLabel = (p: LeavePolicyVersion) => `politique ${policyTitle(p)}`;
const monthLabel = (m: Month) => monthName.format(new Date(`${m}-01T00:00:00Z`));
const hoursLabel = (minutes: number) => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
};

/** The first day of the reference period holding `day`, for a period starting on "MM-DD". */
export function periodStartOf(day: Day, periodStart: string): Day {
  const candidate = `${day.slice(0, 4)}-${periodStart}`;
  return candidate <= day ? candidate : `${Number(day.slice(0, 4)) - 1}-${periodStart}`;
}

/** « 2026-2027 » for the period starting 1 June 2026. */
const periodLabel = (start: Day) => (start.slice(5) === '01-01' ? start.slice(0, 4) : `${start.slice(0, 4)}-${Number(start.slice(0, 4)) + 1}`);

function rounded(total: number, rounding: LeavePolicyVersion['rounding']): number {
  if (rounding === 'half_day_up') return Math.ceil(total / 50) * 50;
  if (rounding === 'day_up') return Math.ceil(total / 100) * 100;
  return total;
}

const inSpan = (span: AccrualInput['span'], day: Day) => day >= span.from && (span.to === null || day <= span.to);

/** The movements up to `asOf`, in order of day. */
export function leaveMovements(input: AccrualInput): LeaveMovement[] {
  const { policies, span, asOf } = input;
  const byMonth = new Map<Month, LeaveDay[]>();
  for (const d of input.days) {
    if (!inSpan(span, d.day) || d.day > asOf) continue;
    const list = byMonth.get(monthOf(d.day)) ?? [];
    list.push(d);
    byMonth.set(monthOf(d.day), list);
  }
  const out: LeaveMovement[] = [];
  const push = (m: LeaveMovement) => out.push(m);
  let period: { start: Day; end: Day; earned: number; policy: LeavePolicyVersion } | null = null;
  let carriedMinutes = 0;
  let carried: { amount: number; expiresOn: Day | null } = { amount: 0, expiresOn: null };
  let balance = 0;

  const expire = (before: Day) => {
    if (carried.expiresOn === null || carried.expiresOn > before || carried.amount === 0) return;
    push({
      day: carried.expiresOn,
      centidays: -carried.amount,
      kind: 'expiry',
      explanation: `${signedCentidays(-carried.amount)} : report expiré le ${formatShortDay(plusDays(carried.expiresOn, -1))} au soir`,
    });
    balance -= carried.amount;
    carried = { amount: 0, expiresOn: null };
  };

  const left = input.left ?? null;
  // Leave taken and adjustments after the person left are not theirs to count (they are closed at the leaving).
  const counted = (day: Day) => day <= asOf && (left === null || day <= left.day);
  const events = [
    ...(input.taken ?? [])
      .filter((t) => counted(t.day))
      .map((t) => ({ day: t.day, centidays: -t.centidays, kind: 'taken' as const, explanation: t.explanation })),
    ...(input.adjustments ?? []).filter((a) => counted(a.day)).map((a) => ({ ...a, kind: 'adjustment' as const })),
  ].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  let eventIndex = 0;
  /** Applies leave taken and adjustments up to `until` (included) and, when `beforeExpiry`, before the carried days expire. */
  const take = (until: Day, beforeExpiry: boolean) => {
    for (; eventIndex < events.length; eventIndex++) {
      const t = events[eventIndex] as (typeof events)[number];
      if (t.day > until || (beforeExpiry && carried.expiresOn !== null && t.day >= carried.expiresOn)) return;
      const adjustmentId = 'id' in t ? t.id : undefined;
      push({
        day: t.day,
        centidays: t.centidays,
        kind: t.kind,
        explanation: `${signedCentidays(t.centidays)} : ${t.explanation}`,
        ...(adjustmentId ? { adjustmentId } : {}),
      });
      balance += t.centidays;
      // Days taken (or removed) use the carried days first, so that only the carried days left unused expire.
      if (t.centidays < 0) carried = { ...carried, amount: Math.max(0, carried.amount + t.centidays) };
    }
  };

  /** Rounds the open period's total on `day` (its last day, or the leaving day), never above the cap. */
  const roundPeriod = (open: NonNullable<typeof period>, day: Day, p: LeavePolicyVersion, atLeaving: boolean) => {
    const cap = p.yearlyCapDays;
    const target = cap === null ? rounded(open.earned, p.rounding) : Math.min(rounded(open.earned, p.rounding), cap);
    if (target === open.earned) return;
    push({
      day,
      centidays: target - open.earned,
      kind: 'rounding',
      explanation: `${signedCentidays(target - open.earned)} : arrondi de la période ${periodLabel(open.start)}${atLeaving ? ' à la sortie' : ''} (${formatCentidays(open.earned)} acquis, arrondi ${p.rounding === 'day_up' ? 'au jour supérieur' : 'à la demi-journée supérieure'}) — ${policyLabel(p)}`,
    });
    balance += target - open.earned;
    open.earned = target;
  };

  const closePeriod = () => {
    if (!period) return;
    const p = policyOn(policies, period.end) ?? period.policy;
    roundPeriod(period, period.end, p, false);
    const next = plusDays(period.end, 1);
    expire(next);
    const kept = p.carryOverDays === null || balance < 0 ? balance : Math.min(balance, p.carryOverDays);
    const expiresOn = p.carryOverMonths === null || kept <= 0 ? null : plusMonths(next, p.carryOverMonths);
    const limit = p.carryOverDays === null ? 'sans plafond' : `au plus ${formatCentidays(p.carryOverDays)}`;
    const until = expiresOn ? `, utilisable jusqu’au ${formatShortDay(plusDays(expiresOn, -1))}` : '';
    // Nothing held, nothing carried (or leave taken in advance, carried whole): no movement to explain.
    if ((balance === 0 && kept === 0) || balance < 0) {
      carried = { amount: 0, expiresOn: null };
      period = null;
      carriedMinutes = 0;
      return;
    }
    push({
      day: next,
      centidays: kept - balance,
      kind: 'carry_over',
      explanation: `${signedCentidays(kept - balance)} : report de ${formatCentidays(kept)} sur la période suivante (${limit}${until}) — ${policyLabel(p)}`,
    });
    balance = kept;
    carried = { amount: kept, expiresOn };
    period = null;
    carriedMinutes = 0;
  };

  /** Credits `month` on its last day (or the span's end, when earlier) under the policy in force that day. */
  const creditMonth = (month: Month) => {
    const last = lastDayOf(month);
    const creditDay = span.to !== null && span.to < last ? span.to : last;
    const policy = policyOn(policies, creditDay);
    if (period && (creditDay > period.end || !policy)) closePeriod();
    take(creditDay, true);
    expire(creditDay);
    take(creditDay, false);
    if (!policy) return;
    if (span.to !== null && `${month}-01` > span.to) return;
    if (!period) {
      const start = periodStartOf(creditDay, policy.periodStart);
      period = { start, end: plusDays(plusMonths(start, 12), -1), earned: 0, policy };
    }
    period.policy = policy;
    const days = (byMonth.get(month) ?? []).filter((d) => !d.disciplinary);
    let amount = 0;
    let source: string;
    if (policy.basis === 'month') {
      const counted = days.filter((d) => d.workedMinutes > 0 || d.absence?.countsForLeave);
      const minutes = counted.reduce((n, d) => n + d.workedMinutes + (d.absence?.countsForLeave ? d.absence.minutes : 0), 0);
      if (policy.monthMinMinutes !== null) {
        const ok = minutes >= policy.monthMinMinutes;
        amount = ok ? policy.daysPerMonth : 0;
        source = `${hoursLabel(minutes)} travaillées ${ok ? '≥' : '<'} ${hoursLabel(policy.monthMinMinutes)}`;
      } else {
        const min = policy.monthMinDays ?? 0;
        const ok = counted.length >= min && counted.length > 0;
        amount = ok ? policy.daysPerMonth : 0;
        source = `${counted.length} jour${counted.length > 1 ? 's' : ''} travaillé${counted.length > 1 ? 's' : ''} ${ok ? '≥' : '<'} ${min}`;
      }
      if (counted.length === 0) return;
    } else {
      const minutes = days.reduce((n, d) => n + d.workedMinutes + (d.absence?.countsForLeave ? d.absence.minutes : 0), 0);
      if (minutes === 0 && carriedMinutes === 0) return;
      const total = carriedMinutes + minutes;
      const blocks = policy.blockMinutes > 0 ? Math.floor(total / policy.blockMinutes) : 0;
      amount = blocks * policy.daysPerBlock;
      const previous = carriedMinutes;
      carriedMinutes = total - blocks * policy.blockMinutes;
      source = `${hoursLabel(minutes)} travaillées${previous ? ` + ${hoursLabel(previous)} reportées` : ''}, ${blocks} bloc${blocks > 1 ? 's' : ''} de ${hoursLabel(policy.blockMinutes)}, ${hoursLabel(carriedMinutes)} reportées`;
    }
    push({
      day: creditDay,
      centidays: amount,
      kind: 'accrual',
      explanation: `${signedCentidays(amount)} : ${monthLabel(month)}${creditDay < last ? ` jusqu’au ${formatShortDay(creditDay)}` : ''}, ${source} — ${policyLabel(policy)}`,
    });
    balance += amount;
    period.earned += amount;
    if (policy.yearlyCapDays !== null && period.earned > policy.yearlyCapDays) {
      const excess = period.earned - policy.yearlyCapDays;
      push({
        day: creditDay,
        centidays: -excess,
        kind: 'cap',
        explanation: `${signedCentidays(-excess)} : plafond annuel de ${formatCentidays(policy.yearlyCapDays)} atteint sur la période ${periodLabel(period.start)}, excédent non acquis — ${policyLabel(policy)}`,
      });
      balance -= excess;
      period.earned -= excess;
    }
  };

  /**
   * The leaving day (release or transfer): the open period is rounded, then the balance is
   * settled as the policy in force that day says: paid out in that month's pay, or lost. A
   * balance taken in advance (negative) is written off, never withheld from pay.
   */
  const settle = (on: NonNullable<typeof left>) => {
    take(on.day, true);
    expire(on.day);
    take(on.day, false);
    const p = policyOn(policies, on.day);
    if (!p) return;
    if (period) roundPeriod(period, on.day, p, true);
    const leaving = on.kind === 'released' ? 'à la libération' : 'au transfert';
    if (balance > 0)
      push({
        day: on.day,
        centidays: -balance,
        kind: 'settlement',
        explanation:
          p.settlement === 'paid_out'
            ? `${signedCentidays(-balance)} : solde réglé ${leaving} du ${formatShortDay(on.day)}, payé sur la paie de ${monthLabel(monthOf(on.day))} — ${policyLabel(p)}`
            : `${signedCentidays(-balance)} : solde perdu ${leaving} du ${formatShortDay(on.day)} — ${policyLabel(p)}`,
      });
    else if (balance < 0)
      push({
        day: on.day,
        centidays: -balance,
        kind: 'settlement',
        explanation: `${signedCentidays(-balance)} : congés pris d’avance non retenus sur la paie ${leaving} du ${formatShortDay(on.day)} — ${policyLabel(p)}`,
      });
    balance = 0;
    carried = { amount: 0, expiresOn: null };
    period = null;
  };

  for (let month = monthOf(span.from); month <= monthOf(asOf); month = monthOf(plusMonths(`${month}-01`, 1))) {
    creditMonth(month);
    if (left !== null && left.day <= asOf && monthOf(left.day) === month) {
      settle(left);
      return sorted(out, asOf);
    }
  }
  // (`period` is set inside the closures above: TypeScript cannot follow it there.)
  const open = period as { end: Day } | null;
  if (open && open.end <= asOf) closePeriod();
  take(asOf, true);
  expire(asOf);
  take(asOf, false);
  return sorted(out, asOf);
}

const sorted = (movements: LeaveMovement[], asOf: Day) => movements.filter((m) => m.day <= asOf).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));

/** The balance at `day`: the sum of the movements up to it. */
export function balanceAt(movements: readonly LeaveMovement[], day: Day): number {
  return movements.filter((m) => m.day <= day).reduce((n, m) => n + m.centidays, 0);
}
