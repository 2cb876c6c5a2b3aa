import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from './context.ts';

/** The caller's address: the proxy's X-Forwarded-For when TRUST_PROXY is set, else the socket's. */
export function clientIp(c: Context<AppEnv>): string {
  if (c.var.config.TRUST_PROXY) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'inconnue';
  } catch {
    return 'inconnue';
  }
}

/** Whether cookies must carry `Secure`: always behind HTTPS, as COOKIE_SECURE says otherwise. */
export function isSecureRequest(c: Context<AppEnv>): boolean {
  const mode = c.var.config.COOKIE_SECURE;
  if (mode !== 'auto') return mode === 'always';
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.var.config.TRUST_PROXY && c.req.header('X-Forwarded-Proto') === 'https';
}
