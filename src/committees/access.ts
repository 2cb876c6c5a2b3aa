/**
 * Who may do what with a committee (issue 20; docs/rules.md): one reading for every page.
 *
 * - An admin manages every committee; a coordinator manages the committees whose establishments
 *   are all in their scope, and reads those touching it.
 * - A member who is a user of the app (any role) reads their committee, its meetings and minutes;
 *   its secretary and its chair take the minutes, and the chair approves them.
 * - Anyone else: 404, as if the committee did not exist.
 * - Names of detained people (a CPU's candidacies) only to those who see the establishment's
 *   individual data: admins and the establishment's coordinators.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { Committee, CommitteeMember, Meeting, type MemberRole } from './entities.ts';

export interface CommitteeAccess {
  committee: Committee;
  establishmentIds: number[];
  /** Create meetings, edit the committee and its members, and everything below. */
  canManage: boolean;
  /** The caller's membership (not left), if any. */
  membership: CommitteeMember | null;
  /** Takes the minutes: a manager, the secretary or the chair. */
  canTakeMinutes: boolean;
  /** Approves the minutes: the chair, or a manager when the committee has no chair who is a user of the app. */
  canApprove: boolean;
  /** Sees the names of detained people (the CPU's candidacies). */
  seesNames: boolean;
}

/** The committee as the caller may use it; 404 when they may not see it. */
export async function committeeAccess(em: EntityManager, scope: Scope, committeeId: number): Promise<CommitteeAccess> {
  const committee = Number.isSafeInteger(committeeId) ? await em.findOne(Committee, committeeId, { populate: ['establishments'] }) : null;
  if (!committee) throw new NotFoundError();
  const establishmentIds = committee.establishments.getItems().map((e) => e.id);
  const members = await em.find(CommitteeMember, { committee, leftAt: null });
  const membership = members.find((m) => m.user?.id === scope.userId) ?? null;
  const inScope = establishmentIds.length > 0 && establishmentIds.every((id) => scope.canManageEstablishment(id));
  const touches = establishmentIds.some((id) => scope.canManageEstablishment(id));
  const canManage = scope.isAdmin || (scope.role === 'coordinator' && inScope);
  if (!canManage && !touches && !membership) throw new NotFoundError();
  const role: MemberRole | null = membership?.role ?? null;
  const hasUserChair = members.some((m) => m.role === 'chair' && m.user);
  return {
    committee,
    establishmentIds,
    canManage,
    membership,
    canTakeMinutes: canManage || role === 'secretary' || role === 'chair',
    canApprove: role === 'chair' || (canManage && !hasUserChair),
    seesNames: establishmentIds.length > 0 && establishmentIds.every((id) => scope.canManageEstablishment(id)) && scope.seesIndividualData,
  };
}

/** A meeting and its committee's access; 404 when the caller may not see the committee. */
export async function meetingAccess(em: EntityManager, scope: Scope, meetingId: number): Promise<CommitteeAccess & { meeting: Meeting }> {
  const meeting = Number.isSafeInteger(meetingId) ? await em.findOne(Meeting, meetingId) : null;
  if (!meeting) throw new NotFoundError();
  return { ...(await committeeAccess(em, scope, meeting.committee.id)), meeting };
}
