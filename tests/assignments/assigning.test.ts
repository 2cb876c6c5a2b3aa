import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { Candidacy } from '../../src/candidacies/entities.ts';
import { answersAssignment } from '../../src/candidacies/rules.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import type { Post, Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import {
  createDetainee,
  createEstablishment,
  createPost,
  createProgramme,
  createSession,
  createUser,
  createWaitingCandidacy,
  createWorkshop,
  TEST_PASSWORD,
} from '../support/factories.ts';

const TODAY = '2026-11-30';
let t: TestContext;
let mine: Establishment;
let coordinator: Browser;

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock(TODAY) });
  mine = await createEstablishment(t.em(), { name: 'InSERRE de Lille' });
  await createUser(t.em(), 'coordinator', { email: 'coord@exemple.fr', establishments: [mine] });
  coordinator = new Browser(t.app);
  await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

const form = (post: Post, over: Record<string, string> = {}) => ({
  postId: String(post.id),
  contractReference: `CEP-T-${post.id}`,
  startsOn: '2026-03-02',
  ...over,
});

/** A workshop with `posts` posts and a person on its waiting list. */
async function waitingFor(posts = 1): Promise<{ w: Workshop; post: Post[]; person: Detainee; c: Candidacy }> {
  const w = await createWorkshop(t.em(), mine);
  const post = [];
  for (let i = 0; i < posts; i++) post.push(await createPost(t.em(), w));
  const person = await createDetainee(t.em(), mine, { arrivalDate: '2026-01-05' });
  const c = await createWaitingCandidacy(t.em(), person, w);
  return { w, post, person, c };
}

const waitingNames = async (w: Workshop) => {
  const board = await coordinator.get(`/etablissements/${mine.id}/tableau`);
  return board.doc.querySelector(`#atelier-${w.id} .atelier-waiting`)?.textContent ?? '';
};

describe('the rule of which candidacies an assignment answers', () => {
  it.each([
    ['on the waiting list for the workshop, made before the start', { status: 'approved', submittedOn: '2026-01-20', workshopId: 1 }, true],
    ['made on the start day', { status: 'approved', submittedOn: '2026-03-02', workshopId: 1 }, true],
    ['made after the start (another post asked for once there)', { status: 'approved', submittedOn: '2026-03-03', workshopId: 1 }, false],
    ['for another workshop', { status: 'approved', submittedOn: '2026-01-20', workshopId: 2 }, false],
    ['still waiting for the CPU', { status: 'submitted', submittedOn: '2026-01-20', workshopId: 1 }, false],
    ['for a training session', { status: 'approved', submittedOn: '2026-01-20', workshopId: null }, false],
    ['already closed', { status: 'withdrawn', submittedOn: '2026-01-20', workshopId: 1 }, false],
  ])('a request %s: answered %s', (_label, request, answered) => {
    expect(answersAssignment(request, 1, '2026-03-02')).toBe(answered);
  });
});

describe('assigning from the person page', () => {
  it('closes the waiting candidacy in the same transaction, says so, and the board no longer lists the person', async () => {
    const { w, post, person, c } = await waitingFor();
    expect(await waitingNames(w)).toContain(person.fullName());
    const reply = await coordinator.post(`/personnes/${person.id}/affectations`, form(post[0] as Post));
    expect(reply.status).toBe(303);
    const page = await coordinator.get(`/personnes/${person.id}`);
    expect(page.doc.querySelector('#messages')?.textContent).toContain(
      `Affectation de ${person.fullName()} au poste ${post[0]?.code} enregistrée à partir du 02/03/2026. Sa candidature est close et retirée de la liste d’attente (${w.name}).`,
    );
    expect(await t.em().findOneOrFail(Candidacy, c.id)).toMatchObject({ status: 'assigned', closedOn: '2026-03-02' });
    expect((await t.em().findOneOrFail(Assignment, { detainee: person.id })).candidacy?.id).toBe(c.id);
    expect(await waitingNames(w)).not.toContain(person.fullName());
  });

  it('closes a request for one of the workshop’s posts too, but keeps one for another workshop and one made after the start', async () => {
    const { w, post, person } = await waitingFor(2);
    const other = await createWorkshop(t.em(), mine);
    const forPost = t.em().create(Candidacy, {
      establishment: mine.id,
      detainee: person.id,
      target: 'post',
      post: post[1]?.id,
      proposedBy: 'cpip',
      submittedOn: '2026-01-25',
      status: 'approved',
      cpuOpinion: 'favourable',
      cpuOn: '2026-02-05',
    });
    const later = t.em().create(Candidacy, {
      establishment: mine.id,
      detainee: person.id,
      target: 'post',
      post: post[1]?.id,
      proposedBy: 'self',
      submittedOn: '2026-04-01',
      status: 'approved',
      cpuOpinion: 'favourable',
      cpuOn: '2026-04-10',
    });
    await t.em().persist([forPost, later]).flush();
    const elsewhere = await createWaitingCandidacy(t.em(), person, other);
    const reply = await coordinator.post(`/personnes/${person.id}/affectations`, form(post[0] as Post));
    expect(reply.status).toBe(303);
    const statuses = await t.em().find(Candidacy, { detainee: person.id }, { orderBy: { id: 'asc' } });
    expect(statuses.map((c) => [c.id, c.status])).toEqual([
      [statuses[0]?.id, 'assigned'], // the workshop, from waitingFor()
      [forPost.id, 'assigned'],
      [later.id, 'approved'],
      [elsewhere.id, 'approved'],
    ]);
    expect((await coordinator.get(`/personnes/${person.id}`)).doc.querySelector('#messages')?.textContent).toContain(
      'Ses 2 candidatures sont closes et retirées de la liste d’attente',
    );
    expect(await waitingNames(w)).toContain(person.fullName()); // the later request still waits
    expect(await waitingNames(other)).toContain(person.fullName());
  });

  it('closes nothing and stores nothing when the assignment is refused', async () => {
    const { post, person, c } = await waitingFor();
    const reply = await coordinator.post(`/personnes/${person.id}/affectations`, form(post[0] as Post, { startsOn: '2025-12-01' }));
    expect(reply.status).toBe(422);
    expect(await t.em().findOneOrFail(Candidacy, c.id)).toMatchObject({ status: 'approved', closedOn: null });
    expect(await t.em().count(Assignment, { detainee: person.id })).toBe(0);
  });
});

describe('enrolling from the person page', () => {
  it('closes the request for that session too, and says so', async () => {
    const session = await createSession(t.em(), mine, await createProgramme(t.em()), { startsOn: '2026-09-01' });
    const person = await createDetainee(t.em(), mine, { arrivalDate: '2026-01-05' });
    const c = t.em().create(Candidacy, {
      establishment: mine.id,
      detainee: person.id,
      target: 'session',
      session: session.id,
      proposedBy: 'cpip',
      submittedOn: '2026-08-01',
      status: 'approved',
      cpuOpinion: 'favourable',
      cpuOn: '2026-08-10',
    });
    await t.em().persist(c).flush();
    expect((await coordinator.post(`/personnes/${person.id}/inscriptions`, { sessionId: String(session.id), startsOn: '2026-09-07' })).status).toBe(303);
    expect(await t.em().findOneOrFail(Candidacy, c.id)).toMatchObject({ status: 'assigned', closedOn: '2026-09-07' });
    expect((await coordinator.get(`/personnes/${person.id}`)).doc.querySelector('#messages')?.textContent).toContain(
      'Sa candidature est close et retirée de la liste d’attente.',
    );
  });
});

describe('the one assignment form', () => {
  it('has the contract’s planned end on the board and on the person page, and a fixed-term contract gets its shorter trial from the board', async () => {
    const { post, person, c } = await waitingFor();
    const boardForm = await coordinator.get(`/candidatures/${c.id}/affectation`, { 'HX-Request': 'true' });
    const personPage = await coordinator.get(`/personnes/${person.id}`);
    for (const [doc, prefix] of [
      [boardForm.doc, `affecter-${c.id}`],
      [personPage.doc, 'affectation'],
    ] as const) {
      expect(doc.querySelector(`label[for="${prefix}-contractEndsOn"]`)?.textContent).toContain('Fin prévue du contrat');
      expect(doc.querySelector(`#${prefix}-weeklyHours`)).not.toBeNull();
      expect(doc.querySelector(`#${prefix}-payCategory`)).not.toBeNull();
    }
    // 2 March to 31 May: 91 days, 13 full weeks, so 13 days of trial (under the 14-day cap of a contract of six months or less): 2 + 13 − 1 = 14 March.
    const reply = await coordinator.post(`/candidatures/${c.id}/affectation`, form(post[0] as Post, { contractEndsOn: '2026-05-31' }));
    expect(reply.status).toBe(303);
    expect(await t.em().findOneOrFail(Assignment, { detainee: person.id })).toMatchObject({
      contractEndsOn: '2026-05-31',
      trialEndsOn: '2026-03-14',
      endedOn: '2026-05-31',
      endReason: 'end_of_contract',
    });
  });

  it('lists the posts vacant on the chosen start date, so a past contract is recorded without entering releases in order', async () => {
    const { post, person, c } = await waitingFor();
    const later = await createDetainee(t.em(), mine, { arrivalDate: '2026-01-05' });
    // The post is held from 1 June on: vacant in March, not today.
    expect((await coordinator.post(`/personnes/${later.id}/affectations`, form(post[0] as Post, { startsOn: '2026-06-01' }))).status).toBe(303);
    const today = await coordinator.get(`/candidatures/${c.id}/affectation`, { 'HX-Request': 'true' });
    expect([...today.doc.querySelectorAll(`#affecter-${c.id}-postId option[value]:not([value=""])`)]).toHaveLength(0);
    const march = await coordinator.get(`/candidatures/${c.id}/affectation/postes?startsOn=2026-03-02&contractEndsOn=2026-05-31`, { 'HX-Request': 'true' });
    expect(march.doc.querySelector(`#affecter-${c.id}-postId option[value="${post[0]?.id}"]`)).not.toBeNull();
    const openEnded = await coordinator.get(`/candidatures/${c.id}/affectation/postes?startsOn=2026-03-02`, { 'HX-Request': 'true' });
    expect(openEnded.doc.querySelector(`#affecter-${c.id}-postId option[value="${post[0]?.id}"]`)).toBeNull();
    const onPersonPage = await coordinator.get(`/personnes/${person.id}/affectation/postes?startsOn=2026-03-02&contractEndsOn=2026-05-31`, {
      'HX-Request': 'true',
    });
    expect(onPersonPage.doc.querySelector(`#affectation-postId option[value="${post[0]?.id}"]`)).not.toBeNull();
    const reply = await coordinator.post(`/candidatures/${c.id}/affectation`, form(post[0] as Post, { contractEndsOn: '2026-05-31' }));
    expect(reply.status).toBe(303);
    expect(await t.em().count(Assignment, { post: post[0]?.id })).toBe(2);
  });
});

describe('the list of vacant posts', () => {
  it('answers 404 to a coordinator of another establishment', async () => {
    const { person, c } = await waitingFor();
    const elsewhere = await createEstablishment(t.em(), { name: 'InSERRE de Caen' });
    await createUser(t.em(), 'coordinator', { email: 'autre@exemple.fr', establishments: [elsewhere] });
    const other = new Browser(t.app);
    await other.login('autre@exemple.fr', TEST_PASSWORD);
    expect((await other.get(`/personnes/${person.id}/affectation/postes?startsOn=2026-03-02`)).status).toBe(404);
    expect((await other.get(`/candidatures/${c.id}/affectation/postes?startsOn=2026-03-02`)).status).toBe(404);
    expect((await other.post(`/candidatures/${c.id}/affectation`, { postId: '1', contractReference: 'X', startsOn: '2026-03-02' })).status).toBe(404);
  });
});

describe('the board', () => {
  it('shows one workshop when asked, and offers an index of them all', async () => {
    const a = await waitingFor();
    const b = await waitingFor();
    const all = await coordinator.get(`/etablissements/${mine.id}/tableau`);
    const index = [...all.doc.querySelectorAll('.fr-summary__link')].map((l) => l.getAttribute('href'));
    expect(index).toEqual(expect.arrayContaining([`#atelier-${a.w.id}`, `#atelier-${b.w.id}`, '#sessions']));
    const one = await coordinator.get(`/etablissements/${mine.id}/tableau?atelier=${b.w.id}`);
    expect([...one.doc.querySelectorAll('section.atelier-board-workshop')].map((s) => s.id)).toEqual([`atelier-${b.w.id}`]);
    expect(one.doc.querySelector(`#filtre-atelier option[value="${b.w.id}"]`)?.hasAttribute('selected')).toBe(true);
    expect(one.doc.querySelector('#sessions')).toBeNull();
    const unknown = await coordinator.get(`/etablissements/${mine.id}/tableau?atelier=999999`);
    expect(unknown.doc.querySelectorAll('section.atelier-board-workshop').length).toBe(all.doc.querySelectorAll('section.atelier-board-workshop').length);
  });

  it('answers « Confirmer » with the workshop’s section, the message inside it and the focus on it; without JavaScript, back to that workshop', async () => {
    const { w, post, person, c } = await waitingFor(2);
    const reply = await coordinator.post(`/candidatures/${c.id}/affectation`, form(post[0] as Post), { 'HX-Request': 'true' });
    expect(reply.status).toBe(200);
    const section = reply.doc.querySelector(`section#atelier-${w.id}`);
    expect(section?.querySelector('.fr-alert--success[autofocus]')?.textContent).toContain(`Affectation de ${person.fullName()}`);
    expect(section?.querySelector(`#postes-atelier-${w.id}`)?.textContent).toContain(person.fullName());
    expect(reply.doc.querySelector('#tableau-resume')?.getAttribute('hx-swap-oob')).toBe('true');
    const other = await waitingFor();
    const plain = await coordinator.post(`/candidatures/${other.c.id}/affectation`, form(other.post[0] as Post));
    expect(plain.status).toBe(303);
    expect(plain.location).toBe(`/etablissements/${mine.id}/tableau?atelier=${other.w.id}#atelier-${other.w.id}`);
  });

  it('keeps a refused form in the workshop’s section, with the reason and what was typed', async () => {
    const { w, post, person, c } = await waitingFor();
    const reply = await coordinator.post(
      `/candidatures/${c.id}/affectation`,
      form(post[0] as Post, { startsOn: '2025-12-01', contractReference: 'CEP-GARDE' }),
      {
        'HX-Request': 'true',
      },
    );
    expect(reply.status).toBe(422);
    const li = reply.doc.querySelector(`section#atelier-${w.id} #attente-${c.id}`);
    expect(li?.querySelector(`#affecter-${c.id}-startsOn-erreur`)?.textContent).toContain('avant l’arrivée');
    expect(li?.querySelector(`#affecter-${c.id}-contractReference`)?.getAttribute('value')).toBe('CEP-GARDE');
    expect(await t.em().count(Assignment, { detainee: person.id })).toBe(0);
  });
});

describe('two assignments of one waiting person at once', () => {
  it('close the candidacy once, 20 times: one assignment answers it, a second click on the board is told', async () => {
    for (let round = 0; round < 20; round++) {
      const { post, person, c } = await waitingFor(2);
      const [p1, p2] = post as [Post, Post];
      // Two coordinators on the board (even rounds), or the board and the person page (odd rounds); 10 h each, so only the candidacy can collide.
      const second =
        round % 2 === 0
          ? coordinator.post(`/candidatures/${c.id}/affectation`, form(p2, { weeklyHours: '10' }))
          : coordinator.post(`/personnes/${person.id}/affectations`, form(p2, { weeklyHours: '10' }));
      const replies = await Promise.all([coordinator.post(`/candidatures/${c.id}/affectation`, form(p1, { weeklyHours: '10' })), second]);
      const candidacy = await t.em().findOneOrFail(Candidacy, c.id);
      expect(candidacy.status).toBe('assigned');
      expect(await t.em().count(Assignment, { candidacy: c.id })).toBe(1);
      const assignments = await t.em().count(Assignment, { detainee: person.id });
      if (round % 2 === 0) {
        expect(replies.map((r) => r.status).sort()).toEqual([303, 409]);
        expect(replies.find((r) => r.status === 409)?.html).toContain('n’est plus sur liste d’attente');
        expect(assignments).toBe(1);
      } else {
        expect(replies[1]?.status).toBe(303);
        expect(assignments).toBe(replies[0]?.status === 303 ? 2 : 1);
      }
    }
  });
});
