/**
 * Approved leave in the timesheet (issue 19, item 4). Approving a « Congé » writes the leave
 * code CP on each of its full working days (Monday to Friday, public holidays out): ordinary
 * entries of the assignment's workshop sheet, which the grid then shows locked. A half day (the
 * first day from the afternoon, the last day in the morning) is not written: the person works
 * the other half, and the cell stays editable. Cancelling deletes them. The database checks the
 * same at commit (triggers time_entry_leave_guard and leave_request_timesheet_guard).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { TimeEntry } from '../hours/entities.ts';
import { lockPersonWeek } from '../hours/person-week-lock.ts';
import { type Day, mondayOf, plusDays } from '../platform/calendar.ts';
import { FieldErrors } from '../platform/errors.ts';
import { formatShortDay } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import { holidayOn } from '../platform/holidays.ts';
import { User } from '../users/entities.ts';
import { LEAVE_CODE } from './calendar.ts';
import { isHalfDay, isWeekday } from './days.ts';
import type { LeaveRequest } from './entities.ts';

/** A day of approved leave as the grid shows it: a full day is locked to CP, a half day stays editable. */
export interface LeaveMark {
  full: boolean;
  startsOn: Day;
  endsOn: Day;
}

export const leaveKey = (assignmentId: number, day: Day) => `${assignmentId}|${day}`;

/**
 * The approved « Congé » of these assignments on the weekdays from `from` to `to`, by
 * `leaveKey(assignment, day)`: a full day (CP, locked; a public holiday within the leave too,
 * as the database sees it) or a half day (editable).
 */
export async function approvedLeaveOn(em: EntityManager, assignmentIds: number[], from: Day, to: Day): Promise<Map<string, LeaveMark>> {
  const marks = new Map<string, LeaveMark>();
  if (assignmentIds.length === 0) return marks;
  const rows = await em.execute<{ assignment_id: number; starts_on: Day; ends_on: Day; starts_afternoon: boolean; ends_morning: boolean }[]>(
    `select assignment_id, to_char(starts_on, 'YYYY-MM-DD') as starts_on, to_char(ends_on, 'YYYY-MM-DD') as ends_on, starts_afternoon, ends_morning
       from leave_request where assignment_id in (${assignmentIds.map(() => '?').join(', ')}) and reason = 'leave' and status = 'approved' and starts_on <= ? and ends_on >= ?`,
    [...assignmentIds, to, from],
  );
  for (const r of rows) {
    const request = { startsOn: r.starts_on, endsOn: r.ends_on, startsAfternoon: r.starts_afternoon, endsMorning: r.ends_morning };
    for (let d = r.starts_on > from ? r.starts_on : from; d <= r.ends_on && d <= to; d = plusDays(d, 1)) {
      if (isWeekday(d)) marks.set(leaveKey(r.assignment_id, d), { full: !isHalfDay(request, d), startsOn: r.starts_on, endsOn: r.ends_on });
    }
  }
  return marks;
}

/** What a cell locked by approved leave says, as its title and as the refusal of a save. */
export const lockedLeaveMessage = (mark: { startsOn: Day; endsOn: Day }) =>
  `Congé approuvé du ${formatShortDay(mark.startsOn)} au ${formatShortDay(mark.endsOn)} : pour le modifier, la coordination annule la demande.`;

/** Why CP is refused on a day without approved leave. */
export const LEAVE_CODE_WITHOUT_REQUEST = `Le code ${LEAVE_CODE} (congé) demande une demande de congé approuvée pour ce jour : faites la demande.`;

/** Where to ask for leave: the person's leave section for the coordination, the workshop's request form for its partner. */
export function leaveRequestLink(partner: boolean, detaineeId: number, workshopId: number): { href: string; label: string } {
  return partner
    ? { href: `/ateliers/${workshopId}/conges/nouvelle`, label: 'Demander un congé' }
    : { href: `/personnes/${detaineeId}#conges`, label: 'Demander un congé pour cette personne' };
}

/**
 * Takes the person's week locks of the request's weeks, earliest first, before anything else of
 * the decision: the grid's saves take the same lock, so a save and an approval or cancellation
 * of the same days go one after the other (and in the same order as the grid: week, then person).
 */
export async function lockLeaveWeeks(em: EntityManager, requestId: number): Promise<void> {
  if (!Number.isSafeInteger(requestId)) return;
  const [found] = await em.execute<{ detainee_id: number; starts_on: Day; ends_on: Day }[]>(
    `select detainee_id, to_char(starts_on, 'YYYY-MM-DD') as starts_on, to_char(ends_on, 'YYYY-MM-DD') as ends_on from leave_request where id = ?`,
    [requestId],
  );
  if (!found) return;
  for (let monday = mondayOf(found.starts_on); monday <= found.ends_on; monday = plusDays(monday, 7)) await lockPersonWeek(em, found.detainee_id, monday);
}

/**
 * Writes CP on each full working day of an approved « Congé », after its status: an absence
 * already typed there is replaced (the audit trail keeps it); hours refuse the approval, naming
 * the day; so does a week of the workshop validated since the request was made. Nothing for
 * another reason (« autre absence autorisée »).
 */
export async function writeLeaveEntries(tx: EntityManager, request: LeaveRequest, userId: number): Promise<void> {
  if (request.reason !== 'leave') return;
  const [place] = await tx.execute<{ workshop_id: number; alsace_moselle: boolean }[]>(
    `select p.workshop_id, e.alsace_moselle from assignment a join post p on p.id = a.post_id join establishment e on e.id = a.establishment_id where a.id = ?`,
    [request.assignment.id],
  );
  if (!place) return;
  const validated = await validatedWeekProblem(tx, place.workshop_id, request.startsOn, request.endsOn);
  if (validated) throw new FieldErrors({ decision: validated });
  const entries = await tx.find(
    TimeEntry,
    { assignment: request.assignment.id, isAdjustment: false, day: { $gte: request.startsOn, $lte: request.endsOn } },
    { refresh: true, orderBy: { day: 'asc' } },
  );
  const worked = entries.find((e) => e.kind !== 'absence' && isWeekday(e.day) && !isHalfDay(request, e.day));
  if (worked)
    throw new FieldErrors({
      decision: `Des heures sont saisies le ${formatShortDay(worked.day)} pour cette personne : effacez-les dans la feuille de temps ou modifiez la demande avant d’approuver.`,
    });
  for (let day = request.startsOn; day <= request.endsOn; day = plusDays(day, 1)) {
    if (!isWeekday(day) || isHalfDay(request, day)) continue;
    const typed = entries.find((e) => e.day === day);
    // A public holiday is no day of leave: nothing written, but an absence typed there becomes CP (the database locks it all the same).
    if (!typed && holidayOn(day, { alsaceMoselle: place.alsace_moselle })) continue;
    const entry =
      typed ??
      tx.create(TimeEntry, {
        establishment: request.establishment,
        detainee: request.detainee,
        assignment: request.assignment,
        workshop: place.workshop_id,
        day,
        kind: 'absence',
        minutes: 0,
        createdBy: tx.getReference(User, userId),
      });
    entry.kind = 'absence';
    entry.minutes = 0;
    entry.absenceCode = LEAVE_CODE;
  }
  await flushGuarded(tx);
}

/** Deletes the CP entries of a cancelled « Congé », after its status: its days are open to the grid again. */
export async function removeLeaveEntries(tx: EntityManager, request: LeaveRequest): Promise<void> {
  if (request.reason !== 'leave') return;
  await tx.nativeDelete(TimeEntry, {
    assignment: request.assignment.id,
    isAdjustment: false,
    absenceCode: LEAVE_CODE,
    day: { $gte: request.startsOn, $lte: request.endsOn },
  });
}

/** Why leave from `from` to `to` cannot go in the workshop's timesheet (one of its weeks is validated), or null. */
export async function validatedWeekProblem(em: EntityManager, workshopId: number, from: Day, to: Day): Promise<string | null> {
  const [validated] = await em.execute<{ week_start: Day }[]>(
    `select to_char(week_start, 'YYYY-MM-DD') as week_start from timesheet_week
      where workshop_id = ? and status = 'validated' and week_start between ? and ? order by week_start limit 1`,
    [workshopId, mondayOf(from), to],
  );
  return validated
    ? `La semaine du ${formatShortDay(validated.week_start)} est déjà validée pour cet atelier : ses jours ne peuvent plus recevoir de congé.`
    : null;
}
