/**
 * A person's leave ledger, from the database (issue 19, items 2 and 3): the validated days
 * (timesheet weeks validated, corrections included), the reasons that count for leave, the
 * disciplinary suspensions, and the span of their assignments; accrual.ts derives the movements.
 * One query per kind of data, whatever the length of the span.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Detainee } from '../detainees/entities.ts';
import { findDetainee } from '../detainees/service.ts';
import { dayAbsence, paidAbsenceMinutes, reasonOn } from '../hours/absence-rules.ts';
import { absenceReasonsOf } from '../hours/absences.ts';
import { covers, type Day } from '../platform/calendar.ts';
import { formatShortDay } from '../platform/format.ts';
import type { Scope } from '../platform/scope.ts';
import { balanceAt, type LeaveDay, type LeaveMovement, leaveMovements } from './accrual.ts';
import { type LeavePolicyVersion, policyOn } from './policy.ts';
import { type LeaveRequestRow, leaveRequestsOf } from './requests.ts';

export interface LeaveHistory {
  days: LeaveDay[];
  /** From the first assignment's start to the last one's end (or leaving); null: never assigned here. */
  span: { from: Day; to: Day | null } | null;
}

interface EntryRow {
  id: number;
  detainee_id: number;
  assignment_id: number;
  day: Day;
  minutes: number;
  kind: string;
  absence_code: string | null;
  is_adjustment: boolean;
}

/**
 * The validated days of many people at once (`leaveHistoryOf` for one): the same reading of a
 * day (worked minutes net of adjustments, the corrected absence, disciplinary suspensions), four
 * queries in all.
 */
export async function leaveHistoriesOf(
  em: EntityManager,
  establishmentId: number,
  people: ReadonlyArray<{ id: number; leftOn?: Day | null }>,
): Promise<Map<number, LeaveHistory>> {
  const result = new Map<number, LeaveHistory>();
  if (people.length === 0) return result;
  const ids = people.map((p) => p.id);
  const connection = em.getConnection();
  const [entries, assignments, suspensions, reasons] = await Promise.all([
    connection.execute<EntryRow[]>(
      `select e.id, e.detainee_id, e.assignment_id, to_char(e.day, 'YYYY-MM-DD') as day, e.minutes, e.kind, e.absence_code, e.is_adjustment
         from time_entry e
        where e.detainee_id in (?) and e.establishment_id = ? and e.assignment_id is not null and e.kind in ('work', 'absence')
          and exists (select 1 from timesheet_week w where w.workshop_id = e.workshop_id and w.status = 'validated'
                        and w.week_start = e.day - (extract(isodow from e.day)::integer - 1))
        order by e.day, e.id`,
      [ids, establishmentId],
    ),
    connection.execute<{ id: number; detainee_id: number; starts_on: Day; ended_on: Day | null; weekly_minutes: number }[]>(
      `select a.id, a.detainee_id, to_char(a.starts_on, 'YYYY-MM-DD') as starts_on, to_char(a.ended_on, 'YYYY-MM-DD') as ended_on, a.weekly_minutes
         from assignment a where a.detainee_id in (?) and a.establishment_id = ?`,
      [ids, establishmentId],
    ),
    connection.execute<{ detainee_id: number; starts_on: Day; ends_on: Day | null }[]>(
      `select a.detainee_id, to_char(s.starts_on, 'YYYY-MM-DD') as starts_on, to_char(s.ends_on, 'YYYY-MM-DD') as ends_on
         from assignment_suspension s join assignment a on a.id = s.assignment_id
        where a.detainee_id in (?) and a.establishment_id = ? and s.reason = 'disciplinary'`,
      [ids, establishmentId],
    ),
    absenceReasonsOf(em, establishmentId),
  ]);
  const weeklyOf = new Map(assignments.map((a) => [a.id, a.weekly_minutes]));
  const group = <T extends { detainee_id: number }>(rows: readonly T[]) => {
    const by = new Map<number, T[]>();
    for (const r of rows) by.set(r.detainee_id, [...(by.get(r.detainee_id) ?? []), r]);
    return by;
  };
  const entriesOf = group(entries);
  const assignmentsOf = group(assignments);
  const suspensionsOf = group(suspensions);
  for (const person of people) {
    const byDay = new Map<Day, EntryRow[]>();
    for (const e of entriesOf.get(person.id) ?? []) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
    const mySuspensions = suspensionsOf.get(person.id) ?? [];
    const days: LeaveDay[] = [];
    for (const [day, rows] of byDay) {
      let workedMinutes = 0;
      let absence: LeaveDay['absence'] = null;
      for (const assignmentId of new Set(rows.map((r) => r.assignment_id))) {
        const mine = rows.filter((r) => r.assignment_id === assignmentId);
        workedMinutes += mine.filter((r) => r.kind === 'work').reduce((n, r) => n + r.minutes, 0);
        const code = dayAbsence(mine.map((r) => ({ id: r.id, kind: r.kind, absenceCode: r.absence_code, isAdjustment: r.is_adjustment })));
        if (code && !absence) {
          const reason = reasonOn(reasons, code, day);
          absence = { code, countsForLeave: reason?.countsForLeave ?? false, minutes: paidAbsenceMinutes(weeklyOf.get(assignmentId) ?? 0) };
        }
      }
      const disciplinary = mySuspensions.some((s) => covers(s.starts_on, s.ends_on, day));
      days.push({ day, workedMinutes: Math.max(0, workedMinutes), absence, disciplinary });
    }
    result.set(person.id, { days, span: spanOf(assignmentsOf.get(person.id) ?? [], person.leftOn ?? null) });
  }
  return result;
}

/**
 * The person's validated days in an establishment: worked minutes net of adjustments, the day's
 * absence once corrected (dayAbsence, as for pay), whether its reason counts for leave (the
 * version in force that day), and whether a disciplinary suspension covers the day. Time in an
 * open week, training time and time in another establishment do not count.
 */
export async function leaveHistoryOf(em: EntityManager, establishmentId: number, detainee: Pick<Detainee, 'id' | 'leftOn'>): Promise<LeaveHistory> {
  return (await leaveHistoriesOf(em, establishmentId, [detainee])).get(detainee.id) ?? { days: [], span: null };
}

export function spanOf(assignments: ReadonlyArray<{ starts_on: Day; ended_on: Day | null }>, leftOn: Day | null): LeaveHistory['span'] {
  if (assignments.length === 0) return null;
  const from = assignments.map((a) => a.starts_on).sort()[0] as Day;
  const open = assignments.some((a) => a.ended_on === null);
  const ended = open
    ? null
    : (assignments
        .map((a) => a.ended_on as Day)
        .sort()
        .at(-1) ?? null);
  const to = ended === null ? leftOn : leftOn !== null && leftOn < ended ? leftOn : ended;
  return { from, to };
}

export interface LeaveBalance {
  detainee: Detainee;
  asOf: Day;
  today: Day;
  /** The policy in force at `asOf` (or today), null when the establishment has none. */
  policy: LeavePolicyVersion | null;
  /** The establishment has at least one policy version. */
  hasPolicy: boolean;
  movements: LeaveMovement[];
  balance: number;
  balanceToday: number;
  /** The person's leave requests, newest first. */
  requests: LeaveRequestRow[];
}

/** The movements up to `asOf` under `policies` (the establishment's versions). */
export async function ledgerOf(
  em: EntityManager,
  establishmentId: number,
  detainee: Pick<Detainee, 'id' | 'leftOn'>,
  policies: readonly LeavePolicyVersion[],
  asOf: Day,
): Promise<LeaveMovement[]> {
  if (policies.length === 0) return [];
  const [{ days, span }, taken] = await Promise.all([leaveHistoryOf(em, establishmentId, detainee), leaveTakenOf(em, establishmentId, detainee.id)]);
  return span ? leaveMovements({ policies, days, span, asOf, taken }) : [];
}

/** The approved leave requests (reason « congé »), each a movement on its first day: « congé du 03/12 au 04/12/2026, approuvé par … ». */
export async function leaveTakenOf(em: EntityManager, establishmentId: number, detaineeId: number) {
  const rows = await em.getConnection().execute<{ starts_on: Day; ends_on: Day; days: number; decided_by: string | null }[]>(
    `select to_char(r.starts_on, 'YYYY-MM-DD') as starts_on, to_char(r.ends_on, 'YYYY-MM-DD') as ends_on, r.days, u.display_name as decided_by
       from leave_request r left join app_user u on u.id = r.decided_by_id
      where r.detainee_id = ? and r.establishment_id = ? and r.status = 'approved' and r.reason = 'leave'
      order by r.starts_on, r.id`,
    [detaineeId, establishmentId],
  );
  return rows.map((r) => ({
    day: r.starts_on,
    centidays: r.days,
    explanation: `congé ${r.starts_on === r.ends_on ? `le ${formatShortDay(r.starts_on)}` : `du ${formatShortDay(r.starts_on)} au ${formatShortDay(r.ends_on)}`}, approuvé par ${r.decided_by ?? 'la coordination'}`,
  }));
}

/**
 * The person's balance explained, today and at `asOf`: managers of the person's establishment
 * only (another establishment's person is a 404, a partner or committee member a 403).
 */
export async function leaveBalanceOf(
  em: EntityManager,
  scope: Scope,
  detaineeId: number,
  policies: readonly LeavePolicyVersion[],
  today: Day,
  asOf: Day = today,
): Promise<LeaveBalance> {
  const detainee = await findDetainee(em, scope, detaineeId);
  scope.must(scope.seesIndividualData);
  const until = asOf > today ? asOf : today;
  const all = await ledgerOf(em, detainee.establishment.id, detainee, policies, until);
  const movements = all.filter((m) => m.day <= asOf);
  return {
    detainee,
    asOf,
    today,
    policy: policyOn(policies, asOf) ?? policyOn(policies, today),
    hasPolicy: policies.length > 0,
    movements,
    balance: balanceAt(movements, asOf),
    balanceToday: balanceAt(all, today),
    requests: await leaveRequestsOf(em, detainee.id),
  };
}
