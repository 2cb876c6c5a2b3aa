import { addMinutes, subMinutes } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { isSessionExpired, minutesUntilLoginAllowed, sessionExpiry } from '../../src/auth/rules.ts';

const now = new Date('2026-11-26T10:00:00Z');
const limits = { maxFailuresPerAccount: 5, maxFailuresPerIp: 20, windowMinutes: 15 };
const failuresAgo = (...minutes: number[]) => minutes.map((m) => subMinutes(now, m));

describe('login throttling', () => {
  it.each([
    ['no failure', [], [], 0],
    ['four failures on the account', failuresAgo(1, 2, 3, 4), [], 0],
    ['five failures: wait until the fifth most recent leaves the window', failuresAgo(1, 2, 3, 4, 10), [], 5],
    ['five failures, the oldest just inside', failuresAgo(1, 1, 1, 1, 14), [], 1],
    ['old failures outside the window do not count', failuresAgo(1, 2, 3, 4, 16, 20), [], 0],
    ['twenty failures from one address', [], failuresAgo(...Array.from({ length: 20 }, (_, i) => i % 10)), 6],
  ])('%s', (_label, account, ip, expected) => {
    expect(minutesUntilLoginAllowed(account, ip, limits, now)).toBe(expected);
  });
});

describe('session expiry', () => {
  it('expires TTL hours after login, not before', () => {
    const expires = sessionExpiry(now, 12);
    expect(expires.toISOString()).toBe('2026-11-26T22:00:00.000Z');
    expect(isSessionExpired(expires, addMinutes(now, 60))).toBe(false);
    expect(isSessionExpired(expires, expires)).toBe(true);
  });
});
