import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './context.ts';
import { ForbiddenError } from './errors.ts';
import { readBody } from './forms.ts';
import { isSecureRequest } from './request.ts';

/** The cookie's name on plain HTTP (development): browsers refuse a `__Host-` cookie without `Secure`. */
export const CSRF_COOKIE = 'atelier_csrf';
/** Its name behind HTTPS: `__Host-` makes browsers refuse it unless Secure, Path=/ and without Domain, so a sibling site cannot plant one. */
export const SECURE_CSRF_COOKIE = '__Host-atelier_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function cookieName(c: Context<AppEnv>): string {
  return isSecureRequest(c) ? SECURE_CSRF_COOKIE : CSRF_COOKIE;
}

/**
 * The CSRF token of a session: derived from the session's secret token (itself only in an
 * HttpOnly cookie), so it changes at each login and another session's token never matches.
 * One-way: the token shown in pages reveals nothing of the session's.
 */
export function sessionCsrfToken(sessionToken: string): string {
  return createHash('sha256').update(`atelier-csrf:${sessionToken}`).digest('base64url');
}

/**
 * Gives the browser its token: the session's when one is given (at login), else a fresh random
 * one (before login, at logout), so that a token planted before either is useless after it.
 */
export function issueCsrfToken(c: Context<AppEnv>, sessionToken?: string): string {
  const token = sessionToken ? sessionCsrfToken(sessionToken) : randomBytes(24).toString('base64url');
  setCookie(c, cookieName(c), token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c) });
  c.set('csrfToken', token);
  return token;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The token as a page carries it: a fresh random pad, then the token XOR the pad. Each response
 * holds different bytes, so a compressed page never lets its size be probed for the token
 * (BREACH); `unmasked` gives the token back.
 */
export function maskedCsrfToken(token: string): string {
  const bytes = Buffer.from(token);
  const pad = randomBytes(bytes.length);
  return Buffer.concat([pad, Buffer.from(bytes.map((b, i) => b ^ (pad[i] as number)))]).toString('base64url');
}

/** The token a masked value stands for; a value that is not masked is taken as the token itself (the cookie's, in scripts and tests). */
function unmasked(sent: string, expected: string): string {
  const bytes = Buffer.from(sent, 'base64url');
  const length = Buffer.byteLength(expected);
  if (sent.length === expected.length || bytes.length !== 2 * length) return sent;
  return Buffer.from(bytes.subarray(length).map((b, i) => b ^ (bytes[i] as number))).toString();
}

/**
 * Every state-changing request must send the expected token back in the form field `_csrf` or
 * the `X-CSRF-Token` header (htmx sends both). With a session, the expected token is the
 * session's (`sessionCsrfToken`); without one (the login form), it is the random value of an
 * HttpOnly, SameSite=Lax cookie (double submit). Another site can neither read nor send either.
 */
export function csrfProtection({ sessionOf }: { sessionOf: (c: Context<AppEnv>) => string | undefined }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookie = getCookie(c, cookieName(c));
    const session = sessionOf(c);
    const expected = session ? sessionCsrfToken(session) : cookie;
    // The cookie follows the expected token, so that pages and scripts find the one to send.
    const give = () => {
      if (!expected) issueCsrfToken(c);
      else if (cookie !== expected) issueCsrfToken(c, session);
      else c.set('csrfToken', expected);
    };
    if (SAFE_METHODS.has(c.req.method)) {
      give();
      return next();
    }
    const refuse = () => {
      // Give the browser a token so the error page (and the next form) can render.
      give();
      return new ForbiddenError('La page a expiré ou le formulaire ne vient pas d’Atelier. Rechargez la page puis recommencez.');
    };
    // Nothing to compare with: refuse before reading a byte of the body.
    if (!expected) throw refuse();
    let sent = c.req.header(CSRF_HEADER);
    if (!sent) {
      const type = c.req.header('Content-Type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const value = (await readBody(c))[CSRF_FIELD];
        sent = typeof value === 'string' ? value : undefined;
      }
    }
    if (!sent || !same(expected, unmasked(sent, expected))) throw refuse();
    c.set('csrfToken', expected);
    return next();
  };
}
