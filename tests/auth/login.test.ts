import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/service.ts';
import { LoginAttempt, UserSession } from '../../src/users/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let email: string;

beforeAll(async () => {
  t = await createTestContext({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '6', TRUST_PROXY: '1' });
  const em = t.em();
  const establishment = await createEstablishment(em);
  email = (await createUser(em, 'coordinator', { establishments: [establishment] })).email;
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.em().nativeDelete(LoginAttempt, {});
});

const browser = (ip = '203.0.113.1') => new Browser(t.app, { 'X-Forwarded-For': ip });

describe('login', () => {
  it('opens a session with a hashed token and an HttpOnly, SameSite=Lax cookie, then shows the home page', async () => {
    const user = await createUser(t.em(), 'committee');
    const b = browser();
    const reply = await b.login(user.email, TEST_PASSWORD);
    expect(reply.status).toBe(303);
    expect(reply.location).toBe('/');
    const cookie = reply.headers.getSetCookie().find((c) => c.startsWith('atelier_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const token = b.cookies.get('atelier_session') as string;
    const sessions = await t.em().find(UserSession, { user: user.id });
    expect(sessions.map((s) => s.tokenHash)).not.toContain(token);
    expect(sessions).toHaveLength(1);
    const home = await b.get('/');
    expect(home.status).toBe(200);
    expect(home.doc.querySelector('h1')?.textContent).toMatch(/Bonjour/);
  });

  it('marks the cookie Secure behind an HTTPS proxy', async () => {
    const b = new Browser(t.app, { 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'https' });
    const reply = await b.login(email, TEST_PASSWORD);
    expect(reply.headers.getSetCookie().find((c) => c.startsWith('atelier_session='))).toMatch(/Secure/);
  });

  it('accepts the email in any case and with spaces', async () => {
    const reply = await browser().login(`  ${email.toUpperCase()} `, TEST_PASSWORD);
    expect(reply.status).toBe(303);
  });

  it('refuses a wrong password with a French message and no session', async () => {
    const b = browser();
    const before = await t.em().count(UserSession, {});
    const reply = await b.login(email, 'pas le bon mot de passe');
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('.fr-alert--error')?.textContent).toContain('Adresse électronique ou mot de passe incorrect.');
    expect(b.cookies.has('atelier_session')).toBe(false);
    expect(await t.em().count(UserSession, {})).toBe(before);
  });

  it('says the same for an unknown account, and for a deactivated one', async () => {
    const inactive = await createUser(t.em(), 'committee', { active: false });
    for (const who of ['personne@exemple.fr', inactive.email]) {
      const reply = await browser(`198.51.100.${who.length}`).login(who, TEST_PASSWORD);
      expect(reply.status).toBe(422);
      expect(reply.html).toContain('Adresse électronique ou mot de passe incorrect.');
    }
  });

  it('shows what is missing next to the fields when the form is empty', async () => {
    const b = browser();
    await b.get('/connexion');
    const reply = await b.post('/connexion', { email: '', password: '' });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#champ-email-erreur')?.textContent).toBe('Indiquez votre adresse électronique.');
    expect(reply.doc.querySelector('#champ-password-erreur')?.textContent).toBe('Indiquez votre mot de passe.');
  });

  it('locks an account after too many failures, even with the right password, whatever the address', async () => {
    for (let i = 0; i < 3; i++) expect((await browser(`192.0.2.${i}`).login(email, 'mauvais mot de passe')).status).toBe(422);
    const reply = await browser('192.0.2.50').login(email, TEST_PASSWORD);
    expect(reply.status).toBe(429);
    expect(reply.doc.querySelector('.fr-alert--error')?.textContent).toMatch(
      /Trop de tentatives de connexion infructueuses\. Par sécurité, réessayez dans 15 minutes\./,
    );
  });

  it('counts the address our proxy saw, not the X-Forwarded-For entries a client makes up', async () => {
    for (let i = 0; i < 6; i++) {
      await browser(`10.9.9.${i}, 192.0.2.90`).login(`inconnu-${i}@exemple.fr`, 'mauvais mot de passe');
    }
    expect((await browser('10.9.9.200, 192.0.2.90').login(email, TEST_PASSWORD)).status).toBe(429);
  });

  it('checks simultaneous attempts one at a time: no more failures than the limit get a try', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => browser(`198.18.0.${i}`).login(email, 'mauvais mot de passe')));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 422)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(await t.em().count(LoginAttempt, { email })).toBe(3);
  });

  it('locks an address that tries many accounts', async () => {
    const b = browser('192.0.2.77');
    for (let i = 0; i < 6; i++) await b.login(`inconnu-${i}@exemple.fr`, 'mauvais mot de passe');
    const reply = await b.login(email, TEST_PASSWORD);
    expect(reply.status).toBe(429);
    expect((await browser('192.0.2.78').login(email, TEST_PASSWORD)).status).toBe(303);
  });

  it.each([
    ['/etablissements', '/etablissements'],
    ['/admin/journal?objet=partner', '/admin/journal?objet=partner'],
    ['//evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/ok\nSet-Cookie: x=1', '/okSet-Cookie:%20x=1'],
  ])('returns to %j as %j after login, never to another site', async (retour, location) => {
    const b = browser();
    await b.get('/connexion');
    const reply = await b.post('/connexion', { email, password: TEST_PASSWORD, retour });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(location);
  });

  it('sends anonymous visitors to the login page with the page they wanted', async () => {
    const reply = await browser().get('/etablissements');
    expect(reply.status).toBe(303);
    expect(reply.location).toBe('/connexion?retour=%2Fetablissements');
  });
});

describe('session', () => {
  it('ends at logout: the cookie is cleared and the token no longer works', async () => {
    const b = browser();
    await b.login(email, TEST_PASSWORD);
    const token = b.cookies.get('atelier_session') as string;
    const out = await b.post('/deconnexion');
    expect(out.status).toBe(303);
    expect(out.location).toBe('/connexion?deconnecte=1');
    expect(b.cookies.has('atelier_session')).toBe(false);
    const replay = new Browser(t.app);
    replay.cookies.set('atelier_session', token);
    expect((await replay.get('/')).status).toBe(303);
  });

  it('expires: past its expiry the session is refused and deleted', async () => {
    const b = browser();
    await b.login(email, TEST_PASSWORD);
    expect((await b.get('/')).status).toBe(200);
    const tokenHash = hashToken(b.cookies.get('atelier_session') as string);
    await t.em().nativeUpdate(UserSession, { tokenHash }, { expiresAt: new Date(Date.now() - 1000) });
    const reply = await b.get('/');
    expect(reply.status).toBe(303);
    expect(reply.location).toBe('/connexion');
    expect(b.cookies.has('atelier_session')).toBe(false);
    expect(await t.em().count(UserSession, { tokenHash })).toBe(0);
  });

  it('gives a new token at each login, so a planted session cookie is useless', async () => {
    const b = browser();
    await b.login(email, TEST_PASSWORD);
    const first = b.cookies.get('atelier_session');
    const csrfBefore = b.csrf;
    await b.login(email, TEST_PASSWORD);
    expect(b.cookies.get('atelier_session')).not.toBe(first);
    expect(b.csrf).not.toBe(csrfBefore);
  });
});

describe('CSRF protection', () => {
  it('refuses a POST without the token, or with a wrong one, and changes nothing', async () => {
    const b = browser();
    await b.login(email, TEST_PASSWORD);
    const sessions = await t.em().count(UserSession, {});
    const without = await b.post('/deconnexion', { _csrf: '' });
    expect(without.status).toBe(403);
    expect(without.html).toContain('La page a expiré ou le formulaire ne vient pas d’Atelier.');
    const wrong = await b.post('/deconnexion', { _csrf: 'forged' });
    expect(wrong.status).toBe(403);
    expect(await t.em().count(UserSession, {})).toBe(sessions);
    expect((await b.get('/')).status).toBe(200);
  });

  it('accepts the token in the X-CSRF-Token header, as htmx sends it', async () => {
    const b = browser();
    await b.login(email, TEST_PASSWORD);
    const reply = await b.post('/deconnexion', { _csrf: '' }, { 'X-CSRF-Token': b.csrf, 'HX-Request': 'true' });
    expect(reply.status).toBe(303);
  });

  it('refuses a login form posted from elsewhere (no token cookie)', async () => {
    const b = browser();
    const reply = await b.post('/connexion', { _csrf: 'x', email, password: TEST_PASSWORD });
    expect(reply.status).toBe(403);
  });
});

describe('password change', () => {
  it('checks the current password and the rules, then closes the other sessions', async () => {
    const user = await createUser(t.em(), 'committee');
    const a = browser('203.0.113.20');
    const other = browser('203.0.113.21');
    await a.login(user.email, TEST_PASSWORD);
    await other.login(user.email, TEST_PASSWORD);

    const wrong = await a.post('/compte/mot-de-passe', { current: 'faux', next: 'nouveau mot de passe', confirmation: 'nouveau mot de passe' });
    expect(wrong.status).toBe(422);
    expect(wrong.doc.querySelector('#champ-current-erreur')?.textContent).toBe('Le mot de passe actuel est incorrect.');

    const short = await a.post('/compte/mot-de-passe', { current: TEST_PASSWORD, next: 'court', confirmation: 'court' });
    expect(short.doc.querySelector('#champ-next-erreur')?.textContent).toMatch(/au moins 12 caractères/);

    const mismatch = await a.post('/compte/mot-de-passe', { current: TEST_PASSWORD, next: 'nouveau mot de passe', confirmation: 'autre chose encore' });
    expect(mismatch.doc.querySelector('#champ-confirmation-erreur')?.textContent).toMatch(/ne sont pas identiques/);

    const ok = await a.post('/compte/mot-de-passe', { current: TEST_PASSWORD, next: 'nouveau mot de passe', confirmation: 'nouveau mot de passe' });
    expect(ok.status).toBe(303);
    expect((await a.get('/')).html).toContain('Votre mot de passe a été changé.');
    expect((await other.get('/')).status).toBe(303);
    expect((await browser('203.0.113.22').login(user.email, 'nouveau mot de passe')).status).toBe(303);
    expect((await browser('203.0.113.23').login(user.email, TEST_PASSWORD)).status).toBe(422);
  });
});
