import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/audit/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { toDay } from '../../src/platform/calendar.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPost, createUser, createWaitingCandidacy, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

let t: TestContext;
let admin: Browser;

beforeAll(async () => {
  t = await createTestContext();
  await createUser(t.em(), 'admin', { email: 'admin@exemple.fr', displayName: 'Alice Admin' });
  admin = new Browser(t.app);
  await admin.login('admin@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

describe('the audit table', () => {
  it.each([
    ['UPDATE', "update audit_event set action = 'falsified'"],
    ['DELETE', 'delete from audit_event'],
    ['TRUNCATE', 'truncate audit_event'],
  ])('refuses %s, even to the database owner', async (op, sql) => {
    await createEstablishment(t.em());
    const before = await t.em().count(AuditEvent, {});
    await expect(adminClient(t.db.url, (c) => c.query(sql))).rejects.toThrow(new RegExp(`audit_event is append-only\\): ${op} refusé`));
    expect(await t.em().count(AuditEvent, {})).toBe(before);
    expect(await t.em().count(AuditEvent, { action: 'falsified' })).toBe(0);
  });

  it('records changes made outside the app too, with no author', async () => {
    const e = await createEstablishment(t.em(), { name: 'Modifié par un script' });
    await adminClient(t.db.url, (c) => c.query('update establishment set capacity = 77 where id = $1', [e.id]));
    const events = await t.em().find(AuditEvent, { entity: 'establishment', entityId: String(e.id), action: 'update' });
    expect(events).toHaveLength(1);
    expect(events[0]?.actor).toBeNull();
    expect(events[0]?.after).toMatchObject({ capacity: 77 });
  });
});

describe('the audit page', () => {
  it('lists events newest first with author, action and the fields changed, filtered by object and action', async () => {
    await admin.post('/etablissements', { name: 'Centre audité', kind: 'centre_detention', city: 'Val-de-Reuil', capacity: '500' });
    const page = await admin.get('/admin/journal?objet=establishment&action=create');
    expect(page.status).toBe(200);
    const first = page.doc.querySelector('#journal tbody tr');
    expect(first?.textContent).toContain('Alice Admin');
    expect(first?.textContent).toContain('Création');
    expect(first?.textContent).toContain('Centre audité');
    const actions = [...page.doc.querySelectorAll('#journal tbody tr td:nth-child(3)')].map((td) => td.textContent);
    expect(new Set(actions)).toEqual(new Set(['Création']));
    const none = await admin.get('/admin/journal?objet=partner');
    expect(none.html).toContain('Aucun événement ne correspond à ces filtres.');
  });

  it('filters by date range', async () => {
    const future = await admin.get('/admin/journal?du=2999-01-01');
    expect(future.doc.querySelectorAll('#journal tbody tr')).toHaveLength(0);
    const today = toDay(new Date());
    const recent = await admin.get(`/admin/journal?du=2000-01-01&au=${today}`);
    expect(recent.doc.querySelectorAll('#journal tbody tr').length).toBeGreaterThan(0);
  });

  it('is for administrators only', async () => {
    const user = await createUser(t.em(), 'committee');
    const b = new Browser(t.app);
    await b.login(user.email, TEST_PASSWORD);
    expect((await b.get('/admin/journal')).status).toBe(403);
  });
});

describe('the audit trail read by people', () => {
  let arras: Establishment;
  let lille: Establishment;
  let dupont: Detainee;
  let elsewhere: Detainee;
  let workshop: Workshop;
  let coordinator: Browser;

  beforeAll(async () => {
    const em = t.em();
    arras = await createEstablishment(em, { name: 'Arras lisible' });
    lille = await createEstablishment(em, { name: 'Lille ailleurs' });
    dupont = await createDetainee(em, arras, { lastName: 'Dupont', firstName: 'Jean', prisonNumber: '12345' });
    elsewhere = await createDetainee(em, lille, { lastName: 'Martin', firstName: 'Paul', prisonNumber: '777' });
    workshop = await createWorkshop(em, arras, { name: 'Reliure lisible' });
    const candidacy = await createWaitingCandidacy(em, dupont, workshop);
    await adminClient(t.db.url, (c) => c.query("update candidacy set status = 'assigned', closed_on = '2026-03-02' where id = $1", [candidacy.id]));
    await createUser(em, 'coordinator', { email: 'coord-arras@exemple.fr', establishments: [arras] });
    coordinator = new Browser(t.app);
    await coordinator.login('coord-arras@exemple.fr', TEST_PASSWORD);
  });

  const rowsOf = (doc: Document) => [...doc.querySelectorAll('#journal tbody tr')];
  const changes = (row: Element) =>
    Object.fromEntries([...row.querySelectorAll('dl.atelier-changes dt')].map((dt) => [dt.textContent?.trim(), dt.nextElementSibling?.textContent?.trim()]));

  it('shows codes in French, records by name with a link, and a creation without its empty fields', async () => {
    const page = await admin.get(`/admin/journal?objet=candidacy`);
    const [update, create] = rowsOf(page.doc);
    expect(update?.querySelector('td:nth-child(4)')?.textContent).toBe('Candidature de DUPONT Jean');
    expect(update?.querySelector('td:nth-child(4) a')?.getAttribute('href')).toBe(`/personnes/${dupont.id}`);
    expect(changes(update as Element)).toEqual({ État: 'Sur liste d’attente → Affectée', 'Close le': '— → 02/03/2026' });
    const created = changes(create as Element);
    expect(created).toMatchObject({
      Établissement: 'Arras lisible',
      Personne: 'DUPONT Jean (n° 12345)',
      Demande: 'Un atelier',
      Atelier: 'Reliure lisible',
      'Proposée par': 'La personne elle-même',
      'Avis de la CPU': 'Favorable',
      'Date de la CPU': '01/02/2026',
    });
    expect(Object.keys(created)).not.toContain('Rang choisi');
    expect(Object.keys(created)).not.toContain('Motif du rang');
    expect(Object.keys(created)).not.toContain('Poste');
    const person = [...(create as Element).querySelectorAll('dd a')].find((a) => a.textContent === 'DUPONT Jean (n° 12345)');
    expect(person?.getAttribute('href')).toBe(`/personnes/${dupont.id}`);
    expect(create?.querySelector(`dd a[href="/ateliers/${workshop.id}"]`)?.textContent).toBe('Reliure lisible');
  });

  it('writes dates as « 30/11/2026 à 14:05 » in Paris, on either side of a change of time', async () => {
    const stamped = await createEstablishment(t.em(), { name: 'Horodaté' });
    const rows: Array<[string, string]> = [
      ['2026-03-29T00:30:00Z', '2026-03-29T00:45:00Z'],
      ['2026-03-29T01:30:00Z', '2026-10-25T01:30:00Z'],
    ];
    for (const [at, archived] of rows) {
      await adminClient(t.db.url, (c) =>
        c.query(
          `insert into audit_event (occurred_at, action, entity, entity_id, establishment_id, before, after)
           values ($1, 'archive', 'establishment', $2, $3, '{"archived_at": null}', jsonb_build_object('archived_at', $4::timestamptz))`,
          [at, String(stamped.id), stamped.id, archived],
        ),
      );
    }
    const page = await admin.get(`/admin/journal?objet=establishment&id=${stamped.id}&action=archive`);
    const [later, earlier] = rowsOf(page.doc);
    expect(later?.querySelector('td')?.textContent).toBe('29/03/2026 à 03:30');
    expect(earlier?.querySelector('td')?.textContent).toBe('29/03/2026 à 01:30');
    expect(changes(later as Element)['Archivé le']).toBe('— → 25/10/2026 à 02:30');
    expect(changes(earlier as Element)['Archivé le']).toBe('— → 29/03/2026 à 01:45');
  });

  it('lists one record’s history, named in the title with a way back to its page', async () => {
    await adminClient(t.db.url, (c) => c.query("update detainee set expected_release_date = '2027-05-01' where id = $1", [dupont.id]));
    const page = await admin.get(`/admin/journal?objet=detainee&id=${dupont.id}`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('h1')?.textContent).toBe('Historique : Personne DUPONT Jean (n° 12345)');
    expect(page.doc.querySelector(`a[href="/personnes/${dupont.id}"]`)?.textContent).toContain('Retour à la fiche');
    const subjects = rowsOf(page.doc).map((r) => r.querySelector('td:nth-child(4)')?.textContent);
    // The person's candidacy belongs to their history too (tests/audit/history.test.ts).
    expect(subjects).toEqual([
      'Personne DUPONT Jean (n° 12345)',
      'Candidature à l’atelier Reliure lisible',
      'Candidature à l’atelier Reliure lisible',
      'Personne DUPONT Jean (n° 12345)',
    ]);
    expect(changes(rowsOf(page.doc)[0] as Element)).toEqual({ 'Libération prévue': '— → 01/05/2027' });
  });

  it('is linked from the record pages as « Historique »', async () => {
    const href = (table: string, id: number) => `/admin/journal?objet=${table}&id=${id}`;
    const post = await createPost(t.em(), workshop, { code: 'ARR-HIS-01' });
    for (const [path, target] of [
      [`/personnes/${dupont.id}`, href('detainee', dupont.id)],
      [`/ateliers/${workshop.id}`, href('workshop', workshop.id)],
      [`/etablissements/${arras.id}`, href('establishment', arras.id)],
    ] as const) {
      const page = await coordinator.get(path);
      expect(page.doc.querySelector(`a[href="${target}"]`)?.textContent?.trim(), path).toBe('Historique');
    }
    const workshopPage = await coordinator.get(`/ateliers/${workshop.id}`);
    expect(workshopPage.doc.querySelector(`a[href="${href('post', post.id)}"]`)?.getAttribute('title')).toBe('Historique du poste ARR-HIS-01');
    const history = await coordinator.get(href('post', post.id));
    expect(history.doc.querySelector('h1')?.textContent).toBe('Historique : Poste ARR-HIS-01 (Relieur)');
  });

  it('shows a coordinator the history of a record of their establishments, and answers 404 for another’s', async () => {
    const mine = await coordinator.get(`/admin/journal?objet=detainee&id=${dupont.id}`);
    expect(mine.status).toBe(200);
    expect(rowsOf(mine.doc).length).toBeGreaterThan(0);
    expect(mine.doc.querySelector('form[role="search"]')).toBeNull();
    expect((await coordinator.get(`/admin/journal?objet=detainee&id=${elsewhere.id}`)).status).toBe(404);
    expect((await coordinator.get(`/admin/journal?objet=establishment&id=${lille.id}`)).status).toBe(404);
    // A record of no establishment (a partner, an account) is not theirs either.
    expect((await coordinator.get(`/admin/journal?objet=partner&id=${workshop.partner.id}`)).status).toBe(404);
    expect((await coordinator.get('/admin/journal')).status).toBe(403);
    expect((await coordinator.get('/admin/journal?objet=detainee')).status).toBe(403);
  });

  it('is never shown to a partner', async () => {
    await createUser(t.em(), 'partner', { email: 'partenaire-lisible@exemple.fr', partner: workshop.partner });
    const partner = new Browser(t.app);
    await partner.login('partenaire-lisible@exemple.fr', TEST_PASSWORD);
    expect((await partner.get(`/admin/journal?objet=workshop&id=${workshop.id}`)).status).toBe(403);
    const page = await partner.get(`/ateliers/${workshop.id}`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('a.atelier-history')).toBeNull();
  });

  it('reads the names with one query per table, however many records the page mentions', async () => {
    const namingQueries = async () => {
      t.db.queries.length = 0;
      const page = await admin.get('/admin/journal?objet=detainee');
      expect(page.status).toBe(200);
      const naming = t.db.queries.filter((q) => /\bwhere t\.id = any\(/.test(q));
      return { all: t.db.queries.length, naming: naming.map((q) => /from (\w+) t where/.exec(q)?.[1]) };
    };
    const few = await namingQueries();
    for (let i = 0; i < 12; i++) await createDetainee(t.em(), i % 2 ? arras : lille);
    const many = await namingQueries();
    expect(many.naming.sort()).toEqual(['detainee', 'establishment']);
    expect(new Set(few.naming)).toEqual(new Set(many.naming));
    expect(many.all).toBe(few.all);
  });
});
