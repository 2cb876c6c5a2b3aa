import type { Context } from 'hono';
import { Hono } from 'hono';
import { LeaveBalancesPage } from '../../views/leave/balances.tsx';
import { LeaveCalendarPage } from '../../views/leave/calendar.tsx';
import { type Day, monthOf, parseDay, parseMonth } from '../platform/calendar.ts';
import type { AppEnv } from '../platform/context.ts';
import { renderPage } from '../platform/render.tsx';
import { balancesCsv, establishmentBalances } from './balances.ts';
import { leaveCalendar } from './calendar.ts';

/** The establishment's leave balances and a workshop's month of leave (issue 19, item 5). */
export const leaveScreenRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));
/** The chosen day (« date »), today when absent or not a date. */
const dayFrom = (c: Context<AppEnv>): Day => parseDay(c.req.query('date') ?? '') ?? c.var.clock.today();

leaveScreenRoutes.get('/etablissements/:id{[0-9]+}/conges/soldes', async (c) => {
  const data = await establishmentBalances(c.var.em, c.var.scope, id(c), dayFrom(c));
  return renderPage(c, `Soldes de congés — ${data.establishment.name}`, <LeaveBalancesPage {...data} />);
});

leaveScreenRoutes.get('/etablissements/:id{[0-9]+}/conges/soldes.csv', async (c) => {
  const data = await establishmentBalances(c.var.em, c.var.scope, id(c), dayFrom(c));
  return c.body(balancesCsv(data.rows), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="soldes-conges-${id(c)}-${data.asOf}.csv"`,
    'Cache-Control': 'no-store',
  });
});

leaveScreenRoutes.get('/ateliers/:id{[0-9]+}/conges', async (c) => {
  const month = parseMonth(c.req.query('mois') ?? '') ?? monthOf(c.var.clock.today());
  const calendar = await leaveCalendar(c.var.em, c.var.scope, id(c), month);
  const page = <LeaveCalendarPage calendar={calendar} showEstablishment={!c.var.scope.seesNamesOnly} />;
  return renderPage(c, `Congés — ${calendar.workshop.name}`, page);
});
