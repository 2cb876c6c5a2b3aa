import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User, UserSession } from '../../src/users/entities.ts';
import { Browser, createTestContext, fieldError, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let admin: Browser;
let establishmentId: number;

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  establishmentId = (await createEstablishment(em, { name: 'Arras' })).id;
  await createUser(em, 'admin', { email: 'admin@exemple.fr' });
  admin = new Browser(t.app);
  await admin.login('admin@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

async function accountCreatedByAdmin(email: string, password: string): Promise<User> {
  const reply = await admin.post('/admin/utilisateurs', {
    displayName: 'Camille Martin',
    email,
    role: 'coordinator',
    establishmentIds: [String(establishmentId)],
    password,
  });
  expect(reply.status).toBe(303);
  return t.em().findOneOrFail(User, { email });
}

const choose = (b: Browser, next: string, confirmation = next) => b.post('/compte/mot-de-passe', { next, confirmation });

describe('a temporary password', () => {
  it('sends the person to « Choisir votre mot de passe » from every page until they choose one', async () => {
    await accountCreatedByAdmin('camille@justice.fr', 'provisoire-2026');
    const camille = new Browser(t.app);
    expect((await camille.login('camille@justice.fr', 'provisoire-2026')).location).toBe('/');
    for (const path of ['/', '/etablissements', `/etablissements/${establishmentId}`, '/compte']) {
      const reply = await camille.get(path);
      expect(reply.status, path).toBe(303);
      expect(reply.location, path).toBe('/compte/mot-de-passe');
    }
    const htmx = await camille.get('/etablissements', { 'HX-Request': 'true' });
    expect(htmx.headers.get('HX-Redirect')).toBe('/compte/mot-de-passe');
    expect((await camille.post('/etablissements', { name: 'Nouveau' })).location).toBe('/compte/mot-de-passe');
    const page = await camille.get('/compte/mot-de-passe');
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('h1')?.textContent).toBe('Choisir votre mot de passe');
    expect(page.doc.querySelector('input[name="current"]')).toBeNull();
    expect(page.doc.querySelectorAll('#navigation a')).toHaveLength(0);
  });

  it('asks the new password twice, with the password rules, refuses the temporary one, and stores nothing on a refusal', async () => {
    const user = await accountCreatedByAdmin('dominique@justice.fr', 'provisoire-2026');
    const b = new Browser(t.app);
    await b.login('dominique@justice.fr', 'provisoire-2026');
    const cases: [string, string, string, string][] = [
      ['un long mot de passe', 'un autre mot de passe', 'confirmation', 'Les deux saisies du nouveau mot de passe ne sont pas identiques.'],
      ['court', 'court', 'next', 'Choisissez un mot de passe d’au moins 12 caractères.'],
      ['provisoire-2026', 'provisoire-2026', 'next', 'Choisissez un mot de passe différent du mot de passe provisoire.'],
    ];
    for (const [next, confirmation, field, message] of cases) {
      const reply = await choose(b, next, confirmation);
      expect(reply.status, next).toBe(422);
      expect(fieldError(reply.doc, field), next).toBe(message);
    }
    const stored = await t.em().findOneOrFail(User, user.id);
    expect(stored.mustChangePassword).toBe(true);
    expect(stored.version).toBe(user.version);
  });

  it('once chosen, opens the app, logs in with the new password only, and leaves an audit row', async () => {
    const user = await accountCreatedByAdmin('alex@justice.fr', 'provisoire-2026');
    const other = new Browser(t.app);
    await other.login('alex@justice.fr', 'provisoire-2026');
    const b = new Browser(t.app);
    await b.login('alex@justice.fr', 'provisoire-2026');
    const done = await choose(b, 'ma phrase de passe à moi');
    expect(done.status).toBe(303);
    expect(done.location).toBe('/');
    const home = await b.get('/');
    expect(home.status).toBe(200);
    expect(home.doc.querySelector('.fr-alert--success')?.textContent).toContain('Votre mot de passe est enregistré');
    expect((await b.get('/etablissements')).status).toBe(200);
    // The account page is the ordinary one again: it asks for the current password.
    expect((await b.get('/compte/mot-de-passe')).doc.querySelector('input[name="current"]')).not.toBeNull();
    // The session opened with the temporary password elsewhere is closed.
    expect(await t.em().count(UserSession, { user: user.id })).toBe(1);
    expect((await new Browser(t.app).login('alex@justice.fr', 'provisoire-2026')).status).toBe(422);
    expect((await new Browser(t.app).login('alex@justice.fr', 'ma phrase de passe à moi')).status).toBe(303);
    const audit = await t
      .em()
      .getConnection()
      .execute(
        `select actor_id, before->>'must_change_password' as before, after->>'must_change_password' as after, (after -> 'password_hash') is not null as leaks
         from audit_event where entity = 'app_user' and entity_id = ? and action = 'update' order by id`,
        [String(user.id)],
      );
    expect(audit).toContainEqual({ actor_id: user.id, before: 'true', after: 'false', leaks: false });
  });

  it('comes back when an administrator resets the password', async () => {
    const user = await createUser(t.em(), 'committee');
    expect(user.mustChangePassword).toBe(false);
    const fresh = await t.em().findOneOrFail(User, user.id);
    await admin.post(`/admin/utilisateurs/${user.id}`, {
      displayName: user.displayName,
      email: user.email,
      role: 'committee',
      password: 'nouveau-provisoire',
      version: String(fresh.version),
    });
    expect((await t.em().findOneOrFail(User, user.id)).mustChangePassword).toBe(true);
    const b = new Browser(t.app);
    await b.login(user.email, 'nouveau-provisoire');
    expect((await b.get('/')).location).toBe('/compte/mot-de-passe');
  });

  it('leaves accounts that were not given a temporary password alone (demo accounts, the start-up administrator)', async () => {
    const user = await createUser(t.em(), 'coordinator', { establishments: [await createEstablishment(t.em())] });
    const b = new Browser(t.app);
    await b.login(user.email, TEST_PASSWORD);
    expect((await b.get('/')).status).toBe(200);
    const page = await b.get('/compte/mot-de-passe');
    expect(page.doc.querySelector('h1')?.textContent).toBe('Changer mon mot de passe');
    expect((await choose(b, 'une phrase de passe neuve')).status).toBe(422);
  });
});
