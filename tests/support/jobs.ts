import type { Worker } from '../../src/platform/jobs.ts';
import { createLogger } from '../../src/platform/logger.ts';
import type { GenerationHooks } from '../../src/reports/generate.ts';
import { startReportWorker } from '../../src/reports/worker.ts';
import type { TestContext } from './app.ts';
import { appLogin } from './db.ts';

/**
 * A real pg-boss worker on the test database, as `npm start` runs one, connected as a login of
 * `atelier_app` (so that the jobs schema's grants are tested too). Stop it in the test.
 */
export async function startTestWorker(t: TestContext, options: { hooks?: GenerationHooks } = {}): Promise<Worker> {
  const url = await appLogin(t.db.url);
  return startReportWorker(t.orm, url, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), t.jobs, { ...options, pollingIntervalSeconds: 0.5 });
}

/** Waits until `read()` returns a value accepted by `done`, polling every 100 ms, up to `ms`. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`waitFor: still ${JSON.stringify(value)} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
