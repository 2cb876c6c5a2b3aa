import pg from 'pg';
import { type Job, PgBoss, type Queue } from 'pg-boss';
import type { Logger } from 'pino';

/**
 * Background jobs (pg-boss, on the app's own PostgreSQL, schema `pgboss`). The migration role
 * installs the schema and the queues (`installJobs`, run by `migrate()`); the app's role only
 * reads and writes its rows. The web tier sends; a worker (in the app process by default,
 * `npm run worker` at scale) works. A job interrupted by a stop is failed by pg-boss and
 * retried; one whose process died is retried once its heartbeat is missed.
 */
export const JOBS_SCHEMA = 'pgboss';

export interface QueueSpec {
  name: string;
  options: Omit<Queue, 'name'>;
}

/** Every queue of the app: one place, so that the migration creates them all. */
export const QUEUES = {
  evaluationReport: {
    name: 'evaluation-report',
    // Ten minutes is ten times the slowest report measured; a missed heartbeat (30 s) retries sooner.
    // `exclusive` with the report's key: one job per report queued or running, so a report sent
    // twice (its worker's start sweeps the stranded ones) is generated once.
    options: { policy: 'exclusive', retryLimit: 3, retryDelay: 2, expireInSeconds: 600, heartbeatSeconds: 30, deleteAfterSeconds: 7 * 24 * 3600 },
  },
} as const satisfies Record<string, QueueSpec>;

/** Creates (or updates) the jobs schema and the queues, as the tables' owner, and lets `atelier_app` use them. */
export async function installJobs(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, schema: JOBS_SCHEMA, supervise: false, schedule: false, migrate: true, max: 2 });
  boss.on('error', () => {});
  await boss.start();
  try {
    for (const queue of Object.values(QUEUES)) {
      const { policy: _fixedAtCreation, ...changeable } = queue.options;
      if (await boss.getQueue(queue.name)) await boss.updateQueue(queue.name, changeable);
      else await boss.createQueue(queue.name, queue.options);
    }
  } finally {
    await boss.stop({ graceful: false });
  }
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`
      grant usage on schema ${JOBS_SCHEMA} to atelier_app;
      grant select, insert, update, delete on all tables in schema ${JOBS_SCHEMA} to atelier_app;
      grant usage, select on all sequences in schema ${JOBS_SCHEMA} to atelier_app;
      grant execute on all functions in schema ${JOBS_SCHEMA} to atelier_app;
      alter default privileges in schema ${JOBS_SCHEMA} grant select, insert, update, delete on tables to atelier_app;
    `);
  } finally {
    await client.end();
  }
}

/** What the web tier needs: send a job. Started on first use, so that a process that never sends opens no pool. */
export interface JobQueue {
  send(queue: QueueSpec, data: object, options?: { singletonKey?: string }): Promise<void>;
  stop(): Promise<void>;
}

function newBoss(url: string, log: Logger, worker: boolean): PgBoss {
  const boss = new PgBoss({
    connectionString: url,
    schema: JOBS_SCHEMA,
    migrate: false,
    createSchema: false,
    schedule: false,
    supervise: worker,
    max: worker ? 3 : 2,
  });
  boss.on('error', (error) => log.error({ err: error }, 'jobs'));
  return boss;
}

export function jobQueue(url: string, log: Logger): JobQueue {
  let started: Promise<PgBoss> | null = null;
  const boss = () => {
    started ??= newBoss(url, log, false).start();
    return started;
  };
  return {
    async send(queue, data, options = {}) {
      await (await boss()).send(queue.name, data, options);
    },
    async stop() {
      if (started) await (await started).stop({ graceful: false });
      started = null;
    },
  };
}

export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export interface Worker {
  /** Stops taking jobs; `graceful` waits (up to `timeout` ms) for the ones running, the others are failed and retried elsewhere. */
  stop(options?: { graceful?: boolean; timeout?: number }): Promise<void>;
}

/** Works the queues given, one job at a time per queue (reports are heavy; scale out with more workers). */
export async function startWorker(
  url: string,
  log: Logger,
  handlers: Array<{ queue: QueueSpec; handle: JobHandler<never> }>,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<Worker> {
  const boss = newBoss(url, log, true);
  await boss.start();
  for (const { queue, handle } of handlers) {
    await boss.work<never>(queue.name, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }, async ([job]) => {
      if (job) await handle(job);
    });
  }
  return {
    stop: ({ graceful = true, timeout = 20_000 } = {}) => boss.stop({ graceful, timeout }),
  };
}
