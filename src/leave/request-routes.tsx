import type { Context } from 'hono';
import { Hono } from 'hono';
import { LeaveQueuePage, LeaveRequestRowView, PartnerLeaveRequestPage, PersonLeaveRequestPage } from '../../views/leave/requests.tsx';
import { findDetainee } from '../detainees/service.ts';
import { findEstablishment } from '../establishments/service.ts';
import type { AppEnv } from '../platform/context.ts';
import { FieldErrors, RuleError } from '../platform/errors.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import type { FormValues } from '../platform/forms.ts';
import { readForm } from '../platform/forms.ts';
import { isHtmx } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import {
  approveLeaveRequest,
  cancelLeaveRequest,
  leaveRefusalForm,
  leaveRequestForm,
  leaveRequestRow,
  partnerLeaveRequestForm,
  pendingLeaveRequests,
  refuseLeaveRequest,
  requestLeave,
  workshopLeavePeople,
} from './requests.ts';

/** Leave requests (issue 19, item 4): asked for on the person page or by the workshop's partner, decided in the queue. */
export const leaveRequestRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>, name = 'id') => Number(c.req.param(name));
type Failure = { values: FormValues; errors: Record<string, string>; status: 409 | 422 };

async function personForm(c: Context<AppEnv>, failure: Failure) {
  const detainee = await findDetainee(c.var.em, c.var.scope, id(c));
  const name = `${detainee.firstName} ${detainee.lastName}`;
  return renderPage(c, `Demander un congé — ${name}`, <PersonLeaveRequestPage detaineeId={detainee.id} name={name} {...failure} />, failure.status);
}

leaveRequestRoutes.post('/personnes/:id{[0-9]+}/conges/demandes', (c) =>
  formAction(c, leaveRequestForm, {
    run: (input) => requestLeave(c.var.em, c.var.scope, id(c), input),
    done: async (r) => {
      await flash(c, 'success', `La demande de congé de ${r.days / 100} jour(s) ouvré(s) est enregistrée : elle attend la décision de la coordination.`);
      return c.redirect(`/personnes/${id(c)}#conges`, 303);
    },
    refused: (refusal) => personForm(c, refusal),
  }),
);

leaveRequestRoutes.get('/etablissements/:id{[0-9]+}/conges/demandes', async (c) => {
  const rows = await pendingLeaveRequests(c.var.em, c.var.scope, id(c));
  const establishment = await findEstablishment(c.var.em, c.var.scope, id(c));
  return renderPage(c, `Demandes de congé — ${establishment.name}`, <LeaveQueuePage establishment={establishment} rows={rows} today={c.var.clock.today()} />);
});

type Decision = 'approuver' | 'refuser' | 'annuler';

/** Runs one decision; htmx gets the row in its new state (or with the refusal next to it), a plain form goes back. */
async function decide(c: Context<AppEnv>, decision: Decision) {
  const { em, scope, clock } = c.var;
  let error: string | undefined;
  try {
    if (decision === 'approuver') await approveLeaveRequest(em, scope, id(c, 'rid'));
    else if (decision === 'annuler') await cancelLeaveRequest(em, scope, id(c, 'rid'), clock.today());
    else {
      const parsed = leaveRefusalForm.safeParse(await readForm(c.req));
      if (!parsed.success) throw new FieldErrors({ decision: parsed.error.issues[0]?.message ?? 'Indiquez le motif du refus.' });
      await refuseLeaveRequest(em, scope, id(c, 'rid'), parsed.data.refusalReason);
    }
  } catch (e) {
    if (e instanceof FieldErrors) error = Object.values(e.fields)[0];
    else if (e instanceof RuleError) error = e.message;
    else throw e;
    em.clear();
  }
  return answer(c, error);
}

async function answer(c: Context<AppEnv>, error: string | undefined) {
  const row = await leaveRequestRow(c.var.em, c.var.scope, id(c, 'rid'));
  if (isHtmx(c)) return renderFragment(c, <LeaveRequestRowView row={row} today={c.var.clock.today()} withPerson error={error} />, error ? 422 : 200);
  await flash(c, error ? 'error' : 'success', error ?? 'La demande de congé est mise à jour.');
  return c.redirect(c.req.header('Referer') ?? `/personnes/${row.detaineeId}#conges`, 303);
}

for (const decision of ['approuver', 'refuser', 'annuler'] as const)
  leaveRequestRoutes.post(`/conges/demandes/:rid{[0-9]+}/${decision}`, (c) => decide(c, decision));

async function partnerPage(c: Context<AppEnv>, failure?: Failure) {
  const data = await workshopLeavePeople(c.var.em, c.var.scope, id(c), c.var.clock.today());
  const form = failure ?? { values: { reason: 'leave' }, errors: {} };
  return renderPage(c, `Demander un congé — ${data.workshop.name}`, <PartnerLeaveRequestPage {...data} {...form} />, failure?.status ?? 200);
}

leaveRequestRoutes.get('/ateliers/:id{[0-9]+}/conges/nouvelle', (c) => partnerPage(c));

leaveRequestRoutes.post('/ateliers/:id{[0-9]+}/conges/nouvelle', (c) =>
  formAction(c, partnerLeaveRequestForm, {
    run: async ({ detaineeId, ...input }) => {
      // Only the workshop's people: anyone else answers as if unknown (404).
      const { people } = await workshopLeavePeople(c.var.em, c.var.scope, id(c), c.var.clock.today());
      if (!people.some(([value]) => value === String(detaineeId))) throw new FieldErrors({ detaineeId: 'Choisissez une personne de cet atelier.' });
      return requestLeave(c.var.em, c.var.scope, detaineeId, input);
    },
    done: async () => {
      await flash(c, 'success', 'La demande de congé est enregistrée : la coordination de l’établissement va la traiter.');
      return c.redirect(`/ateliers/${id(c)}`, 303);
    },
    refused: (refusal) => partnerPage(c, refusal),
  }),
);
