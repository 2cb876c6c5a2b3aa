import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserSession } from '../../src/users/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let email: string;

beforeAll(async () => {
  t = await createTestContext();
  email = (await createUser(t.em(), 'coordinator')).email;
});
afterAll(() => t.close());

const GRID_PAGE = '/ateliers/7/pointage?semaine=2026-03-02';

/** A browser signed in whose session then expires on the server, as after a long pause on the grid. */
async function expiredBrowser(): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(email, TEST_PASSWORD)).status).toBe(303);
  await t.em().nativeUpdate(UserSession, {}, { expiresAt: new Date(Date.now() - 60_000) });
  return b;
}

describe('a request after the session expired', () => {
  it('under htmx, answers 401 that swaps nothing and names the login page back to the page it came from', async () => {
    const b = await expiredBrowser();
    const reply = await b.post(
      '/pointage/cellule',
      { cell: 'a1-2026-03-02', version: '0', 'a1-2026-03-02': '7h' },
      { 'HX-Request': 'true', 'HX-Current-URL': `http://localhost${GRID_PAGE}`, 'X-CSRF-Token': b.csrf },
    );
    expect(reply.status).toBe(401);
    expect(reply.headers.get('HX-Redirect')).toBeNull();
    expect(reply.headers.get('HX-Reswap')).toBe('none');
    expect(JSON.parse(reply.headers.get('HX-Trigger') ?? '{}')).toEqual({
      'session-expired': { login: `/connexion?retour=${encodeURIComponent(GRID_PAGE)}` },
    });
  });

  it('under htmx, answers the same to the saves already sent from the page, never a refused token', async () => {
    const b = await expiredBrowser();
    const token = b.csrf;
    const headers = { 'HX-Request': 'true', 'HX-Current-URL': `http://localhost${GRID_PAGE}`, 'X-CSRF-Token': token };
    for (const day of ['2026-03-02', '2026-03-03', '2026-03-04']) {
      const reply = await b.post('/pointage/cellule', { _csrf: token, cell: `a1-${day}`, version: '0', [`a1-${day}`]: '7h' }, headers);
      expect(reply.status).toBe(401);
      expect(reply.headers.get('HX-Trigger')).toContain('session-expired');
    }
  });

  it('under htmx from a page of another site, names the login page without a way back', async () => {
    const b = await expiredBrowser();
    const reply = await b.get('/etablissements', { 'HX-Request': 'true', 'HX-Current-URL': 'https://evil.example/ateliers/7/pointage' });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.headers.get('HX-Trigger') ?? '{}')).toEqual({ 'session-expired': { login: '/connexion' } });
  });

  it('behind a proxy that ends TLS (the page https, the request http), keeps the way back to the page', async () => {
    const b = await expiredBrowser();
    const reply = await b.get('/etablissements', { 'HX-Request': 'true', 'HX-Current-URL': `https://localhost${GRID_PAGE}` });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.headers.get('HX-Trigger') ?? '{}')).toEqual({
      'session-expired': { login: `/connexion?retour=${encodeURIComponent(GRID_PAGE)}` },
    });
  });

  it('without htmx, still redirects the whole page to the login page, keeping the week asked for', async () => {
    const b = await expiredBrowser();
    const reply = await b.get(GRID_PAGE);
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`/connexion?retour=${encodeURIComponent(GRID_PAGE)}`);
    expect(reply.headers.get('HX-Trigger')).toBeNull();
  });
});
