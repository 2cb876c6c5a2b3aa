import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { logIn, loginSettings, resumeSession } from '../../src/auth/service.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import type { TrainingSession } from '../../src/training/entities.ts';
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

let t: TestContext;
let followed: Establishment;
let other: Establishment;
let workshop: Workshop;
let session: TrainingSession;
let person: Detainee;
let assignment: Assignment;
let candidacyId: number;
let committee: Browser;
const committeeEmail = 'comite@exemple.fr';

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  followed = await createEstablishment(em, { name: 'Suivi' });
  other = await createEstablishment(em, { name: 'Autre' });
  workshop = await createWorkshop(em, followed, { name: 'Reliure' });
  const post = await createPost(em, workshop, { code: 'SUI-REL-01' });
  session = await createSession(em, followed, await createProgramme(em));
  person = await createDetainee(em, followed, { lastName: 'Confidentiel', arrivalDate: '2026-01-05' });
  assignment = em.create(Assignment, {
    establishment: followed,
    detainee: person,
    post,
    contractReference: 'CEP-2026-0001',
    startsOn: '2026-01-05',
    trialEndsOn: '2026-01-19',
    weeklyMinutes: 2100,
    payCategory: 'production',
  });
  await em.flush();
  candidacyId = (await createWaitingCandidacy(em, await createDetainee(em, followed, { lastName: 'Attente' }), workshop)).id;
  await createUser(em, 'committee', { email: committeeEmail, establishments: [followed] });
  committee = new Browser(t.app);
  await committee.login(committeeEmail, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('a committee member who follows an establishment', () => {
  it('carries it on their scope, for the aggregates only', async () => {
    const login = await logIn(t.em(), { email: committeeEmail, password: TEST_PASSWORD, ip: '192.0.2.1' }, loginSettings(t.config));
    if (!login.ok) throw new Error('login refused');
    const signedIn = await resumeSession(t.em(), login.token);
    expect(signedIn?.scope.aggregateEstablishmentIds()).toEqual([followed.id]);
    expect(signedIn?.scope.visibleEstablishmentIds()).toEqual([]);
    expect(signedIn?.scope.canManageEstablishment(followed.id)).toBe(false);
    expect(signedIn?.scope.seesIndividualData).toBe(false);
  });

  it.each([
    ['its people', () => `/etablissements/${followed.id}/personnes`, 403],
    ['its people as a spreadsheet', () => `/etablissements/${followed.id}/personnes.csv`, 403],
    ['a person’s page', () => `/personnes/${person.id}`, 403],
    ['its assignment board', () => `/etablissements/${followed.id}/tableau`, 404],
    ['its people without activity', () => `/etablissements/${followed.id}/sans-activite`, 404],
    ['a waiting list’s assignment form', () => `/candidatures/${candidacyId}/affectation`, 403],
    ['a workshop’s timesheet', () => `/ateliers/${workshop.id}/pointage?semaine=2026-01-05`, 404],
    ['a training session’s timesheet', () => `/sessions/${session.id}/pointage?semaine=2026-01-05`, 404],
    ['its pay statement', () => `/etablissements/${followed.id}/paie`, 403],
    ['the pay of an establishment it does not follow', () => `/etablissements/${other.id}/paie`, 403],
  ])('still cannot open %s', async (_, path, status) => {
    const reply = await committee.get(path());
    expect(reply.status).toBe(status);
    expect(reply.html).not.toContain('Confidentiel');
  });

  it('cannot type hours in the followed establishment’s workshop', async () => {
    const key = `c-a${assignment.id}-2026-01-05`;
    const reply = await committee.post('/pointage/cellule', { cell: key, [key]: '7h', version: '0' }, { 'HX-Request': 'true' });
    expect(reply.status).toBe(404);
    expect(await t.em().count(TimeEntry, {})).toBe(0);
  });
});
