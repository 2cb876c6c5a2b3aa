import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/audit/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { User, UserSession } from '../../src/users/entities.ts';
import { Browser, createTestContext, fieldError, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let admin: Browser;
let adminId: number;
let arras: Establishment;
let brest: Establishment;
let association: Partner;

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  arras = await createEstablishment(em, { name: 'Arras' });
  brest = await createEstablishment(em, { name: 'Brest' });
  association = await createPartner(em, { name: 'Reliures solidaires' });
  adminId = (await createUser(em, 'admin', { email: 'admin@exemple.fr' })).id;
  admin = new Browser(t.app);
  await admin.login('admin@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

const count = () => t.em().count(User, {});

describe('creating accounts', () => {
  it('creates a coordinator of two establishments who can then log in and see them', async () => {
    const reply = await admin.post('/admin/utilisateurs', {
      displayName: 'Camille Martin',
      email: 'Camille.Martin@Justice.fr',
      role: 'coordinator',
      establishmentIds: [String(arras.id), String(brest.id)],
      password: 'provisoire-2026',
    });
    expect(reply.status).toBe(303);
    const user = await t.em().findOneOrFail(User, { email: 'camille.martin@justice.fr' }, { populate: ['establishments', 'passwordHash'] });
    expect(
      user.establishments
        .getItems()
        .map((e) => e.name)
        .sort(),
    ).toEqual(['Arras', 'Brest']);
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    const camille = new Browser(t.app);
    expect((await camille.login('camille.martin@justice.fr', 'provisoire-2026')).status).toBe(303);
    await camille.post('/compte/mot-de-passe', { next: 'le mot de passe de Camille', confirmation: 'le mot de passe de Camille' });
    const list = await camille.get('/etablissements');
    expect(list.doc.querySelectorAll('#liste-etablissements tbody tr')).toHaveLength(2);
  });

  it('creates a partner attached to one organisation', async () => {
    await admin.post('/admin/utilisateurs', {
      displayName: 'Paul Durand',
      email: 'paul@asso.fr',
      role: 'partner',
      partnerId: String(association.id),
      password: 'provisoire-2026',
    });
    const user = await t.em().findOneOrFail(User, { email: 'paul@asso.fr' }, { populate: ['partner'] });
    expect(user.partner?.name).toBe('Reliures solidaires');
  });

  it.each([
    [{ email: 'pas-une-adresse' }, 'email', 'Indiquez une adresse électronique valide, par exemple prenom.nom@justice.fr.'],
    [{ displayName: 'X' }, 'displayName', 'Indiquez le prénom et le nom (au moins 2 caractères).'],
    [{ role: 'superuser' }, 'role', 'Choisissez un rôle dans la liste.'],
    [{ role: 'coordinator', establishmentIds: [] }, 'establishmentIds', 'Cochez au moins un établissement pour un coordinateur.'],
    [{ role: 'partner', partnerId: '' }, 'partnerId', 'Choisissez la structure partenaire de cette personne.'],
    [{ password: '' }, 'password', 'Choisissez un mot de passe provisoire à transmettre à la personne.'],
    [{ password: 'court' }, 'password', 'Choisissez un mot de passe d’au moins 12 caractères.'],
    [{ email: 'admin@exemple.fr' }, 'email', 'Un compte existe déjà avec cette adresse électronique.'],
  ])('refuses %o with a French message next to the field, storing nothing', async (change, field, message) => {
    const before = await count();
    const audits = await t.em().count(AuditEvent, {});
    const reply = await admin.post('/admin/utilisateurs', {
      displayName: 'Nina Petit',
      email: 'nina@exemple.fr',
      role: 'committee',
      password: 'provisoire-2026',
      ...change,
    });
    expect(reply.status).toBe(422);
    expect(fieldError(reply.doc, field)).toBe(message);
    expect(await count()).toBe(before);
    expect(await t.em().count(AuditEvent, {})).toBe(audits);
  });

  it('never writes the password hash into the audit trail, on creation nor on a reset', async () => {
    const user = await createUser(t.em(), 'committee');
    await admin.post(`/admin/utilisateurs/${user.id}`, {
      displayName: user.displayName,
      email: user.email,
      role: 'committee',
      password: 'un autre provisoire',
      version: String(user.version),
    });
    const events = await t.em().find(AuditEvent, { entity: 'app_user', entityId: String(user.id) });
    expect(events.map((e) => e.action)).toEqual(['create', 'update']);
    for (const e of events) {
      expect(JSON.stringify([e.before, e.after])).not.toContain('scrypt');
      expect(e.after).not.toHaveProperty('password_hash');
    }
    expect(events[1]?.before?.password_changed_at).not.toBe(events[1]?.after?.password_changed_at);
  });
});

describe('editing accounts', () => {
  it('changes role and memberships; memberships are audited', async () => {
    const user = await createUser(t.em(), 'coordinator', { establishments: [arras] });
    const reply = await admin.post(`/admin/utilisateurs/${user.id}`, {
      displayName: user.displayName,
      email: user.email,
      role: 'coordinator',
      establishmentIds: [String(brest.id)],
      version: String(user.version),
    });
    expect(reply.status).toBe(303);
    const saved = await t.em().findOneOrFail(User, user.id, { populate: ['establishments'] });
    expect(saved.establishments.getItems().map((e) => e.name)).toEqual(['Brest']);
    const memberships = await t.em().find(AuditEvent, { entity: 'establishment_membership', entityId: { $like: `${user.id}/%` } }, { orderBy: { id: 'asc' } });
    expect(memberships.map((m) => [m.action, m.establishmentId])).toEqual([
      ['create', arras.id],
      ['delete', arras.id],
      ['create', brest.id],
    ]);
    expect(memberships.at(-1)?.actor?.id).toBe(adminId);
  });

  it('refuses a stale form, even when only the memberships changed, and keeps the first save', async () => {
    const user = await createUser(t.em(), 'coordinator', { establishments: [arras] });
    const form = { displayName: user.displayName, email: user.email, role: 'coordinator', version: String(user.version) };
    expect((await admin.post(`/admin/utilisateurs/${user.id}`, { ...form, establishmentIds: [String(brest.id)] })).status).toBe(303);
    const late = await admin.post(`/admin/utilisateurs/${user.id}`, { ...form, establishmentIds: [String(arras.id), String(brest.id)] });
    expect(late.status).toBe(409);
    expect(late.html).toContain('modifiée par quelqu’un d’autre');
    const saved = await t.em().findOneOrFail(User, user.id, { populate: ['establishments'] });
    expect(saved.establishments.getItems().map((e) => e.name)).toEqual(['Brest']);
  });

  it('keeps the memberships of archived establishments, which the form does not offer', async () => {
    const closed = await createEstablishment(t.em(), { name: 'Fermé', archived: true });
    const user = await createUser(t.em(), 'coordinator', { establishments: [arras, closed] });
    await admin.post(`/admin/utilisateurs/${user.id}`, {
      displayName: 'Nouveau nom',
      email: user.email,
      role: 'coordinator',
      establishmentIds: [String(arras.id)],
      version: String(user.version),
    });
    const saved = await t.em().findOneOrFail(User, user.id, { populate: ['establishments'] });
    expect(saved.displayName).toBe('Nouveau nom');
    expect(
      saved.establishments
        .getItems()
        .map((e) => e.name)
        .sort(),
    ).toEqual(['Arras', 'Fermé']);
  });

  it('resets a password and closes that person’s sessions', async () => {
    const user = await createUser(t.em(), 'committee');
    const them = new Browser(t.app);
    await them.login(user.email, TEST_PASSWORD);
    await admin.post(`/admin/utilisateurs/${user.id}`, {
      displayName: user.displayName,
      email: user.email,
      role: 'committee',
      password: 'nouveau-provisoire',
      version: String(user.version),
    });
    expect(await t.em().count(UserSession, { user: user.id })).toBe(0);
    expect((await them.get('/')).status).toBe(303);
  });

  it('refuses an administrator removing their own admin role', async () => {
    const reply = await admin.post(`/admin/utilisateurs/${adminId}`, { displayName: 'Admin', email: 'admin@exemple.fr', role: 'committee', version: '1' });
    expect(reply.status).toBe(422);
    expect(fieldError(reply.doc, 'role')).toBe('Vous ne pouvez pas retirer votre propre rôle d’administration.');
    expect((await t.em().findOneOrFail(User, adminId)).role).toBe('admin');
  });
});

describe('deactivating accounts', () => {
  it('deactivates (the person can no longer log in, sessions closed), and reactivates', async () => {
    const user = await createUser(t.em(), 'partner');
    const them = new Browser(t.app);
    await them.login(user.email, TEST_PASSWORD);
    expect((await admin.post(`/admin/utilisateurs/${user.id}/desactivation`)).status).toBe(303);
    expect((await them.get('/')).status).toBe(303);
    expect((await new Browser(t.app).login(user.email, TEST_PASSWORD)).status).toBe(422);
    const audit = await t.em().find(AuditEvent, { entity: 'app_user', entityId: String(user.id), action: 'update' });
    expect(audit.some((a) => a.before?.active === true && a.after?.active === false)).toBe(true);
    expect((await admin.post(`/admin/utilisateurs/${user.id}/reactivation`)).status).toBe(303);
    expect((await new Browser(t.app).login(user.email, TEST_PASSWORD)).status).toBe(303);
  });

  it('refuses an administrator deactivating themselves', async () => {
    const reply = await admin.post(`/admin/utilisateurs/${adminId}/desactivation`);
    expect(reply.status).toBe(422);
    expect(reply.html).toContain('Vous ne pouvez pas désactiver votre propre compte.');
  });
});

describe('who may manage accounts', () => {
  it('forbids every other role', async () => {
    for (const role of ['coordinator', 'partner', 'committee'] as const) {
      const user = await createUser(t.em(), role, role === 'coordinator' ? { establishments: [arras] } : {});
      const b = new Browser(t.app);
      await b.login(user.email, TEST_PASSWORD);
      expect((await b.get('/admin/utilisateurs')).status).toBe(403);
      expect(
        (await b.post('/admin/utilisateurs', { displayName: 'Intrus', email: 'intrus@exemple.fr', role: 'admin', password: 'provisoire-2026' })).status,
      ).toBe(403);
    }
    expect(await t.em().count(User, { email: 'intrus@exemple.fr' })).toBe(0);
  });

  it('lists and filters accounts', async () => {
    await createUser(t.em(), 'partner');
    await createUser(t.em(), 'committee', { displayName: 'Ysolde Quéméner' });
    await createUser(t.em(), 'coordinator', { establishments: [arras], active: false });
    const all = await admin.get('/admin/utilisateurs?statut=all');
    expect(all.doc.querySelectorAll('#liste-utilisateurs tbody tr').length).toBeGreaterThan(3);
    const partners = await admin.get('/admin/utilisateurs?role=partner&statut=all');
    const roles = [...partners.doc.querySelectorAll('#liste-utilisateurs tbody tr td:nth-child(2)')].map((td) => td.textContent);
    expect(new Set(roles)).toEqual(new Set(['Partenaire']));
    const search = await admin.get('/admin/utilisateurs?q=ysolde');
    expect(search.doc.querySelectorAll('#liste-utilisateurs tbody tr')).toHaveLength(1);
  });
});

describe('committee members', () => {
  it('follow the establishments the administrator checks, until their account takes another role', async () => {
    const created = await admin.post('/admin/utilisateurs', {
      displayName: 'Claire Comité',
      email: 'claire.comite@exemple.fr',
      role: 'committee',
      establishmentIds: [String(arras.id)],
      password: 'provisoire-2026',
    });
    expect(created.status).toBe(303);
    const followed = async () => {
      const user = await t.em().findOneOrFail(User, { email: 'claire.comite@exemple.fr' }, { populate: ['establishments'] });
      return { user, names: user.establishments.getItems().map((e) => e.name) };
    };
    const { user, names } = await followed();
    expect(names).toEqual(['Arras']);

    const form = await admin.get(`/admin/utilisateurs/${user.id}/modifier`);
    const box = (e: Establishment) => form.doc.querySelector(`input[name="establishmentIds"][value="${e.id}"]`);
    expect(box(arras)?.hasAttribute('checked')).toBe(true);
    expect(box(brest)?.hasAttribute('checked')).toBe(false);

    const edit = { displayName: user.displayName, email: user.email, role: 'committee', establishmentIds: [String(brest.id)], version: String(user.version) };
    expect((await admin.post(`/admin/utilisateurs/${user.id}`, edit)).status).toBe(303);
    expect((await followed()).names).toEqual(['Brest']);
    const list = await admin.get('/admin/utilisateurs?role=committee');
    const row = [...list.doc.querySelectorAll('#liste-utilisateurs tbody tr')].find((tr) => tr.textContent?.includes('Claire Comité'));
    expect(row?.querySelector('td:nth-child(3)')?.textContent).toBe('Brest');

    const now = await followed();
    const asPartner = { ...edit, role: 'partner', partnerId: String(association.id), version: String(now.user.version) };
    expect((await admin.post(`/admin/utilisateurs/${user.id}`, asPartner)).status).toBe(303);
    expect((await followed()).names).toEqual([]);
  });
});
