import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let email: string;

beforeAll(async () => {
  t = await createTestContext({ TRUST_PROXY: '1' });
  const em = t.em();
  email = (await createUser(em, 'coordinator', { establishments: [await createEstablishment(em)] })).email;
});
afterAll(() => t.close());

const HTTPS = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.60' };

describe('Cache-Control', () => {
  it('says no-store on every page of a signed-in person, and on the account pages', async () => {
    const b = new Browser(t.app);
    await b.login(email, TEST_PASSWORD);
    for (const path of ['/', '/etablissements', '/compte/mot-de-passe', '/page-inconnue']) {
      const reply = await b.get(path);
      expect(reply.headers.get('Cache-Control'), path).toBe('no-store');
    }
  });

  it('keeps the assets cacheable', async () => {
    const reply = await new Browser(t.app).get('/assets/htmx/htmx.min.js');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('Cache-Control')).toMatch(/max-age=\d+/);
  });
});

describe('the CSRF cookie', () => {
  it('is __Host- prefixed behind HTTPS: Secure, Path=/, no Domain', async () => {
    const reply = await new Browser(t.app, HTTPS).get('/connexion');
    const cookie = reply.headers.getSetCookie().find((c) => c.includes('atelier_csrf='));
    expect(cookie).toMatch(/^__Host-atelier_csrf=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it('keeps its plain name on plain HTTP (development), where browsers refuse __Host-', async () => {
    const reply = await new Browser(t.app).get('/connexion');
    expect(reply.headers.getSetCookie().find((c) => c.startsWith('atelier_csrf='))).toBeDefined();
  });

  it('works behind HTTPS: login then a form post', async () => {
    const b = new Browser(t.app, HTTPS);
    expect((await b.login(email, TEST_PASSWORD)).status).toBe(303);
    expect(b.cookies.has('__Host-atelier_csrf')).toBe(true);
    expect((await b.post('/deconnexion')).status).toBe(303);
  });
});

describe('the CSRF token is bound to the session', () => {
  it('makes a token planted before login useless after it', async () => {
    const b = new Browser(t.app);
    b.cookies.set('atelier_csrf', 'jeton-plante-par-un-tiers');
    expect((await b.login(email, TEST_PASSWORD)).status).toBe(303);
    b.cookies.set('atelier_csrf', 'jeton-plante-par-un-tiers');
    const reply = await b.post('/deconnexion', { _csrf: 'jeton-plante-par-un-tiers' });
    expect(reply.status).toBe(403);
    expect((await b.get('/')).status).toBe(200);
  });

  it('refuses the token of another session', async () => {
    const mine = new Browser(t.app);
    const theirs = new Browser(t.app);
    await mine.login(email, TEST_PASSWORD);
    await theirs.login(email, TEST_PASSWORD);
    mine.cookies.set('atelier_csrf', theirs.csrf);
    const reply = await mine.post('/deconnexion', { _csrf: theirs.csrf });
    expect(reply.status).toBe(403);
    expect((await mine.get('/')).status).toBe(200);
  });

  it('still lets the form of a page opened after logging out be posted (login again)', async () => {
    const b = new Browser(t.app);
    await b.login(email, TEST_PASSWORD);
    expect((await b.post('/deconnexion')).status).toBe(303);
    expect((await b.login(email, TEST_PASSWORD)).status).toBe(303);
  });
});

describe('the CSRF token in pages (BREACH)', () => {
  const fieldOf = async (b: Browser) => (await b.get('/compte')).doc.querySelector('input[name="_csrf"]')?.getAttribute('value') ?? '';

  it('is masked afresh in each page, never the session’s token itself, and each masked copy is accepted', async () => {
    const b = new Browser(t.app);
    await b.login(email, TEST_PASSWORD);
    const first = await fieldOf(b);
    const second = await fieldOf(b);
    expect(first).not.toBe('');
    expect(first).not.toBe(second);
    expect(first).not.toContain(b.csrf);
    expect((await b.get('/compte')).html).not.toContain(b.csrf);
    // A masked copy from an earlier page still posts (the logout form), as the session's.
    expect((await b.post('/deconnexion', { _csrf: first })).status).toBe(303);
  });

  it('refuses a masked copy altered by one character, or one of another session', async () => {
    const mine = new Browser(t.app);
    const theirs = new Browser(t.app);
    await mine.login(email, TEST_PASSWORD);
    await theirs.login(email, TEST_PASSWORD);
    const masked = await fieldOf(mine);
    // A character in the middle: the last one of base64 may carry only padding bits, which decoding ignores.
    const altered = `${masked.slice(0, 20)}${masked[20] === 'A' ? 'B' : 'A'}${masked.slice(21)}`;
    expect((await mine.post('/deconnexion', { _csrf: altered })).status).toBe(403);
    expect((await mine.post('/deconnexion', { _csrf: await fieldOf(theirs) })).status).toBe(403);
    expect((await mine.get('/')).status).toBe(200);
  });
});
