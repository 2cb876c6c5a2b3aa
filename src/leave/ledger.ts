/**
 * A person's leave ledger, from the database (issue 19, items 2 and 3): the validated days
 * (timesheet weeks validated, corrections included), the reasons that count for leave, the
 * disciplinary suspensions, and the span of their assignments; accrual.ts derives the movements.
 * One query per kind of data, whatever the length of the span.
 */

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Detainee } from '../detainees/entities.ts';
import { dayAbsence, paidAbsenceMinutes, reasonOn } from '../hours/absence-rules.ts';
import { absenceReasonsOf } from '../hours/absences.ts';
import { covers, type Day } from '../platform/calendar.ts';
import { formatShortDay } from '../platform/format.ts';
import { groupBy } from '../platform/group.ts';
import { type AccrualInput, type LeaveDay, type LeaveMovement, leaveMovements } from './accrual.ts';
import type { LeavePolicyVersion } from './policy.ts';

/** Everything the ledger of one person is derived from, but the policies and the date. */
export interface LeaveHistory {
  days: LeaveDay[];
  /** From the first assignment's start to the last one's end (or leaving); null: never assigned here. */
  span: { from: Day; to: Day | null } | null;
  /** Approved leave requests (« congé »), each on its first day. */
  taken: NonNullable<AccrualInput['taken']>;
  /** Manual adjustments, signed. */
  adjustments: NonNullable<AccrualInput['adjustments']>;
  /** Released or transferred: the leaving day, on which the balance is settled. */
  left: AccrualInput['left'];
}

/** The person as the ledger needs them: their leaving, if any. */
export type LedgerPerson = Pick<Detainee, 'id' | 'leftOn' | 'status'>;

/** The movements of a history up to `asOf` (none without a policy or an assignment here). */
export function movementsOf(history: LeaveHistory | undefined, policies: readonly LeavePolicyVersion[], asOf: Day): LeaveMovement[] {
  if (!history?.span || policies.length === 0) return [];
  const { days, span, taken, adjustments, left } = history;
  return leaveMovements({ policies, days, span, asOf, taken, adjustments, left });
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
export async function leaveHistoriesOf(em: EntityManager, establishmentId: number, people: ReadonlyArray<LedgerPerson>): Promise<Map<number, LeaveHistory>> {
  const result = new Map<number, LeaveHistory>();
  if (people.length === 0) return result;
  const ids = people.map((p) => p.id);
  const [entries, assignments, suspensions, reasons, requests, adjustments] = await Promise.all([
    em.execute<EntryRow[]>(
      `select e.id, e.detainee_id, e.assignment_id, to_char(e.day, 'YYYY-MM-DD') as day, e.minutes, e.kind, e.absence_code, e.is_adjustment
         from time_entry e
        where e.detainee_id in (?) and e.establishment_id = ? and e.assignment_id is not null and e.kind in ('work', 'absence')
          and exists (select 1 from timesheet_week w where w.workshop_id = e.workshop_id and w.status = 'validated'
                        and w.week_start = e.day - (extract(isodow from e.day)::integer - 1))
        order by e.day, e.id`,
      [ids, establishmentId],
    ),
    em.execute<{ id: number; detainee_id: number; starts_on: Day; ended_on: Day | null; weekly_minutes: number }[]>(
      `select a.id, a.detainee_id, to_char(a.starts_on, 'YYYY-MM-DD') as starts_on, to_char(a.ended_on, 'YYYY-MM-DD') as ended_on, a.weekly_minutes
         from assignment a where a.detainee_id in (?) and a.establishment_id = ?`,
      [ids, establishmentId],
    ),
    em.execute<{ detainee_id: number; starts_on: Day; ends_on: Day | null }[]>(
      `select a.detainee_id, to_char(s.starts_on, 'YYYY-MM-DD') as starts_on, to_char(s.ends_on, 'YYYY-MM-DD') as ends_on
         from assignment_suspension s join assignment a on a.id = s.assignment_id
        where a.detainee_id in (?) and a.establishment_id = ? and s.reason = 'disciplinary'`,
      [ids, establishmentId],
    ),
    absenceReasonsOf(em, establishmentId),
    em.execute<{ detainee_id: number; starts_on: Day; ends_on: Day; days: number; decided_by: string | null }[]>(
      `select r.detainee_id, to_char(r.starts_on, 'YYYY-MM-DD') as starts_on, to_char(r.ends_on, 'YYYY-MM-DD') as ends_on, r.days, u.display_name as decided_by
         from leave_request r left join app_user u on u.id = r.decided_by_id
        where r.detainee_id in (?) and r.establishment_id = ? and r.status = 'approved' and r.reason = 'leave'
        order by r.starts_on, r.id`,
      [ids, establishmentId],
    ),
    em.execute<AdjustmentRow[]>(
      `select j.id, j.detainee_id, to_char(j.day, 'YYYY-MM-DD') as day, j.centidays, j.reason, u.display_name as created_by,
              to_char(j.created_at at time zone 'Europe/Paris', 'YYYY-MM-DD') as created_on
         from leave_adjustment j left join app_user u on u.id = j.created_by_id
        where j.detainee_id in (?) and j.establishment_id = ?
        order by j.day, j.id`,
      [ids, establishmentId],
    ),
  ]);
  const weeklyOf = new Map(assignments.map((a) => [a.id, a.weekly_minutes]));
  const group = <T extends { detainee_id: number }>(rows: readonly T[]) => groupBy(rows, (r) => r.detainee_id);
  const entriesOf = group(entries);
  const assignmentsOf = group(assignments);
  const suspensionsOf = group(suspensions);
  const requestsOf = group(requests);
  const adjustmentsOf = group(adjustments);
  for (const person of people) {
    const byDay = groupBy(entriesOf.get(person.id) ?? [], (e) => e.day);
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
    const leftOn = person.status === 'present' ? null : (person.leftOn ?? null);
    result.set(person.id, {
      days,
      span: spanOf(assignmentsOf.get(person.id) ?? [], leftOn),
      taken: (requestsOf.get(person.id) ?? []).map(takenOf),
      adjustments: (adjustmentsOf.get(person.id) ?? []).map(adjustmentOf),
      left: leftOn !== null && person.status !== 'present' ? { day: leftOn, kind: person.status } : null,
    });
  }
  return result;
}

/**
 * The person's validated days in an establishment: worked minutes net of adjustments, the day's
 * absence once corrected (dayAbsence, as for pay), whether its reason counts for leave (the
 * version in force that day), and whether a disciplinary suspension covers the day. Time in an
 * open week, training time and time in another establishment do not count.
 */
export async function leaveHistoryOf(em: EntityManager, establishmentId: number, detainee: LedgerPerson): Promise<LeaveHistory> {
  return (await leaveHistoriesOf(em, establishmentId, [detainee])).get(detainee.id) ?? { days: [], span: null, taken: [], adjustments: [], left: null };
}

/** An approved request as a movement on its first day: « congé du 03/12 au 04/12/2026, approuvé par … ». */
function takenOf(r: { starts_on: Day; ends_on: Day; days: number; decided_by: string | null }) {
  return {
    day: r.starts_on,
    centidays: r.days,
    explanation: `congé ${r.starts_on === r.ends_on ? `le ${formatShortDay(r.starts_on)}` : `du ${formatShortDay(r.starts_on)} au ${formatShortDay(r.ends_on)}`}, approuvé par ${r.decided_by ?? 'la coordination'}`,
  };
}

interface AdjustmentRow {
  id: number;
  detainee_id: number;
  day: Day;
  centidays: number;
  reason: string;
  created_by: string | null;
  created_on: Day;
}

/** A manual adjustment as a movement on its day: « ajustement par Camille Martin le 30/11/2026, motif : … ». */
function adjustmentOf(r: AdjustmentRow) {
  return {
    id: r.id,
    day: r.day,
    centidays: r.centidays,
    explanation: `ajustement par ${r.created_by ?? 'la coordination'} le ${formatShortDay(r.created_on)}, motif : ${r.reason}`,
  };
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

/** The movements up to `asOf` under `policies` (the establishment's versions). */
export async function ledgerOf(
  em: EntityManager,
  establishmentId: number,
  detainee: LedgerPerson,
  policies: readonly LeavePolicyVersion[],
  asOf: Day,
): Promise<LeaveMovement[]> {
  if (policies.length === 0) return [];
  return movementsOf(await leaveHistoryOf(em, establishmentId, detainee), policies, asOf);
}
