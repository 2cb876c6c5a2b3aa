/**
 * The life of a meeting's minutes (issue 20, item 5): draft → submitted to the members → approved
 * by the chair, who numbers the decisions and fixes an edition (its content, its PDF and the
 * PDF's SHA-256); a correction reopens approved minutes as the next edition, the approved one
 * staying as it was (the database refuses any change to it).
 */
import { createHash } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Clock, type Day, toDay } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, RuleError } from '../platform/errors.ts';
import { formatShortDay } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { meetingAccess } from './access.ts';
import { Decision, Meeting, MinutesEdition } from './entities.ts';
import { draftAccess, meetingYear, minutesDocument } from './minutes.ts';
import { minutesPdf } from './minutes-pdf.ts';

/** The text is final for now: the members read it before the chair approves. */
export async function submitMinutes(em: EntityManager, scope: Scope, meetingId: number, clock: Clock): Promise<Meeting> {
  const { meeting } = await draftAccess(em, scope, meetingId);
  meeting.status = 'submitted';
  meeting.submittedAt = clock.now();
  meeting.submittedBy = em.getReference(User, scope.userId);
  await flushGuarded(em);
  return meeting;
}

/** Back to the draft, to change the text the members were sent. */
export async function resumeDrafting(em: EntityManager, scope: Scope, meetingId: number): Promise<Meeting> {
  const { meeting, canTakeMinutes } = await meetingAccess(em, scope, meetingId);
  scope.must(canTakeMinutes);
  if (meeting.status !== 'submitted') throw new RuleError('Seul un compte rendu soumis aux membres peut être repris en rédaction.', 409);
  meeting.status = 'draft';
  await flushGuarded(em);
  return meeting;
}

/**
 * Approves the minutes in one transaction: under a lock of the committee's row (two meetings of
 * the committee approved at once take their numbers one after the other), numbers the meeting's
 * decisions not numbered yet in agenda order with the committee's next numbers of the meeting's
 * year, marks the meeting approved and stores the edition with its PDF and SHA-256.
 */
export async function approveMinutes(em: EntityManager, scope: Scope, meetingId: number, input: { approvedOn: Day }, clock: Clock): Promise<MinutesEdition> {
  const { meeting, canApprove } = await meetingAccess(em, scope, meetingId);
  scope.must(canApprove);
  return em.transactional(async (tx) => {
    await tx.getConnection().execute('select id from committee where id = ? for update', [meeting.committee.id], 'all', tx.getTransactionContext());
    const locked = await tx.findOneOrFail(Meeting, meeting.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (locked.status !== 'submitted') {
      throw new RuleError(
        locked.status === 'approved' ? 'Ce compte rendu est déjà approuvé.' : 'Soumettez d’abord le compte rendu aux membres : il s’approuve ensuite.',
        409,
      );
    }
    const held = toDay(locked.startsAt);
    if (input.approvedOn < held)
      throw new FieldErrors({ approvedOn: `Le compte rendu s’approuve au plus tôt le jour de la réunion, le ${formatShortDay(held)}.` });
    if (input.approvedOn > clock.today()) throw new FieldErrors({ approvedOn: 'La date d’approbation ne peut pas être dans le futur.' });
    await numberDecisions(tx, locked);
    locked.status = 'approved';
    locked.approvedOn = input.approvedOn;
    locked.approvedAt = clock.now();
    locked.approvedBy = tx.getReference(User, scope.userId);
    await flushGuarded(tx);
    const document = await minutesDocument(tx, locked.id);
    const pdf = await minutesPdf(document);
    const edition = tx.create(MinutesEdition, {
      meeting: locked,
      edition: locked.edition,
      content: document.content,
      pdf,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      approvedOn: input.approvedOn,
      approvedAt: locked.approvedAt,
      approvedBy: locked.approvedBy,
    });
    await flushGuarded(tx);
    return edition;
  });
}

/** Gives the meeting's unnumbered decisions, in agenda order, the committee's next numbers of the year. */
async function numberDecisions(tx: EntityManager, meeting: Meeting): Promise<void> {
  const year = meetingYear(meeting);
  const [row] = await tx
    .getConnection()
    .execute<{ last: number }[]>(
      'select coalesce(max(number), 0)::int as last from committee_decision where committee_id = ? and year = ?',
      [meeting.committee.id, year],
      'all',
      tx.getTransactionContext(),
    );
  let last = row?.last ?? 0;
  const pending = await tx.find(Decision, { meeting, number: null }, { populate: ['item'], refresh: true });
  const order = (d: Decision) => d.item?.position ?? Number.MAX_SAFE_INTEGER;
  for (const decision of pending.sort((a, b) => order(a) - order(b) || a.id - b.id)) {
    decision.year = year;
    decision.number = ++last;
  }
  await flushGuarded(tx);
}

/**
 * Reopens approved minutes as the next edition, to correct them: the chair or a manager, with a
 * reason. The approved edition stays in the archive unchanged.
 */
export async function amendMinutes(em: EntityManager, scope: Scope, meetingId: number, reason: string): Promise<Meeting> {
  const { meeting, canApprove, canManage } = await meetingAccess(em, scope, meetingId);
  scope.must(canApprove || canManage);
  if (meeting.status !== 'approved') throw new RuleError('Seul un compte rendu approuvé se corrige par une nouvelle version.', 409);
  meeting.status = 'draft';
  meeting.edition += 1;
  meeting.correctionReason = reason;
  meeting.approvedOn = null;
  meeting.approvedAt = null;
  meeting.approvedBy = null;
  await flushGuarded(em);
  return meeting;
}

/** The stored PDF of an approved edition (the latest, or `edition`), byte for byte. */
export async function storedMinutesPdf(
  em: EntityManager,
  scope: Scope,
  meetingId: number,
  edition?: number,
): Promise<{ pdf: Buffer; sha256: string; edition: number } | null> {
  const { meeting } = await meetingAccess(em, scope, meetingId);
  if (edition !== undefined && !(Number.isSafeInteger(edition) && edition >= 1)) throw new NotFoundError();
  const where = edition === undefined ? { meeting } : { meeting, edition };
  const found = await em.findOne(MinutesEdition, where, { orderBy: { edition: 'desc' }, populate: ['pdf'] });
  if (!found) {
    if (edition !== undefined) throw new NotFoundError();
    return null;
  }
  return { pdf: Buffer.from(found.pdf as Uint8Array), sha256: found.sha256, edition: found.edition };
}

/** A draft's PDF, rendered now and marked « Projet ». */
export async function previewMinutesPdf(em: EntityManager, scope: Scope, meetingId: number): Promise<Buffer> {
  const { meeting } = await meetingAccess(em, scope, meetingId);
  const document = await minutesDocument(em, meeting.id);
  return minutesPdf({ ...document, approval: null });
}
