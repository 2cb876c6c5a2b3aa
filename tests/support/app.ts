import type { MikroORM } from '@mikro-orm/postgresql';
import type { Hono } from 'hono';
import { parseHTML } from 'linkedom';
import { createApp } from '../../src/app.ts';
import { type Config, parseConfig } from '../../src/config.ts';
import type { Clock } from '../../src/platform/calendar.ts';
import type { AppEnv } from '../../src/platform/context.ts';
import { type JobQueue, jobQueue } from '../../src/platform/jobs.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { TEST_PASSWORD_HASH_COST } from './factories.ts';

export interface TestContext {
  app: Hono<AppEnv>;
  db: TestDatabase;
  orm: MikroORM;
  config: Config;
  /** The queue the app sends jobs to (pg-boss on the test database); `startTestWorker` works it. */
  jobs: JobQueue;
  /** A fresh entity manager to read what the app stored. */
  em(): ReturnType<MikroORM['em']['fork']>;
  close(): Promise<void>;
}

/** A fresh database and an app on it; pass `{ clock: fixedClock('2026-11-26') }` to pin "today". */
export async function createTestContext(env: Record<string, string> = {}, { clock }: { clock?: Clock } = {}): Promise<TestContext> {
  const db = await createTestDatabase();
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'silent',
    PASSWORD_HASH_COST: String(TEST_PASSWORD_HASH_COST),
    ...env,
  });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const jobs = jobQueue(db.url, log);
  const app = createApp({ orm: db.orm, config, log, clock, jobs });
  return {
    app,
    db,
    orm: db.orm,
    config,
    jobs,
    em: () => db.orm.em.fork(),
    close: async () => {
      await jobs.stop();
      await db.close();
    },
  };
}

export function parse(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

/** The error message shown next to a form field, as a user sees it. */
export function fieldError(doc: Document, name: string): string | null {
  return doc.querySelector(`#champ-${name}-erreur`)?.textContent?.trim() ?? null;
}

export interface Reply {
  status: number;
  headers: Headers;
  html: string;
  doc: Document;
  location: string | null;
}

/**
 * A browser stand-in: keeps cookies, sends the CSRF token like the forms do, and reads the
 * answer as a document. Requests go through app.request(), without a port.
 */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: Hono<AppEnv>,
    private readonly headers: Record<string, string> = {},
  ) {}

  get csrf(): string {
    return this.cookies.get('__Host-atelier_csrf') ?? this.cookies.get('atelier_csrf') ?? '';
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.send(path, { method: 'GET', headers });
  }

  /** Posts a form; `_csrf` is added unless given (pass `_csrf: ''` to leave it out). */
  async post(path: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}): Promise<Reply> {
    if (!this.csrf) await this.get('/connexion');
    const body = new URLSearchParams();
    const fields = { _csrf: this.csrf, ...form };
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) if (!(k === '_csrf' && one === '')) body.append(k, one);
    return this.send(path, { method: 'POST', body: body.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
  }

  async login(email: string, password: string): Promise<Reply> {
    await this.get('/connexion');
    return this.post('/connexion', { email, password });
  }

  private async send(path: string, init: { method: string; body?: string; headers: Record<string, string> }): Promise<Reply> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.request(path, { ...init, headers: { ...this.headers, ...init.headers, ...(cookie ? { Cookie: cookie } : {}) } });
    for (const set of res.headers.getSetCookie()) {
      const [pair, ...attributes] = set.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      const value = rest.join('=');
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (!name) continue;
      if (expired || value === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    const html = await res.text();
    return { status: res.status, headers: res.headers, html, doc: parse(html), location: res.headers.get('Location') };
  }
}
