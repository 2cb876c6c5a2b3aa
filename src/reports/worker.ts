import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { type JobQueue, QUEUES, startWorker, type Worker } from '../platform/jobs.ts';
import { type GenerationHooks, generateReport } from './generate.ts';

export const reportJob = (reportId: number) => [QUEUES.evaluationReport, { reportId }, { singletonKey: `report-${reportId}` }] as const;

/**
 * The reports' worker: generates each report sent to the queue. At start it sends again the
 * reports still queued (a request whose job was never sent: the process stopped between the
 * report's commit and the send); the job itself is idempotent.
 */
export async function startReportWorker(
  orm: MikroORM,
  url: string,
  log: Logger,
  queue: JobQueue,
  options: { hooks?: GenerationHooks; pollingIntervalSeconds?: number } = {},
): Promise<Worker> {
  const worker = await startWorker(
    url,
    log,
    [
      {
        queue: QUEUES.evaluationReport,
        handle: async (job) => {
          const { reportId } = job.data as { reportId: number };
          const started = performance.now();
          try {
            const retriesLeft = QUEUES.evaluationReport.options.retryLimit - job.retryCount;
            const outcome = await generateReport(orm, reportId, { signal: job.signal, hooks: options.hooks, retriesLeft });
            log.info({ reportId, outcome, ms: Math.round(performance.now() - started) }, 'evaluation report');
          } catch (error) {
            log.error({ err: error, reportId, retry: job.retryCount }, 'evaluation report failed');
            throw error;
          }
        },
      },
    ],
    { pollingIntervalSeconds: options.pollingIntervalSeconds },
  );
  // Queued ones whose job was never sent, and running ones whose job ran out of retries while its worker stopped.
  const stranded = await orm.em.fork().execute<Array<{ id: number }>>(`select id from evaluation_report where status in ('queued', 'running') order by id`);
  for (const { id } of stranded) await queue.send(...reportJob(id));
  return worker;
}
