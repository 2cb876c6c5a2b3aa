import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './context.ts';
import { ForbiddenError } from './errors.ts';
import { readBody } from './forms.ts';
import { isSecureRequest } from './request.ts';

export const CSRF_COOKIE = 'atelier_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Gives the browser a fresh token, e.g. on login so that a token planted before it is useless. */
export function issueCsrfToken(c: Context<AppEnv>): string {
  const token = randomBytes(24).toString('base64url');
  setCookie(c, CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c) });
  c.set('csrfToken', token);
  return token;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Double-submit token: a random value in an HttpOnly, SameSite=Lax cookie must come back
 * in the form field `_csrf` or the `X-CSRF-Token` header (htmx sends both) on every
 * state-changing request. Another site can neither read the cookie nor send it.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookie = getCookie(c, CSRF_COOKIE);
    if (SAFE_METHODS.has(c.req.method)) {
      if (cookie) c.set('csrfToken', cookie);
      else issueCsrfToken(c);
      return next();
    }
    const refuse = () => {
      // Give the browser a token so the error page (and the next form) can render.
      if (cookie) c.set('csrfToken', cookie);
      else issueCsrfToken(c);
      return new ForbiddenError('La page a expiré ou le formulaire ne vient pas d’Atelier. Rechargez la page puis recommencez.');
    };
    // No cookie: refuse before reading a byte of the body.
    if (!cookie) throw refuse();
    let sent = c.req.header(CSRF_HEADER);
    if (!sent) {
      const type = c.req.header('Content-Type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const value = (await readBody(c))[CSRF_FIELD];
        sent = typeof value === 'string' ? value : undefined;
      }
    }
    if (!sent || !same(cookie, sent)) throw refuse();
    c.set('csrfToken', cookie);
    return next();
  };
}
