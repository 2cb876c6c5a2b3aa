import type { Context } from 'hono';
import { Hono } from 'hono';
import { AgreementEditPage, type AgreementForm, AgreementsPage, agreementsHref, agreementValues } from '../../views/partners/agreements.tsx';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction, type Refusal } from '../platform/form-action.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { renderPage } from '../platform/render.tsx';
import { agreementEstablishments, createAgreement, findAgreement, listAgreements, removeAgreement, updateAgreement } from './agreements.ts';
import { agreementEditForm, agreementForm } from './forms.ts';

/**
 * A partner's agreements with the caller's establishments (`/partenaires/:id/conventions`):
 * coordinators (their establishments') and admins list, add, edit and remove them.
 */
export const agreementRoutes = new Hono<AppEnv>();

const partnerId = (c: Context<AppEnv>) => Number(c.req.param('partnerId'));
const id = (c: Context<AppEnv>) => Number(c.req.param('id'));
const BASE = '/:partnerId{[0-9]+}/conventions';

async function listPage(c: Context<AppEnv>, form: AgreementForm = { values: {}, errors: {} }, status: 200 | 404 | 409 | 422 = 200) {
  const { em, scope, clock } = c.var;
  const [{ partner, agreements }, establishments] = [await listAgreements(em, scope, partnerId(c)), await agreementEstablishments(em, scope)];
  const page = <AgreementsPage {...{ partner, agreements, establishments, form }} today={clock.today()} history={scope.canReadAuditTrail} />;
  return renderPage(c, `Conventions de ${partner.name}`, page, status);
}

async function editPage(c: Context<AppEnv>, refusal?: Refusal) {
  const { em, scope } = c.var;
  const agreement = await findAgreement(em, scope, partnerId(c), id(c));
  const form = refusal && !refusal.stale ? refusal : { values: agreementValues(agreement), errors: refusal?.errors ?? {} };
  const page = <AgreementEditPage partner={agreement.partner} {...{ agreement, form }} establishments={await agreementEstablishments(em, scope)} />;
  return renderPage(c, `Modifier la convention ${agreement.reference}`, page, refusal?.status ?? 200);
}

async function saved(c: Context<AppEnv>, message: string) {
  await flash(c, 'success', message);
  return redirectAfterPost(c, agreementsHref(partnerId(c)));
}

agreementRoutes.get(BASE, (c) => listPage(c));

agreementRoutes.post(BASE, (c) =>
  formAction(c, agreementForm, {
    run: (input) => createAgreement(c.var.em, c.var.scope, partnerId(c), input, c.var.clock.today()),
    done: (a) => saved(c, `La convention ${a.reference} est ajoutée.`),
    refused: (r) => listPage(c, r, r.status),
  }),
);

agreementRoutes.get(`${BASE}/:id{[0-9]+}`, (c) => editPage(c));

agreementRoutes.post(`${BASE}/:id{[0-9]+}`, (c) =>
  formAction(c, agreementEditForm, {
    run: (input) => updateAgreement(c.var.em, c.var.scope, { partnerId: partnerId(c), id: id(c) }, input, input.version, c.var.clock.today()),
    done: (a) => saved(c, `La convention ${a.reference} est enregistrée.`),
    refused: (r) => editPage(c, r),
  }),
);

agreementRoutes.post(`${BASE}/:id{[0-9]+}/suppression`, async (c) => {
  const agreement = await removeAgreement(c.var.em, c.var.scope, partnerId(c), id(c));
  return saved(c, `La convention ${agreement.reference} est supprimée.`);
});
