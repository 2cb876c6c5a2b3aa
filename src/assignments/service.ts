import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Candidacy } from '../candidacies/entities.ts';
import { Detainee } from '../detainees/entities.ts';
import { findDetainee } from '../detainees/service.ts';
import { isArchived } from '../platform/archivable.ts';
import { FieldErrors, NotFoundError, RuleError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { TrainingSession } from '../training/entities.ts';
import { Post } from '../workshops/entities.ts';
import { Assignment, type EndReason, Enrollment, Suspension, type SuspensionReason } from './entities.ts';
import type { AssignmentInput } from './forms.ts';
import { type Day, peakWeeklyMinutes, trialEndDate, weeklyLimitProblem } from './rules.ts';

/** A proposed contract reference: "CEP-2026-0042", the establishment's next number of the year. */
export async function nextContractReference(em: EntityManager, establishmentId: number, today: Day): Promise<string> {
  const year = today.slice(0, 4);
  const n = await em.count(Assignment, { establishment: establishmentId, contractReference: { $like: `CEP-${year}-%` } });
  return `CEP-${year}-${String(n + 1).padStart(4, '0')}`;
}

export async function findAssignment(em: EntityManager, scope: Scope, id: number): Promise<Assignment> {
  scope.require('admin', 'coordinator');
  const assignment = Number.isSafeInteger(id) ? await em.findOne(Assignment, id, { populate: ['detainee', 'post', 'post.workshop', 'suspensions'] }) : null;
  if (!assignment || !scope.canSeeEstablishment(assignment.establishment.id)) throw new NotFoundError();
  return assignment;
}

/**
 * Assigns a person to a post under a contract. The services check every rule first to
 * explain it; the database checks them again under locks (exclusion constraint on the
 * post's dates, trigger on the person's row), so two simultaneous requests cannot both win.
 */
export async function assign(
  em: EntityManager,
  scope: Scope,
  detaineeId: number,
  input: AssignmentInput,
  options: { candidacyId?: number } = {},
): Promise<Assignment> {
  return em.transactional(async (tx) => {
    const detainee = await findDetainee(tx, scope, detaineeId);
    scope.assertCanManage(detainee.establishment.id);
    // Serialise the assignments of one person: the weekly total is read under this lock.
    await tx.findOneOrFail(Detainee, detainee.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const post = await tx.findOne(Post, { id: input.postId, establishment: detainee.establishment.id }, { populate: ['workshop'] });
    if (!post) throw new FieldErrors({ postId: 'Ce poste n’existe pas dans l’établissement de la personne.' });
    if (isArchived(post) || post.status !== 'open')
      throw new RuleError(`Le poste ${post.code} est gelé ou archivé : il ne peut pas recevoir d’affectation.`, 409);
    if (!detainee.isPresent()) throw new RuleError('Cette personne est sortie de l’établissement : elle ne peut plus être affectée.', 409);
    if (input.startsOn < detainee.arrivalDate) {
      throw new FieldErrors({
        startsOn: `Une affectation ne peut pas commencer avant l’arrivée de la personne (${detainee.arrivalDate.split('-').reverse().join('/')}).`,
      });
    }
    const holder = await tx.findOne(
      Assignment,
      { post, $or: [{ endedOn: null }, { endedOn: { $gte: input.startsOn } }], ...(input.contractEndsOn ? { startsOn: { $lte: input.contractEndsOn } } : {}) },
      { populate: ['detainee'] },
    );
    if (holder) throw new RuleError(`Le poste ${post.code} est occupé par ${holder.detainee.fullName()} à cette date : choisissez un poste vacant.`, 409);
    const weeklyMinutes = input.weeklyHours ?? post.weeklyMinutes;
    // A fixed-term contract is planned to end on its end date: the post is free again the day after.
    const plannedEnd = input.contractEndsOn;
    const others = await tx.find(Assignment, { detainee, $or: [{ endedOn: null }, { endedOn: { $gte: input.startsOn } }] });
    const peak = peakWeeklyMinutes(
      others.map((a) => ({ startsOn: a.startsOn, endedOn: a.endedOn ?? null, weeklyMinutes: a.weeklyMinutes })),
      { startsOn: input.startsOn, endedOn: plannedEnd, weeklyMinutes },
    );
    const problem = weeklyLimitProblem(peak - weeklyMinutes, weeklyMinutes);
    if (problem) throw new RuleError(problem, 409);
    const candidacy = options.candidacyId ? await tx.findOne(Candidacy, { id: options.candidacyId, detainee, status: 'approved' }) : null;
    if (options.candidacyId && !candidacy) throw new RuleError('Cette candidature n’est plus sur liste d’attente : rechargez la page.', 409);
    const assignment = tx.create(Assignment, {
      establishment: detainee.establishment,
      detainee,
      post,
      candidacy,
      contractReference: input.contractReference,
      startsOn: input.startsOn,
      contractEndsOn: input.contractEndsOn,
      trialEndsOn: trialEndDate(input.startsOn, input.contractEndsOn),
      weeklyMinutes,
      payCategory: input.payCategory ?? post.payCategory,
      payBasisPoints: post.payBasisPoints ?? null,
      endedOn: input.contractEndsOn,
      endReason: input.contractEndsOn ? 'end_of_contract' : null,
    });
    candidacy?.close('assigned', input.startsOn);
    await flushGuarded(tx);
    return assignment;
  });
}

export async function endAssignment(em: EntityManager, scope: Scope, id: number, input: { on: Day; reason: EndReason; note: string }): Promise<Assignment> {
  const assignment = await findAssignment(em, scope, id);
  scope.assertCanManage(assignment.establishment.id);
  // A planned end (the contract's end date) can be brought forward; a past end cannot be changed here.
  if (assignment.endedOn && assignment.endedOn <= input.on) {
    throw new RuleError(`Cette affectation se termine déjà le ${assignment.endedOn.split('-').reverse().join('/')}.`, 409);
  }
  if (input.on < assignment.startsOn) throw new FieldErrors({ on: 'La fin ne peut pas précéder le début de l’affectation.' });
  if (input.reason === 'trial_not_conclusive' && input.on > assignment.trialEndsOn) {
    throw new FieldErrors({
      reason: `La période d’essai s’est terminée le ${assignment.trialEndsOn.split('-').reverse().join('/')} : choisissez un autre motif.`,
    });
  }
  assignment.end(input.on, input.reason, input.note);
  for (const s of assignment.suspensions.getItems()) if (!s.endsOn || s.endsOn > input.on) s.endsOn = input.on < s.startsOn ? s.startsOn : input.on;
  await flushGuarded(em);
  return assignment;
}

export async function suspendAssignment(
  em: EntityManager,
  scope: Scope,
  id: number,
  input: { startsOn: Day; endsOn: Day | null; reason: SuspensionReason; note: string },
): Promise<Suspension> {
  const assignment = await findAssignment(em, scope, id);
  scope.assertCanManage(assignment.establishment.id);
  if (assignment.endedOn && assignment.endedOn < input.startsOn) throw new RuleError('Cette affectation est terminée : elle ne peut plus être suspendue.', 409);
  if (input.startsOn < assignment.startsOn) throw new FieldErrors({ startsOn: 'La suspension ne peut pas commencer avant l’affectation.' });
  const suspension = em.create(Suspension, { establishment: assignment.establishment, assignment, ...input });
  await flushGuarded(em);
  return suspension;
}

export async function endSuspension(em: EntityManager, scope: Scope, id: number, on: Day): Promise<Suspension> {
  scope.require('admin', 'coordinator');
  const suspension = Number.isSafeInteger(id) ? await em.findOne(Suspension, id, { populate: ['assignment'] }) : null;
  if (!suspension || !scope.canSeeEstablishment(suspension.establishment.id)) throw new NotFoundError();
  if (on < suspension.startsOn) throw new FieldErrors({ on: 'La reprise ne peut pas précéder le début de la suspension.' });
  suspension.endsOn = on;
  await flushGuarded(em);
  return suspension;
}

export async function changeTrialEnd(em: EntityManager, scope: Scope, id: number, input: { trialEndsOn: Day; reason: string }): Promise<Assignment> {
  const assignment = await findAssignment(em, scope, id);
  scope.assertCanManage(assignment.establishment.id);
  if (input.trialEndsOn < assignment.startsOn) throw new FieldErrors({ trialEndsOn: 'La période d’essai ne peut pas finir avant le début de l’affectation.' });
  const legalMax = trialEndDate(
    assignment.startsOn,
    assignment.endReason === 'end_of_contract' ? (assignment.endedOn ?? null) : (assignment.contractEndsOn ?? null),
  );
  if (input.trialEndsOn > legalMax) {
    throw new FieldErrors({
      trialEndsOn: `La période d’essai ne peut pas dépasser le ${legalMax.split('-').reverse().join('/')} pour ce contrat (un jour par semaine de contrat, dans la limite prévue).`,
    });
  }
  assignment.trialEndsOn = input.trialEndsOn;
  assignment.trialChangeReason = input.reason;
  await flushGuarded(em);
  return assignment;
}

/**
 * Enrolls a person in a session within its places. The session row is locked for the
 * count, so simultaneous enrollments queue up and the last place goes to one person only.
 */
export async function enroll(
  em: EntityManager,
  scope: Scope,
  detaineeId: number,
  input: { sessionId: number; startsOn: Day },
  options: { candidacyId?: number } = {},
): Promise<Enrollment> {
  return em.transactional(async (tx) => {
    const detainee = await findDetainee(tx, scope, detaineeId);
    scope.assertCanManage(detainee.establishment.id);
    // The same lock as assignments and leavings take: a release cannot slip in between.
    await tx.findOneOrFail(Detainee, detainee.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!detainee.isPresent()) throw new RuleError('Cette personne est sortie de l’établissement : elle ne peut plus être inscrite.', 409);
    const session = await tx.findOne(
      TrainingSession,
      { id: input.sessionId, establishment: detainee.establishment.id },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!session) throw new FieldErrors({ sessionId: 'Cette session n’existe pas dans l’établissement de la personne.' });
    await tx.populate(session, ['programme']);
    if (isArchived(session)) throw new RuleError('Cette session est archivée : elle ne reçoit plus d’inscription.', 409);
    const taken = await tx.count(Enrollment, { session, status: { $ne: 'dropped' } });
    if (taken >= session.places) throw new RuleError(`La session « ${session.programme.title} » est complète (${session.places} places).`, 409);
    if (await tx.count(Enrollment, { session, detainee, status: { $ne: 'dropped' } }))
      throw new RuleError('Cette personne est déjà inscrite à cette session.', 409);
    if (input.startsOn < detainee.arrivalDate) throw new FieldErrors({ startsOn: 'L’entrée en formation ne peut pas précéder l’arrivée de la personne.' });
    if (input.startsOn < session.startsOn || input.startsOn > session.endsOn) {
      throw new FieldErrors({
        startsOn: `L’entrée en formation doit tomber pendant la session (du ${session.startsOn.split('-').reverse().join('/')} au ${session.endsOn.split('-').reverse().join('/')}).`,
      });
    }
    const candidacy = options.candidacyId ? await tx.findOne(Candidacy, { id: options.candidacyId, detainee, status: 'approved' }) : null;
    if (options.candidacyId && !candidacy) throw new RuleError('Cette candidature n’est plus sur liste d’attente : rechargez la page.', 409);
    const enrollment = tx.create(Enrollment, {
      establishment: detainee.establishment,
      detainee,
      session,
      candidacy,
      startsOn: input.startsOn,
      status: 'enrolled',
    });
    candidacy?.close('assigned', input.startsOn);
    await flushGuarded(tx);
    return enrollment;
  });
}

export async function findEnrollment(em: EntityManager, scope: Scope, id: number): Promise<Enrollment> {
  scope.require('admin', 'coordinator');
  const enrollment = Number.isSafeInteger(id) ? await em.findOne(Enrollment, id, { populate: ['detainee', 'session', 'session.programme'] }) : null;
  if (!enrollment || !scope.canSeeEstablishment(enrollment.establishment.id)) throw new NotFoundError();
  return enrollment;
}

export async function finishEnrollment(
  em: EntityManager,
  scope: Scope,
  id: number,
  outcome: { kind: 'completed'; on: Day; certified: boolean } | { kind: 'dropped'; on: Day; reason: string },
): Promise<Enrollment> {
  const enrollment = await findEnrollment(em, scope, id);
  scope.assertCanManage(enrollment.establishment.id);
  if (enrollment.status !== 'enrolled') throw new RuleError('Cette inscription est déjà close.', 409);
  if (outcome.on < enrollment.startsOn) throw new FieldErrors({ on: 'La date ne peut pas précéder l’entrée en formation.' });
  if (outcome.kind === 'completed') enrollment.complete(outcome.on, outcome.certified);
  else enrollment.drop(outcome.on, outcome.reason);
  await flushGuarded(em);
  return enrollment;
}
