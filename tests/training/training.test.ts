import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/audit/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TrainingProgramme, TrainingSession } from '../../src/training/entities.ts';
import { sessionLengthInDays, sessionPeriod } from '../../src/training/rules.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createProgramme, createSession, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let mine: Establishment;
let other: Establishment;
let coordinator: Browser;
let outsider: Browser;
const HX = { 'HX-Request': 'true' };

beforeAll(async () => {
  t = await createTestContext();
  mine = await createEstablishment(t.em(), { name: 'InSERRE de Caen' });
  other = await createEstablishment(t.em(), { name: 'Centre de détention de Melun' });
  await createUser(t.em(), 'coordinator', { email: 'coord@exemple.fr', establishments: [mine] });
  await createUser(t.em(), 'coordinator', { email: 'autre@exemple.fr', establishments: [other] });
  coordinator = new Browser(t.app);
  outsider = new Browser(t.app);
  await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
  await outsider.login('autre@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

describe('session rules', () => {
  it.each([
    ['2026-09-01', '2026-09-30', '2026-08-31', 'upcoming'],
    ['2026-09-01', '2026-09-30', '2026-09-01', 'current'],
    ['2026-09-01', '2026-09-30', '2026-09-30', 'current'],
    ['2026-09-01', '2026-09-30', '2026-10-01', 'past'],
  ] as const)('a session from %s to %s is %s on %s', (from, to, today, period) => {
    expect(sessionPeriod(from, to, today)).toBe(period);
  });

  it('counts both ends in its length', () => {
    expect(sessionLengthInDays('2026-09-01', '2026-09-30')).toBe(30);
    expect(sessionLengthInDays('2026-03-28', '2026-03-29')).toBe(2);
  });
});

const programmeForm = (over: Record<string, string> = {}) => ({
  title: 'CAP Cuisine',
  provider: 'GRETA du Calvados',
  certificationCode: 'rncp 37861',
  hours: '420',
  ...over,
});
const sessionForm = (programmeId: number, over: Record<string, string> = {}) => ({
  programmeId: String(programmeId),
  startsOn: '2026-09-01',
  endsOn: '2027-06-30',
  places: '12',
  paid: 'on',
  ...over,
});

describe('programmes', () => {
  // Already known: the title and organisation that a new programme cannot take again.
  beforeAll(async () => {
    await createProgramme(t.em(), { title: 'Titre professionnel Cuisinier' });
  });

  it('are created with the certification code normalised', async () => {
    expect((await coordinator.post('/formations', programmeForm())).status).toBe(303);
    expect(await t.em().findOneOrFail(TrainingProgramme, { title: 'CAP Cuisine' })).toMatchObject({ certificationCode: 'RNCP37861', hours: 420 });
  });

  it.each([
    [{ title: '' }, 'title', 'Indiquez l’intitulé de la formation.'],
    [{ provider: '' }, 'provider', 'Indiquez l’organisme de formation.'],
    [{ certificationCode: 'CAP-123' }, 'certificationCode', 'Écrivez le code RNCP ou RS tel qu’au répertoire, par exemple RNCP35321 ou RS5462.'],
    [{ hours: 'beaucoup' }, 'hours', 'La durée est un nombre entier d’heures, par exemple 140.'],
    [{ hours: '0' }, 'hours', 'La durée est d’au moins une heure.'],
    [{ title: 'titre professionnel cuisinier', provider: 'greta' }, 'title', 'Cet organisme propose déjà une formation de ce nom (peut-être archivée).'],
  ])('refuse %o with the message next to the field, storing nothing', async (change, field, message) => {
    const before = await t.em().count(TrainingProgramme, {});
    const reply = await coordinator.post('/formations', programmeForm({ title: 'Nouvelle formation', ...change }), HX);
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector(`#nouvelle-formation-${field}-erreur`)?.textContent).toBe(message);
    expect(await t.em().count(TrainingProgramme, {})).toBe(before);
  });

  it('cannot be archived while a session is running or to come', async () => {
    const programme = await createProgramme(t.em());
    await createSession(t.em(), mine, programme, { startsOn: '2026-01-01', endsOn: '2099-01-01' });
    const reply = await coordinator.post(`/formations/${programme.id}/archivage`);
    expect(reply.status).toBe(409);
    expect(reply.html).toContain('encore 1 session en cours ou à venir');
  });
});

describe('sessions', () => {
  it('are programmed in the coordinator’s establishment, with places, and audited', async () => {
    const programme = await createProgramme(t.em(), { title: 'Titre pro agent de maintenance' });
    const reply = await coordinator.post(`/etablissements/${mine.id}/sessions`, sessionForm(programme.id), HX);
    expect(reply.status).toBe(201);
    const session = await t.em().findOneOrFail(TrainingSession, { programme: programme.id });
    expect(session).toMatchObject({ startsOn: '2026-09-01', endsOn: '2027-06-30', places: 12, paid: true });
    expect(reply.doc.querySelector(`#session-${session.id}`)?.textContent).toContain('1er septembre 2026');
    expect(await t.em().count(AuditEvent, { entity: 'training_session', entityId: String(session.id), establishmentId: mine.id })).toBe(1);
  });

  it.each([
    [{ programmeId: '' }, 'programmeId', 'Choisissez la formation.'],
    [{ startsOn: '' }, 'startsOn', 'Indiquez la date de début.'],
    [{ startsOn: '2026-02-30' }, 'startsOn', 'Indiquez une date valide, au format jj/mm/aaaa.'],
    [{ endsOn: '2026-08-31' }, 'endsOn', 'La date de fin ne peut pas précéder la date de début.'],
    [{ places: '0' }, 'places', 'Une session compte au moins une place.'],
    [{ places: 'douze' }, 'places', 'Le nombre de places est un nombre entier, par exemple 12.'],
  ])('refuse %o with the message next to the field, storing nothing', async (change, field, message) => {
    const programme = await createProgramme(t.em());
    const before = await t.em().count(TrainingSession, {});
    const reply = await coordinator.post(`/etablissements/${mine.id}/sessions`, sessionForm(programme.id, change), HX);
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector(`#nouvelle-session-${field}-erreur`)?.textContent).toBe(message);
    expect(await t.em().count(TrainingSession, {})).toBe(before);
  });

  it('are edited inline and archived', async () => {
    const session = await createSession(t.em(), mine, await createProgramme(t.em()));
    const saved = await coordinator.post(
      `/sessions/${session.id}`,
      { ...sessionForm(session.programme.id, { places: '20', paid: '' }), version: String(session.version) },
      HX,
    );
    expect(saved.status).toBe(200);
    expect(saved.doc.querySelector(`#session-${session.id}`)?.textContent).toContain('20 places');
    expect((await t.em().findOneOrFail(TrainingSession, session.id)).paid).toBe(false);
    await coordinator.post(`/sessions/${session.id}/archivage`);
    const list = await coordinator.get(`/etablissements/${mine.id}/sessions`);
    expect(list.doc.querySelector(`#session-${session.id}`)).toBeNull();
  });

  it('of another establishment answer 404 and cannot be changed', async () => {
    const session = await createSession(t.em(), mine, await createProgramme(t.em()));
    expect((await outsider.get(`/etablissements/${mine.id}/sessions`)).status).toBe(404);
    expect((await outsider.get(`/sessions/${session.id}/modifier`)).status).toBe(404);
    expect((await outsider.post(`/sessions/${session.id}/archivage`)).status).toBe(404);
    expect((await outsider.post(`/etablissements/${mine.id}/sessions`, sessionForm(session.programme.id))).status).toBe(404);
    expect((await t.em().findOneOrFail(TrainingSession, session.id)).archivedAt).toBeNull();
  });
});
