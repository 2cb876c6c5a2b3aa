import type { EntityManager } from '@mikro-orm/postgresql';
import { Enrollment } from '../assignments/entities.ts';
import { findEstablishment } from '../establishments/service.ts';
import { archive, isArchived, restore } from '../platform/archivable.ts';
import type { Day } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, RuleError, StaleRecordError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { TrainingProgramme, TrainingSession } from './entities.ts';
import type { ProgrammeInput, SessionInput } from './forms.ts';

export interface ProgrammeRow {
  programme: TrainingProgramme;
  sessionCount: number;
}

/** Programmes are shared by all establishments; each runs its own sessions of them. */
export async function listProgrammes(em: EntityManager, scope: Scope, filters: { archived: boolean; q?: string }): Promise<ProgrammeRow[]> {
  scope.must(scope.canManageCatalogue);
  const where: Record<string, unknown> = { archivedAt: filters.archived ? { $ne: null } : null };
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.$or = [{ title: { $ilike: like } }, { provider: { $ilike: like } }, { certificationCode: { $ilike: like } }];
  }
  return withSessionCounts(em, await em.find(TrainingProgramme, where, { orderBy: { title: 'asc' } }));
}

/** One programme's row of the list, with its count of sessions. */
export async function programmeRow(em: EntityManager, programme: TrainingProgramme): Promise<ProgrammeRow> {
  const [row] = await withSessionCounts(em, [programme]);
  return row as ProgrammeRow;
}

/** The programmes' counts of active sessions, in one query. */
async function withSessionCounts(em: EntityManager, programmes: TrainingProgramme[]): Promise<ProgrammeRow[]> {
  if (programmes.length === 0) return [];
  const counts = await em
    .getConnection()
    .execute<{ programme_id: number; n: number }[]>(
      'select programme_id, count(*)::int as n from training_session where archived_at is null and programme_id in (?) group by programme_id',
      [programmes.map((p) => p.id)],
    );
  const byId = new Map(counts.map((c) => [c.programme_id, c.n]));
  return programmes.map((programme) => ({ programme, sessionCount: byId.get(programme.id) ?? 0 }));
}

export async function programmeChoices(em: EntityManager): Promise<TrainingProgramme[]> {
  return em.find(TrainingProgramme, { archivedAt: null }, { orderBy: { title: 'asc' } });
}

export async function findProgramme(em: EntityManager, scope: Scope, id: number): Promise<TrainingProgramme> {
  scope.must(scope.canManageCatalogue);
  const programme = Number.isSafeInteger(id) ? await em.findOne(TrainingProgramme, id) : null;
  if (!programme) throw new NotFoundError();
  return programme;
}

export async function createProgramme(em: EntityManager, scope: Scope, input: ProgrammeInput): Promise<TrainingProgramme> {
  scope.must(scope.canManageCatalogue);
  const programme = em.create(TrainingProgramme, {
    title: input.title,
    provider: input.provider,
    certificationCode: input.certificationCode,
    hours: input.hours,
  });
  await flushGuarded(em);
  return programme;
}

export async function updateProgramme(em: EntityManager, scope: Scope, id: number, input: ProgrammeInput, version: number): Promise<TrainingProgramme> {
  const programme = await findProgramme(em, scope, id);
  if (programme.version !== version) throw new StaleRecordError();
  programme.title = input.title;
  programme.provider = input.provider;
  programme.certificationCode = input.certificationCode;
  programme.hours = input.hours;
  await flushGuarded(em);
  return programme;
}

/** Archives a programme that has no session running or to come on `today`. */
export async function archiveProgramme(em: EntityManager, scope: Scope, id: number, today: Day): Promise<TrainingProgramme> {
  const programme = await findProgramme(em, scope, id);
  const running = await em.count(TrainingSession, { programme, archivedAt: null, endsOn: { $gte: today } });
  if (running > 0) {
    throw new RuleError(`Cette formation a encore ${running} session${running > 1 ? 's' : ''} en cours ou à venir : archivez-les d’abord.`, 409);
  }
  archive(programme);
  await em.flush();
  return programme;
}

export async function restoreProgramme(em: EntityManager, scope: Scope, id: number): Promise<TrainingProgramme> {
  const programme = await findProgramme(em, scope, id);
  restore(programme);
  await flushGuarded(em);
  return programme;
}

export async function listSessions(
  em: EntityManager,
  scope: Scope,
  establishmentId: number,
  filters: { archived?: boolean; programmeId?: number } = {},
): Promise<TrainingSession[]> {
  scope.assertEstablishment(establishmentId);
  const where: Record<string, unknown> = { establishment: establishmentId, archivedAt: filters.archived ? { $ne: null } : null };
  if (filters.programmeId) where.programme = filters.programmeId;
  return em.find(TrainingSession, where, { orderBy: { startsOn: 'asc', id: 'asc' }, populate: ['programme'] });
}

export async function findSession(em: EntityManager, scope: Scope, id: number): Promise<TrainingSession> {
  const session = Number.isSafeInteger(id) ? await em.findOne(TrainingSession, id, { populate: ['programme', 'establishment'] }) : null;
  if (!session || !scope.canSeeEstablishment(session.establishment.id)) throw new NotFoundError();
  return session;
}

async function activeProgramme(em: EntityManager, id: number): Promise<TrainingProgramme> {
  const programme = await em.findOne(TrainingProgramme, { id, archivedAt: null });
  if (!programme) throw new FieldErrors({ programmeId: 'Cette formation n’existe plus ou est archivée : choisissez-en une autre.' });
  return programme;
}

export async function createSession(em: EntityManager, scope: Scope, establishmentId: number, input: SessionInput): Promise<TrainingSession> {
  scope.assertCanManage(establishmentId);
  const establishment = await findEstablishment(em, scope, establishmentId);
  if (isArchived(establishment)) throw new RuleError('Cet établissement est archivé : restaurez-le avant d’y programmer une session.', 409);
  const session = em.create(TrainingSession, {
    establishment,
    programme: await activeProgramme(em, input.programmeId),
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    places: input.places,
    paid: input.paid,
  });
  await flushGuarded(em);
  return session;
}

export async function updateSession(em: EntityManager, scope: Scope, id: number, input: SessionInput, version: number): Promise<TrainingSession> {
  const session = await findSession(em, scope, id);
  scope.assertCanManage(session.establishment.id);
  if (session.version !== version) throw new StaleRecordError();
  const taken = await em.count(Enrollment, { session, status: { $ne: 'dropped' } });
  if (input.places < taken) throw new FieldErrors({ places: `${taken} personnes sont inscrites : la session ne peut pas compter moins de ${taken} places.` });
  if (session.programme.id !== input.programmeId) session.programme = await activeProgramme(em, input.programmeId);
  session.startsOn = input.startsOn;
  session.endsOn = input.endsOn;
  session.places = input.places;
  session.paid = input.paid;
  await flushGuarded(em);
  return session;
}

export async function changeSession(em: EntityManager, scope: Scope, id: number, change: 'archive' | 'restore'): Promise<TrainingSession> {
  const session = await findSession(em, scope, id);
  scope.assertCanManage(session.establishment.id);
  if (change === 'archive') archive(session);
  else restore(session);
  await em.flush();
  return session;
}
