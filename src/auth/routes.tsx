import type { Context } from 'hono';
import { Hono } from 'hono';
import { ChoosePasswordPage, LoginPage, PasswordPage } from '../../views/auth/pages.tsx';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import { one, safeReturnPath } from '../platform/forms.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { renderPage } from '../platform/render.tsx';
import { clientIp } from '../platform/request.ts';
import { choosePasswordForm, loginForm, passwordForm } from './forms.ts';
import { loginRefusal } from './rules.ts';
import { changePassword, chooseFirstPassword, hashToken, logIn, loginSettings } from './service.ts';
import { endSession, requireSignIn, sessionToken, startSession } from './session.ts';

export const authRoutes = new Hono<AppEnv>();

authRoutes.get('/connexion', async (c) => {
  if (c.var.viewer) return c.redirect('/', 303);
  const notice = c.req.query('deconnecte') ? 'Vous êtes déconnecté.' : c.req.query('retour') ? 'Connectez-vous pour accéder à cette page.' : undefined;
  return renderPage(c, 'Connexion', <LoginPage values={{ retour: c.req.query('retour') ?? '' }} errors={{}} notice={notice} />);
});

/** The login page, with what was typed (never the password) and why it was refused. */
function loginPage(c: Context<AppEnv>, values: Record<string, unknown>, errors: Record<string, string>, status: 422 | 429) {
  return renderPage(c, 'Connexion', <LoginPage values={values} errors={errors} />, status);
}

authRoutes.post('/connexion', (c) =>
  formAction(c, loginForm, {
    run: (input) => logIn(c.var.em, { email: input.email, password: input.password, ip: clientIp(c) }, loginSettings(c.var.config)),
    done: async (result, values) => {
      if (!result.ok) return loginPage(c, values, { _form: loginRefusal(result) }, result.reason === 'throttled' ? 429 : 422);
      await startSession(c, result);
      return c.redirect(safeReturnPath(one(values, 'retour')), 303);
    },
    refused: ({ values, errors }) => loginPage(c, values, errors, 422),
  }),
);

authRoutes.post('/deconnexion', async (c) => {
  await endSession(c);
  return c.redirect('/connexion?deconnecte=1', 303);
});

authRoutes.use('/compte/*', requireSignIn());

authRoutes.get('/compte/mot-de-passe', (c) =>
  c.var.viewer?.mustChangePassword
    ? renderPage(c, 'Choisir votre mot de passe', <ChoosePasswordPage errors={{}} />)
    : renderPage(c, 'Changer mon mot de passe', <PasswordPage errors={{}} />),
);

authRoutes.post('/compte/mot-de-passe', (c) => (c.var.viewer?.mustChangePassword ? chooseFirst(c) : change(c)));

/** The first login with a temporary password: the person chooses their own. */
function chooseFirst(c: Context<AppEnv>) {
  return formAction(c, choosePasswordForm, {
    run: (input) => chooseFirstPassword(c.var.em, c.var.scope.userId, input, hashToken(sessionToken(c) ?? ''), loginSettings(c.var.config)),
    done: async () => {
      await flash(c, 'success', 'Votre mot de passe est enregistré. Utilisez-le désormais pour vous connecter.');
      return c.redirect('/', 303);
    },
    refused: ({ errors, status }) => renderPage(c, 'Choisir votre mot de passe', <ChoosePasswordPage errors={errors} />, status),
  });
}

function change(c: Context<AppEnv>) {
  return formAction(c, passwordForm, {
    run: (input) => changePassword(c.var.em, c.var.scope.userId, { ...input, ip: clientIp(c) }, hashToken(sessionToken(c) ?? ''), loginSettings(c.var.config)),
    done: async () => {
      await flash(c, 'success', 'Votre mot de passe a été changé. Vos autres sessions ont été fermées.');
      return redirectAfterPost(c, '/');
    },
    refused: ({ errors, status }) => renderPage(c, 'Changer mon mot de passe', <PasswordPage errors={errors} />, status),
  });
}
