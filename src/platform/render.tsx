import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { CsrfContext } from '../../views/components/context.ts';
import { Layout, MainContent } from '../../views/layout.tsx';
import { takeFlashes } from '../auth/service.ts';
import type { AppEnv } from './context.ts';
import { wantsFragment } from './htmx.ts';

/** Every request header that changes the answer's shape. */
const VARY = 'HX-Request, HX-Request-Type, HX-History-Restore-Request';

type Status = 200 | 201 | 400 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;

/**
 * One handler, two shapes: the whole page, or only the main region's content when htmx
 * asks for a fragment. Flash messages are shown (and spent) by whichever shape is rendered.
 */
export async function renderPage(c: Context<AppEnv>, title: string, content: Child, status: Status = 200): Promise<Response> {
  const signedIn = c.var.signedIn;
  const flashes = signedIn ? await takeFlashes(c.var.em, signedIn.session) : [];
  c.header('Vary', VARY);
  if (wantsFragment(c)) {
    return c.html(
      <CsrfContext.Provider value={c.var.csrfToken}>
        <MainContent title={title} flashes={flashes}>
          {content}
        </MainContent>
      </CsrfContext.Provider>,
      status,
    );
  }
  const viewer = signedIn ? { displayName: signedIn.user.displayName, role: signedIn.user.role } : null;
  return c.html(
    <Layout title={title} chrome={{ viewer, csrf: c.var.csrfToken, path: new URL(c.req.url).pathname, flashes }}>
      {content}
    </Layout>,
    status,
  );
}

/** A piece of a page that htmx swaps in (a form with its errors, a refreshed list). */
export function renderFragment(c: Context<AppEnv>, content: Child, status: Status = 200): Response | Promise<Response> {
  c.header('Vary', VARY);
  return c.html(<CsrfContext.Provider value={c.var.csrfToken}>{content}</CsrfContext.Provider>, status);
}
