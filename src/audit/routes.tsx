import { Hono } from 'hono';
import { AuditPage } from '../../views/audit/pages.tsx';
import type { AppEnv } from '../platform/context.ts';
import type { AuditedTable } from '../platform/feature.ts';
import { renderPage } from '../platform/render.tsx';
import { auditFilters } from './forms.ts';
import { listAuditEvents } from './service.ts';

/** The audit trail's pages, naming tables, columns and codes as `tables` (the features' declarations) do. */
export function auditRoutes(tables: Record<string, AuditedTable>): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const query = c.req.query();
    const filters = auditFilters(query);
    const { events, total, actors } = await listAuditEvents(c.var.em, c.var.scope, filters);
    return renderPage(c, 'Journal d’audit', <AuditPage events={events} total={total} query={query} page={filters.page} actors={actors} tables={tables} />);
  });
  return routes;
}
