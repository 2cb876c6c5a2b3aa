/**
 * A workshop's month of leave (issue 19, item 5): the people holding one of its posts in the
 * month, day by day. A leave day is a day of an approved leave request, or a day typed « CP » in the
 * workshop's timesheet (as corrected). Weekends and public holidays are marked.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { heldSql } from '../holdings/service.ts';
import { dayAbsence } from '../hours/absence-rules.ts';
import { type Day, type Month, monthBounds, plusDays } from '../platform/calendar.ts';
import { holidayOn } from '../platform/holidays.ts';
import type { Scope } from '../platform/scope.ts';
import { findWorkshop } from '../workshops/service.ts';

/** The absence code that the timesheet uses for paid leave. */
export const LEAVE_CODE = 'CP';

export interface CalendarDay {
  day: Day;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  weekend: boolean;
  holiday: string | null;
}

export interface CalendarRow {
  detaineeId: number;
  name: string;
  posts: string[];
  leave: ReadonlySet<Day>;
  /** Of those, the days taken for half a day only (the first day's afternoon, the last day's morning). */
  halfDays: ReadonlySet<Day>;
}

export interface LeaveCalendar {
  workshop: { id: number; name: string; establishmentId: number; establishmentName: string };
  month: Month;
  days: CalendarDay[];
  rows: CalendarRow[];
}

/** The days of the month, with their weekday, weekend and holiday. */
export function monthDays(month: Month, alsaceMoselle: boolean): CalendarDay[] {
  const [first, last] = monthBounds(month);
  const days: CalendarDay[] = [];
  for (let day = first; day <= last; day = plusDays(day, 1)) {
    const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    days.push({ day, weekday, weekend: weekday >= 6, holiday: holidayOn(day, { alsaceMoselle }) });
  }
  return days;
}

/**
 * The workshop's calendar for the month: its establishment's managers and its partner (names and
 * posts only; a leave day says no more than « Congé »); any other workshop is a 404.
 */
export async function leaveCalendar(em: EntityManager, scope: Scope, workshopId: number, month: Month): Promise<LeaveCalendar> {
  const workshop = await findWorkshop(em, scope, workshopId);
  const [first, last] = monthBounds(month);
  const [holders, entries, approved] = await Promise.all([
    em.execute<{ detainee_id: number; last_name: string; first_name: string; code: string; title: string }[]>(
      `select distinct d.id as detainee_id, d.last_name, d.first_name, p.code, p.title
         from assignment a join post p on p.id = a.post_id join detainee d on d.id = a.detainee_id
        where p.workshop_id = ? and ${heldSql('a')}
        order by d.last_name, d.first_name, d.id, p.code`,
      [workshop.id, last, first],
    ),
    em.execute<{ id: number; detainee_id: number; assignment_id: number; day: Day; kind: string; absence_code: string | null; is_adjustment: boolean }[]>(
      `select e.id, e.detainee_id, e.assignment_id, to_char(e.day, 'YYYY-MM-DD') as day, e.kind, e.absence_code, e.is_adjustment
         from time_entry e
        where e.workshop_id = ? and e.day between ?::date and ?::date and e.assignment_id is not null and e.kind in ('work', 'absence')
        order by e.day, e.id`,
      [workshop.id, first, last],
    ),
    // Approved leave of the workshop's contracts that month: each day of it, within the month.
    em.execute<{ detainee_id: number; day: Day; half: boolean }[]>(
      `select r.detainee_id, to_char(d, 'YYYY-MM-DD') as day,
              (d::date = r.starts_on and r.starts_afternoon) or (d::date = r.ends_on and r.ends_morning) as half
         from leave_request r join assignment a on a.id = r.assignment_id join post p on p.id = a.post_id
         cross join lateral generate_series(greatest(r.starts_on, ?::date), least(r.ends_on, ?::date), interval '1 day') d
        where p.workshop_id = ? and r.status = 'approved' and r.reason = 'leave' and extract(isodow from d) <= 5`,
      [first, last, workshop.id],
    ),
  ]);
  // A day's cells per person and contract, read as corrected (the last correction wins).
  const cells = new Map<string, typeof entries>();
  for (const e of entries) {
    const key = `${e.detainee_id}|${e.assignment_id}|${e.day}`;
    cells.set(key, [...(cells.get(key) ?? []), e]);
  }
  const leave = new Map<number, Set<Day>>();
  for (const rows of cells.values()) {
    const code = dayAbsence(rows.map((r) => ({ id: r.id, kind: r.kind, absenceCode: r.absence_code, isAdjustment: r.is_adjustment })));
    const head = rows[0];
    if (code === LEAVE_CODE && head) leave.set(head.detainee_id, (leave.get(head.detainee_id) ?? new Set()).add(head.day));
  }
  const halves = new Map<number, Set<Day>>();
  for (const r of approved) {
    leave.set(r.detainee_id, (leave.get(r.detainee_id) ?? new Set()).add(r.day));
    if (r.half) halves.set(r.detainee_id, (halves.get(r.detainee_id) ?? new Set()).add(r.day));
  }
  const people = new Map<number, CalendarRow>();
  for (const h of holders) {
    const row = people.get(h.detainee_id) ?? {
      detaineeId: h.detainee_id,
      name: `${h.last_name.toUpperCase()} ${h.first_name}`,
      posts: [],
      leave: leave.get(h.detainee_id) ?? new Set(),
      halfDays: halves.get(h.detainee_id) ?? new Set(),
    };
    row.posts.push(`${h.code} ${h.title}`);
    people.set(h.detainee_id, row);
  }
  return {
    workshop: { id: workshop.id, name: workshop.name, establishmentId: workshop.establishment.id, establishmentName: workshop.establishment.name },
    month,
    days: monthDays(month, workshop.establishment.alsaceMoselle),
    rows: [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr')),
  };
}
