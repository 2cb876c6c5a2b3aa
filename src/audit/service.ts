import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../platform/scope.ts';
import { AuditEvent } from './entities.ts';

export const AUDITED_ENTITIES: Record<string, string> = {
  establishment: 'Établissement',
  partner: 'Partenaire',
  app_user: 'Utilisateur',
  establishment_membership: 'Rattachement à un établissement',
};

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

export async function listAuditEvents(em: EntityManager, scope: Scope, f: AuditFilters): Promise<{ events: AuditEvent[]; total: number }> {
  scope.require('admin');
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
  return { events, total };
}

/** The fields a change touched, with their values before and after. */
export function changedFields(event: AuditEvent): Array<{ field: string; before: unknown; after: unknown }> {
  const ignored = new Set(['updated_at', 'version']);
  const keys = new Set([...Object.keys(event.before ?? {}), ...Object.keys(event.after ?? {})]);
  return [...keys]
    .filter((k) => !ignored.has(k))
    .filter((k) => JSON.stringify(event.before?.[k]) !== JSON.stringify(event.after?.[k]))
    .map((field) => ({ field, before: event.before?.[field], after: event.after?.[field] }));
}
