import type { Context } from 'hono';
import { Hono } from 'hono';
import { PARTNER_COLUMNS, PartnerEditRow, PartnerRowView, PartnersPage, PartnersSection, partnerValues } from '../../views/partners/pages.tsx';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { inlineTable, type RowForm } from '../platform/inline-routes.tsx';
import { renderPage } from '../platform/render.tsx';
import { PARTNER_KINDS, type PartnerKind } from './entities.ts';
import { partnerForm } from './forms.ts';
import { archivePartner, createPartner, findPartner, listPartners, partnerRow, restorePartner, updatePartner } from './service.ts';

export const partnerRoutes = new Hono<AppEnv>();

partnerRoutes.use(async (c, next) => {
  c.var.scope.must(c.var.scope.canManageCatalogue);
  await next();
});

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

async function partnersPage(c: Context<AppEnv>, filters: { q?: string; kind?: PartnerKind; archived: boolean }, form: RowForm, status: 200 | 409 | 422 = 200) {
  const rows = await listPartners(c.var.em, c.var.scope, filters);
  return renderPage(c, 'Structures partenaires', <PartnersPage rows={rows} filters={filters} {...form} history={c.var.scope.canReadAuditTrail} />, status);
}

partnerRoutes.get('/', (c) => {
  const q = c.req.query();
  return partnersPage(
    c,
    { q: q.q?.trim() || undefined, kind: PARTNER_KINDS.find((k) => k === q.type), archived: q.archives === '1' },
    { values: {}, errors: {} },
  );
});

inlineTable(partnerRoutes, {
  rows: {
    path: '/:id{[0-9]+}',
    find: (c, partnerId) => findPartner(c.var.em, c.var.scope, partnerId),
    values: partnerValues,
    row: async (c, partner, saved) => <PartnerRowView row={await partnerRow(c.var.em, partner)} saved={saved} history={c.var.scope.canReadAuditTrail} />,
    editRow: (_c, partner, form) => ({
      row: <PartnerEditRow partner={partner} {...form} />,
      page: { title: `Modifier ${partner.name}`, heading: `Modifier « ${partner.name} »`, back: '/partenaires', columns: PARTNER_COLUMNS },
    }),
    schema: partnerForm,
    update: (c, partnerId, input, version) => updatePartner(c.var.em, c.var.scope, partnerId, input, version),
    saved: (partner) => ({ message: `La structure « ${partner.name} » est enregistrée.`, redirect: '/partenaires' }),
  },
  add: {
    path: '/',
    schema: partnerForm,
    create: (c, input) => createPartner(c.var.em, c.var.scope, input),
    section: async (c, form, created) => (
      <PartnersSection
        rows={await listPartners(c.var.em, c.var.scope, { archived: false })}
        {...form}
        created={created?.name}
        history={c.var.scope.canReadAuditTrail}
      />
    ),
    page: (c, form, status) => partnersPage(c, { archived: false }, form, status),
    created: (partner) => ({ message: `La structure « ${partner.name} » a été ajoutée.`, redirect: '/partenaires' }),
  },
});

partnerRoutes.post('/:id{[0-9]+}/archivage', async (c) => {
  const partner = await archivePartner(c.var.em, c.var.scope, id(c));
  await flash(c, 'info', `La structure « ${partner.name} » est archivée. Vous pouvez la restaurer depuis les structures archivées.`);
  return redirectAfterPost(c, '/partenaires');
});

partnerRoutes.post('/:id{[0-9]+}/restauration', async (c) => {
  const partner = await restorePartner(c.var.em, c.var.scope, id(c));
  await flash(c, 'success', `La structure « ${partner.name} » est restaurée.`);
  return redirectAfterPost(c, '/partenaires');
});
