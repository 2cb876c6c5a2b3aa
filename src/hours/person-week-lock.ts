import type { EntityManager } from '@mikro-orm/postgresql';
import { type Day, daysBetween, mondayOf } from '../platform/calendar.ts';

/**
 * Every writer of a person's week takes this lock first (cell, whole week, copy, import,
 * adjustment, the approval or cancellation of a leave), for the transaction: the week's other
 * entries it then reads stay as read until it commits, whatever the sheet (two workshops, a
 * workshop and a training session).
 */
export async function lockPersonWeek(em: EntityManager, detaineeId: number, day: Day): Promise<void> {
  const week = Math.floor(daysBetween('1970-01-05', mondayOf(day)) / 7);
  await em.execute('select pg_advisory_xact_lock(?, ?)', [detaineeId, week]);
}
