import type { EntityManager } from '@mikro-orm/postgresql';
import type { Day } from '../platform/calendar.ts';
import { RuleError } from '../platform/errors.ts';
import { formatMinutes, plural } from '../platform/format.ts';
import { type ContractChange, entriesOutside } from './rules.ts';

/** The time a person holds on one day under one assignment or enrollment (an entry and its adjustments). */
export interface TimedDay {
  person: string;
  day: Day;
  /** The workshop's name, or the training's title. */
  place: string;
  minutes: number;
  /** The day's week is validated on its sheet. */
  validated: boolean;
  workshopId: number | null;
  sessionId: number | null;
  assignmentId: number | null;
  enrollmentId: number | null;
}

/**
 * Recording the change would leave time already typed outside the contract: the user must
 * choose, with the entries before their eyes (« Annuler », or save anyway and the time
 * becomes « heures hors contrat », not paid, to correct). Nothing is saved meanwhile.
 */
export class OutsideTimeError extends RuleError {
  constructor(readonly entries: TimedDay[]) {
    const minutes = entries.reduce((n, e) => n + e.minutes, 0);
    const many = entries.length > 1;
    super(
      `${plural(entries.length, 'saisie', 'saisies')} (${formatMinutes(minutes)}) ${many ? 'tomberaient' : 'tomberait'} hors du contrat et ne ${many ? 'seraient' : 'serait'} pas ${many ? 'payées' : 'payée'}.`,
      409,
    );
  }
}

/**
 * The days holding time of one assignment, or of all of a person's sheets, one row per
 * holder and day (adjustments added in), with whether the week is validated.
 */
export async function timedDays(em: EntityManager, of: { assignmentId: number } | { detaineeId: number }): Promise<TimedDay[]> {
  const [column, id] = 'assignmentId' in of ? ['e.assignment_id', of.assignmentId] : ['e.detainee_id', of.detaineeId];
  const rows = await em.getConnection().execute<
    Array<{
      person: string;
      day: string;
      place: string;
      minutes: number;
      validated: boolean;
      workshop_id: number | null;
      session_id: number | null;
      assignment_id: number | null;
      enrollment_id: number | null;
    }>
  >(
    `select upper(d.last_name) || ' ' || d.first_name as person, to_char(e.day, 'YYYY-MM-DD') as day,
            coalesce(w.name, pr.title, '') as place, sum(e.minutes)::int as minutes,
            e.workshop_id, e.session_id, e.assignment_id, e.enrollment_id,
            exists (select 1 from timesheet_week tw where tw.status = 'validated'
                      and tw.week_start = e.day - (extract(isodow from e.day)::integer - 1)
                      and (tw.workshop_id = e.workshop_id or tw.session_id = e.session_id)) as validated
       from time_entry e join detainee d on d.id = e.detainee_id
       left join workshop w on w.id = e.workshop_id
       left join training_session s on s.id = e.session_id left join training_programme pr on pr.id = s.programme_id
      where ${column} = ?
      group by d.last_name, d.first_name, e.day, w.name, pr.title, e.workshop_id, e.session_id, e.assignment_id, e.enrollment_id
     having sum(e.minutes) <> 0
      order by e.day, place`,
    [id],
  );
  return rows.map((r) => ({
    person: r.person,
    day: r.day,
    place: r.place,
    minutes: r.minutes,
    validated: r.validated,
    workshopId: r.workshop_id,
    sessionId: r.session_id,
    assignmentId: r.assignment_id,
    enrollmentId: r.enrollment_id,
  }));
}

/**
 * Refuses `change` while it would leave typed time outside the contract, unless the user
 * confirmed: then that time stays where it is, not paid (the pay reads only payable time),
 * and the person's page lists it for correction.
 */
export async function refuseOutsideTime(
  em: EntityManager,
  of: { assignmentId: number } | { detaineeId: number },
  change: ContractChange,
  confirmed: boolean,
): Promise<void> {
  if (confirmed) return;
  const outside = entriesOutside(await timedDays(em, of), change);
  if (outside.length > 0) throw new OutsideTimeError(outside);
}
