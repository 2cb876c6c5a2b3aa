import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { Candidacy } from '../../src/candidacies/entities.ts';
import { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { fixedClock, plusDays } from '../../src/platform/calendar.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type Reply, type TestContext } from '../support/app.ts';
import {
  createDetainee,
  createEstablishment,
  createPartner,
  createPost,
  createUser,
  createWaitingCandidacy,
  createWorkshop,
  TEST_PASSWORD,
} from '../support/factories.ts';

/**
 * Wednesday 2 December 2026: this week runs from Monday 30/11, last week from 23/11. In
 * « Reliure », RELIEUR Paul holds a post since Monday 9/11: the week of 9/11 is filled but for
 * 11 November (a public holiday) and waits for validation, the week of 16/11 is filled and
 * validated, the week of 23/11 lacks Friday, and this week's Monday and Tuesday are filled.
 */
const TODAY = '2026-12-02';

let t: TestContext;
let mine: Establishment;
let other: Establishment;
let reliure: Workshop;
let elsewhere: Workshop;
let people: Workshop;
let coordinator: Browser;
let admin: Browser;
let partner: Browser;
let paul: Detainee;

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  expect((await browser.login(user.email, TEST_PASSWORD)).status).toBe(303);
  return browser;
}

/** A person on a post of their own in `workshop`. */
async function assign(
  workshop: Workshop,
  detainee: Detainee,
  { startsOn = '2026-11-02', trialEndsOn = '2026-11-15', contractEndsOn = null as string | null, endedOn = null as string | null } = {},
) {
  const post = await createPost(t.em(), workshop);
  const em = t.em();
  em.create(Assignment, {
    establishment: workshop.establishment.id,
    detainee: detainee.id,
    post: post.id,
    contractReference: `CEP-${post.code}`,
    startsOn,
    trialEndsOn,
    contractEndsOn,
    endedOn,
    endReason: endedOn ? 'resignation' : null,
    weeklyMinutes: 1200,
    payCategory: 'production',
  });
  await em.flush();
  return em.findOneOrFail(Assignment, { post: post.id });
}

async function hours(assignment: Assignment, workshop: Workshop, days: string[]) {
  const em = t.em();
  for (const day of days) {
    em.create(TimeEntry, {
      establishment: workshop.establishment.id,
      detainee: assignment.detainee.id,
      assignment: assignment.id,
      workshop: workshop.id,
      day,
      kind: 'work',
      minutes: 240,
    });
  }
  await em.flush();
}

async function submittedCandidacy(detainee: Detainee, workshop: Workshop) {
  const em = t.em();
  em.create(Candidacy, {
    establishment: detainee.establishment.id,
    detainee: detainee.id,
    target: 'workshop',
    workshop: workshop.id,
    proposedBy: 'cpip',
    submittedOn: '2026-11-20',
  });
  await em.flush();
}

const texts = (reply: Reply, selector: string) => [...reply.doc.querySelectorAll(selector)].map((e) => e.textContent?.replace(/\s+/g, ' ').trim() ?? '');
const block = (reply: Reply, id: string) => texts(reply, `#${id} li`);
const person = async (lastName: string, overrides: Parameters<typeof createDetainee>[2] = {}, where = mine) =>
  createDetainee(t.em(), where, { lastName, ...overrides });

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock(TODAY) });
  mine = await createEstablishment(t.em(), { name: 'InSERRE d’Arras (test)' });
  other = await createEstablishment(t.em(), { name: 'Maison d’arrêt voisine (test)' });
  const ours = await createPartner(t.em(), { name: 'Reliures du Nord' });
  reliure = await createWorkshop(t.em(), mine, { name: 'Reliure', partner: ours });
  await createWorkshop(t.em(), mine, { name: 'Cuisine' });
  elsewhere = await createWorkshop(t.em(), other, { name: 'Menuiserie', partner: ours });
  people = await createWorkshop(t.em(), mine, { name: 'Espaces verts' });

  paul = await person('Relieur', { firstName: 'Paul', arrivalDate: '2026-10-01' });
  const held = await assign(reliure, paul, { startsOn: '2026-11-09', trialEndsOn: '2026-12-04' });
  await hours(held, reliure, ['2026-11-09', '2026-11-10', '2026-11-12', '2026-11-13']);
  await hours(held, reliure, ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
  await hours(held, reliure, ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']);
  await hours(held, reliure, ['2026-11-30', '2026-12-01']);
  // In the other establishment, someone whose weeks nobody filled.
  await assign(elsewhere, await person('Menuisier', { arrivalDate: '2026-10-01' }, other), { startsOn: '2026-11-23', trialEndsOn: '2026-12-03' });

  coordinator = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [mine] }));
  admin = await signedIn(await createUser(t.em(), 'admin'));
  partner = await signedIn(await createUser(t.em(), 'partner', { partner: ours }));
  expect((await coordinator.post(`/ateliers/${reliure.id}/pointage/validation?semaine=2026-11-16`)).status).toBe(303);

  // Trials: one ends this Friday (Paul's), one next Monday, one this Tuesday but the contract ended before.
  await assign(people, await person('Essaisuivant', { arrivalDate: '2026-10-01' }), { startsOn: '2026-11-09', trialEndsOn: '2026-12-07' });
  await assign(people, await person('Essaifini', { arrivalDate: '2026-10-01' }), { startsOn: '2026-11-09', trialEndsOn: '2026-12-01', endedOn: '2026-11-27' });
  // Planned ends: today + 30 days is 1 January 2027.
  // Their trials end the day before the start: no trial, nothing in the trials' block.
  const contract = (endsOn: string, endedOn: string | null = null) => ({ startsOn: '2026-12-01', trialEndsOn: '2026-11-30', contractEndsOn: endsOn, endedOn });
  await assign(people, await person('Finaujouran', { arrivalDate: '2026-10-01' }), contract('2027-01-01'));
  await assign(people, await person('Finaulendemain', { arrivalDate: '2026-10-01' }), contract('2027-01-02'));
  await assign(people, await person('Findepassee', { arrivalDate: '2026-10-01' }), {
    ...contract('2026-12-01'),
    startsOn: '2026-11-30',
    trialEndsOn: '2026-11-29',
  });
  await assign(people, await person('Finenregistree', { arrivalDate: '2026-10-01' }), contract('2026-12-20', '2026-12-01'));
  // Releases: within 30 days, one day beyond, passed, and a person already gone.
  await person('Libreaujouran', { expectedReleaseDate: '2027-01-01' });
  await person('Librelendemain', { expectedReleaseDate: '2027-01-02' });
  await person('Librehier', { expectedReleaseDate: '2026-12-01' });
  const gone = await person('Libreparti', { expectedReleaseDate: '2026-12-20' });
  await t.em().nativeUpdate(Detainee, { id: gone.id }, { status: 'released', leftOn: '2026-11-30', leftReason: 'Libération' });
  await person('Libreailleurs', { expectedReleaseDate: '2026-12-20' }, other);
  // Without activity: 8 days (listed), 7 days (not), and a person at work.
  await person('Arrivehuit', { arrivalDate: '2026-11-24' });
  await person('Arrivesept', { arrivalDate: '2026-11-25' });
  // Candidacies: one waits for the CPU, one is already on the waiting list, one elsewhere.
  await submittedCandidacy(await person('Candidatcpu', { arrivalDate: '2026-11-30' }), reliure);
  await createWaitingCandidacy(t.em(), await person('Candidatliste', { arrivalDate: '2026-11-30' }), reliure);
  await submittedCandidacy(await person('Candidatailleurs', { arrivalDate: '2026-11-30' }, other), elsewhere);
});
afterAll(() => t.close());

describe('the coordinator’s home', () => {
  it('lists the weeks to fill and the finished weeks to validate, each a link to its sheet, and no validated week', async () => {
    const home = await coordinator.get('/');
    const weeks = block(home, `pointage-${mine.id}`).filter((l) => l.startsWith('Reliure'));
    expect(weeks).toEqual(['Reliure, semaine du 23/11 : 1 case à remplir', 'Reliure, semaine du 09/11 : à valider']);
    const links = [...home.doc.querySelectorAll(`#pointage-${mine.id} a`)].map((a) => a.getAttribute('href'));
    expect(links).toContain(`/ateliers/${reliure.id}/pointage?semaine=2026-11-23`);
    expect(links).not.toContain(`/ateliers/${reliure.id}/pointage?semaine=2026-11-16`);
    // A workshop where nobody works has nothing to fill.
    expect(block(home, `pointage-${mine.id}`).some((l) => l.startsWith('Cuisine'))).toBe(false);
  });

  it('reaches last week’s sheet of a workshop in two clicks: home, then the link', async () => {
    const home = await coordinator.get('/');
    const link = [...home.doc.querySelectorAll(`#pointage-${mine.id} a`)].find((a) => a.textContent?.includes('Reliure, semaine du 23/11'));
    const sheet = await coordinator.get(link?.getAttribute('href') ?? '');
    expect(sheet.status).toBe(200);
    expect(sheet.doc.querySelector('h1')?.textContent).toContain('Reliure');
    expect(sheet.html).toContain('2026-11-27');
    expect(sheet.html).not.toContain('2026-12-04');
  });

  it('lists the trial periods ending this week, not next week’s nor an ended contract’s', async () => {
    const trials = block(await coordinator.get('/'), `essais-${mine.id}`);
    expect(trials).toEqual([expect.stringMatching(/^RELIEUR Paul, .*\(Reliure\) : fin de l’essai le 04\/12\/2026$/)]);
  });

  it('lists the planned ends up to 30 days ahead and those passed without an end recorded', async () => {
    const ends = block(await coordinator.get('/'), `fins-${mine.id}`).join('\n');
    expect(ends).toMatch(/FINAUJOURAN Jean, .* : fin prévue le 01\/01\/2027/);
    expect(ends).toMatch(/FINDEPASSEE Jean, .* : fin prévue le 01\/12\/2026, dépassée/);
    expect(ends).not.toMatch(/FINAULENDEMAIN|FINENREGISTREE/);
  });

  it('lists the expected releases up to 30 days ahead, of present people of its establishments only', async () => {
    const releases = block(await coordinator.get('/'), `liberations-${mine.id}`);
    expect(releases).toEqual(['LIBREAUJOURAN Jean : libération prévue le 01/01/2027']);
  });

  it('lists people without activity for more than 7 days, not those at 7 days nor those at work', async () => {
    const idle = block(await coordinator.get('/'), `sans-activite-${mine.id}`).join('\n');
    expect(idle).toContain('ARRIVEHUIT Jean : depuis 8 jours');
    expect(idle).not.toMatch(/ARRIVESEPT|RELIEUR|LIBREPARTI/);
  });

  it('lists the candidacies waiting for the CPU, not those already on a waiting list', async () => {
    expect(block(await coordinator.get('/'), `cpu-${mine.id}`)).toEqual(['CANDIDATCPU Jean, Reliure : déposée le 20/11/2026']);
  });

  it('shows nothing of another establishment', async () => {
    const home = await coordinator.get('/');
    expect(home.doc.querySelector(`#a-faire-${other.id}`)).toBeNull();
    expect(home.html).not.toMatch(/Menuiserie|MENUISIER|LIBREAILLEURS|CANDIDATAILLEURS/);
  });

  it('says so when a block is empty', async () => {
    const lonely = await createEstablishment(t.em(), { name: 'Centre sans personne (test)' });
    const home = await (await signedIn(await createUser(t.em(), 'coordinator', { establishments: [lonely] }))).get('/');
    expect(home.doc.querySelector(`#pointage-${lonely.id}`)?.textContent).toContain('Aucune semaine à remplir ni à valider.');
    expect(home.doc.querySelector(`#essais-${lonely.id}`)?.textContent).toContain('Aucune période d’essai ne se termine cette semaine.');
    expect(home.doc.querySelector(`#cpu-${lonely.id}`)?.textContent).toContain('Aucune candidature n’attend l’avis de la CPU.');
  });

  it('tells a coordinator attached to no establishment whom to ask', async () => {
    const home = await (await signedIn(await createUser(t.em(), 'coordinator', { establishments: [] }))).get('/');
    expect(home.doc.querySelector('main')?.textContent).toContain('Vous n’êtes rattaché à aucun établissement actif.');
    expect(home.doc.querySelector('[id^="a-faire-"]')).toBeNull();
  });

  it('shows the ten people longest without activity, and links the rest to the « Sans activité » list', async () => {
    const crowded = await createEstablishment(t.em(), { name: 'Centre plein (test)' });
    for (let i = 0; i < 12; i++) await person(`Attente${i}`, { arrivalDate: plusDays('2026-11-01', i) }, crowded);
    const home = await (await signedIn(await createUser(t.em(), 'coordinator', { establishments: [crowded] }))).get('/');
    const idle = block(home, `sans-activite-${crowded.id}`);
    expect(idle).toHaveLength(11);
    expect(idle[0]).toBe('ATTENTE0 Jean : depuis 31 jours');
    expect(idle[10]).toBe('2 autres personnes : voir la liste « Sans activité »');
    expect(home.doc.querySelector(`#sans-activite-${crowded.id} li:last-child a`)?.getAttribute('href')).toBe(`/etablissements/${crowded.id}/sans-activite`);
  });

  it('is read in a fixed number of queries, whatever the number of workshops and people', async () => {
    await coordinator.get('/');
    t.db.queries.length = 0;
    await coordinator.get('/');
    const before = t.db.queries.length;
    for (let i = 0; i < 3; i++) {
      const w = await createWorkshop(t.em(), mine);
      await assign(w, await person(`Nouveau${i}`, { arrivalDate: '2026-10-01' }), { startsOn: '2026-11-16', trialEndsOn: '2026-11-20' });
    }
    t.db.queries.length = 0;
    await coordinator.get('/');
    expect(t.db.queries.length).toBe(before);
    expect(before).toBeLessThanOrEqual(20);
  });
});

describe('the administrator’s home', () => {
  it('shows every establishment’s agenda', async () => {
    const home = await admin.get('/');
    expect(block(home, `pointage-${other.id}`)).toEqual([
      'Menuiserie, semaine du 30/11 : 2 cases à remplir',
      'Menuiserie, semaine du 23/11 : 5 cases à remplir',
    ]);
    expect(block(home, `liberations-${other.id}`)).toEqual(['LIBREAILLEURS Jean : libération prévue le 20/12/2026']);
    expect(block(home, `cpu-${mine.id}`)).toEqual(['CANDIDATCPU Jean, Reliure : déposée le 20/11/2026']);
  });
});

describe('the partner’s home', () => {
  it('lists its workshops’ weeks, this one and the last, with their state and a link, and nothing of the coordinator’s agenda', async () => {
    const home = await partner.get('/');
    const rows = [...home.doc.querySelectorAll('#semaines-ateliers tbody tr')].map((tr) =>
      [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim()),
    );
    expect(rows).toEqual([
      ['Menuiserie', 'Maison d’arrêt voisine (test)', 'À remplir : 5 cases', 'À remplir : 2 cases'],
      ['Reliure', 'InSERRE d’Arras (test)', 'À remplir : 1 case', 'À jour'],
    ]);
    const links = [...home.doc.querySelectorAll('#semaines-ateliers a')].map((a) => a.getAttribute('href'));
    expect(links).toContain(`/ateliers/${reliure.id}/pointage?semaine=2026-11-23`);
    // Its people's names and posts are on its home (tests/home/partner-home.test.ts), nothing of their contracts or releases.
    expect(home.html).not.toMatch(/Cuisine|essai|libération/i);
    expect(home.doc.querySelector(`#a-faire-${mine.id}`)).toBeNull();
  });

  it('shows a validated week as validated', async () => {
    const other = await createPartner(t.em());
    const w = await createWorkshop(t.em(), mine, { name: 'Vélos', partner: other });
    const a = await assign(w, await person('Cycliste', { arrivalDate: '2026-10-01' }), { startsOn: '2026-11-23', trialEndsOn: '2026-11-23' });
    await hours(a, w, ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
    expect((await coordinator.post(`/ateliers/${w.id}/pointage/validation?semaine=2026-11-23`)).status).toBe(303);
    const home = await (await signedIn(await createUser(t.em(), 'partner', { partner: other }))).get('/');
    expect(texts(home, '#semaines-ateliers tbody td')).toEqual(['InSERRE d’Arras (test)', 'Validée', 'À remplir : 2 cases']);
  });
});
