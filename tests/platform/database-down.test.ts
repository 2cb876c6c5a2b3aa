import { createServer, type Server, Socket } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { ENTITIES } from '../../src/features.ts';
import { openDatabase } from '../../src/platform/db.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { Browser } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { createUser, TEST_PASSWORD, TEST_PASSWORD_HASH_COST } from '../support/factories.ts';

const UNAVAILABLE = 'La base de données est indisponible : réessayez dans un instant.';

/**
 * The app reaches its database through this relay, so that the test can take the server away
 * (refuse new connections, cut the open ones) and bring it back, without stopping the
 * PostgreSQL that the other test files share.
 */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly target: number,
  ) {}

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = new Socket();
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      upstream.connect(this.target, this.host, () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

let db: TestDatabase;
let relay: Relay;
let orm: MikroORM;
let browser: Browser;

beforeAll(async () => {
  db = await createTestDatabase();
  const direct = new URL(db.url);
  relay = new Relay(direct.hostname, Number(direct.port || 5432));
  await relay.up();
  const url = new URL(db.url);
  url.hostname = '127.0.0.1';
  url.port = String(relay.port);
  orm = await openDatabase({ url: url.toString(), entities: ENTITIES, poolMax: 3 });
  const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', PASSWORD_HASH_COST: String(TEST_PASSWORD_HASH_COST) });
  const app = createApp({ orm, config, log: createLogger('silent') });
  await createUser(db.orm.em.fork(), 'admin', { email: 'admin@exemple.fr' });
  browser = new Browser(app);
  expect((await browser.login('admin@exemple.fr', TEST_PASSWORD)).status).toBe(303);
});

afterAll(async () => {
  await orm.close();
  await db.close();
});

describe('with the database down', () => {
  it('answers 503 with a French page, then serves again by itself once the database is back', async () => {
    expect((await browser.get('/etablissements')).status).toBe(200);

    await relay.down();
    const page = await browser.get('/etablissements');
    expect(page.status).toBe(503);
    expect(page.doc.querySelector('h1')?.textContent).toBe('Service indisponible');
    expect(page.html).toContain(UNAVAILABLE);
    expect(page.html).not.toContain('erreur inattendue');

    const fragment = await browser.get('/etablissements', { 'HX-Request': 'true' });
    expect(fragment.status).toBe(503);
    expect(fragment.headers.get('HX-Retarget')).toBe('#messages');
    expect(fragment.doc.querySelector('[role="alert"]')?.textContent).toContain(UNAVAILABLE);

    const form = await browser.post('/connexion', { email: 'admin@exemple.fr', password: TEST_PASSWORD });
    expect(form.status).toBe(503);
    expect(form.html).toContain(UNAVAILABLE);

    await relay.up();
    expect((await browser.get('/etablissements')).status).toBe(200);
  });
});
