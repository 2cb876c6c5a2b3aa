import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Candidacy } from '../candidacies/entities.ts';
import { answersAssignment } from '../candidacies/rules.ts';
import { findCandidacy } from '../candidacies/service.ts';
import { Detainee } from '../detainees/entities.ts';
import { findDetainee } from '../detainees/service.ts';
import { holdsOnOrAfter } from '../holdings/rules.ts';
import { heldDuring } from '../holdings/service.ts';
import { isArchived } from '../platform/archivable.ts';
import { type Day, parseDay } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, RuleError } from '../platform/errors.ts';
import { formatShortDay } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { TrainingSession } from '../training/entities.ts';
import { Post } from '../workshops/entities.ts';
import { categoryFloorProblem } from '../workshops/rules.ts';
import { listPosts, payFloors } from '../workshops/service.ts';
import { Assignment, type EndReason, Enrollment, Suspension, type SuspensionReason } from './entities.ts';
import type { AssignmentInput } from './forms.ts';
import { refuseOutsideTime } from './outside-time.ts';
import { peakWeeklyMinutes, trialEndDate, weeklyLimitProblem } from './rules.ts';

/** A proposed contract reference: "CEP-2026-0042", the establishment's next number of the year. */
export async function nextContractReference(em: EntityManager, establishmentId: number, today: Day): Promise<string> {
  const year = today.slice(0, 4);
  const n = await em.count(Assignment, { establishment: establishmentId, contractReference: { $like: `CEP-${year}-%` } });
  return `CEP-${year}-${String(n + 1).padStart(4, '0')}`;
}

export async function findAssignment(em: EntityManager, scope: Scope, id: number): Promise<Assignment> {
  scope.must(scope.managesEstablishments);
  const assignment = Number.isSafeInteger(id) ? await em.findOne(Assignment, id, { populate: ['detainee', 'post', 'post.workshop', 'suspensions'] }) : null;
  if (!assignment || !scope.canSeeEstablishment(assignment.establishment.id)) throw new NotFoundError();
  return assignment;
}

/** What an assignment did: the contract, and the waiting-list candidacies it answered, closed with it. */
export interface Assigned {
  assignment: Assignment;
  closedCandidacies: Candidacy[];
}

/**
 * Assigns a person to a post under a contract: the one way every screen assigns. The services
 * check every rule first to explain it; the database checks them again under locks (exclusion
 * constraint on the post's dates, trigger on the person's row), so two simultaneous requests
 * cannot both win. In the same transaction it closes the person's candidacies the assignment
 * answers (`answersAssignment()`), and `candidacyId`, the one chosen on the board.
 */
export async function assign(
  em: EntityManager,
  scope: Scope,
  detaineeId: number,
  input: AssignmentInput,
  options: { candidacyId?: number } = {},
): Promise<Assigned> {
  return em.transactional(async (tx) => {
    const detainee = await findDetainee(tx, scope, detaineeId);
    scope.assertCanManage(detainee.establishment.id);
    // Serialise the assignments of one person: the weekly total and their candidacies are read under this lock.
    await tx.findOneOrFail(Detainee, detainee.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const post = await tx.findOne(Post, { id: input.postId, establishment: detainee.establishment.id }, { populate: ['workshop'] });
    if (!post) throw new FieldErrors({ postId: 'Ce poste n’existe pas dans l’établissement de la personne.' });
    if (isArchived(post) || post.status !== 'open')
      throw new RuleError(`Le poste ${post.code} est gelé ou archivé : il ne peut pas recevoir d’affectation.`, 409);
    if (!detainee.isPresent()) throw new RuleError('Cette personne est sortie de l’établissement : elle ne peut plus être affectée.', 409);
    if (input.startsOn < detainee.arrivalDate) {
      throw new FieldErrors({
        startsOn: `Une affectation ne peut pas commencer avant l’arrivée de la personne (${formatShortDay(detainee.arrivalDate)}).`,
      });
    }
    const holder = await tx.findOne(Assignment, { post, ...heldDuring(input.startsOn, input.contractEndsOn) }, { populate: ['detainee'] });
    if (holder) throw new RuleError(`Le poste ${post.code} est occupé par ${holder.detainee.fullName()} à cette date : choisissez un poste vacant.`, 409);
    const payCategory = input.payCategory ?? post.payCategory;
    const floorProblem = categoryFloorProblem(payCategory, post.payCategory, input.startsOn, await payFloors(tx));
    if (floorProblem) throw new FieldErrors({ payCategory: floorProblem });
    const weeklyMinutes = input.weeklyHours ?? post.weeklyMinutes;
    // A fixed-term contract is planned to end on its end date: the post is free again the day after.
    const plannedEnd = input.contractEndsOn;
    const others = await tx.find(Assignment, { detainee, ...heldDuring(input.startsOn, plannedEnd) });
    const peak = peakWeeklyMinutes(
      others.map((a) => ({ startsOn: a.startsOn, endedOn: a.endedOn ?? null, weeklyMinutes: a.weeklyMinutes })),
      { startsOn: input.startsOn, endedOn: plannedEnd, weeklyMinutes },
    );
    const problem = weeklyLimitProblem(peak - weeklyMinutes, weeklyMinutes);
    if (problem) throw new RuleError(problem, 409);
    const closedCandidacies = await closeAnsweredCandidacies(tx, detainee, post, input.startsOn, options.candidacyId);
    const assignment = tx.create(Assignment, {
      establishment: detainee.establishment,
      detainee,
      post,
      candidacy: closedCandidacies[0] ?? null,
      contractReference: input.contractReference,
      startsOn: input.startsOn,
      contractEndsOn: input.contractEndsOn,
      trialEndsOn: trialEndDate(input.startsOn, input.contractEndsOn),
      weeklyMinutes,
      payCategory,
      payBasisPoints: post.payBasisPoints ?? null,
      endedOn: input.contractEndsOn,
      endReason: input.contractEndsOn ? 'end_of_contract' : null,
    });
    await flushGuarded(tx);
    return { assignment, closedCandidacies };
  });
}

/**
 * Closes as assigned, from the contract's start (never before the CPU's opinion), the person's
 * waiting-list candidacies the assignment answers, the chosen one first. Read fresh under the
 * person's row lock: of two assignments racing for one candidacy, the second sees it closed.
 */
async function closeAnsweredCandidacies(tx: EntityManager, detainee: Detainee, post: Post, startsOn: Day, chosenId?: number): Promise<Candidacy[]> {
  const waiting = await tx.find(
    Candidacy,
    { detainee, status: 'approved', session: null },
    { populate: ['post'], orderBy: { cpuOn: 'asc', id: 'asc' }, refresh: true },
  );
  const chosen = chosenId === undefined ? undefined : waiting.find((c) => c.id === chosenId);
  if (chosenId !== undefined && !chosen) throw new RuleError('Cette candidature n’est plus sur liste d’attente : rechargez la page.', 409);
  const workshopOf = (c: Candidacy) => c.workshop?.id ?? c.post?.workshop.id ?? null;
  if (chosen && workshopOf(chosen) !== post.workshop.id) throw new FieldErrors({ postId: 'Choisissez un poste de l’atelier demandé.' });
  const answered = waiting.filter(
    (c) => c !== chosen && answersAssignment({ status: c.status, submittedOn: c.submittedOn, workshopId: workshopOf(c) }, post.workshop.id, startsOn),
  );
  const closed = chosen ? [chosen, ...answered] : answered;
  for (const c of closed) c.close('assigned', c.cpuOn && c.cpuOn > startsOn ? c.cpuOn : startsOn);
  return closed;
}

/** The open posts of the establishment (of one workshop when given) that no one holds on any day of [from, to] (`to` null: with no end): those a contract over these dates may take. */
export async function vacantPostsDuring(
  em: EntityManager,
  scope: Scope,
  establishmentId: number,
  during: { from: Day; to: Day | null },
  workshopId?: number,
): Promise<Post[]> {
  const posts = await listPosts(em, scope, establishmentId, { status: 'open', workshopId });
  if (posts.length === 0) return [];
  const held = await em.find(Assignment, { post: { $in: posts.map((p) => p.id) }, ...heldDuring(during.from, during.to) }, { fields: ['post'] });
  const heldIds = new Set(held.map((a) => a.post.id));
  return posts.filter((p) => !heldIds.has(p.id));
}

/** The dates an assignment form lists its vacant posts for: those typed when valid, else from today with no end. */
export function contractDates(values: { startsOn?: unknown; contractEndsOn?: unknown }, today: Day): { from: Day; to: Day | null } {
  const from = parseDay(String(values.startsOn ?? '')) ?? today;
  const to = parseDay(String(values.contractEndsOn ?? ''));
  return { from, to: to && to >= from ? to : null };
}

/** What the assign-from-the-waiting-list form offers: the candidacy's workshop's posts vacant over the contract's dates, the one asked for first, and the next contract reference. */
export async function assignFromListChoices(
  em: EntityManager,
  scope: Scope,
  candidacyId: number,
  today: Day,
  during: { from: Day; to: Day | null } = { from: today, to: null },
): Promise<{ candidacy: Candidacy; posts: Post[]; contractReference: string }> {
  const candidacy = await findCandidacy(em, scope, candidacyId);
  scope.assertCanManage(candidacy.establishment.id);
  const establishmentId = candidacy.establishment.id;
  const vacant = await vacantPostsDuring(em, scope, establishmentId, during, candidacy.post?.workshop.id ?? candidacy.workshop?.id);
  const asked = candidacy.post?.id;
  return {
    candidacy,
    posts: [...vacant.filter((p) => p.id === asked), ...vacant.filter((p) => p.id !== asked)],
    contractReference: await nextContractReference(em, establishmentId, today),
  };
}

/** Assigns the person waiting on `candidacyId` to a post, which closes the candidacy as assigned. */
export async function assignFromWaitingList(em: EntityManager, scope: Scope, candidacyId: number, input: AssignmentInput): Promise<Assigned> {
  const candidacy = await findCandidacy(em, scope, candidacyId);
  return assign(em, scope, candidacy.detainee.id, input, { candidacyId: candidacy.id });
}

/** Enrolls the person waiting on `candidacyId` in the session they asked for, which closes the candidacy as assigned. */
export async function enrollFromWaitingList(em: EntityManager, scope: Scope, candidacyId: number, startsOn: Day): Promise<Enrollment> {
  const candidacy = await findCandidacy(em, scope, candidacyId);
  if (!candidacy.session) throw new RuleError('Cette candidature ne porte pas sur une session de formation.', 409);
  return enroll(em, scope, candidacy.detainee.id, { sessionId: candidacy.session.id, startsOn }, { candidacyId: candidacy.id });
}

/**
 * Ends an assignment on `input.on`. Over days after it that already hold time, it is refused
 * with those entries (OutsideTimeError) unless `confirmOutside`: that time is then « hors
 * contrat », unpaid and listed on the person's page for correction.
 */
export async function endAssignment(
  em: EntityManager,
  scope: Scope,
  id: number,
  input: { on: Day; reason: EndReason; note: string; confirmOutside?: boolean },
): Promise<Assignment> {
  const assignment = await findAssignment(em, scope, id);
  scope.assertCanManage(assignment.establishment.id);
  // A planned end (the contract's end date) can be brought forward; a past end cannot be changed here.
  if (assignment.endedOn && assignment.endedOn <= input.on) {
    throw new RuleError(`Cette affectation se termine déjà le ${formatShortDay(assignment.endedOn)}.`, 409);
  }
  if (input.on < assignment.startsOn) throw new FieldErrors({ on: 'La fin ne peut pas précéder le début de l’affectation.' });
  if (input.reason === 'trial_not_conclusive' && input.on > assignment.trialEndsOn) {
    throw new FieldErrors({
      reason: `La période d’essai s’est terminée le ${formatShortDay(assignment.trialEndsOn)} : choisissez un autre motif.`,
    });
  }
  await refuseOutsideTime(em, { assignmentId: assignment.id }, { kind: 'end', on: input.on }, input.confirmOutside ?? false);
  assignment.end(input.on, input.reason, input.note);
  for (const s of assignment.suspensions.getItems()) if (!s.endsOn || s.endsOn > input.on) s.endsOn = input.on < s.startsOn ? s.startsOn : input.on;
  await flushGuarded(em);
  return assignment;
}

export async function suspendAssignment(
  em: EntityManager,
  scope: Scope,
  id: number,
  input: { startsOn: Day; endsOn: Day | null; reason: SuspensionReason; note: string; confirmOutside?: boolean },
): Promise<Suspension> {
  const { confirmOutside = false, ...fields } = input;
  const assignment = await findAssignment(em, scope, id);
  scope.assertCanManage(assignment.establishment.id);
  if (!holdsOnOrAfter(assignment, input.startsOn)) throw new RuleError('Cette affectation est terminée : elle ne peut plus être suspendue.', 409);
  if (input.startsOn < assignment.startsOn) throw new FieldErrors({ startsOn: 'La suspension ne peut pas commencer avant l’affectation.' });
  // Days of the suspension that already hold time: the user chooses (see endAssignment).
  await refuseOutsideTime(em, { assignmentId: assignment.id }, { kind: 'suspension', startsOn: input.startsOn, endsOn: input.endsOn }, confirmOutside);
  const suspension = em.create(Suspension, { establishment: assignment.establishment, assignment, ...fields });
  await flushGuarded(em);
  return suspension;
}

/** A suspension within the caller's establishments, with its assignment; 404 otherwise. */
export async function findSuspension(em: EntityManager, scope: Scope, id: number): Promise<Suspension> {
  scope.must(scope.managesEstablishments);
  const suspension = Number.isSafeInteger(id) ? await em.findOne(Suspension, id, { populate: ['assignment'] }) : null;
  if (!suspension || !scope.canSeeEstablishment(suspension.establishment.id)) throw new NotFoundError();
  return suspension;
}

export async function endSuspension(em: EntityManager, scope: Scope, id: number, on: Day): Promise<Suspension> {
  const suspension = await findSuspension(em, scope, id);
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
      trialEndsOn: `La période d’essai ne peut pas dépasser le ${formatShortDay(legalMax)} pour ce contrat (un jour par semaine de contrat, dans la limite prévue).`,
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
        startsOn: `L’entrée en formation doit tomber pendant la session (du ${formatShortDay(session.startsOn)} au ${formatShortDay(session.endsOn)}).`,
      });
    }
    // The person's request for this session leaves its waiting list, whichever screen enrolls them (the board names it).
    const candidacy = await tx.findOne(
      Candidacy,
      options.candidacyId
        ? { id: options.candidacyId, detainee, status: 'approved' }
        : { detainee, session, status: 'approved', submittedOn: { $lte: input.startsOn } },
      { refresh: true },
    );
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
  scope.must(scope.managesEstablishments);
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
