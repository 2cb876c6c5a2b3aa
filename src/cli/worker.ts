import { config as loadConfig } from '../config.ts';
import { ENTITIES } from '../features.ts';
import { databaseServer } from '../platform/database-server.ts';
import { openDatabase } from '../platform/db.ts';
import { jobQueue } from '../platform/jobs.ts';
import { createLogger } from '../platform/logger.ts';
import { startReportWorker } from '../reports/worker.ts';

/**
 * `npm run worker`: a process that only generates reports (pg-boss), beside web instances
 * started with JOBS_WORKER=off. Needs DATABASE_URL (and DATABASE_APP_URL); the web instances
 * apply the migrations.
 */
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
if (!config.DATABASE_URL) {
  console.error('npm run worker : définissez DATABASE_URL (le worker rejoint la base des instances web).');
  process.exit(78);
}
const server = await databaseServer(config);
await server.prepareAppRole();
const orm = await openDatabase({ url: server.appUrl, entities: ENTITIES, poolMax: 4 });
const jobs = jobQueue(server.appUrl, log);
const worker = await startReportWorker(orm, server.appUrl, log, jobs);
log.info('report worker started');
const stop = async () => {
  await worker.stop({ graceful: true, timeout: 20_000 });
  await jobs.stop();
  await orm.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
