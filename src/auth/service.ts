import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { subMinutes } from 'date-fns';
import type { Config } from '../config.ts';
import { isArchived } from '../platform/archivable.ts';
import { FieldErrors, RuleError } from '../platform/errors.ts';
import type { Flash } from '../platform/flash.ts';
import { dummyHash, hashGate, hashPassword, verifyPassword } from '../platform/passwords.ts';
import { Scope } from '../platform/scope.ts';
import { LoginAttempt, User, UserSession } from '../users/entities.ts';
import { hasEstablishments, normaliseEmail, passwordProblem } from '../users/rules.ts';
import { isSessionExpired, minutesUntilLoginAllowed, passwordCheckRefusal, sessionExpiry, type ThrottleLimits } from './rules.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Throttling, session length, the cost new password hashes are made with (PASSWORD_HASH_COST), and how many are made at once. */
export type LoginSettings = ThrottleLimits & { sessionTtlHours: number; passwordHashCost: number; maxConcurrentHashes: number };

/** The login settings the configuration gives. */
export function loginSettings(config: Config): LoginSettings {
  return {
    maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
    windowMinutes: config.LOGIN_WINDOW_MINUTES,
    sessionTtlHours: config.SESSION_TTL_HOURS,
    passwordHashCost: config.PASSWORD_HASH_COST,
    maxConcurrentHashes: config.LOGIN_MAX_CONCURRENT_HASHES,
  };
}

export type LoginResult =
  | { ok: true; user: User; token: string; expiresAt: Date }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; minutes: number };

/** Who is guessing: the account always, the address too for a login (null: the account only). */
interface Guesser {
  email: string;
  ip: string | null;
}

/** Minutes until `who` may try a password again (0: now), from the failures recorded in the window. */
async function minutesToWait(em: EntityManager, who: Guesser, limits: ThrottleLimits, now: Date): Promise<number> {
  const since = subMinutes(now, limits.windowMinutes);
  const failures = await em.find(
    LoginAttempt,
    { succeeded: false, attemptedAt: { $gt: since }, $or: who.ip === null ? [{ email: who.email }] : [{ email: who.email }, { ip: who.ip }] },
    { fields: ['email', 'ip', 'attemptedAt'] },
  );
  return minutesUntilLoginAllowed(
    failures.filter((f) => f.email === who.email).map((f) => f.attemptedAt),
    failures.filter((f) => who.ip !== null && f.ip === who.ip).map((f) => f.attemptedAt),
    limits,
    now,
  );
}

/**
 * Records the outcome of a password check in a short transaction, one attempt at a time per
 * account and per address (advisory locks, in that order). The failures are counted again
 * under the locks: a guess checked while others were failing is answered « throttled » if the
 * limit was reached meanwhile, and not recorded, so no more guesses than the limit get an answer,
 * whatever the number of simultaneous attempts or of app instances.
 */
async function recordCheck<T>(
  em: EntityManager,
  who: Guesser & { ip: string },
  byAddress: boolean,
  limits: ThrottleLimits,
  now: Date,
  succeeded: boolean,
  then: (tx: EntityManager) => Promise<T>,
): Promise<{ throttled: number } | { done: T }> {
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtext(?)), pg_advisory_xact_lock(hashtext(?))', [`login:${who.email}`, `login-ip:${who.ip}`]);
    const minutes = await minutesToWait(tx, { email: who.email, ip: byAddress ? who.ip : null }, limits, now);
    if (minutes > 0) return { throttled: minutes };
    // A successful password change is not a login: only its failures are counted.
    if (!succeeded || byAddress) tx.create(LoginAttempt, { email: who.email, ip: who.ip, succeeded, attemptedAt: now });
    const done = await then(tx);
    await tx.flush();
    return { done };
  });
}

/**
 * Checks a login. Failures are counted per account and per address; past the limit no
 * password is even checked, so guessing cannot go on in the background. No connection is held
 * while the password is hashed: a burst of logins leaves the pool to pages.
 */
export async function logIn(
  em: EntityManager,
  input: { email: string; password: string; ip: string },
  limits: LoginSettings,
  now = new Date(),
): Promise<LoginResult> {
  const who = { email: normaliseEmail(input.email), ip: input.ip };
  const waiting = await minutesToWait(em, who, limits, now);
  if (waiting > 0) return { ok: false, reason: 'throttled', minutes: waiting };
  const user = await em.findOne(User, { email: who.email }, { populate: ['passwordHash'] });
  const stored = user?.passwordHash ?? (await dummyHash(limits.passwordHashCost));
  const passwordOk = await hashGate(limits.maxConcurrentHashes).run(async () => {
    // Others may have failed while this one waited for its turn: spare the hash if so.
    if ((await minutesToWait(em, who, limits, now)) > 0) return null;
    return verifyPassword(input.password, stored);
  });
  const succeeded = Boolean(user?.active && passwordOk);
  const recorded = await recordCheck(em, who, true, limits, now, succeeded, async (tx) => {
    if (!succeeded || !user) return null;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = sessionExpiry(now, limits.sessionTtlHours);
    tx.create(UserSession, { tokenHash: hashToken(token), user: tx.getReference(User, user.id), createdAt: now, expiresAt });
    return { token, expiresAt };
  });
  if ('throttled' in recorded) return { ok: false, reason: 'throttled', minutes: recorded.throttled };
  if (!recorded.done || !user) return { ok: false, reason: 'invalid' };
  return { ok: true, user, ...recorded.done };
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
  const scope = new Scope(user.id, user.role, establishmentIds, user.partner?.id ?? null, user.role === 'partner' && user.partnerAdmin);
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

/**
 * Changes a password after checking the current one. That check is throttled per account like
 * logins (and its failures count towards the login limit): a stolen session must not become a
 * way to guess the password.
 */
export async function changePassword(
  em: EntityManager,
  userId: number,
  input: { current: string; next: string; ip: string },
  keepSessionHash: string,
  limits: LoginSettings,
  now = new Date(),
): Promise<void> {
  const user = await em.findOneOrFail(User, userId, { populate: ['passwordHash'] });
  const who = { email: user.email, ip: input.ip };
  const throttled = (minutes: number) => new FieldErrors({ current: passwordCheckRefusal(minutes) });
  const waiting = await minutesToWait(em, { email: who.email, ip: null }, limits, now);
  if (waiting > 0) throw throttled(waiting);
  const gate = hashGate(limits.maxConcurrentHashes);
  const currentOk = await gate.run(() => verifyPassword(input.current, user.passwordHash));
  const recorded = await recordCheck(em, who, false, limits, now, currentOk, async () => null);
  if ('throttled' in recorded) throw throttled(recorded.throttled);
  if (!currentOk) throw new FieldErrors({ current: 'Le mot de passe actuel est incorrect.' });
  const problem = passwordProblem(input.next, user.email);
  if (problem) throw new FieldErrors({ next: problem });
  user.setPasswordHash(await gate.run(() => hashPassword(input.next, limits.passwordHashCost)));
  // A new password closes every other session of the account.
  await em.transactional(async (tx) => {
    tx.persist(user);
    await tx.nativeDelete(UserSession, { user: userId, tokenHash: { $ne: keepSessionHash } });
  });
}

/**
 * Replaces a temporary password (set by an administrator) with one the person chooses. Only
 * while the account still has a temporary password: afterwards, changing it asks for the
 * current one (`changePassword`). The temporary password itself is refused, so the choice is real.
 */
export async function chooseFirstPassword(
  em: EntityManager,
  userId: number,
  input: { next: string },
  keepSessionHash: string,
  limits: LoginSettings,
  now = new Date(),
): Promise<void> {
  const user = await em.findOneOrFail(User, userId, { populate: ['passwordHash'] });
  if (!user.mustChangePassword) throw new RuleError('Votre mot de passe est déjà choisi : changez-le depuis « Mon compte ».');
  const problem = passwordProblem(input.next, user.email);
  if (problem) throw new FieldErrors({ next: problem });
  const gate = hashGate(limits.maxConcurrentHashes);
  if (await gate.run(() => verifyPassword(input.next, user.passwordHash))) {
    throw new FieldErrors({ next: 'Choisissez un mot de passe différent du mot de passe provisoire.' });
  }
  user.setPasswordHash(await gate.run(() => hashPassword(input.next, limits.passwordHashCost)), now);
  await em.transactional(async (tx) => {
    tx.persist(user);
    await tx.nativeDelete(UserSession, { user: userId, tokenHash: { $ne: keepSessionHash } });
  });
}

export async function purgeExpiredSessions(em: EntityManager, now = new Date()): Promise<number> {
  return em.nativeDelete(UserSession, { expiresAt: { $lte: now } });
}
