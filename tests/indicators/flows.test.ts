import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EndReason } from '../../src/assignments/entities.ts';
import { waitingLists } from '../../src/candidacies/service.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { Period } from '../../src/indicators/definition.ts';
import { computeFlows, FLOWS_DEFINITIONS } from '../../src/indicators/flows.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { Scope } from '../../src/platform/scope.ts';
import type { Post, Workshop } from '../../src/workshops/entities.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import {
  createDetainee,
  createEstablishment,
  createPartner,
  createPost,
  createProgramme,
  createSession,
  createUser,
  createWorkshop,
} from '../support/factories.ts';

/**
 * « Flux » on a hand-built March 2026, in two workshops (Reliure, Menuiserie of a partner).
 * Assignments (start → end, reason):
 *   s1 Reliure     01/03 → —                        started (first day)
 *   s2 Reliure     28/02 → 31/03 end of contract    ended (last day), 32 days; started the day before
 *   s3 Menuiserie  10/03 → 20/03 trial              started and ended, 11 days
 *   s4 Menuiserie  05/01 → 05/03 release            ended, 27 + 28 + 5 = 60 days
 *   s5 Reliure     01/04 → —                        started the day after: not counted
 *   s6 Reliure     05/01 → 28/02 resignation        ended the day before: not counted
 *   s7 Menuiserie  01/02 → 01/04 release            ended the day after: not counted
 * Candidacies (favourable or unfavourable CPU opinion on, closed on):
 *   c1 Reliure     favourable 10/02, still waiting                → waiting on 31/03
 *   c2 Reliure post favourable 31/03, still waiting               → waiting on 31/03 (last day)
 *   c3 Reliure     favourable 01/04                               → not yet on 31/03
 *   c4 Menuiserie  favourable 01/02, assigned 01/03               → assigned, waited 28 days
 *   c5 Menuiserie post favourable 20/01, assigned 31/03           → assigned, waited 11 + 28 + 31 = 70 days
 *   c6 Reliure     favourable 02/03, assigned 12/03               → assigned, waited 10 days
 *   c7 Reliure     favourable 15/02, assigned 01/04               → still waiting on 31/03
 *   c8 Reliure     favourable 10/01, assigned 28/02               → neither
 *   c9 Menuiserie  favourable 01/02, withdrawn 15/03              → neither
 *   c10 Reliure unfavourable 01/03, c11 Menuiserie unfavourable 31/03 → refused in March;
 *   c12 unfavourable 28/02 and c13 unfavourable 01/04             → not in March
 *   c14 submitted, no opinion; c15 a training session's waiting list → not counted
 * A second establishment's assignment and candidacies in March must not count.
 */
const MARCH: Period = { from: '2026-03-01', to: '2026-03-31' };
let t: TestContext;
let em: EntityManager;
let mine: Establishment;
let reliure: Workshop;
let menuiseriePartner: Partner;

async function person(establishment: Establishment) {
  return createDetainee(em, establishment, { arrivalDate: '2026-01-01' });
}

async function assign(post: Post, startsOn: string, endedOn: string | null = null, reason: EndReason | null = null) {
  const who = await person(post.establishment as Establishment);
  await em.execute(
    `insert into assignment (establishment_id, detainee_id, post_id, contract_reference, starts_on, trial_ends_on, weekly_minutes, pay_category, ended_on, end_reason)
     values (?, ?, ?, 'C-1', ?, ?, 1200, 'production', ?, ?)`,
    [post.establishment.id, who.id, post.id, startsOn, startsOn, endedOn, reason],
  );
}

type Target = { workshop: Workshop } | { post: Post } | { session: number; establishment: Establishment };

async function candidacy(target: Target, status: string, opinion: 'favourable' | 'unfavourable' | null, cpuOn: string | null, closedOn: string | null = null) {
  const establishment = (
    'workshop' in target ? target.workshop.establishment : 'post' in target ? target.post.establishment : target.establishment
  ) as Establishment;
  const who = await person(establishment);
  await em.execute(
    `insert into candidacy (establishment_id, detainee_id, target, workshop_id, post_id, session_id, proposed_by, submitted_on, status, cpu_opinion, cpu_on, closed_on)
     values (?, ?, ?, ?, ?, ?, 'self', '2026-01-01', ?, ?, ?, ?)`,
    [
      establishment.id,
      who.id,
      'workshop' in target ? 'workshop' : 'post' in target ? 'post' : 'session',
      'workshop' in target ? target.workshop.id : null,
      'post' in target ? target.post.id : null,
      'session' in target ? target.session : null,
      status,
      opinion,
      cpuOn,
      closedOn,
    ],
  );
}

beforeAll(async () => {
  t = await createTestContext();
  em = t.em();
  mine = await createEstablishment(em, { name: 'Indicateurs flux' });
  const other = await createEstablishment(em, { name: 'Ailleurs' });
  reliure = await createWorkshop(em, mine, { name: 'Reliure' });
  menuiseriePartner = await createPartner(em, { name: 'Bois et Compagnie' });
  const menuiserie = await createWorkshop(em, mine, { name: 'Menuiserie', partner: menuiseriePartner });
  const elsewhere = await createWorkshop(em, other, { name: 'Cuisine' });
  const post = async (w: Workshop) => createPost(em, w);
  const [r1, r2, r3, r4] = [await post(reliure), await post(reliure), await post(reliure), await post(reliure)];
  const [m1, m2, m3] = [await post(menuiserie), await post(menuiserie), await post(menuiserie)];
  const x1 = await post(elsewhere);

  await assign(r1, '2026-03-01');
  await assign(r2, '2026-02-28', '2026-03-31', 'end_of_contract');
  await assign(m1, '2026-03-10', '2026-03-20', 'trial_not_conclusive');
  await assign(m2, '2026-01-05', '2026-03-05', 'release');
  await assign(r3, '2026-04-01');
  await assign(r4, '2026-01-05', '2026-02-28', 'resignation');
  await assign(m3, '2026-02-01', '2026-04-01', 'release');
  await assign(x1, '2026-03-15', '2026-03-20', 'transfer');

  const menuiserieT = { workshop: menuiserie };
  const reliureT = { workshop: reliure };
  await candidacy(reliureT, 'approved', 'favourable', '2026-02-10');
  await candidacy({ post: r1 }, 'approved', 'favourable', '2026-03-31');
  await candidacy(reliureT, 'approved', 'favourable', '2026-04-01');
  await candidacy(menuiserieT, 'assigned', 'favourable', '2026-02-01', '2026-03-01');
  await candidacy({ post: m1 }, 'assigned', 'favourable', '2026-01-20', '2026-03-31');
  await candidacy(reliureT, 'assigned', 'favourable', '2026-03-02', '2026-03-12');
  await candidacy(reliureT, 'assigned', 'favourable', '2026-02-15', '2026-04-01');
  await candidacy(reliureT, 'assigned', 'favourable', '2026-01-10', '2026-02-28');
  await candidacy(menuiserieT, 'withdrawn', 'favourable', '2026-02-01', '2026-03-15');
  await candidacy(reliureT, 'refused', 'unfavourable', '2026-03-01', '2026-03-01');
  await candidacy(menuiserieT, 'refused', 'unfavourable', '2026-03-31', '2026-03-31');
  await candidacy(reliureT, 'refused', 'unfavourable', '2026-02-28', '2026-02-28');
  await candidacy(reliureT, 'refused', 'unfavourable', '2026-04-01', '2026-04-01');
  await candidacy(reliureT, 'submitted', null, null);
  const session = await createSession(em, mine, await createProgramme(em));
  await candidacy({ session: session.id, establishment: mine }, 'approved', 'favourable', '2026-02-10');
  await candidacy({ workshop: elsewhere }, 'approved', 'favourable', '2026-02-10');
  await candidacy({ workshop: elsewhere }, 'assigned', 'favourable', '2026-03-01', '2026-03-10');
  await candidacy({ workshop: elsewhere }, 'refused', 'unfavourable', '2026-03-10', '2026-03-10');
});
afterAll(() => t.close());

const valuesOf = async (scope: Parameters<typeof computeFlows>[1], period = MARCH) =>
  Object.fromEntries((await computeFlows(em, scope, period)).map((v) => [v.key, v.value]));

const reasonsOf = async (scope: Parameters<typeof computeFlows>[1]) =>
  Object.fromEntries(((await computeFlows(em, scope, MARCH)).find((v) => v.key === 'flows.assignments_ended')?.breakdown ?? []).map((l) => [l.label, l.value]));

describe('the « Flux » indicators', () => {
  it('count starts, ends, their length, the waiting list on the last day, the wait and the refusals', async () => {
    expect(await valuesOf({ establishmentIds: [mine.id] })).toEqual({
      'flows.assignments_started': 2, // s1, s3
      'flows.assignments_ended': 3, // s2, s3, s4
      'flows.mean_assignment_days': 34.3, // (32 + 11 + 60) ÷ 3 = 103 ÷ 3 = 34,33… → 34,3
      'flows.waiting_list': 3, // c1, c2, c7
      'flows.median_wait_days': 28, // 10, 28, 70 → the middle one
      'flows.candidacies_refused': 2, // c10, c11
    });
    expect(await reasonsOf({ establishmentIds: [mine.id] })).toEqual({
      'Fin du contrat à durée déterminée': 1,
      'Période d’essai non concluante': 1,
      Libération: 1,
    });
  });

  it('lists the end reasons met, in the documented order, adding up to the total', async () => {
    const ended = (await computeFlows(em, { establishmentIds: [mine.id] }, MARCH)).find((v) => v.key === 'flows.assignments_ended');
    // END_REASONS order: release, …, end_of_contract, trial_not_conclusive, …
    expect(ended?.breakdown).toEqual([
      { key: 'release', label: 'Libération', value: 1 },
      { key: 'end_of_contract', label: 'Fin du contrat à durée déterminée', value: 1 },
      { key: 'trial_not_conclusive', label: 'Période d’essai non concluante', value: 1 },
    ]);
    expect(ended?.breakdown?.reduce((sum, l) => sum + l.value, 0)).toBe(ended?.value);
  });

  it('narrows to the workshops asked', async () => {
    expect(await valuesOf({ establishmentIds: [mine.id], workshopIds: [reliure.id] })).toEqual({
      'flows.assignments_started': 1, // s1
      'flows.assignments_ended': 1, // s2
      'flows.mean_assignment_days': 32, // 28/02 → 31/03: 1 + 31
      'flows.waiting_list': 3, // c1, c2 (a post of Reliure), c7
      'flows.median_wait_days': 10, // c6 alone
      'flows.candidacies_refused': 1, // c10
    });
  });

  it('narrows to a partner’s workshops; an even count takes the mean of the two middle waits', async () => {
    expect(await valuesOf({ establishmentIds: [mine.id], partnerId: menuiseriePartner.id })).toEqual({
      'flows.assignments_started': 1, // s3
      'flows.assignments_ended': 2, // s3, s4
      'flows.mean_assignment_days': 35.5, // (11 + 60) ÷ 2
      'flows.waiting_list': 0,
      'flows.median_wait_days': 49, // 28 and 70 → (28 + 70) ÷ 2
      'flows.candidacies_refused': 1, // c11
    });
  });

  it('reads the waiting list as it was on the period’s last day, not as it is now', async () => {
    // On 28/02: c1 (10/02), c4 (01/02, assigned 01/03), c5 (20/01), c7 (15/02), c9 (01/02, withdrawn 15/03); c8 assigned that day.
    expect((await valuesOf({ establishmentIds: [mine.id] }, { from: '2026-02-01', to: '2026-02-28' }))['flows.waiting_list']).toBe(5);
  });

  it('gives the same waiting list as the candidacies’ waiting lists, on a day after every recorded date', async () => {
    const admin = await createUser(em, 'admin');
    const lists = await waitingLists(t.em(), new Scope(admin.id, 'admin', [], null), mine.id, '2026-11-30');
    const listed = [...lists.byWorkshop.values()].reduce((sum, list) => sum + list.length, 0);
    // Approved today: c1, c2, c3 (c7 was assigned on 01/04); the session's list is the training family's.
    expect(listed).toBe(3);
    expect((await valuesOf({ establishmentIds: [mine.id] }, { from: '2026-11-01', to: '2026-11-30' }))['flows.waiting_list']).toBe(listed);
  });

  it('gives the distribution of the waits behind the median, in people per class', async () => {
    const waits = (await computeFlows(em, { establishmentIds: [mine.id] }, MARCH)).find((v) => v.key === 'flows.median_wait_days')?.breakdown;
    // Waits of 10, 28 and 70 days: two of 30 days or less, one of 61 to 90.
    expect(waits?.map((l) => [l.label, l.value, l.unit])).toEqual([
      ['30 j ou moins', 2, 'count'],
      ['31 à 60 j', 0, 'count'],
      ['61 à 90 j', 1, 'count'],
      ['91 à 180 j', 0, 'count'],
      ['plus de 180 j', 0, 'count'],
    ]);
  });

  it('says why a mean or a median cannot be computed', async () => {
    const values = await computeFlows(em, { establishmentIds: [mine.id] }, { from: '2026-05-01', to: '2026-05-31' });
    expect(values.find((v) => v.key === 'flows.mean_assignment_days')).toMatchObject({ value: null, skipped: [expect.stringMatching(/Aucune affectation/)] });
    expect(values.find((v) => v.key === 'flows.median_wait_days')).toMatchObject({ value: null, skipped: [expect.stringMatching(/Aucune candidature/)] });
  });

  it('costs one query a period', async () => {
    const spy = vi.spyOn(em, 'execute');
    await valuesOf({ establishmentIds: [mine.id] });
    await valuesOf({ establishmentIds: [mine.id] }, { from: '2026-02-01', to: '2026-02-28' });
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it('declares every value it computes', async () => {
    const keys = (await computeFlows(em, { establishmentIds: [mine.id] }, MARCH)).map((v) => v.key);
    expect(keys).toEqual(FLOWS_DEFINITIONS.map((d) => d.key));
  });
});
