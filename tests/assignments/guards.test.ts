import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment, Enrollment } from '../../src/assignments/entities.ts';
import { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { plusDays, toDay } from '../../src/platform/calendar.ts';
import { TrainingSession } from '../../src/training/entities.ts';
import { Post, type Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import {
  createDetainee,
  createEstablishment,
  createPost,
  createProgramme,
  createSession,
  createUser,
  createWorkshop,
  TEST_PASSWORD,
} from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

let t: TestContext;
let mine: Establishment;
let workshop: Workshop;
let coordinator: Browser;
const today = toDay(new Date());

beforeAll(async () => {
  t = await createTestContext();
  mine = await createEstablishment(t.em(), { name: 'InSERRE de Rennes' });
  workshop = await createWorkshop(t.em(), mine);
  await createUser(t.em(), 'coordinator', { email: 'coord@exemple.fr', establishments: [mine] });
  coordinator = new Browser(t.app);
  await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

const assign = (personId: number, postId: number, over: Record<string, string> = {}) =>
  coordinator.post(`/personnes/${personId}/affectations`, { postId: String(postId), contractReference: 'CEP-G', startsOn: '2026-02-01', ...over });

describe('leaving', () => {
  it('and an assignment requested at the same moment never leave a released person holding a post', async () => {
    for (let round = 0; round < 3; round++) {
      const person = await createDetainee(t.em(), mine);
      const post = await createPost(t.em(), workshop);
      await Promise.all([coordinator.post(`/personnes/${person.id}/liberation`, { on: today }), assign(person.id, post.id, { startsOn: plusDays(today, -1) })]);
      const saved = await t.em().findOneOrFail(Detainee, person.id);
      expect(saved.status).toBe('released');
      const open = await t.em().count(Assignment, { detainee: person.id, $or: [{ endedOn: null }, { endedOn: { $gt: today } }] });
      expect(open).toBe(0);
    }
  });

  it('is refused by the database while the person still holds a post (a script cannot skip the service)', async () => {
    const person = await createDetainee(t.em(), mine);
    const post = await createPost(t.em(), workshop);
    await assign(person.id, post.id);
    await expect(
      adminClient(t.db.url, (c) => c.query(`update detainee set status = 'released', left_on = $2 where id = $1`, [person.id, today])),
    ).rejects.toThrow(/détient encore une affectation/);
  });

  it('works for someone enrolled in a session that has not started yet', async () => {
    const person = await createDetainee(t.em(), mine);
    const session = await createSession(t.em(), mine, await createProgramme(t.em()), { startsOn: plusDays(today, 30), endsOn: plusDays(today, 90) });
    expect((await coordinator.post(`/personnes/${person.id}/inscriptions`, { sessionId: String(session.id), startsOn: plusDays(today, 30) })).status).toBe(303);
    expect((await coordinator.post(`/personnes/${person.id}/transfert`, { on: today })).status).toBe(303);
    expect((await t.em().findOneOrFail(Enrollment, { detainee: person.id })).status).toBe('dropped');
  });

  it('cancelled, restores a planned end of contract rather than erasing it', async () => {
    const person = await createDetainee(t.em(), mine);
    const post = await createPost(t.em(), workshop);
    const end = plusDays(today, 40);
    await assign(person.id, post.id, { startsOn: plusDays(today, -10), contractEndsOn: end });
    await coordinator.post(`/personnes/${person.id}/liberation`, { on: today });
    expect(await t.em().findOneOrFail(Assignment, { detainee: person.id })).toMatchObject({ endedOn: today, endReason: 'release' });
    await coordinator.post(`/personnes/${person.id}/retour`);
    expect(await t.em().findOneOrFail(Assignment, { detainee: person.id })).toMatchObject({ endedOn: end, endReason: 'end_of_contract' });
  });

  it('refuses an arrival date after the leaving date with a message, not a 500', async () => {
    const person = await createDetainee(t.em(), mine, { arrivalDate: '2026-01-05' });
    await coordinator.post(`/personnes/${person.id}/liberation`, { on: '2026-03-01' });
    const form = {
      prisonNumber: person.prisonNumber,
      lastName: person.lastName,
      firstName: 'Jean',
      birthDate: '1990-01-01',
      arrivalDate: '2026-04-01',
      version: String((await t.em().findOneOrFail(Detainee, person.id)).version),
    };
    const reply = await coordinator.post(`/personnes/${person.id}`, form);
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#champ-arrivalDate-erreur')?.textContent).toBe('La date d’arrivée ne peut pas suivre la sortie (01/03/2026).');
  });
});

describe('fixed-term contracts', () => {
  it('free the post and the person’s hours after their end date', async () => {
    const post = await createPost(t.em(), workshop);
    const [first, second] = [await createDetainee(t.em(), mine), await createDetainee(t.em(), mine)];
    expect((await assign(first.id, post.id, { startsOn: '2026-02-01', contractEndsOn: '2026-03-31' })).status).toBe(303);
    expect(await t.em().findOneOrFail(Assignment, { detainee: first.id })).toMatchObject({
      endedOn: '2026-03-31',
      endReason: 'end_of_contract',
      trialEndsOn: '2026-02-08',
    });
    expect((await assign(second.id, post.id, { startsOn: '2026-04-01' })).status).toBe(303);
    const list = await coordinator.get(`/etablissements/${mine.id}/personnes?sans-activite=1`);
    expect(list.doc.querySelector('#liste-personnes')?.textContent).toContain(first.fullName());
  });

  it('count towards 35 hours only while they run at the same time', async () => {
    const person = await createDetainee(t.em(), mine);
    const [a, b, c] = [await createPost(t.em(), workshop), await createPost(t.em(), workshop), await createPost(t.em(), workshop)];
    expect((await assign(person.id, a.id, { startsOn: '2026-02-01', contractEndsOn: '2026-03-31', weeklyHours: '20' })).status).toBe(303);
    expect((await assign(person.id, b.id, { startsOn: '2026-04-01', weeklyHours: '20' })).status).toBe(303);
    expect((await assign(person.id, c.id, { startsOn: '2026-03-01', weeklyHours: '10' })).status).toBe(303);
  });
});

describe('trial period', () => {
  it('cannot be extended beyond what the contract allows, and « non concluante » only ends a trial', async () => {
    const person = await createDetainee(t.em(), mine);
    const post = await createPost(t.em(), workshop);
    await assign(person.id, post.id, { startsOn: '2026-02-02' });
    const assignment = await t.em().findOneOrFail(Assignment, { detainee: person.id });
    const long = await coordinator.post(`/affectations/${assignment.id}/essai`, { trialEndsOn: '2100-12-31', reason: 'Prolongation demandée' });
    expect(long.status).toBe(422);
    expect(long.doc.querySelector(`#essai-${assignment.id}-trialEndsOn-erreur`)?.textContent).toContain('ne peut pas dépasser le 01/03/2026');
    const late = await coordinator.post(`/affectations/${assignment.id}/fin`, { on: '2026-06-01', reason: 'trial_not_conclusive' });
    expect(late.status).toBe(422);
    expect(late.doc.querySelector(`#fin-${assignment.id}-reason-erreur`)?.textContent).toContain('La période d’essai s’est terminée le 01/03/2026');
  });
});

describe('sessions and posts', () => {
  it('keep at least as many places as people enrolled', async () => {
    const session = await createSession(t.em(), mine, await createProgramme(t.em()), { startsOn: '2026-02-01', places: 3 });
    for (let i = 0; i < 2; i++) {
      const p = await createDetainee(t.em(), mine);
      await coordinator.post(`/personnes/${p.id}/inscriptions`, { sessionId: String(session.id), startsOn: '2026-02-01' });
    }
    const reply = await coordinator.post(`/sessions/${session.id}`, {
      programmeId: String(session.programme.id),
      startsOn: '2026-02-01',
      endsOn: '2099-06-30',
      places: '1',
      version: String(session.version),
    });
    expect(reply.status).toBe(422);
    expect(reply.html).toContain('2 personnes sont inscrites : la session ne peut pas compter moins de 2 places.');
    expect((await t.em().findOneOrFail(TrainingSession, session.id)).places).toBe(3);
  });

  it('refuse an entry date outside the session', async () => {
    const session = await createSession(t.em(), mine, await createProgramme(t.em()), { startsOn: '2026-02-01', endsOn: '2026-06-30' });
    const p = await createDetainee(t.em(), mine);
    const reply = await coordinator.post(`/personnes/${p.id}/inscriptions`, { sessionId: String(session.id), startsOn: '2026-07-15' });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#inscription-startsOn-erreur')?.textContent).toBe(
      'L’entrée en formation doit tomber pendant la session (du 01/02/2026 au 30/06/2026).',
    );
  });

  it('and workshops cannot be archived while someone holds them', async () => {
    const w = await createWorkshop(t.em(), mine);
    const post = await createPost(t.em(), w);
    await assign((await createDetainee(t.em(), mine)).id, post.id);
    const refusedPost = await coordinator.post(`/postes/${post.id}/archivage`);
    expect(refusedPost.status).toBe(409);
    expect(refusedPost.html).toContain('est occupé : mettez fin à l’affectation avant de l’archiver.');
    expect((await coordinator.post(`/ateliers/${w.id}/archivage`)).status).toBe(409);
    expect((await t.em().findOneOrFail(Post, post.id)).archivedAt).toBeNull();
  });
});

describe('bad dates never give a 500', () => {
  it('on resuming a suspension', async () => {
    const person = await createDetainee(t.em(), mine);
    const post = await createPost(t.em(), workshop);
    await assign(person.id, post.id);
    const assignment = await t.em().findOneOrFail(Assignment, { detainee: person.id });
    await coordinator.post(`/affectations/${assignment.id}/suspension`, { startsOn: '2026-03-01', reason: 'sickness' });
    const page = await coordinator.get(`/personnes/${person.id}`);
    const action = page.doc.querySelector('form[action^="/suspensions/"]')?.getAttribute('action') ?? '';
    expect((await coordinator.post(action, { on: 'n’importe quoi' })).status).toBe(422);
  });
});
