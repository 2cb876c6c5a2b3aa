import type { Context } from 'hono';
import { Hono } from 'hono';
import { ReportListPage } from '../../views/reports/list.tsx';
import { ProgressBlock, ReportPage, type ReportProblem, reportTitle } from '../../views/reports/report.tsx';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction, type Refusal } from '../platform/form-action.ts';
import { type FormValues, one } from '../platform/forms.ts';
import { isHtmx, redirectAfterPost } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { reportCommentForm, reportFilters, reportRequestForm } from './forms.ts';
import {
  askableEstablishments,
  askablePeriods,
  canAskReport,
  commentsOf,
  findReport,
  listReports,
  PENDING_MESSAGE,
  readsReports,
  reportPdf,
  requestReport,
  retriableReport,
  retryReport,
  reviewableReport,
  rightsOn,
  saveComment,
  shareReport,
} from './service.ts';
import { reportJob } from './worker.ts';

/** « Rapports d'évaluation » (issue 22, items 4 and 5): ask, follow, review, share, download. */
export const reportRoutes = new Hono<AppEnv>();

type Ctx = Context<AppEnv>;
const id = (c: Ctx) => Number(c.req.param('id'));

async function listPage(c: Ctx, refusal?: Pick<Refusal, 'values' | 'errors' | 'status'>) {
  const scope = c.var.scope;
  scope.must(readsReports(scope));
  const filters = reportFilters.parse(c.req.query());
  const [{ reports, more }, establishments] = await Promise.all([listReports(c.var.em, scope, filters), askableEstablishments(c.var.em, scope)]);
  const page = (
    <ReportListPage
      reports={reports}
      more={more}
      filters={filters}
      establishments={establishments}
      periods={askablePeriods(c.var.clock.today())}
      canAsk={establishments.some((e) => canAskReport(scope, e.id))}
      viewerId={scope.userId}
      committee={scope.isCommitteeMember}
      values={refusal?.values}
      errors={refusal?.errors}
    />
  );
  return renderPage(c, 'Rapports d’évaluation', page, refusal?.status ?? 200);
}

async function reportPage(c: Ctx, options: { problem?: ReportProblem; status?: 409 | 422; confirmShare?: boolean } = {}) {
  const report = await findReport(c.var.em, c.var.scope, id(c));
  const comments = await commentsOf(c.var.em, report.id);
  const page = <ReportPage report={report} comments={comments} rights={rightsOn(c.var.scope, report)} {...options} />;
  return renderPage(c, reportTitle(report), page, options.status ?? 200);
}

/** A refused action on a report: its page again, with the reason next to the comment or at the top. */
const refusedOn = (c: Ctx, section?: string) => (r: Refusal) =>
  reportPage(c, { problem: { message: Object.values(r.errors)[0] ?? '', section, body: one(r.values as FormValues, 'commentaire') }, status: r.status });

reportRoutes.get('/', (c) => listPage(c));

/** Queues the report (or finds the one pending), then sends its job once the row is committed. */
reportRoutes.post('/', (c) => {
  c.var.scope.must(readsReports(c.var.scope));
  return formAction(c, reportRequestForm, {
    run: (input) => requestReport(c.var.em, c.var.scope, { establishmentId: input.etablissement, period: input.periode }, c.var.clock),
    done: async ({ id: reportId, pending }) => {
      if (pending) await flash(c, 'info', PENDING_MESSAGE);
      else await c.var.jobs.send(...reportJob(reportId));
      return redirectAfterPost(c, `/rapports/${reportId}`);
    },
    refused: (r) => listPage(c, r),
  });
});

reportRoutes.get('/:id{[0-9]+}', (c) => reportPage(c));
reportRoutes.get('/:id{[0-9]+}/partage', (c) => reportPage(c, { confirmShare: true }));

/** The progress block, polled by htmx; once the job is done, the page reloads to show the review. */
reportRoutes.get('/:id{[0-9]+}/avancement', async (c) => {
  const report = await findReport(c.var.em, c.var.scope, id(c));
  if (!isHtmx(c)) return c.redirect(`/rapports/${report.id}`, 303);
  if (report.status !== 'queued' && report.status !== 'running') c.header('HX-Refresh', 'true');
  return renderFragment(c, <ProgressBlock report={report} />);
});

reportRoutes.get('/:id{[0-9]+}/rapport.pdf', async (c) => {
  const { bytes, sha256, name } = await reportPdf(c.var.em, c.var.scope, id(c));
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${name}"`,
    // Cache-Control: the app's no-store (src/auth/session.ts noStore) holds for every download.
    ETag: `"${sha256}"`,
  });
});

reportRoutes.post('/:id{[0-9]+}/relance', async (c) => {
  await retriableReport(c.var.em, c.var.scope, id(c));
  return formAction(c, null, {
    run: async () => {
      await retryReport(c.var.em, c.var.scope, id(c));
      await c.var.jobs.send(...reportJob(id(c)));
    },
    done: () => redirectAfterPost(c, `/rapports/${id(c)}`),
    refused: refusedOn(c),
  });
});

reportRoutes.post('/:id{[0-9]+}/commentaires/:section{[a-z0-9-]{1,40}}', async (c) => {
  await reviewableReport(c.var.em, c.var.scope, id(c));
  return formAction(c, reportCommentForm, {
    run: (input) => saveComment(c.var.em, c.var.scope, id(c), c.req.param('section'), input.commentaire),
    done: async (_, values) => {
      await flash(c, 'success', one(values, 'commentaire').trim() === '' ? 'Le commentaire est retiré.' : 'Le commentaire est enregistré.');
      return redirectAfterPost(c, `/rapports/${id(c)}#partie-${c.req.param('section')}`);
    },
    refused: refusedOn(c, c.req.param('section')),
  });
});

reportRoutes.post('/:id{[0-9]+}/partage', async (c) => {
  await reviewableReport(c.var.em, c.var.scope, id(c));
  return formAction(c, null, {
    run: () => shareReport(c.var.em, c.var.scope, id(c), c.var.clock),
    done: async () => {
      await flash(c, 'success', 'Le rapport est partagé avec le comité : il est désormais figé.');
      return redirectAfterPost(c, `/rapports/${id(c)}`);
    },
    refused: refusedOn(c),
  });
});
