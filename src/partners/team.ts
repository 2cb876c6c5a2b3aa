import type { EntityManager } from '@mikro-orm/postgresql';
import { ForbiddenError, NotFoundError, RuleError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { User, UserSession } from '../users/entities.ts';
import { Partner } from './entities.ts';
import { PartnerInvitation } from './profile-entities.ts';

/** One account of the organisation, as its colleagues see it. */
export interface TeamMember {
  id: number;
  displayName: string;
  email: string;
  partnerAdmin: boolean;
  active: boolean;
  passwordChangedAt: Date;
}

/** An invitation neither used nor cancelled (an expired one too: it still holds its address until cancelled or replaced). */
export interface PendingInvitation {
  id: number;
  email: string;
  displayName: string;
  expiresAt: Date;
  expired: boolean;
  invitedBy: string;
}

/** « Équipe » of the partner's profile: its accounts, and for its administrators the invitations waiting. */
export interface Team {
  partnerName: string;
  members: TeamMember[];
  /** Empty unless the viewer is an administrator of the organisation. */
  invitations: PendingInvitation[];
  /** The viewer administers the organisation: invites, cancels, deactivates, names administrators. */
  canManage: boolean;
  selfId: number;
}

/** The caller's organisation's team: any of its staff reads the accounts; invitations are its administrators'. */
export async function teamOf(em: EntityManager, scope: Scope, now: Date): Promise<Team> {
  scope.must(scope.isPartnerStaff);
  const partnerId = scope.partnerId as number;
  const [partner, users, invitations] = await Promise.all([
    em.findOneOrFail(Partner, partnerId),
    em.find(User, { role: 'partner', partner: partnerId }, { orderBy: { active: 'desc', displayName: 'asc' } }),
    scope.canManageOrganisation
      ? em.find(PartnerInvitation, { partner: partnerId, usedAt: null, revokedAt: null }, { populate: ['createdBy'], orderBy: { createdAt: 'asc' } })
      : Promise.resolve([]),
  ]);
  return {
    partnerName: partner.name,
    members: users.map((u) => ({
      id: u.id,
      displayName: u.displayName,
      email: u.email,
      partnerAdmin: u.partnerAdmin,
      active: u.active,
      passwordChangedAt: u.passwordChangedAt,
    })),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      displayName: i.displayName,
      expiresAt: i.expiresAt,
      expired: i.expiresAt <= now,
      invitedBy: i.createdBy.displayName,
    })),
    canManage: scope.canManageOrganisation,
    selfId: scope.userId,
  };
}

/** What an administrator may change about a colleague's account. */
export type TeamChange = 'deactivate' | 'reactivate' | 'grantAdmin' | 'revokeAdmin';

export const LAST_ADMINISTRATOR = 'La structure doit garder au moins un administrateur actif : nommez d’abord un autre administrateur parmi vos collègues.';

/**
 * An administrator deactivates or reactivates a colleague, or makes or unmakes one an
 * administrator. Under a lock on the organisation's row, so that two administrators acting at
 * once (each removing the other) cannot leave it without one: the second one waits, then finds
 * itself no longer an administrator, or the rule broken.
 */
export async function changeColleague(em: EntityManager, scope: Scope, userId: number, change: TeamChange): Promise<User> {
  scope.must(scope.canManageOrganisation);
  const partnerId = scope.partnerId as number;
  return em.transactional(async (tx) => {
    await tx.execute('select id from partner where id = ? for update', [partnerId]);
    const [actor] = await tx.execute<{ id: number }[]>(
      `select id from app_user where id = ? and role = 'partner' and partner_id = ? and partner_admin and active`,
      [scope.userId, partnerId],
    );
    // Unmade or deactivated by another administrator since this request began.
    if (!actor) throw new ForbiddenError();
    const colleague = Number.isSafeInteger(userId) ? await tx.findOne(User, { id: userId, role: 'partner', partner: partnerId }, { refresh: true }) : null;
    if (!colleague) throw new NotFoundError();
    apply(colleague, change, scope.userId);
    const [others] = await tx.execute<{ n: number }[]>(
      `select count(*)::int as n from app_user where partner_id = ? and role = 'partner' and partner_admin and active and id <> ?`,
      [partnerId, colleague.id],
    );
    if ((others?.n ?? 0) + (colleague.partnerAdmin && colleague.active ? 1 : 0) === 0) throw new RuleError(LAST_ADMINISTRATOR, 409);
    // A deactivated account is signed out everywhere at once.
    if (change === 'deactivate') await tx.nativeDelete(UserSession, { user: colleague.id });
    await tx.flush();
    return colleague;
  });
}

function apply(colleague: User, change: TeamChange, selfId: number): void {
  switch (change) {
    case 'deactivate':
      if (colleague.id === selfId) throw new RuleError('Vous ne pouvez pas désactiver votre propre compte.');
      colleague.deactivate();
      return;
    case 'reactivate':
      colleague.reactivate();
      return;
    case 'grantAdmin':
      if (!colleague.active) throw new RuleError('Ce compte est désactivé : réactivez-le avant d’en faire un administrateur.');
      colleague.partnerAdmin = true;
      return;
    case 'revokeAdmin':
      colleague.partnerAdmin = false;
      return;
  }
}
