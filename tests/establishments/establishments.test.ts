import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/audit/entities.ts';
import { Establishment } from '../../src/establishments/entities.ts';
import { Browser, createTestContext, fieldError, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let admin: Browser;
let coordinator: Browser;
let partner: Browser;
let mine: Establishment;
let other: Establishment;
let adminId: number;

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  mine = await createEstablishment(em, { name: 'Centre de détention de Caen' });
  other = await createEstablishment(em, { name: 'Maison d’arrêt de Lorient' });
  adminId = (await createUser(em, 'admin', { email: 'admin@exemple.fr' })).id;
  await createUser(em, 'coordinator', { email: 'coord@exemple.fr', establishments: [mine] });
  await createUser(em, 'partner', { email: 'partenaire@exemple.fr' });
  admin = new Browser(t.app);
  coordinator = new Browser(t.app);
  partner = new Browser(t.app);
  await admin.login('admin@exemple.fr', TEST_PASSWORD);
  await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
  await partner.login('partenaire@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

const valid = { name: 'Établissement InSERRE de Troyes', kind: 'inserre', city: 'Troyes', capacity: '180' };
const count = () => t.em().count(Establishment, {});
const auditOf = (id: number) => t.em().find(AuditEvent, { entity: 'establishment', entityId: String(id) }, { orderBy: { id: 'asc' } });

describe('creating an establishment', () => {
  it('stores it, redirects with a flash, and audits it with its author', async () => {
    const reply = await admin.post('/etablissements', valid);
    expect(reply.status).toBe(303);
    const created = await t.em().findOneOrFail(Establishment, { name: valid.name });
    expect(created).toMatchObject({ kind: 'inserre', city: 'Troyes', capacity: 180, archivedAt: null });
    const list = await admin.get(reply.location as string);
    expect(list.doc.querySelector('#messages')?.textContent).toContain('L’établissement « Établissement InSERRE de Troyes » a été créé.');
    expect([...list.doc.querySelectorAll('#liste-etablissements th[scope=row]')].map((th) => th.textContent)).toContain(valid.name);
    const [audit] = await auditOf(created.id);
    expect(audit).toMatchObject({ action: 'create', establishmentId: created.id, before: null });
    expect(audit?.actor?.id).toBe(adminId);
    expect(audit?.after).toMatchObject({ name: valid.name, capacity: 180 });
  });

  it('answers htmx with the refreshed section (list + empty form), status 201', async () => {
    const reply = await admin.post('/etablissements', { ...valid, name: 'Centre pénitentiaire de Lille' }, { 'HX-Request': 'true' });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('Vary')).toContain('HX-Request');
    expect(reply.doc.querySelector('html')).toBeNull();
    expect(reply.doc.querySelector('#section-etablissements .fr-alert--success')?.textContent).toContain('Centre pénitentiaire de Lille');
    expect(reply.doc.querySelector('#liste-etablissements')?.textContent).toContain('Centre pénitentiaire de Lille');
    expect((reply.doc.querySelector('#champ-name') as HTMLInputElement | null)?.getAttribute('value')).toBe('');
  });

  it.each([
    [{ name: '' }, 'name', 'Indiquez le nom de l’établissement (au moins 2 caractères).'],
    [{ kind: 'prison' }, 'kind', 'Choisissez le type d’établissement dans la liste.'],
    [{ city: '  ' }, 'city', 'Indiquez la commune de l’établissement.'],
    [{ capacity: '' }, 'capacity', 'Indiquez la capacité (nombre de places).'],
    [{ capacity: '12,5' }, 'capacity', 'La capacité est un nombre entier de places, sans espace ni virgule (par exemple 180).'],
    [{ capacity: '0' }, 'capacity', 'La capacité doit être d’au moins une place.'],
    [{ capacity: '9000' }, 'capacity', 'La capacité ne peut pas dépasser 5 000 places.'],
    [{ name: 'centre de détention de caen' }, 'name', 'Un établissement porte déjà ce nom : choisissez un autre nom, ou restaurez l’établissement archivé.'],
  ])('refuses %o with a message next to the field and stores nothing', async (change, field, message) => {
    const before = await count();
    const reply = await admin.post('/etablissements', { ...valid, name: 'Nouvel établissement', ...change });
    expect(reply.status).toBe(422);
    expect(fieldError(reply.doc, field)).toBe(message);
    expect(reply.doc.querySelector(`#champ-${field}`)?.getAttribute('aria-invalid')).toBe('true');
    expect(await count()).toBe(before);
  });

  it('keeps what was typed when refusing, as an htmx fragment too', async () => {
    const reply = await admin.post('/etablissements', { ...valid, name: 'Gardé tel quel', capacity: 'beaucoup' }, { 'HX-Request': 'true' });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#champ-name')?.getAttribute('value')).toBe('Gardé tel quel');
    expect(fieldError(reply.doc, 'capacity')).toMatch(/nombre entier/);
  });

  it('is for administrators only', async () => {
    const before = await count();
    expect((await coordinator.post('/etablissements', { ...valid, name: 'Par un coordinateur' })).status).toBe(403);
    expect((await partner.post('/etablissements', { ...valid, name: 'Par un partenaire' })).status).toBe(403);
    expect(await count()).toBe(before);
  });
});

describe('editing an establishment', () => {
  it('saves the change and audits before and after', async () => {
    const e = await createEstablishment(t.em(), { name: 'Centre à renommer', capacity: 100 });
    const reply = await admin.post(`/etablissements/${e.id}`, {
      name: 'Centre renommé',
      kind: 'centre_detention',
      city: 'Rennes',
      capacity: '120',
      version: String(e.version),
    });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`/etablissements/${e.id}`);
    const page = await admin.get(`/etablissements/${e.id}`);
    expect(page.doc.querySelector('h1')?.textContent).toBe('Centre renommé');
    const update = (await auditOf(e.id)).find((a) => a.action === 'update');
    expect(update?.before).toMatchObject({ name: 'Centre à renommer', capacity: 100 });
    expect(update?.after).toMatchObject({ name: 'Centre renommé', capacity: 120, city: 'Rennes' });
  });

  it('refuses bad input with the message next to the field and changes nothing', async () => {
    const e = await createEstablishment(t.em(), { name: 'Centre intact', capacity: 90 });
    const reply = await admin.post(`/etablissements/${e.id}`, {
      name: 'Centre intact',
      kind: 'inserre',
      city: 'Arras',
      capacity: '-3',
      version: String(e.version),
    });
    expect(reply.status).toBe(422);
    expect(fieldError(reply.doc, 'capacity')).toMatch(/nombre entier/);
    expect((await t.em().findOneOrFail(Establishment, e.id)).capacity).toBe(90);
  });

  it('refuses a stale form (someone saved in between) with 409 and the current values', async () => {
    const e = await createEstablishment(t.em(), { name: 'Centre disputé', capacity: 50 });
    const version = String(e.version);
    expect((await admin.post(`/etablissements/${e.id}`, { name: 'Centre disputé', kind: 'inserre', city: 'Arras', capacity: '60', version })).status).toBe(303);
    const late = await admin.post(`/etablissements/${e.id}`, { name: 'Centre disputé', kind: 'inserre', city: 'Arras', capacity: '70', version });
    expect(late.status).toBe(409);
    expect(late.html).toContain('modifiée par quelqu’un d’autre');
    expect(late.doc.querySelector('#champ-capacity')?.getAttribute('value')).toBe('60');
    expect((await t.em().findOneOrFail(Establishment, e.id)).capacity).toBe(60);
  });
});

describe('archiving', () => {
  it('archives, hides from the active list, lists it among the archived, and can be undone', async () => {
    const e = await createEstablishment(t.em(), { name: 'Centre à archiver' });
    expect((await admin.post(`/etablissements/${e.id}/archivage`)).status).toBe(303);
    const active = await admin.get('/etablissements');
    expect(active.doc.querySelector('#liste-etablissements')?.textContent).not.toContain('Centre à archiver');
    expect(active.html).toContain('est archivé. Vous pouvez le restaurer');
    const archived = await admin.get('/etablissements?archives=1');
    expect(archived.doc.querySelector('#liste-etablissements')?.textContent).toContain('Centre à archiver');
    expect((await admin.post(`/etablissements/${e.id}/restauration`)).status).toBe(303);
    expect((await t.em().findOneOrFail(Establishment, e.id)).archivedAt).toBeNull();
    expect((await auditOf(e.id)).map((a) => a.action)).toEqual(['create', 'archive', 'restore']);
  });

  it('is refused to a coordinator, even of that establishment', async () => {
    expect((await coordinator.post(`/etablissements/${mine.id}/archivage`)).status).toBe(403);
    expect((await t.em().findOneOrFail(Establishment, mine.id)).archivedAt).toBeNull();
  });
});

describe('scope', () => {
  it('lets a coordinator read their establishment only: another one answers 404 with no data', async () => {
    const list = await coordinator.get('/etablissements');
    const names = [...list.doc.querySelectorAll('#liste-etablissements th[scope=row]')].map((th) => th.textContent);
    expect(names).toEqual(['Centre de détention de Caen']);
    expect((await coordinator.get(`/etablissements/${mine.id}`)).status).toBe(200);
    const outside = await coordinator.get(`/etablissements/${other.id}`);
    expect(outside.status).toBe(404);
    expect(outside.html).not.toContain('Lorient');
    expect(outside.doc.querySelector('h1')?.textContent).toBe('Page introuvable');
    expect((await coordinator.post(`/etablissements/${other.id}`, { ...valid, version: '1' })).status).toBe(403);
  });

  it('shows a partner no establishment: the list is forbidden and a record is not found', async () => {
    expect((await partner.get('/etablissements')).status).toBe(403);
    expect((await partner.get(`/etablissements/${mine.id}`)).status).toBe(404);
  });

  it('answers 404 for an establishment that does not exist', async () => {
    expect((await admin.get('/etablissements/999999')).status).toBe(404);
  });
});
