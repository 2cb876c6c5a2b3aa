import type { EntityManager } from '@mikro-orm/postgresql';
import { Assignment, Enrollment } from '../assignments/entities.ts';
import { Detainee, personName } from '../detainees/entities.ts';
import { daysWithoutOf } from '../detainees/service.ts';
import { Establishment } from '../establishments/entities.ts';
import { heldSql } from '../holdings/service.ts';
import { type Day, mondayOf, plusDays } from '../platform/calendar.ts';
import { groupBy } from '../platform/group.ts';
import { holidayOn } from '../platform/holidays.ts';
import type { Scope } from '../platform/scope.ts';
import { Workshop } from '../workshops/entities.ts';

/**
 * What needs the signed-in person, for their home page: the weeks of hours to fill or
 * validate, and for a coordinator the people whose situation asks for a decision soon.
 * Each function reads every establishment of the scope at once: the number of queries does
 * not grow with the workshops or the people.
 */

/** How far back the home looks for weeks left unfilled or unvalidated: two months of pay. */
export const WEEKS_LOOKED_BACK = 8;
/** Planned ends of contract and expected releases within this many days. */
export const SOON_DAYS = 30;
/** People without work or training for more than this many days. */
export const IDLE_DAYS = 7;

export type WeekState = 'to_fill' | 'filled' | 'validated';

export interface WorkshopWeek {
  workshopId: number;
  workshopName: string;
  establishmentId: number;
  establishmentName: string;
  monday: Day;
  state: WeekState;
  /** Cells of past weekdays (not public holidays) where a holder, neither suspended nor out of contract, has nothing. */
  missingCells: number;
  /** Whether anyone held a post or any time was entered that week. */
  active: boolean;
  /** « Semaine complète »: when and by whom the partner said the week is ready to validate; null when not said (or cleared by a later change). */
  completed: { at: Date; by: string } | null;
}

export interface PersonLine {
  establishmentId: number;
  detaineeId: number;
  /** « NOM Prénom ». */
  name: string;
  /** What the line is about: the post, the target of a candidacy; empty when nothing. */
  about: string;
  /** The date the line is about (end of trial, planned end, release, submission); for idle people, the number of days. */
  on: Day;
}

export interface IdleLine extends Omit<PersonLine, 'on'> {
  days: number;
}

/** How many leave requests on the home, per establishment: the oldest asked first. */
export const LEAVE_REQUESTS_SHOWN = 3;

/** A leave request waiting for a decision, as the home lists it. */
export interface PendingLeaveLine {
  detaineeId: number;
  /** « NOM Prénom ». */
  name: string;
  startsOn: Day;
  endsOn: Day;
  startsAfternoon: boolean;
  endsMorning: boolean;
  /** Working days, in hundredths. */
  days: number;
  /** Who entered it (a coordinator or the workshop's partner). */
  askedBy: string;
}

export interface EstablishmentAgenda {
  id: number;
  name: string;
  /** Weeks to fill, and past weeks to validate, newest first. */
  weeks: WorkshopWeek[];
  trialsEnding: PersonLine[];
  plannedEnds: PersonLine[];
  releases: PersonLine[];
  idle: IdleLine[];
  awaitingCpu: PersonLine[];
  /** Leave requests waiting for a decision: how many, and the oldest asked. */
  leaveRequests: { count: number; oldest: PendingLeaveLine[] };
}

/** Whether a coordinator has something to do about the week: cells to fill, or a finished week to validate. */
export function needsCoordinator(week: WorkshopWeek, today: Day): boolean {
  if (!week.active || week.state === 'validated') return false;
  return week.state === 'to_fill' || plusDays(week.monday, 6) < today;
}

/** A week the partner signalled complete and that still has every cell filled. */
export function readyToValidate(week: WorkshopWeek): boolean {
  return week.completed !== null && week.state === 'filled';
}

/**
 * Each visible workshop's weeks from `firstMonday` to this week, with their state. A cell is
 * missing on a weekday before today, not a public holiday, when someone held a post of the
 * workshop that day, was not suspended, and no time (work or absence) is entered.
 */
export async function workshopWeeks(em: EntityManager, scope: Scope, today: Day, firstMonday: Day): Promise<WorkshopWeek[]> {
  const workshops = await em.find(
    Workshop,
    { ...scope.workshopFilter(), archivedAt: null, establishment: { archivedAt: null } },
    { populate: ['establishment'], orderBy: { name: 'asc', id: 'asc' } },
  );
  if (workshops.length === 0) return [];
  const ids = workshops.map((w) => w.id);
  const thisMonday = mondayOf(today);
  const lastDay = plusDays(today, -1);
  const connection = em.getConnection();
  const [expected, entered, statuses] = await Promise.all([
    lastDay < firstMonday
      ? []
      : connection.execute<{ workshop_id: number; day: string; missing: number; held: number }[]>(
          `with days as (select d::date as day from generate_series(?::date, ?::date, interval '1 day') d where extract(isodow from d) <= 5)
           select p.workshop_id, to_char(days.day, 'YYYY-MM-DD') as day, count(*)::int as held,
                  count(*) filter (where not exists (
                    select 1 from time_entry e where e.assignment_id = a.id and e.day = days.day and not e.is_adjustment))::int as missing
             from assignment a
             join post p on p.id = a.post_id
             join days on a.starts_on <= days.day and (a.ended_on is null or a.ended_on >= days.day)
            where p.workshop_id in (?)
              and not exists (select 1 from assignment_suspension s
                               where s.assignment_id = a.id and s.starts_on <= days.day and (s.ends_on is null or s.ends_on >= days.day))
            group by p.workshop_id, days.day`,
          [firstMonday, lastDay, ids],
        ),
    connection.execute<{ workshop_id: number; monday: string }[]>(
      `select distinct workshop_id, to_char(date_trunc('week', day), 'YYYY-MM-DD') as monday
         from time_entry where workshop_id in (?) and day between ?::date and ?::date`,
      [ids, firstMonday, plusDays(thisMonday, 6)],
    ),
    connection.execute<{ workshop_id: number; monday: string; status: string; completed_at: Date | null; completed_by: string | null }[]>(
      `select t.workshop_id, to_char(t.week_start, 'YYYY-MM-DD') as monday, t.status, t.completed_at, u.display_name as completed_by
         from timesheet_week t left join app_user u on u.id = t.completed_by_id
        where t.workshop_id in (?) and t.week_start between ?::date and ?::date and (t.status = 'validated' or t.completed_at is not null)`,
      [ids, firstMonday, thisMonday],
    ),
  ]);
  const key = (workshopId: number, monday: Day) => `${workshopId}:${monday}`;
  const byId = new Map(workshops.map((w) => [w.id, w]));
  const missing = new Map<string, number>();
  const active = new Set(entered.map((r) => key(r.workshop_id, r.monday)));
  for (const r of expected) {
    const workshop = byId.get(r.workshop_id);
    if (!workshop || holidayOn(r.day, { alsaceMoselle: workshop.establishment.alsaceMoselle })) continue;
    const k = key(r.workshop_id, mondayOf(r.day));
    active.add(k);
    missing.set(k, (missing.get(k) ?? 0) + r.missing);
  }
  // Someone holding a post this week counts even before their first day to fill (a Monday morning).
  for (const r of await heldThisWeek(em, ids, thisMonday)) active.add(key(r, thisMonday));
  const validated = new Set(statuses.filter((r) => r.status === 'validated').map((r) => key(r.workshop_id, r.monday)));
  const completed = new Map(
    statuses.flatMap((r) => (r.completed_at ? [[key(r.workshop_id, r.monday), { at: new Date(r.completed_at), by: r.completed_by ?? '' }] as const] : [])),
  );
  const weeks: WorkshopWeek[] = [];
  for (let monday = thisMonday; monday >= firstMonday; monday = plusDays(monday, -7)) {
    for (const w of workshops) {
      const k = key(w.id, monday);
      const missingCells = missing.get(k) ?? 0;
      weeks.push({
        workshopId: w.id,
        workshopName: w.name,
        establishmentId: w.establishment.id,
        establishmentName: w.establishment.name,
        monday,
        state: validated.has(k) ? 'validated' : missingCells > 0 ? 'to_fill' : 'filled',
        missingCells: validated.has(k) ? 0 : missingCells,
        active: active.has(k),
        completed: completed.get(k) ?? null,
      });
    }
  }
  return weeks;
}

async function heldThisWeek(em: EntityManager, workshopIds: number[], monday: Day): Promise<number[]> {
  const rows = await em
    .getConnection()
    .execute<{ workshop_id: number }[]>(
      `select distinct p.workshop_id from assignment a join post p on p.id = a.post_id where p.workshop_id in (?) and ${heldSql('a')}`,
      [workshopIds, plusDays(monday, 6), monday],
    );
  return rows.map((r) => r.workshop_id);
}

/** The partner's workshops, this week and last, whatever their state: what its staff fill. */
export async function partnerWeeks(em: EntityManager, scope: Scope, today: Day): Promise<WorkshopWeek[]> {
  scope.must(scope.isPartnerStaff);
  return workshopWeeks(em, scope, today, plusDays(mondayOf(today), -7));
}

/** For each establishment a coordinator (or an admin) manages: what needs them, as of `today`. */
export async function coordinatorAgenda(em: EntityManager, scope: Scope, today: Day): Promise<EstablishmentAgenda[]> {
  scope.must(scope.managesEstablishments);
  const visible = scope.visibleEstablishmentIds();
  const establishments = await em.find(Establishment, { archivedAt: null, ...(visible === null ? {} : { id: { $in: [...visible] } }) });
  if (establishments.length === 0) return [];
  establishments.sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.id - b.id);
  const ids = establishments.map((e) => e.id);
  const monday = mondayOf(today);
  const [weeks, people, idle, leave] = await Promise.all([
    workshopWeeks(em, scope, today, plusDays(monday, -7 * WEEKS_LOOKED_BACK)),
    peopleLines(em, ids, today),
    idlePeople(em, ids, today),
    pendingLeave(em, ids),
  ]);
  return establishments.map((e) => {
    const mine = <T extends { establishmentId: number }>(rows: T[]) => rows.filter((r) => r.establishmentId === e.id);
    return {
      id: e.id,
      name: e.name,
      // The weeks the partner signalled complete first: they wait for nothing but the validation.
      weeks: mine(weeks)
        .filter((w) => needsCoordinator(w, today))
        .sort((a, b) => Number(readyToValidate(b)) - Number(readyToValidate(a))),
      trialsEnding: mine(people.trialsEnding),
      plannedEnds: mine(people.plannedEnds),
      releases: mine(people.releases),
      idle: mine(idle),
      awaitingCpu: mine(people.awaitingCpu),
      leaveRequests: { count: leave.get(e.id)?.[0]?.total ?? 0, oldest: (leave.get(e.id) ?? []).map((r) => r.line) },
    };
  });
}

type Row = { establishment_id: number; detainee_id: number; name: string; about: string; on: string };
const line = (r: Row): PersonLine => ({ establishmentId: r.establishment_id, detaineeId: r.detainee_id, name: r.name, about: r.about, on: r.on });

const NAME = `upper(d.last_name) || ' ' || d.first_name as name`;
const POST = `p.code || ' · ' || p.title || ' (' || w.name || ')' as about`;

/**
 * Trials ending this week (still held on their last trial day), contracts whose planned end
 * is within 30 days or passed without being recorded, expected releases within 30 days, and
 * candidacies waiting for the CPU's opinion.
 */
async function peopleLines(em: EntityManager, establishmentIds: number[], today: Day) {
  const connection = em.getConnection();
  const monday = mondayOf(today);
  const soon = plusDays(today, SOON_DAYS);
  const assignmentsFrom = `from assignment a join detainee d on d.id = a.detainee_id join post p on p.id = a.post_id join workshop w on w.id = p.workshop_id
    where a.establishment_id in (?)`;
  const [trialsEnding, plannedEnds, releases, awaitingCpu] = await Promise.all([
    connection.execute<Row[]>(
      `select a.establishment_id, d.id as detainee_id, ${NAME}, ${POST}, to_char(a.trial_ends_on, 'YYYY-MM-DD') as on
         ${assignmentsFrom} and a.trial_ends_on between ?::date and ?::date and a.trial_ends_on >= a.starts_on
          and (a.ended_on is null or a.ended_on >= a.trial_ends_on)
        order by a.trial_ends_on, name`,
      [establishmentIds, monday, plusDays(monday, 6)],
    ),
    connection.execute<Row[]>(
      `select a.establishment_id, d.id as detainee_id, ${NAME}, ${POST}, to_char(a.contract_ends_on, 'YYYY-MM-DD') as on
         ${assignmentsFrom} and a.ended_on is null and a.contract_ends_on <= ?::date
        order by a.contract_ends_on, name`,
      [establishmentIds, soon],
    ),
    connection.execute<Row[]>(
      `select d.establishment_id, d.id as detainee_id, ${NAME}, '' as about, to_char(d.expected_release_date, 'YYYY-MM-DD') as on
         from detainee d
        where d.establishment_id in (?) and d.status = 'present' and d.expected_release_date between ?::date and ?::date
        order by d.expected_release_date, name`,
      [establishmentIds, today, soon],
    ),
    connection.execute<Row[]>(
      `select c.establishment_id, d.id as detainee_id, ${NAME}, to_char(c.submitted_on, 'YYYY-MM-DD') as on,
              coalesce(p.code || ' · ' || p.title, w.name, tp.title || ' (session du ' || to_char(s.starts_on, 'DD/MM/YYYY') || ')', '')
                || case when c.proposed_by = 'partner' then ', proposée par la structure' else '' end as about
         from candidacy c join detainee d on d.id = c.detainee_id
         left join post p on p.id = c.post_id
         left join workshop w on w.id = coalesce(c.workshop_id, p.workshop_id)
         left join training_session s on s.id = c.session_id
         left join training_programme tp on tp.id = s.programme_id
        where c.establishment_id in (?) and c.status = 'submitted'
        order by c.submitted_on, name`,
      [establishmentIds],
    ),
  ]);
  return { trialsEnding: trialsEnding.map(line), plannedEnds: plannedEnds.map(line), releases: releases.map(line), awaitingCpu: awaitingCpu.map(line) };
}

/** Present people without work or training for more than IDLE_DAYS days, the longest first (the rule of the « sans activité » list). */
async function idlePeople(em: EntityManager, establishmentIds: number[], today: Day): Promise<IdleLine[]> {
  const people = await em.find(Detainee, { establishment: { $in: establishmentIds }, status: 'present', arrivalDate: { $lte: today } });
  if (people.length === 0) return [];
  const ids = people.map((d) => d.id);
  const [assignments, enrollments] = await Promise.all([
    em.find(Assignment, { detainee: { $in: ids } }),
    em.find(Enrollment, { detainee: { $in: ids } }, { populate: ['session'] }),
  ]);
  const assignmentsOf = groupBy(assignments, (a) => a.detainee.id);
  const enrollmentsOf = groupBy(enrollments, (e) => e.detainee.id);
  const lines: IdleLine[] = [];
  for (const d of people) {
    const days = daysWithoutOf(d, assignmentsOf.get(d.id) ?? [], enrollmentsOf.get(d.id) ?? [], today);
    if (days !== null && days > IDLE_DAYS) lines.push({ establishmentId: d.establishment.id, detaineeId: d.id, name: d.fullName(), about: '', days });
  }
  return lines.sort((a, b) => b.days - a.days || a.name.localeCompare(b.name, 'fr'));
}

/** The leave requests waiting for a decision in every establishment at once: each one's count and its oldest asked. */
async function pendingLeave(em: EntityManager, establishmentIds: number[]) {
  const rows = await em.getConnection().execute<
    Array<{
      establishment_id: number;
      detainee_id: number;
      last_name: string;
      first_name: string;
      starts_on: Day;
      ends_on: Day;
      starts_afternoon: boolean;
      ends_morning: boolean;
      days: number;
      asked_by: string | null;
      total: number;
    }>
  >(
    `select * from (
       select r.establishment_id, r.detainee_id, d.last_name, d.first_name, to_char(r.starts_on, 'YYYY-MM-DD') as starts_on,
              to_char(r.ends_on, 'YYYY-MM-DD') as ends_on, r.starts_afternoon, r.ends_morning, r.days, u.display_name as asked_by,
              (count(*) over (partition by r.establishment_id))::int as total,
              row_number() over (partition by r.establishment_id order by r.created_at, r.id) as rank
         from leave_request r join detainee d on d.id = r.detainee_id left join app_user u on u.id = r.created_by_id
        where r.establishment_id in (?) and r.status = 'requested') pending
      where rank <= ? order by establishment_id, rank`,
    [establishmentIds, LEAVE_REQUESTS_SHOWN],
  );
  const lines = rows.map((r) => ({
    establishmentId: r.establishment_id,
    total: r.total,
    line: {
      detaineeId: r.detainee_id,
      name: personName(r.last_name, r.first_name),
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      startsAfternoon: r.starts_afternoon,
      endsMorning: r.ends_morning,
      days: r.days,
      askedBy: r.asked_by ?? 'la coordination',
    },
  }));
  return groupBy(lines, (l) => l.establishmentId);
}
