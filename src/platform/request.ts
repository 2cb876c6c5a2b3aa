import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from './context.ts';

/**
 * The caller's address. Behind a trusted proxy (TRUST_PROXY=1), the last X-Forwarded-For entry:
 * the one our proxy appended; the entries before it are whatever the client sent.
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.var.config.TRUST_PROXY) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
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
