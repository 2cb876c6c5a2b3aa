import type { MiddlewareHandler } from 'hono';
import { BadRequestError } from './errors.ts';
import { hasControlCharacter } from './forms.ts';

/**
 * Every query string is read by some handler (`?q=`, filters, `retour`): one holding a control
 * character (a NUL that PostgreSQL refuses) is answered 400 here, once, before any of them.
 */
export function queryGuard(): MiddlewareHandler {
  return async (c, next) => {
    const search = c.req.url.indexOf('?');
    if (search >= 0) {
      for (const [key, value] of new URLSearchParams(c.req.url.slice(search + 1))) {
        if (hasControlCharacter(key) || hasControlCharacter(value)) {
          throw new BadRequestError('L’adresse de la page contient un caractère invisible ou de contrôle : retapez votre recherche.');
        }
      }
    }
    await next();
  };
}
