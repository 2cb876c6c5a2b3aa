import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment, Enrollment } from '../../src/assignments/entities.ts';
import { establishmentPhrase } from '../../src/attestations/attestation.pdf.ts';
import { AssignmentSkill, Attestation } from '../../src/attestations/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry, TimesheetWeek } from '../../src/hours/entities.ts';
import { payOfMonth } from '../../src/hours/pay.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { TrainingProgramme } from '../../src/training/entities.ts';
import type { User } from '../../src/users/entities.ts';
import type { Post, Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, parse, type TestContext } from '../support/app.ts';
import {
  createDetainee,
  createEstablishment,
  createPartner,
  createPost,
  createSession,
  createUser,
  createWorkshop,
  TEST_PASSWORD,
} from '../support/factories.ts';

const run = promisify(execFile);
let t: TestContext;
let dir: string;
// Issued on Friday 4 December 2026, Paris time.
const TODAY = '2026-12-04';

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock(TODAY) });
  dir = await mkdtemp(path.join(tmpdir(), 'atelier-attestation-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await t.close();
});

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

async function assignment(mine: Establishment, person: Detainee, post: Post, startsOn: string, endedOn: string | null = null) {
  const em = t.em();
  const a = em.create(Assignment, {
    establishment: mine.id,
    detainee: person.id,
    post: post.id,
    contractReference: `CEP-${post.id}`,
    startsOn,
    trialEndsOn: startsOn,
    weeklyMinutes: 24 * 60,
    payCategory: 'production',
    endedOn,
    endReason: endedOn ? 'moved_to_another_post' : null,
  });
  await em.flush();
  return a;
}

/** Work typed on the assignment, `[day, minutes]` each. */
async function work(mine: Establishment, person: Detainee, a: Assignment, workshop: Workshop, days: Array<[string, number]>) {
  const em = t.em();
  for (const [day, minutes] of days) {
    em.create(TimeEntry, { establishment: mine.id, detainee: person.id, assignment: a.id, workshop: workshop.id, day, kind: 'work', minutes });
  }
  await em.flush();
}

/** Validates the week (the entries' trigger opened it when they were typed). */
async function validate(workshop: Workshop, weekStart: string) {
  const em = t.em();
  const week = await em.findOneOrFail(TimesheetWeek, { workshop: workshop.id, weekStart });
  week.status = 'validated';
  week.validatedAt = new Date();
  await em.flush();
}

/** A person with two posts, hours (validated or not), three trainings, and everyone around them. */
async function scenario(name: string) {
  const em = t.em();
  const mine = await createEstablishment(em, { name: `Centre pénitentiaire d’Arras ${name}` });
  const other = await createEstablishment(em, { name: `Maison d’arrêt de Lille ${name}` });
  const bindery = await createPartner(em, { name: `Association Lire & Relier ${name}` });
  const printer = await createPartner(em, { name: `Imprimerie solidaire ${name}` });
  const w1 = await createWorkshop(em, mine, { name: `Reliure d’art ${name}`, partner: bindery });
  const w2 = await createWorkshop(em, mine, { name: `Imprimerie ${name}`, partner: printer });
  const relieur = await createPost(em, w1, { title: 'Relieur' });
  const massicotier = await createPost(em, w2, { title: 'Massicotier' });
  const person = await createDetainee(em, mine, { lastName: 'Dupré', firstName: 'Éloïse', prisonNumber: `ECROU${name}77`, arrivalDate: '2026-10-01' });
  const a1 = await assignment(mine, person, relieur, '2026-11-02', '2026-11-20');
  const a2 = await assignment(mine, person, massicotier, '2026-11-23');
  // a1: week of 2 Nov 7 h + 7 h + 3 h 30 = 1 050 min, validated; week of 9 Nov 6 h = 360 min, validated;
  // week of 16 Nov 5 h, not validated (left out).
  await work(mine, person, a1, w1, [
    ['2026-11-02', 420],
    ['2026-11-03', 420],
    ['2026-11-04', 210],
    ['2026-11-09', 360],
    ['2026-11-16', 300],
  ]);
  // a2: week of 23 Nov 7 h + 7 h = 840 min, validated; week of 30 Nov 7 h, not validated (left out).
  await work(mine, person, a2, w2, [
    ['2026-11-23', 420],
    ['2026-11-24', 420],
    ['2026-11-30', 420],
  ]);
  await validate(w1, '2026-11-02');
  await validate(w1, '2026-11-09');
  await validate(w2, '2026-11-23');
  // A correction after validation: −1 h on 3 Nov. a1 = 1 050 + 360 − 60 = 1 350 min = 22 h 30; a2 = 840 min = 14 h.
  em.create(TimeEntry, {
    establishment: mine.id,
    detainee: person.id,
    assignment: a1.id,
    workshop: w1.id,
    day: '2026-11-03',
    kind: 'work',
    minutes: -60,
    isAdjustment: true,
    adjustmentReason: 'Sortie anticipée non pointée',
  });
  await em.flush();

  const caces = em.create(TrainingProgramme, { title: `CACES R489 ${name}`, provider: 'GRETA Artois', certificationCode: 'RS5635', hours: 35 });
  const hygiene = em.create(TrainingProgramme, { title: `Hygiène alimentaire ${name}`, provider: 'AFPA', certificationCode: null, hours: 14 });
  const english = em.create(TrainingProgramme, { title: `Anglais professionnel ${name}`, provider: 'AFPA', certificationCode: null, hours: 40 });
  await em.flush();
  const s1 = await createSession(em, mine, caces, { startsOn: '2026-10-05', endsOn: '2026-10-30' });
  const s2 = await createSession(em, mine, hygiene, { startsOn: '2026-12-01', endsOn: '2026-12-18' });
  const s3 = await createSession(em, mine, english, { startsOn: '2026-10-05', endsOn: '2026-12-18' });
  em.create(Enrollment, {
    establishment: mine.id,
    detainee: person.id,
    session: s1.id,
    startsOn: '2026-10-05',
    status: 'completed',
    endedOn: '2026-10-30',
    certified: true,
  });
  em.create(Enrollment, { establishment: mine.id, detainee: person.id, session: s2.id, startsOn: '2026-12-01' });
  em.create(Enrollment, {
    establishment: mine.id,
    detainee: person.id,
    session: s3.id,
    startsOn: '2026-10-05',
    status: 'dropped',
    endedOn: '2026-10-20',
    dropReason: 'Horaires incompatibles',
  });
  await em.flush();

  const coordinatorUser = await createUser(em, 'coordinator', { establishments: [mine], displayName: `Camille Martin ${name}` });
  const users: Record<string, User> = {
    admin: await createUser(em, 'admin'),
    coordinator: coordinatorUser,
    otherCoordinator: await createUser(em, 'coordinator', { establishments: [other] }),
    binder: await createUser(em, 'partner', { partner: bindery }),
    printer: await createUser(em, 'partner', { partner: printer }),
    committee: await createUser(em, 'committee', { establishments: [mine] }),
  };
  return { mine, w1, w2, person, a1, a2, users };
}

async function download(b: Browser, url: string) {
  const res = await t.app.request(url, { headers: { Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status, type: res.headers.get('Content-Type'), bytes, text: '', pages: 0 };
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
  const { stdout: info } = await run('pdfinfo', [file]);
  return { status: res.status, type: res.headers.get('Content-Type'), bytes, text: text.replace(/\s+/g, ' '), pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]) };
}

describe('the « Attestation de travail et de formation »', () => {
  it('prints the person, every post with its dates and validated hours, the trainings followed with their certification, the skills, the coordinator and the date', async () => {
    const s = await scenario('A');
    const coordinator = await signedIn(s.users.coordinator as User);
    expect((await coordinator.post(`/affectations/${s.a1.id}/competences`, { label: 'Couture main d’un cahier' })).status).toBe(303);
    const printer = await signedIn(s.users.printer as User);
    expect((await printer.post(`/ateliers/${s.w2.id}/competences`, { affectation: String(s.a2.id), label: 'Réglage d’un massicot' })).status).toBe(303);

    const pdf = await download(coordinator, `/personnes/${s.person.id}/attestation.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.pages).toBe(1);
    for (const expected of [
      'Attestation de travail et de formation',
      'DUPRÉ Éloïse',
      'née le 1er janvier 1990',
      'Centre pénitentiaire d’Arras A',
      'recherche d’emploi',
      'Relieur',
      'Reliure d’art A',
      'Association Lire & Relier A',
      'Relieur Reliure d’art A Association Lire & Relier A du 02/11/2026 au 20/11/2026 22 h 30',
      'Massicotier',
      'Imprimerie solidaire A',
      'Massicotier Imprimerie A Imprimerie solidaire A depuis le 23/11/2026 14 h',
      'CACES R489 A',
      'GRETA Artois',
      'CACES R489 A GRETA Artois du 05/10/2026 au 30/10/2026 Terminée RS5635',
      'Hygiène alimentaire A AFPA depuis le 01/12/2026 En cours —',
      'Couture main d’un cahier Relieur 04/12/2026',
      'Réglage d’un massicot Massicotier 04/12/2026',
      'délivrée le 4 décembre 2026 par Camille Martin A',
      'page 1 / 1',
    ]) {
      expect(pdf.text).toContain(expected);
    }
    // Abandoned trainings, hours of weeks not validated and the prison number are left out.
    expect(pdf.text).not.toContain('Anglais professionnel');
    expect(pdf.text).not.toContain('ECROUA77');
    expect(pdf.text).not.toMatch(/27 h 30|19 h/);

    // The same hours as the pay: all of it falls in November, whose statement gives each post's validated minutes.
    const { pay } = await payOfMonth(t.em(), s.mine, '2026-11', false);
    const row = pay.people.find((p) => p.detainee.id === s.person.id);
    expect(row?.posts.map((p) => [p.workshopId, p.validatedMinutes])).toEqual([
      [s.w1.id, 1350],
      [s.w2.id, 840],
    ]);

    const issued = await t.em().find(Attestation, { detainee: s.person.id });
    expect(issued).toHaveLength(1);
    expect(issued[0]?.issuedBy.id).toBe(s.users.coordinator?.id);
    expect(issued[0]?.sha256).toBe(createHash('sha256').update(pdf.bytes).digest('hex'));
    // The person page offers it, links each post's skills and lists the attestations issued.
    const page = parse((await coordinator.get(`/personnes/${s.person.id}`)).html);
    const section = page.querySelector('#attestation');
    expect(section?.querySelector(`a[href="/personnes/${s.person.id}/attestation.pdf"]`)).not.toBeNull();
    expect(section?.querySelector(`a[href="/affectations/${s.a1.id}/competences"]`)?.textContent).toContain('Relieur');
    expect(section?.textContent).toContain(`par Camille Martin A (empreinte SHA-256 ${issued[0]?.sha256.slice(0, 12)}…)`);
  });

  it('names the establishment without saying « établissement » twice', () => {
    expect(establishmentPhrase('Établissement InSERRE d’Arras')).toBe('« Établissement InSERRE d’Arras »');
    expect(establishmentPhrase('Maison d’arrêt de Brest')).toBe('« Maison d’arrêt de Brest »');
    expect(establishmentPhrase('InSERRE de Lutterbach')).toBe('L’établissement InSERRE de Lutterbach');
  });

  it('is issued to admins and the establishment’s coordinators only, as the person page is', async () => {
    const s = await scenario('B');
    for (const [who, status] of [
      ['admin', 200],
      ['coordinator', 200],
      ['otherCoordinator', 404],
      ['binder', 403],
      ['committee', 403],
    ] as const) {
      const b = await signedIn(s.users[who] as User);
      expect((await b.get(`/personnes/${s.person.id}`)).status, who).toBe(status);
      expect((await download(b, `/personnes/${s.person.id}/attestation.pdf`)).status, who).toBe(status);
    }
    expect(await t.em().count(Attestation, { detainee: s.person.id })).toBe(2);
  });
});

describe('skills noted by the workshop', () => {
  it('lets the workshop’s partner note a skill for a current holder, shown by name and post only', async () => {
    const s = await scenario('C');
    const printer = await signedIn(s.users.printer as User);
    const page = await printer.get(`/ateliers/${s.w2.id}/competences`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('DUPRÉ Éloïse');
    expect(page.html).toContain('Massicotier');
    expect(page.html).not.toContain('ECROUC77');
    expect(page.html).not.toContain('1990');
    const noted = await printer.post(`/ateliers/${s.w2.id}/competences`, { affectation: String(s.a2.id), label: '  Contrôle qualité des impressions ' });
    expect(noted.status).toBe(303);
    const skills = await t.em().find(AssignmentSkill, { assignment: s.a2.id });
    expect(skills.map((k) => [k.label, k.notedOn, k.notedBy.id])).toEqual([['Contrôle qualité des impressions', TODAY, s.users.printer?.id]]);
  });

  it('answers 404 to a partner of another workshop, to a partner on a past holder, and to a committee member', async () => {
    const s = await scenario('D');
    const binder = await signedIn(s.users.binder as User);
    // The bindery's partner: Éloïse holds a post of the printing workshop, not of the bindery (a1 ended on 20 Nov).
    expect((await binder.get(`/ateliers/${s.w2.id}/competences`)).status).toBe(404);
    expect((await binder.post(`/ateliers/${s.w1.id}/competences`, { affectation: String(s.a2.id), label: 'Massicot' })).status).toBe(404);
    expect((await binder.post(`/affectations/${s.a1.id}/competences`, { label: 'Couture' })).status).toBe(404);
    const committee = await signedIn(s.users.committee as User);
    expect((await committee.get(`/ateliers/${s.w2.id}/competences`)).status).toBe(404);
    expect((await committee.post(`/affectations/${s.a2.id}/competences`, { label: 'Massicot' })).status).toBe(404);
    const otherCoordinator = await signedIn(s.users.otherCoordinator as User);
    expect((await otherCoordinator.get(`/affectations/${s.a1.id}/competences`)).status).toBe(404);
    expect(await t.em().count(AssignmentSkill, { assignment: { $in: [s.a1.id, s.a2.id] } })).toBe(0);
  });

  it('refuses an empty, too long or repeated skill with the reason next to the field, storing nothing', async () => {
    const s = await scenario('E');
    const coordinator = await signedIn(s.users.coordinator as User);
    const errorOf = (html: string) => parse(html).querySelector(`#competence-${s.a1.id}-label-erreur`)?.textContent?.trim();
    const empty = await coordinator.post(`/affectations/${s.a1.id}/competences`, { label: '  ' });
    expect(empty.status).toBe(422);
    expect(errorOf(empty.html)).toContain('Indiquez la compétence');
    const long = await coordinator.post(`/affectations/${s.a1.id}/competences`, { label: 'x'.repeat(121) });
    expect(long.status).toBe(422);
    expect(errorOf(long.html)).toContain('120 caractères au plus');
    expect(await t.em().count(AssignmentSkill, { assignment: s.a1.id })).toBe(0);
    expect((await coordinator.post(`/affectations/${s.a1.id}/competences`, { label: 'Couture main' })).status).toBe(303);
    const again = await coordinator.post(`/affectations/${s.a1.id}/competences`, { label: 'couture MAIN' });
    expect(again.status).toBe(422);
    expect(errorOf(again.html)).toContain('déjà notée');
    expect(await t.em().count(AssignmentSkill, { assignment: s.a1.id })).toBe(1);
  });

  it('lets the partner remove its own skill the same day only, and coordinators any time', async () => {
    const s = await scenario('F');
    const printer = await signedIn(s.users.printer as User);
    for (const label of ['Massicot', 'Pliage', 'Reliure']) await printer.post(`/ateliers/${s.w2.id}/competences`, { affectation: String(s.a2.id), label });
    const [massicot, pliage, reliure] = await t.em().find(AssignmentSkill, { assignment: s.a2.id }, { orderBy: { id: 'asc' } });
    const back = { retour: `/ateliers/${s.w2.id}/competences` };
    expect((await printer.post(`/competences/${massicot?.id}/suppression`, back)).status).toBe(303);
    // Noted yesterday: the partner no longer removes it.
    await t.em().getConnection().execute("update assignment_skill set noted_on = '2026-12-03' where id = ?", [pliage?.id]);
    expect((await printer.post(`/competences/${pliage?.id}/suppression`, back)).status).toBe(409);
    const binder = await signedIn(s.users.binder as User);
    expect((await binder.post(`/competences/${reliure?.id}/suppression`, back)).status).toBe(404);
    const coordinator = await signedIn(s.users.coordinator as User);
    expect((await coordinator.post(`/competences/${pliage?.id}/suppression`, back)).status).toBe(303);
    const left = await t.em().find(AssignmentSkill, { assignment: s.a2.id });
    expect(left.map((k) => k.label)).toEqual(['Reliure']);
  });

  it('keeps a skill once when the same one is noted twice at the same moment, 20 times', async () => {
    const s = await scenario('G');
    const coordinator = await signedIn(s.users.coordinator as User);
    const printer = await signedIn(s.users.printer as User);
    for (let i = 0; i < 20; i++) {
      const label = `Compétence ${i}`;
      const replies = await Promise.all([
        coordinator.post(`/affectations/${s.a2.id}/competences`, { label }),
        printer.post(`/ateliers/${s.w2.id}/competences`, { affectation: String(s.a2.id), label: label.toUpperCase() }),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([303, 422]);
    }
    expect(await t.em().count(AssignmentSkill, { assignment: s.a2.id })).toBe(20);
  });
});
