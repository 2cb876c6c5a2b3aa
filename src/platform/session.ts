import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { pushFlash, resumeSession } from '../auth/service.ts';
import type { Flash } from '../users/entities.ts';
import { actingAs } from './audit-context.ts';
import type { AppEnv } from './context.ts';
import { isHtmx } from './htmx.ts';
import { isSecureRequest } from './request.ts';

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

/** Loads the caller's session, if any, and makes them the author of the request's changes. */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = sessionToken(c);
    const signedIn = token ? await resumeSession(c.var.em, token) : null;
    if (token && !signedIn) clearSessionCookie(c);
    c.set('signedIn', signedIn);
    if (signedIn) c.set('scope', signedIn.scope);
    return actingAs({ userId: signedIn?.user.id ?? null, requestId: c.var.requestId }, next);
  };
}

/** Everything behind it needs a signed-in person; others are sent to the login page. */
export function requireSignIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.var.signedIn) return next();
    const back = new URL(c.req.url).pathname;
    const target = `/connexion${back && back !== '/' ? `?retour=${encodeURIComponent(back)}` : ''}`;
    if (isHtmx(c)) {
      c.header('HX-Redirect', target);
      return c.body(null, 401);
    }
    return c.redirect(target, 303);
  };
}

export async function flash(c: Context<AppEnv>, kind: Flash['kind'], message: string): Promise<void> {
  const signedIn = c.var.signedIn;
  if (signedIn) await pushFlash(c.var.em, signedIn.session, { kind, message });
}
