import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Clock, type Day, mondayOf, plusDays } from '../platform/calendar.ts';
import { ForbiddenError, RuleError } from '../platform/errors.ts';
import { formatShortDate, formatShortDay, plural } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import { holidayOn } from '../platform/holidays.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import type { Workshop } from '../workshops/entities.ts';
import { findWorkshop } from '../workshops/service.ts';
import { TimesheetWeek } from './entities.ts';

/**
 * « Semaine complète » (issue 21, item 1): the workshop's partner tells the coordination that
 * a week is entered and ready to validate. Refused while a cell of the week is missing, once
 * the week is validated, and before it has begun; withdrawn by the partner while the week is
 * not validated. A change of any cell of the week afterwards clears it (a database trigger,
 * in the transaction of the change: migration 20261130213000), so that what the coordinator
 * validates is what the partner signalled.
 */

/** The partner of the workshop signals; another partner's workshop does not exist (404); the establishment's managers see the signal but do not give it (403). */
async function signallable(em: EntityManager, scope: Scope, workshopId: number): Promise<Workshop> {
  const workshop = await findWorkshop(em, scope, workshopId);
  if (!scope.isPartnerStaff) throw new ForbiddenError('Seule la structure partenaire de l’atelier signale une semaine complète.');
  return workshop;
}

/** The week row, created if missing (the unique index on workshop and week holds races), then locked: saves in flight finish first, new ones wait. */
async function lockedWeek(tx: EntityManager, workshop: Workshop, monday: Day): Promise<TimesheetWeek> {
  await tx.execute(
    `insert into timesheet_week (establishment_id, workshop_id, week_start) values (?, ?, ?)
       on conflict (workshop_id, week_start) where workshop_id is not null do nothing`,
    [workshop.establishment.id, workshop.id, monday],
  );
  return tx.findOneOrFail(
    TimesheetWeek,
    { workshop: workshop.id, weekStart: monday },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, populate: ['completedBy'] },
  );
}

/**
 * The cells of the whole week (Monday to Friday, public holidays aside) where someone held a
 * post of the workshop, was not suspended, and nothing is entered; and how many cells there
 * are to fill at all. The same reading as the homes' « cases à remplir », over every weekday.
 */
export async function weekCells(em: EntityManager, workshop: Workshop, monday: Day): Promise<{ expected: number; missing: number }> {
  const rows = await em.execute<{ day: string; held: number; missing: number }[]>(
    `with days as (select d::date as day from generate_series(?::date, ?::date, interval '1 day') d where extract(isodow from d) <= 5)
     select to_char(days.day, 'YYYY-MM-DD') as day, count(*)::int as held,
            count(*) filter (where not exists (
              select 1 from time_entry e where e.assignment_id = a.id and e.day = days.day and not e.is_adjustment))::int as missing
       from assignment a
       join post p on p.id = a.post_id
       join days on a.starts_on <= days.day and (a.ended_on is null or a.ended_on >= days.day)
      where p.workshop_id = ?
        and not exists (select 1 from assignment_suspension s
                         where s.assignment_id = a.id and s.starts_on <= days.day and (s.ends_on is null or s.ends_on >= days.day))
      group by days.day`,
    [monday, plusDays(monday, 4), workshop.id],
  );
  const working = rows.filter((r) => !holidayOn(r.day, { alsaceMoselle: workshop.establishment.alsaceMoselle }));
  return { expected: working.reduce((n, r) => n + r.held, 0), missing: working.reduce((n, r) => n + r.missing, 0) };
}

/** Who signalled the week and when, in one French line: « signalée complète par Nadia Martin le 30/11/2026 ». */
export function signalLine(week: { completedAt?: Date | null; completedBy?: { displayName: string } | null }): string {
  if (!week.completedAt) return '';
  return `signalée complète${week.completedBy ? ` par ${week.completedBy.displayName}` : ''} le ${formatShortDate(week.completedAt)}`;
}

/** `clock` gives today (a week not begun is refused) and the instant of the signal. */
export async function signalWeekComplete(em: EntityManager, scope: Scope, workshopId: number, day: Day, clock: Clock): Promise<TimesheetWeek> {
  const monday = mondayOf(day);
  const today = clock.today();
  const workshop = await signallable(em, scope, workshopId);
  if (monday > today) throw new RuleError(`La semaine du ${formatShortDay(monday)} n’a pas commencé : elle se signale complète une fois travaillée.`, 422);
  return em.transactional(async (tx) => {
    const week = await lockedWeek(tx, workshop, monday);
    if (week.isValidated()) throw new RuleError('Cette semaine est déjà validée : il n’y a plus rien à signaler.', 409);
    if (week.completedAt) throw new RuleError(`Cette semaine est déjà ${signalLine(week)}.`, 409);
    const { expected, missing } = await weekCells(tx, workshop, monday);
    if (expected === 0) throw new RuleError('Personne n’est à pointer dans cet atelier cette semaine : il n’y a rien à signaler.', 422);
    if (missing > 0) {
      throw new RuleError(
        `Il manque encore ${plural(missing, 'case', 'cases')} dans la semaine du ${formatShortDay(monday)} : remplissez la feuille, puis signalez-la complète.`,
        422,
      );
    }
    week.completedAt = clock.now();
    week.completedBy = tx.getReference(User, scope.userId);
    await flushGuarded(tx);
    return week;
  });
}

export async function withdrawWeekSignal(em: EntityManager, scope: Scope, workshopId: number, day: Day): Promise<TimesheetWeek> {
  const monday = mondayOf(day);
  const workshop = await signallable(em, scope, workshopId);
  return em.transactional(async (tx) => {
    const week = await lockedWeek(tx, workshop, monday);
    if (week.isValidated()) throw new RuleError('Cette semaine est validée : son signalement ne se retire plus.', 409);
    if (!week.completedAt) throw new RuleError('Cette semaine n’est pas signalée complète.', 409);
    week.completedAt = null;
    week.completedBy = null;
    await flushGuarded(tx);
    return week;
  });
}
