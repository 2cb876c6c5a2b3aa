import type { EntityManager } from '@mikro-orm/postgresql';
import { mondayOf, plusDays } from '../platform/calendar.ts';
import { publicHolidays } from '../platform/holidays.ts';

/** Each establishment's first workshop (last week left with its last working day untyped) and first two (last week left open). */
const FIRST_WORKSHOPS = 'select min(id) from workshop group by establishment_id';
const FIRST_TWO_WORKSHOPS = 'select id from (select id, row_number() over (partition by establishment_id order by id) as n from workshop) w where n <= 2';

/**
 * Six months of fictitious time for the demo: every weekday of every assignment (a fifth of
 * the contract's hours, in quarters of an hour), outside suspensions, with a few absences
 * (reasons of D412-32, and some unjustified ones);
 * public holidays off (R412-62), every past week validated but two (see below), the current week left open. Written as rows, so the database
 * guards check them.
 */
export async function createDemoHours(em: EntityManager, today: string): Promise<void> {
  const year = Number(today.slice(0, 4));
  const holidays = [year - 1, year].flatMap((y) => [...publicHolidays(y).keys()]);
  const lastMonday = plusDays(mondayOf(today), -7);
  // Last week's last working day (Friday, or the day before when it is a public holiday) is left untyped.
  const untyped = [4, 3, 2, 1, 0].map((i) => plusDays(lastMonday, i)).find((d) => !holidays.includes(d)) ?? plusDays(lastMonday, 4);
  await em.execute(
    `insert into time_entry (establishment_id, detainee_id, assignment_id, workshop_id, day, kind, minutes, absence_code)
     select a.establishment_id, a.detainee_id, a.id, p.workshop_id, d::date,
            case when (a.id * 7 + extract(doy from d)::int) % 23 = 0 or (a.id * 3 + extract(doy from d)::int) % 41 = 0 then 'absence' else 'work' end,
            case when (a.id * 7 + extract(doy from d)::int) % 23 = 0 or (a.id * 3 + extract(doy from d)::int) % 41 = 0 then 0
                 else greatest(60, round(a.weekly_minutes / 5.0 / 15) * 15)::int end,
            case when (a.id * 7 + extract(doy from d)::int) % 23 = 0 then (array['MED', 'PAR', 'CJ', 'ENT', 'ESC'])[1 + (a.id + extract(doy from d)::int) % 5]
                 when (a.id * 3 + extract(doy from d)::int) % 41 = 0 then 'AI' end
       from assignment a
       join post p on p.id = a.post_id
       cross join lateral generate_series(greatest(a.starts_on, ?::date - 182), least(coalesce(a.ended_on, ?::date - 1), ?::date - 1), interval '1 day') d
      where extract(isodow from d) <= 5
        and d::date not in (?)
        and not exists (select 1 from assignment_suspension s where s.assignment_id = a.id and d::date between s.starts_on and coalesce(s.ends_on, 'infinity'::date))
        and not (p.workshop_id in (${FIRST_WORKSHOPS}) and d::date = ?::date)`,
    [today, today, today, holidays, untyped],
  );
  // Saving entries opened their weeks; every week before the current one is validated, but last
  // week of each establishment's first two workshops, for the home: one to fill, one to validate.
  await em.execute(
    `update timesheet_week set status = 'validated', validated_at = now()
      where workshop_id is not null and week_start < ?::date
        and not (workshop_id in (${FIRST_TWO_WORKSHOPS}) and week_start = ?::date)`,
    [mondayOf(today), lastMonday],
  );
}
