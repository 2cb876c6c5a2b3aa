import type { Context } from 'hono';
import { Hono } from 'hono';
import { PartnerStatementPage } from '../../views/hours/partner-statement.tsx';
import { monthOf, parseMonth } from '../platform/calendar.ts';
import type { AppEnv } from '../platform/context.ts';
import { renderPage } from '../platform/render.tsx';
import { partnerMonthPay, partnerPayCsv } from './partner-pay.ts';

/** The pay of the people a partner's workshops employ (issue 21, item 4): the partner's own staff only. */
export const partnerPayRoutes = new Hono<AppEnv>();

/** The month asked for ("2026-11"), when it is a real month; this month otherwise. */
const monthFrom = (c: Context<AppEnv>) => parseMonth(c.req.query('mois') ?? '') ?? monthOf(c.var.clock.today());

partnerPayRoutes.get('/structure/paie', async (c) => {
  const pay = await partnerMonthPay(c.var.em, c.var.scope, monthFrom(c));
  return renderPage(c, 'Rémunérations du mois', <PartnerStatementPage pay={pay} />);
});

partnerPayRoutes.get('/structure/paie.csv', async (c) => {
  const pay = await partnerMonthPay(c.var.em, c.var.scope, monthFrom(c));
  return c.body(partnerPayCsv(pay), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="paie-structure-${pay.month}.csv"`,
    'Cache-Control': 'no-store',
  });
});
