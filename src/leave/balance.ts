/**
 * A person's leave balance explained (issue 19, item 3): today and at a chosen date, with the
 * movements it is the sum of, the policy in force, and the person's requests.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Detainee } from '../detainees/entities.ts';
import { findDetainee } from '../detainees/service.ts';
import type { Day } from '../platform/calendar.ts';
import type { Scope } from '../platform/scope.ts';
import { balanceAt, type LeaveMovement } from './accrual.ts';
import { ledgerOf } from './ledger.ts';
import { type LeavePolicyVersion, policyOn } from './policy.ts';
import { type LeaveRequestRow, leaveRequestsOf } from './requests.ts';

export interface LeaveBalance {
  detainee: Detainee;
  asOf: Day;
  today: Day;
  /** The policy in force at `asOf` (or today), null when the establishment has none. */
  policy: LeavePolicyVersion | null;
  /** The establishment has at least one policy version. */
  hasPolicy: boolean;
  movements: LeaveMovement[];
  balance: number;
  balanceToday: number;
  /** The person's leave requests, newest first. */
  requests: LeaveRequestRow[];
}

/**
 * The person's balance explained, today and at `asOf`: managers of the person's establishment
 * only (another establishment's person is a 404, a partner or committee member a 403).
 */
export async function leaveBalanceOf(
  em: EntityManager,
  scope: Scope,
  detaineeId: number,
  policies: readonly LeavePolicyVersion[],
  today: Day,
  asOf: Day = today,
): Promise<LeaveBalance> {
  const detainee = await findDetainee(em, scope, detaineeId);
  scope.must(scope.seesIndividualData);
  const until = asOf > today ? asOf : today;
  const all = await ledgerOf(em, detainee.establishment.id, detainee, policies, until);
  const movements = all.filter((m) => m.day <= asOf);
  return {
    detainee,
    asOf,
    today,
    policy: policyOn(policies, asOf) ?? policyOn(policies, today),
    hasPolicy: policies.length > 0,
    movements,
    balance: balanceAt(movements, asOf),
    balanceToday: balanceAt(all, today),
    requests: await leaveRequestsOf(em, detainee.id),
  };
}
