import { Hono } from 'hono';
import { HomePage, PartnerPage } from '../../views/home/pages.tsx';
import { myActions, myCommittees } from '../committees/service.ts';
import { listEstablishments } from '../establishments/service.ts';
import { myOrganisation } from '../partners/service.ts';
import type { AppEnv } from '../platform/context.ts';
import { renderPage } from '../platform/render.tsx';
import { workshopsOfMyOrganisation } from '../workshops/service.ts';
import { coordinatorAgenda, partnerWeeks } from './agenda.ts';

export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get('/', async (c) => {
  const { em, scope, viewer } = c.var;
  const today = c.var.clock.today();
  const establishments = scope.canManageEstablishments ? await listEstablishments(em, scope, { archived: false }) : [];
  const partner = await myOrganisation(em, scope);
  const agenda = scope.managesEstablishments ? await coordinatorAgenda(em, scope, today) : [];
  const weeks = scope.isPartnerStaff ? await partnerWeeks(em, scope, today) : [];
  const committees = scope.isCommitteeMember ? await myCommittees(em, scope, c.var.clock.now()) : [];
  const actions = await myActions(em, scope);
  const page = (
    <HomePage name={viewer?.displayName ?? ''} {...{ scope, establishments, agenda, weeks, today, committees, actions }} partnerName={partner?.name} />
  );
  return renderPage(c, 'Accueil', page);
});

homeRoutes.get('/structure', async (c) => {
  c.var.scope.must(c.var.scope.isPartnerStaff);
  const partner = await myOrganisation(c.var.em, c.var.scope);
  const rows = await workshopsOfMyOrganisation(c.var.em, c.var.scope, c.var.clock.today());
  return renderPage(c, 'Ma structure', <PartnerPage name={partner?.name ?? ''} kind={partner?.kind} rows={rows} />);
});
