import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Assignment, Enrollment } from '../assignments/entities.ts';
import { refuseOutsideTime } from '../assignments/outside-time.ts';
import { daysWithoutActivity, enrollmentActivityEnd } from '../assignments/rules.ts';
import { Candidacy } from '../candidacies/entities.ts';
import { findEstablishment } from '../establishments/service.ts';
import { holdsOn, lastEndBefore } from '../holdings/rules.ts';
import { heldOnOrAfter } from '../holdings/service.ts';
import { closeLeaveAtLeaving, type LeaveAtLeaving, reopenLeaveAtReturn } from '../leave/leaving.ts';
import { type Day, plusDays } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, RuleError, StaleRecordError } from '../platform/errors.ts';
import { formatShortDay } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { Detainee } from './entities.ts';
import type { DetaineeInput, LeavingInput } from './forms.ts';
import { releaseWithinDays } from './rules.ts';

export interface DetaineeRow {
  detainee: Detainee;
  assignments: Assignment[];
  enrollments: Enrollment[];
  waiting: number;
  /** Days without work or training today; null when the person has some, or has left. */
  daysWithout: number | null;
}

export interface DetaineeFilters {
  q?: string;
  status?: 'present' | 'left' | 'all';
  withoutActivity?: boolean;
  releaseSoon?: boolean;
  waiting?: boolean;
}

/** Training that covers `today`: with a post held that day, what the 100 % promise counts. */
export function isCurrentEnrollment(e: Enrollment, today: Day): boolean {
  return e.status === 'enrolled' && e.startsOn <= today && e.session.startsOn <= today && today <= e.session.endsOn;
}

/**
 * Days the person has been without work or training on `today`, from all their assignments
 * and enrolments (sessions loaded); null when they have some today, or have left.
 */
export function daysWithoutOf(
  detainee: Pick<Detainee, 'arrivalDate' | 'isPresent'>,
  assignments: readonly Assignment[],
  enrollments: readonly Enrollment[],
  today: Day,
): number | null {
  if (!detainee.isPresent() || assignments.some((a) => holdsOn(a, today)) || enrollments.some((e) => isCurrentEnrollment(e, today))) return null;
  // An enrolment never closed ended with its session: without that, the count started at arrival.
  const trainingEnds = enrollments.map((e) => ({ endedOn: enrollmentActivityEnd({ endedOn: e.endedOn, sessionEndsOn: e.session.endsOn }) }));
  return daysWithoutActivity(detainee.arrivalDate, lastEndBefore([...assignments, ...trainingEnds], today), today);
}

/** The establishment's people with what they hold today, in four queries whatever their number. */
export async function listDetainees(em: EntityManager, scope: Scope, establishmentId: number, filters: DetaineeFilters, today: Day): Promise<DetaineeRow[]> {
  scope.must(scope.managesEstablishments);
  await findEstablishment(em, scope, establishmentId);
  const where: Record<string, unknown> = { establishment: establishmentId };
  if ((filters.status ?? 'present') === 'present') where.status = 'present';
  else if (filters.status === 'left') where.status = { $ne: 'present' };
  if (filters.q) {
    // Accents and case do not matter: « lefevre » finds Lefèvre.
    const like = `%${filters.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const found = await em.getConnection().execute<{ id: number }[]>(
      `select id from detainee where establishment_id = ? and (unaccent(lower(last_name || ' ' || first_name)) like unaccent(lower(?))
         or unaccent(lower(first_name || ' ' || last_name)) like unaccent(lower(?)) or lower(prison_number) like lower(?))`,
      [establishmentId, like, like, like],
    );
    where.id = { $in: found.map((r) => r.id) };
  }
  const detainees = await em.find(Detainee, where, { orderBy: { lastName: 'asc', firstName: 'asc', id: 'asc' } });
  if (detainees.length === 0) return [];
  const ids = detainees.map((d) => d.id);
  const [assignments, enrollments, candidacies] = await Promise.all([
    em.find(Assignment, { detainee: { $in: ids } }, { populate: ['post', 'post.workshop'], orderBy: { startsOn: 'asc' } }),
    em.find(Enrollment, { detainee: { $in: ids } }, { populate: ['session', 'session.programme'], orderBy: { startsOn: 'asc' } }),
    em.find(Candidacy, { detainee: { $in: ids }, status: 'approved' }, { fields: ['id', 'detainee'] }),
  ]);
  const rows = detainees.map((detainee) => {
    const mine = assignments.filter((a) => a.detainee.id === detainee.id);
    const trainings = enrollments.filter((e) => e.detainee.id === detainee.id);
    return {
      detainee,
      assignments: mine.filter((a) => holdsOn(a, today)),
      enrollments: trainings.filter((e) => isCurrentEnrollment(e, today)),
      waiting: candidacies.filter((c) => c.detainee.id === detainee.id).length,
      daysWithout: daysWithoutOf(detainee, mine, trainings, today),
    };
  });
  return rows.filter(
    (r) =>
      (!filters.withoutActivity || r.daysWithout !== null) &&
      (!filters.releaseSoon || (r.detainee.isPresent() && releaseWithinDays(r.detainee.expectedReleaseDate ?? null, today, 90))) &&
      (!filters.waiting || r.waiting > 0),
  );
}

export async function findDetainee(em: EntityManager, scope: Scope, id: number): Promise<Detainee> {
  scope.must(scope.managesEstablishments);
  const detainee = Number.isSafeInteger(id) ? await em.findOne(Detainee, id, { populate: ['establishment', 'referentUser'] }) : null;
  if (!detainee || !scope.canSeeEstablishment(detainee.establishment.id)) throw new NotFoundError();
  return detainee;
}

function apply(detainee: Detainee, input: DetaineeInput): void {
  detainee.prisonNumber = input.prisonNumber;
  detainee.lastName = input.lastName;
  detainee.firstName = input.firstName;
  detainee.birthDate = input.birthDate;
  detainee.arrivalDate = input.arrivalDate;
  detainee.expectedReleaseDate = input.expectedReleaseDate;
  detainee.officerName = input.officerName;
  detainee.officerContact = input.officerContact;
  detainee.cpipName = input.cpipName;
  detainee.cpipContact = input.cpipContact;
  detainee.referentName = input.referentName;
  detainee.referentContact = input.referentContact;
}

export async function createDetainee(em: EntityManager, scope: Scope, establishmentId: number, input: DetaineeInput): Promise<Detainee> {
  scope.assertCanManage(establishmentId);
  const establishment = await findEstablishment(em, scope, establishmentId);
  const detainee = em.create(Detainee, {
    establishment,
    prisonNumber: input.prisonNumber,
    lastName: input.lastName,
    firstName: input.firstName,
    birthDate: input.birthDate,
    arrivalDate: input.arrivalDate,
    status: 'present',
  });
  apply(detainee, input);
  await flushGuarded(em);
  return detainee;
}

export async function updateDetainee(em: EntityManager, scope: Scope, id: number, input: DetaineeInput, version: number): Promise<Detainee> {
  const detainee = await findDetainee(em, scope, id);
  if (detainee.version !== version) throw new StaleRecordError();
  const first = await em.findOne(Assignment, { detainee }, { orderBy: { startsOn: 'asc' } });
  if (first && input.arrivalDate > first.startsOn) {
    throw new FieldErrors({
      arrivalDate: `La date d’arrivée ne peut pas suivre le début de sa première affectation (${formatShortDay(first.startsOn)}).`,
    });
  }
  const training = await em.findOne(Enrollment, { detainee, status: { $ne: 'dropped' } }, { orderBy: { startsOn: 'asc' } });
  if (training && input.arrivalDate > training.startsOn) {
    throw new FieldErrors({
      arrivalDate: `La date d’arrivée ne peut pas suivre sa première entrée en formation (${formatShortDay(training.startsOn)}).`,
    });
  }
  if (detainee.leftOn && input.arrivalDate > detainee.leftOn) {
    throw new FieldErrors({ arrivalDate: `La date d’arrivée ne peut pas suivre la sortie (${formatShortDay(detainee.leftOn)}).` });
  }
  apply(detainee, input);
  await flushGuarded(em);
  return detainee;
}

export interface LeavingSummary {
  detainee: Detainee;
  endedAssignments: number;
  droppedEnrollments: number;
  closedCandidacies: number;
  /** Leave requests refused or cancelled, and how the leave balance is settled. */
  leave: LeaveAtLeaving;
}

/**
 * Release or transfer: an action with a date, not an edit. In one transaction it ends what
 * the person holds on that date (with the reason), drops current trainings and closes
 * open requests, leave requests included (the ledger settles the balance that day); the history stays.
 */
export async function recordLeaving(
  em: EntityManager,
  scope: Scope,
  id: number,
  kind: 'released' | 'transferred',
  input: LeavingInput,
): Promise<LeavingSummary> {
  return em.transactional((tx) => leave(tx, scope, id, kind, input));
}

async function leave(tx: EntityManager, scope: Scope, id: number, kind: 'released' | 'transferred', input: LeavingInput): Promise<LeavingSummary> {
  const detainee = await findDetainee(tx, scope, id);
  scope.assertCanManage(detainee.establishment.id);
  // The lock assignments and enrollments take too: nothing can be added while the person leaves.
  await tx.findOneOrFail(Detainee, detainee.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!detainee.isPresent()) throw new RuleError('Cette personne est déjà sortie de l’établissement.', 409);
  if (input.on < detainee.arrivalDate) throw new RuleError('La date de sortie ne peut pas précéder la date d’arrivée.');
  const later = await tx.count(Assignment, { detainee, startsOn: { $gt: input.on } });
  if (later > 0) throw new RuleError('Une affectation commence après cette date de sortie : terminez-la ou corrigez-la d’abord.', 409);
  // Time typed after the leaving day, on any of the person's sheets: the user chooses (see endAssignment).
  await refuseOutsideTime(tx, { detaineeId: detainee.id }, { kind: 'leaving', on: input.on }, input.confirmOutside ?? false);
  const reason = kind === 'released' ? 'release' : 'transfer';
  const label = kind === 'released' ? 'Libération' : 'Transfert';
  // Still held the day after the leaving: those end on the leaving day.
  const assignments = await tx.find(Assignment, { detainee, ...heldOnOrAfter(plusDays(input.on, 1)) });
  for (const a of assignments) {
    // Remember a planned end (fixed-term contract), which cancelling the leaving restores.
    a.endedOnBeforeLeaving = a.endedOn ?? null;
    a.endReasonBeforeLeaving = a.endReason ?? null;
    a.end(input.on, reason, input.reason);
  }
  const enrollments = await tx.find(Enrollment, { detainee, status: 'enrolled' });
  for (const e of enrollments) e.drop(input.on < e.startsOn ? e.startsOn : input.on, label);
  const candidacies = await tx.find(Candidacy, { detainee, status: { $in: ['submitted', 'approved'] } });
  for (const c of candidacies) c.close('expired', input.on, label);
  detainee.status = kind;
  detainee.leftOn = input.on;
  detainee.leftReason = input.reason;
  await flushGuarded(tx);
  const leave = await closeLeaveAtLeaving(tx, scope.userId, detainee, input.on);
  return { detainee, endedAssignments: assignments.length, droppedEnrollments: enrollments.length, closedCandidacies: candidacies.length, leave };
}

/**
 * A way back from a mistaken release or transfer: the person is present again, and what
 * the leaving ended that day is reopened when it still can be: its assignments (a post taken
 * since stays ended) and its trainings (a session full since stays dropped).
 */
export interface CancelledLeaving {
  detainee: Detainee;
  reopened: number;
  notReopened: number;
  restoredTrainings: number;
  notRestoredTrainings: number;
  /** Leave requests the leaving closed, asked for or approved again; those that no longer can be. */
  restoredLeave: number;
  notRestoredLeave: number;
}

export async function cancelLeaving(em: EntityManager, scope: Scope, id: number): Promise<CancelledLeaving> {
  return em.transactional(async (tx) => {
    const detainee = await findDetainee(tx, scope, id);
    scope.assertCanManage(detainee.establishment.id);
    if (detainee.isPresent() || !detainee.leftOn) throw new RuleError('Cette personne est présente : il n’y a pas de sortie à annuler.', 409);
    const on = detainee.leftOn;
    const reason = detainee.status === 'released' ? 'release' : 'transfer';
    detainee.status = 'present';
    detainee.leftOn = null;
    detainee.leftReason = '';
    await tx.flush();
    const candidacies = await tx.find(Candidacy, { detainee, status: 'expired', closedOn: on });
    for (const c of candidacies) {
      c.status = c.cpuOpinion === 'favourable' ? 'approved' : 'submitted';
      c.closedOn = null;
      c.closedReason = '';
    }
    await tx.flush();
    let reopened = 0;
    let notReopened = 0;
    const ended = await tx.find(Assignment, { detainee, endedOn: on, endReason: reason }, { fields: ['id'] });
    for (const { id: assignmentId } of ended) {
      // Each reopening behind its own savepoint: a post taken since must not undo the others.
      await tx.execute('savepoint reopen_assignment');
      try {
        await tx.execute(
          `update assignment set ended_on = ended_on_before_leaving, end_reason = end_reason_before_leaving, end_note = '',
             ended_on_before_leaving = null, end_reason_before_leaving = null, version = version + 1 where id = ?`,
          [assignmentId],
        );
        await tx.execute('release savepoint reopen_assignment');
        reopened++;
      } catch {
        await tx.execute('rollback to savepoint reopen_assignment');
        notReopened++;
      }
    }
    // The trainings the leaving dropped (with its label, on that day, or on their later start): enrolled again.
    const label = reason === 'release' ? 'Libération' : 'Transfert';
    const dropped = await tx.find(Enrollment, { detainee, status: 'dropped', dropReason: label });
    let restoredTrainings = 0;
    let notRestoredTrainings = 0;
    for (const e of dropped.filter((x) => x.endedOn === on || (x.startsOn > on && x.endedOn === x.startsOn))) {
      // A place taken since (session full) must not undo the rest: each behind its own savepoint.
      await tx.execute('savepoint restore_enrollment');
      try {
        await tx.execute(`update enrollment set status = 'enrolled', ended_on = null, drop_reason = '', version = version + 1 where id = ?`, [e.id]);
        await tx.execute('release savepoint restore_enrollment');
        restoredTrainings++;
      } catch {
        await tx.execute('rollback to savepoint restore_enrollment');
        notRestoredTrainings++;
      }
    }
    const leave = await reopenLeaveAtReturn(tx, scope.userId, detainee.id);
    return { detainee, reopened, notReopened, restoredTrainings, notRestoredTrainings, restoredLeave: leave.restored, notRestoredLeave: leave.notRestored };
  });
}
