import type { Context } from 'hono';
import { Hono } from 'hono';
import { LeaveAdjustmentPage } from '../../views/leave/balance.tsx';
import { findDetainee } from '../detainees/service.ts';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction, type Refusal } from '../platform/form-action.ts';
import { renderPage } from '../platform/render.tsx';
import { signedCentidays } from './accrual.ts';
import { type AdjustmentOutcome, addLeaveAdjustment, leaveAdjustmentForm, removeLeaveAdjustment } from './adjustments.ts';
import { formatLeaveDays } from './service.ts';

/** Manual adjustments of a person's leave balance (issue 19, item 2), from the person page's Congés section. */
export const leaveAdjustmentRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>, name = 'id') => Number(c.req.param(name));

/** « Le solde est maintenant de 3 jours. », negative said plainly. */
const balanceSaid = (o: AdjustmentOutcome) =>
  o.balance < 0 ? `Le solde devient négatif : −${formatLeaveDays(-o.balance)} aujourd’hui.` : `Le solde est maintenant de ${formatLeaveDays(o.balance)}.`;

async function refusedPage(c: Context<AppEnv>, refusal: Refusal) {
  const detainee = await findDetainee(c.var.em, c.var.scope, id(c));
  const name = detainee.fullName();
  const page = <LeaveAdjustmentPage detaineeId={detainee.id} name={name} values={refusal.values} errors={refusal.errors} />;
  return renderPage(c, `Ajuster le solde de congés — ${name}`, page, refusal.status);
}

leaveAdjustmentRoutes.post('/personnes/:id{[0-9]+}/conges/ajustements', (c) =>
  formAction(c, leaveAdjustmentForm, {
    run: (input) => addLeaveAdjustment(c.var.em, c.var.scope, id(c), input, c.var.clock.today()),
    done: async (o) => {
      await flash(c, 'success', `L’ajustement de ${signedCentidays(o.adjustment.centidays)} est enregistré. ${balanceSaid(o)}`);
      return c.redirect(`/personnes/${o.detaineeId}#conges`, 303);
    },
    refused: (refusal) => refusedPage(c, refusal),
  }),
);

leaveAdjustmentRoutes.post('/conges/ajustements/:aid{[0-9]+}/suppression', async (c) => {
  const o = await removeLeaveAdjustment(c.var.em, c.var.scope, id(c, 'aid'), c.var.clock.today());
  await flash(c, 'success', `L’ajustement est supprimé. ${balanceSaid(o)}`);
  return c.redirect(`/personnes/${o.detaineeId}#conges`, 303);
});
