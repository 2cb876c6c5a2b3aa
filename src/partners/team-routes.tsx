import type { Context } from 'hono';
import { Hono } from 'hono';
import { TEAM_PAGE, type TeamForm, TeamPage } from '../../views/partners/team.tsx';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import { one, readForm } from '../platform/forms.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { renderPage } from '../platform/render.tsx';
import { isSecureRequest } from '../platform/request.ts';
import { cancelInvitation, type IssuedInvitation, invitationForm, inviteColleague } from './invitations.ts';
import { changeColleague, type TeamChange, teamOf } from './team.ts';

/** « Équipe » of a partner's profile (`/structure/equipe`): its staff read it, its administrators manage it. */
export const teamRoutes = new Hono<AppEnv>();

teamRoutes.use(async (c, next) => {
  c.var.scope.must(c.var.scope.isPartnerStaff);
  // Inviting, cancelling and changing a colleague are the administrator's: refused before the form is read.
  if (c.req.method === 'POST') c.var.scope.must(c.var.scope.canManageOrganisation);
  await next();
});

async function teamPage(c: Context<AppEnv>, shown: { form?: TeamForm; issued?: IssuedInvitation }, status: 200 | 201 | 409 | 422 = 200) {
  const team = await teamOf(c.var.em, c.var.scope, c.var.clock.now());
  const issued = shown.issued ? { issued: shown.issued, url: `${siteOrigin(c)}/invitation/${shown.issued.token}` } : undefined;
  return renderPage(c, `Équipe de ${team.partnerName}`, <TeamPage team={team} form={shown.form} issued={issued} />, status);
}

/** The address the colleague opens: `PUBLIC_URL` when set, else the one the administrator reached the app by. */
function siteOrigin(c: Context<AppEnv>): string {
  if (c.var.config.PUBLIC_URL) return c.var.config.PUBLIC_URL;
  return `${isSecureRequest(c) ? 'https' : new URL(c.req.url).protocol.replace(':', '')}://${c.req.header('Host') ?? new URL(c.req.url).host}`;
}

/** Back to the page the buttons were on: the profile, or the team's own page. */
async function back(c: Context<AppEnv>): Promise<string> {
  return one(await readForm(c.req), 'retour') === '/structure' ? '/structure#equipe' : TEAM_PAGE;
}

teamRoutes.get('/', (c) => teamPage(c, {}));

// The link is in this answer only (no redirect: a flash message would keep it in the session's row).
teamRoutes.post('/invitations', (c) =>
  formAction(c, invitationForm, {
    run: (input) => inviteColleague(c.var.em, c.var.scope, input, c.var.clock.now()),
    done: (issued) => teamPage(c, { issued }, 201),
    refused: ({ values, errors, status }) => teamPage(c, { form: { values, errors } }, status),
  }),
);

teamRoutes.post('/invitations/:id{[0-9]+}/annulation', async (c) => {
  await cancelInvitation(c.var.em, c.var.scope, Number(c.req.param('id')), c.var.clock.now());
  await flash(c, 'info', 'L’invitation est annulée : son lien ne fonctionne plus.');
  return redirectAfterPost(c, await back(c));
});

const CHANGES: Record<string, { change: TeamChange; done: (name: string) => string }> = {
  desactivation: { change: 'deactivate', done: (n) => `Le compte de ${n} est désactivé : ses sessions sont fermées et il ne peut plus se connecter.` },
  reactivation: { change: 'reactivate', done: (n) => `Le compte de ${n} est réactivé.` },
  administrateur: { change: 'grantAdmin', done: (n) => `${n} est désormais administrateur de la structure.` },
  'administrateur/retrait': { change: 'revokeAdmin', done: (n) => `${n} n’est plus administrateur de la structure.` },
};

for (const [path, { change, done }] of Object.entries(CHANGES)) {
  teamRoutes.post(`/:id{[0-9]+}/${path}`, async (c) => {
    const colleague = await changeColleague(c.var.em, c.var.scope, Number(c.req.param('id')), change);
    await flash(c, 'success', done(colleague.displayName));
    return redirectAfterPost(c, await back(c));
  });
}
