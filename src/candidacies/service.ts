import type { EntityManager } from '@mikro-orm/postgresql';
import type { Detainee } from '../detainees/entities.ts';
import { findDetainee } from '../detainees/service.ts';
import { isArchived } from '../platform/archivable.ts';
import type { Day } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, RuleError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { TrainingSession } from '../training/entities.ts';
import { User } from '../users/entities.ts';
import { Post, Workshop } from '../workshops/entities.ts';
import { Candidacy } from './entities.ts';
import type { CandidacyInput } from './forms.ts';
import { orderWaitingList } from './rules.ts';

export async function findCandidacy(em: EntityManager, scope: Scope, id: number): Promise<Candidacy> {
  scope.must(scope.managesEstablishments);
  const candidacy = Number.isSafeInteger(id)
    ? await em.findOne(Candidacy, id, { populate: ['detainee', 'workshop', 'post', 'post.workshop', 'session', 'session.programme'] })
    : null;
  if (!candidacy || !scope.canSeeEstablishment(candidacy.establishment.id)) throw new NotFoundError();
  return candidacy;
}

export async function createCandidacy(em: EntityManager, scope: Scope, detaineeId: number, input: CandidacyInput): Promise<Candidacy> {
  const detainee = await findDetainee(em, scope, detaineeId);
  scope.assertCanManage(detainee.establishment.id);
  if (!detainee.isPresent()) throw new RuleError('Cette personne est sortie de l’établissement : elle ne peut plus candidater.', 409);
  const establishmentId = detainee.establishment.id;
  const target = { workshop: null as Workshop | null, post: null as Post | null, session: null as TrainingSession | null };
  const missing = new FieldErrors({ target: 'Ce choix n’existe plus dans l’établissement : rechargez la page.' });
  if (input.target.kind === 'workshop') {
    target.workshop = await em.findOne(Workshop, { id: input.target.id, establishment: establishmentId, archivedAt: null });
    if (!target.workshop) throw missing;
  } else if (input.target.kind === 'post') {
    target.post = await em.findOne(Post, { id: input.target.id, establishment: establishmentId, archivedAt: null });
    if (!target.post) throw missing;
  } else {
    target.session = await em.findOne(TrainingSession, { id: input.target.id, establishment: establishmentId, archivedAt: null });
    if (!target.session) throw missing;
  }
  if (input.submittedOn < detainee.arrivalDate) throw new FieldErrors({ submittedOn: 'La demande ne peut pas précéder l’arrivée de la personne.' });
  const candidacy = em.create(Candidacy, {
    establishment: detainee.establishment,
    detainee,
    target: input.target.kind,
    ...target,
    proposedBy: input.proposedBy,
    submittedOn: input.submittedOn,
    motivation: input.motivation,
    status: 'submitted',
  });
  await em.flush();
  return candidacy;
}

export async function recordCpuOpinion(
  em: EntityManager,
  scope: Scope,
  id: number,
  input: { opinion: 'favourable' | 'unfavourable'; on: Day },
): Promise<Candidacy> {
  const candidacy = await findCandidacy(em, scope, id);
  if (candidacy.status !== 'submitted') throw new RuleError('La CPU s’est déjà prononcée sur cette candidature.', 409);
  if (input.on < candidacy.submittedOn) throw new FieldErrors({ on: 'La CPU ne peut pas se prononcer avant la demande.' });
  candidacy.recordCpuOpinion(input.opinion, input.on);
  await em.flush();
  return candidacy;
}

export async function withdrawCandidacy(em: EntityManager, scope: Scope, id: number, input: { on: Day; reason: string }): Promise<Candidacy> {
  const candidacy = await findCandidacy(em, scope, id);
  if (!candidacy.isOpen()) throw new RuleError('Cette candidature est déjà close.', 409);
  candidacy.close('withdrawn', input.on < candidacy.submittedOn ? candidacy.submittedOn : input.on, input.reason);
  await em.flush();
  return candidacy;
}

/** A coordinator moves someone on a waiting list by hand: who, when and why are kept. */
export async function pinCandidacy(em: EntityManager, scope: Scope, id: number, input: { rank: number; reason: string }): Promise<Candidacy> {
  const candidacy = await findCandidacy(em, scope, id);
  if (candidacy.status !== 'approved') throw new RuleError('Seule une candidature sur liste d’attente peut être déplacée.', 409);
  candidacy.pinnedRank = input.rank;
  candidacy.pinnedReason = input.reason;
  candidacy.pinnedBy = em.getReference(User, scope.userId);
  candidacy.pinnedAt = new Date();
  await em.flush();
  return candidacy;
}

export async function unpinCandidacy(em: EntityManager, scope: Scope, id: number): Promise<Candidacy> {
  const candidacy = await findCandidacy(em, scope, id);
  candidacy.pinnedRank = null;
  candidacy.pinnedReason = '';
  candidacy.pinnedBy = null;
  candidacy.pinnedAt = null;
  await em.flush();
  return candidacy;
}

export interface WaitingLists {
  /** Per workshop: requests for the workshop or for one of its posts. */
  byWorkshop: Map<number, Candidacy[]>;
  bySession: Map<number, Candidacy[]>;
}

/** Every waiting list of the establishment, each in its documented order (one query). */
export async function waitingLists(em: EntityManager, scope: Scope, establishmentId: number, today: Day): Promise<WaitingLists> {
  scope.assertEstablishment(establishmentId);
  const approved = await em.find(
    Candidacy,
    { establishment: establishmentId, status: 'approved' },
    { populate: ['detainee', 'post', 'workshop', 'session', 'pinnedBy'] },
  );
  const byWorkshop = new Map<number, Candidacy[]>();
  const bySession = new Map<number, Candidacy[]>();
  const push = (map: Map<number, Candidacy[]>, key: number, c: Candidacy) => map.set(key, [...(map.get(key) ?? []), c]);
  for (const c of approved) {
    if (c.session) push(bySession, c.session.id, c);
    else if (c.post) push(byWorkshop, c.post.workshop.id, c);
    else if (c.workshop) push(byWorkshop, c.workshop.id, c);
  }
  const order = (list: Candidacy[]) =>
    orderWaitingList(
      list.map((c) => ({
        id: c.id,
        cpuOn: c.cpuOn ?? c.submittedOn,
        submittedOn: c.submittedOn,
        expectedReleaseDate: c.detainee.expectedReleaseDate ?? null,
        pinnedRank: c.pinnedRank ?? null,
        c,
      })),
      today,
    ).map((e) => e.c);
  for (const [k, list] of byWorkshop) byWorkshop.set(k, order(list));
  for (const [k, list] of bySession) bySession.set(k, order(list));
  return { byWorkshop, bySession };
}

export async function candidaciesOf(em: EntityManager, detainee: Detainee): Promise<Candidacy[]> {
  return em.find(
    Candidacy,
    { detainee },
    { populate: ['workshop', 'post', 'session', 'session.programme', 'pinnedBy'], orderBy: { submittedOn: 'desc', id: 'desc' } },
  );
}

export function isTargetArchived(c: Candidacy): boolean {
  const t = c.workshop ?? c.post ?? c.session;
  return t ? isArchived(t) : false;
}
