import type { Context } from 'hono';
import { Hono } from 'hono';
import { LeavePoliciesPage } from '../../views/leave/policies.tsx';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import { formatShortDay } from '../platform/format.ts';
import type { FormValues } from '../platform/forms.ts';
import { renderPage } from '../platform/render.tsx';
import { leavePolicyForm } from './forms.ts';
import { addLeavePolicyVersion, leavePoliciesPage } from './service.ts';

/** An establishment's leave policies with effective dates. */
export const leaveRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

async function page(c: Context<AppEnv>, failure?: { values: FormValues; errors: Record<string, string>; status: 409 | 422 }) {
  // Partners and committee members have no establishment pages (403); another establishment's coordinator gets 404.
  c.var.scope.must(c.var.scope.managesEstablishments);
  const data = await leavePoliciesPage(c.var.em, c.var.scope, id(c), c.var.clock.today(), c.req.query('modele'));
  return renderPage(c, `Congés — ${data.establishment.name}`, <LeavePoliciesPage {...data} failure={failure} />, failure?.status ?? 200);
}

leaveRoutes.get('/etablissements/:id{[0-9]+}/conges', (c) => page(c));

leaveRoutes.post('/etablissements/:id{[0-9]+}/conges', (c) => {
  c.var.scope.must(c.var.scope.managesEstablishments);
  return formAction(c, leavePolicyForm, {
    run: (input) => addLeavePolicyVersion(c.var.em, c.var.scope, id(c), input),
    done: async (v) => {
      await flash(c, 'success', `La politique de congés « ${v.name} » en vigueur à partir du ${formatShortDay(v.effectiveFrom)} est enregistrée.`);
      return c.redirect(`/etablissements/${id(c)}/conges`, 303);
    },
    refused: (refusal) => page(c, refusal),
  });
});
