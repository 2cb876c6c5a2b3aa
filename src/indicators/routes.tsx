import { Hono } from 'hono';
import { DashboardPage } from '../../views/indicators/dashboard.tsx';
import type { AppEnv } from '../platform/context.ts';
import { renderPage } from '../platform/render.tsx';
import { dashboardReports } from '../reports/service.ts';
import { printedValues } from '../reports/suppression.ts';
import { type Dashboard, dashboardOf } from './dashboard.ts';
import { lastEndedMonth, parsePeriod } from './periods.ts';

/** « Indicateurs »: the dashboard of the caller's scope (issue 22 item 2). */
export const indicatorRoutes = new Hono<AppEnv>();

const idOf = (v: string | undefined) => (v && /^[0-9]{1,9}$/.test(v) ? Number(v) : undefined);

indicatorRoutes.get('/', async (c) => {
  const q = c.req.query();
  const period = parsePeriod(q.periode ?? '') ?? lastEndedMonth(c.var.clock.today());
  const d = await dashboardOf(c.var.em, c.var.scope, { establishmentId: idOf(q.etablissement), workshopId: idOf(q.atelier) }, period);
  const reports = await dashboardReports(c.var.em, c.var.scope, d.scope.establishmentIds, d.period, c.var.clock.today());
  // A committee member reads what the shared reports print: counts of people from 1 to 4 masked.
  const masked = c.var.scope.isCommitteeMember ? committeeView(d) : null;
  return renderPage(c, `Indicateurs — ${d.period.label}`, <DashboardPage d={d} reports={reports} masked={masked} />);
});

function committeeView(d: Dashboard) {
  const rows = d.families.flatMap((f) => f.rows);
  const values = (pick: (r: (typeof rows)[number]) => typeof r.value) =>
    new Map(rows.flatMap((r) => (pick(r) ? [[r.definition.key, pick(r) as NonNullable<typeof r.value>] as const] : [])));
  return printedValues(
    values((r) => r.value),
    values((r) => r.previous),
  );
}
