import { OptimisticLockError } from '@mikro-orm/core';
import { Hono } from 'hono';
import { UserFormPage, UsersPage } from '../../views/users/pages.tsx';
import { versionField } from '../establishments/forms.ts';
import type { AppEnv } from '../platform/context.ts';
import { FieldErrors, StaleRecordError } from '../platform/errors.ts';
import { parseForm, readForm } from '../platform/forms.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { renderPage } from '../platform/render.tsx';
import { flash } from '../platform/session.ts';
import { userForm } from './forms.ts';
import { createUser, deactivateUser, findUser, listUsers, membershipChoices, reactivateUser, updateUser } from './service.ts';

export const userRoutes = new Hono<AppEnv>();

userRoutes.use(async (c, next) => {
  c.var.scope.require('admin');
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

userRoutes.get('/nouveau', async (c) => {
  const choices = await membershipChoices(c.var.em);
  return renderPage(c, 'Nouvel utilisateur', <UserFormPage choices={choices} values={{ role: 'coordinator' }} errors={{}} />);
});

userRoutes.post('/', async (c) => {
  const { em, scope } = c.var;
  const values = await readForm(c.req);
  try {
    const user = await createUser(em, scope, parseForm(userForm, values));
    await flash(
      c,
      'success',
      `Le compte de ${user.displayName} est créé. Transmettez-lui son mot de passe provisoire : il pourra le changer depuis « Mon compte ».`,
    );
    return redirectAfterPost(c, '/admin/utilisateurs');
  } catch (e) {
    if (!(e instanceof FieldErrors)) throw e;
    const choices = await membershipChoices(em);
    return renderPage(c, 'Nouvel utilisateur', <UserFormPage choices={choices} values={values} errors={e.fields} />, 422);
  }
});

userRoutes.get('/:id{[0-9]+}/modifier', async (c) => {
  const user = await findUser(c.var.em, c.var.scope, Number(c.req.param('id')));
  const choices = await membershipChoices(c.var.em);
  return renderPage(c, `Modifier ${user.displayName}`, <UserFormPage user={user} choices={choices} values={valuesOf(user)} errors={{}} />);
});

userRoutes.post('/:id{[0-9]+}', async (c) => {
  const { em, scope } = c.var;
  const id = Number(c.req.param('id'));
  const values = await readForm(c.req);
  try {
    const { version } = parseForm(versionField, values);
    const user = await updateUser(em, scope, id, parseForm(userForm, values), version);
    await flash(c, 'success', `Le compte de ${user.displayName} est mis à jour.`);
    return redirectAfterPost(c, '/admin/utilisateurs');
  } catch (e) {
    if (!(e instanceof FieldErrors || e instanceof StaleRecordError || e instanceof OptimisticLockError)) throw e;
    em.clear();
    const user = await findUser(em, scope, id);
    const choices = await membershipChoices(em);
    const stale = !(e instanceof FieldErrors);
    const page = (
      <UserFormPage
        user={user}
        choices={choices}
        values={stale ? valuesOf(user) : values}
        errors={stale ? { _form: new StaleRecordError().message } : e.fields}
      />
    );
    return renderPage(c, `Modifier ${user.displayName}`, page, stale ? 409 : 422);
  }
});

userRoutes.post('/:id{[0-9]+}/desactivation', async (c) => {
  const user = await deactivateUser(c.var.em, c.var.scope, Number(c.req.param('id')));
  await flash(c, 'info', `Le compte de ${user.displayName} est désactivé : ses sessions sont fermées et il ne peut plus se connecter.`);
  return redirectAfterPost(c, '/admin/utilisateurs');
});

userRoutes.post('/:id{[0-9]+}/reactivation', async (c) => {
  const user = await reactivateUser(c.var.em, c.var.scope, Number(c.req.param('id')));
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
    version: String(user.version),
  };
}
