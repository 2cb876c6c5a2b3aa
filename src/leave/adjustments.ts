/**
 * Manual leave adjustments (issue 19, item 2): a coordinator corrects a person's balance by a
 * signed number of half days, on a day, with a mandatory reason; the ledger shows it as
 * « ajustement par … le …, motif : … » and the audit trail records who and when. A mistaken
 * adjustment is removed (audited too), never edited.
 *
 * Choices: half days only (as requests count), never zero, at most 60 days either way; the day
 * lies within the person's time in the establishment (from their first assignment, up to their
 * leaving), not after today, under a policy in force. An adjustment that takes the balance
 * below zero is allowed (it is the coordination's correction), and the new balance is said.
 * Every write locks the person's row first, as requests do: two adjustments at once are both
 * kept, and each reports the balance the other left.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Detainee } from '../detainees/entities.ts';
import type { Day } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError } from '../platform/errors.ts';
import { formatShortDay } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { balanceAt } from './accrual.ts';
import { LeaveAdjustment } from './entities.ts';
import { type LeaveHistory, leaveHistoryOf, movementsOf } from './ledger.ts';
import { policyOn } from './policy.ts';
import { policyVersionsOf } from './service.ts';

/** At most 60 days either way, in hundredths. */
export const MAX_ADJUSTMENT = 6000;

/** « +1 », « -0,5 », « 2 », « − 1,5 » → centidays; null when not a number. */
export function parseAdjustmentDays(input: string): number | null {
  const text = input.replace(/\s/g, '').replace('−', '-').replace(',', '.');
  if (!/^[+-]?\d{1,4}(\.\d{1,2})?$/.test(text)) return null;
  return Math.round(Number(text) * 100);
}

export const leaveAdjustmentForm = z.object({
  day: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Saisissez une date (jj/mm/aaaa).'),
  days: z
    .string()
    .trim()
    .min(1, 'Indiquez le nombre de jours : « +1 » ajoute un jour, « -0,5 » retire une demi-journée.')
    .transform((v, ctx) => {
      const centidays = parseAdjustmentDays(v);
      const issue = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      if (centidays === null) return issue('Saisissez un nombre de jours, comme « +1 », « -0,5 » ou « 2 ».');
      if (centidays === 0) return issue('Un ajustement de 0 jour ne change rien : indiquez un nombre de jours, positif ou négatif.');
      if (centidays % 50 !== 0) return issue('Un ajustement se fait par demi-journée : 0,5, 1, 1,5…');
      if (Math.abs(centidays) > MAX_ADJUSTMENT) return issue('Un ajustement tient en 60 jours au plus, dans un sens ou dans l’autre.');
      return centidays;
    }),
  reason: z
    .string()
    .trim()
    .min(3, 'Indiquez le motif de l’ajustement (3 caractères au moins) : il figure dans le compteur.')
    .max(300, 'Le motif tient en 300 caractères au plus.')
    .refine((v) => !/[\t\n\r]/.test(v), 'Le motif tient sur une seule ligne.'),
});
export type LeaveAdjustmentInput = z.infer<typeof leaveAdjustmentForm>;

/** Locks the person's row for the rest of the transaction, as every leave write does (requests.ts). */
async function lockPerson(tx: EntityManager, detaineeId: number): Promise<Detainee> {
  const detainee = Number.isSafeInteger(detaineeId)
    ? await tx.findOne(Detainee, detaineeId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, populate: ['establishment'] })
    : null;
  if (!detainee) throw new NotFoundError();
  return detainee;
}

/**
 * The person's balance today once `change` is made to their adjustments. The history is read
 * under the person's lock (so no other leave write is under way) but outside this transaction,
 * so the change is applied to it here rather than read back.
 */
async function balanceAfter(tx: EntityManager, detainee: Detainee, today: Day, change: (a: LeaveHistory['adjustments']) => LeaveHistory['adjustments']) {
  const establishmentId = detainee.establishment.id;
  const [history, policies] = await Promise.all([leaveHistoryOf(tx, establishmentId, detainee), policyVersionsOf(tx, establishmentId)]);
  return balanceAt(movementsOf({ ...history, adjustments: change(history.adjustments) }, policies, today), today);
}

export interface AdjustmentOutcome {
  detaineeId: number;
  /** The balance today once the change is made: it may be negative. */
  balance: number;
}

/** Adds an adjustment for the person: a coordinator of their establishment (a partner or committee member 403, another establishment 404). */
export async function addLeaveAdjustment(
  em: EntityManager,
  scope: Scope,
  detaineeId: number,
  input: LeaveAdjustmentInput,
  today: Day,
): Promise<AdjustmentOutcome & { adjustment: LeaveAdjustment }> {
  scope.must(scope.managesEstablishments);
  return em.transactional(async (tx) => {
    const detainee = await lockPerson(tx, detaineeId);
    const establishmentId = detainee.establishment.id;
    if (!scope.canManageEstablishment(establishmentId)) throw new NotFoundError();
    if (input.day > today) throw new FieldErrors({ day: 'Un ajustement porte sur aujourd’hui ou une date passée.' });
    const history = await leaveHistoryOf(tx, establishmentId, detainee);
    if (!history.span || input.day < history.span.from)
      throw new FieldErrors({
        day: history.span
          ? `La personne n’occupe un poste dans l’établissement que depuis le ${formatShortDay(history.span.from)} : choisissez une date à partir de ce jour.`
          : 'La personne n’a encore occupé aucun poste dans l’établissement : il n’y a pas de compteur de congés à ajuster.',
      });
    if (history.left && input.day > history.left.day)
      throw new FieldErrors({ day: `La personne a quitté l’établissement le ${formatShortDay(history.left.day)} : choisissez une date jusqu’à ce jour.` });
    if (!policyOn(await policyVersionsOf(tx, establishmentId), input.day))
      throw new FieldErrors({ day: `Aucune politique de congés n’est en vigueur le ${formatShortDay(input.day)} dans cet établissement.` });
    const adjustment = tx.create(LeaveAdjustment, {
      establishment: establishmentId,
      detainee: detainee.id,
      day: input.day,
      centidays: input.days,
      reason: input.reason,
      createdBy: tx.getReference(User, scope.userId),
    });
    const balance = await balanceAfter(tx, detainee, today, (all) => [...all, { day: input.day, centidays: input.days, explanation: '' }]);
    await flushGuarded(tx);
    return { adjustment, detaineeId: detainee.id, balance };
  });
}

/** Removes a mistaken adjustment (the audit trail keeps it): a coordinator of its establishment, else 404. */
export async function removeLeaveAdjustment(em: EntityManager, scope: Scope, id: number, today: Day): Promise<AdjustmentOutcome> {
  scope.must(scope.managesEstablishments);
  return em.transactional(async (tx) => {
    const found = Number.isSafeInteger(id) ? await tx.findOne(LeaveAdjustment, id) : null;
    if (!found || !scope.canManageEstablishment(found.establishment.id)) throw new NotFoundError();
    const detainee = await lockPerson(tx, found.detainee.id);
    // Read again under the lock: removed meanwhile, it is gone (404).
    const adjustment = await tx.findOne(LeaveAdjustment, id, { refresh: true });
    if (!adjustment) throw new NotFoundError();
    const balance = await balanceAfter(tx, detainee, today, (all) => all.filter((a) => a.id !== id));
    tx.remove(adjustment);
    await flushGuarded(tx);
    return { detaineeId: detainee.id, balance };
  });
}
