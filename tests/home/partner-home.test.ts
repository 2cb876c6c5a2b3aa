import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEntry } from '../../src/activity/entities.ts';
import { Assignment } from '../../src/assignments/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { LeaveRequest } from '../../src/leave/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import type { User } from '../../src/users/entities.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type Reply, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * Wednesday 2 December 2026: this week runs from Monday 30/11, last week from 23/11.
 * « Reliures du Nord » runs « Reliure » (Arras) and « Menuiserie » (the other establishment);
 * « Vélos solidaires » runs « Vélos » in Arras, next door: nothing of it may show on the first
 * one's home. In « Reliure », RELIEUR Paul works today; SUSPENDU Marc holds a post but is
 * suspended today; PARTI Luc's contract ended last week.
 */
const TODAY = '2026-12-02';

let t: TestContext;
let arras: Establishment;
let ours: Partner;
let reliure: Workshop;
let menuiserie: Workshop;
let velos: Workshop;
let paul: Assignment;
let ourUser: User;
let theirUser: User;
let partner: Browser;

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  expect((await browser.login(user.email, TEST_PASSWORD)).status).toBe(303);
  return browser;
}

async function assign(workshop: Workshop, detainee: Detainee, code: string, title: string, { startsOn = '2026-11-02', endedOn = null as string | null } = {}) {
  const post = await createPost(t.em(), workshop, { code, title });
  const em = t.em();
  em.create(Assignment, {
    establishment: workshop.establishment.id,
    detainee: detainee.id,
    post: post.id,
    contractReference: `CEP-CONFIDENTIEL-${code}`,
    startsOn,
    trialEndsOn: startsOn,
    endedOn,
    endReason: endedOn ? 'resignation' : null,
    weeklyMinutes: 1200,
    payCategory: 'production',
  });
  await em.flush();
  return em.findOneOrFail(Assignment, { post: post.id }, { populate: ['detainee'] });
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

async function leave(assignment: Assignment, by: User, startsOn: string, endsOn: string, days: number, status: 'requested' | 'cancelled' = 'requested') {
  const em = t.em();
  em.create(LeaveRequest, {
    establishment: assignment.establishment.id,
    detainee: assignment.detainee.id,
    assignment: assignment.id,
    startsOn,
    endsOn,
    days,
    reason: 'leave',
    status,
    cancelledAt: status === 'cancelled' ? new Date() : null,
    createdBy: by.id,
  });
  await em.flush();
}

async function logEntry(workshop: Workshop, partnerOf: Partner, day: string, fields: Partial<ActivityEntry>): Promise<ActivityEntry> {
  const em = t.em();
  const entry = em.create(ActivityEntry, {
    establishment: workshop.establishment.id,
    workshop: workshop.id,
    partner: partnerOf.id,
    day,
    kind: 'production',
    quantity: 10,
    unit: 'livres reliés',
    customerKind: 'public',
    ...fields,
  } as ActivityEntry);
  await em.flush();
  return entry;
}

const texts = (reply: Reply, selector: string) => [...reply.doc.querySelectorAll(selector)].map((e) => e.textContent?.replace(/\s+/g, ' ').trim() ?? '');

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock(TODAY) });
  arras = await createEstablishment(t.em(), { name: 'InSERRE d’Arras (test)' });
  const other = await createEstablishment(t.em(), { name: 'Maison d’arrêt voisine (test)' });
  ours = await createPartner(t.em(), { name: 'Reliures du Nord' });
  const theirs = await createPartner(t.em(), { name: 'Vélos solidaires' });
  reliure = await createWorkshop(t.em(), arras, { name: 'Reliure', partner: ours });
  menuiserie = await createWorkshop(t.em(), other, { name: 'Menuiserie', partner: ours });
  velos = await createWorkshop(t.em(), arras, { name: 'Vélos', partner: theirs });
  await createWorkshop(t.em(), arras, { name: 'Cuisine' });

  const person = (where: Establishment, lastName: string, firstName: string, prisonNumber: string) =>
    createDetainee(t.em(), where, { lastName, firstName, prisonNumber, arrivalDate: '2026-10-01', expectedReleaseDate: '2027-03-15' });
  paul = await assign(reliure, await person(arras, 'Relieur', 'Paul', 'ECROU7781'), 'REL-01', 'Relieur');
  const marc = await assign(reliure, await person(arras, 'Suspendu', 'Marc', 'ECROU7782'), 'REL-02', 'Massicotier');
  const luc = await assign(reliure, await person(arras, 'Parti', 'Luc', 'ECROU7783'), 'REL-03', 'Plieur', { endedOn: '2026-11-27' });
  const lea = await assign(menuiserie, await person(other, 'Menuisier', 'Léa', 'ECROU9001'), 'MEN-01', 'Menuisière');
  const cycliste = await assign(velos, await person(arras, 'Cycliste', 'Hugo', 'ECROU5555'), 'VEL-01', 'Mécanicien cycles');
  await adminClient(t.db.url, (c) =>
    c.query(
      `insert into assignment_suspension (establishment_id, assignment_id, starts_on, ends_on, reason) values ($1, $2, '2026-12-01', '2026-12-04', 'sickness')`,
      [arras.id, marc.id],
    ),
  );
  // Last week: Paul's Friday is missing; this week Monday and Tuesday are entered.
  await hours(paul, reliure, ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-30', '2026-12-01']);
  await hours(marc, reliure, ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30']);
  await hours(luc, reliure, ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
  await hours(lea, menuiserie, ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);

  ourUser = await createUser(t.em(), 'partner', { partner: ours, displayName: 'Nadia Reliures' });
  theirUser = await createUser(t.em(), 'partner', { partner: theirs, displayName: 'Hervé Vélos' });
  const coordinatorUser = await createUser(t.em(), 'coordinator', { establishments: [arras, other] });
  partner = await signedIn(ourUser);

  // Leave: ours entered two that wait and one since cancelled; the coordination entered one; the other partner one.
  await leave(paul, ourUser, '2026-12-14', '2026-12-15', 200);
  await leave(lea, ourUser, '2026-12-21', '2026-12-21', 100);
  await leave(paul, ourUser, '2026-12-28', '2026-12-28', 100, 'cancelled');
  await leave(paul, coordinatorUser, '2027-01-04', '2027-01-05', 200);
  await leave(cycliste, theirUser, '2026-12-14', '2026-12-18', 500);

  // The log: twelve productions in Reliure (the last ten shown), one of them corrected; one entry of the other partner.
  for (let i = 1; i <= 12; i++) await logEntry(reliure, ours, `2026-11-${String(10 + i).padStart(2, '0')}`, { quantity: i, unit: 'livres reliés' });
  const wrong = await logEntry(menuiserie, ours, '2026-12-01', {
    kind: 'incident',
    quantity: null,
    unit: '',
    customerKind: null,
    severity: 'minor',
    description: 'Outil cassé',
  });
  await logEntry(menuiserie, ours, '2026-12-01', {
    kind: 'incident',
    quantity: null,
    unit: '',
    customerKind: null,
    severity: 'moderate',
    description: 'Scie circulaire cassée',
    correctsId: wrong.id,
  });
  await logEntry(velos, theirs, '2026-12-02', { quantity: 14, unit: 'vélos réparés', customerKind: 'individual' });
});
afterAll(() => t.close());

describe('the partner’s home', () => {
  it('lists its workshops with their establishment and links to the sheet, the log, the candidates and the workshop page', async () => {
    const home = await partner.get('/');
    expect(home.status).toBe(200);
    expect(texts(home, '#vos-ateliers li')).toEqual([
      'Menuiserie (Maison d’arrêt voisine (test)) : pointage, journal d’activité, proposer un candidat, fiche de l’atelier',
      'Reliure (InSERRE d’Arras (test)) : pointage, journal d’activité, proposer un candidat, fiche de l’atelier',
    ]);
    const links = [...home.doc.querySelectorAll('#vos-ateliers a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(
      expect.arrayContaining([
        `/ateliers/${reliure.id}/pointage`,
        `/ateliers/${reliure.id}/journal`,
        `/ateliers/${reliure.id}/candidats`,
        `/ateliers/${reliure.id}`,
      ]),
    );
  });

  it('shows this week’s and last week’s sheet of each workshop with its state and a direct link, and offers « Semaine complète » where it applies', async () => {
    const home = await partner.get('/');
    const rows = [...home.doc.querySelectorAll('#semaines-ateliers tbody tr')].map((tr) =>
      [...tr.querySelectorAll('th, td')].map((c) => c.querySelector('a')?.textContent?.trim() ?? c.textContent?.trim()),
    );
    expect(rows).toEqual([
      ['Menuiserie', 'Maison d’arrêt voisine (test)', 'Remplie', 'À remplir : 2 cases'],
      ['Reliure', 'InSERRE d’Arras (test)', 'À remplir : 1 case', 'À jour'],
    ]);
    expect(home.doc.querySelector(`#semaine-${reliure.id}-2026-11-23 a`)?.getAttribute('href')).toBe(`/ateliers/${reliure.id}/pointage?semaine=2026-11-23`);
    // Only Menuiserie's last week is filled and finished: the button is there, and nowhere else.
    const buttons = [...home.doc.querySelectorAll('#semaines-ateliers form')].map((f) => f.getAttribute('action'));
    expect(buttons).toEqual([`/ateliers/${menuiserie.id}/pointage/semaine-complete?semaine=2026-11-23`]);
  });

  it('after « Semaine complète », shows the week signalled, by whom and when, with the button to withdraw it', async () => {
    expect((await partner.post(`/ateliers/${menuiserie.id}/pointage/semaine-complete?semaine=2026-11-23`, { retour: 'accueil' })).status).toBe(303);
    const home = await partner.get('/');
    expect(home.doc.querySelector('#messages')?.textContent).toContain('La coordination est prévenue');
    const cell = home.doc.querySelector(`#semaine-${menuiserie.id}-2026-11-23`);
    expect(cell?.textContent?.replace(/\s+/g, ' ')).toContain('Signalée complète par Nadia Reliures le 02/12/2026');
    expect(cell?.querySelector('button')?.textContent?.trim()).toBe('Retirer le signalement');
    expect((await partner.post(`/ateliers/${menuiserie.id}/pointage/semaine-complete/retrait?semaine=2026-11-23`, { retour: 'accueil' })).status).toBe(303);
  });

  it('lists today’s people of each workshop by name and post only, not the suspended nor those whose contract ended', async () => {
    const home = await partner.get('/');
    expect(texts(home, `#personnes-${reliure.id} li`)).toEqual(['RELIEUR Paul — REL-01 Relieur']);
    expect(texts(home, `#personnes-${menuiserie.id} li`)).toEqual(['MENUISIER Léa — MEN-01 Menuisière']);
    expect(home.html).not.toMatch(/SUSPENDU|PARTI Luc/);
  });

  it('lists the leave requests its staff entered that wait for a decision: person, dates, days', async () => {
    const home = await partner.get('/');
    expect(texts(home, '#conges-en-attente li')).toEqual([
      'RELIEUR Paul (Reliure) : du 14/12/2026 au 15/12/2026 (2 j), calendrier des congés',
      'MENUISIER Léa (Menuiserie) : le 21/12/2026 (1 j), calendrier des congés',
    ]);
  });

  it('lists the last ten entries of its workshops’ log, a corrected entry replaced by its correction, each linked to its workshop’s log', async () => {
    const home = await partner.get('/');
    const log = texts(home, '#journal-recent li');
    expect(log).toHaveLength(10);
    expect(log[0]).toBe('01/12/2026, Menuiserie : Incident : Modéré — Scie circulaire cassée');
    expect(log[1]).toBe('22/11/2026, Reliure : Production : 12 livres reliés (organisme public)');
    expect(log[9]).toBe('14/11/2026, Reliure : Production : 4 livres reliés (organisme public)');
    expect(home.html).not.toContain('Outil cassé');
    expect(home.doc.querySelector('#journal-recent a')?.getAttribute('href')).toBe(`/ateliers/${menuiserie.id}/journal`);
  });

  it('keeps the open committee action items block', async () => {
    const home = await partner.get('/');
    expect(home.doc.querySelector('#mes-actions-accueil')?.textContent).toContain('Aucune action à suivre ne vous est confiée.');
  });

  it('shows nothing of another partner’s workshop, people, leave requests or log', async () => {
    const home = await partner.get('/');
    expect(home.html).not.toMatch(/Vélos|CYCLISTE|Hugo|Mécanicien|vélos réparés|Hervé|Cuisine/);
    expect(home.html).not.toContain(`/ateliers/${velos.id}`);
  });

  it('shows nothing of a person beyond name and post: no contract, prison number, birth date, release, suspension or absence reason', async () => {
    const home = await partner.get('/');
    expect(home.html).not.toMatch(/CEP-CONFIDENTIEL|ECROU|1990|15\/03\/2027|2027-03-15|maladie|sickness|suspen|contrat|écrou|libération/i);
  });

  it('shows each section’s empty state to a partner without workshops', async () => {
    const lonely = await signedIn(await createUser(t.em(), 'partner', { partner: await createPartner(t.em(), { name: 'Nouvelle structure' }) }));
    const home = await lonely.get('/');
    expect(home.doc.querySelector('#vos-ateliers p')?.textContent).toContain('Aucun atelier de votre structure');
    expect(home.doc.querySelector('#semaines-a-remplir p')?.textContent).toContain('Aucune feuille de pointage à remplir');
    expect(home.doc.querySelector('#personnes-du-jour p')?.textContent).toContain('Personne ne travaille dans vos ateliers');
    expect(home.doc.querySelector('#conges-en-attente p')?.textContent).toContain('Aucune demande de congé');
    expect(home.doc.querySelector('#journal-recent p')?.textContent).toContain('Aucune entrée');
  });

  it('reads everything in a number of queries that does not grow with the workshops or the people', async () => {
    const count = async () => {
      t.db.queries.length = 0;
      expect((await partner.get('/')).status).toBe(200);
      return t.db.queries.length;
    };
    const before = await count();
    const more = await createWorkshop(t.em(), arras, { name: 'Dorure', partner: ours });
    for (const [i, name] of ['Doreur', 'Graveur', 'Colleur'].entries()) {
      const a = await assign(more, await createDetainee(t.em(), arras, { lastName: name, arrivalDate: '2026-10-01' }), `DOR-0${i}`, 'Doreur');
      await hours(a, more, ['2026-11-23', '2026-11-30']);
      await leave(a, ourUser, '2026-12-21', '2026-12-22', 200);
    }
    await logEntry(more, ours, '2026-12-02', { quantity: 3, unit: 'cadres dorés' });
    expect(await count()).toBe(before);
    expect(texts(await partner.get('/'), `#personnes-${more.id} li`)).toHaveLength(3);
  });
});

describe('who sees the partner’s home', () => {
  it('gives the coordination its own home, not the partner’s', async () => {
    const coordinator = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [arras] }));
    const home = await coordinator.get('/');
    expect(home.doc.querySelector('#personnes-du-jour')).toBeNull();
    expect(home.doc.querySelector(`#pointage-${arras.id}`)).not.toBeNull();
  });
});
