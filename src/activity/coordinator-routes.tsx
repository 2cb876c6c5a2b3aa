import type { Context } from 'hono';
import { Hono } from 'hono';
import { EstablishmentLogPage } from '../../views/activity/establishment-log.tsx';
import type { AppEnv } from '../platform/context.ts';
import { renderPage } from '../platform/render.tsx';
import { establishmentLog, establishmentLogCsv, establishmentLogForCsv, logFilterOf } from './establishment-log.ts';

/** The establishment's « Journal d’activité » and its CSV (issue 21 item 6): admins and the establishment's coordinators. */
export const establishmentLogRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));
const filterOf = (c: Context<AppEnv>) => logFilterOf(c.req.query(), c.var.clock.today());

establishmentLogRoutes.get('/etablissements/:id{[0-9]+}/journal', async (c) => {
  const log = await establishmentLog(c.var.em, c.var.scope, id(c), filterOf(c));
  return renderPage(c, `Journal d’activité — ${log.establishment.name}`, <EstablishmentLogPage {...log} />);
});

establishmentLogRoutes.get('/etablissements/:id{[0-9]+}/journal.csv', async (c) => {
  const filter = filterOf(c);
  const rows = await establishmentLogForCsv(c.var.em, c.var.scope, id(c), filter);
  return c.body(establishmentLogCsv(rows), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="journal-activite-${id(c)}-${filter.from}-${filter.to}.csv"`,
    'Cache-Control': 'no-store',
  });
});
