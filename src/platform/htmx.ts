import type { Context } from 'hono';

/** The only reader of htmx's request headers. */
export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true';
}

/** An htmx request that swaps part of the page (not the whole body): answer with a fragment. */
export function wantsFragment(c: Context): boolean {
  return isHtmx(c) && c.req.header('HX-Request-Type') !== 'full' && c.req.header('HX-History-Restore-Request') !== 'true';
}

/** Main content region of the layout: where htmx navigations swap their fragment. */
export const MAIN_TARGET = '#contenu';

/**
 * After a successful POST: a 303 for plain forms, an HX-Location for htmx, which then
 * fetches `url` as a fragment into the main region and pushes it to the history.
 */
export function redirectAfterPost(c: Context, url: string): Response {
  if (isHtmx(c)) {
    c.header('HX-Location', JSON.stringify({ path: url, target: MAIN_TARGET, swap: 'innerHTML' }));
    return c.body(null, 200);
  }
  return c.redirect(url, 303);
}

/** The path and query of the page an htmx request comes from (`HX-Current-URL`), if it is this site's. */
export function currentPage(c: Context): string | undefined {
  const current = c.req.header('HX-Current-URL');
  if (!current) return undefined;
  try {
    const url = new URL(current);
    // The host, not the origin: behind a proxy that ends TLS the page is https and the request http.
    return url.host === (c.req.header('Host') ?? new URL(c.req.url).host) ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}
