import { Hono } from 'hono';
import { DashboardPage } from '../../views/indicators/dashboard.tsx';
import type { AppEnv } from '../platform/context.ts';
import { renderPage } from '../platform/render.tsx';
import { dashboardOf } from './dashboard.ts';
import { lastEndedMonth, parsePeriod } from './periods.ts';

/** « Indicateurs »: the dashboard of the caller's scope (issue 22 item 2). */
export const indicatorRoutes = new Hono<AppEnv>();

const idOf = (v: string | undefined) => (v && /^[0-9]{1,9}$/.test(v) ? Number(v) : undefined);

indicatorRoutes.get('/', async (c) => {
  const q = c.req.query();
  const period = parsePeriod(q.periode ?? '') ?? lastEndedMonth(c.var.clock.today());
  const d = await dashboardOf(c.var.em, c.var.scope, { establishmentId: idOf(q.etablissement), workshopId: idOf(q.atelier) }, period);
  return renderPage(c, `Indicateurs — ${d.period.label}`, <DashboardPage d={d} />);
});
