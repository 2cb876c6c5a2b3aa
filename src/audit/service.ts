import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditedTable } from '../platform/feature.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { AuditEvent } from './entities.ts';

export const AUDIT_ACTIONS: Record<string, string> = {
  create: 'Création',
  update: 'Modification',
  archive: 'Archivage',
  restore: 'Restauration',
  delete: 'Suppression',
};

export interface AuditFilters {
  entity?: string;
  action?: string;
  actorId?: number;
  entityId?: string;
  from?: Date;
  to?: Date;
  page: number;
}

export const AUDIT_PAGE_SIZE = 50;

/** One page of the trail, newest first, with every account that may be picked as its author. */
export async function listAuditEvents(
  em: EntityManager,
  scope: Scope,
  f: AuditFilters,
): Promise<{ events: AuditEvent[]; total: number; actors: Array<Pick<User, 'id' | 'displayName'>> }> {
  scope.must(scope.canReadAuditTrail);
  const where: Record<string, unknown> = {};
  if (f.entity) where.entity = f.entity;
  if (f.action) where.action = f.action;
  if (f.actorId) where.actor = f.actorId;
  if (f.entityId) where.entityId = f.entityId;
  if (f.from || f.to) where.occurredAt = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lt: f.to } : {}) };
  const [events, total] = await em.findAndCount(AuditEvent, where, {
    orderBy: { occurredAt: 'desc', id: 'desc' },
    limit: AUDIT_PAGE_SIZE,
    offset: (f.page - 1) * AUDIT_PAGE_SIZE,
    populate: ['actor'],
  });
  const actors = await em.find(User, {}, { orderBy: { displayName: 'asc' }, fields: ['id', 'displayName'] });
  return { events, total, actors };
}

/** The fields a change touched that the table's vocabulary names, with their values before and after. */
export function changedFields(event: AuditEvent, table: AuditedTable | undefined): Array<{ field: string; before: unknown; after: unknown }> {
  const shown = table?.columns ?? {};
  const keys = new Set([...Object.keys(event.before ?? {}), ...Object.keys(event.after ?? {})]);
  return [...keys]
    .filter((k) => Object.hasOwn(shown, k))
    .filter((k) => JSON.stringify(event.before?.[k]) !== JSON.stringify(event.after?.[k]))
    .map((field) => ({ field, before: event.before?.[field], after: event.after?.[field] }));
}
