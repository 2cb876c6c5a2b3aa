import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { historyCondition } from '../../src/audit/history.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { Post, Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPost, createUser, createWaitingCandidacy, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

let t: TestContext;
let arras: Establishment;
let lille: Establishment;
let workshop: Workshop;
let admin: Browser;
let coordinator: Browser;
let stranger: Browser;

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  arras = await createEstablishment(em, { name: 'Arras historique' });
  lille = await createEstablishment(em, { name: 'Lille historique' });
  workshop = await createWorkshop(em, arras, { name: 'Reliure historique' });
  await createUser(em, 'admin', { email: 'admin-historique@exemple.fr' });
  await createUser(em, 'coordinator', { email: 'coord-arras-historique@exemple.fr', establishments: [arras] });
  await createUser(em, 'coordinator', { email: 'coord-lille-historique@exemple.fr', establishments: [lille] });
  admin = new Browser(t.app);
  await admin.login('admin-historique@exemple.fr', TEST_PASSWORD);
  coordinator = new Browser(t.app);
  await coordinator.login('coord-arras-historique@exemple.fr', TEST_PASSWORD);
  stranger = new Browser(t.app);
  await stranger.login('coord-lille-historique@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

const history = (table: string, id: number) => `/admin/journal?objet=${table}&id=${id}`;
const rowsOf = (doc: Document) => [...doc.querySelectorAll('#journal tbody tr')];
const subjects = (doc: Document) => rowsOf(doc).map((r) => r.querySelector('td:nth-child(4)')?.textContent?.trim());
const changes = (row: Element) =>
  Object.fromEntries([...row.querySelectorAll('dl.atelier-changes dt')].map((dt) => [dt.textContent?.trim(), dt.nextElementSibling?.textContent?.trim()]));

/** A person on the workshop's waiting list, then assigned to `post` from the person page (which closes the candidacy), then suspended. */
async function assignedAndSuspended(person: Detainee, post: Post, suspensions: string[] = ['2026-03-02']) {
  await createWaitingCandidacy(t.em(), person, workshop);
  const assigned = await coordinator.post(`/personnes/${person.id}/affectations`, {
    postId: String(post.id),
    contractReference: `CEP-${post.code}`,
    startsOn: '2026-02-16',
  });
  expect(assigned.status).toBe(303);
  const assignment = await t.em().fork().findOneOrFail(Assignment, { detainee: person.id });
  for (const startsOn of suspensions) {
    const suspended = await coordinator.post(`/affectations/${assignment.id}/suspension`, { startsOn, endsOn: startsOn, reason: 'sickness' });
    expect(suspended.status).toBe(303);
  }
  return assignment;
}

describe('a person’s history', () => {
  let dupont: Detainee;
  let martin: Detainee;

  beforeAll(async () => {
    dupont = await createDetainee(t.em(), arras, { lastName: 'Dupont', firstName: 'Jean', prisonNumber: '4101' });
    martin = await createDetainee(t.em(), arras, { lastName: 'Martin', firstName: 'Paul', prisonNumber: '4102' });
    await assignedAndSuspended(dupont, await createPost(t.em(), workshop, { code: 'ARR-HIS-01', title: 'Relieur' }));
    await assignedAndSuspended(martin, await createPost(t.em(), workshop, { code: 'ARR-HIS-02', title: 'Massicotier' }));
  });

  it('holds their candidacy, assignment and its suspension, in French and newest first, and nothing of another person', async () => {
    const page = await coordinator.get(history('detainee', dupont.id));
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('h1')?.textContent).toBe('Historique : Personne DUPONT Jean (n° 4101)');
    const shown = subjects(page.doc);
    expect(shown).toEqual([
      'Suspension de l’affectation au poste ARR-HIS-01 (Relieur)',
      'Candidature à l’atelier Reliure historique',
      'Affectation au poste ARR-HIS-01 (Relieur)',
      'Candidature à l’atelier Reliure historique',
      'Personne DUPONT Jean (n° 4101)',
    ]);
    const journal = page.doc.querySelector('#journal')?.textContent;
    expect(journal).not.toContain('ARR-HIS-02');
    expect(journal).not.toContain('MARTIN');
    const [suspension, closed, assignment, created] = rowsOf(page.doc) as Element[];
    expect(changes(suspension as Element)).toMatchObject({ Début: '02/03/2026', Fin: '02/03/2026', Motif: expect.stringMatching(/^Maladie/) });
    expect(changes(closed as Element)).toMatchObject({ État: 'Sur liste d’attente → Affectée' });
    expect(changes(assignment as Element)).toMatchObject({ Début: '16/02/2026', Contrat: 'CEP-ARR-HIS-01' });
    expect(created?.querySelector('td:nth-child(3)')?.textContent).toBe('Création');
  });

  it('answers 404 to a coordinator of another establishment, and 403 to a partner', async () => {
    expect((await stranger.get(history('detainee', dupont.id))).status).toBe(404);
    await createUser(t.em(), 'partner', { email: 'partenaire-historique@exemple.fr', partner: workshop.partner });
    const partner = new Browser(t.app);
    await partner.login('partenaire-historique@exemple.fr', TEST_PASSWORD);
    expect((await partner.get(history('detainee', dupont.id))).status).toBe(403);
  });

  it('opens to a coordinator only the histories their pages link to: never, say, who is attached to their establishment', async () => {
    const membership = await adminClient(t.db.url, async (sql) => {
      const found = await sql.query<{ entity_id: string }>(
        `select entity_id from audit_event where entity = 'establishment_membership' and establishment_id = $1 limit 1`,
        [arras.id],
      );
      return found.rows[0]?.entity_id;
    });
    expect(membership, 'the coordinator’s attachment to Arras is in the trail').toBeDefined();
    expect((await admin.get(`/admin/journal?objet=establishment_membership&id=${encodeURIComponent(membership ?? '')}`)).status).toBe(200);
    expect((await coordinator.get(`/admin/journal?objet=establishment_membership&id=${encodeURIComponent(membership ?? '')}`)).status).toBe(404);
    expect((await coordinator.get(history('establishment', arras.id))).status).toBe(200);
  });

  it('finds the rows that belong to a person through the indexes on their recorded ids, not by reading the trail', async () => {
    const { sql, params } = historyCondition('detainee', String(dupont.id));
    const plan = await adminClient(t.db.url, async (c) => {
      await c.query('set enable_seqscan = off');
      // The condition's placeholders are `?` (MikroORM's): numbered for pg here.
      let n = 0;
      const found = await c.query(`explain select e.id from audit_event e where ${sql.replace(/\?/g, () => `$${++n}`)}`, params);
      return found.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('audit_event_detainee_id_idx');
    expect(plan).toContain('audit_event_assignment_id_idx');
  });

  it('reads in a constant number of queries, however many rows it holds', async () => {
    const person = await createDetainee(t.em(), arras);
    await assignedAndSuspended(person, await createPost(t.em(), workshop), ['2026-03-02']);
    const count = async () => {
      t.db.queries.length = 0;
      const page = await coordinator.get(history('detainee', person.id));
      expect(page.status).toBe(200);
      return { queries: t.db.queries.length, rows: rowsOf(page.doc).length };
    };
    const few = await count();
    const assignment = await t.em().fork().findOneOrFail(Assignment, { detainee: person.id });
    for (const day of ['2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']) {
      expect((await coordinator.post(`/affectations/${assignment.id}/suspension`, { startsOn: day, endsOn: day, reason: 'sickness' })).status).toBe(303);
      await createWaitingCandidacy(t.em(), person, await createWorkshop(t.em(), arras));
    }
    const many = await count();
    expect(many.rows).toBe(few.rows + 8);
    expect(many.queries).toBe(few.queries);
  });
});

describe('a person’s history and their timesheet', () => {
  it('shows the corrections of a validated week, not the cells typed before validation', async () => {
    const person = await createDetainee(t.em(), arras, { lastName: 'Pointé', firstName: 'Luc', prisonNumber: '4103' });
    const post = await createPost(t.em(), workshop, { code: 'ARR-HIS-03' });
    await coordinator.post(`/personnes/${person.id}/affectations`, { postId: String(post.id), contractReference: 'CEP-P3', startsOn: '2026-03-09' });
    const assignment = await t.em().fork().findOneOrFail(Assignment, { detainee: person.id });
    for (const day of ['2026-03-09', '2026-03-10']) {
      const cell = `c-a${assignment.id}-${day}`;
      expect((await coordinator.post('/pointage/cellule', { cell, [cell]: '7', version: '0' }, { 'HX-Request': 'true' })).status).toBe(200);
    }
    expect((await coordinator.post(`/ateliers/${workshop.id}/pointage/validation?semaine=2026-03-09`)).status).toBe(303);
    const corrected = await coordinator.post(`/ateliers/${workshop.id}/pointage/ajustement?semaine=2026-03-09`, {
      holder: `a${assignment.id}`,
      day: '2026-03-10',
      value: '5h',
      reason: 'Feuille papier du chef d’atelier',
    });
    expect(corrected.status).toBe(303);
    const page = await coordinator.get(history('detainee', person.id));
    const shown = subjects(page.doc);
    expect(shown[0]).toBe('Correction du pointage du 10/03/2026');
    expect(changes(rowsOf(page.doc)[0] as Element)).toMatchObject({ Durée: '-2 h', 'Motif de l’ajustement': 'Feuille papier du chef d’atelier' });
    expect(shown.filter((s) => s?.includes('pointage'))).toHaveLength(1);
    expect(shown.filter((s) => s?.startsWith('Pointage'))).toEqual([]);
  });
});

describe('a history asked for with a strange record', () => {
  it.each([
    ['a name of the language', 'objet=constructor&id=1'],
    ['a quote', "objet=detainee&id=1'--"],
  ])('answers calmly to %s', async (_what, query) => {
    const reply = await admin.get(`/admin/journal?${query}`);
    expect(reply.status).toBe(200);
    expect(reply.html).toContain('Aucun événement ne correspond à ces filtres.');
  });

  it('refuses a NUL byte before reading anything', async () => {
    expect((await admin.get('/admin/journal?objet=detainee&id=%00')).status).toBe(400);
  });
});

describe('a workshop’s history', () => {
  it('holds the changes of its posts', async () => {
    const own = await createWorkshop(t.em(), arras, { name: 'Menuiserie historique' });
    const post = await createPost(t.em(), own, { code: 'ARR-MEN-01', title: 'Menuisier' });
    await adminClient(t.db.url, (c) => c.query('update post set weekly_minutes = 1440 where id = $1', [post.id]));
    const page = await coordinator.get(history('workshop', own.id));
    expect(subjects(page.doc)).toEqual(['Poste ARR-MEN-01 (Menuisier)', 'Poste ARR-MEN-01 (Menuisier)', 'Atelier Menuiserie historique']);
    expect(changes(rowsOf(page.doc)[0] as Element)).toMatchObject({ 'Durée par semaine': expect.stringContaining('24') });
  });
});

describe('the partners’ list', () => {
  it('links each partner’s history for an administrator, not for a coordinator (a partner belongs to no establishment)', async () => {
    const partner = workshop.partner;
    const link = `a[href="${history('partner', partner.id)}"]`;
    const forAdmin = await admin.get('/partenaires');
    expect(forAdmin.doc.querySelector(`#partenaire-${partner.id} ${link}`)?.textContent).toBe(`Historique de ${partner.name}`);
    expect((await admin.get(history('partner', partner.id))).status).toBe(200);
    const forCoordinator = await coordinator.get('/partenaires');
    expect(forCoordinator.status).toBe(200);
    expect(forCoordinator.doc.querySelector(`#partenaire-${partner.id}`)).not.toBeNull();
    expect(forCoordinator.doc.querySelector(link)).toBeNull();
    expect(forCoordinator.doc.querySelector('a.atelier-history')).toBeNull();
  });
});
