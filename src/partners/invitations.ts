import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, subMinutes } from 'date-fns';
import { z } from 'zod';
import { minutesUntilLoginAllowed, sessionExpiry } from '../auth/rules.ts';
import { hashToken, type LoginSettings } from '../auth/service.ts';
import { FieldErrors, NotFoundError, RuleError } from '../platform/errors.ts';
import { nameField } from '../platform/fields.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import { hashGate, hashPassword } from '../platform/passwords.ts';
import type { Scope } from '../platform/scope.ts';
import { LoginAttempt, User, UserSession } from '../users/entities.ts';
import { passwordProblem } from '../users/rules.ts';
import { Partner } from './entities.ts';
import { PartnerInvitation } from './profile-entities.ts';

/** How long an invitation's link may be used. */
export const INVITATION_VALID_DAYS = 7;

/** What the link says once it cannot be used, whatever the reason (unknown, expired, used or cancelled). */
export const INVITATION_GONE = 'Ce lien d’invitation n’est plus valable : demandez-en un nouveau à la personne qui vous a invité.';
export const ACCOUNT_EXISTS = 'Un compte existe déjà avec cette adresse : demandez à l’administration de le rattacher.';
export const ACCOUNT_EXISTS_AT_ACCEPTANCE =
  'Un compte existe déjà avec cette adresse : connectez-vous avec lui, ou demandez à l’administration de le rattacher à votre structure.';
/** Login attempts made through an invitation's link are counted against the caller's address under this name. */
const INVITATION_ATTEMPT = 'invitation';

const name = nameField({
  min: 2,
  max: 120,
  missing: 'Indiquez le prénom et le nom (au moins 2 caractères).',
  tooLong: 'Le nom ne peut pas dépasser 120 caractères.',
});

export const invitationForm = z.object({
  displayName: name,
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Indiquez l’adresse électronique de votre collègue.')
    .max(254, 'Adresse trop longue.')
    .pipe(z.email('Indiquez une adresse électronique valide, par exemple prenom.nom@association.fr.')),
});
export type InvitationInput = z.infer<typeof invitationForm>;

export const acceptanceForm = z
  .object({
    displayName: name,
    password: z.string().min(1, 'Choisissez un mot de passe.'),
    confirmation: z.string().min(1, 'Saisissez à nouveau le mot de passe.'),
  })
  .refine((v) => v.password === v.confirmation, { path: ['confirmation'], message: 'Les deux saisies du mot de passe ne sont pas identiques.' });
export type AcceptanceInput = z.infer<typeof acceptanceForm>;

/** An invitation just made, with its token: shown once to the administrator, never stored (only its SHA-256). */
export interface IssuedInvitation {
  email: string;
  displayName: string;
  expiresAt: Date;
  token: string;
}

/**
 * An administrator of a partner invites a colleague: a random token whose hash only is kept,
 * valid INVITATION_VALID_DAYS. An address that has an account (in any organisation) is refused:
 * the administration attaches it. A second pending invitation to the same address is refused
 * by the database (`partner_invitation_pending_unique`); an expired one gives way to the new one.
 */
export async function inviteColleague(em: EntityManager, scope: Scope, input: InvitationInput, now: Date): Promise<IssuedInvitation> {
  scope.must(scope.canManageOrganisation);
  const partnerId = scope.partnerId as number;
  if ((await em.count(User, { email: input.email })) > 0) throw new FieldErrors({ email: ACCOUNT_EXISTS });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = addDays(now, INVITATION_VALID_DAYS);
  await em.transactional(async (tx) => {
    await tx.nativeUpdate(
      PartnerInvitation,
      { partner: partnerId, email: input.email, usedAt: null, revokedAt: null, expiresAt: { $lte: now } },
      { revokedAt: now },
    );
    tx.create(PartnerInvitation, {
      partner: tx.getReference(Partner, partnerId),
      email: input.email,
      displayName: input.displayName,
      tokenHash: hashToken(token),
      expiresAt,
      createdBy: tx.getReference(User, scope.userId),
      createdAt: now,
    });
    await flushGuarded(tx);
  });
  return { email: input.email, displayName: input.displayName, expiresAt, token };
}

/** Cancels one of the organisation's invitations still waiting; another's, or one used or cancelled meanwhile: 404. */
export async function cancelInvitation(em: EntityManager, scope: Scope, id: number, now: Date): Promise<void> {
  scope.must(scope.canManageOrganisation);
  // One conditional update: an acceptance committed meanwhile leaves nothing to cancel.
  const cancelled = Number.isSafeInteger(id)
    ? await em.nativeUpdate(PartnerInvitation, { id, partner: scope.partnerId as number, usedAt: null, revokedAt: null }, { revokedAt: now })
    : 0;
  if (cancelled === 0) throw new NotFoundError();
}

/** What the invitation's page shows: the organisation's name and the address the account will have. */
export interface OpenInvitation {
  email: string;
  displayName: string;
  partnerName: string;
  expiresAt: Date;
}

/** A token as the link carries it (32 random bytes in base64url); anything else is not looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function usable(invitation: { usedAt?: Date | null; revokedAt?: Date | null; expiresAt: Date }, now: Date): boolean {
  return invitation.usedAt == null && invitation.revokedAt == null && invitation.expiresAt > now;
}

async function findUsable(em: EntityManager, token: string, now: Date): Promise<PartnerInvitation | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const invitation = await em.findOne(PartnerInvitation, { tokenHash: hashToken(token) }, { populate: ['partner', 'createdBy'] });
  if (!invitation || !usable(invitation, now) || invitation.partner.archivedAt != null) return null;
  // A link speaks for the administrator who made it: once deactivated, no longer an administrator or gone elsewhere, it is void.
  const inviter = invitation.createdBy;
  return inviter.active && inviter.partnerAdmin && inviter.partner?.id === invitation.partner.id ? invitation : null;
}

/** The invitation behind `token` while it can be used; null otherwise, without saying why. */
export async function openInvitation(em: EntityManager, token: string, now: Date): Promise<OpenInvitation | null> {
  const invitation = await findUsable(em, token, now);
  if (!invitation) return null;
  return { email: invitation.email, displayName: invitation.displayName, partnerName: invitation.partner.name, expiresAt: invitation.expiresAt };
}

export type Acceptance =
  | { ok: true; user: User; session: { token: string; expiresAt: Date } }
  | { ok: false; reason: 'gone' }
  | { ok: false; reason: 'throttled'; minutes: number };

/** Minutes until the address may try again, counting its failed logins and failed uses of invitation links. */
async function minutesToWait(em: EntityManager, ip: string, limits: LoginSettings, now: Date): Promise<number> {
  const failures = await em.find(
    LoginAttempt,
    { succeeded: false, ip, attemptedAt: { $gt: subMinutes(now, limits.windowMinutes) } },
    { fields: ['attemptedAt'] },
  );
  return minutesUntilLoginAllowed(
    [],
    failures.map((f) => f.attemptedAt),
    limits,
    now,
  );
}

async function recordAttempt(em: EntityManager, email: string, ip: string, succeeded: boolean, now: Date): Promise<void> {
  await em.insert(LoginAttempt, { email, ip, succeeded, attemptedAt: now });
}

/**
 * Accepting an invitation creates the colleague's account (partner, of the inviting
 * organisation, not an administrator, the password they chose) and opens its session. The
 * invitation's row is locked first and checked again under the lock, so that a link is used
 * once even when posted twice at once: the second waits, then finds it used. An account created
 * with that address meanwhile is never touched: refused. A failed use of a link counts as a
 * failed login of the caller's address (the login throttle).
 */
export async function acceptInvitation(
  em: EntityManager,
  token: string,
  input: AcceptanceInput,
  context: { ip: string; limits: LoginSettings; now: Date },
): Promise<Acceptance> {
  const { ip, limits, now } = context;
  const waiting = await minutesToWait(em, ip, limits, now);
  if (waiting > 0) return { ok: false, reason: 'throttled', minutes: waiting };
  const found = await findUsable(em, token, now);
  if (!found) {
    await recordAttempt(em, INVITATION_ATTEMPT, ip, false, now);
    return { ok: false, reason: 'gone' };
  }
  const problem = passwordProblem(input.password, found.email);
  if (problem) throw new FieldErrors({ password: problem });
  const passwordHash = await hashGate(limits.maxConcurrentHashes).run(() => hashPassword(input.password, limits.passwordHashCost));
  const result = await em.transactional(async (tx): Promise<Acceptance> => {
    const [locked] = await tx.execute<{ used_at: Date | null; revoked_at: Date | null; expires_at: Date }[]>(
      'select used_at, revoked_at, expires_at from partner_invitation where id = ? for update',
      [found.id],
    );
    if (!locked || !usable({ usedAt: locked.used_at, revokedAt: locked.revoked_at, expiresAt: new Date(locked.expires_at) }, now)) {
      return { ok: false, reason: 'gone' };
    }
    if ((await tx.count(User, { email: found.email })) > 0) throw new RuleError(ACCOUNT_EXISTS_AT_ACCEPTANCE, 409);
    const user = tx.create(User, {
      email: found.email,
      displayName: input.displayName,
      role: 'partner',
      partner: tx.getReference(Partner, found.partner.id),
      partnerAdmin: false,
      passwordHash,
      active: true,
      mustChangePassword: false,
      passwordChangedAt: now,
    });
    try {
      await flushGuarded(tx);
    } catch (error) {
      // The address was taken between the check and the insert (its unique key): the same refusal.
      throw error instanceof FieldErrors && error.fields.email ? new RuleError(ACCOUNT_EXISTS_AT_ACCEPTANCE, 409) : error;
    }
    await tx.nativeUpdate(PartnerInvitation, { id: found.id }, { usedAt: now, usedBy: user.id });
    const sessionToken = randomBytes(32).toString('base64url');
    // A session lives on the machine's time, as login's do (resumeSession checks it against it), whatever the app's clock.
    const openedAt = new Date();
    const expiresAt = sessionExpiry(openedAt, limits.sessionTtlHours);
    const welcome = `Bienvenue ! Votre compte de ${found.partner.name} est créé : connectez-vous désormais avec ${found.email} et ce mot de passe.`;
    tx.create(UserSession, { tokenHash: hashToken(sessionToken), user, createdAt: openedAt, expiresAt, flash: [{ kind: 'success', message: welcome }] });
    tx.create(LoginAttempt, { email: found.email, ip, succeeded: true, attemptedAt: now });
    await tx.flush();
    return { ok: true, user, session: { token: sessionToken, expiresAt } };
  });
  if (!result.ok) await recordAttempt(em, INVITATION_ATTEMPT, ip, false, now);
  return result;
}
