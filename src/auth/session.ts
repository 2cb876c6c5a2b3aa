import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { actingAs } from '../platform/audit-context.ts';
import type { AppEnv } from '../platform/context.ts';
import { issueCsrfToken } from '../platform/csrf.ts';
import { safeReturnPath } from '../platform/forms.ts';
import { currentPage, isHtmx } from '../platform/htmx.ts';
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
      // Not under htmx: the page stays, and the saves it already sent must meet requireSignIn's
      // 401 (« session expirée »), not a refused token; its login link then gives a new one.
      if (!isHtmx(c)) issueCsrfToken(c);
    }
    if (signedIn) {
      const { user, session, scope } = signedIn;
      c.set('viewer', { userId: user.id, displayName: user.displayName, role: user.role, mustChangePassword: user.mustChangePassword });
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

/** The login page, sent back to `back` once signed in. */
function loginPath(back: string | undefined): string {
  const path = safeReturnPath(back);
  return `/connexion${path !== '/' ? `?retour=${encodeURIComponent(path)}` : ''}`;
}

/**
 * Everything behind it needs a signed-in person; others are sent to the login page. An htmx
 * request (a timesheet cell saved after the session expired) gets a 401 that swaps nothing and
 * fires `session-expired` with the login path back to the page, so the page keeps what was typed
 * and says so (views/assets/app.js).
 */
export function requireSignIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.var.viewer) return next();
    if (isHtmx(c)) {
      c.header('HX-Reswap', 'none');
      c.header('HX-Trigger', JSON.stringify({ 'session-expired': { login: loginPath(currentPage(c)) } }));
      return c.body(null, 401);
    }
    const url = new URL(c.req.url);
    return c.redirect(loginPath(`${url.pathname}${url.search}`), 303);
  };
}

export const CHOOSE_PASSWORD_PATH = '/compte/mot-de-passe';
/** What a person signed in with a temporary password may still open: choosing one, leaving, the public notices. */
const OPEN_WITH_TEMPORARY_PASSWORD = new Set([CHOOSE_PASSWORD_PATH, '/deconnexion', '/accessibilite', '/mentions-legales', '/donnees-personnelles']);

/**
 * A password an administrator set is known to two people: until the person has chosen their
 * own, every page sends them to « Choisir votre mot de passe ».
 */
export function requireChosenPassword(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.viewer?.mustChangePassword || OPEN_WITH_TEMPORARY_PASSWORD.has(c.req.path)) return next();
    if (isHtmx(c)) {
      c.header('HX-Redirect', CHOOSE_PASSWORD_PATH);
      return c.body(null, 200);
    }
    return c.redirect(CHOOSE_PASSWORD_PATH, 303);
  };
}
