import { Hono } from 'hono';
import { AuditPage } from '../../views/audit/pages.tsx';
import type { AppEnv } from '../platform/context.ts';
import type { AuditedTable } from '../platform/feature.ts';
import { renderPage } from '../platform/render.tsx';
import { auditFilters } from './forms.ts';
import { readAuditTrail } from './service.ts';

/** The audit trail's pages, naming tables, columns, codes and records as `tables` (the features' declarations) do. */
export function auditRoutes(tables: Record<string, AuditedTable>): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const query = c.req.query();
    const filters = auditFilters(query);
    const trail = await readAuditTrail(c.var.em, c.var.scope, filters, tables);
    const title = trail.record ? 'Historique' : 'Journal d’audit';
    return renderPage(c, title, <AuditPage trail={trail} query={query} page={filters.page} tables={tables} />);
  });
  return routes;
}
