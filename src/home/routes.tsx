import { Hono } from 'hono';
import { CommitteesPage, HomePage, PartnerPage } from '../../views/home/pages.tsx';
import { listEstablishments } from '../establishments/service.ts';
import { myOrganisation } from '../partners/service.ts';
import type { AppEnv } from '../platform/context.ts';
import { renderPage } from '../platform/render.tsx';
import { workshopsOfMyOrganisation } from '../workshops/service.ts';

export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get('/', async (c) => {
  const { em, scope, viewer } = c.var;
  const establishments = scope.managesEstablishments ? await listEstablishments(em, scope, { archived: false }) : [];
  const partner = await myOrganisation(em, scope);
  return renderPage(c, 'Accueil', <HomePage name={viewer?.displayName ?? ''} scope={scope} establishments={establishments} partnerName={partner?.name} />);
});

homeRoutes.get('/structure', async (c) => {
  c.var.scope.must(c.var.scope.isPartnerStaff);
  const partner = await myOrganisation(c.var.em, c.var.scope);
  const rows = await workshopsOfMyOrganisation(c.var.em, c.var.scope, c.var.clock.today());
  return renderPage(c, 'Ma structure', <PartnerPage name={partner?.name ?? ''} kind={partner?.kind} rows={rows} />);
});

homeRoutes.get('/comites', (c) => {
  c.var.scope.must(c.var.scope.isCommitteeMember);
  return renderPage(c, 'Mes comités', <CommitteesPage />);
});
