import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../src/platform/forms.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let email: string;

beforeAll(async () => {
  t = await createTestContext();
  email = (await createUser(t.em(), 'admin')).email;
});
afterAll(() => t.close());

/** Logs in for real with `retour` as the login form sends it, and answers where the browser is sent. */
async function afterLogin(retour: string): Promise<string | null> {
  const b = new Browser(t.app);
  await b.get(`/connexion?retour=${encodeURIComponent(retour)}`);
  const reply = await b.post('/connexion', { email, password: TEST_PASSWORD, retour });
  expect(reply.status).toBe(303);
  return reply.location;
}

const HOSTILE = [
  '/.//evil.example/phish',
  '/..//evil.example/phish',
  '/%2e//evil.example/phish',
  '/%2E%2E//evil.example/phish',
  '/./\\evil.example/phish',
  '//evil.example/phish',
  '/\\evil.example/phish',
  '\\\\evil.example/phish',
  '/\t/evil.example/phish',
  'https://evil.example/phish',
  'http:evil.example',
  'javascript:alert(1)',
  '/a/../..//evil.example/phish',
];

describe('the return address after login', () => {
  it.each(HOSTILE)('%j sends the user home, never to another site', async (retour) => {
    const location = (await afterLogin(retour)) ?? '';
    // `http:evil.example` is `/evil.example` on this site, harmless; everything else falls back to home.
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(new URL(location, 'https://atelier.example').origin).toBe('https://atelier.example');
    if (!retour.startsWith('http:')) expect(location).toBe('/');
  });

  it('keeps a path of this site with its query string', async () => {
    expect(await afterLogin('/personnes/3?x=1')).toBe('/personnes/3?x=1');
  });

  it.each(HOSTILE)('safeReturnPath(%j) starts with one slash then a path character', (retour) => {
    expect(safeReturnPath(retour)).toMatch(/^\/(?![/\\])/);
  });
});
