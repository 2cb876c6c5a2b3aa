import type { AuditedTable, Feature } from '../platform/feature.ts';
import { AuditEvent } from './entities.ts';
import { auditRoutes } from './routes.tsx';

/** The audit trail, which names the tables, columns and codes as the features that own them say. */
export function auditFeature(tables: Record<string, AuditedTable>): Feature {
  return {
    name: 'audit',
    entities: [AuditEvent],
    menu: [{ href: '/admin/journal', label: 'Journal d’audit', roles: ['admin'] }],
    routes: [{ path: '/admin/journal', app: auditRoutes(tables) }],
  };
}
