/**
 * `npm run bench:cells`: 1,000 timesheet cell saves through a real HTTP server on loopback,
 * as the grid sends them (the whole form, the changed cell named), with the versions the
 * answers give back. Prints the median and p99 latency. Bounded: exactly 1,000 requests.
 */
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { loadDemoData } from '../src/demo/data.ts';
import { ENTITIES } from '../src/features.ts';
import { mondayOf, plusDays, toDay, weekDays } from '../src/platform/calendar.ts';
import { migrate, openDatabase } from '../src/platform/db.ts';
import { startEmbeddedPostgres } from '../src/platform/embedded-postgres.ts';
import { ensureDatabase } from '../src/platform/ensure-database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { Workshop } from '../src/workshops/entities.ts';

const SAVES = 1000;
const dir = path.resolve('.tmp', `bench-cells-${process.pid}`);
const pg = await startEmbeddedPostgres(dir, 54900 + (process.pid % 90));
await ensureDatabase(pg.url('postgres'), 'bench');
const orm = await openDatabase({ url: pg.url('bench'), entities: ENTITIES });
await migrate(orm);
await loadDemoData(orm.em.fork());
const workshop = await orm.em.fork().findOneOrFail(Workshop, { name: 'Atelier reliure' });
const app = createApp({ orm, config: parseConfig({ DATABASE_URL: pg.url('bench'), NODE_ENV: 'test' }), log: createLogger('silent') });
const server = createAdaptorServer({ fetch: app.fetch });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const first = await fetch(`${base}/connexion`);
const csrfCookie =
  first.headers
    .getSetCookie()
    .find((c) => c.startsWith('atelier_csrf='))
    ?.split(';')[0] ?? '';
const csrf = csrfCookie.split('=')[1] ?? '';
const login = await fetch(`${base}/connexion`, {
  method: 'POST',
  redirect: 'manual',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
  body: new URLSearchParams({ _csrf: csrf, email: 'partenaire@atelier.test', password: 'atelier-demo' }),
});
const session =
  login.headers
    .getSetCookie()
    .find((c) => c.startsWith('atelier_session='))
    ?.split(';')[0] ?? '';
const cookie = `${csrfCookie}; ${session}`;

// The editable cells of next week's grid: Monday to Friday of every row.
const monday = plusDays(mondayOf(toDay(new Date())), 7);
const grid = await (await fetch(`${base}/ateliers/${workshop.id}/pointage?semaine=${monday}`, { headers: { Cookie: cookie } })).text();
const days = new Set(weekDays(monday).slice(0, 5));
const cells = [...grid.matchAll(/name="(c-a\d+-(\d{4}-\d{2}-\d{2}))"/g)].filter((m) => days.has(m[2] as string)).map((m) => m[1] as string);
const versions = new Map(cells.map((c) => [c, 0]));

const times: number[] = [];
for (let i = 0; i < SAVES; i++) {
  const cell = cells[i % cells.length] as string;
  const body = new URLSearchParams({ _csrf: csrf, cell, [cell]: i % 2 ? '5h30' : '6h', version: String(versions.get(cell)) });
  const started = performance.now();
  const res = await fetch(`${base}/pointage/cellule`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'HX-Request': 'true', Cookie: cookie },
    body,
  });
  const html = await res.text();
  times.push(performance.now() - started);
  if (res.status !== 200) throw new Error(`save ${i}: ${res.status} ${html.slice(0, 200)}`);
  const version = /&quot;version&quot;:(\d+)|"version":(\d+)/.exec(html);
  versions.set(cell, Number(version?.[1] ?? version?.[2] ?? 0));
}
times.sort((a, b) => a - b);
const q = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1);
console.log(
  `${SAVES} enregistrements de case, sur les ${cells.length} cases ouvertes de la semaine : médiane ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${(times.at(-1) ?? 0).toFixed(1)} ms`,
);
server.close();
await orm.close();
await pg.stop();
await rm(dir, { recursive: true, force: true });
