import type { EntityManager } from '@mikro-orm/postgresql';
import { Assignment } from '../assignments/entities.ts';
import { type Day, toDay } from '../platform/calendar.ts';
import { type HoldingPeriod, holdsOn, vacantDays } from './rules.ts';

/**
 * The one answer to "who holds which post on which day", for the ORM and for SQL. Every
 * feature that asks (board, grid, pay, « sans activité », archiving, reports) uses these,
 * so that a change of the rule (./rules.ts) is made once.
 *
 * The ORM filters carry an `$or`: spread them into a filter that has none of its own.
 * They read `startsOn`/`endedOn`, so they select enrollments (a place in a session) too.
 */

/** ORM filter: assignments holding their post on `day`. */
export const heldOn = (day: Day) => ({ startsOn: { $lte: day }, ...heldOnOrAfter(day) });

/** ORM filter: assignments holding their post on at least one day of [from, to] (`to` null: with no end). */
export const heldDuring = (from: Day, to: Day | null) => ({ ...(to === null ? {} : { startsOn: { $lte: to } }), ...heldOnOrAfter(from) });

/** ORM filter: assignments holding their post on `day` or from a later date. */
export const heldOnOrAfter = (day: Day) => ({ $or: [{ endedOn: null }, { endedOn: { $gte: day } }] });

/**
 * SQL condition, for the raw queries that cannot go through the ORM: the assignment aliased
 * `a` holds its post on a day of [first, last]; bind `[last, first]`, so `[day, day]` for one day.
 */
export function heldSql(a = 'a'): string {
  return `(${a}.starts_on <= ?::date and (${a}.ended_on is null or ${a}.ended_on >= ?::date))`;
}

/** SQL: the Paris calendar day a post was created (a timestamp's day depends on the time zone). */
export const POST_CREATED_ON_SQL = "(p.created_at at time zone 'Europe/Paris')::date";

/** Post id → the first day of its current vacancy, for each of the establishment’s posts (not archived) that no one holds on `day`. */
export async function vacanciesOn(em: EntityManager, establishmentId: number, day: Day): Promise<Map<number, Day>> {
  const rows = await em.getConnection().execute<{ post_id: number; since: string }[]>(
    `select p.id as post_id,
            to_char(coalesce(max(a.ended_on) filter (where a.ended_on < ?::date) + 1, ${POST_CREATED_ON_SQL}), 'YYYY-MM-DD') as since
       from post p left join assignment a on a.post_id = p.id
      where p.establishment_id = ? and p.archived_at is null
      group by p.id
     having not coalesce(bool_or(${heldSql('a')}), false)`,
    [day, establishmentId, day, day],
  );
  return new Map(rows.map((r) => [r.post_id, r.since]));
}

/** The posts of `posts` that no one holds on `day` or later: those an assignment from `day`, with no end, may take. */
export async function freeFrom<T extends { id: number }>(em: EntityManager, posts: readonly T[], day: Day): Promise<T[]> {
  if (posts.length === 0) return [];
  const held = await em.find(Assignment, { post: { $in: posts.map((p) => p.id) }, ...heldOnOrAfter(day) }, { fields: ['post'] });
  const heldIds = new Set(held.map((a) => a.post.id));
  return posts.filter((p) => !heldIds.has(p.id));
}

export interface Occupancy {
  /** Who holds the post on the day, « NOM Prénom »; null when vacant. */
  holder: string | null;
  /** Days of the period on which the post existed and no one held it. */
  vacantDays: number;
}

/** Post id → who holds it on `day` and how many days of [from, day] it stood vacant, for each of `posts` (one query). */
export async function occupancyOn(
  em: EntityManager,
  posts: ReadonlyArray<{ id: number; createdAt: Date }>,
  from: Day,
  day: Day,
): Promise<Map<number, Occupancy>> {
  if (posts.length === 0) return new Map();
  const rows = await em.getConnection().execute<{ post_id: number; starts_on: string; ended_on: string | null; name: string }[]>(
    `select a.post_id, to_char(a.starts_on, 'YYYY-MM-DD') as starts_on, to_char(a.ended_on, 'YYYY-MM-DD') as ended_on,
            upper(d.last_name) || ' ' || d.first_name as name
       from assignment a join detainee d on d.id = a.detainee_id
      where a.post_id in (?) and ${heldSql('a')}`,
    [posts.map((p) => p.id), day, from],
  );
  const byPost = new Map<number, Array<HoldingPeriod & { name: string }>>();
  for (const r of rows) byPost.set(r.post_id, [...(byPost.get(r.post_id) ?? []), { startsOn: r.starts_on, endedOn: r.ended_on, name: r.name }]);
  return new Map(
    posts.map((post) => {
      const periods = byPost.get(post.id) ?? [];
      const holder = periods.find((p) => holdsOn(p, day))?.name ?? null;
      return [post.id, { holder, vacantDays: vacantDays(periods, toDay(post.createdAt), from, day) }];
    }),
  );
}
