import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { subMinutes } from 'date-fns';
import type { Config } from '../config.ts';
import { isArchived } from '../platform/archivable.ts';
import { FieldErrors } from '../platform/errors.ts';
import type { Flash } from '../platform/flash.ts';
import { dummyHash, hashPassword, verifyPassword } from '../platform/passwords.ts';
import { Scope } from '../platform/scope.ts';
import { LoginAttempt, User, UserSession } from '../users/entities.ts';
import { hasEstablishments, normaliseEmail, passwordProblem } from '../users/rules.ts';
import { isSessionExpired, minutesUntilLoginAllowed, sessionExpiry, type ThrottleLimits } from './rules.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Throttling, session length, and the cost new password hashes are made with (PASSWORD_HASH_COST). */
export type LoginSettings = ThrottleLimits & { sessionTtlHours: number; passwordHashCost: number };

/** The login settings the configuration gives. */
export function loginSettings(config: Config): LoginSettings {
  return {
    maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
    windowMinutes: config.LOGIN_WINDOW_MINUTES,
    sessionTtlHours: config.SESSION_TTL_HOURS,
    passwordHashCost: config.PASSWORD_HASH_COST,
  };
}

export type LoginResult =
  | { ok: true; user: User; token: string; expiresAt: Date }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; minutes: number };

/**
 * Checks a login. Failures are counted per account and per address; past the limit no
 * password is even checked, so guessing cannot go on in the background.
 */
export async function logIn(
  em: EntityManager,
  input: { email: string; password: string; ip: string },
  limits: LoginSettings,
  now = new Date(),
): Promise<LoginResult> {
  const email = normaliseEmail(input.email);
  // One attempt at a time per account and per address (locks taken in that order), so that
  // simultaneous guesses cannot all pass the count before any of them is recorded.
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtext(?)), pg_advisory_xact_lock(hashtext(?))', [`login:${email}`, `login-ip:${input.ip}`]);
    return checkLogin(tx, email, input, limits, now);
  });
}

async function checkLogin(em: EntityManager, email: string, input: { password: string; ip: string }, limits: LoginSettings, now: Date): Promise<LoginResult> {
  const since = subMinutes(now, limits.windowMinutes);
  const failures = await em.find(
    LoginAttempt,
    { succeeded: false, attemptedAt: { $gt: since }, $or: [{ email }, { ip: input.ip }] },
    { fields: ['email', 'ip', 'attemptedAt'] },
  );
  const minutes = minutesUntilLoginAllowed(
    failures.filter((f) => f.email === email).map((f) => f.attemptedAt),
    failures.filter((f) => f.ip === input.ip).map((f) => f.attemptedAt),
    limits,
    now,
  );
  if (minutes > 0) return { ok: false, reason: 'throttled', minutes };

  const user = await em.findOne(User, { email }, { populate: ['passwordHash'] });
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash(limits.passwordHashCost)));
  const succeeded = Boolean(user?.active && passwordOk);
  em.create(LoginAttempt, { email, ip: input.ip, succeeded, attemptedAt: now });
  if (!succeeded || !user) {
    await em.flush();
    return { ok: false, reason: 'invalid' };
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = sessionExpiry(now, limits.sessionTtlHours);
  em.create(UserSession, { tokenHash: hashToken(token), user, createdAt: now, expiresAt });
  await em.flush();
  return { ok: true, user, token, expiresAt };
}

export async function logOut(em: EntityManager, token: string): Promise<void> {
  await em.nativeDelete(UserSession, { tokenHash: hashToken(token) });
}

export interface SignedIn {
  session: UserSession;
  user: User;
  scope: Scope;
}

/** The live session of `token`, with its user and scope; null when unknown, expired or deactivated. */
export async function resumeSession(em: EntityManager, token: string, now = new Date()): Promise<SignedIn | null> {
  const session = await em.findOne(UserSession, { tokenHash: hashToken(token) }, { populate: ['user', 'user.establishments', 'user.partner'] });
  if (!session) return null;
  const user = session.user;
  if (isSessionExpired(session.expiresAt, now) || !user.active) {
    await em.nativeDelete(UserSession, { tokenHash: session.tokenHash });
    return null;
  }
  const establishmentIds = hasEstablishments(user.role)
    ? user.establishments
        .getItems()
        .filter((e) => !isArchived(e))
        .map((e) => e.id)
    : [];
  const scope = new Scope(user.id, user.role, establishmentIds, user.partner?.id ?? null);
  return { session, user, scope };
}

export async function pushFlash(em: EntityManager, session: UserSession, flash: Flash): Promise<void> {
  session.flash = [...(session.flash ?? []), flash];
  await saveFlashes(em, session);
}

export async function takeFlashes(em: EntityManager, session: UserSession): Promise<Flash[]> {
  const flashes = session.flash ?? [];
  if (flashes.length > 0) {
    session.flash = null;
    await saveFlashes(em, session);
  }
  return flashes;
}

/** Written by key, not by flush: a refused form clears the unit of work, and the session with it, before the page is rendered. */
async function saveFlashes(em: EntityManager, session: UserSession): Promise<void> {
  await em.nativeUpdate(UserSession, { tokenHash: session.tokenHash }, { flash: session.flash ?? null });
}

export async function changePassword(
  em: EntityManager,
  userId: number,
  input: { current: string; next: string },
  keepSessionHash: string,
  passwordHashCost: number,
): Promise<void> {
  const user = await em.findOneOrFail(User, userId, { populate: ['passwordHash'] });
  if (!(await verifyPassword(input.current, user.passwordHash))) {
    throw new FieldErrors({ current: 'Le mot de passe actuel est incorrect.' });
  }
  const problem = passwordProblem(input.next, user.email);
  if (problem) throw new FieldErrors({ next: problem });
  user.setPasswordHash(await hashPassword(input.next, passwordHashCost));
  // A new password closes every other session of the account.
  await em.transactional(async (tx) => {
    tx.persist(user);
    await tx.nativeDelete(UserSession, { user: userId, tokenHash: { $ne: keepSessionHash } });
  });
}

export async function purgeExpiredSessions(em: EntityManager, now = new Date()): Promise<number> {
  return em.nativeDelete(UserSession, { expiresAt: { $lte: now } });
}
