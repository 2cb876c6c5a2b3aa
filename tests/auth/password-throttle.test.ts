import { addMinutes } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePassword, loginSettings } from '../../src/auth/service.ts';
import { FieldErrors } from '../../src/platform/errors.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_WINDOW_MINUTES: '15', TRUST_PROXY: '1' });
});
afterAll(() => t.close());

const change = (current: string) => ({ current, next: 'un tout nouveau mot de passe', confirmation: 'un tout nouveau mot de passe' });

describe('the current-password check of a password change', () => {
  it('is throttled like logins: after 3 wrong tries the right one is refused, with a French message', async () => {
    const user = await createUser(t.em(), 'committee');
    const b = new Browser(t.app, { 'X-Forwarded-For': '203.0.113.30' });
    expect((await b.login(user.email, TEST_PASSWORD)).status).toBe(303);
    for (let i = 0; i < 3; i++) {
      const wrong = await b.post('/compte/mot-de-passe', change(`faux ${i}`));
      expect(wrong.status).toBe(422);
      expect(wrong.doc.querySelector('#champ-current-erreur')?.textContent).toBe('Le mot de passe actuel est incorrect.');
    }
    const right = await b.post('/compte/mot-de-passe', change(TEST_PASSWORD));
    expect(right.status).toBe(422);
    expect(right.doc.querySelector('#champ-current-erreur')?.textContent).toMatch(
      /^Trop de tentatives infructueuses\. Par sécurité, réessayez dans 15 minutes\.$/,
    );
    // The new password was not stored: the old one still opens a session.
    expect((await new Browser(t.app, { 'X-Forwarded-For': '203.0.113.31' }).login(user.email, 'un tout nouveau mot de passe')).status).not.toBe(303);
  });

  it('lets the right password through once the window has passed', async () => {
    const user = await createUser(t.em(), 'committee');
    const settings = loginSettings(t.config);
    const now = new Date();
    const attempt = (current: string, at: Date) => changePassword(t.em(), user.id, { ...change(current), ip: '203.0.113.40' }, 'none', settings, at);
    for (let i = 0; i < 3; i++) await expect(attempt(`faux ${i}`, now)).rejects.toBeInstanceOf(FieldErrors);
    const refused = await attempt(TEST_PASSWORD, addMinutes(now, 14)).catch((e: FieldErrors) => e.fields);
    expect(refused).toEqual({ current: 'Trop de tentatives infructueuses. Par sécurité, réessayez dans 1 minute.' });
    await expect(attempt(TEST_PASSWORD, addMinutes(now, 16))).resolves.toBeUndefined();
  });
});
