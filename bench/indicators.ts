/**
 * `npm run bench` (third part): times the indicators on the demo data, on an embedded
 * PostgreSQL: `computeIndicators` for Arras over the demo year, a quarter and a month, the
 * coordinator's dashboard for a month and a quarter (kept, then just after a change of the data:
 * everything computed again), and `buildReportData` for the site-year.
 * Each is run once cold (first call of the process) and then 5 times: the median is printed.
 * Targets (issue 22, § Speed): dashboard < 100 ms, the site-year's report < 1 s of computation.
 * `BENCH_FAMILIES=1` adds one line per family for the year. `BENCH_DATA_DIR` keeps the database
 * there between runs (the demo is loaded once), else a fresh one is made and removed;
 * `BENCH_ONLY=texte` runs only the lines whose name contains it; `BENCH_EXPLAIN=fichier` writes
 * there the `EXPLAIN (ANALYZE, BUFFERS)` of the slowest statement of each family over the year,
 * the slowest family first. The tables are analyzed first (`BENCH_NO_ANALYZE=1`: not).
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IsolationLevel } from '@mikro-orm/core';
import { loadDemoData } from '../src/demo/data.ts';
import { Establishment } from '../src/establishments/entities.ts';
import { ENTITIES } from '../src/features.ts';
import { computeIndicators } from '../src/indicators/catalogue.ts';
import { dashboardOf } from '../src/indicators/dashboard.ts';
import { FAMILIES } from '../src/indicators/definition.ts';
import { parsePeriod, type ReportingPeriod } from '../src/indicators/periods.ts';
import { migrate, openDatabase } from '../src/platform/db.ts';
import { startEmbeddedPostgres } from '../src/platform/embedded-postgres.ts';
import { ensureDatabase } from '../src/platform/ensure-database.ts';
import { Scope } from '../src/platform/scope.ts';
import { buildReportData } from '../src/reports/build.ts';
import { renderReportPdf } from '../src/reports/report.pdf.ts';

const RUNS = 5;
const kept = process.env.BENCH_DATA_DIR;
const dir = kept ? path.resolve(kept) : path.resolve('.tmp', `bench-indicators-${process.pid}`);
const pg = await startEmbeddedPostgres(dir, Number(process.env.BENCH_PG_PORT ?? 54500 + (process.pid % 400)));
await ensureDatabase(pg.url('postgres'), 'bench');
const orm = await openDatabase({ url: pg.url('bench'), entities: ENTITIES });
await migrate(orm);
// The demo is dated from today: its year is the current one.
await loadDemoData(orm.em.fork(), 4, new Date('2026-11-30T12:00:00Z'));
// A database in use has its planner statistics (autovacuum); a demo just loaded has none, and
// the planner then takes every table for a few rows (time_entry: 11 instead of 5,600) and picks
// nested loops that cost 3 to 4 times more. `BENCH_NO_ANALYZE=1` measures without them.
if (!process.env.BENCH_NO_ANALYZE) await orm.em.getConnection().execute('analyze');
const arras = await orm.em.fork().findOneOrFail(Establishment, { kind: 'inserre' });
const [coordinator] = await orm.em.getConnection().execute<{ id: number }[]>(`select id from app_user where email = 'coordination@atelier.test'`);
const scope = new Scope(coordinator?.id ?? 0, 'coordinator', [arras.id], null);
const period = (code: string) => parsePeriod(code) as ReportingPeriod;
const year = period('2026');
const quarter = period('2026-T3');
const month = period('2026-10');
const site = { establishmentIds: [arras.id] };

/**
 * A change of the data before a run (not timed): the first dashboard a coordinator opens after
 * someone typed an hour. Another establishment's name, audited, so the data version moves and
 * every figure kept by version (the dashboard's, the pay statements, the leave histories) is
 * computed again, while Arras's figures stay the same.
 */
const change = async () => {
  await orm.em
    .getConnection()
    .execute(`update establishment set name = case when name like '%.' then rtrim(name, '.') else name || '.' end where id <> ?`, [arras.id]);
};

const yearReport = { establishmentId: arras.id, period: year, version: 1, generatedAt: new Date('2026-11-30T12:00:00Z') };
/** What the job does: the figures in one REPEATABLE READ snapshot, then the PDF. */
async function fullReport() {
  const data = await orm.em.fork().transactional((tx) => buildReportData(tx, yearReport), { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  return renderReportPdf(data, { status: 'draft', comments: [], generatedBy: 'Banc d’essai' });
}

const cases: Array<[string, () => Promise<unknown>, number | null, (() => Promise<void>)?]> = [
  ['computeIndicators, année 2026', () => computeIndicators(orm.em.fork(), site, year), null],
  ['computeIndicators, 3e trimestre 2026', () => computeIndicators(orm.em.fork(), site, quarter), null],
  ['computeIndicators, octobre 2026', () => computeIndicators(orm.em.fork(), site, month), null],
  ['tableau de bord, octobre 2026', () => dashboardOf(orm.em.fork(), scope, { establishmentId: arras.id }, month), 100],
  ['tableau de bord, 3e trimestre 2026', () => dashboardOf(orm.em.fork(), scope, { establishmentId: arras.id }, quarter), 100],
  ['tableau de bord, octobre 2026, après modif.', () => dashboardOf(orm.em.fork(), scope, { establishmentId: arras.id }, month), null, change],
  ['tableau de bord, 3e trim. 2026, après modif.', () => dashboardOf(orm.em.fork(), scope, { establishmentId: arras.id }, quarter), null, change],
  ['buildReportData, année 2026', () => buildReportData(orm.em.fork(), yearReport), 1000],
  ['buildReportData, année 2026, après modif.', () => buildReportData(orm.em.fork(), yearReport), 1000, change],
  ['rapport, année 2026 : calcul et PDF', fullReport, null],
  ['rapport, année 2026, après modif.', fullReport, null, change],
];
if (process.env.BENCH_FAMILIES)
  for (const [label, p] of [
    ['année 2026', year],
    ['octobre 2026', month],
  ] as const)
    for (const family of FAMILIES) cases.push([`  famille ${family}, ${label}`, () => computeIndicators(orm.em.fork(), site, p, [family]), null]);
const only = process.env.BENCH_ONLY;

const time = async (run: () => Promise<unknown>, prepare?: () => Promise<void>) => {
  await prepare?.();
  const started = performance.now();
  await run();
  return performance.now() - started;
};
console.log(`Indicateurs sur les données de démonstration (Arras) : premier appel, puis médiane de ${RUNS}`);
console.log(`${'mesure'.padEnd(38)} ${'1er appel'.padStart(10)} ${'médiane'.padStart(10)}  cible`);
for (const [name, run, target, prepare] of cases.filter(([name]) => only === undefined || name.includes(only))) {
  const cold = await time(run, prepare);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await time(run, prepare));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)] ?? 0;
  const verdict = target === null ? '' : `< ${target} ms ${median < target ? 'atteinte' : 'MANQUÉE'}`;
  console.log(`${name.padEnd(38)} ${`${cold.toFixed(1)} ms`.padStart(10)} ${`${median.toFixed(1)} ms`.padStart(10)}  ${verdict}`);
}
if (process.env.BENCH_EXPLAIN) await explainSlowest(process.env.BENCH_EXPLAIN);
await orm.close();
await pg.stop();
if (!kept) await rm(dir, { recursive: true, force: true });

/** Each family's slowest statement over the year (second run: the caches warm), explained, the slowest family first. */
async function explainSlowest(file: string) {
  const connection = orm.em.getConnection();
  const original = connection.execute.bind(connection);
  type Statement = { family: string; ms: number; sql: string; params: unknown[] };
  const slowest: Statement[] = [];
  for (const family of FAMILIES) {
    await computeIndicators(orm.em.fork(), site, year, [family]);
    let worst: Statement = { family, ms: 0, sql: '', params: [] };
    connection.execute = (async (sql: string, params: unknown[] = [], ...rest: unknown[]) => {
      const started = performance.now();
      const result = await (original as (...args: unknown[]) => Promise<unknown>)(sql, params, ...rest);
      const ms = performance.now() - started;
      if (ms > worst.ms) worst = { family, ms, sql, params };
      return result;
    }) as unknown as typeof connection.execute;
    await computeIndicators(orm.em.fork(), site, year, [family]);
    connection.execute = original;
    slowest.push(worst);
  }
  slowest.sort((a, b) => b.ms - a.ms);
  const parts: string[] = [];
  for (const s of slowest) {
    const plan = await connection.execute<Array<Record<string, string>>>(`explain (analyze, buffers) ${s.sql}`, s.params);
    parts.push(
      [
        `== famille ${s.family} : ${s.ms.toFixed(1)} ms (requête la plus lente de la famille, année 2026, Arras)`,
        `paramètres : ${JSON.stringify(s.params)}`,
        s.sql.trim(),
        '',
        ...plan.map((row) => row['QUERY PLAN']),
        '',
      ].join('\n'),
    );
  }
  await writeFile(file, parts.join('\n'));
  console.log(`EXPLAIN écrit dans ${file} (famille la plus lente : ${slowest[0]?.family}, ${slowest[0]?.ms.toFixed(1)} ms)`);
}
