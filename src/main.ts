import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { ConfigError, config as loadConfig } from './config.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoData } from './demo/data.ts';
import { ENTITIES } from './features.ts';
import { databaseServer } from './platform/database-server.ts';
import { analyzeAsOwner, migrate, openDatabase } from './platform/db.ts';
import { jobQueue } from './platform/jobs.ts';
import { createLogger } from './platform/logger.ts';
import { startReportWorker } from './reports/worker.ts';
import { ensureFirstAdmin } from './users/bootstrap.ts';

/** Boot: configuration → database → migrations → demo data → serve. The only file that listens. */
async function main(): Promise<void> {
  const started = performance.now();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  const server = await databaseServer(config);
  if (server.warning) log.warn(server.warning);
  // Migrations as the tables' owner, on a connection of their own; the app then as its own role (README, Security).
  const owner = await openDatabase({ url: server.url, entities: [], poolMax: 1 });
  const applied = await migrate(owner).finally(() => owner.close());
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  await server.prepareAppRole();
  const orm = await openDatabase({ url: server.appUrl, entities: ENTITIES, poolMax: config.DB_POOL_MAX });
  const demoLoaded = config.loadDemoData ? await loadDemoData(orm.em.fork(), config.PASSWORD_HASH_COST) : false;
  // Freshly loaded tables have no statistics until autovacuum passes: the planner would take
  // `time_entry` for a dozen rows and the indicators for seconds. As the owner (ANALYZE needs it).
  if (demoLoaded) await analyzeAsOwner(server.url);
  const admin = await ensureFirstAdmin(orm.em.fork(), config.ADMIN_EMAIL, config.ADMIN_PASSWORD, config.PASSWORD_HASH_COST);

  const jobs = jobQueue(server.appUrl, log);
  const app = createApp({ orm, config, log, jobs });
  // Reports are generated beside the web tier by default; at scale, JOBS_WORKER=off and `npm run worker` elsewhere.
  const worker = config.JOBS_WORKER === 'app' ? await startReportWorker(orm, server.appUrl, log, jobs) : null;
  const http = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => {
    const url = `http://localhost:${config.PORT}`;
    const lines = [
      '',
      `  Atelier est prêt : ${url}   (démarré en ${Math.round(performance.now() - started)} ms)`,
      `  Base de données : ${server.embedded ? `PostgreSQL embarqué dans ${config.DATA_DIR}` : 'DATABASE_URL'}${demoLoaded ? ' — données de démonstration chargées' : ''}`,
    ];
    if (config.loadDemoData) {
      lines.push(`  Comptes de démonstration (mot de passe « ${DEMO_PASSWORD} ») :`);
      for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.email.padEnd(28)} ${a.role}`);
    }
    if (admin === 'missing') lines.push('  Aucun administrateur : définissez ADMIN_EMAIL et ADMIN_PASSWORD puis redémarrez.');
    console.log(`${lines.join('\n')}\n`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await new Promise<void>((resolve) => http.close(() => resolve()));
    // A report being generated is failed and retried by the next worker to start.
    await worker?.stop({ graceful: true, timeout: 5000 });
    await jobs.stop();
    await orm.close();
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
