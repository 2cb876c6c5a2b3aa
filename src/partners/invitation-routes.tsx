import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Errors, Values } from '../../views/components/forms.tsx';
import { InvitationGonePage, InvitationPage, InvitationSignedInPage, InvitationThrottledPage } from '../../views/partners/invitation.tsx';
import { loginSettings } from '../auth/service.ts';
import { startSession } from '../auth/session.ts';
import type { AppEnv } from '../platform/context.ts';
import { formAction } from '../platform/form-action.ts';
import { renderPage } from '../platform/render.tsx';
import { clientIp } from '../platform/request.ts';
import { acceptanceForm, acceptInvitation, openInvitation } from './invitations.ts';

/**
 * A colleague's invitation (`/invitation/:token`), public: the link is the credential. Its
 * token never reaches the request log, and no page it opens is told the address it came from.
 */
export const invitationRoutes = new Hono<AppEnv>();

// The request log never writes the link's token: see `loggedPath` in src/app.ts, which covers the answers of the app's own guards too.
invitationRoutes.use(async (c, next) => {
  await next();
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
});

const gone = (c: Context<AppEnv>) => renderPage(c, 'Invitation', <InvitationGonePage />, 404);

/** A signed-in person is not switched to another account: they sign out first. */
const signedIn = (c: Context<AppEnv>, displayName: string) => renderPage(c, 'Invitation', <InvitationSignedInPage displayName={displayName} />, 409);

async function invitationPage(c: Context<AppEnv>, values: Values | null, errors: Errors = {}, status: 200 | 409 | 422 = 200) {
  const invitation = await openInvitation(c.var.em, c.req.param('token') ?? '', c.var.clock.now());
  if (!invitation) return gone(c);
  const form = <InvitationPage invitation={invitation} action={c.req.path} values={values ?? { displayName: invitation.displayName }} errors={errors} />;
  return renderPage(c, `Rejoindre ${invitation.partnerName}`, form, status);
}

invitationRoutes.get('/:token', (c) => (c.var.viewer ? signedIn(c, c.var.viewer.displayName) : invitationPage(c, null)));

invitationRoutes.post('/:token', (c) => {
  if (c.var.viewer) return signedIn(c, c.var.viewer.displayName);
  const context = { ip: clientIp(c), limits: loginSettings(c.var.config), now: c.var.clock.now() };
  return formAction(c, acceptanceForm, {
    run: (input) => acceptInvitation(c.var.em, c.req.param('token'), input, context),
    done: async (result) => {
      if (result.ok) return startSession(c, result.session).then(() => c.redirect('/', 303));
      return result.reason === 'gone' ? gone(c) : renderPage(c, 'Invitation', <InvitationThrottledPage minutes={result.minutes} />, 429);
    },
    refused: ({ values, errors, status }) => invitationPage(c, values, errors, status),
  });
});
