import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment, Enrollment } from '../../src/assignments/entities.ts';
import { Candidacy } from '../../src/candidacies/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { plusDays, toDay } from '../../src/platform/calendar.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
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
import { adminClient } from '../support/pg.ts';

let t: TestContext;
let mine: Establishment;
let workshop: Workshop;
let coordinator: Browser;
const today = toDay(new Date());

beforeAll(async () => {
  t = await createTestContext();
  mine = await createEstablishment(t.em(), { name: 'InSERRE de Nantes' });
  workshop = await createWorkshop(t.em(), mine, { name: 'Atelier cuisine' });
  await createUser(t.em(), 'coordinator', { email: 'coord@exemple.fr', establishments: [mine] });
  coordinator = new Browser(t.app);
  await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

const assignForm = (postId: number, over: Record<string, string> = {}) => ({
  postId: String(postId),
  contractReference: 'CEP-2026-0100',
  startsOn: '2026-03-01',
  ...over,
});

describe('candidacies and waiting lists', () => {
  it('go from request to CPU opinion to the waiting list, in the documented order', async () => {
    const first = await createDetainee(t.em(), mine, { lastName: 'Ancien' });
    const urgent = await createDetainee(t.em(), mine, { lastName: 'Urgent', expectedReleaseDate: plusDays(today, 60) });
    const reply = await coordinator.post(`/personnes/${first.id}/candidatures`, {
      target: `atelier:${workshop.id}`,
      proposedBy: 'cpip',
      submittedOn: '2026-02-01',
      motivation: 'Aime cuisiner',
    });
    expect(reply.status).toBe(303);
    const candidacy = await t.em().findOneOrFail(Candidacy, { detainee: first.id });
    expect(candidacy.status).toBe('submitted');
    expect((await coordinator.post(`/candidatures/${candidacy.id}/avis`, { opinion: 'favourable', on: '2026-02-10' })).status).toBe(303);
    expect((await t.em().findOneOrFail(Candidacy, candidacy.id)).status).toBe('approved');
    await createWaitingCandidacy(t.em(), urgent, workshop, '2026-05-01');
    const board = await coordinator.get(`/etablissements/${mine.id}/tableau`);
    const list = [...board.doc.querySelectorAll(`#atelier-${workshop.id} .atelier-waiting-item a[href^="/personnes/"]`)].map((a) => a.textContent);
    expect(list.slice(0, 2)).toEqual([urgent.fullName(), first.fullName()]);
  });

  it('are closed by an unfavourable opinion', async () => {
    const person = await createDetainee(t.em(), mine);
    await coordinator.post(`/personnes/${person.id}/candidatures`, { target: `atelier:${workshop.id}`, proposedBy: 'self', submittedOn: '2026-02-01' });
    const c = await t.em().findOneOrFail(Candidacy, { detainee: person.id });
    await coordinator.post(`/candidatures/${c.id}/avis`, { opinion: 'unfavourable', on: '2026-02-03' });
    expect(await t.em().findOneOrFail(Candidacy, c.id)).toMatchObject({ status: 'refused', closedOn: '2026-02-03' });
  });

  it('refuse a request without a target, with the message next to the field', async () => {
    const person = await createDetainee(t.em(), mine);
    const reply = await coordinator.post(`/personnes/${person.id}/candidatures`, { target: '', proposedBy: 'self', submittedOn: '2026-02-01' });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#candidature-target-erreur')?.textContent).toBe('Choisissez l’atelier, le poste ou la session demandés.');
    expect(await t.em().count(Candidacy, { detainee: person.id })).toBe(0);
  });

  it('can be moved by hand, which records who and why', async () => {
    const person = await createDetainee(t.em(), mine);
    const c = await createWaitingCandidacy(t.em(), person, workshop, '2026-06-01');
    const refused = await coordinator.post(`/candidatures/${c.id}/rang`, { rank: '1', reason: '' });
    expect(refused.status).toBe(422);
    expect(refused.doc.querySelector(`#rang-${c.id}-reason-erreur`)?.textContent).toBe('Expliquez en quelques mots pourquoi vous déplacez cette personne.');
    expect((await coordinator.post(`/candidatures/${c.id}/rang`, { rank: '1', reason: 'Projet de sortie validé par le JAP' })).status).toBe(303);
    const saved = await t.em().findOneOrFail(Candidacy, c.id, { populate: ['pinnedBy'] });
    expect(saved).toMatchObject({ pinnedRank: 1, pinnedReason: 'Projet de sortie validé par le JAP' });
    expect(saved.pinnedBy?.email).toBe('coord@exemple.fr');
    const board = await coordinator.get(`/etablissements/${mine.id}/tableau`);
    expect(board.doc.querySelector(`#atelier-${workshop.id} .atelier-waiting-item a[href^="/personnes/"]`)?.textContent).toBe(person.fullName());
    await coordinator.post(`/candidatures/${c.id}/retrait`, { on: today, reason: 'A trouvé une formation' });
    expect((await t.em().findOneOrFail(Candidacy, c.id)).status).toBe('withdrawn');
  });
});

describe('assignments', () => {
  it('are made from the waiting list in two steps: the form, then the assignment, closing the candidacy', async () => {
    const w = await createWorkshop(t.em(), mine, { name: 'Atelier plomberie' });
    const post = await createPost(t.em(), w, { code: 'PLO-01' });
    const person = await createDetainee(t.em(), mine, { arrivalDate: '2026-01-05' });
    const c = await createWaitingCandidacy(t.em(), person, w);
    const form = await coordinator.get(`/candidatures/${c.id}/affectation`, { 'HX-Request': 'true' });
    expect(form.doc.querySelector(`#affecter-${c.id}-postId option[selected]`)?.textContent).toContain('PLO-01');
    const reference = form.doc.querySelector(`#affecter-${c.id}-contractReference`)?.getAttribute('value');
    expect(reference).toMatch(/^CEP-\d{4}-\d{4}$/);
    const reply = await coordinator.post(`/candidatures/${c.id}/affectation`, assignForm(post.id, { contractReference: reference ?? '' }), {
      'HX-Request': 'true',
    });
    expect(reply.status).toBe(200);
    expect(reply.doc.querySelector(`section#atelier-${w.id} .fr-alert--success`)?.textContent).toContain(`Affectation de ${person.fullName()} au poste PLO-01`);
    const assignment = await t.em().findOneOrFail(Assignment, { detainee: person.id });
    expect(assignment).toMatchObject({ startsOn: '2026-03-01', trialEndsOn: '2026-03-31', weeklyMinutes: 2100, payCategory: 'production', endedOn: null });
    expect((await t.em().findOneOrFail(Candidacy, c.id)).status).toBe('assigned');
    const board = await coordinator.get(`/etablissements/${mine.id}/tableau`);
    expect(board.doc.querySelector(`#postes-atelier-${w.id}`)?.textContent).toContain(person.fullName());
  });

  it.each([
    ['a post already held on those dates', 'held', 409, 'est occupé par'],
    ['a frozen post', 'frozen', 409, 'gelé ou archivé'],
    ['a start before arrival', 'early', 422, 'avant l’arrivée de la personne'],
    ['more than 35 hours a week across posts', 'hours', 409, 'le temps plein est de 35 h'],
  ])('refuse %s with a French explanation, storing nothing', async (_label, kind, status, message) => {
    const w = await createWorkshop(t.em(), mine);
    const post = await createPost(t.em(), w, { status: kind === 'frozen' ? 'frozen' : 'open' });
    const person = await createDetainee(t.em(), mine, { arrivalDate: '2026-02-01' });
    if (kind === 'held' || kind === 'hours') {
      const holder = kind === 'held' ? await createDetainee(t.em(), mine) : person;
      const target = kind === 'held' ? post : await createPost(t.em(), w);
      const ok = await coordinator.post(`/personnes/${holder.id}/affectations`, assignForm(target.id, { startsOn: '2026-02-15' }));
      expect(ok.status).toBe(303);
    }
    const before = await t.em().count(Assignment, {});
    const reply = await coordinator.post(
      `/personnes/${person.id}/affectations`,
      assignForm(post.id, { startsOn: kind === 'early' ? '2026-01-10' : '2026-03-01', weeklyHours: kind === 'hours' ? '10' : '' }),
    );
    expect(reply.status).toBe(status);
    expect(reply.doc.querySelector('#section-affectation')?.textContent).toContain(message);
    expect(await t.em().count(Assignment, {})).toBe(before);
  });

  it('are refused by the database too, with the same explanation, when a script bypasses the services', async () => {
    const w = await createWorkshop(t.em(), mine);
    const post = await createPost(t.em(), w);
    const a = await createDetainee(t.em(), mine);
    const b = await createDetainee(t.em(), mine);
    const insert = (person: number, start: string) =>
      adminClient(t.db.url, (c) =>
        c.query(
          `insert into assignment (establishment_id, detainee_id, post_id, contract_reference, starts_on, trial_ends_on, weekly_minutes, pay_category)
           values ($1, $2, $3, 'CEP-X', $4, $4, 2100, 'production')`,
          [mine.id, person, post.id, start],
        ),
      );
    await insert(a.id, '2026-03-01');
    await expect(insert(b.id, '2026-04-01')).rejects.toThrow(/assignment_post_overlap/);
    await expect(insert(b.id, '2025-01-01')).rejects.toThrow(/avant l’arrivée/);
    await adminClient(t.db.url, (c) => c.query(`update post set status = 'frozen' where id = $1`, [post.id]));
    await adminClient(t.db.url, (c) => c.query(`update assignment set ended_on = '2026-03-31', end_reason = 'resignation' where post_id = $1`, [post.id]));
    await expect(insert(b.id, '2026-04-01')).rejects.toThrow(/gelé ou archivé/);
  });

  it('of one post requested twice at once: exactly one wins, the other gets a clear refusal', async () => {
    const w = await createWorkshop(t.em(), mine);
    const post = await createPost(t.em(), w);
    const people = await Promise.all([createDetainee(t.em(), mine), createDetainee(t.em(), mine), createDetainee(t.em(), mine), createDetainee(t.em(), mine)]);
    const replies = await Promise.all(
      people.map((p, i) => coordinator.post(`/personnes/${p.id}/affectations`, assignForm(post.id, { contractReference: `CEP-RACE-${i}` }))),
    );
    expect(replies.filter((r) => r.status === 303)).toHaveLength(1);
    const losers = replies.filter((r) => r.status !== 303);
    expect(losers.map((r) => r.status)).toEqual([409, 409, 409]);
    for (const r of losers) expect(r.doc.querySelector('#section-affectation .fr-alert--error')?.textContent).toMatch(/occupé/);
    expect(await t.em().count(Assignment, { post: post.id })).toBe(1);
  });

  it('are suspended (the post stays held), resumed, get a new trial end with a reason, and end with a reason', async () => {
    const w = await createWorkshop(t.em(), mine);
    const post = await createPost(t.em(), w);
    const person = await createDetainee(t.em(), mine);
    await coordinator.post(`/personnes/${person.id}/affectations`, assignForm(post.id, { startsOn: plusDays(today, -40) }));
    const assignment = await t.em().findOneOrFail(Assignment, { detainee: person.id });
    expect(
      (await coordinator.post(`/affectations/${assignment.id}/suspension`, { startsOn: plusDays(today, -2), endsOn: '', reason: 'sickness' })).status,
    ).toBe(303);
    let board = await coordinator.get(`/etablissements/${mine.id}/tableau`);
    expect(board.doc.querySelector(`#postes-atelier-${w.id} tbody`)?.textContent).toContain('Suspendue');
    const resumed = await coordinator.get(`/personnes/${person.id}`);
    const resumeAction = resumed.doc.querySelector('form[action^="/suspensions/"]')?.getAttribute('action') ?? '';
    expect((await coordinator.post(resumeAction, { on: today })).status).toBe(303);
    expect((await coordinator.post(`/affectations/${assignment.id}/essai`, { trialEndsOn: plusDays(today, -20), reason: '' })).status).toBe(422);
    expect(
      (await coordinator.post(`/affectations/${assignment.id}/essai`, { trialEndsOn: plusDays(today, -20), reason: 'Essai écourté, accord des deux parties' }))
        .status,
    ).toBe(303);
    expect((await coordinator.post(`/affectations/${assignment.id}/fin`, { on: today, reason: 'moved_to_another_post' })).status).toBe(303);
    const saved = await t.em().findOneOrFail(Assignment, assignment.id);
    expect(saved).toMatchObject({ endedOn: today, endReason: 'moved_to_another_post', trialChangeReason: 'Essai écourté, accord des deux parties' });
    board = await coordinator.get(`/etablissements/${mine.id}/tableau`);
    const page = await coordinator.get(`/personnes/${person.id}`);
    expect(page.doc.querySelector('#chronologie')?.textContent).toContain('Passage sur un autre poste');
  });
});

describe('occupancy', () => {
  it('shows on the workshop list (occupied/total) and the post list (holder, vacancy days this month)', async () => {
    const e = await createEstablishment(t.em());
    await createUser(t.em(), 'coordinator', { email: 'occupation@exemple.fr', establishments: [e] });
    const b = new Browser(t.app);
    await b.login('occupation@exemple.fr', TEST_PASSWORD);
    const w = await createWorkshop(t.em(), e, { name: 'Atelier occupé' });
    const held = await createPost(t.em(), w, { code: 'OCC-01' });
    await createPost(t.em(), w, { code: 'OCC-02' });
    const person = await createDetainee(t.em(), e, { lastName: 'Titulaire', arrivalDate: '2026-01-02' });
    const firstOfMonth = `${today.slice(0, 8)}01`;
    await b.post(`/personnes/${person.id}/affectations`, assignForm(held.id, { startsOn: firstOfMonth }));
    const list = await b.get(`/etablissements/${e.id}/ateliers`);
    expect(list.doc.querySelector(`#atelier-${w.id}`)?.textContent).toContain('1/2 occupés');
    const posts = await b.get(`/etablissements/${e.id}/postes`);
    const rowOf = (code: string) => [...posts.doc.querySelectorAll('#liste-postes tbody tr')].find((tr) => tr.querySelector('th')?.textContent === code);
    expect(rowOf('OCC-01')?.textContent).toContain('TITULAIRE Jean');
    expect(rowOf('OCC-02')?.textContent).toContain('Vacant');
    expect(rowOf('OCC-01')?.textContent).not.toContain('jour vacant');
  });
});

describe('enrollments', () => {
  it('stay within the places, complete with or without certification, and a drop frees a place', async () => {
    const session = await createSession(t.em(), mine, await createProgramme(t.em(), { title: 'CAP Électricité' }), { startsOn: '2026-02-01', places: 1 });
    const [a, b] = [await createDetainee(t.em(), mine), await createDetainee(t.em(), mine)];
    expect((await coordinator.post(`/personnes/${a.id}/inscriptions`, { sessionId: String(session.id), startsOn: '2026-02-01' })).status).toBe(303);
    const full = await coordinator.post(`/personnes/${b.id}/inscriptions`, { sessionId: String(session.id), startsOn: '2026-02-01' });
    expect(full.status).toBe(409);
    expect(full.doc.querySelector('#section-inscription')?.textContent).toContain(
      'La session « CAP Électricité » est complète (1 places).'.replace('1 places', '1 places'),
    );
    const enrollment = await t.em().findOneOrFail(Enrollment, { detainee: a.id });
    expect((await coordinator.post(`/inscriptions/${enrollment.id}/abandon`, { on: '2026-03-01', reason: '' })).status).toBe(422);
    expect((await coordinator.post(`/inscriptions/${enrollment.id}/abandon`, { on: '2026-03-01', reason: 'Changement de projet' })).status).toBe(303);
    expect((await coordinator.post(`/personnes/${b.id}/inscriptions`, { sessionId: String(session.id), startsOn: '2026-03-02' })).status).toBe(303);
    const second = await t.em().findOneOrFail(Enrollment, { detainee: b.id });
    expect((await coordinator.post(`/inscriptions/${second.id}/fin`, { on: '2026-06-30', certified: 'oui' })).status).toBe(303);
    expect(await t.em().findOneOrFail(Enrollment, second.id)).toMatchObject({ status: 'completed', certified: true, endedOn: '2026-06-30' });
  });

  it('of the last place requested at once: exactly one gets it', async () => {
    const session = await createSession(t.em(), mine, await createProgramme(t.em()), { startsOn: '2026-02-01', places: 2 });
    const people = await Promise.all(Array.from({ length: 6 }, () => createDetainee(t.em(), mine)));
    await coordinator.post(`/personnes/${people[0]?.id}/inscriptions`, { sessionId: String(session.id), startsOn: '2026-02-01' });
    const replies = await Promise.all(
      people.slice(1).map((p) => coordinator.post(`/personnes/${p.id}/inscriptions`, { sessionId: String(session.id), startsOn: '2026-02-01' })),
    );
    expect(replies.filter((r) => r.status === 303)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(4);
    expect(await t.em().count(Enrollment, { session: session.id, status: { $ne: 'dropped' } })).toBe(2);
  });
});

describe('the without-activity list', () => {
  it('lists present people with neither work nor training today, longest first, with the days', async () => {
    const e = await createEstablishment(t.em());
    await createUser(t.em(), 'coordinator', { email: 'solo@exemple.fr', establishments: [e] });
    const b = new Browser(t.app);
    await b.login('solo@exemple.fr', TEST_PASSWORD);
    const idle = await createDetainee(t.em(), e, { lastName: 'Oisif', arrivalDate: plusDays(today, -30) });
    const recent = await createDetainee(t.em(), e, { lastName: 'Récent', arrivalDate: plusDays(today, -3) });
    const busy = await createDetainee(t.em(), e, { lastName: 'Occupé', arrivalDate: plusDays(today, -30) });
    const w = await createWorkshop(t.em(), e);
    const post = await createPost(t.em(), w);
    await b.post(`/personnes/${busy.id}/affectations`, assignForm(post.id, { startsOn: plusDays(today, -20) }));
    const page = await b.get(`/etablissements/${e.id}/sans-activite`);
    const rows = [...page.doc.querySelectorAll('#sans-activite tbody tr')].map((tr) => [
      tr.querySelector('th')?.textContent,
      tr.querySelector('td:nth-child(3)')?.textContent,
    ]);
    expect(rows).toEqual([
      [idle.fullName(), '30 jours'],
      [recent.fullName(), '3 jours'],
    ]);
    expect(page.doc.querySelector('.fr-text--lead')?.textContent).toContain('33,3 %');
  });
});
