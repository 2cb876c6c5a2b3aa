import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment, Enrollment, Suspension } from '../../src/assignments/entities.ts';
import { entriesOutside } from '../../src/assignments/rules.ts';
import { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { Browser, createTestContext, type Reply, type TestContext } from '../support/app.ts';
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

/**
 * Recording an end, a suspension or a release over days that already hold time (code
 * pénitentiaire D412-64: only time inside the contract is paid): the form lists those
 * entries and asks; « Annuler » saves nothing, « Enregistrer quand même » keeps the time as
 * « heures hors contrat », unpaid, shown on the person's page with links to their weeks.
 *
 * The week of Monday 16 November 2026: 7 h typed each day from Monday to Friday (35 h).
 */

let t: TestContext;
let home: Establishment;
let coordinator: Browser;

beforeAll(async () => {
  t = await createTestContext();
  home = await createEstablishment(t.em());
  const user = await createUser(t.em(), 'coordinator', { establishments: [home] });
  coordinator = new Browser(t.app);
  await coordinator.login(user.email, TEST_PASSWORD);
});
afterAll(() => t.close());

const sql = (query: string, params: unknown[] = []) => t.em().getConnection().execute(query, params);
const WEEK = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];

/** A person holding a post since 2 Nov 2026, with 7 h typed each day of the week of 16 Nov; that week validated when asked. */
async function workedWeek(lastName: string, { validated = false } = {}) {
  const workshop = await createWorkshop(t.em(), home, { name: `Atelier ${lastName}` });
  const post = await createPost(t.em(), workshop);
  const person = await createDetainee(t.em(), home, { lastName, arrivalDate: '2026-10-01' });
  const em = t.em();
  const assignment = em.create(Assignment, {
    establishment: home,
    detainee: person.id,
    post: post.id,
    contractReference: `CEP-${lastName}`,
    startsOn: '2026-11-02',
    trialEndsOn: '2026-11-15',
    weeklyMinutes: 2100,
    payCategory: 'production',
  } as never);
  await em.flush();
  for (const day of WEEK) {
    await sql(`insert into time_entry (establishment_id, detainee_id, assignment_id, workshop_id, day, kind, minutes) values (?, ?, ?, ?, ?, 'work', 420)`, [
      home.id,
      person.id,
      assignment.id,
      workshop.id,
      day,
    ]);
  }
  if (validated)
    await sql(`update timesheet_week set status = 'validated', validated_at = now() where workshop_id = ? and week_start = '2026-11-16'`, [workshop.id]);
  return { person, assignment, workshop };
}

/** The rows of the list shown with the refused form, as « Personne | Jour | Atelier | Heures | Semaine ». */
function listedRows(reply: Reply, form: string): string[][] {
  return [...reply.doc.querySelectorAll(`#hors-contrat-${form} tbody tr`)].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''),
  );
}

const confirmButton = (reply: Reply, form: string) => reply.doc.querySelector(`#volet-${form} button[name="confirmOutside"][value="1"]`);
const cancelLink = (reply: Reply, form: string) => [...reply.doc.querySelectorAll(`#volet-${form} a`)].find((a) => a.textContent?.trim() === 'Annuler');

describe('the pure rule: which entries fall outside', () => {
  const entries = WEEK.map((day) => ({ day, minutes: 420 }));
  it.each([
    ['an end on Wednesday: Thursday and Friday', { kind: 'end', on: '2026-11-18' }, ['2026-11-19', '2026-11-20']],
    ['an end on Friday: none', { kind: 'end', on: '2026-11-20' }, []],
    ['a suspension Tuesday to Wednesday', { kind: 'suspension', startsOn: '2026-11-17', endsOn: '2026-11-18' }, ['2026-11-17', '2026-11-18']],
    ['a suspension from Thursday with no end', { kind: 'suspension', startsOn: '2026-11-19', endsOn: null }, ['2026-11-19', '2026-11-20']],
    ['a suspension from the next Monday: none', { kind: 'suspension', startsOn: '2026-11-23', endsOn: null }, []],
    ['a leaving on Tuesday: Wednesday to Friday', { kind: 'leaving', on: '2026-11-17' }, ['2026-11-18', '2026-11-19', '2026-11-20']],
  ] as const)('%s', (_, change, days) => {
    expect(entriesOutside(entries, change).map((e) => e.day)).toEqual(days);
  });

  it('ignores days that hold no time (an absence, or an entry netted to 0 by its adjustment)', () => {
    expect(entriesOutside([{ day: '2026-11-19', minutes: 0 }], { kind: 'end', on: '2026-11-18' })).toEqual([]);
  });
});

describe('an end over days that hold time', () => {
  it('is not saved: the form lists the entries, in a validated week too, with « Annuler » and « Enregistrer quand même » (409)', async () => {
    const { person, assignment, workshop } = await workedWeek('Validee', { validated: true });
    const form = `fin-${assignment.id}`;
    const reply = await coordinator.post(`/affectations/${assignment.id}/fin`, { on: '2026-11-18', reason: 'resignation' });
    expect(reply.status).toBe(409);
    expect(listedRows(reply, form)).toEqual([
      [person.fullName(), '19 novembre 2026', workshop.name, '7 h', 'validée'],
      [person.fullName(), '20 novembre 2026', workshop.name, '7 h', 'validée'],
    ]);
    expect(reply.doc.querySelector(`#hors-contrat-${form}`)?.textContent).toContain('2 saisies (14 h) tomberaient hors du contrat et ne seraient pas payées.');
    expect(confirmButton(reply, form)?.textContent).toBe('Enregistrer quand même : ces heures deviennent des heures hors contrat, non payées, à corriger');
    expect(reply.doc.querySelector(`#hors-contrat-${form} a`)?.getAttribute('href')).toBe(`/ateliers/${workshop.id}/pointage?semaine=2026-11-16`);
    // The form keeps what was typed, so the confirmation posts it again.
    expect(reply.doc.querySelector(`#${form}-on`)?.getAttribute('value')).toBe('2026-11-18');

    // « Annuler »: back to the page, nothing saved.
    expect(cancelLink(reply, form)?.getAttribute('href')).toBe(`/personnes/${person.id}`);
    const page = await coordinator.get(`/personnes/${person.id}`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#hors-contrat')).toBeNull();
    expect((await t.em().findOneOrFail(Assignment, assignment.id)).endedOn).toBeNull();
  });

  it('confirmed, is saved and the time becomes « heures hors contrat » on the person’s page, with links to the weeks', async () => {
    const { person, assignment, workshop } = await workedWeek('Confirme');
    const reply = await coordinator.post(`/affectations/${assignment.id}/fin`, { on: '2026-11-18', reason: 'resignation', confirmOutside: '1' });
    expect(reply.status).toBe(303);
    expect(await t.em().findOneOrFail(Assignment, assignment.id)).toMatchObject({ endedOn: '2026-11-18', endReason: 'resignation' });
    const page = await coordinator.get(`/personnes/${person.id}`);
    const notice = page.doc.querySelector('#hors-contrat');
    expect(notice?.querySelector('h2')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('14 heures hors contrat à corriger');
    expect(notice?.querySelector('a')?.getAttribute('href')).toBe(`/ateliers/${workshop.id}/pointage?semaine=2026-11-16`);
    expect(notice?.textContent).toContain('19/11/2026 7 h, 20/11/2026 7 h');
  });

  it('answers htmx with the page’s main fragment holding the list (409), and a confirmed one with HX-Location', async () => {
    const { person, assignment } = await workedWeek('Htmx');
    const HX = { 'HX-Request': 'true' };
    const reply = await coordinator.post(`/affectations/${assignment.id}/fin`, { on: '2026-11-19', reason: 'resignation' }, HX);
    expect(reply.status).toBe(409);
    expect(reply.html).not.toContain('<html');
    expect(listedRows(reply, `fin-${assignment.id}`).map((r) => r[1])).toEqual(['20 novembre 2026']);
    const confirmed = await coordinator.post(`/affectations/${assignment.id}/fin`, { on: '2026-11-19', reason: 'resignation', confirmOutside: '1' }, HX);
    expect(JSON.parse(confirmed.headers.get('HX-Location') ?? '{}').path).toBe(`/personnes/${person.id}`);
    expect((await t.em().findOneOrFail(Assignment, assignment.id)).endedOn).toBe('2026-11-19');
  });

  it('over days with no time is saved at once', async () => {
    const { assignment } = await workedWeek('Libre');
    expect((await coordinator.post(`/affectations/${assignment.id}/fin`, { on: '2026-11-20', reason: 'resignation' })).status).toBe(303);
    expect((await t.em().findOneOrFail(Assignment, assignment.id)).endedOn).toBe('2026-11-20');
  });
});

describe('a suspension over days that hold time', () => {
  it('lists them and stores nothing; confirmed, it is stored and the suspended day is « hors contrat »', async () => {
    const { person, assignment, workshop } = await workedWeek('Malade');
    const form = `suspension-${assignment.id}`;
    const input = { startsOn: '2026-11-19', endsOn: '2026-11-19', reason: 'sickness' };
    const reply = await coordinator.post(`/affectations/${assignment.id}/suspension`, input);
    expect(reply.status).toBe(409);
    expect(listedRows(reply, form)).toEqual([[person.fullName(), '19 novembre 2026', workshop.name, '7 h', 'ouverte']]);
    expect(confirmButton(reply, form)).not.toBeNull();
    expect(await t.em().count(Suspension, { assignment: assignment.id })).toBe(0);

    expect((await coordinator.post(`/affectations/${assignment.id}/suspension`, { ...input, confirmOutside: '1' })).status).toBe(303);
    expect(await t.em().count(Suspension, { assignment: assignment.id })).toBe(1);
    const page = await coordinator.get(`/personnes/${person.id}`);
    expect(page.doc.querySelector('#hors-contrat h2')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('7 heures hors contrat à corriger');
  });
});

describe('a release over days that hold time', () => {
  it('lists the work and training after the release day and changes nothing; confirmed, the person leaves and the time is « hors contrat »', async () => {
    const { person, assignment, workshop } = await workedWeek('Libere', { validated: true });
    const session = await createSession(t.em(), home, await createProgramme(t.em(), { title: 'CACES' }), { startsOn: '2026-11-02' });
    const em = t.em();
    const enrollment = em.create(Enrollment, {
      establishment: home,
      detainee: person.id,
      session: session.id,
      startsOn: '2026-11-02',
      status: 'enrolled',
    } as never);
    await em.flush();
    await sql(
      `insert into time_entry (establishment_id, detainee_id, enrollment_id, session_id, day, kind, minutes) values (?, ?, ?, ?, '2026-11-18', 'training', 120)`,
      [home.id, person.id, enrollment.id, session.id],
    );

    const reply = await coordinator.post(`/personnes/${person.id}/liberation`, { on: '2026-11-17', reason: 'Fin de peine' });
    expect(reply.status).toBe(409);
    expect(listedRows(reply, 'liberation')).toEqual([
      [person.fullName(), '18 novembre 2026', workshop.name, '7 h', 'validée'],
      [person.fullName(), '18 novembre 2026', 'CACES', '2 h', 'ouverte'],
      [person.fullName(), '19 novembre 2026', workshop.name, '7 h', 'validée'],
      [person.fullName(), '20 novembre 2026', workshop.name, '7 h', 'validée'],
    ]);
    expect(await t.em().findOneOrFail(Detainee, person.id)).toMatchObject({ status: 'present', leftOn: null });
    expect((await t.em().findOneOrFail(Assignment, assignment.id)).endedOn).toBeNull();
    expect((await t.em().findOneOrFail(Enrollment, enrollment.id)).status).toBe('enrolled');

    const confirmed = await coordinator.post(`/personnes/${person.id}/liberation`, { on: '2026-11-17', reason: 'Fin de peine', confirmOutside: '1' });
    expect(confirmed.status).toBe(303);
    expect(await t.em().findOneOrFail(Detainee, person.id)).toMatchObject({ status: 'released', leftOn: '2026-11-17' });
    const page = await coordinator.get(`/personnes/${person.id}`);
    // 3 × 7 h of work + 2 h of training after 17 Nov: 23 h.
    expect(page.doc.querySelector('#hors-contrat h2')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('23 heures hors contrat à corriger');
    const links = [...page.doc.querySelectorAll('#hors-contrat a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(
      expect.arrayContaining([`/ateliers/${workshop.id}/pointage?semaine=2026-11-16`, `/sessions/${session.id}/pointage?semaine=2026-11-16`]),
    );
  });
});
