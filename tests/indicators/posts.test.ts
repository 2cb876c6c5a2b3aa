import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Establishment } from '../../src/establishments/entities.ts';
import { occupancyOn } from '../../src/holdings/service.ts';
import type { Period } from '../../src/indicators/definition.ts';
import { computePosts, POSTS_DEFINITIONS } from '../../src/indicators/posts.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { Post, type Workshop } from '../../src/workshops/entities.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createWorkshop } from '../support/factories.ts';

/**
 * « Postes » on a hand-built March 2026 (31 days). Posts of the establishment:
 *   A (Reliure)   created 10/01; held 15/01–10/03, vacant 11–15/03, held again from 16/03.
 *   B (Reliure)   created 20/03 (mid-period); vacant 20–27/03, held from 28/03.
 *   H (Reliure)   created 10/01; held until 28/02 (the day before the period) and from 01/04 (the day after).
 *   F (Reliure)   created 01/04: outside the period.  G (Reliure) archived 01/03: outside the period.
 *   C (Menuiserie) created 10/01; frozen 10/03, reopened 21/03; never held.
 *   D (Menuiserie) created 10/01; held from 01/02 with no end; frozen 05/03 while its holder stays.
 *   E (Menuiserie) created 10/01; archived 08/03; never held.
 * A second establishment's post, vacant then filled in March, must not count.
 */
const MARCH: Period = { from: '2026-03-01', to: '2026-03-31' };
let t: TestContext;
let em: EntityManager;
let mine: Establishment;
let reliure: Workshop;
let menuiserie: Workshop;
let menuiseriePartner: Partner;
const posts: Record<string, Post> = {};

async function assign(post: Post, startsOn: string, endedOn: string | null = null) {
  const person = await createDetainee(em, post.establishment as Establishment, { arrivalDate: '2026-01-01' });
  await em.execute(
    `insert into assignment (establishment_id, detainee_id, post_id, contract_reference, starts_on, trial_ends_on, weekly_minutes, pay_category, ended_on, end_reason)
     values (?, ?, ?, 'C-1', ?, ?, 1200, 'production', ?, ?)`,
    [post.establishment.id, person.id, post.id, startsOn, startsOn, endedOn, endedOn === null ? null : 'resignation'],
  );
}

async function dated(post: Post, createdAt: string, archivedAt: string | null = null) {
  await em.execute('update post set created_at = ?, archived_at = ? where id = ?', [createdAt, archivedAt, post.id]);
}

/** A status change as the audit trail recorded it on that day (the trail is the only history of freezing). */
async function statusChange(post: Post, occurredAt: string, from: string, to: string) {
  await em.execute(
    `insert into audit_event (occurred_at, action, entity, entity_id, establishment_id, before, after)
     values (?, 'update', 'post', ?, ?, ?::jsonb, ?::jsonb)`,
    [occurredAt, String(post.id), post.establishment.id, JSON.stringify({ id: post.id, status: from }), JSON.stringify({ id: post.id, status: to })],
  );
  await em.execute('update post set status = ? where id = ?', [to, post.id]);
}

beforeAll(async () => {
  t = await createTestContext();
  em = t.em();
  mine = await createEstablishment(em, { name: 'Indicateurs postes' });
  const other = await createEstablishment(em, { name: 'Ailleurs' });
  reliure = await createWorkshop(em, mine, { name: 'Reliure' });
  menuiseriePartner = await createPartner(em, { name: 'Bois et Compagnie' });
  menuiserie = await createWorkshop(em, mine, { name: 'Menuiserie', partner: menuiseriePartner });
  const elsewhere = await createWorkshop(em, other, { name: 'Cuisine' });
  for (const [name, workshop] of [
    ['A', reliure],
    ['B', reliure],
    ['H', reliure],
    ['F', reliure],
    ['G', reliure],
    ['C', menuiserie],
    ['D', menuiserie],
    ['E', menuiserie],
    ['X', elsewhere],
  ] as const) {
    posts[name] = await createPost(em, workshop, { code: `P-${name}` });
  }
  const p = posts as Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'X', Post>;
  for (const post of [p.A, p.C, p.D, p.E, p.H, p.G, p.X]) await dated(post, '2026-01-10T12:00:00+01:00');
  await dated(p.B, '2026-03-20T09:00:00+01:00');
  await dated(p.F, '2026-04-01T09:00:00+02:00');
  await dated(p.E, '2026-01-10T12:00:00+01:00', '2026-03-08T10:00:00+01:00');
  await dated(p.G, '2026-01-10T12:00:00+01:00', '2026-03-01T10:00:00+01:00');
  await assign(p.A, '2026-01-15', '2026-03-10');
  await assign(p.A, '2026-03-16');
  await assign(p.B, '2026-03-28');
  await assign(p.H, '2026-01-15', '2026-02-28');
  await assign(p.H, '2026-04-01');
  await assign(p.D, '2026-02-01');
  await statusChange(p.C, '2026-03-10T15:00:00+01:00', 'open', 'frozen');
  await statusChange(p.C, '2026-03-21T15:00:00+01:00', 'frozen', 'open');
  await statusChange(p.D, '2026-03-05T15:00:00+01:00', 'open', 'frozen');
  await assign(p.X, '2026-03-10');
});
afterAll(() => t.close());

const valuesOf = async (scope: Parameters<typeof computePosts>[1], period = MARCH) =>
  Object.fromEntries((await computePosts(em, scope, period)).map((v) => [v.key, v.value]));

describe('the « Postes » indicators', () => {
  it('count posts, open and held post-days, vacancy and time to fill over the establishment', async () => {
    expect(await valuesOf({ establishmentIds: [mine.id] })).toEqual({
      // A, B, C, D, E, H existed some day of March; F (created 01/04) and G (archived 01/03) did not.
      'posts.count': 6,
      // A 31 + B 12 (20→31) + C 20 (31 − 11 frozen days 10→20) + D 31 (frozen but held) + E 7 (1→7) + H 31 = 132
      'posts.open_post_days': 132,
      // A 10 (1→10) + 16 (16→31) = 26; B 4 (28→31); D 31 → 61
      'posts.occupied_post_days': 61,
      // 61 ÷ 132 = 46,2121… → 46,21 %
      'posts.occupancy_rate': 46.21,
      // 132 − 61 = 71: A 5 + B 8 + C 20 + E 7 + H 31
      'posts.vacancy_days': 71,
      // A: vacant from 11/03, filled 16/03 → 5 days; B: created 20/03, filled 28/03 → 8 days; (5 + 8) ÷ 2 = 6,5
      'posts.mean_days_to_fill': 6.5,
    });
  });

  it('narrows to the workshops asked', async () => {
    expect(await valuesOf({ establishmentIds: [mine.id], workshopIds: [reliure.id] })).toEqual({
      'posts.count': 3, // A, B, H
      'posts.open_post_days': 74, // 31 + 12 + 31
      'posts.occupied_post_days': 30, // 26 + 4
      'posts.occupancy_rate': 40.54, // 30 ÷ 74 = 40,5405…
      'posts.vacancy_days': 44, // 74 − 30
      'posts.mean_days_to_fill': 6.5, // (5 + 8) ÷ 2
    });
  });

  it('narrows to a partner’s workshops, and says why a mean cannot be computed', async () => {
    const values = await computePosts(em, { establishmentIds: [mine.id], partnerId: menuiseriePartner.id }, MARCH);
    expect(Object.fromEntries(values.map((v) => [v.key, v.value]))).toEqual({
      'posts.count': 3, // C, D, E
      'posts.open_post_days': 58, // 20 + 31 + 7
      'posts.occupied_post_days': 31, // D
      'posts.occupancy_rate': 53.45, // 31 ÷ 58 = 53,448…
      'posts.vacancy_days': 27, // 58 − 31
      'posts.mean_days_to_fill': null, // no vacancy of C, D, E filled in March
    });
    expect(values.find((v) => v.key === 'posts.mean_days_to_fill')?.skipped?.[0]).toMatch(/Aucune vacance/);
  });

  it('reads the period’s edges: the day before and the day after', async () => {
    // 28/02: A held (a1), H held (last day), D held; C, E open and vacant; B, F not created; G still exists (archived 01/03).
    expect(await valuesOf({ establishmentIds: [mine.id], workshopIds: [reliure.id] }, { from: '2026-02-28', to: '2026-02-28' })).toMatchObject({
      'posts.count': 3, // A, H, G
      'posts.open_post_days': 3,
      'posts.occupied_post_days': 2, // A, H
    });
    // 01/04: H's new holder starts on a post vacant since 01/03 → 31 days to fill; F created that day, A and B held.
    expect(await valuesOf({ establishmentIds: [mine.id], workshopIds: [reliure.id] }, { from: '2026-04-01', to: '2026-04-01' })).toEqual({
      'posts.count': 4, // A, B, F, H
      'posts.open_post_days': 4,
      'posts.occupied_post_days': 3, // A, B, H
      'posts.occupancy_rate': 75, // 3 ÷ 4
      'posts.vacancy_days': 1, // F
      'posts.mean_days_to_fill': 31, // 01/03 → 01/04
    });
  });

  it('reads a state from before the first recorded change as the state that change started from', async () => {
    // A post whose trail starts with its reopening on 15/03 (frozen → open): frozen 01→14/03, open 15→31/03 = 17 days.
    const imported = await createEstablishment(em, { name: 'Reprise de données' });
    const post = await createPost(em, await createWorkshop(em, imported), { status: 'frozen' });
    await dated(post, '2026-01-10T12:00:00+01:00');
    await statusChange(post, '2026-03-15T09:00:00+01:00', 'frozen', 'open');
    expect(await valuesOf({ establishmentIds: [imported.id] })).toMatchObject({ 'posts.count': 1, 'posts.open_post_days': 17, 'posts.vacancy_days': 17 });
  });

  it('reads only the status changes of the trail: an edit of anything else keeps the state', async () => {
    // Frozen 05/03 (an edit of its title on 10/03 while frozen, another on 25/03 once open), reopened 20/03:
    // frozen 05→19/03 = 15 days, open 31 − 15 = 16 days, never held: 16 vacant days.
    const edited = await createEstablishment(em, { name: 'Postes modifiés' });
    const post = await createPost(em, await createWorkshop(em, edited));
    await dated(post, '2026-01-10T12:00:00+01:00');
    const edit = (occurredAt: string, status: string) =>
      em.execute(
        `insert into audit_event (occurred_at, action, entity, entity_id, establishment_id, before, after)
         values (?, 'update', 'post', ?, ?, ?::jsonb, ?::jsonb)`,
        [
          occurredAt,
          String(post.id),
          edited.id,
          JSON.stringify({ id: post.id, status, title: 'Avant' }),
          JSON.stringify({ id: post.id, status, title: 'Après' }),
        ],
      );
    await statusChange(post, '2026-03-05T09:00:00+01:00', 'open', 'frozen');
    await edit('2026-03-10T09:00:00+01:00', 'frozen');
    await statusChange(post, '2026-03-20T09:00:00+01:00', 'frozen', 'open');
    await edit('2026-03-25T09:00:00+01:00', 'open');
    expect(await valuesOf({ establishmentIds: [edited.id] })).toMatchObject({ 'posts.count': 1, 'posts.open_post_days': 16, 'posts.vacancy_days': 16 });
  });

  it('makes a post entered after the fact exist from its first holder’s first day', async () => {
    // Recorded on 20/03 but held since 01/02: it existed and was held all 31 days of March, not 12.
    const late = await createEstablishment(em, { name: 'Saisie tardive' });
    const post = await createPost(em, await createWorkshop(em, late));
    await dated(post, '2026-03-20T09:00:00+01:00');
    await assign(post, '2026-02-01');
    expect(await valuesOf({ establishmentIds: [late.id] })).toEqual({
      'posts.count': 1,
      'posts.open_post_days': 31,
      'posts.occupied_post_days': 31,
      'posts.occupancy_rate': 100,
      'posts.vacancy_days': 0,
      'posts.mean_days_to_fill': null, // its first holder filled no vacancy
    });
  });

  it('gives the same vacant days as the board for posts neither frozen nor archived', async () => {
    const p = posts as Record<'A' | 'B' | 'H', Post>;
    const fresh = t.em();
    const entities = await Promise.all([p.A, p.B, p.H].map((post) => fresh.findOneOrFail(Post, post.id)));
    const board = await occupancyOn(fresh, entities, MARCH.from, MARCH.to);
    const boardVacant = [...board.values()].reduce((sum, o) => sum + o.vacantDays, 0);
    expect(boardVacant).toBe(44);
    expect((await valuesOf({ establishmentIds: [mine.id], workshopIds: [reliure.id] }))['posts.vacancy_days']).toBe(boardVacant);
  });

  it('costs one query a period, whatever the number of posts', async () => {
    const spy = vi.spyOn(em, 'execute');
    await valuesOf({ establishmentIds: [mine.id] });
    await valuesOf({ establishmentIds: [mine.id] }, { from: '2026-02-01', to: '2026-02-28' });
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it('declares every value it computes, with a French label, formula and scope rule', async () => {
    const keys = (await computePosts(em, { establishmentIds: [mine.id] }, MARCH)).map((v) => v.key);
    expect(keys).toEqual(POSTS_DEFINITIONS.map((d) => d.key));
    for (const d of POSTS_DEFINITIONS) expect(d.formula.length + d.scopeRule.length).toBeGreaterThan(100);
  });
});
