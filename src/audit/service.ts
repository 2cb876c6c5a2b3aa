import type { EntityManager } from '@mikro-orm/postgresql';
import { ForbiddenError, NotFoundError } from '../platform/errors.ts';
import type { AuditedTable } from '../platform/feature.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { AuditEvent } from './entities.ts';
import { historyEventIds, historyNamings } from './history.ts';
import { recordNames } from './names.ts';
import { isEmpty, type RecordNames, type Shown, showValue } from './values.ts';

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

/** One page of the trail as people read it. */
export interface AuditTrail {
  events: AuditEvent[];
  total: number;
  /** Every account that may be picked as an author; empty on a record's history read by a coordinator. */
  actors: Array<Pick<User, 'id' | 'displayName'>>;
  names: RecordNames;
  /** On a record's history, how the rows that belong to it are named (« Affectation au poste … »): by table, then id. */
  subjects: RecordNames;
  /** The record whose history this is, when the trail is filtered on one. */
  record?: { table: string; id: string };
  /** The whole trail and its filters: administrators; a coordinator reads one record's history at a time. */
  wholeTrail: boolean;
}

/**
 * Who reads what: administrators the whole trail; a coordinator the history of one record of
 * their establishments (another establishment's record, or one of no establishment, answers
 * 404); nobody else.
 */
function readableBy(scope: Scope, f: AuditFilters): Record<string, unknown> {
  if (scope.canReadAuditTrail) return {};
  if (scope.role !== 'coordinator') throw new ForbiddenError();
  if (!f.entity || !f.entityId) throw new ForbiddenError();
  // Only the histories their pages link to: not, say, who is attached to their establishment.
  if (!COORDINATOR_HISTORIES.has(f.entity)) throw new NotFoundError();
  return { establishmentId: { $in: [...scope.establishmentIds] } };
}

/** The records whose page shows a coordinator « Historique »: a person, a workshop, a post, an establishment. */
const COORDINATOR_HISTORIES = new Set(['detainee', 'workshop', 'post', 'establishment']);

/** One page of the trail, newest first, with the names of the records it mentions (one query per table). */
export async function readAuditTrail(em: EntityManager, scope: Scope, f: AuditFilters, tables: Record<string, AuditedTable>): Promise<AuditTrail> {
  const where: Record<string, unknown> = readableBy(scope, f);
  const wholeTrail = scope.canReadAuditTrail;
  const record = f.entity && f.entityId ? { table: f.entity, id: f.entityId } : undefined;
  // A record's history holds the rows that belong to it too (a person's assignments, a workshop's posts).
  if (record) where.id = { $in: await historyEventIds(em, record.table, record.id) };
  else if (f.entity) where.entity = f.entity;
  else if (f.entityId) where.entityId = f.entityId;
  if (f.action) where.action = f.action;
  if (f.actorId) where.actor = f.actorId;
  if (f.from || f.to) where.occurredAt = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lt: f.to } : {}) };
  const [events, total] = await em.findAndCount(AuditEvent, where, {
    orderBy: { occurredAt: 'desc', id: 'desc' },
    limit: AUDIT_PAGE_SIZE,
    offset: (f.page - 1) * AUDIT_PAGE_SIZE,
    populate: ['actor'],
  });
  if (!wholeTrail && total === 0) throw new NotFoundError();
  const actors = wholeTrail ? await em.find(User, {}, { orderBy: { displayName: 'asc' }, fields: ['id', 'displayName'] }) : [];
  const names = await recordNames(em, record ? [...events, subjectOf(record)] : events, tables);
  const subjects = record ? await recordNames(em, events, historyNamings(record.table, tables)) : new Map();
  return { events, total, actors, names, subjects, record, wholeTrail };
}

/** A stand-in event, so that the record of a history is named even on a page without its events. */
function subjectOf(record: { table: string; id: string }): AuditEvent {
  return { entity: record.table, entityId: record.id, before: null, after: null } as AuditEvent;
}

/** One field of a change: its French label, and its values before and after as people read them. */
export interface ShownChange {
  field: string;
  label: string;
  before?: Shown;
  after?: Shown;
}

/**
 * The fields a change touched that the table's vocabulary names, in French: a creation lists
 * the fields it filled, a deletion the fields the row had (empty ones and « non » left out),
 * any other change both values.
 */
export function changesOf(event: AuditEvent, table: AuditedTable | undefined, names: RecordNames): ShownChange[] {
  const shown = table?.columns ?? {};
  const before = event.action === 'create' ? undefined : (event.before ?? {});
  const after = event.action === 'delete' ? undefined : (event.after ?? {});
  return Object.keys(shown)
    .filter((k) => (before && after ? JSON.stringify(before[k]) !== JSON.stringify(after[k]) : isFilled((before ?? after)?.[k])))
    .filter((k) => Object.hasOwn(before ?? {}, k) || Object.hasOwn(after ?? {}, k))
    .map((field) => ({
      field,
      label: shown[field] ?? field,
      before: before ? showValue(table, field, before[field], names) : undefined,
      after: after ? showValue(table, field, after[field], names) : undefined,
    }));
}

/** A field a creation or a deletion lists: neither empty nor a « non » left as it came. */
function isFilled(value: unknown): boolean {
  return !isEmpty(value) && value !== false;
}

/** The record an event is about, by name when the table names its rows. */
export function subjectName(table: AuditedTable | undefined, entity: string, entityId: string, names: RecordNames): Shown {
  const label = table?.label ?? entity;
  const named = names.get(entity)?.get(entityId);
  // « Établissement InSERRE d’Arras » is not written « Établissement Établissement InSERRE d’Arras ».
  if (named)
    return { text: named.text.toLocaleLowerCase('fr').startsWith(label.toLocaleLowerCase('fr')) ? named.text : `${label} ${named.text}`, href: named.href };
  return { text: table?.keyless ? label : `${label} n° ${entityId}` };
}
