import { addHours, addMinutes, differenceInMinutes, isAfter } from 'date-fns';

export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowMinutes: number;
}

/**
 * Whole minutes until a new login attempt is allowed, or 0 when it is allowed now.
 * An account (or an address) is locked once it reaches its number of failures within the
 * window; it opens again when the oldest counted failure leaves the window.
 */
export function minutesUntilLoginAllowed(accountFailures: readonly Date[], ipFailures: readonly Date[], limits: ThrottleLimits, now: Date): number {
  const wait = (failures: readonly Date[], max: number) => {
    const recent = failures.filter((at) => isAfter(addMinutes(at, limits.windowMinutes), now)).sort((a, b) => b.getTime() - a.getTime());
    if (recent.length < max) return 0;
    const unlocking = recent[max - 1] as Date;
    return Math.max(1, Math.ceil(differenceInMinutes(addMinutes(unlocking, limits.windowMinutes), now, { roundingMethod: 'ceil' })));
  };
  return Math.max(wait(accountFailures, limits.maxFailuresPerAccount), wait(ipFailures, limits.maxFailuresPerIp));
}

export function sessionExpiry(now: Date, ttlHours: number): Date {
  return addHours(now, ttlHours);
}

export function isSessionExpired(expiresAt: Date, now: Date): boolean {
  return !isAfter(expiresAt, now);
}

/** What the login page says when a login is refused: never which of the address or the password was wrong. */
export function loginRefusal(refusal: { reason: 'invalid' } | { reason: 'throttled'; minutes: number }): string {
  if (refusal.reason === 'invalid') return 'Adresse électronique ou mot de passe incorrect.';
  return `Trop de tentatives de connexion infructueuses. Par sécurité, réessayez dans ${refusal.minutes} minute${refusal.minutes > 1 ? 's' : ''}.`;
}

/** What the password-change form says next to the current password once its check is throttled. */
export function passwordCheckRefusal(minutes: number): string {
  return `Trop de tentatives infructueuses. Par sécurité, réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`;
}
