import type { MikroORM } from '@mikro-orm/postgresql';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { ENTITIES } from '../../src/features.ts';
import type { AppEnv } from '../../src/platform/context.ts';
import { openDatabase } from '../../src/platform/db.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { HashGate, hashPassword } from '../../src/platform/passwords.ts';
import { LoginAttempt, User } from '../../src/users/entities.ts';
import { Browser } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';

// Costly enough that hashing dominates a login (as scrypt at N=2^17 does in production), cheap enough for 20 rounds.
const HASH_COST = 13;
const ROUNDS = 20;
const LOGINS = 20;

let db: TestDatabase;
let orm: MikroORM;
let app: Hono<AppEnv>;
const emails: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  // A pool of 3, as a small instance has: 20 logins at once must not take it from pages.
  orm = await openDatabase({ url: db.url, entities: ENTITIES, poolMax: 3 });
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'silent',
    PASSWORD_HASH_COST: String(HASH_COST),
    DB_POOL_MAX: '3',
    TRUST_PROXY: '1',
  });
  app = createApp({ orm, config, log: createLogger('silent') });
  const em = db.orm.em.fork();
  const establishment = await createEstablishment(em);
  const hash = await hashPassword(TEST_PASSWORD, HASH_COST);
  for (let i = 0; i < 10; i++) {
    const user = await createUser(em, 'coordinator', { establishments: [establishment] });
    user.setPasswordHash(hash);
    emails.push(user.email);
  }
  await em.flush();
}, 60_000);
afterAll(async () => {
  await orm.close();
  await db.close();
});

describe('logins at shift start', () => {
  it('leave the pool to pages and /readyz, and each gets its right answer', async () => {
    const reader = new Browser(app, { 'X-Forwarded-For': '192.0.2.200' });
    expect((await reader.login(emails[0] as string, TEST_PASSWORD)).status).toBe(303);
    const em = db.orm.em.fork();
    expect(await em.count(User, {})).toBeGreaterThanOrEqual(10);

    for (let round = 0; round < ROUNDS; round++) {
      await em.nativeDelete(LoginAttempt, {});
      // One prison network: every login comes from the same address; one in five types a wrong password.
      const browsers = Array.from({ length: LOGINS }, () => new Browser(app, { 'X-Forwarded-For': '203.0.113.50' }));
      await Promise.all(browsers.map((b) => b.get('/connexion')));
      const finished: string[] = [];
      const logins = browsers.map(async (b, i) => {
        const right = i % 5 !== 4;
        const reply = await b.post('/connexion', { email: emails[i % emails.length] as string, password: right ? TEST_PASSWORD : 'pas le bon mot de passe' });
        finished.push(`login ${i}`);
        return { right, status: reply.status };
      });
      // Let the logins take their place first, as they would at the start of a shift.
      await new Promise((resolve) => setImmediate(resolve));
      const ready = Promise.resolve(app.request('/readyz')).then((r) => {
        finished.push('readyz');
        return r.status;
      });
      const page = reader.get('/').then((r) => {
        finished.push('page');
        return r.status;
      });
      const answers = await Promise.all(logins);
      expect(await ready).toBe(200);
      expect(await page).toBe(200);
      for (const { right, status } of answers) expect(status).toBe(right ? 303 : 422);
      // Pages do not queue behind the hashing: they answer while most logins are still running.
      expect(finished.indexOf('readyz'), finished.join(', ')).toBeLessThan(LOGINS / 2);
      expect(finished.indexOf('page'), finished.join(', ')).toBeLessThan(LOGINS / 2);
    }
  }, 120_000);
});

describe('the hash gate', () => {
  it('runs at most its number of hashes at once, and all of them', async () => {
    const gate = new HashGate(2);
    let running = 0;
    let most = 0;
    const work = () =>
      gate.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return 'ok';
      });
    expect(await Promise.all(Array.from({ length: 10 }, work))).toEqual(Array(10).fill('ok'));
    expect(most).toBe(2);
  });
});
