import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment, Enrollment } from '../../src/assignments/entities.ts';
import { AuditEvent } from '../../src/audit/entities.ts';
import { Candidacy } from '../../src/candidacies/entities.ts';
import { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { toDay } from '../../src/platform/calendar.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import {
  createDetainee,
  createEstablishment,
  createPartner,
  createPost,
  createProgramme,
  createSession,
  createUser,
  createWaitingCandidacy,
  createWorkshop,
  TEST_PASSWORD,
} from '../support/factories.ts';

let t: TestContext;
let mine: Establishment;
let other: Establishment;
let workshop: Workshop;
let coordinator: Browser;
let outsider: Browser;
const today = toDay(new Date());

beforeAll(async () => {
  t = await createTestContext();
  mine = await createEstablishment(t.em(), { name: 'InSERRE de Caen' });
  other = await createEstablishment(t.em(), { name: 'Maison d’arrêt de Vannes' });
  workshop = await createWorkshop(t.em(), mine, { name: 'Atelier bois' });
  await createUser(t.em(), 'coordinator', { email: 'coord@exemple.fr', establishments: [mine] });
  await createUser(t.em(), 'coordinator', { email: 'autre@exemple.fr', establishments: [other] });
  coordinator = new Browser(t.app);
  outsider = new Browser(t.app);
  await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
  await outsider.login('autre@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

const personForm = (over: Record<string, string> = {}) => ({
  prisonNumber: 'a 12345'.replace(' ', ''),
  lastName: 'Lefèvre',
  firstName: 'Noé',
  birthDate: '1995-04-12',
  arrivalDate: '2026-03-02',
  expectedReleaseDate: toDay(new Date(Date.now() + 400 * 86_400_000)),
  cpipName: 'Mme Hervé',
  ...over,
});

/** An establishment of the test's own, with a workshop and a coordinator signed in: lists there show only what the test made. */
async function ownEstablishment() {
  const establishment = await createEstablishment(t.em());
  const user = await createUser(t.em(), 'coordinator', { establishments: [establishment] });
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return { establishment, workshop: await createWorkshop(t.em(), establishment), browser };
}

describe('people', () => {
  beforeAll(async () => {
    await createDetainee(t.em(), mine, { lastName: 'Déjà', prisonNumber: 'DOUBLE1' });
  });

  it('are added with what the work needs, and audited', async () => {
    const reply = await coordinator.post(`/etablissements/${mine.id}/personnes`, personForm());
    expect(reply.status).toBe(303);
    const person = await t.em().findOneOrFail(Detainee, { prisonNumber: 'A12345', establishment: mine.id });
    expect(person).toMatchObject({ lastName: 'Lefèvre', arrivalDate: '2026-03-02', status: 'present', cpipName: 'Mme Hervé' });
    expect(reply.location).toBe(`/personnes/${person.id}`);
    expect(await t.em().count(AuditEvent, { entity: 'detainee', entityId: String(person.id), action: 'create', establishmentId: mine.id })).toBe(1);
  });

  it.each([
    [{ prisonNumber: 'A-12' }, 'prisonNumber', 'Le numéro d’écrou compte 1 à 12 chiffres ou lettres, sans espace ni tiret.'],
    [{ prisonNumber: 'double1' }, 'prisonNumber', 'Une personne de cet établissement a déjà ce numéro d’écrou.'],
    [{ lastName: '' }, 'lastName', 'Indiquez le nom.'],
    [{ birthDate: '2026-05-01' }, 'birthDate', 'La date de naissance doit précéder la date d’arrivée.'],
    [{ arrivalDate: '02/03/2026' }, 'arrivalDate', 'Indiquez une date valide, au format jj/mm/aaaa.'],
    [
      { expectedReleaseDate: '2025-01-01' },
      'expectedReleaseDate',
      'La libération prévue ne peut pas précéder l’arrivée.'.replace('La libération', 'La date de libération'),
    ],
  ])('refuse %o with the message next to the field, storing nothing', async (change, field, message) => {
    const before = await t.em().count(Detainee, {});
    const reply = await coordinator.post(`/etablissements/${mine.id}/personnes`, personForm({ prisonNumber: 'B777', ...change }));
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector(`#champ-${field}-erreur`)?.textContent).toBe(message);
    expect(await t.em().count(Detainee, {})).toBe(before);
  });

  it('are found by name or number, and filtered', async () => {
    const here = await ownEstablishment();
    await createDetainee(t.em(), here.establishment, { lastName: 'Lefèvre', firstName: 'Noé', prisonNumber: 'A12345' });
    const soon = await createDetainee(t.em(), here.establishment, {
      lastName: 'Prochain',
      expectedReleaseDate: toDay(new Date(Date.now() + 30 * 86_400_000)),
    });
    const waiting = await createDetainee(t.em(), here.establishment, { lastName: 'Patient' });
    await createWaitingCandidacy(t.em(), waiting, here.workshop);
    const names = async (query: string) =>
      [...(await here.browser.get(`/etablissements/${here.establishment.id}/personnes?${query}`)).doc.querySelectorAll('#liste-personnes tbody th a')].map(
        (a) => a.textContent,
      );
    expect(await names('q=lefev')).toEqual(['LEFÈVRE Noé']);
    expect(await names('q=A12345')).toEqual(['LEFÈVRE Noé']);
    expect(await names('liberation=1')).toEqual([soon.fullName()]);
    expect(await names('attente=1')).toEqual([waiting.fullName()]);
    expect(await names('sans-activite=1')).toContain(waiting.fullName());
  });

  it('refuse a stale edit with 409 and the current values', async () => {
    const person = await createDetainee(t.em(), mine, { lastName: 'Modifié' });
    const form = personForm({ prisonNumber: person.prisonNumber, lastName: 'Premier', arrivalDate: '2026-01-05', version: String(person.version) });
    expect((await coordinator.post(`/personnes/${person.id}`, form)).status).toBe(303);
    const late = await coordinator.post(`/personnes/${person.id}`, { ...form, lastName: 'Second' });
    expect(late.status).toBe(409);
    expect(late.doc.querySelector('#champ-lastName')?.getAttribute('value')).toBe('Premier');
  });

  it('of another establishment answer 404, and nothing changes', async () => {
    const person = await createDetainee(t.em(), mine);
    expect((await outsider.get(`/etablissements/${mine.id}/personnes`)).status).toBe(404);
    expect((await outsider.get(`/personnes/${person.id}`)).status).toBe(404);
    expect((await outsider.post(`/personnes/${person.id}/liberation`, { on: today })).status).toBe(404);
    expect((await outsider.post(`/etablissements/${mine.id}/personnes`, personForm({ prisonNumber: 'X1' }))).status).toBe(404);
    expect((await t.em().findOneOrFail(Detainee, person.id)).status).toBe('present');
  });

  it('are shown to a partner on its workshop page by name and post only', async () => {
    const partner = await createPartner(t.em(), { name: 'Bois et Compagnie' });
    const w = await createWorkshop(t.em(), mine, { partner });
    const post = await createPost(t.em(), w, { code: 'BOIS-01' });
    const person = await createDetainee(t.em(), mine, { lastName: 'Menuisier', prisonNumber: 'SECRET42' });
    const em = t.em();
    em.create(Assignment, {
      establishment: mine,
      detainee: person.id,
      post: post.id,
      contractReference: 'CEP-1',
      startsOn: '2026-02-01',
      trialEndsOn: '2026-02-14',
      weeklyMinutes: 2100,
      payCategory: 'production',
    } as never);
    await em.flush();
    const user = await createUser(t.em(), 'partner', { partner });
    const b = new Browser(t.app);
    await b.login(user.email, TEST_PASSWORD);
    const page = await b.get(`/ateliers/${w.id}`);
    expect(page.doc.querySelector('#personnes-affectees')?.textContent).toContain('MENUISIER Jean');
    expect(page.doc.querySelector('#personnes-affectees')?.textContent).toContain('BOIS-01');
    expect(page.html).not.toContain('SECRET42');
    expect(page.html).not.toContain('1990');
    expect((await b.get(`/personnes/${person.id}`)).status).toBe(403);
    expect((await b.get(`/etablissements/${mine.id}/personnes`)).status).toBe(403);
  });
});

describe('release and transfer', () => {
  it('end what the person holds on that date, close their requests, and can be undone', async () => {
    const person = await createDetainee(t.em(), mine, { lastName: 'Sortant' });
    const post = await createPost(t.em(), workshop);
    const em = t.em();
    em.create(Assignment, {
      establishment: mine,
      detainee: person.id,
      post: post.id,
      contractReference: 'CEP-2',
      startsOn: '2026-02-01',
      trialEndsOn: '2026-02-14',
      weeklyMinutes: 1200,
      payCategory: 'production',
    } as never);
    const session = await createSession(t.em(), mine, await createProgramme(t.em()), { startsOn: '2026-01-10' });
    em.create(Enrollment, { establishment: mine, detainee: person.id, session: session.id, startsOn: '2026-02-01', status: 'enrolled' } as never);
    await em.flush();
    await createWaitingCandidacy(t.em(), person, workshop);

    const reply = await coordinator.post(`/personnes/${person.id}/liberation`, { on: '2026-06-30', reason: 'Fin de peine' });
    expect(reply.status).toBe(303);
    const after = await coordinator.get(`/personnes/${person.id}`);
    expect(after.doc.querySelector('#messages')?.textContent).toContain('1 affectation terminée, 1 formation arrêtée, 1 candidature close');
    const assignment = await t.em().findOneOrFail(Assignment, { detainee: person.id });
    expect(assignment).toMatchObject({ endedOn: '2026-06-30', endReason: 'release' });
    expect((await t.em().findOneOrFail(Enrollment, { detainee: person.id })).status).toBe('dropped');
    expect((await t.em().findOneOrFail(Candidacy, { detainee: person.id })).status).toBe('expired');
    expect(await t.em().findOneOrFail(Detainee, person.id)).toMatchObject({ status: 'released', leftOn: '2026-06-30' });

    expect((await coordinator.post(`/personnes/${person.id}/retour`)).status).toBe(303);
    expect((await t.em().findOneOrFail(Detainee, person.id)).status).toBe('present');
    expect((await t.em().findOneOrFail(Assignment, { detainee: person.id })).endedOn).toBeNull();
    expect((await t.em().findOneOrFail(Candidacy, { detainee: person.id })).status).toBe('approved');
    // The training the release dropped is running again, like the assignment.
    expect(await t.em().findOneOrFail(Enrollment, { detainee: person.id })).toMatchObject({ status: 'enrolled', endedOn: null, dropReason: '' });
    const back = await coordinator.get(`/personnes/${person.id}`);
    expect(back.doc.querySelector('#messages')?.textContent).toContain('1 affectation rouverte, 1 formation reprise');
  });

  it('cancelled, restores only the trainings the leaving dropped, not one dropped before for another reason', async () => {
    const person = await createDetainee(t.em(), mine, { lastName: 'Revenant' });
    const programme = await createProgramme(t.em());
    const [first, second] = [
      await createSession(t.em(), mine, programme, { startsOn: '2026-01-10' }),
      await createSession(t.em(), mine, programme, { startsOn: '2026-01-10' }),
    ];
    const em = t.em();
    em.create(Enrollment, { establishment: mine, detainee: person.id, session: first.id, startsOn: '2026-04-01', status: 'enrolled' } as never);
    em.create(Enrollment, {
      establishment: mine,
      detainee: person.id,
      session: second.id,
      startsOn: '2026-04-01',
      status: 'dropped',
      endedOn: '2026-05-04',
      dropReason: 'Ne souhaite pas poursuivre',
    } as never);
    await em.flush();
    expect((await coordinator.post(`/personnes/${person.id}/transfert`, { on: '2026-06-30' })).status).toBe(303);
    expect((await coordinator.post(`/personnes/${person.id}/retour`)).status).toBe(303);
    const rows = await t.em().find(Enrollment, { detainee: person.id }, { orderBy: { session: 'asc' } });
    expect(rows.map((r) => [r.status, r.endedOn ?? null, r.dropReason])).toEqual([
      ['enrolled', null, ''],
      ['dropped', '2026-05-04', 'Ne souhaite pas poursuivre'],
    ]);
  });

  it('refuses a date before arrival, with the reason on the form', async () => {
    const person = await createDetainee(t.em(), mine, { arrivalDate: '2026-03-01' });
    const reply = await coordinator.post(`/personnes/${person.id}/transfert`, { on: '2026-02-01' });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#section-transfert .fr-alert--error')?.textContent).toContain('La date de sortie ne peut pas précéder la date d’arrivée.');
    expect((await t.em().findOneOrFail(Detainee, person.id)).status).toBe('present');
  });
});
