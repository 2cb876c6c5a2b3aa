import { tz } from '@date-fns/tz';
import { addDays, isValid, parseISO } from 'date-fns';
import { Hono } from 'hono';
import { AuditPage } from '../../views/audit/pages.tsx';
import type { AppEnv } from '../platform/context.ts';
import { renderPage } from '../platform/render.tsx';
import { User } from '../users/entities.ts';
import { listAuditEvents } from './service.ts';

export const auditRoutes = new Hono<AppEnv>();

const day = (v: string | undefined) => {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = parseISO(v, { in: tz('Europe/Paris') });
  return isValid(d) && d.getFullYear() >= 1900 && d.getFullYear() <= 9999 ? d : undefined;
};

auditRoutes.get('/', async (c) => {
  const { em, scope } = c.var;
  scope.require('admin');
  const q = c.req.query();
  const to = day(q.au);
  const filters = {
    entity: q.objet || undefined,
    action: q.action || undefined,
    actorId: /^\d+$/.test(q.auteur ?? '') ? Number(q.auteur) : undefined,
    entityId: q.id?.trim() || undefined,
    from: day(q.du),
    to: to ? addDays(to, 1) : undefined,
    page: Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1),
  };
  const { events, total } = await listAuditEvents(em, scope, filters);
  const actors = await em.find(User, {}, { orderBy: { displayName: 'asc' }, fields: ['id', 'displayName'] });
  return renderPage(c, 'Journal d’audit', <AuditPage events={events} total={total} query={q} page={filters.page} actors={actors} />);
});
