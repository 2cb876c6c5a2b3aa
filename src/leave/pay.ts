/**
 * Leave in the monthly pay (issue 19, items 4 and 6): the days of approved « Congé » paid in the
 * month, and the balance paid out on leaving. `hours/pay.ts` adds them to the statement and the
 * accounting CSV on their own lines (`paidLeave`, `leaveSettlement`).
 *
 * Rules (README, Rules; docs/rules.md):
 * - a day of approved leave (reason `leave`) is paid when it is a working day (Monday to Friday,
 *   public holidays out, Alsace-Moselle's when the establishment applies them), within the
 *   request's contract, not suspended, not after the person left, its week validated for the
 *   workshop of the request's post (pay counts validated time only: an open week's leave waits,
 *   shown as pending), and the leave policy in force that day has `paid`. It pays the contract's
 *   day (`paidAbsenceMinutes`: the weekly minutes ÷ 5, to the minute), half of it for a half day
 *   (the first day from the afternoon, the last day in the morning), at the leave rate;
 * - the leave rate is the policy's `payRateBasisPoints` ÷ 10 000 × the person's average hourly
 *   rate of the month before the statement's month: the exact gross of their validated work
 *   stretches that month in this establishment (normal and majored hours; not the 1 May
 *   indemnity, paid absences, training nor leave) divided by those minutes. Without work that
 *   month: the contract's rate on the day (SMIC × the floor of the post's category, or the
 *   post's own rate when higher);
 * - on leaving (release or transfer) in the month, a `settlement` movement of the ledger that
 *   takes days away under a policy that pays them out (`paid_out`) pays those days × the contract's
 *   day of the person's last assignment (the one holding or ending on the leaving day, else the
 *   latest before it) at the leave rate of the policy in force that day. Lost days and leave
 *   taken in advance (written off, never withheld) pay nothing;
 * - every amount is kept exact (fractions of cents in BigInt) and the person's gross is the
 *   exact sum of all their lines, rounded half-up once.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { paidAbsenceMinutes } from '../hours/absence-rules.ts';
import { isPayable } from '../hours/pay-rules.ts';
import type { RateFraction } from '../hours/rules.ts';
import { type Day, type Month, mondayOf, monthBounds, plusDays } from '../platform/calendar.ts';
import { formatEuros } from '../platform/format.ts';
import { holidayOn } from '../platform/holidays.ts';
import type { PayCategory } from '../workshops/rules.ts';
import { formatCentidays, policyTitle } from './accrual.ts';
import { leaveDays } from './days.ts';
import { leaveHistoriesOf, movementsOf } from './ledger.ts';
import { policyOn } from './policy.ts';
import { policyVersionsOf } from './service.ts';

/** An amount of cents, exact: `num / den`. */
export interface ExactCents {
  num: bigint;
  den: bigint;
}

export const ZERO_CENTS: ExactCents = { num: 0n, den: 1n };

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y) [x, y] = [y, x % y];
  return x || 1n;
};

export function addCents(a: ExactCents, b: ExactCents): ExactCents {
  const den = (a.den / gcd(a.den, b.den)) * b.den;
  const num = a.num * (den / a.den) + b.num * (den / b.den);
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

/** Rounded half-up to the cent (amounts are never negative here). */
export const roundCents = (c: ExactCents): number => Number((2n * c.num + c.den) / (2n * c.den));

/** The exact gross of pay stretches: Σ minutes × SMIC cents × basis points × percent ÷ (60 × 10 000 × 100), as `monthlyGrossCents` before its rounding. */
export function stretchCents(stretches: ReadonlyArray<{ minutes: number; rate: RateFraction; percent?: number }>): ExactCents {
  const num = stretches.reduce((n, s) => n + BigInt(s.minutes) * BigInt(s.rate.smicCents) * BigInt(s.rate.basisPoints) * BigInt(s.percent ?? 100), 0n);
  return addCents(ZERO_CENTS, { num, den: 60n * 10_000n * 100n });
}

/** An hourly rate in cents, exact (`num / den` cents an hour), and where it comes from. */
export interface LeaveRate {
  num: bigint;
  den: bigint;
  /** `average`: the previous month's work; `contract`: the contract's rate (no work that month). */
  basis: 'average' | 'contract';
  /** The month averaged. */
  month: Month;
  /** `average`: the gross averaged (rounded, for reading) and the minutes worked. */
  grossCents?: number;
  workedMinutes?: number;
}

/** The average hourly rate of work stretches (their exact gross ÷ their minutes), or null without any. */
export function averageRate(stretches: ReadonlyArray<{ minutes: number; rate: RateFraction; percent?: number }>, month: Month): LeaveRate | null {
  const minutes = stretches.reduce((n, s) => n + s.minutes, 0);
  if (minutes <= 0) return null;
  const gross = stretchCents(stretches);
  // cents an hour = gross ÷ (minutes ÷ 60)
  return { num: gross.num * 60n, den: gross.den * BigInt(minutes), basis: 'average', month, grossCents: roundCents(gross), workedMinutes: minutes };
}

/** The contract's rate as a leave rate: SMIC cents × basis points ÷ 10 000 an hour. */
export const contractRate = (rate: RateFraction, month: Month): LeaveRate => ({
  num: BigInt(rate.smicCents) * BigInt(rate.basisPoints),
  den: 10_000n,
  basis: 'contract',
  month,
});

/** « 5,409 » or « ≈ 5,4123 »: euros an hour, exact to the tenth of a thousandth when it can be; `plain` leaves out « ≈ » (a spreadsheet's number). */
export function formatLeaveRate(rate: { num: bigint; den: bigint }, plain = false): string {
  // ten-thousandths of a euro = cents × 100
  const scaled = rate.num * 100n;
  const exact = scaled % rate.den === 0n;
  const tenThousandths = (2n * scaled + rate.den) / (2n * rate.den);
  const euros = tenThousandths / 10_000n;
  const decimals = String(tenThousandths % 10_000n)
    .padStart(4, '0')
    .replace(/0+$/, '')
    .padEnd(3, '0');
  return `${exact || plain ? '' : '≈ '}${euros},${decimals}`;
}

/** One day of paid leave, or a settlement, before its rate. */
export interface LeavePayItem {
  line: 'paidLeave' | 'leaveSettlement';
  detaineeId: number;
  assignmentId: number;
  workshopId: number;
  workshop: string;
  partner: string;
  post: string;
  day: Day;
  /** 100 a full day, 50 a half day; the days settled for a settlement. */
  centidays: number;
  /** The contract's day (weekly minutes ÷ 5). */
  dayMinutes: number;
  /** The policy's share of the average rate (10 000 = 100 %). */
  rateBasisPoints: number;
  policy: string;
  /** Its week is validated (a settlement always is: the ledger counts validated time only). */
  validated: boolean;
  payCategory: PayCategory;
  postRate: number | null;
}

/** An item's minutes, exact as a number (a half day of an odd contract day keeps its half minute). */
export const itemMinutes = (i: Pick<LeavePayItem, 'centidays' | 'dayMinutes'>) => (i.centidays * i.dayMinutes) / 100;

/** An item's pay at `rate`: centidays ÷ 100 × day minutes ÷ 60 × rate × basis points ÷ 10 000, exact. */
export function itemCents(i: Pick<LeavePayItem, 'centidays' | 'dayMinutes' | 'rateBasisPoints'>, rate: LeaveRate): ExactCents {
  return addCents(ZERO_CENTS, {
    num: BigInt(i.centidays) * BigInt(i.dayMinutes) * BigInt(i.rateBasisPoints) * rate.num,
    den: 100n * 60n * 10_000n * rate.den,
  });
}

interface RequestRow {
  detainee_id: number;
  assignment_id: number;
  starts_on: Day;
  ends_on: Day;
  starts_afternoon: boolean;
  ends_morning: boolean;
  a_starts_on: Day;
  a_ended_on: Day | null;
  weekly_minutes: number;
  pay_category: PayCategory;
  post_rate: number | null;
  workshop_id: number;
  workshop: string;
  partner: string;
  post: string;
  left_on: Day | null;
}

const PLACE = `a.weekly_minutes, a.pay_category, a.pay_basis_points as post_rate, p.workshop_id, w.name as workshop, pa.name as partner,
  p.code || ' ' || p.title as post`;
const PLACE_JOINS = 'join post p on p.id = a.post_id join workshop w on w.id = p.workshop_id join partner pa on pa.id = w.partner_id';

/**
 * The month's leave to pay in an establishment: each paid day of approved « Congé » (validated
 * or waiting for its week), and each balance paid out on leaving, with what the rate needs.
 */
export async function leavePayItems(em: EntityManager, establishment: { id: number; alsaceMoselle: boolean }, month: Month): Promise<LeavePayItem[]> {
  const [from, to] = monthBounds(month);
  const [policies, requests, weeks, suspensions, leavers] = await Promise.all([
    policyVersionsOf(em, establishment.id),
    em.execute<RequestRow[]>(
      `select r.detainee_id, r.assignment_id, to_char(r.starts_on, 'YYYY-MM-DD') as starts_on, to_char(r.ends_on, 'YYYY-MM-DD') as ends_on,
              r.starts_afternoon, r.ends_morning, to_char(a.starts_on, 'YYYY-MM-DD') as a_starts_on, to_char(a.ended_on, 'YYYY-MM-DD') as a_ended_on,
              ${PLACE}, case when d.status = 'present' then null else to_char(d.left_on, 'YYYY-MM-DD') end as left_on
         from leave_request r join assignment a on a.id = r.assignment_id ${PLACE_JOINS} join detainee d on d.id = r.detainee_id
        where r.establishment_id = ? and r.reason = 'leave' and r.status = 'approved' and r.starts_on <= ? and r.ends_on >= ?
        order by r.starts_on, r.id`,
      [establishment.id, to, from],
    ),
    em.execute<{ workshop_id: number; week_start: Day }[]>(
      `select workshop_id, to_char(week_start, 'YYYY-MM-DD') as week_start from timesheet_week
        where establishment_id = ? and workshop_id is not null and status = 'validated' and week_start between ? and ?`,
      [establishment.id, mondayOf(from), to],
    ),
    em.execute<{ assignment_id: number; starts_on: Day; ends_on: Day | null }[]>(
      `select s.assignment_id, to_char(s.starts_on, 'YYYY-MM-DD') as starts_on, to_char(s.ends_on, 'YYYY-MM-DD') as ends_on
         from assignment_suspension s join assignment a on a.id = s.assignment_id
        where a.establishment_id = ? and s.starts_on <= ? and (s.ends_on is null or s.ends_on >= ?)`,
      [establishment.id, to, from],
    ),
    em.execute<{ id: number; status: 'released' | 'transferred'; left_on: Day }[]>(
      `select id, status, to_char(left_on, 'YYYY-MM-DD') as left_on from detainee
        where establishment_id = ? and status <> 'present' and left_on between ? and ?`,
      [establishment.id, from, to],
    ),
  ]);
  const validated = new Set(weeks.map((w) => `${w.workshop_id}|${w.week_start}`));
  const items: LeavePayItem[] = [];
  const placeOf = (r: Pick<RequestRow, 'workshop_id' | 'workshop' | 'partner' | 'post' | 'pay_category' | 'post_rate'>) => ({
    workshopId: r.workshop_id,
    workshop: r.workshop,
    partner: r.partner,
    post: r.post,
    payCategory: r.pay_category,
    postRate: r.post_rate,
  });
  for (const r of requests) {
    const contract = [{ startsOn: r.a_starts_on, endedOn: r.a_ended_on }];
    const suspended = suspensions.filter((s) => s.assignment_id === r.assignment_id).map((s) => ({ startsOn: s.starts_on, endsOn: s.ends_on }));
    const dates = { startsOn: r.starts_on, endsOn: r.ends_on, startsAfternoon: r.starts_afternoon, endsMorning: r.ends_morning };
    for (const { day, half } of leaveDays(dates, establishment.alsaceMoselle)) {
      if (day < from || day > to || !isPayable(day, contract, suspended, r.left_on)) continue;
      const policy = policyOn(policies, day);
      if (!policy?.paid) continue;
      items.push({
        line: 'paidLeave',
        detaineeId: r.detainee_id,
        assignmentId: r.assignment_id,
        ...placeOf(r),
        day,
        centidays: half ? 50 : 100,
        dayMinutes: paidAbsenceMinutes(r.weekly_minutes),
        rateBasisPoints: policy.payRateBasisPoints,
        policy: policyTitle(policy),
        validated: validated.has(`${r.workshop_id}|${mondayOf(day)}`),
      });
    }
  }
  if (leavers.length === 0 || policies.length === 0) return items;
  const people = leavers.map((l) => ({ id: l.id, status: l.status, leftOn: l.left_on }));
  const [histories, lastPosts] = await Promise.all([
    leaveHistoriesOf(em, establishment.id, people),
    em.execute<(Pick<RequestRow, 'detainee_id' | 'assignment_id' | 'weekly_minutes'> & Parameters<typeof placeOf>[0])[]>(
      // The assignment holding or ending on the leaving day, else the latest one before it: the widest contract first.
      `select distinct on (a.detainee_id) a.detainee_id, a.id as assignment_id, ${PLACE}
         from assignment a ${PLACE_JOINS} join detainee d on d.id = a.detainee_id
        where a.establishment_id = ? and a.detainee_id in (?) and a.starts_on <= d.left_on
        order by a.detainee_id, coalesce(least(a.ended_on, d.left_on), d.left_on) desc, a.weekly_minutes desc, a.id desc`,
      [establishment.id, leavers.map((l) => l.id)],
    ),
  ]);
  for (const person of leavers) {
    const policy = policyOn(policies, person.left_on);
    const last = lastPosts.find((a) => a.detainee_id === person.id);
    if (policy?.settlement !== 'paid_out' || !last) continue;
    const settled = movementsOf(histories.get(person.id), policies, person.left_on).find(
      (m) => m.kind === 'settlement' && m.day === person.left_on && m.centidays < 0,
    );
    if (!settled) continue;
    items.push({
      line: 'leaveSettlement',
      detaineeId: person.id,
      assignmentId: last.assignment_id,
      ...placeOf(last),
      day: person.left_on,
      centidays: -settled.centidays,
      dayMinutes: paidAbsenceMinutes(last.weekly_minutes),
      rateBasisPoints: policy.payRateBasisPoints,
      policy: policyTitle(policy),
      validated: true,
    });
  }
  return items;
}

const monthName = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthLabel = (m: Month) => monthName.format(new Date(`${m}-01T00:00:00Z`));
/** « de novembre 2026 », « d’octobre 2026 ». */
const ofMonth = (m: Month) => (/^[aeiou]/.test(monthLabel(m)) ? `d’${monthLabel(m)}` : `de ${monthLabel(m)}`);
const percentFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/**
 * How a person's leave line is computed, for the payroll officer to recompute it:
 * « 3 j de congé (21 h) à 100 % de 5,409 € de l’heure, moyenne d’octobre 2026 (811,35 € pour 150 h) ».
 */
export function describeLeavePay(items: readonly LeavePayItem[], rateOf: (item: LeavePayItem) => LeaveRate): string[] {
  const groups = new Map<string, { items: LeavePayItem[]; rate: LeaveRate }>();
  for (const item of items) {
    const rate = rateOf(item);
    const key = `${item.line}|${item.rateBasisPoints}|${(rate.num * 1_000_000n) / rate.den}`;
    const group = groups.get(key) ?? { items: [], rate };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ items: some, rate }) => {
    const first = some[0] as LeavePayItem;
    const days = some.reduce((n, i) => n + i.centidays, 0);
    const minutes = some.reduce((n, i) => n + itemMinutes(i), 0);
    const what = first.line === 'paidLeave' ? `${formatCentidays(days)} de congé` : `${formatCentidays(days)} de solde de congés payé à la sortie`;
    const share = `${percentFormat.format(first.rateBasisPoints / 100)} %`;
    const source =
      rate.basis === 'average'
        ? `moyenne ${ofMonth(rate.month)} : ${formatEuros(rate.grossCents ?? 0)} pour ${hoursText(rate.workedMinutes ?? 0)}`
        : `taux du contrat, aucun travail validé en ${monthLabel(rate.month)}`;
    return `${what} (${hoursText(minutes)}) à ${share} de ${formatLeaveRate(rate)} € de l’heure (${source}) — politique ${first.policy}`;
  });
}

const hoursText = (minutes: number) => {
  const whole = Math.floor(minutes);
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  const text = m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
  return whole === minutes ? text : `${text} 30 s`;
};
