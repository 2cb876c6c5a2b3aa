import { Hono } from 'hono';
import type { AppEnv } from '../platform/context.ts';
import { indicatorsCsv, parseCsvQuery } from './csv-export.ts';

/** `GET /indicateurs.csv?etablissement=…&du=…&au=…`: every indicator of the period, for a spreadsheet. */
export const indicatorCsvRoutes = new Hono<AppEnv>();

indicatorCsvRoutes.get('/indicateurs.csv', async (c) => {
  const asked = parseCsvQuery(c.req.query());
  const csv = await indicatorsCsv(c.var.em, c.var.scope, asked);
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="indicateurs-${asked.period.from}-${asked.period.to}.csv"`,
    'Cache-Control': 'private, no-store',
  });
});
