import type { EntityManager } from '@mikro-orm/postgresql';
import { Detainee } from '../detainees/entities.ts';
import type { Establishment } from '../establishments/entities.ts';
import { findEstablishment } from '../establishments/service.ts';
import { holdsOn } from '../holdings/rules.ts';
import {
  addCents,
  averageRate,
  contractRate,
  describeLeavePay,
  type ExactCents,
  formatLeaveRate,
  itemCents,
  itemMinutes,
  type LeavePayItem,
  type LeaveRate,
  leavePayItems,
  roundCents,
  stretchCents,
  ZERO_CENTS,
} from '../leave/pay.ts';
import { type Day, type Month, mondayOf, monthBounds, monthOf, plusDays, plusMonths } from '../platform/calendar.ts';
import { toExcelCsv } from '../platform/csv.ts';
import { RuleError } from '../platform/errors.ts';
import { formatPlainEuros, formatPlainHours, formatShortMonth, lowerFirst } from '../platform/format.ts';
import { groupBy } from '../platform/group.ts';
import type { Scope } from '../platform/scope.ts';
import type { PayCategory } from '../workshops/rules.ts';
import { payFloorOn } from '../workshops/rules.ts';
import { payFloors } from '../workshops/service.ts';
import { paidAbsenceMinutes, reasonOn } from './absence-rules.ts';
import { absenceReasonsOf } from './absences.ts';
import { SmicRate } from './entities.ts';
import { inMonth, isPayable, type PayLineKey, type PayStretch, payLinesOf, weekStretches } from './pay-rules.ts';
import { type RateFraction, smicOn, weekContractMinutes } from './rules.ts';
import { workingTimesOf } from './working-time.ts';

/** One line of a person's month: its minutes and its amount (rounded on its own, for reading). */
export interface PayLine {
  minutes: number;
  cents: number;
}

/** A person's month on one post (or in training): what accounting needs to split pay by employer. */
export interface PostPay {
  /** The workshop of the post; null for training. */
  workshopId: number | null;
  workshop: string;
  /** The partner that runs the workshop: the employer for accounting. */
  partner: string;
  /** « ARR-VEL-01 Mécanicien cycles », or « Formation ». */
  post: string;
  validatedMinutes: number;
  pendingMinutes: number;
  trainingMinutes: number;
  outOfContractMinutes: number;
  absences: Record<string, number>;
  lines: Record<PayLineKey, PayLine>;
  /** Minutes of approved leave whose week is not validated yet: not paid yet. */
  pendingLeaveMinutes: number;
  /** The hourly rates of its leave lines (the previous month's average, or the contract's), « 5,409 », to the ten-thousandth when not exact (« 5,4821 »). */
  leaveRates: string[];
  /** Exact sum of this post's stretches and leave, rounded once: the posts of a person may add up to a cent off the person's gross. */
  grossCents: number;
  rates: RateFraction[];
}

export interface StatementRow {
  detainee: Detainee;
  /** Validated, payable work time (all lines of work together). */
  validatedMinutes: number;
  pendingMinutes: number;
  /** Validated training time; paid only in sessions set as paid. */
  trainingMinutes: number;
  /** Typed time outside the contract, a suspension or after leaving: never paid, to correct by an adjustment. */
  outOfContractMinutes: number;
  /** Absence code → days. */
  absences: Record<string, number>;
  /** The statement's separate lines (normal, overtime, complementary, 1 May, paid absences, paid leave, leave settlement, training). */
  lines: Record<PayLineKey, PayLine>;
  /** Minutes of approved leave whose week is not validated yet: not paid yet. */
  pendingLeaveMinutes: number;
  /** How each leave line is computed (days, hours, rate and where it comes from), to recompute it by hand. */
  leaveDetails: Array<{ line: PayLineKey; text: string }>;
  /** Exact sum of every stretch and leave line, rounded half-up once (DOMAIN.md): may differ by a cent from the sum of the rounded lines. */
  grossCents: number;
  /** The hourly rates applied (several when the SMIC or the category changed), exact. */
  rates: RateFraction[];
  /** The same month split by post, for the accounting export. */
  posts: PostPay[];
}

export interface WorkshopTotal {
  workshopId: number;
  name: string;
  people: number;
  validatedMinutes: number;
  pendingMinutes: number;
  /** Exact sum over the workshop's stretches, rounded once: may differ by a cent from the sum of the people's rounded pay. */
  grossCents: number;
}

/** A typed entry that is not payable, listed for correction. */
export interface OutOfContractEntry {
  detainee: Detainee;
  day: Day;
  minutes: number;
  workshopId: number;
  workshop: string;
  validated: boolean;
}

export interface MonthPay {
  establishment: Establishment;
  people: StatementRow[];
  workshops: WorkshopTotal[];
  outOfContract: OutOfContractEntry[];
  /** Absence code → its label (the latest version of the establishment's reference data). */
  absenceLabels: Record<string, string>;
  /** The statement's separate lines, in order (the code's, and any other rate the establishment pays). */
  lines: Array<{ key: PayLineKey; label: string }>;
}

interface EntryRow {
  detainee_id: number;
  establishment_id: number;
  assignment_id: number;
  day: string;
  minutes: number;
  kind: string;
  absence_code: string | null;
  pay_category: PayCategory;
  post_rate: number | null;
  validated: boolean;
  /** An absence followed by an adjustment of its day: corrected, no longer counted. */
  superseded: boolean;
  workshop_id: number;
  workshop: string;
  partner: string;
  post: string;
}

/**
 * The month's pay by person and by workshop. Gross pay follows DOMAIN.md and README (Rules):
 * per person and ISO week, the validated payable work of all their contracts and workshops is
 * majored (R412-54, R412-56) against the peak contract hours of the week; each stretch is paid
 * at its entry's rate (SMIC of the day × floor of the post's category, or the post's own rate
 * when higher) × (100 + majoration) %; 1 May adds an indemnity equal to its pay (R412-62);
 * a stretch belongs to the month of its day; approved leave and the balance paid out on leaving
 * are paid on their own lines at the leave rate (`leave/pay.ts`); the exact sum of every line is
 * rounded half-up once per person.
 */
export async function monthPay(em: EntityManager, scope: Scope, establishmentId: number, month: Month): Promise<MonthPay> {
  scope.assertCanManage(establishmentId);
  const establishment = await findEstablishment(em, scope, establishmentId);
  return (await payOfMonth(em, establishment, month, true)).pay;
}

/** Validated work of the month (normal and majored stretches), by person: what a leave rate averages. */
type WorkByPerson = Map<number, PayStretch[]>;

/** The month's pay of one establishment, without a scope check: callers check it (`monthPay`, `partnerMonthPay`). */
export async function payOfMonth(
  em: EntityManager,
  establishment: Establishment,
  month: Month,
  withLeave: boolean,
): Promise<{ pay: MonthPay; work: WorkByPerson }> {
  const establishmentId = establishment.id;
  const [from, to] = monthBounds(month);
  // The whole ISO weeks the month touches: a week's majorations count its days in the next or previous month.
  const weekFrom = mondayOf(from);
  const weekTo = plusDays(mondayOf(to), 6);
  const connection = em.getConnection();
  const [rows, training, smic, floors, reasons, leaveItems, workingTimeOnDay] = await Promise.all([
    connection.execute<EntryRow[]>(
      `select e.detainee_id, e.establishment_id, e.assignment_id, to_char(e.day, 'YYYY-MM-DD') as day, e.minutes, e.kind, e.absence_code,
              a.pay_category, a.pay_basis_points as post_rate, e.workshop_id, w2.name as workshop, pa.name as partner,
              p.code || ' ' || p.title as post,
              exists (select 1 from timesheet_week w where w.workshop_id = e.workshop_id and w.status = 'validated'
                        and w.week_start = e.day - (extract(isodow from e.day)::integer - 1)) as validated,
              -- An absence corrected after validation (to hours or another reason) no longer counts (absence-rules.ts dayAbsence).
              exists (select 1 from time_entry x where x.is_adjustment and x.assignment_id = e.assignment_id and x.day = e.day and x.id > e.id) as superseded
         from time_entry e join assignment a on a.id = e.assignment_id join workshop w2 on w2.id = e.workshop_id
              join partner pa on pa.id = w2.partner_id join post p on p.id = a.post_id
        where e.assignment_id is not null and e.day between ?::date and ?::date
          and e.detainee_id in (select x.detainee_id from time_entry x where x.establishment_id = ? and x.day between ?::date and ?::date)
        order by e.day, e.id`,
      [weekFrom, weekTo, establishmentId, from, to],
    ),
    connection.execute<{ detainee_id: number; day: string; minutes: number; paid: boolean }[]>(
      `select e.detainee_id, to_char(e.day, 'YYYY-MM-DD') as day, e.minutes, s.paid
         from time_entry e join training_session s on s.id = e.session_id
        where e.establishment_id = ? and e.kind = 'training' and e.day between ?::date and ?::date
          and exists (select 1 from timesheet_week w where w.session_id = e.session_id and w.status = 'validated'
                        and w.week_start = e.day - (extract(isodow from e.day)::integer - 1))`,
      [establishmentId, from, to],
    ),
    em.find(SmicRate, {}),
    payFloors(em),
    absenceReasonsOf(em, establishmentId),
    withLeave ? leavePayItems(em, establishment, month) : Promise.resolve([] as LeavePayItem[]),
    workingTimesOf(em, establishmentId),
  ]);
  const absenceLabels = Object.fromEntries(reasons.map((r) => [r.code, r.label]));
  const smicValues = smic.map((s) => ({ effectiveFrom: String(s.effectiveFrom).slice(0, 10), cents: s.hourlyCents }));
  const inThisMonth = rows.filter((r) => r.establishment_id === establishmentId && monthOf(r.day) === month);
  // Never pay 0 € in silence: a month without a SMIC in force is an error to fix in the reference data.
  if (inThisMonth.length + training.length + leaveItems.length > 0 && smicOn(from, smicValues) === null) {
    throw new RuleError(`Aucun SMIC n’est enregistré pour ${formatShortMonth(month)} : ajoutez-le dans « SMIC et planchers ».`, 409);
  }
  // People with only leave pay or a settlement this month (no entry) still get their row.
  const ids = [...new Set([...inThisMonth.map((r) => r.detainee_id), ...training.map((r) => r.detainee_id), ...leaveItems.map((i) => i.detaineeId)])];
  const [people, contracts, suspensions] = ids.length
    ? await Promise.all([
        em.find(Detainee, { id: { $in: ids } }, { orderBy: { lastName: 'asc', firstName: 'asc' } }),
        connection.execute<{ id: number; detainee_id: number; starts_on: string; ended_on: string | null; weekly_minutes: number }[]>(
          `select a.id, a.detainee_id, to_char(a.starts_on, 'YYYY-MM-DD') as starts_on, to_char(a.ended_on, 'YYYY-MM-DD') as ended_on, a.weekly_minutes
             from assignment a where a.detainee_id in (?)`,
          [ids],
        ),
        connection.execute<{ assignment_id: number; starts_on: string; ends_on: string | null }[]>(
          `select s.assignment_id, to_char(s.starts_on, 'YYYY-MM-DD') as starts_on, to_char(s.ends_on, 'YYYY-MM-DD') as ends_on
             from assignment_suspension s join assignment a on a.id = s.assignment_id where a.detainee_id in (?)`,
          [ids],
        ),
      ])
    : [[], [], []];
  const contractOf = new Map(contracts.map((a) => [a.id, { startsOn: a.starts_on, endedOn: a.ended_on, weeklyMinutes: a.weekly_minutes }]));
  const suspensionsOf = (assignmentId: number) =>
    suspensions.filter((s) => s.assignment_id === assignmentId).map((s) => ({ startsOn: s.starts_on, endsOn: s.ends_on }));
  const leftOnOf = new Map(people.map((d) => [d.id, d.status === 'present' ? null : (d.leftOn ?? null)]));
  const payable = (r: EntryRow) => {
    const contract = contractOf.get(r.assignment_id);
    return contract !== undefined && isPayable(r.day, [contract], suspensionsOf(r.assignment_id), leftOnOf.get(r.detainee_id) ?? null);
  };
  const rateOf = (day: Day, category: PayCategory, postRate: number | null): RateFraction => ({
    smicCents: smicOn(day, smicValues) ?? 0,
    // The post's own rate when it is above the floor in force that day, else the floor.
    basisPoints: Math.max(payFloorOn(category, day, floors) ?? 0, postRate ?? 0),
  });

  type Paid = { day: Day; minutes: number; rate: RateFraction; workshopId: number; assignmentId: number; establishmentId: number; detaineeId: number };
  const stretches: PayStretch<Paid>[] = [];
  for (const detaineeId of ids) {
    const mine = rows.filter((r) => r.detainee_id === detaineeId && r.kind === 'work' && r.validated && payable(r));
    // The person's rows by week, in the order of their days (one mondayOf per row).
    const weeks = new Map<Day, EntryRow[]>();
    for (const r of mine) {
      const monday = mondayOf(r.day);
      const rowsOfWeek = weeks.get(monday);
      if (rowsOfWeek) rowsOfWeek.push(r);
      else weeks.set(monday, [r]);
    }
    for (const [monday, rowsOfWeek] of weeks) {
      // Net minutes per contract and day: an adjustment is a difference added to the typed value.
      const net = new Map<string, Paid>();
      for (const r of rowsOfWeek) {
        const key = `${r.assignment_id}|${r.day}`;
        const entry = net.get(key) ?? {
          day: r.day,
          minutes: 0,
          rate: rateOf(r.day, r.pay_category, r.post_rate),
          workshopId: r.workshop_id,
          assignmentId: r.assignment_id,
          establishmentId: r.establishment_id,
          detaineeId: r.detainee_id,
        };
        entry.minutes += r.minutes;
        net.set(key, entry);
      }
      const held = contracts
        .filter((a) => a.detainee_id === detaineeId)
        .map((a) => ({ startsOn: a.starts_on, endedOn: a.ended_on, weeklyMinutes: a.weekly_minutes }));
      const week = [...net.values()].filter((e) => e.minutes > 0);
      // Only this establishment's entries of this month are paid here.
      // A week across two months: each stretch belongs to the month of its day (README, Rules).
      // The establishment's majoration rates in force on the week's Monday (its settings, else the code's).
      const policy = workingTimeOnDay(monday).policy;
      for (const s of inMonth(weekStretches(week, weekContractMinutes(held, monday), policy), month))
        if (s.source?.establishmentId === establishmentId) stretches.push(s);
    }
  }
  // A day whose absence reason is paid in force that day pays the contract's day (paidAbsenceMinutes) at the contract's rate,
  // inside the contract and before leaving; on a suspended day only when the reason requires the suspension (sickness, work accident).
  for (const r of inThisMonth) {
    if (r.kind !== 'absence' || !r.absence_code || !r.validated || r.superseded) continue;
    const reason = reasonOn(reasons, r.absence_code, r.day);
    const contract = contractOf.get(r.assignment_id);
    if (!reason?.paid || !contract || !holdsOn(contract, r.day)) continue;
    if (!reason.requiresSuspension && !payable(r)) continue;
    const left = leftOnOf.get(r.detainee_id) ?? null;
    if (left !== null && r.day > left) continue;
    const minutes = paidAbsenceMinutes(contract.weeklyMinutes);
    const rate = rateOf(r.day, r.pay_category, r.post_rate);
    const source = {
      day: r.day,
      minutes,
      rate,
      workshopId: r.workshop_id,
      assignmentId: r.assignment_id,
      establishmentId: r.establishment_id,
      detaineeId: r.detainee_id,
    };
    if (minutes > 0) stretches.push({ line: 'paidAbsence', source, day: r.day, minutes, rate, percent: 100 });
  }
  /** Stretches of work (the 1 May indemnity and paid absences are not time worked). */
  const isWork = (s: PayStretch) => s.line !== 'labourDay' && s.line !== 'paidAbsence' && s.line !== 'training';
  const workedMinutes = (all: readonly PayStretch[]) => all.filter(isWork).reduce((n, s) => n + s.minutes, 0);
  const work: WorkByPerson = groupBy(stretches.filter(isWork), (s) => s.source?.detaineeId ?? 0);

  // The leave rate: the policy's share of the average hourly rate of the previous month's validated work here, else of the contract's rate.
  const previous = monthOf(plusMonths(from, -1));
  const previousWork = leaveItems.some((i) => i.validated) ? (await payOfMonth(em, establishment, previous, false)).work : new Map();
  const averages = new Map<number, LeaveRate | null>();
  const leaveRateOf = (item: LeavePayItem): LeaveRate => {
    if (!averages.has(item.detaineeId)) averages.set(item.detaineeId, averageRate(previousWork.get(item.detaineeId) ?? [], previous));
    return averages.get(item.detaineeId) ?? contractRate(rateOf(item.day, item.payCategory, item.postRate), previous);
  };
  const paidLeave = leaveItems.filter((i) => i.validated);
  const leaveCents = (items: readonly LeavePayItem[]): ExactCents => items.reduce((sum, i) => addCents(sum, itemCents(i, leaveRateOf(i))), ZERO_CENTS);
  const leaveLine = (items: readonly LeavePayItem[]): PayLine => ({
    minutes: Math.round(items.reduce((n, i) => n + itemMinutes(i), 0)),
    cents: roundCents(leaveCents(items)),
  });
  /** The exact gross of stretches and leave together, rounded once. */
  const grossOf = (some: readonly PayStretch[], leave: readonly LeavePayItem[]) => roundCents(addCents(stretchCents(some), leaveCents(leave)));
  const pendingLeaveOf = (items: readonly LeavePayItem[]) => Math.round(items.filter((i) => !i.validated).reduce((n, i) => n + itemMinutes(i), 0));
  const stretchesOf = (assignmentIds: Set<number>) => stretches.filter((s) => assignmentIds.has(s.source?.assignmentId ?? -1));
  const lineOf = (all: readonly PayStretch[], key: PayLineKey): PayLine => {
    const mine = all.filter((s) => s.line === key);
    return { minutes: mine.reduce((n, s) => n + s.minutes, 0), cents: roundCents(stretchCents(mine)) };
  };

  const workshopNames = new Map([
    ...inThisMonth.map((r) => [r.workshop_id, r.workshop] as const),
    ...leaveItems.map((i) => [i.workshopId, i.workshop] as const),
  ]);
  const workshops = [...workshopNames.entries()]
    .map(([workshopId, name]) => {
      const mine = inThisMonth.filter((r) => r.workshop_id === workshopId && r.kind === 'work');
      const paid = stretches.filter((s) => s.source?.workshopId === workshopId);
      const leave = paidLeave.filter((i) => i.workshopId === workshopId);
      return {
        workshopId,
        name,
        people: new Set([...mine.map((r) => r.detainee_id), ...leave.map((i) => i.detaineeId)]).size,
        validatedMinutes: workedMinutes(paid),
        pendingMinutes: mine.filter((r) => !r.validated && payable(r)).reduce((n, r) => n + r.minutes, 0),
        grossCents: grossOf(paid, leave),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));

  const outOfContract: OutOfContractEntry[] = [];
  const lineList = payLinesOf(stretches.map((s) => s.line));
  const statement = people.map((detainee) => {
    const mine = inThisMonth.filter((r) => r.detainee_id === detainee.id);
    const learning = training.filter((r) => r.detainee_id === detainee.id);
    const work = stretchesOf(new Set(mine.map((r) => r.assignment_id)));
    // A paid training session pays at the production floor (README, Rules).
    const trainingStretches: PayStretch[] = learning
      .filter((r) => r.paid)
      .map((r) => ({ line: 'training', day: r.day, minutes: r.minutes, rate: rateOf(r.day, 'production', null), percent: 100 }));
    const all: PayStretch[] = [...work, ...trainingStretches];
    const absences: Record<string, number> = {};
    for (const r of mine) if (r.kind === 'absence' && r.absence_code && !r.superseded) absences[r.absence_code] = (absences[r.absence_code] ?? 0) + 1;
    for (const r of mine)
      if (r.kind === 'work' && r.minutes !== 0 && !payable(r))
        outOfContract.push({ detainee, day: r.day, minutes: r.minutes, workshopId: r.workshop_id, workshop: r.workshop, validated: r.validated });
    const ratesOf = (some: PayStretch[]) =>
      [...new Map(some.filter((s) => s.line !== 'labourDay').map((s) => [`${s.rate.smicCents}×${s.rate.basisPoints}`, s.rate])).values()].sort(
        (a, b) => a.smicCents * a.basisPoints - b.smicCents * b.basisPoints,
      );
    const absencesOf = (entries: EntryRow[]) => {
      const days: Record<string, number> = {};
      for (const r of entries) if (r.kind === 'absence' && r.absence_code && !r.superseded) days[r.absence_code] = (days[r.absence_code] ?? 0) + 1;
      return days;
    };
    const myLeave = leaveItems.filter((i) => i.detaineeId === detainee.id);
    const linesOf = (some: PayStretch[], leave: readonly LeavePayItem[] = []) =>
      Object.fromEntries(
        lineList.map(({ key }) => [
          key,
          key === 'paidLeave' || key === 'leaveSettlement' ? leaveLine(leave.filter((i) => i.validated && i.line === key)) : lineOf(some, key),
        ]),
      ) as Record<PayLineKey, PayLine>;
    const leaveRatesOf = (leave: readonly LeavePayItem[]) => [...new Set(leave.filter((i) => i.validated).map((i) => formatLeaveRate(leaveRateOf(i), true)))];
    const byPost: PostPay[] = [...new Set([...mine.map((r) => r.assignment_id), ...myLeave.map((i) => i.assignmentId)])].map((assignmentId) => {
      const entries = mine.filter((r) => r.assignment_id === assignmentId);
      const leave = myLeave.filter((i) => i.assignmentId === assignmentId);
      const first = entries[0] ?? (leave[0] as LeavePayItem);
      const paid = stretchesOf(new Set([assignmentId]));
      return {
        workshopId: entries[0]?.workshop_id ?? (leave[0] as LeavePayItem).workshopId,
        workshop: first.workshop,
        partner: first.partner,
        post: first.post,
        validatedMinutes: workedMinutes(paid),
        pendingMinutes: entries.filter((r) => r.kind === 'work' && !r.validated && payable(r)).reduce((n, r) => n + r.minutes, 0),
        trainingMinutes: 0,
        outOfContractMinutes: entries.filter((r) => r.kind === 'work' && !payable(r)).reduce((n, r) => n + r.minutes, 0),
        absences: absencesOf(entries),
        lines: linesOf(paid, leave),
        pendingLeaveMinutes: pendingLeaveOf(leave),
        leaveRates: leaveRatesOf(leave),
        grossCents: grossOf(
          paid,
          leave.filter((i) => i.validated),
        ),
        rates: ratesOf(paid),
      };
    });
    if (learning.length > 0)
      byPost.push({
        workshopId: null,
        workshop: '',
        partner: '',
        post: 'Formation',
        validatedMinutes: 0,
        pendingMinutes: 0,
        trainingMinutes: learning.reduce((n, r) => n + r.minutes, 0),
        outOfContractMinutes: 0,
        absences: {},
        lines: linesOf(trainingStretches),
        pendingLeaveMinutes: 0,
        leaveRates: [],
        grossCents: grossOf(trainingStretches, []),
        rates: ratesOf(trainingStretches),
      });
    return {
      detainee,
      validatedMinutes: workedMinutes(work),
      trainingMinutes: learning.reduce((n, r) => n + r.minutes, 0),
      pendingMinutes: mine.filter((r) => r.kind === 'work' && !r.validated && payable(r)).reduce((n, r) => n + r.minutes, 0),
      outOfContractMinutes: mine.filter((r) => r.kind === 'work' && !payable(r)).reduce((n, r) => n + r.minutes, 0),
      absences,
      lines: linesOf(all, myLeave),
      pendingLeaveMinutes: pendingLeaveOf(myLeave),
      leaveDetails: (['paidLeave', 'leaveSettlement'] as const).flatMap((line) =>
        describeLeavePay(
          myLeave.filter((i) => i.validated && i.line === line),
          leaveRateOf,
        ).map((text) => ({ line, text })),
      ),
      grossCents: grossOf(
        all,
        myLeave.filter((i) => i.validated),
      ),
      rates: ratesOf(all),
      posts: byPost,
    };
  });
  return { pay: { establishment, people: statement, workshops, outOfContract, absenceLabels, lines: lineList }, work };
}

/** An hourly rate in euros, exact, with at least three decimals (5,409), so that hours × rate can be checked. */
export function formatRate(rate: RateFraction): string {
  // smicCents × basisPoints is the rate in millionths of a euro.
  const micro = rate.smicCents * rate.basisPoints;
  const euros = Math.floor(micro / 1_000_000);
  const trimmed = String(micro % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(3, '0');
  return `${euros},${trimmed}`;
}

/**
 * The month for the accounting office: Excel-ready, French decimals, one row per person and post
 * (with its workshop and the partner running it, so that pay splits by employer), one column
 * pair per line (paid leave and the settlement on leaving on the post of their contract, with
 * the leave's hourly rate). Each row's gross is its post's exact sum rounded once.
 */
export function statementCsv(
  rows: StatementRow[],
  month: Month,
  lines: ReadonlyArray<{ key: PayLineKey; label: string }>,
  absenceLabels: Record<string, string> = {},
): string {
  const codes = [...new Set(rows.flatMap((r) => Object.keys(r.absences)))].sort();
  const absenceLabel = (code: string) => absenceLabels[code] ?? code;
  return toExcelCsv(
    [
      'Mois',
      'Numéro d’écrou',
      'Nom',
      'Prénom',
      'Atelier',
      'Structure',
      'Poste',
      'Heures validées',
      'Heures en attente de validation',
      'Heures hors contrat (non payées)',
      'Heures de formation',
      ...codes.map((c) => `Jours ${lowerFirst(absenceLabel(c))}`),
      ...lines.flatMap(({ label }) => [`${label} (h)`, `${label} (€)`]),
      'Heures de congé en attente de validation',
      'Taux horaire des congés (€)',
      'Taux horaire brut (€)',
      'Brut (€)',
    ],
    rows.flatMap((r) =>
      r.posts.map((p) => [
        formatShortMonth(month),
        r.detainee.prisonNumber,
        r.detainee.lastName,
        r.detainee.firstName,
        p.workshop,
        p.partner,
        p.post,
        formatPlainHours(p.validatedMinutes),
        formatPlainHours(p.pendingMinutes),
        formatPlainHours(p.outOfContractMinutes),
        formatPlainHours(p.trainingMinutes),
        ...codes.map((c) => p.absences[c] ?? 0),
        ...lines.flatMap(({ key }) => [formatPlainHours(p.lines[key]?.minutes ?? 0), formatPlainEuros(p.lines[key]?.cents ?? 0)]),
        formatPlainHours(p.pendingLeaveMinutes),
        p.leaveRates.join(' / '),
        p.rates.map(formatRate).join(' / '),
        formatPlainEuros(p.grossCents),
      ]),
    ),
  );
}
