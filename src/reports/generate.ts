import { createHash } from 'node:crypto';
import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parsePeriod } from '../indicators/periods.ts';
import { buildReportData } from './build.ts';
import { renderReportPdf } from './report.pdf.ts';
import type { ReportData } from './report-data.ts';

/** Test seam: called before each step is recorded, so a test can stop the worker mid-job. */
export interface GenerationHooks {
  beforeStep?: (step: string, reportId: number) => Promise<void>;
}

export const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The hash of what a report says, whatever its version and generation time: two generations of
 * the same establishment and period on unchanged data have the same one.
 */
export function figuresHash(data: ReportData): string {
  const { generatedAt: _g, version: _v, ...figures } = data;
  return sha256(canonicalJson(figures));
}

/**
 * JSON with every object's keys in sorted order: jsonb stores keys in its own order, so the
 * figures read back at sharing time hash as they did when they were generated.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type GenerationOutcome = 'generated' | 'nothing-to-do' | 'superseded';

/**
 * Generates report `reportId`: claims it (a new attempt), computes its figures in one REPEATABLE
 * READ snapshot with the establishment's data version, draws the draft PDF and stores both with
 * their SHA-256, the step and progress recorded as it goes. Idempotent: a report already drafted
 * or shared is left alone; an attempt overtaken by a newer one (the job retried after a restart)
 * stores nothing.
 */
export async function generateReport(
  orm: { em: { fork(): EntityManager } },
  reportId: number,
  { signal, hooks = {}, retriesLeft = 0 }: { signal?: AbortSignal; hooks?: GenerationHooks; retriesLeft?: number } = {},
): Promise<GenerationOutcome> {
  const em = orm.em.fork();
  const [claim] = await em.execute<Array<{ attempts: number; establishment_id: number; period: string; version: number; requested_by: string }>>(
    `update evaluation_report r
        set status = 'running', attempts = attempts + 1, step = 'Préparation', progress = 2, error = ''
      where id = ? and status in ('queued', 'running', 'failed')
      returning attempts, establishment_id, period, version,
        (select display_name from app_user u where u.id = r.requested_by_id) as requested_by`,
    [reportId],
  );
  if (!claim) return 'nothing-to-do';
  const attempt = claim.attempts;
  const period = parsePeriod(claim.period);
  if (!period) throw new Error(`report ${reportId}: period ${claim.period} unknown`);
  const step = async (label: string, progress: number) => {
    signal?.throwIfAborted();
    await hooks.beforeStep?.(label, reportId);
    signal?.throwIfAborted();
    await orm.em
      .fork()
      .execute(`update evaluation_report set step = ?, progress = ? where id = ? and attempts = ? and status = 'running'`, [
        label,
        progress,
        reportId,
        attempt,
      ]);
  };
  try {
    const generatedAt = new Date();
    const data = await em.transactional(
      (tx: EntityManager) => buildReportData(tx, { establishmentId: claim.establishment_id, period, version: claim.version, generatedAt }, step),
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
    await step('Mise en page du PDF', 85);
    const pdf = await renderReportPdf(data, { status: 'draft', comments: [], generatedBy: claim.requested_by });
    await step('Enregistrement', 95);
    const stored = await orm.em.fork().execute(
      `update evaluation_report
          set status = 'draft', step = 'Terminé', progress = 100, generated_at = ?, data_version = ?,
              figures = ?::jsonb, figures_sha256 = ?, pdf = ?, pdf_sha256 = ?
        where id = ? and attempts = ? and status = 'running'`,
      [generatedAt, data.dataVersion, JSON.stringify(data), figuresHash(data), pdf, sha256(pdf), reportId, attempt],
      'run',
    );
    return (stored as { affectedRows?: number }).affectedRows === 1 ? 'generated' : 'superseded';
  } catch (error) {
    // Stopped (the worker is shutting down): the job is retried as it is, the report still running.
    if (signal?.aborted) throw error;
    // The cause goes to the worker's log (it may name tables or servers); the page says what to do.
    // While the queue still retries the job, the report waits for it (« Relancer » would only
    // queue the same job again); after the last try it has failed, and the page offers to retry.
    if (retriesLeft > 0)
      await orm.em
        .fork()
        .execute(`update evaluation_report set status = 'queued', step = ?, progress = 0, error = '' where id = ? and attempts = ? and status = 'running'`, [
          `La tentative ${attempt} a échoué : nouvelle tentative automatique dans un instant`,
          reportId,
          attempt,
        ]);
    else
      await orm.em
        .fork()
        .execute(`update evaluation_report set status = 'failed', step = '', error = ? where id = ? and attempts = ? and status = 'running'`, [
          `La génération a échoué. Relancez-la ; si l’échec se répète, signalez-le à l’administrateur (rapport n° ${reportId}, tentative ${attempt}).`,
          reportId,
          attempt,
        ]);
    throw error;
  }
}
