import type { Context } from 'hono';
import { Hono } from 'hono';
import { ProposalsPage } from '../../views/partners/proposals.tsx';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction, type Refusal } from '../platform/form-action.ts';
import { one } from '../platform/forms.ts';
import { renderPage } from '../platform/render.tsx';
import { partnerProposals, proposalForm, proposalWorkshop, proposeCandidate, searchPresentPeople } from './partner-proposals.ts';

/** Candidates a partner proposes for its workshop (issue 21, item 3). */
export const proposalRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

async function page(c: Context<AppEnv>, q: string, refusal?: Refusal) {
  const workshop = await proposalWorkshop(c.var.em, c.var.scope, id(c));
  const [search, proposals] = await Promise.all([searchPresentPeople(c.var.em, workshop, q), partnerProposals(c.var.em, c.var.scope)]);
  const props = { workshop, search, proposals, values: refusal?.values, errors: refusal?.errors };
  return renderPage(c, `Proposer un candidat — ${workshop.name}`, <ProposalsPage {...props} />, refusal?.status ?? 200);
}

proposalRoutes.get('/ateliers/:id{[0-9]+}/candidats', (c) => page(c, c.req.query('q') ?? ''));

proposalRoutes.post('/ateliers/:id{[0-9]+}/candidats', (c) =>
  formAction(c, proposalForm, {
    run: (input) => proposeCandidate(c.var.em, c.var.scope, id(c), input, c.var.clock.today()),
    done: async (candidacy) => {
      await flash(c, 'success', `La candidature de ${candidacy.detainee.fullName()} est déposée : la CPU l’examinera.`);
      return c.redirect(`/ateliers/${id(c)}/candidats`, 303);
    },
    refused: (refusal) => page(c, one(refusal.values, 'q'), refusal),
  }),
);
