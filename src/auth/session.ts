import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { actingAs } from '../platform/audit-context.ts';
import type { AppEnv } from '../platform/context.ts';
import { issueCsrfToken } from '../platform/csrf.ts';
import { isHtmx } from '../platform/htmx.ts';
import { isSecureRequest } from '../platform/request.ts';
import { logOut, pushFlash, resumeSession, takeFlashes } from './service.ts';

export const SESSION_COOKIE = 'atelier_session';

export function setSessionCookie(c: Context<AppEnv>, token: string, expires: Date): void {
  setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c), expires });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isSecureRequest(c) });
}

export function sessionToken(c: Context<AppEnv>): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/** After a successful login: the new session replaces the browser's previous one, with a fresh CSRF token. */
export async function startSession(c: Context<AppEnv>, session: { token: string; expiresAt: Date }): Promise<void> {
  const previous = sessionToken(c);
  if (previous) await logOut(c.var.em, previous);
  setSessionCookie(c, session.token, session.expiresAt);
  issueCsrfToken(c, session.token);
}

/** Logging out: the session is deleted, its cookie cleared, the CSRF token renewed. */
export async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = sessionToken(c);
  if (token) await logOut(c.var.em, token);
  clearSessionCookie(c);
  issueCsrfToken(c);
}

/**
 * Loads the caller's session, if any: who they are, what they may see, where their pending
 * messages are kept; and makes them the author of the request's changes.
 */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { em } = c.var;
    const token = sessionToken(c);
    const signedIn = token ? await resumeSession(em, token) : null;
    if (token && !signedIn) {
      clearSessionCookie(c);
      // The token in use was the dead session's: the next form (the login page's) needs its own.
      issueCsrfToken(c);
    }
    if (signedIn) {
      const { user, session, scope } = signedIn;
      c.set('viewer', { userId: user.id, displayName: user.displayName, role: user.role });
      c.set('flashes', { push: (flash) => pushFlash(em, session, flash), take: () => takeFlashes(em, session) });
      c.set('scope', scope);
    } else {
      c.set('viewer', null);
      c.set('flashes', null);
    }
    return actingAs({ userId: signedIn?.user.id ?? null, requestId: c.var.requestId }, next);
  };
}

/**
 * Pages and downloads hold personal data: no copy is kept by the browser (nor a proxy), so the
 * back button after logging out on a shared computer shows nothing. Assets are answered before.
 */
export function noStore(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  };
}

/** Everything behind it needs a signed-in person; others are sent to the login page. */
export function requireSignIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.var.viewer) return next();
    const back = new URL(c.req.url).pathname;
    const target = `/connexion${back && back !== '/' ? `?retour=${encodeURIComponent(back)}` : ''}`;
    if (isHtmx(c)) {
      c.header('HX-Redirect', target);
      return c.body(null, 401);
    }
    return c.redirect(target, 303);
  };
}
