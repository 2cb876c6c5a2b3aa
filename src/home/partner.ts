import type { EntityManager } from '@mikro-orm/postgresql';
import { type ActivityKind, type CustomerKind, entrySummary, type Severity, type VisitorKind } from '../activity/labels.ts';
import { personName } from '../detainees/entities.ts';
import { heldSql } from '../holdings/service.ts';
import { myOrganisation } from '../partners/service.ts';
import { type Day, mondayOf, plusDays } from '../platform/calendar.ts';
import type { Scope } from '../platform/scope.ts';
import { partnerWeeks, type WorkshopWeek } from './agenda.ts';

/**
 * The partner's home (issue 21, item 1): its workshops with this week's and last week's
 * sheets, today's people (name and post, nothing else), the leave requests its staff entered
 * that wait for a decision, and the last entries of its activity log. Everything for all its
 * workshops at once: the number of queries does not grow with the workshops or the people.
 */

/** How many log entries the home shows, the newest first. */
export const LOG_ENTRIES_SHOWN = 10;

/** Someone working in the workshop today, as a partner is allowed to see them: name and post. */
export interface PersonToday {
  /** « NOM Prénom ». */
  name: string;
  /** « CODE Intitulé ». */
  post: string;
}

export interface PartnerWorkshop {
  id: number;
  name: string;
  establishmentName: string;
  lastWeek: WorkshopWeek | null;
  thisWeek: WorkshopWeek;
  people: PersonToday[];
}

/** A leave request the partner's staff entered, waiting for the coordination's decision. */
export interface PartnerLeaveLine {
  id: number;
  workshopId: number;
  workshopName: string;
  /** « NOM Prénom ». */
  name: string;
  startsOn: Day;
  endsOn: Day;
  startsAfternoon: boolean;
  endsMorning: boolean;
  /** Working days, in hundredths. */
  days: number;
}

export interface LogLine {
  id: number;
  workshopId: number;
  workshopName: string;
  day: Day;
  kind: ActivityKind;
  /** What the entry says, in one French line (`entrySummary`). */
  summary: string;
}

export interface PartnerHome {
  partnerName: string;
  thisMonday: Day;
  lastMonday: Day;
  workshops: PartnerWorkshop[];
  leaveRequests: PartnerLeaveLine[];
  log: LogLine[];
}

export async function partnerHome(em: EntityManager, scope: Scope, today: Day): Promise<PartnerHome> {
  scope.must(scope.isPartnerStaff);
  const partnerId = scope.partnerId ?? 0;
  const thisMonday = mondayOf(today);
  const lastMonday = plusDays(thisMonday, -7);
  const [partner, weeks] = await Promise.all([myOrganisation(em, scope), partnerWeeks(em, scope, today)]);
  const current = weeks.filter((w) => w.monday === thisMonday);
  const ids = current.map((w) => w.workshopId);
  const [people, leaveRequests, log] =
    ids.length === 0 ? [[], [], []] : await Promise.all([peopleToday(em, ids, today), pendingLeave(em, ids, partnerId), recentLog(em, ids, partnerId)]);
  const last = new Map(weeks.filter((w) => w.monday === lastMonday).map((w) => [w.workshopId, w]));
  const workshops = current.map(
    (w): PartnerWorkshop => ({
      id: w.workshopId,
      name: w.workshopName,
      establishmentName: w.establishmentName,
      lastWeek: last.get(w.workshopId) ?? null,
      thisWeek: w,
      people: people.filter((p) => p.workshopId === w.workshopId).map(({ name, post }) => ({ name, post })),
    }),
  );
  return { partnerName: partner?.name ?? '', thisMonday, lastMonday, workshops, leaveRequests, log };
}

/** Those holding a post of the workshops today, not suspended today. */
async function peopleToday(em: EntityManager, workshopIds: number[], today: Day) {
  const rows = await em.getConnection().execute<{ workshop_id: number; last_name: string; first_name: string; code: string; title: string }[]>(
    `select p.workshop_id, d.last_name, d.first_name, p.code, p.title
       from assignment a join post p on p.id = a.post_id join detainee d on d.id = a.detainee_id
      where p.workshop_id in (?) and ${heldSql('a')}
        and not exists (select 1 from assignment_suspension s
                         where s.assignment_id = a.id and s.starts_on <= ?::date and (s.ends_on is null or s.ends_on >= ?::date))
      order by upper(d.last_name), d.first_name, a.id`,
    [workshopIds, today, today, today, today],
  );
  return rows.map((r) => ({ workshopId: r.workshop_id, name: personName(r.last_name, r.first_name), post: `${r.code} ${r.title}` }));
}

/** Requests entered by the partner's staff for people of its workshops, still waiting: the first days first. */
async function pendingLeave(em: EntityManager, workshopIds: number[], partnerId: number): Promise<PartnerLeaveLine[]> {
  const rows = await em.getConnection().execute<
    {
      id: number;
      workshop_id: number;
      workshop: string;
      last_name: string;
      first_name: string;
      starts_on: Day;
      ends_on: Day;
      starts_afternoon: boolean;
      ends_morning: boolean;
      days: number;
    }[]
  >(
    `select r.id, p.workshop_id, w.name as workshop, d.last_name, d.first_name, to_char(r.starts_on, 'YYYY-MM-DD') as starts_on,
            to_char(r.ends_on, 'YYYY-MM-DD') as ends_on, r.starts_afternoon, r.ends_morning, r.days
       from leave_request r
       join assignment a on a.id = r.assignment_id join post p on p.id = a.post_id join workshop w on w.id = p.workshop_id
       join detainee d on d.id = r.detainee_id
       join app_user u on u.id = r.created_by_id
      where r.status = 'requested' and p.workshop_id in (?) and u.partner_id = ?
      order by r.starts_on, r.id`,
    [workshopIds, partnerId],
  );
  return rows.map((r) => ({
    id: r.id,
    workshopId: r.workshop_id,
    workshopName: r.workshop,
    name: personName(r.last_name, r.first_name),
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    startsAfternoon: r.starts_afternoon,
    endsMorning: r.ends_morning,
    days: r.days,
  }));
}

/** The partner's last log entries in its workshops, an entry corrected by a later one left out (its correction counts). */
async function recentLog(em: EntityManager, workshopIds: number[], partnerId: number): Promise<LogLine[]> {
  const rows = await em.getConnection().execute<
    {
      id: number;
      workshop_id: number;
      workshop: string;
      day: Day;
      kind: ActivityKind;
      quantity: string | null;
      unit: string;
      customer_kind: CustomerKind | null;
      topic: string;
      minutes: number | null;
      participants: number | null;
      visitor_kind: VisitorKind | null;
      severity: Severity | null;
      description: string;
    }[]
  >(
    `select e.id, e.workshop_id, w.name as workshop, to_char(e.day, 'YYYY-MM-DD') as day, e.kind, e.quantity, e.unit, e.customer_kind,
            e.topic, e.minutes, e.participants, e.visitor_kind, e.severity, e.description
       from activity_entry e join workshop w on w.id = e.workshop_id
      where e.workshop_id in (?) and e.partner_id = ?
        and not exists (select 1 from activity_entry c where c.corrects_id = e.id)
      order by e.day desc, e.created_at desc, e.id desc
      limit ?`,
    [workshopIds, partnerId, LOG_ENTRIES_SHOWN],
  );
  return rows.map((r) => ({
    id: r.id,
    workshopId: r.workshop_id,
    workshopName: r.workshop,
    day: r.day,
    kind: r.kind,
    summary: entrySummary({
      kind: r.kind,
      quantity: r.quantity,
      unit: r.unit,
      customerKind: r.customer_kind,
      topic: r.topic,
      minutes: r.minutes,
      participants: r.participants,
      visitorKind: r.visitor_kind,
      severity: r.severity,
      description: r.description,
    }),
  }));
}
