import { DriverException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parsePeriod, previousPeriod, type ReportingPeriod } from '../indicators/periods.ts';
import type { Clock, Day } from '../platform/calendar.ts';
import { headerKey } from '../platform/csv.ts';
import { FieldErrors, NotFoundError, RuleError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { intArray } from '../platform/sql.ts';
import type { ReportStatus } from './entities.ts';
import { sha256 } from './generate.ts';
import { renderReportPdf } from './report.pdf.ts';
import { REPORT_SECTIONS, type ReportData, type ReportSectionKey } from './report-data.ts';

/** A report as its pages list and show it (never its figures nor its bytes). */
export interface ReportRow {
  id: number;
  establishmentId: number;
  establishment: string;
  city: string;
  period: ReportingPeriod;
  version: number;
  status: ReportStatus;
  step: string;
  progress: number;
  error: string;
  requestedById: number;
  requestedBy: string;
  requestedAt: Date;
  generatedAt: Date | null;
  dataVersion: string | null;
  pdfSha256: string | null;
  pdfSize: number | null;
  sharedBy: string | null;
  sharedAt: Date | null;
}

export interface ReportComment {
  section: ReportSectionKey;
  body: string;
  author: string;
  updatedAt: Date;
}

/** What the caller may do with one report. */
export interface ReportRights {
  review: boolean;
  retry: boolean;
}

export const FROZEN_MESSAGE = 'Ce rapport a été partagé : il ne change plus.';
export const PENDING_MESSAGE = 'Un rapport de cette période est déjà en cours de génération';

const SELECT = `
  select r.id, r.establishment_id, e.name as establishment, e.city, r.period, r.version, r.status, r.step, r.progress, r.error,
         r.requested_by_id, ru.display_name as requested_by, r.requested_at, r.generated_at, r.data_version::text as data_version,
         r.pdf_sha256, octet_length(r.pdf) as pdf_size, su.display_name as shared_by, r.shared_at
    from evaluation_report r
    join establishment e on e.id = r.establishment_id
    join app_user ru on ru.id = r.requested_by_id
    left join app_user su on su.id = r.shared_by_id`;

interface Row {
  id: number;
  establishment_id: number;
  establishment: string;
  city: string;
  period: string;
  version: number;
  status: ReportStatus;
  step: string;
  progress: number;
  error: string;
  requested_by_id: number;
  requested_by: string;
  requested_at: Date;
  generated_at: Date | null;
  data_version: string | null;
  pdf_sha256: string | null;
  pdf_size: number | null;
  shared_by: string | null;
  shared_at: Date | null;
}

function toReport(r: Row): ReportRow {
  const period = parsePeriod(r.period);
  if (!period) throw new Error(`evaluation_report ${r.id}: period ${r.period} unknown`);
  const at = (d: Date | null) => (d === null ? null : new Date(d));
  return {
    id: r.id,
    establishmentId: r.establishment_id,
    establishment: r.establishment,
    city: r.city,
    period,
    version: r.version,
    status: r.status,
    step: r.step,
    progress: r.progress,
    error: r.error,
    requestedById: r.requested_by_id,
    requestedBy: r.requested_by,
    requestedAt: new Date(r.requested_at),
    generatedAt: at(r.generated_at),
    dataVersion: r.data_version,
    pdfSha256: r.pdf_sha256,
    pdfSize: r.pdf_size === null ? null : Number(r.pdf_size),
    sharedBy: r.shared_by,
    sharedAt: at(r.shared_at),
  };
}

// ——— Who may do what (docs/rules.md « Rapports d'évaluation ») ———

/** The reports' pages: admins, coordinators and committee members; never a partner. */
export const readsReports = (scope: Scope) => scope.isAdmin || scope.role === 'coordinator' || scope.isCommitteeMember;

/** Asking for a generation: admins, the establishment's coordinators, members of a committee covering it. */
export function canAskReport(scope: Scope, establishmentId: number): boolean {
  if (scope.isAdmin) return true;
  return (scope.role === 'coordinator' || scope.isCommitteeMember) && scope.establishmentIds.includes(establishmentId);
}

/** Commenting and sharing: admins and the establishment's coordinators. */
export const canReviewReport = (scope: Scope, establishmentId: number) => scope.canManageEstablishment(establishmentId);

/** Reading one report: a committee member reads the shared ones, and the drafts they asked for themselves. */
function canReadReport(scope: Scope, r: ReportRow): boolean {
  if (!readsReports(scope) || !canAskReport(scope, r.establishmentId)) return false;
  return !scope.isCommitteeMember || r.status === 'shared' || r.requestedById === scope.userId;
}

export function rightsOn(scope: Scope, r: ReportRow): ReportRights {
  return { review: canReviewReport(scope, r.establishmentId), retry: canAskReport(scope, r.establishmentId) };
}

/** The reports the caller reads, as SQL on `r`: every establishment, theirs, and for a committee member only the shared ones and their own requests. */
function readableSql(scope: Scope): { sql: string; params: unknown[] } {
  if (scope.isAdmin) return { sql: 'true', params: [] };
  const mine = 'r.establishment_id = any(?::int[])';
  if (scope.isCommitteeMember)
    return { sql: `${mine} and (r.status = 'shared' or r.requested_by_id = ?)`, params: [intArray(scope.establishmentIds), scope.userId] };
  return { sql: mine, params: [intArray(scope.establishmentIds)] };
}

// ——— Reading ———

export interface ReportFilters {
  etablissement?: number;
  statut?: ReportStatus;
}

/** The establishments the caller may ask a report for (and filter the list by), by name. */
export async function askableEstablishments(em: EntityManager, scope: Scope): Promise<Array<{ id: number; name: string }>> {
  const all = scope.isAdmin;
  return em.execute<Array<{ id: number; name: string }>>(
    `select id, name from establishment where archived_at is null and (? or id = any(?::int[])) order by name`,
    [all, intArray(scope.establishmentIds)],
  );
}

/** The most reports a list shows; the page says when there are more (the filters narrow it). */
export const REPORT_LIST_LIMIT = 500;

/** The reports the caller may read, newest period first, then newest version (the first REPORT_LIST_LIMIT), and whether there are more: one query. */
export async function listReports(em: EntityManager, scope: Scope, filters: ReportFilters): Promise<{ reports: ReportRow[]; more: boolean }> {
  scope.must(readsReports(scope));
  const readable = readableSql(scope);
  const rows = await em.execute<Row[]>(
    `${SELECT}
      where ${readable.sql} and (?::int is null or r.establishment_id = ?::int) and (?::text is null or r.status = ?::text)
      order by r.period_to desc, r.period_from, e.name, r.version desc, r.id desc limit ?`,
    [...readable.params, filters.etablissement ?? null, filters.etablissement ?? null, filters.statut ?? null, filters.statut ?? null, REPORT_LIST_LIMIT + 1],
  );
  return { reports: rows.slice(0, REPORT_LIST_LIMIT).map(toReport), more: rows.length > REPORT_LIST_LIMIT };
}

/** What the dashboard says of the reports: the shared ones of its establishments and period, and where « Demander » may ask. */
export interface DashboardReports {
  reports: ReportRow[];
  /** The establishment whose report of the period the caller may ask for (one establishment shown, the period ended), or null. */
  askFor: number | null;
}

export async function dashboardReports(
  em: EntityManager,
  scope: Scope,
  establishmentIds: readonly number[],
  period: ReportingPeriod,
  today: Day,
): Promise<DashboardReports | null> {
  if (!readsReports(scope)) return null;
  const readable = readableSql(scope);
  const rows = await em.execute<Row[]>(
    `${SELECT} where ${readable.sql} and r.status = 'shared' and r.period = ? and r.establishment_id = any(?::int[]) order by e.name, r.version desc`,
    [...readable.params, period.code, intArray(establishmentIds)],
  );
  const [only] = establishmentIds;
  const askFor = establishmentIds.length === 1 && only !== undefined && canAskReport(scope, only) && period.to < today ? only : null;
  return { reports: rows.map(toReport), askFor };
}

/** One report the caller may read; anything else answers 404 (a partner too). */
export async function findReport(em: EntityManager, scope: Scope, id: number): Promise<ReportRow> {
  const [row] = Number.isSafeInteger(id) ? await em.execute<Row[]>(`${SELECT} where r.id = ?`, [id]) : [];
  const report = row ? toReport(row) : null;
  if (!report || !canReadReport(scope, report)) throw new NotFoundError();
  return report;
}

/** The comments of a report, in the order of its sections. */
export async function commentsOf(em: EntityManager, reportId: number): Promise<ReportComment[]> {
  const rows = await em.execute<Array<{ section: ReportSectionKey; body: string; author: string; updated_at: Date }>>(
    `select c.section, c.body, u.display_name as author, c.updated_at
       from evaluation_report_comment c join app_user u on u.id = c.author_id where c.report_id = ?`,
    [reportId],
  );
  const order = REPORT_SECTIONS.map((s) => s.key as string);
  return rows
    .map((r) => ({ section: r.section, body: r.body, author: r.author, updatedAt: new Date(r.updated_at) }))
    .sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
}

/** The stored PDF (the draft's, then the shared one), byte for byte, with its file name. */
export async function reportPdf(em: EntityManager, scope: Scope, id: number): Promise<{ bytes: Uint8Array; sha256: string; name: string }> {
  const report = await findReport(em, scope, id);
  const [row] = await em.execute<Array<{ pdf: Buffer | null; pdf_sha256: string | null }>>('select pdf, pdf_sha256 from evaluation_report where id = ?', [id]);
  if (!row?.pdf || !row.pdf_sha256) throw new NotFoundError('Ce rapport n’est pas encore généré.');
  const name = `rapport-evaluation-${headerKey(report.city).replace(/ /g, '-') || report.establishmentId}-${report.period.code}-v${report.version}${report.status === 'shared' ? '' : '-projet'}.pdf`;
  return { bytes: new Uint8Array(row.pdf), sha256: row.pdf_sha256, name };
}

// ——— Asking for a report ———

/**
 * The periods one may ask a report for as of `today`: the last 8 ended months, the last 4
 * ended quarters, the last 2 ended years, newest first in each; the default is the last
 * ended quarter.
 */
export function askablePeriods(today: Day): { months: ReportingPeriod[]; quarters: ReportingPeriod[]; years: ReportingPeriod[]; default: ReportingPeriod } {
  const run = (first: ReportingPeriod, n: number) => {
    const all = [first];
    while (all.length < n) all.push(previousPeriod(all[all.length - 1] as ReportingPeriod));
    return all;
  };
  const year = Number(today.slice(0, 4));
  const quarterNow = parsePeriod(`${year}-T${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`) as ReportingPeriod;
  const monthNow = parsePeriod(today.slice(0, 7)) as ReportingPeriod;
  const quarters = run(previousPeriod(quarterNow), 4);
  return {
    months: run(previousPeriod(monthNow), 8),
    quarters,
    years: run(parsePeriod(String(year - 1)) as ReportingPeriod, 2),
    default: quarters[0] as ReportingPeriod,
  };
}

/**
 * Asks for the establishment's report of `period`: a new version, queued, in one transaction
 * under a lock on the establishment and the period, so that requests made together find the
 * one pending instead of queueing another. The caller sends the job once this has committed.
 */
export async function requestReport(
  em: EntityManager,
  scope: Scope,
  input: { establishmentId: number; period: string },
  clock: Clock,
): Promise<{ id: number; pending: boolean }> {
  if (!canAskReport(scope, input.establishmentId)) {
    scope.must(readsReports(scope));
    throw new NotFoundError();
  }
  const period = parsePeriod(input.period);
  if (!period) throw new FieldErrors({ periode: 'Choisissez une période dans la liste.' });
  if (period.to >= clock.today()) throw new FieldErrors({ periode: 'Cette période n’est pas terminée' });
  const offered = askablePeriods(clock.today());
  if (![...offered.months, ...offered.quarters, ...offered.years].some((p) => p.code === period.code))
    throw new FieldErrors({
      periode: 'Choisissez une période dans la liste : les 8 derniers mois, les 4 derniers trimestres ou les 2 dernières années terminés.',
    });
  return em.transactional(async (tx) => {
    const [establishment] = await tx.execute<Array<{ id: number }>>('select id from establishment where id = ? and archived_at is null', [
      input.establishmentId,
    ]);
    if (!establishment) throw new NotFoundError();
    // Ordered against the other requests of the same establishment and period (and only them).
    await tx.execute('select pg_advisory_xact_lock(hashtext(?), ?)', [`evaluation_report ${period.code}`, input.establishmentId]);
    const [pending] = await tx.execute<Array<{ id: number }>>(
      `select id from evaluation_report where establishment_id = ? and period = ? and status in ('queued', 'running')`,
      [input.establishmentId, period.code],
    );
    if (pending) return { id: pending.id, pending: true };
    const [created] = await tx.execute<Array<{ id: number }>>(
      `insert into evaluation_report (establishment_id, period, period_from, period_to, version, requested_by_id)
       select ?, ?, ?, ?, coalesce(max(version), 0) + 1, ? from evaluation_report where establishment_id = ? and period = ?
       returning id`,
      [input.establishmentId, period.code, period.from, period.to, scope.userId, input.establishmentId, period.code],
    );
    return { id: (created as { id: number }).id, pending: false };
  });
}

/** A report the caller may generate again: 404 when they may not read it, 403 when they may not ask. */
export async function retriableReport(em: EntityManager, scope: Scope, id: number): Promise<ReportRow> {
  const report = await findReport(em, scope, id);
  scope.must(canAskReport(scope, report.establishmentId));
  return report;
}

/** Queues a failed generation again (« Relancer »), for those who may ask for one. */
/**
 * A generation still « en cours » 15 minutes after its request has stopped for good (a job
 * expires after 10 minutes, and its retries ran out while its worker was being stopped): it
 * may be started again.
 */
const STALLED_AFTER_MS = 15 * 60_000;
// Machine time, as `requested_at` (the database's now()) is.
const stalledBefore = () => new Date(Date.now() - STALLED_AFTER_MS);
export const isStalled = (report: ReportRow) => report.status === 'running' && report.requestedAt < stalledBefore();

export async function retryReport(em: EntityManager, scope: Scope, id: number): Promise<void> {
  await retriableReport(em, scope, id);
  const done = await em.transactional((tx) =>
    tx.execute(
      `update evaluation_report set status = 'queued', step = '', progress = 0, error = ''
        where id = ? and (status = 'failed' or (status = 'running' and requested_at < ?))`,
      [id, stalledBefore()],
      'run',
    ),
  );
  if ((done as { affectedRows?: number }).affectedRows !== 1)
    throw new RuleError('Seule une génération en échec, ou arrêtée depuis plus de 15 minutes, peut être relancée.', 409);
}

// ——— Review and sharing ———

/** The database's refusal of a change to a shared report, in the reviewer's words. */
function explainFrozen(error: unknown): unknown {
  if (error instanceof DriverException && /is frozen|not a draft|only a draft is shared/.test(error.message)) return new RuleError(FROZEN_MESSAGE, 409);
  return error;
}

/** A report the caller reviews (comments, shares): 404 when they may not read it, 403 when they only read it. */
export async function reviewableReport(em: EntityManager, scope: Scope, id: number): Promise<ReportRow> {
  const report = await findReport(em, scope, id);
  scope.must(canReviewReport(scope, report.establishmentId));
  return report;
}

/** Saves the reviewer's comment on a section of a draft; an empty one deletes it. */
export async function saveComment(em: EntityManager, scope: Scope, id: number, section: string, body: string): Promise<void> {
  const report = await reviewableReport(em, scope, id);
  if (!REPORT_SECTIONS.some((s) => s.key === section)) throw new NotFoundError();
  if (report.status === 'shared') throw new RuleError(FROZEN_MESSAGE, 409);
  if (report.status !== 'draft') throw new RuleError('Ce rapport n’est pas encore généré : les commentaires se font sur le brouillon.', 409);
  try {
    await em.transactional((tx) =>
      body === ''
        ? tx.execute('delete from evaluation_report_comment where report_id = ? and section = ?', [id, section], 'run')
        : tx.execute(
            `insert into evaluation_report_comment (establishment_id, report_id, section, body, author_id)
             values (?, ?, ?, ?, ?)
             on conflict (report_id, section) do update set body = excluded.body, author_id = excluded.author_id, updated_at = now()`,
            [report.establishmentId, id, section, body, scope.userId],
            'run',
          ),
    );
  } catch (error) {
    throw explainFrozen(error);
  }
}

/**
 * Shares a draft with the committee: under the report's row lock (a comment being saved waits
 * or is refused, never lost), its PDF is drawn again from the very figures reviewed, now with
 * the comments and who shared it, and stored with its SHA-256; the report is frozen from then on.
 */
export async function shareReport(em: EntityManager, scope: Scope, id: number, clock: Clock): Promise<void> {
  const report = await reviewableReport(em, scope, id);
  try {
    await em.transactional(async (tx) => {
      const [locked] = await tx.execute<Array<{ status: ReportStatus; figures: ReportData }>>(
        'select status, figures from evaluation_report where id = ? for update',
        [id],
      );
      if (locked?.status === 'shared') throw new RuleError('Ce rapport est déjà partagé : il ne change plus.', 409);
      if (locked?.status !== 'draft') throw new RuleError('Seul un brouillon généré se partage : attendez la fin de la génération.', 409);
      const comments = await commentsOf(tx, id);
      const [sharer] = await tx.execute<Array<{ display_name: string }>>('select display_name from app_user where id = ?', [scope.userId]);
      const sharedAt = clock.now();
      const pdf = await renderReportPdf(locked.figures, {
        status: 'shared',
        comments: comments.map((c) => ({ section: c.section, body: c.body, author: c.author })),
        generatedBy: report.requestedBy,
        sharedBy: sharer?.display_name ?? '',
        sharedAt: sharedAt.toISOString(),
      });
      await tx.execute(
        `update evaluation_report set status = 'shared', shared_by_id = ?, shared_at = ?, pdf = ?, pdf_sha256 = ? where id = ? and status = 'draft'`,
        [scope.userId, sharedAt, pdf, sha256(pdf), id],
        'run',
      );
    });
  } catch (error) {
    throw explainFrozen(error);
  }
}
