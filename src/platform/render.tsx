import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { CsrfContext, EstablishmentSectionsContext } from '../../views/components/context.ts';
import { Layout, MainContent } from '../../views/layout.tsx';
import type { AppEnv } from './context.ts';
import { maskedCsrfToken } from './csrf.ts';
import { wantsFragment } from './htmx.ts';
import { menuFor } from './navigation.ts';

/** Every request header that changes the answer's shape. */
const VARY = 'HX-Request, HX-Request-Type, HX-History-Restore-Request';

type Status = 200 | 201 | 400 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;

/**
 * One handler, two shapes: the whole page, or only the main region's content when htmx
 * asks for a fragment. Flash messages are shown (and spent) by whichever shape is rendered.
 */
export async function renderPage(c: Context<AppEnv>, title: string, content: Child, status: Status = 200): Promise<Response> {
  const flashes = (await c.var.flashes?.take()) ?? [];
  c.header('Vary', VARY);
  if (wantsFragment(c)) {
    return c.html(
      <Contexts c={c}>
        <MainContent title={title} flashes={flashes}>
          {content}
        </MainContent>
      </Contexts>,
      status,
    );
  }
  const viewer = c.var.viewer ?? null;
  const menu = viewer ? menuFor(c.var.navigation, viewer.role) : [];
  return c.html(
    <Contexts c={c}>
      <Layout title={title} chrome={{ viewer, menu, csrf: maskedCsrfToken(c.var.csrfToken), path: new URL(c.req.url).pathname, flashes }}>
        {content}
      </Layout>
    </Contexts>,
    status,
  );
}

/** A piece of a page that htmx swaps in (a form with its errors, a refreshed list). */
export function renderFragment(c: Context<AppEnv>, content: Child, status: Status = 200): Response | Promise<Response> {
  c.header('Vary', VARY);
  return c.html(<Contexts c={c}>{content}</Contexts>, status);
}

/** What any view may read without it being passed down: the CSRF token, the establishment's sections. */
function Contexts({ c, children }: { c: Context<AppEnv>; children: Child }) {
  return (
    <CsrfContext.Provider value={maskedCsrfToken(c.var.csrfToken)}>
      <EstablishmentSectionsContext.Provider value={c.var.navigation.establishmentSections}>{children}</EstablishmentSectionsContext.Provider>
    </CsrfContext.Provider>
  );
}
