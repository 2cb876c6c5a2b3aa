import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Errors, Values } from '../../views/components/forms.tsx';
import { UserFormPage, UsersPage } from '../../views/users/pages.tsx';
import type { AppEnv } from '../platform/context.ts';
import { versionField } from '../platform/fields.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { renderPage } from '../platform/render.tsx';
import type { User } from './entities.ts';
import { userForm } from './forms.ts';
import { createUser, deactivateUser, findUser, listUsers, membershipChoices, reactivateUser, updateUser } from './service.ts';

export const userRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

userRoutes.use(async (c, next) => {
  c.var.scope.must(c.var.scope.canManageAccounts);
  await next();
});

userRoutes.get('/', async (c) => {
  const filters = {
    role: c.req.query('role') || undefined,
    status: (['active', 'inactive', 'all'] as const).find((s) => s === c.req.query('statut')) ?? 'active',
    q: c.req.query('q')?.trim() || undefined,
  };
  const users = await listUsers(c.var.em, c.var.scope, filters);
  return renderPage(c, 'Utilisateurs', <UsersPage users={users} filters={filters} selfId={c.var.scope.userId} />);
});

/** The account form, new or of `user`, with what was typed and why it was refused. */
async function accountForm(c: Context<AppEnv>, user: User | null, values: Values, errors: Errors = {}, status: 200 | 409 | 422 = 200) {
  const choices = await membershipChoices(c.var.em);
  const page = <UserFormPage user={user ?? undefined} choices={choices} values={values} errors={errors} />;
  return renderPage(c, user ? `Modifier ${user.displayName}` : 'Nouvel utilisateur', page, status);
}

userRoutes.get('/nouveau', (c) => accountForm(c, null, { role: 'coordinator' }));

userRoutes.post('/', (c) =>
  formAction(c, userForm, {
    run: (input) => createUser(c.var.em, c.var.scope, input, c.var.config.PASSWORD_HASH_COST),
    done: async (user) => {
      await flash(
        c,
        'success',
        `Le compte de ${user.displayName} est créé. Transmettez-lui son mot de passe provisoire : Atelier lui demandera d’en choisir un à sa première connexion.`,
      );
      return redirectAfterPost(c, '/admin/utilisateurs');
    },
    refused: ({ values, errors, status }) => accountForm(c, null, values, errors, status),
  }),
);

userRoutes.get('/:id{[0-9]+}/modifier', async (c) => {
  const user = await findUser(c.var.em, c.var.scope, id(c));
  return accountForm(c, user, valuesOf(user));
});

userRoutes.post('/:id{[0-9]+}', (c) =>
  formAction(c, userForm.and(versionField), {
    run: (input) => updateUser(c.var.em, c.var.scope, id(c), input, input.version, c.var.config.PASSWORD_HASH_COST),
    done: async (user) => {
      await flash(c, 'success', `Le compte de ${user.displayName} est mis à jour.`);
      return redirectAfterPost(c, '/admin/utilisateurs');
    },
    refused: async ({ values, errors, status, stale }) => {
      const user = await findUser(c.var.em, c.var.scope, id(c));
      return accountForm(c, user, stale ? valuesOf(user) : values, errors, status);
    },
  }),
);

userRoutes.post('/:id{[0-9]+}/desactivation', async (c) => {
  const user = await deactivateUser(c.var.em, c.var.scope, id(c));
  await flash(c, 'info', `Le compte de ${user.displayName} est désactivé : ses sessions sont fermées et il ne peut plus se connecter.`);
  return redirectAfterPost(c, '/admin/utilisateurs');
});

userRoutes.post('/:id{[0-9]+}/reactivation', async (c) => {
  const user = await reactivateUser(c.var.em, c.var.scope, id(c));
  await flash(c, 'success', `Le compte de ${user.displayName} est réactivé.`);
  return redirectAfterPost(c, '/admin/utilisateurs');
});

function valuesOf(user: Awaited<ReturnType<typeof findUser>>) {
  return {
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    establishmentIds: user.establishments.getItems().map((e) => String(e.id)),
    partnerId: user.partner ? String(user.partner.id) : '',
    partnerAdmin: user.partnerAdmin ? '1' : '',
    version: String(user.version),
  };
}
