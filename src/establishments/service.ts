import type { EntityManager } from '@mikro-orm/postgresql';
import { archive, restore } from '../platform/archivable.ts';
import { NotFoundError, StaleRecordError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { Establishment } from './entities.ts';
import type { EstablishmentInput } from './forms.ts';

export interface EstablishmentRow {
  establishment: Establishment;
  coordinatorCount: number;
}

/** The establishments the caller may see, active ones first by name, with their coordinator count. */
export async function listEstablishments(em: EntityManager, scope: Scope, options: { archived: boolean }): Promise<EstablishmentRow[]> {
  const visible = scope.visibleEstablishmentIds();
  const establishments = await em.find(
    Establishment,
    { archivedAt: options.archived ? { $ne: null } : null, ...(visible ? { id: { $in: [...visible] } } : {}) },
    { orderBy: { name: 'asc' } },
  );
  if (establishments.length === 0) return [];
  const counts = await em.getConnection().execute<{ establishment_id: number; n: number }[]>(
    `select m.establishment_id, count(*)::int as n from establishment_membership m join app_user u on u.id = m.user_id
       where u.active and m.establishment_id in (?) group by m.establishment_id`,
    [establishments.map((e) => e.id)],
  );
  const byId = new Map(counts.map((r) => [r.establishment_id, r.n]));
  return establishments.map((establishment) => ({ establishment, coordinatorCount: byId.get(establishment.id) ?? 0 }));
}

/** An establishment within the caller's scope, archived or not; 404 otherwise. */
export async function findEstablishment(em: EntityManager, scope: Scope, id: number): Promise<Establishment> {
  if (!Number.isSafeInteger(id) || !scope.canSeeEstablishment(id)) throw new NotFoundError();
  const establishment = await em.findOne(Establishment, id);
  if (!establishment) throw new NotFoundError();
  return establishment;
}

export interface SetupSummary {
  workshops: number;
  openPosts: number;
  frozenPosts: number;
  sessions: number;
  places: number;
}

/** What the establishment's set-up holds, in one query: active workshops, posts, current and coming sessions. */
export async function setupSummary(em: EntityManager, establishment: Establishment, today: string): Promise<SetupSummary> {
  const [row] = await em.getConnection().execute<SetupSummary[]>(
    `select
       (select count(*)::int from workshop where establishment_id = ? and archived_at is null) as workshops,
       (select count(*)::int from post where establishment_id = ? and archived_at is null and status = 'open') as "openPosts",
       (select count(*)::int from post where establishment_id = ? and archived_at is null and status = 'frozen') as "frozenPosts",
       (select count(*)::int from training_session where establishment_id = ? and archived_at is null and ends_on >= ?) as sessions,
       (select coalesce(sum(places), 0)::int from training_session where establishment_id = ? and archived_at is null and ends_on >= ?) as places`,
    [establishment.id, establishment.id, establishment.id, establishment.id, today, establishment.id, today],
  );
  return row ?? { workshops: 0, openPosts: 0, frozenPosts: 0, sessions: 0, places: 0 };
}

export async function coordinatorsOf(em: EntityManager, establishment: Establishment): Promise<User[]> {
  return em.find(User, { establishments: establishment, active: true }, { orderBy: { displayName: 'asc' } });
}

export async function createEstablishment(em: EntityManager, scope: Scope, input: EstablishmentInput): Promise<Establishment> {
  scope.must(scope.canManageEstablishments);
  const establishment = em.create(Establishment, {
    name: input.name,
    kind: input.kind,
    city: input.city,
    capacity: input.capacity,
    alsaceMoselle: input.alsaceMoselle,
  });
  await flushGuarded(em);
  return establishment;
}

export async function updateEstablishment(em: EntityManager, scope: Scope, id: number, input: EstablishmentInput, version: number): Promise<Establishment> {
  scope.must(scope.canManageEstablishments);
  const establishment = await findEstablishment(em, scope, id);
  if (establishment.version !== version) throw new StaleRecordError();
  establishment.name = input.name;
  establishment.kind = input.kind;
  establishment.city = input.city;
  establishment.capacity = input.capacity;
  establishment.alsaceMoselle = input.alsaceMoselle;
  await flushGuarded(em);
  return establishment;
}

export async function archiveEstablishment(em: EntityManager, scope: Scope, id: number): Promise<Establishment> {
  scope.must(scope.canManageEstablishments);
  const establishment = await findEstablishment(em, scope, id);
  archive(establishment);
  await em.flush();
  return establishment;
}

export async function restoreEstablishment(em: EntityManager, scope: Scope, id: number): Promise<Establishment> {
  scope.must(scope.canManageEstablishments);
  const establishment = await findEstablishment(em, scope, id);
  restore(establishment);
  await flushGuarded(em);
  return establishment;
}
