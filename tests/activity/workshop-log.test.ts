import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDuration, parseQuantity } from '../../src/activity/forms.ts';
import { notCorrected } from '../../src/activity/service.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { plusDays, systemClock } from '../../src/platform/calendar.ts';
import type { User } from '../../src/users/entities.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, fieldError, type Reply, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * The workshop's « Journal d’activité » through HTTP on a real database: the one-line entry of
 * each kind and its refusals, the htmx fragment, the 7-day window (held by the route and by the
 * database's trigger), corrections (one per entry, raced), and who sees what.
 */
let t: TestContext;
const HX = { 'HX-Request': 'true' };
const today = systemClock.today();

let mine: Establishment;
let elsewhere: Establishment;
let partner: Partner;
let otherPartner: Partner;
let reliure: Workshop;
let menuiserie: Workshop;
const users: Record<'partner' | 'colleague' | 'otherPartner' | 'coordinator' | 'coordinatorElsewhere' | 'admin' | 'committee', User> = {} as never;
const browsers = new Map<string, Browser>();

async function as(who: keyof typeof users): Promise<Browser> {
  const known = browsers.get(who);
  if (known) return known;
  const browser = new Browser(t.app);
  await browser.login(users[who].email, TEST_PASSWORD);
  browsers.set(who, browser);
  return browser;
}

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  mine = await createEstablishment(em);
  elsewhere = await createEstablishment(em);
  partner = await createPartner(em, { name: 'Les Relieurs solidaires' });
  otherPartner = await createPartner(em, { name: 'Bois et Avenir' });
  reliure = await createWorkshop(em, mine, { name: 'Reliure', partner });
  menuiserie = await createWorkshop(em, mine, { name: 'Menuiserie', partner: otherPartner });
  users.partner = await createUser(em, 'partner', { partner, displayName: 'Paule Relieuse' });
  users.colleague = await createUser(em, 'partner', { partner, displayName: 'Colin Collègue' });
  users.otherPartner = await createUser(em, 'partner', { partner: otherPartner });
  users.coordinator = await createUser(em, 'coordinator', { establishments: [mine] });
  users.coordinatorElsewhere = await createUser(em, 'coordinator', { establishments: [elsewhere] });
  users.admin = await createUser(em, 'admin');
  users.committee = await createUser(em, 'committee');
});
afterAll(() => t.close());

const logOf = (w: Workshop) => `/ateliers/${w.id}/journal`;

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return adminClient(t.db.url, async (c) => (await c.query(text, params)).rows as T[]);
}

/** Moves an entry's writing `days` back (the trigger keeps `created_at`: bypassed for the test only). */
async function writtenDaysAgo(id: number, days: number): Promise<void> {
  await adminClient(t.db.url, async (c) => {
    await c.query('begin');
    await c.query('set local session_replication_role = replica');
    await c.query(`update activity_entry set created_at = now() - make_interval(days => $2) where id = $1`, [id, days]);
    await c.query('commit');
  });
}

const count = async (w: Workshop) => Number((await sql<{ n: string }>('select count(*) as n from activity_entry where workshop_id = $1', [w.id]))[0]?.n);
const entry = async (id: number) => (await sql<Record<string, unknown>>('select *, day::text as day from activity_entry where id = $1', [id]))[0];
const lastId = async () => Number((await sql<{ id: number }>('select max(id) as id from activity_entry'))[0]?.id);

/** Adds a line as htmx does; answers the reply and the new entry's id (0 when refused). */
async function add(browser: Browser, w: Workshop, form: Record<string, string>): Promise<{ res: Reply; id: number }> {
  const before = await lastId();
  const res = await browser.post(logOf(w), { day: today, ...form }, HX);
  const after = await lastId();
  return { res, id: after > before ? after : 0 };
}

const production = { kind: 'production', quantity: '120', unit: 'livres reliés', customerKind: 'public' };

describe('the numbers people type', () => {
  it('reads quantities with a decimal comma and durations in hours or hours and minutes', () => {
    expect(parseQuantity('12,5')).toBe(12.5);
    expect(parseQuantity('1 200')).toBe(1200);
    expect(parseQuantity('12,345')).toBeNull();
    expect(parseDuration('3')).toBe(180);
    expect(parseDuration('3,5')).toBe(210);
    expect(parseDuration('3h30')).toBe(210);
    expect(parseDuration('3 h 30')).toBe(210);
    expect(parseDuration('0h45')).toBe(45);
    expect(parseDuration('3h75')).toBeNull();
    expect(parseDuration('trois')).toBeNull();
  });
});

describe('the one-line entry', () => {
  it('adds each kind with its own fields, and stores nothing of the other kinds', async () => {
    const b = await as('partner');
    const cases: Array<[Record<string, string>, Record<string, unknown>]> = [
      [
        { ...production, quantity: '12,5', topic: 'ignoré', participants: '4' },
        { kind: 'production', quantity: '12.50', unit: 'livres reliés', customer_kind: 'public', topic: '', participants: null },
      ],
      [
        { kind: 'training', topic: 'Gestes et postures', duration: '3h30', participants: '6', quantity: '5' },
        { kind: 'training', topic: 'Gestes et postures', minutes: 210, participants: 6, quantity: null },
      ],
      [
        { kind: 'event', visitorKind: 'employer', description: 'Visite de deux recruteurs' },
        { kind: 'event', visitor_kind: 'employer', description: 'Visite de deux recruteurs' },
      ],
      [
        { kind: 'incident', severity: 'minor', description: 'Massicot bloqué vingt minutes' },
        { kind: 'incident', severity: 'minor', description: 'Massicot bloqué vingt minutes' },
      ],
      [
        { kind: 'meeting', topic: 'Point mensuel avec la coordination' },
        { kind: 'meeting', topic: 'Point mensuel avec la coordination', description: '' },
      ],
      [
        { kind: 'other', description: 'Inventaire du stock de papier' },
        { kind: 'other', description: 'Inventaire du stock de papier' },
      ],
    ];
    for (const [form, stored] of cases) {
      const { res, id } = await add(b, reliure, form);
      expect(res.status, JSON.stringify(form)).toBe(200);
      expect(id).toBeGreaterThan(0);
      const row = await entry(id);
      expect(row).toMatchObject({ ...stored, day: today, partner_id: partner.id, establishment_id: mine.id, created_by_id: users.partner.id });
    }
  });

  it('answers htmx with a fresh line keeping the day and the kind, and the list with the new entry at the top', async () => {
    const b = await as('partner');
    const yesterday = plusDays(today, -1);
    const { res, id } = await add(b, reliure, { ...production, day: yesterday, quantity: '40', unit: 'carnets' });
    expect(res.status).toBe(200);
    const line = res.doc.querySelector('#journal-saisie');
    expect(line).not.toBeNull();
    expect(res.doc.querySelector('html')).toBeNull();
    expect((res.doc.querySelector('#champ-day') as HTMLInputElement | null)?.getAttribute('value')).toBe(yesterday);
    expect(res.doc.querySelector('#champ-kind option[selected]')?.getAttribute('value')).toBe('production');
    expect(res.doc.querySelector('#champ-quantity')?.getAttribute('value')).toBe('');
    // The units already used are offered.
    const units = [...res.doc.querySelectorAll('#champ-unites option')].map((o) => o.getAttribute('value'));
    expect(units).toEqual(expect.arrayContaining(['carnets', 'livres reliés']));
    const partial = res.doc.querySelector('hx-partial[hx-target="#journal-liste"]');
    expect(partial?.querySelector(`#entree-${id}`)?.textContent).toContain('40 carnets (organisme public)');
    // Newest day first: today's lines come before yesterday's.
    const days = [...(partial?.querySelectorAll('#journal-entrees tbody tr td:first-child') ?? [])].map((td) => td.textContent);
    expect(days.indexOf(yesterday.split('-').reverse().join('/'))).toBeGreaterThan(days.lastIndexOf(today.split('-').reverse().join('/')));
  });

  it('refuses a line missing what its kind requires, next to the field, and stores nothing', async () => {
    const b = await as('partner');
    const refusals: Array<[Record<string, string>, string, RegExp]> = [
      [{ ...production, unit: '' }, 'unit', /unité/],
      [{ ...production, quantity: '0' }, 'quantity', /supérieure à zéro/],
      [{ ...production, quantity: 'beaucoup' }, 'quantity', /en chiffres/],
      [{ ...production, customerKind: '' }, 'customerKind', /client/],
      [{ ...production, day: plusDays(today, 1) }, 'day', /futur/],
      [{ kind: 'training', topic: 'Sécurité', duration: '2' }, 'participants', /participants/],
      [{ kind: 'training', topic: 'Sécurité', duration: 'long', participants: '3' }, 'duration', /3h30/],
      [{ kind: 'training', topic: 'Sécurité', duration: '25', participants: '3' }, 'duration', /24 heures/],
      [{ kind: 'event', description: 'Sans visiteurs' }, 'visitorKind', /Choisissez qui/],
      [{ kind: 'incident', severity: 'serious', description: '' }, 'description', /faits/],
      [{ kind: 'incident', description: 'Une chute' }, 'severity', /gravité/],
      [{ kind: 'incident', severity: 'minor', description: 'x'.repeat(501) }, 'description', /500/],
      [{ kind: 'meeting', topic: '' }, 'topic', /sujet/],
      [{ kind: 'other', description: '' }, 'description', /Décrivez/],
      [{ kind: 'nimporte', description: 'Quelque chose' }, 'kind', /type/],
    ];
    for (const [form, field, message] of refusals) {
      const before = await count(reliure);
      const { res } = await add(b, reliure, form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      expect(fieldError(res.doc, field), JSON.stringify(form)).toMatch(message);
      expect(await count(reliure)).toBe(before);
      // The refused line keeps what was typed.
      if (form.kind === 'production') expect(res.doc.querySelector('#champ-unit')?.getAttribute('value')).toBe(form.unit);
    }
  });

  it('the database refuses an entry missing its kind’s fields even when the form is bypassed', async () => {
    const error = await sql(
      `insert into activity_entry (establishment_id, workshop_id, partner_id, day, kind, unit) values ($1, $2, $3, current_date, 'production', 'livres')`,
      [mine.id, reliure.id, partner.id],
    ).catch((e: Error & { constraint?: string }) => e);
    expect((error as { constraint?: string }).constraint).toBe('activity_entry_fields');
  });

  it('swaps the fields of the kind chosen (htmx), and shows them on a full page with ?type=', async () => {
    const b = await as('partner');
    const fragment = await b.get(`${logOf(reliure)}/champs?cible=champ&kind=training`, HX);
    expect(fragment.status).toBe(200);
    expect(fragment.doc.querySelector('#champ-champs #champ-duration')).not.toBeNull();
    expect(fragment.doc.querySelector('#champ-quantity')).toBeNull();
    const page = await b.get(`${logOf(reliure)}?type=incident`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#champ-severity')).not.toBeNull();
    expect(page.doc.querySelector('#champ-description-aide')?.textContent).toContain('Faits seulement : ni santé, ni procédure judiciaire');
    expect(page.doc.querySelector('#champ-quantity')).toBeNull();
    // Without JavaScript the line posts as a form and comes back with the same kind.
    const plain = await b.post(logOf(reliure), { day: today, kind: 'meeting', topic: 'Planning de décembre' });
    expect(plain.status).toBe(303);
    expect(plain.location).toContain('type=meeting');
  });
});

describe('the 7-day window', () => {
  it('refuses to change or remove an entry written 8 days ago, by the route and by the trigger', async () => {
    const b = await as('partner');
    const { id } = await add(b, reliure, { ...production, quantity: '10' });
    await writtenDaysAgo(id, 8);
    const row = await entry(id);
    const edit = await b.post(`${logOf(reliure)}/${id}/modifier`, { ...production, day: today, quantity: '11', version: String(row?.version) }, HX);
    expect(edit.status).toBe(409);
    expect((await b.get(`${logOf(reliure)}/${id}/modifier`, HX)).status).toBe(409);
    const removal = await b.post(`${logOf(reliure)}/${id}/suppression`);
    expect(removal.status).toBe(409);
    expect(removal.html).toContain('plus de 7 jours');
    expect((await entry(id))?.quantity).toBe('10.00');
    for (const statement of [`update activity_entry set quantity = 11 where id = $1`, `delete from activity_entry where id = $1`]) {
      const error = await sql(statement, [id]).catch((e: Error & { constraint?: string }) => e);
      expect((error as { constraint?: string }).constraint).toBe('activity_entry_window');
    }
    expect((await entry(id))?.quantity).toBe('10.00');
    // The row offers « Corriger », not « Modifier ».
    const page = await b.get(logOf(reliure));
    const shown = page.doc.querySelector(`#entree-${id}`);
    expect(shown?.textContent).toContain('Corriger');
    expect(shown?.textContent).not.toContain('Modifier');
  });

  it('lets any of the partner’s staff change then remove an entry written 6 days ago', async () => {
    const { id } = await add(await as('partner'), reliure, { ...production, quantity: '10' });
    await writtenDaysAgo(id, 6);
    const colleague = await as('colleague');
    const form = await colleague.get(`${logOf(reliure)}/${id}/modifier`, HX);
    expect(form.status).toBe(200);
    expect(form.doc.querySelector(`#entree-${id}-quantity`)?.getAttribute('value')).toBe('10');
    const version = form.doc.querySelector('input[name="version"]')?.getAttribute('value') ?? '';
    const saved = await colleague.post(`${logOf(reliure)}/${id}/modifier`, { ...production, day: today, quantity: '12,5', version }, HX);
    expect(saved.status).toBe(200);
    expect(saved.doc.querySelector(`#entree-${id}`)?.textContent).toContain('12,5 livres reliés');
    expect((await entry(id))?.quantity).toBe('12.50');
    // The audit trail says who changed it.
    const [audit] = await sql<{ actor_id: number }>(
      `select actor_id from audit_event where entity = 'activity_entry' and entity_id = $1 and action = 'update'`,
      [String(id)],
    );
    expect(audit?.actor_id).toBe(users.colleague.id);
    // A stale version (the form shown before that change) answers 409 in French, nothing changed.
    const stale = await colleague.post(`${logOf(reliure)}/${id}/modifier`, { ...production, day: today, quantity: '99', version }, HX);
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('modifiée par quelqu’un d’autre');
    expect((await entry(id))?.quantity).toBe('12.50');
    const removal = await colleague.post(`${logOf(reliure)}/${id}/suppression`);
    expect(removal.status).toBe(303);
    expect(await entry(id)).toBeUndefined();
  });
});

describe('corrections', () => {
  it('replaces an old entry by a new one pointing to it: the old one counts nowhere', async () => {
    const b = await as('partner');
    const { id: oldId } = await add(b, reliure, { ...production, day: plusDays(today, -10), quantity: '300', unit: 'cahiers' });
    await writtenDaysAgo(oldId, 9);
    const form = await b.get(`${logOf(reliure)}/${oldId}/correction`);
    expect(form.status).toBe(200);
    expect(form.doc.querySelector('#champ-quantity')?.getAttribute('value')).toBe('300');
    expect(form.doc.querySelector('#champ-day')?.getAttribute('value')).toBe(plusDays(today, -10));
    const done = await b.post(`${logOf(reliure)}/${oldId}/correction`, { ...production, day: plusDays(today, -9), quantity: '30', unit: 'cahiers' });
    expect(done.status).toBe(303);
    const [correction] = await sql<{ id: number; day: string; quantity: string }>(
      `select id, day::text as day, quantity::text as quantity from activity_entry where corrects_id = $1`,
      [oldId],
    );
    expect(correction).toMatchObject({ day: plusDays(today, -9), quantity: '30.00' });
    // Counted by hand: only the correction's 30 cahiers remain.
    const [sum] = await sql<{ total: string }>(
      `select coalesce(sum(e.quantity), 0)::text as total from activity_entry e where e.workshop_id = $1 and e.unit = 'cahiers' and ${notCorrected('e')}`,
      [reliure.id],
    );
    expect(sum?.total).toBe('30.00');
    const page = await b.get(`${logOf(reliure)}?du=${plusDays(today, -20)}&au=${today}`);
    const old = page.doc.querySelector(`#entree-${oldId}`);
    expect(old?.textContent).toContain('Corrigée');
    expect(old?.querySelector(`a[href$="#entree-${correction?.id}"]`)).not.toBeNull();
    expect(old?.textContent).not.toContain('Corriger');
    expect(page.doc.querySelector(`#entree-${correction?.id}`)?.textContent).toContain('Corrige l’entrée du');
    // A second correction of the same entry is refused next to the form.
    const again = await b.post(`${logOf(reliure)}/${oldId}/correction`, { ...production, quantity: '31', unit: 'cahiers' });
    expect(again.status).toBe(409);
    expect(again.doc.querySelector('.fr-alert--error')?.textContent).toContain('déjà été corrigée');
    expect(Number((await sql<{ n: string }>('select count(*) as n from activity_entry where corrects_id = $1', [oldId]))[0]?.n)).toBe(1);
  });

  it('refuses to correct an entry still within its window: it is changed instead', async () => {
    const b = await as('partner');
    const { id } = await add(b, reliure, { ...production, quantity: '5' });
    const refused = await b.post(`${logOf(reliure)}/${id}/correction`, { ...production, quantity: '6' });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('modifiez-la directement');
    expect(Number((await sql<{ n: string }>('select count(*) as n from activity_entry where corrects_id = $1', [id]))[0]?.n)).toBe(0);
  });

  it('keeps exactly one correction when two are posted at once, 20 times', async () => {
    const [b1, b2] = [await as('partner'), await as('colleague')];
    for (let round = 0; round < 20; round++) {
      const { id } = await add(b1, reliure, { ...production, quantity: String(round + 1), unit: 'course' });
      await writtenDaysAgo(id, 8);
      const replies = await Promise.all(
        [b1, b2].map((b, i) => b.post(`${logOf(reliure)}/${id}/correction`, { ...production, day: today, quantity: String(100 + i), unit: 'course' })),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([303, 409]);
      const [n] = await sql<{ n: string }>('select count(*) as n from activity_entry where corrects_id = $1', [id]);
      expect(Number(n?.n)).toBe(1);
    }
  });
});

describe('who sees and writes the log', () => {
  it('lets the establishment’s coordinators and admins read it, incidents included, without the entry line', async () => {
    await add(await as('partner'), reliure, { kind: 'incident', severity: 'moderate', description: 'Coupure de courant dans l’atelier' });
    for (const who of ['coordinator', 'admin'] as const) {
      const page = await (await as(who)).get(logOf(reliure));
      expect(page.status, who).toBe(200);
      expect(page.doc.querySelector('#journal-ligne'), who).toBeNull();
      expect(page.doc.querySelector('#journal-entrees')?.textContent).toContain('Coupure de courant');
      expect(page.html).not.toContain('/modifier"');
      const write = await (await as(who)).post(logOf(reliure), { ...production, day: today });
      expect(write.status, who).toBe(403);
      const shownId = page.doc.querySelector('#journal-entrees tbody tr')?.id.replace('entree-', '');
      expect((await (await as(who)).get(`${logOf(reliure)}/${shownId}/modifier`)).status, who).toBe(403);
      expect((await (await as(who)).post(`${logOf(reliure)}/${shownId}/suppression`)).status, who).toBe(403);
    }
  });

  it('answers 404 to another partner, a coordinator of another establishment and a committee member', async () => {
    const [someId] = (await sql<{ id: number }>('select id from activity_entry where workshop_id = $1 limit 1', [reliure.id])).map((r) => r.id);
    for (const who of ['otherPartner', 'coordinatorElsewhere', 'committee'] as const) {
      const b = await as(who);
      expect((await b.get(logOf(reliure))).status, who).toBe(404);
      expect((await b.get(`${logOf(reliure)}/champs?kind=training`, HX)).status, who).toBe(404);
      expect((await b.post(logOf(reliure), { ...production, day: today })).status, who).toBe(404);
      expect((await b.get(`${logOf(reliure)}/${someId}/modifier`)).status, who).toBe(404);
      expect((await b.post(`${logOf(reliure)}/${someId}/suppression`)).status, who).toBe(404);
      expect((await b.get(`${logOf(reliure)}/${someId}/correction`)).status, who).toBe(404);
    }
    // Nor through its own workshop's address.
    const other = await as('otherPartner');
    expect((await other.get(`${logOf(menuiserie)}/${someId}/modifier`)).status).toBe(404);
    expect((await other.post(`${logOf(menuiserie)}/${someId}/suppression`)).status).toBe(404);
    expect(await entry(Number(someId))).toBeDefined();
  });

  it('keeps a handed-over workshop’s old log to its old partner, read only, and hides it from the new one', async () => {
    const em = t.em();
    const atelier = await createWorkshop(em, mine, { name: 'Sérigraphie', partner });
    const b = await as('partner');
    const { id: old } = await add(b, atelier, { ...production, quantity: '7', unit: 'affiches' });
    await sql('update workshop set partner_id = $1 where id = $2', [otherPartner.id, atelier.id]);
    const other = await as('otherPartner');
    const theirs = await other.get(logOf(atelier));
    expect(theirs.status).toBe(200);
    expect(theirs.doc.querySelector(`#entree-${old}`)).toBeNull();
    expect(theirs.doc.querySelector('#journal-ligne')).not.toBeNull();
    const { id: newId } = await add(other, atelier, { ...production, quantity: '9', unit: 'tee-shirts' });
    expect((await entry(newId))?.partner_id).toBe(otherPartner.id);
    const formerly = await b.get(logOf(atelier));
    expect(formerly.status).toBe(200);
    expect(formerly.doc.querySelector(`#entree-${old}`)).not.toBeNull();
    expect(formerly.doc.querySelector(`#entree-${newId}`)).toBeNull();
    expect(formerly.doc.querySelector('#journal-ligne')).toBeNull();
    expect((await b.post(logOf(atelier), { ...production, day: today })).status).toBe(409);
    // The coordinator reads both.
    const coordinator = await (await as('coordinator')).get(logOf(atelier));
    expect(coordinator.doc.querySelector(`#entree-${old}`)).not.toBeNull();
    expect(coordinator.doc.querySelector(`#entree-${newId}`)).not.toBeNull();
  });

  it('reads an archived workshop’s log without the entry line', async () => {
    const em = t.em();
    const atelier = await createWorkshop(em, mine, { name: 'Cartonnage', partner });
    const b = await as('partner');
    await add(b, atelier, { ...production, quantity: '3', unit: 'boîtes' });
    await sql('update workshop set archived_at = now() where id = $1', [atelier.id]);
    const page = await b.get(logOf(atelier));
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#journal-ligne')).toBeNull();
    expect(page.html).toContain('archivé');
    expect((await b.post(logOf(atelier), { ...production, day: today })).status).toBe(409);
  });

  it('is linked from the workshop page and from the partner’s « Ma structure »', async () => {
    const b = await as('partner');
    expect((await b.get(`/ateliers/${reliure.id}`)).doc.querySelector(`a[href="${logOf(reliure)}"]`)).not.toBeNull();
    expect((await b.get('/structure')).doc.querySelector(`#mes-ateliers a[href="${logOf(reliure)}"]`)).not.toBeNull();
    expect((await (await as('coordinator')).get(`/ateliers/${reliure.id}`)).doc.querySelector(`a[href="${logOf(reliure)}"]`)).not.toBeNull();
  });

  it('shows the period asked for, the last 60 days by default, and says how to start when empty', async () => {
    const em = t.em();
    const atelier = await createWorkshop(em, mine, { name: 'Couture', partner });
    const b = await as('partner');
    const empty = await b.get(logOf(atelier));
    expect(empty.doc.querySelector('.atelier-journal-vide')?.textContent).toContain('Pour commencer');
    const { id: recent } = await add(b, atelier, { ...production, day: plusDays(today, -59), quantity: '1', unit: 'sacs' });
    const { id: older } = await add(b, atelier, { ...production, day: plusDays(today, -60), quantity: '2', unit: 'sacs' });
    const page = await b.get(logOf(atelier));
    expect(page.doc.querySelector(`#entree-${recent}`)).not.toBeNull();
    expect(page.doc.querySelector(`#entree-${older}`)).toBeNull();
    const asked = await b.get(`${logOf(atelier)}?du=${plusDays(today, -60)}&au=${plusDays(today, -60)}`);
    expect(asked.doc.querySelector(`#entree-${older}`)).not.toBeNull();
    expect(asked.doc.querySelector(`#entree-${recent}`)).toBeNull();
  });
});
