/**
 * `npm run bench`: times the busiest pages on the demo data, on a fresh embedded PostgreSQL,
 * through a real HTTP server on loopback. Prints median and p95 per page; bounded in count.
 */
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { loadDemoData } from '../src/demo/data.ts';
import { Establishment } from '../src/establishments/entities.ts';
import { ENTITIES } from '../src/features.ts';
import { migrate, openDatabase } from '../src/platform/db.ts';
import { startEmbeddedPostgres } from '../src/platform/embedded-postgres.ts';
import { ensureDatabase } from '../src/platform/ensure-database.ts';
import { createLogger } from '../src/platform/logger.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const dir = path.resolve('.tmp', `bench-${process.pid}`);
const pg = await startEmbeddedPostgres(dir, 54500 + (process.pid % 400));
await ensureDatabase(pg.url('postgres'), 'bench');
const orm = await openDatabase({ url: pg.url('bench'), entities: ENTITIES });
await migrate(orm);
await loadDemoData(orm.em.fork());
const arras = await orm.em.fork().findOneOrFail(Establishment, { kind: 'inserre' });
const app = createApp({ orm, config: parseConfig({ DATABASE_URL: pg.url('bench'), NODE_ENV: 'test' }), log: createLogger('silent') });
const server = createAdaptorServer({ fetch: app.fetch });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const first = await fetch(`${base}/connexion`);
const csrf =
  first.headers
    .getSetCookie()
    .find((c) => c.startsWith('atelier_csrf='))
    ?.split(';')[0] ?? '';
const login = await fetch(`${base}/connexion`, {
  method: 'POST',
  redirect: 'manual',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrf },
  body: new URLSearchParams({ _csrf: csrf.split('=')[1] ?? '', email: 'coordination@atelier.test', password: 'atelier-demo' }),
});
const cookie = `${csrf}; ${
  login.headers
    .getSetCookie()
    .find((c) => c.startsWith('atelier_session='))
    ?.split(';')[0]
}`;

const pages = {
  'tableau des affectations': `/etablissements/${arras.id}/tableau`,
  'sans activité': `/etablissements/${arras.id}/sans-activite`,
  personnes: `/etablissements/${arras.id}/personnes`,
  postes: `/etablissements/${arras.id}/postes`,
  'fiche PDF': `/etablissements/${arras.id}/fiche.pdf`,
};
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
console.log(`${ROUNDS} requêtes par page, données de démonstration (150 personnes, 60 postes)`);
for (const [name, url] of Object.entries(pages)) {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS + 10; i++) {
    const started = performance.now();
    const res = await fetch(base + url, { headers: { Cookie: cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    if (i >= 10) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(26)} médiane ${quantile(times, 0.5).toFixed(1)} ms   p95 ${quantile(times, 0.95).toFixed(1)} ms   max ${(times.at(-1) ?? 0).toFixed(1)} ms`,
  );
}
server.close();
await orm.close();
await pg.stop();
await rm(dir, { recursive: true, force: true });
