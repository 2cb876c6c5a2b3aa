/**
 * Leave requests (issue 19, item 4): a person's days off, entered by a coordinator of the
 * establishment or by the partner of the workshop where the person holds a post on those days
 * (people have no accounts), decided by a coordinator. Every write runs in a transaction that
 * first locks the person's row, so that two requests or two approvals never together take more
 * than the balance; the database refuses two live requests on overlapping dates.
 *
 * Days are working days: Monday to Friday, public holidays excluded (with Alsace-Moselle's when
 * the establishment applies them); the first day from the afternoon only or the last day in the
 * morning only count 0,5.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Assignment } from '../assignments/entities.ts';
import { Detainee, personName } from '../detainees/entities.ts';
import { type Day, plusDays } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, RuleError } from '../platform/errors.ts';
import { formatShortDay } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import { holidayOn } from '../platform/holidays.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { balanceAt, formatCentidays } from './accrual.ts';
import { leaveDays } from './days.ts';
import { LeaveRequest } from './entities.ts';
import { ledgerOf } from './ledger.ts';
import { policyOn } from './policy.ts';
import { policyVersionsOf } from './service.ts';
import { lockLeaveWeeks, removeLeaveEntries, validatedWeekProblem, writeLeaveEntries } from './timesheet.ts';

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Saisissez une date (jj/mm/aaaa).');
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === '1');

/** The request form: a coordinator's on the person page, a partner's with the person chosen. */
export const leaveRequestForm = z
  .object({
    startsOn: day,
    endsOn: day,
    startsAfternoon: checkbox,
    endsMorning: checkbox,
    reason: z.enum(['leave', 'authorised_absence'], { message: 'Choisissez le motif : congé ou autre absence autorisée.' }),
    comment: z.string().trim().max(300, 'Le commentaire tient en 300 caractères au plus.').default(''),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'Le dernier jour ne peut pas précéder le premier.' });
    else if (v.startsOn === v.endsOn && v.startsAfternoon && v.endsMorning)
      ctx.addIssue({ code: 'custom', path: ['endsMorning'], message: 'Sur une seule journée, choisissez le matin ou l’après-midi, pas les deux.' });
  });
export type LeaveRequestInput = z.infer<typeof leaveRequestForm>;

/** A request's input from its dates (whole days, « congé », no comment unless given): for the demo and scripts. */
export const leaveRequestInput = (startsOn: Day, endsOn: Day, more: Partial<LeaveRequestInput> = {}): LeaveRequestInput => ({
  startsOn,
  endsOn,
  startsAfternoon: false,
  endsMorning: false,
  reason: 'leave',
  comment: '',
  ...more,
});

/** The refusal form: its reason is required. */
export const leaveRefusalForm = z.object({
  refusalReason: z.string().trim().min(1, 'Indiquez le motif du refus.').max(300, 'Le motif tient en 300 caractères au plus.'),
});

/** The working days from `from` to `to`, in centidays: Monday to Friday, public holidays excluded, half days 50. */
export function workingDays(from: Day, to: Day, half: { startsAfternoon: boolean; endsMorning: boolean }, alsaceMoselle = false): number {
  return leaveDays({ startsOn: from, endsOn: to, ...half }, alsaceMoselle).reduce((n, d) => n + (d.half ? 50 : 100), 0);
}

/** Locks the person's row for the rest of the transaction: every leave write of a person goes one at a time. */
async function lockPerson(tx: EntityManager, detaineeId: number): Promise<Detainee> {
  const detainee = await tx.findOne(Detainee, detaineeId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, populate: ['establishment'] });
  if (!detainee) throw new NotFoundError();
  return detainee;
}

/** The assignment the person holds on `on` in the establishment, with its workshop's partner. */
async function assignmentOn(tx: EntityManager, detainee: Detainee, on: Day) {
  const rows = await tx.execute<{ id: number; end: Day | null; workshop_id: number; partner_id: number | null }[]>(
    `select a.id, to_char(coalesce(a.ended_on, a.contract_ends_on), 'YYYY-MM-DD') as "end", p.workshop_id, w.partner_id
       from assignment a join post p on p.id = a.post_id join workshop w on w.id = p.workshop_id
      where a.detainee_id = ? and a.establishment_id = ? and a.starts_on <= ?
        and (coalesce(a.ended_on, a.contract_ends_on) is null or coalesce(a.ended_on, a.contract_ends_on) >= ?)
      order by a.starts_on desc limit 1`,
    [detainee.id, detainee.establishment.id, on, on],
  );
  return rows[0] ?? null;
}

/**
 * What the person may still take on `on`: the ledger's balance that day (leave already taken
 * included), less the approved requests starting later and, when asking (`pending`), the
 * requests not yet decided. A decision counts the approved ones only: approving one request
 * is never blocked by another still waiting, which is checked again when its turn comes.
 */
export async function availableOn(tx: EntityManager, detainee: Detainee, on: Day, pending: boolean, except?: number): Promise<number> {
  const policies = await policyVersionsOf(tx, detainee.establishment.id);
  const movements = await ledgerOf(tx, detainee.establishment.id, detainee, policies, on);
  const [held] = await tx.execute<{ days: string }[]>(
    `select coalesce(sum(days), 0) as days from leave_request
      where detainee_id = ? and reason = 'leave' and id <> ?
        and ((? and status = 'requested') or (status = 'approved' and starts_on > ?))`,
    [detainee.id, except ?? 0, pending, on],
  );
  return balanceAt(movements, on) - Number(held?.days ?? 0);
}

/** The refusals a request meets, field by field (the first found): nothing stored. */
async function checkRequest(tx: EntityManager, scope: Scope, detainee: Detainee, input: LeaveRequestInput) {
  const establishmentId = detainee.establishment.id;
  const assignment = await assignmentOn(tx, detainee, input.startsOn);
  // A partner enters requests only for the people of its own workshops: anyone else is a 404.
  if (scope.role === 'partner' && (!assignment || assignment.partner_id !== scope.partnerId)) throw new NotFoundError();
  if (!assignment)
    throw new FieldErrors({ startsOn: `La personne n’occupe aucun poste le ${formatShortDay(input.startsOn)} : un congé se prend pendant une affectation.` });
  if (assignment.end !== null && input.endsOn > assignment.end)
    throw new FieldErrors({ endsOn: `L’affectation se termine le ${formatShortDay(assignment.end)} : le congé doit finir au plus tard ce jour-là.` });
  const policy = policyOn(await policyVersionsOf(tx, establishmentId), input.startsOn);
  if (!policy) throw new FieldErrors({ startsOn: `Aucune politique de congés n’est en vigueur le ${formatShortDay(input.startsOn)} dans cet établissement.` });
  const days = workingDays(input.startsOn, input.endsOn, input, detainee.establishment.alsaceMoselle);
  if (days === 0) throw new FieldErrors({ startsOn: 'Ces dates ne comptent aucun jour ouvré (du lundi au vendredi, hors jours fériés).' });
  const validated = await validatedWeekProblem(tx, assignment.workshop_id, input.startsOn, input.endsOn);
  if (validated) throw new FieldErrors({ startsOn: validated });
  const [overlap] = await tx.execute<{ starts_on: Day; ends_on: Day }[]>(
    `select to_char(starts_on, 'YYYY-MM-DD') as starts_on, to_char(ends_on, 'YYYY-MM-DD') as ends_on from leave_request
      where detainee_id = ? and status in ('requested', 'approved') and starts_on <= ? and ends_on >= ? limit 1`,
    [detainee.id, input.endsOn, input.startsOn],
  );
  if (overlap)
    throw new FieldErrors({
      startsOn: `Une autre demande de cette personne couvre déjà ces dates (du ${formatShortDay(overlap.starts_on)} au ${formatShortDay(overlap.ends_on)}).`,
    });
  if (input.reason === 'leave' && !policy.allowAdvance) await checkBalance(tx, scope, detainee, input.startsOn, days);
  return { assignmentId: assignment.id, days };
}

async function checkBalance(tx: EntityManager, scope: Scope, detainee: Detainee, on: Day, days: number, except?: number) {
  const deciding = except !== undefined;
  const available = await availableOn(tx, detainee, on, !deciding, except);
  if (days <= available) return;
  // A partner never sees a balance (docs/rules.md): the refusal says so without the figure.
  const message = scope.seesNamesOnly
    ? 'Solde de congés insuffisant pour ces dates : la coordination peut vous renseigner.'
    : `Solde insuffisant : ${formatCentidays(days)} demandés, ${formatCentidays(Math.max(0, available))} disponibles au ${formatShortDay(on)}${deciding ? ' (congés déjà approuvés déduits)' : ' (demandes en attente déduites)'}.`;
  throw new FieldErrors({ [deciding ? 'decision' : 'startsOn']: message });
}

/** A partner's or a coordinator's request for the person; a partner without a post of the person on that day gets 404. */
export async function requestLeave(em: EntityManager, scope: Scope, detaineeId: number, input: LeaveRequestInput): Promise<LeaveRequest> {
  if (!scope.managesEstablishments && !scope.isPartnerStaff) throw new NotFoundError();
  if (!Number.isSafeInteger(detaineeId)) throw new NotFoundError();
  return em.transactional(async (tx) => {
    const detainee = await lockPerson(tx, detaineeId);
    if (scope.role !== 'partner' && !scope.canManageEstablishment(detainee.establishment.id)) throw new NotFoundError();
    const { assignmentId, days } = await checkRequest(tx, scope, detainee, input);
    const request = tx.create(LeaveRequest, {
      establishment: detainee.establishment.id,
      detainee: detainee.id,
      assignment: tx.getReference(Assignment, assignmentId),
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      startsAfternoon: input.startsAfternoon,
      endsMorning: input.endsMorning,
      days,
      reason: input.reason,
      comment: input.comment,
      createdBy: tx.getReference(User, scope.userId),
    });
    await flushGuarded(tx);
    return request;
  });
}

/** The request, its person locked, for a decision by a coordinator of its establishment (else 404). */
async function forDecision(tx: EntityManager, scope: Scope, id: number) {
  scope.must(scope.managesEstablishments);
  const found = Number.isSafeInteger(id) ? await tx.findOne(LeaveRequest, id) : null;
  if (!found || !scope.canManageEstablishment(found.establishment.id)) throw new NotFoundError();
  const detainee = await lockPerson(tx, found.detainee.id);
  const request = await tx.findOneOrFail(LeaveRequest, id, { refresh: true });
  return { request, detainee };
}

/** Approves a request still asked for, its balance checked again under the person's lock. */
export async function approveLeaveRequest(em: EntityManager, scope: Scope, id: number): Promise<LeaveRequest> {
  return em.transactional(async (tx) => {
    await lockLeaveWeeks(tx, id);
    const { request, detainee } = await forDecision(tx, scope, id);
    if (request.status !== 'requested') throw new RuleError('Cette demande a déjà été traitée : la page montre son état actuel.', 409);
    const policy = policyOn(await policyVersionsOf(tx, detainee.establishment.id), request.startsOn);
    if (request.reason === 'leave' && !policy?.allowAdvance) await checkBalance(tx, scope, detainee, request.startsOn, request.days, request.id);
    request.status = 'approved';
    request.decidedBy = tx.getReference(User, scope.userId);
    request.decidedAt = new Date();
    await flushGuarded(tx);
    await writeLeaveEntries(tx, request, scope.userId);
    return request;
  });
}

/** Refuses a request still asked for, with its reason. */
export async function refuseLeaveRequest(em: EntityManager, scope: Scope, id: number, refusalReason: string): Promise<LeaveRequest> {
  return em.transactional(async (tx) => {
    const { request } = await forDecision(tx, scope, id);
    if (request.status !== 'requested') throw new RuleError('Cette demande a déjà été traitée : la page montre son état actuel.', 409);
    request.status = 'refused';
    request.refusalReason = refusalReason;
    request.decidedBy = tx.getReference(User, scope.userId);
    request.decidedAt = new Date();
    await flushGuarded(tx);
    return request;
  });
}

/** Cancels a request asked for or approved, before its first day: its days return to the balance. */
export async function cancelLeaveRequest(em: EntityManager, scope: Scope, id: number, today: Day): Promise<LeaveRequest> {
  return em.transactional(async (tx) => {
    await lockLeaveWeeks(tx, id);
    const { request } = await forDecision(tx, scope, id);
    if (request.status !== 'requested' && request.status !== 'approved')
      throw new RuleError('Seule une demande en attente ou approuvée peut être annulée.', 409);
    if (request.startsOn <= today) throw new RuleError(`Ce congé a commencé le ${formatShortDay(request.startsOn)} : il ne peut plus être annulé.`, 409);
    request.status = 'cancelled';
    request.cancelledBy = tx.getReference(User, scope.userId);
    request.cancelledAt = new Date();
    await flushGuarded(tx);
    await removeLeaveEntries(tx, request);
    return request;
  });
}

export interface LeaveRequestRow {
  id: number;
  detaineeId: number;
  personName: string;
  postTitle: string;
  startsOn: Day;
  endsOn: Day;
  startsAfternoon: boolean;
  endsMorning: boolean;
  days: number;
  reason: 'leave' | 'authorised_absence';
  comment: string;
  status: 'requested' | 'approved' | 'refused' | 'cancelled';
  decidedBy: string | null;
  refusalReason: string;
}

const ROW_SQL = `select r.id, r.detainee_id, d.last_name, d.first_name, p.title as post_title,
    to_char(r.starts_on, 'YYYY-MM-DD') as starts_on, to_char(r.ends_on, 'YYYY-MM-DD') as ends_on, r.starts_afternoon, r.ends_morning,
    r.days, r.reason, r.comment, r.status, u.display_name as decided_by, r.refusal_reason
  from leave_request r join detainee d on d.id = r.detainee_id join assignment a on a.id = r.assignment_id join post p on p.id = a.post_id
  left join app_user u on u.id = r.decided_by_id`;

type RawRow = Record<string, unknown>;
const asRow = (r: RawRow): LeaveRequestRow => ({
  id: Number(r.id),
  detaineeId: Number(r.detainee_id),
  personName: personName(String(r.last_name), String(r.first_name)),
  postTitle: String(r.post_title),
  startsOn: String(r.starts_on),
  endsOn: String(r.ends_on),
  startsAfternoon: Boolean(r.starts_afternoon),
  endsMorning: Boolean(r.ends_morning),
  days: Number(r.days),
  reason: r.reason as LeaveRequestRow['reason'],
  comment: String(r.comment),
  status: r.status as LeaveRequestRow['status'],
  decidedBy: (r.decided_by as string | null) ?? null,
  refusalReason: String(r.refusal_reason),
});

/** A person's requests, newest first (managers of the person's establishment; the caller has checked). */
export async function leaveRequestsOf(em: EntityManager, detaineeId: number): Promise<LeaveRequestRow[]> {
  const rows = await em.execute<RawRow[]>(`${ROW_SQL} where r.detainee_id = ? order by r.starts_on desc, r.id desc`, [detaineeId]);
  return rows.map(asRow);
}

/** One request as a row (after a decision), within the caller's establishments. */
export async function leaveRequestRow(em: EntityManager, scope: Scope, id: number): Promise<LeaveRequestRow> {
  const [row] = await em.execute<RawRow[]>(`${ROW_SQL} where r.id = ?`, [id]);
  const found = row ? asRow(row) : null;
  if (!found || !row) throw new NotFoundError();
  const [est] = await em.execute<{ establishment_id: number }[]>('select establishment_id from leave_request where id = ?', [id]);
  if (!est || !scope.canManageEstablishment(est.establishment_id)) throw new NotFoundError();
  return found;
}

/** The establishment's requests waiting for a decision, oldest first. */
export async function pendingLeaveRequests(em: EntityManager, scope: Scope, establishmentId: number): Promise<LeaveRequestRow[]> {
  scope.must(scope.managesEstablishments);
  if (!scope.canManageEstablishment(establishmentId)) throw new NotFoundError();
  const rows = await em.execute<RawRow[]>(`${ROW_SQL} where r.establishment_id = ? and r.status = 'requested' order by r.starts_on, r.id`, [establishmentId]);
  return rows.map(asRow);
}

/** The partner's form: the person chosen among the workshop's people. */
export const partnerLeaveRequestForm = z.intersection(
  z.object({ detaineeId: z.coerce.number({ message: 'Choisissez la personne.' }).int().positive('Choisissez la personne.') }),
  leaveRequestForm,
);

/**
 * The workshop's people holding a post there today or later, by name and post only: its
 * partner's staff, or a manager of its establishment; anyone else gets 404.
 */
export async function workshopLeavePeople(em: EntityManager, scope: Scope, workshopId: number, today: Day) {
  const [workshop] = Number.isSafeInteger(workshopId)
    ? await em.execute<{ id: number; name: string; establishment_id: number; partner_id: number | null }[]>(
        'select id, name, establishment_id, partner_id from workshop where id = ?',
        [workshopId],
      )
    : [];
  if (!workshop || !(scope.canManageEstablishment(workshop.establishment_id) || (scope.isPartnerStaff && workshop.partner_id === scope.partnerId)))
    throw new NotFoundError();
  const rows = await em.execute<{ id: number; last_name: string; first_name: string; post: string }[]>(
    `select distinct d.id, d.last_name, d.first_name, p.title as post
       from assignment a join post p on p.id = a.post_id join detainee d on d.id = a.detainee_id
      where p.workshop_id = ? and (a.ended_on is null or a.ended_on >= ?) order by d.last_name, d.first_name, d.id`,
    [workshopId, today],
  );
  return {
    workshop: { id: workshop.id, name: workshop.name },
    people: rows.map((r) => [String(r.id), `${personName(r.last_name, r.first_name)} — ${r.post}`] as const),
  };
}
