import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { ContactEditPage, contactValues, MyAgreementPage, type ProfileForm, type ProfileForms, ProfilePage } from '../../views/partners/profile.tsx';
import { TeamSection } from '../../views/partners/team.tsx';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction, type Refusal } from '../platform/form-action.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { renderPage } from '../platform/render.tsx';
import { myAgreement } from './agreements.ts';
import { contactEditForm, contactForm, organisationForm } from './forms.ts';
import { addContact, contactToEdit, profileOf, removeContact, updateContact, updateOrganisation } from './profile.ts';
import { teamOf } from './team.ts';

/** « Ma structure » (`/structure`): the partner's profile; its administrator edits the details and contacts. */
export const profileRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));
const shown = (r: Refusal): ProfileForm => ({ values: r.values, errors: r.errors, stale: r.stale });

async function profilePage(c: Context<AppEnv>, forms: ProfileForms = {}, status: 200 | 409 | 422 = 200) {
  const { em, scope, clock } = c.var;
  const profile = await profileOf(em, scope, clock.today());
  const team = <TeamSection team={await teamOf(em, scope, clock.now())} back="/structure" />;
  return renderPage(c, 'Ma structure', <ProfilePage profile={profile} today={clock.today()} forms={forms} team={team} />, status);
}

async function contactPage(c: Context<AppEnv>, refusal?: Refusal) {
  const contact = await contactToEdit(c.var.em, c.var.scope, id(c));
  const form = refusal && !refusal.stale ? shown(refusal) : { values: contactValues(contact), errors: refusal?.errors ?? {} };
  return renderPage(c, `Modifier le contact ${contact.name}`, <ContactEditPage contact={contact} form={form} />, refusal?.status ?? 200);
}

async function saved(c: Context<AppEnv>, message: string, to: string) {
  await flash(c, 'success', message);
  return redirectAfterPost(c, to);
}

/** Every change of the profile is its administrator's: refused before the form is read. */
const administratorOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === 'POST') c.var.scope.must(c.var.scope.canManageOrganisation);
  await next();
};
profileRoutes.use('/', administratorOnly);
profileRoutes.use('/contacts/*', administratorOnly);

profileRoutes.get('/', (c) => profilePage(c));

profileRoutes.post('/', (c) =>
  formAction(c, organisationForm, {
    run: (input) => updateOrganisation(c.var.em, c.var.scope, input),
    done: () => saved(c, 'Les coordonnées de la structure sont enregistrées.', '/structure#coordonnees'),
    refused: (r) => profilePage(c, { details: shown(r) }, r.status),
  }),
);

profileRoutes.post('/contacts', (c) =>
  formAction(c, contactForm, {
    run: (input) => addContact(c.var.em, c.var.scope, input),
    done: (contact) => saved(c, `${contact.name} est ajouté aux contacts.`, '/structure#contacts'),
    refused: (r) => profilePage(c, { contact: shown(r) }, r.status),
  }),
);

profileRoutes.get('/contacts/:id{[0-9]+}', (c) => contactPage(c));

profileRoutes.post('/contacts/:id{[0-9]+}', (c) =>
  formAction(c, contactEditForm, {
    run: (input) => updateContact(c.var.em, c.var.scope, id(c), input, input.version),
    done: (contact) => saved(c, `Le contact ${contact.name} est enregistré.`, '/structure#contacts'),
    refused: (r) => contactPage(c, r),
  }),
);

profileRoutes.post('/contacts/:id{[0-9]+}/suppression', async (c) => {
  const contact = await removeContact(c.var.em, c.var.scope, id(c));
  return saved(c, `${contact.name} est retiré des contacts.`, '/structure#contacts');
});

profileRoutes.get('/conventions/:id{[0-9]+}', async (c) => {
  const agreement = await myAgreement(c.var.em, c.var.scope, id(c));
  return renderPage(c, `Convention ${agreement.reference}`, <MyAgreementPage agreement={agreement} today={c.var.clock.today()} />);
});
