import { Hono } from 'hono';
import { LoginPage, PasswordPage } from '../../views/auth/pages.tsx';
import type { AppEnv } from '../platform/context.ts';
import { issueCsrfToken } from '../platform/csrf.ts';
import { FieldErrors } from '../platform/errors.ts';
import { parseForm, readForm } from '../platform/forms.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { renderPage } from '../platform/render.tsx';
import { clientIp } from '../platform/request.ts';
import { clearSessionCookie, flash, requireSignIn, sessionToken, setSessionCookie } from '../platform/session.ts';
import { loginForm, passwordForm, safeReturnPath } from './forms.ts';
import { changePassword, hashToken, logIn, logOut } from './service.ts';

export const authRoutes = new Hono<AppEnv>();

authRoutes.get('/connexion', async (c) => {
  if (c.var.signedIn) return c.redirect('/', 303);
  const notice = c.req.query('deconnecte') ? 'Vous êtes déconnecté.' : c.req.query('retour') ? 'Connectez-vous pour accéder à cette page.' : undefined;
  return renderPage(c, 'Connexion', <LoginPage values={{ retour: c.req.query('retour') ?? '' }} errors={{}} notice={notice} />);
});

authRoutes.post('/connexion', async (c) => {
  const values = await readForm(c.req);
  let input: ReturnType<typeof loginForm.parse>;
  try {
    input = parseForm(loginForm, values);
  } catch (e) {
    if (e instanceof FieldErrors) return renderPage(c, 'Connexion', <LoginPage values={values} errors={e.fields} />, 422);
    throw e;
  }
  const { config } = c.var;
  const result = await logIn(
    c.var.em,
    { email: input.email, password: input.password, ip: clientIp(c) },
    {
      maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
      windowMinutes: config.LOGIN_WINDOW_MINUTES,
      sessionTtlHours: config.SESSION_TTL_HOURS,
    },
  );
  if (!result.ok) {
    const message =
      result.reason === 'throttled'
        ? `Trop de tentatives de connexion infructueuses. Par sécurité, réessayez dans ${result.minutes} minute${result.minutes > 1 ? 's' : ''}.`
        : 'Adresse électronique ou mot de passe incorrect.';
    return renderPage(c, 'Connexion', <LoginPage values={values} errors={{ _form: message }} />, result.reason === 'throttled' ? 429 : 422);
  }
  const previous = sessionToken(c);
  if (previous) await logOut(c.var.em, previous);
  setSessionCookie(c, result.token, result.expiresAt);
  issueCsrfToken(c);
  return c.redirect(safeReturnPath(input.retour), 303);
});

authRoutes.post('/deconnexion', async (c) => {
  const token = sessionToken(c);
  if (token) await logOut(c.var.em, token);
  clearSessionCookie(c);
  issueCsrfToken(c);
  return c.redirect('/connexion?deconnecte=1', 303);
});

authRoutes.use('/compte/*', requireSignIn());

authRoutes.get('/compte/mot-de-passe', (c) => renderPage(c, 'Changer mon mot de passe', <PasswordPage errors={{}} />));

authRoutes.post('/compte/mot-de-passe', async (c) => {
  const signedIn = c.var.signedIn;
  if (!signedIn) throw new Error('requireSignIn let an anonymous request through');
  try {
    const input = parseForm(passwordForm, await readForm(c.req));
    await changePassword(c.var.em, signedIn.user.id, { current: input.current, next: input.next }, hashToken(sessionToken(c) ?? ''));
  } catch (e) {
    if (e instanceof FieldErrors) return renderPage(c, 'Changer mon mot de passe', <PasswordPage errors={e.fields} />, 422);
    throw e;
  }
  await flash(c, 'success', 'Votre mot de passe a été changé. Vos autres sessions ont été fermées.');
  return redirectAfterPost(c, '/');
});
