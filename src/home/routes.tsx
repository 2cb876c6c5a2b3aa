import { Hono } from 'hono';
import { HomePage } from '../../views/home/pages.tsx';
import { PartnerHomePage } from '../../views/home/partner-home.tsx';
import { AgreementReminders } from '../../views/partners/agreement-reminders.tsx';
import { myActions, myCommittees } from '../committees/service.ts';
import { listEstablishments } from '../establishments/service.ts';
import { agreementsEndingSoon } from '../partners/agreements.ts';
import type { AppEnv } from '../platform/context.ts';
import { renderPage } from '../platform/render.tsx';
import { coordinatorAgenda } from './agenda.ts';
import { partnerHome } from './partner.ts';

export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get('/', async (c) => {
  const { em, scope, viewer } = c.var;
  const today = c.var.clock.today();
  const [name, actions] = [viewer?.displayName ?? '', await myActions(em, scope)];
  const agreements = <AgreementReminders agreements={await agreementsEndingSoon(em, scope, today)} />;
  if (scope.isPartnerStaff) {
    return renderPage(c, 'Accueil', <PartnerHomePage name={name} home={await partnerHome(em, scope, today)} {...{ today, actions, agreements }} />);
  }
  const establishments = scope.canManageEstablishments ? await listEstablishments(em, scope, { archived: false }) : [];
  const agenda = scope.managesEstablishments ? await coordinatorAgenda(em, scope, today) : [];
  const committees = scope.isCommitteeMember ? await myCommittees(em, scope, c.var.clock.now()) : [];
  return renderPage(c, 'Accueil', <HomePage name={name} {...{ scope, establishments, agenda, today, committees, actions, agreements }} />);
});
