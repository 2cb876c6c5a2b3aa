import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Enrollment } from '../assignments/entities.ts';
import { archive, isArchived, restore } from '../platform/archivable.ts';
import { FieldErrors, NotFoundError, RuleError, StaleRecordError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { findEstablishmentForSetup } from '../workshops/service.ts';
import { TrainingProgramme, TrainingSession } from './entities.ts';
import type { ProgrammeInput, SessionInput } from './forms.ts';

export interface ProgrammeRow {
  programme: TrainingProgramme;
  sessionCount: number;
}

/** Programmes are shared by all establishments; each runs its own sessions of them. */
export async function listProgrammes(em: EntityManager, scope: Scope, filters: { archived: boolean; q?: string }): Promise<ProgrammeRow[]> {
  scope.require('admin', 'coordinator');
  const where: Record<string, unknown> = { archivedAt: filters.archived ? { $ne: null } : null };
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.$or = [{ title: { $ilike: like } }, { provider: { $ilike: like } }, { certificationCode: { $ilike: like } }];
  }
  const programmes = await em.find(TrainingProgramme, where, { orderBy: { title: 'asc' } });
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
  scope.require('admin', 'coordinator');
  const programme = Number.isSafeInteger(id) ? await em.findOne(TrainingProgramme, id) : null;
  if (!programme) throw new NotFoundError();
  return programme;
}

async function flushProgramme(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (e) {
    if (!(e instanceof UniqueConstraintViolationException)) throw e;
    em.clear();
    throw new FieldErrors({ title: 'Cet organisme propose déjà une formation de ce nom (peut-être archivée).' });
  }
}

export async function createProgramme(em: EntityManager, scope: Scope, input: ProgrammeInput): Promise<TrainingProgramme> {
  scope.require('admin', 'coordinator');
  const programme = em.create(TrainingProgramme, { ...input });
  await flushProgramme(em);
  return programme;
}

export async function updateProgramme(em: EntityManager, scope: Scope, id: number, input: ProgrammeInput, version: number): Promise<TrainingProgramme> {
  const programme = await findProgramme(em, scope, id);
  if (programme.version !== version) throw new StaleRecordError();
  programme.title = input.title;
  programme.provider = input.provider;
  programme.certificationCode = input.certificationCode;
  programme.hours = input.hours;
  await flushProgramme(em);
  return programme;
}

export async function archiveProgramme(em: EntityManager, scope: Scope, id: number): Promise<TrainingProgramme> {
  const programme = await findProgramme(em, scope, id);
  const today = new Date().toISOString().slice(0, 10);
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
  await flushProgramme(em);
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
  const establishment = await findEstablishmentForSetup(em, scope, establishmentId);
  if (isArchived(establishment)) throw new RuleError('Cet établissement est archivé : restaurez-le avant d’y programmer une session.', 409);
  const session = em.create(TrainingSession, {
    establishment,
    programme: await activeProgramme(em, input.programmeId),
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    places: input.places,
    paid: input.paid,
  });
  await em.flush();
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
  await em.flush();
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
