import { Hono } from 'hono';
import { CommitteesPage, HomePage, PartnerPage } from '../../views/home/pages.tsx';
import { listEstablishments } from '../establishments/service.ts';
import type { AppEnv } from '../platform/context.ts';
import { renderPage } from '../platform/render.tsx';
import { workshopsOfMyOrganisation } from '../workshops/service.ts';

export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get('/', async (c) => {
  const { em, scope, signedIn } = c.var;
  const establishments = scope.role === 'admin' || scope.role === 'coordinator' ? await listEstablishments(em, scope, { archived: false }) : [];
  const user = signedIn?.user;
  return renderPage(
    c,
    'Accueil',
    <HomePage name={user?.displayName ?? ''} role={scope.role} establishments={establishments} partnerName={user?.partner?.name} />,
  );
});

homeRoutes.get('/structure', async (c) => {
  c.var.scope.require('partner');
  const partner = c.var.signedIn?.user.partner;
  const rows = await workshopsOfMyOrganisation(c.var.em, c.var.scope);
  return renderPage(c, 'Ma structure', <PartnerPage name={partner?.name ?? ''} kind={partner?.kind} rows={rows} />);
});

homeRoutes.get('/comites', (c) => {
  c.var.scope.require('committee');
  return renderPage(c, 'Mes comités', <CommitteesPage />);
});
