import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../src/activity/establishment-log.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { readCsv } from '../../src/platform/csv.ts';
import type { User } from '../../src/users/entities.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type Reply, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * The establishment's « Journal d’activité » (issue 21 item 6) through HTTP on a real database:
 * every partner's entries of the establishment, the filters and the counts per kind (corrected
 * entries marked and never counted), paging in a fixed number of queries, the CSV export read
 * back, and who may see it (admins and the establishment's coordinators; anyone else 404).
 * Today is pinned to 15 October 2026, so the default period is October 2026.
 */
let t: TestContext;
let mine: Establishment;
let elsewhere: Establishment;
let relieurs: Partner;
let roue: Partner;
let reliure: Workshop;
let velos: Workshop;
let ailleurs: Workshop;
const users: Record<'partner' | 'otherPartner' | 'coordinator' | 'coordinatorElsewhere' | 'admin' | 'committee', User> = {} as never;
const browsers = new Map<string, Browser>();
const ids: Record<string, number> = {};

async function as(who: keyof typeof users): Promise<Browser> {
  const known = browsers.get(who);
  if (known) return known;
  const browser = new Browser(t.app);
  await browser.login(users[who].email, TEST_PASSWORD);
  browsers.set(who, browser);
  return browser;
}

async function entry(w: Workshop, partner: Partner, day: string, kind: string, fields: Record<string, unknown> = {}): Promise<number> {
  const row = { establishment_id: w.establishment.id, workshop_id: w.id, partner_id: partner.id, day, kind, created_by_id: users.partner.id, ...fields };
  const columns = Object.keys(row);
  return adminClient(t.db.url, async (c) => {
    const res = await c.query<{ id: number }>(
      `insert into activity_entry (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
      Object.values(row),
    );
    return res.rows[0]?.id ?? 0;
  });
}

/** `n` production entries of the workshop on the day, in one statement. */
async function many(w: Workshop, partner: Partner, day: string, n: number): Promise<void> {
  await adminClient(t.db.url, (c) =>
    c.query(
      `insert into activity_entry (establishment_id, workshop_id, partner_id, day, kind, quantity, unit, customer_kind)
       select $1, $2, $3, $4, 'production', 1, 'cartons', 'internal' from generate_series(1, $5)`,
      [w.establishment.id, w.id, partner.id, day, n],
    ),
  );
}

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-10-15') });
  const em = t.em();
  mine = await createEstablishment(em);
  elsewhere = await createEstablishment(em);
  relieurs = await createPartner(em, { name: 'Les Relieurs solidaires' });
  roue = await createPartner(em, { name: 'Roue Libre' });
  reliure = await createWorkshop(em, mine, { name: 'Reliure', partner: relieurs });
  velos = await createWorkshop(em, mine, { name: 'Vélos', partner: roue });
  ailleurs = await createWorkshop(em, elsewhere, { name: 'Reliure ailleurs', partner: relieurs });
  users.partner = await createUser(em, 'partner', { partner: relieurs, displayName: 'Paule Relieuse' });
  users.otherPartner = await createUser(em, 'partner', { partner: roue });
  users.coordinator = await createUser(em, 'coordinator', { establishments: [mine] });
  users.coordinatorElsewhere = await createUser(em, 'coordinator', { establishments: [elsewhere] });
  users.admin = await createUser(em, 'admin');
  users.committee = await createUser(em, 'committee');

  ids.september = await entry(reliure, relieurs, '2026-09-30', 'production', { quantity: 7, unit: 'livres', customer_kind: 'public' });
  ids.books = await entry(reliure, relieurs, '2026-10-02', 'production', { quantity: 12.5, unit: 'livres reliés', customer_kind: 'public' });
  ids.wrong = await entry(reliure, relieurs, '2026-10-05', 'production', { quantity: 100, unit: 'livres', customer_kind: 'company' });
  ids.fix = await entry(reliure, relieurs, '2026-10-05', 'production', { quantity: 10, unit: 'livres', customer_kind: 'company', corrects_id: ids.wrong });
  ids.training = await entry(reliure, relieurs, '2026-10-06', 'training', { topic: 'Gestes et postures', minutes: 210, participants: 6 });
  ids.incident = await entry(velos, roue, '2026-10-07', 'incident', { severity: 'moderate', description: '=Outil cassé' });
  ids.visit = await entry(velos, roue, '2026-10-08', 'event', { visitor_kind: 'employer', created_by_id: users.otherPartner.id });
  ids.elsewhere = await entry(ailleurs, relieurs, '2026-10-03', 'production', { quantity: 999, unit: 'livres', customer_kind: 'public' });
});
afterAll(() => t.close());

const url = (query = '') => `/etablissements/${mine.id}/journal${query ? `?${query}` : ''}`;
const csvUrl = (query = '') => `/etablissements/${mine.id}/journal.csv${query ? `?${query}` : ''}`;
const rowIds = (res: Reply) => [...res.doc.querySelectorAll('#journal tbody tr')].map((tr) => Number(tr.getAttribute('id')?.replace('entree-', '')));
const countOf = (res: Reply, kind: string) => res.doc.querySelector(`#compte-${kind}`)?.textContent?.replace(/\s+/g, ' ').trim();
const text = (res: Reply, selector: string) => res.doc.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();

describe('the establishment’s activity log', () => {
  it('lists every partner’s entries of the current month, newest first, with counts per kind leaving corrected entries out', async () => {
    const res = await (await as('coordinator')).get(url());
    expect(res.status).toBe(200);
    expect(rowIds(res)).toEqual([ids.visit, ids.incident, ids.training, ids.fix, ids.wrong, ids.books]);
    expect(countOf(res, 'production')).toBe('Production : 2');
    expect(countOf(res, 'training')).toBe('Formation dispensée : 1');
    expect(countOf(res, 'incident')).toBe('Incident : 1');
    expect(countOf(res, 'event')).toBe('Événement ou visite : 1');
    expect(countOf(res, 'meeting')).toBe('Réunion : 0');
    expect(text(res, '#journal-total')).toContain('5 entrées comptées');
    expect(text(res, `#entree-${ids.wrong}`)).toContain(`Corrigée par le n° ${ids.fix}`);
    expect(text(res, `#entree-${ids.fix}`)).toContain(`Corrige le n° ${ids.wrong}`);
    const books = text(res, `#entree-${ids.books}`);
    expect(books).toContain('02/10/2026');
    expect(books).toContain('Reliure');
    expect(books).toContain('Les Relieurs solidaires');
    expect(books).toContain('12,5 livres reliés (organisme public)');
    expect(books).toContain('Paule Relieuse');
    expect(text(res, `#entree-${ids.incident}`)).toContain('Modéré — =Outil cassé');
    expect(res.doc.querySelector('#menu-etablissement a[aria-current="page"]')?.textContent?.trim()).toBe('Journal d’activité');
  });

  it('filters by period, kind, workshop and partner', async () => {
    const b = await as('coordinator');
    expect(rowIds(await b.get(url('du=2026-09-01&au=2026-10-02')))).toEqual([ids.books, ids.september]);
    // Reversed bounds are swapped.
    expect(rowIds(await b.get(url('du=2026-10-02&au=2026-09-01')))).toEqual([ids.books, ids.september]);
    const production = await b.get(url('type=production'));
    expect(rowIds(production)).toEqual([ids.fix, ids.wrong, ids.books]);
    expect(countOf(production, 'training')).toBe('Formation dispensée : 0');
    expect(rowIds(await b.get(url(`atelier=${velos.id}`)))).toEqual([ids.visit, ids.incident]);
    expect(rowIds(await b.get(url(`structure=${relieurs.id}&type=training`)))).toEqual([ids.training]);
    // Another establishment's workshop filters to nothing, never to its entries.
    const other = await b.get(url(`atelier=${ailleurs.id}`));
    expect(rowIds(other)).toEqual([]);
    expect(other.doc.querySelector('#journal-vide')).not.toBeNull();
    // Nonsense filters fall back to their defaults.
    expect(rowIds(await b.get(url('type=nimporte&atelier=abc&du=hier')))).toHaveLength(6);
  });

  it('exports the filtered, counted entries as a CSV for Excel', async () => {
    const b = await as('coordinator');
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await t.app.request(csvUrl('du=2026-10-01&au=2026-10-31'), { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`journal-activite-${mine.id}-2026-10-01-2026-10-31.csv`);
    // Read as bytes: a text decoder would drop the BOM that Excel needs.
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n')[0]?.split(';')).toHaveLength(15);
    const { header, rows } = readCsv(csv);
    expect(header).toEqual([
      'Date',
      'Atelier',
      'Structure',
      'Type',
      'Quantité',
      'Unité',
      'Type de client',
      'Sujet',
      'Heures',
      'Participants',
      'Visiteurs',
      'Gravité',
      'Description',
      'Écrite par',
      'Corrige l’entrée n°',
    ]);
    expect(rows).toEqual([
      [
        '08/10/2026',
        'Vélos',
        'Roue Libre',
        'Événement ou visite',
        '',
        '',
        '',
        '',
        '',
        '',
        'Employeur ou recruteur',
        '',
        '',
        users.otherPartner.displayName,
        '',
      ],
      ['07/10/2026', 'Vélos', 'Roue Libre', 'Incident', '', '', '', '', '', '', '', 'Modéré', "'=Outil cassé", 'Paule Relieuse', ''],
      [
        '06/10/2026',
        'Reliure',
        'Les Relieurs solidaires',
        'Formation dispensée',
        '',
        '',
        '',
        'Gestes et postures',
        '3,5',
        '6',
        '',
        '',
        '',
        'Paule Relieuse',
        '',
      ],
      [
        '05/10/2026',
        'Reliure',
        'Les Relieurs solidaires',
        'Production',
        '10',
        'livres',
        'Entreprise',
        '',
        '',
        '',
        '',
        '',
        '',
        'Paule Relieuse',
        String(ids.wrong),
      ],
      [
        '02/10/2026',
        'Reliure',
        'Les Relieurs solidaires',
        'Production',
        '12,5',
        'livres reliés',
        'Organisme public',
        '',
        '',
        '',
        '',
        '',
        '',
        'Paule Relieuse',
        '',
      ],
    ]);
    const filtered = readCsv((await (await as('admin')).get(csvUrl(`structure=${roue.id}&type=incident`))).html);
    expect(filtered.rows.map((r) => r[3])).toEqual(['Incident']);
  });

  it('answers 404 to anyone but the admins and the establishment’s coordinators', async () => {
    const expected: Array<[keyof typeof users, number]> = [
      ['admin', 200],
      ['coordinator', 200],
      ['coordinatorElsewhere', 404],
      ['partner', 404],
      ['otherPartner', 404],
      ['committee', 404],
    ];
    for (const [who, status] of expected) {
      const b = await as(who);
      expect([who, (await b.get(url())).status]).toEqual([who, status]);
      expect([who, (await b.get(csvUrl())).status]).toEqual([who, status]);
    }
    expect((await (await as('admin')).get(`/etablissements/999999/journal`)).status).toBe(404);
    const anonymous = await new Browser(t.app).get(url());
    expect(anonymous.status).not.toBe(200);
    // The establishment's menu shows the section to its coordinator only.
    const coordinatorHome = await (await as('coordinatorElsewhere')).get(`/etablissements/${elsewhere.id}/journal`);
    expect(coordinatorHome.status).toBe(200);
    expect(rowIds(coordinatorHome)).toEqual([ids.elsewhere]);
  });

  it('pages a long period in the same number of queries, whatever the number of entries', async () => {
    const e = await createEstablishment(t.em());
    const w = await createWorkshop(t.em(), e, { name: 'Cartonnage', partner: relieurs });
    await createUser(t.em(), 'coordinator', { establishments: [e] });
    const admin = await as('admin');
    const page = `/etablissements/${e.id}/journal?du=2026-10-01&au=2026-10-31`;
    await many(w, relieurs, '2026-10-01', 3);
    t.db.queries.length = 0;
    const small = await admin.get(page);
    expect(rowIds(small)).toHaveLength(3);
    const queries = t.db.queries.length;
    await many(w, relieurs, '2026-10-02', PAGE_SIZE * 2);
    t.db.queries.length = 0;
    const big = await admin.get(page);
    expect(t.db.queries.length).toBe(queries);
    expect(rowIds(big)).toHaveLength(PAGE_SIZE);
    expect(countOf(big, 'production')).toBe(`Production : ${PAGE_SIZE * 2 + 3}`);
    expect(text(big, '#journal-pages')).toContain('1 / 3');
    const last = await admin.get(`${page}&page=3`);
    expect(rowIds(last)).toHaveLength(3);
    // The oldest day comes last.
    expect(text(last, 'tbody tr')).toContain('01/10/2026');
    // A page beyond the last shows the last.
    expect(rowIds(await admin.get(`${page}&page=40`))).toHaveLength(3);
  });
});
