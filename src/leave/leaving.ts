/**
 * Leave at a release or a transfer (issue 19, item 6), within the leaving's transaction
 * (`detainees/service.ts`): the requests still asked for are refused (« Sortie de
 * l’établissement le 12/11/2026 »), the approved ones starting after the leaving day cancelled
 * (their CP entries removed), both marked `closedByLeaving`; the ledger settles the balance on the
 * leaving day (`accrual.ts`), paid out in that month's pay or lost as the policy says. Cancelling
 * the leaving restores the marked requests that can still be (no other request on their days;
 * for approved leave, its contract held again, no week validated nor hours typed since).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Detainee } from '../detainees/entities.ts';
import type { Day } from '../platform/calendar.ts';
import { FieldErrors } from '../platform/errors.ts';
import { formatShortDay } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import { User } from '../users/entities.ts';
import { formatCentidays, policyTitle } from './accrual.ts';
import { LEAVE_CODE } from './calendar.ts';
import { LeaveRequest } from './entities.ts';
import { leaveHistoryOf, movementsOf } from './ledger.ts';
import { policyOn } from './policy.ts';
import { workingDays } from './requests.ts';
import { policyVersionsOf } from './service.ts';
import { removeLeaveEntries, writeLeaveEntries } from './timesheet.ts';

export interface LeaveAtLeaving {
  refused: number;
  cancelled: number;
  /** Approved leave running over the leaving day, ended that day (not restored by cancelling the leaving). */
  shortened: number;
  /** « Solde de congés : 3,5 j, payés sur la paie de novembre 2026 »; null without a policy. */
  settlement: string | null;
}

const monthName = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Closes the person's leave requests on leaving `on` and says how the balance is settled; the person's row is locked and their leaving recorded. */
export async function closeLeaveAtLeaving(tx: EntityManager, userId: number, detainee: Detainee, on: Day): Promise<LeaveAtLeaving> {
  const requests = await tx.find(LeaveRequest, { detainee: detainee.id, status: { $in: ['requested', 'approved'] } }, { refresh: true });
  const refused = requests.filter((r) => r.status === 'requested');
  const cancelled = requests.filter((r) => r.status === 'approved' && r.startsOn > on);
  const now = new Date();
  for (const r of refused) {
    r.status = 'refused';
    r.refusalReason = `Sortie de l’établissement le ${formatShortDay(on)}`;
    r.decidedBy = tx.getReference(User, userId);
    r.decidedAt = now;
    r.closedByLeaving = true;
  }
  for (const r of cancelled) {
    r.status = 'cancelled';
    r.cancelledBy = tx.getReference(User, userId);
    r.cancelledAt = now;
    r.closedByLeaving = true;
  }
  // Leave running over the leaving day ends that day: the days after it are neither taken from the balance nor left in the timesheet.
  const shortened = requests.filter((r) => r.status === 'approved' && r.startsOn <= on && r.endsOn > on);
  for (const r of shortened) {
    r.endsOn = on;
    r.endsMorning = false;
    r.days = workingDays(r.startsOn, on, { startsAfternoon: r.startsAfternoon, endsMorning: false }, detainee.establishment.alsaceMoselle);
    r.comment = `${r.comment ? `${r.comment} ` : ''}(raccourci à la sortie du ${formatShortDay(on)})`.slice(0, 300);
  }
  await flushGuarded(tx);
  for (const r of cancelled) await removeLeaveEntries(tx, r);
  for (const r of shortened)
    await tx.execute(`delete from time_entry where assignment_id = ? and day > ? and kind = 'absence' and absence_code = ? and not is_adjustment`, [
      r.assignment.id,
      on,
      LEAVE_CODE,
    ]);
  return {
    refused: refused.length,
    cancelled: cancelled.length,
    shortened: shortened.length,
    settlement: await settlementText(tx, detainee, on),
  };
}

/** What the ledger settles on the leaving day, in French; null when the establishment has no policy then. */
async function settlementText(tx: EntityManager, detainee: Detainee, on: Day): Promise<string | null> {
  const establishmentId = detainee.establishment.id;
  const policies = await policyVersionsOf(tx, establishmentId);
  const policy = policyOn(policies, on);
  if (!policy) return null;
  const movements = movementsOf(await leaveHistoryOf(tx, establishmentId, detainee), policies, on);
  const settled = movements.find((m) => m.kind === 'settlement' && m.day === on);
  if (!settled) return 'Solde de congés (semaines validées à ce jour) : aucun jour à régler.';
  const days = Math.abs(settled.centidays);
  const many = days >= 200;
  if (settled.centidays > 0) return `Congés pris d’avance : ${formatCentidays(days)}, non ${many ? 'retenus' : 'retenu'} sur la paie.`;
  return policy.settlement === 'paid_out'
    ? `Solde de congés (semaines validées à ce jour) : ${formatCentidays(days)}, ${many ? 'payés' : 'payé'} sur la paie de ${monthName.format(new Date(`${on}T00:00:00Z`))}.`
    : `Solde de congés (semaines validées à ce jour) : ${formatCentidays(days)} ${many ? 'perdus' : 'perdu'} (politique ${policyTitle(policy)}).`;
}

/**
 * Cancelling the leaving: the requests it closed come back (asked for again, or approved with
 * their CP entries written again) when they still can; the others stay closed and are counted.
 * Runs after the assignments are reopened.
 */
export async function reopenLeaveAtReturn(tx: EntityManager, userId: number, detaineeId: number): Promise<{ restored: number; notRestored: number }> {
  const closed = await tx.find(LeaveRequest, { detainee: detaineeId, closedByLeaving: true }, { refresh: true, orderBy: { startsOn: 'asc' } });
  let restored = 0;
  for (const r of closed) {
    // Read within the transaction (tx.execute): the assignments were reopened just before.
    const [taken] = await tx.execute<{ n: number }[]>(
      `select count(*)::int as n from leave_request where detainee_id = ? and id <> ? and status in ('requested', 'approved') and starts_on <= ? and ends_on >= ?`,
      [detaineeId, r.id, r.endsOn, r.startsOn],
    );
    if ((taken?.n ?? 0) > 0) continue;
    if (r.status === 'refused') {
      Object.assign(r, { status: 'requested', refusalReason: '', decidedBy: null, decidedAt: null, closedByLeaving: false });
      await flushGuarded(tx);
      restored++;
      continue;
    }
    const [held] = await tx.execute<{ n: number }[]>('select count(*)::int as n from assignment where id = ? and (ended_on is null or ended_on >= ?)', [
      r.assignment.id,
      r.endsOn,
    ]);
    if ((held?.n ?? 0) === 0) continue;
    const before = { cancelledBy: r.cancelledBy, cancelledAt: r.cancelledAt };
    Object.assign(r, { status: 'approved', cancelledBy: null, cancelledAt: null, closedByLeaving: false });
    try {
      // Refuses (before writing anything) a week validated or hours typed on its days since.
      await writeLeaveEntries(tx, r, userId);
      restored++;
    } catch (e) {
      if (!(e instanceof FieldErrors)) throw e;
      Object.assign(r, { status: 'cancelled', ...before, closedByLeaving: true });
    }
  }
  return { restored, notRestored: closed.length - restored };
}
