import { OptimisticLockError } from '@mikro-orm/core';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { PARTNER_COLUMNS, PartnerEditRow, PartnerRowView, PartnersPage, PartnersSection, partnerValues } from '../../views/partners/pages.tsx';
import { EditRowPage } from '../../views/workshops/workshops.tsx';
import { versionField } from '../establishments/forms.ts';
import type { AppEnv } from '../platform/context.ts';
import { FieldErrors, StaleRecordError } from '../platform/errors.ts';
import { parseForm, readForm } from '../platform/forms.ts';
import { isHtmx, redirectAfterPost } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { flash } from '../platform/session.ts';
import { PARTNER_KINDS } from './entities.ts';
import { partnerForm } from './forms.ts';
import { archivePartner, createPartner, findPartner, listPartners, restorePartner, updatePartner } from './service.ts';

export const partnerRoutes = new Hono<AppEnv>();

partnerRoutes.use(async (c, next) => {
  c.var.scope.require('admin', 'coordinator');
  await next();
});

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

partnerRoutes.get('/', async (c) => {
  const q = c.req.query();
  const filters = { q: q.q?.trim() || undefined, kind: PARTNER_KINDS.find((k) => k === q.type), archived: q.archives === '1' };
  const rows = await listPartners(c.var.em, c.var.scope, filters);
  return renderPage(c, 'Structures partenaires', <PartnersPage rows={rows} filters={filters} values={{}} errors={{}} />);
});

partnerRoutes.post('/', async (c) => {
  const { em, scope } = c.var;
  const values = await readForm(c.req);
  try {
    const partner = await createPartner(em, scope, parseForm(partnerForm, values));
    if (!isHtmx(c)) {
      await flash(c, 'success', `La structure « ${partner.name} » a été ajoutée.`);
      return c.redirect('/partenaires', 303);
    }
    return renderFragment(c, <PartnersSection rows={await listPartners(em, scope, { archived: false })} values={{}} errors={{}} created={partner.name} />, 201);
  } catch (e) {
    if (!(e instanceof FieldErrors)) throw e;
    const rows = await listPartners(em, scope, { archived: false });
    if (isHtmx(c)) return renderFragment(c, <PartnersSection rows={rows} values={values} errors={e.fields} />, 422);
    return renderPage(c, 'Structures partenaires', <PartnersPage rows={rows} filters={{ archived: false }} values={values} errors={e.fields} />, 422);
  }
});

async function partnerRow(c: Context<AppEnv>, partnerId: number, saved = false) {
  const partner = await findPartner(c.var.em, c.var.scope, partnerId);
  const rows = await listPartners(c.var.em, c.var.scope, { archived: partner.archivedAt != null });
  const row = rows.find((r) => r.partner.id === partnerId) ?? { partner, workshopCount: 0 };
  return renderFragment(c, <PartnerRowView row={row} saved={saved} />);
}

partnerRoutes.get('/:id{[0-9]+}/ligne', (c) => partnerRow(c, id(c)));

function editPage(c: Context<AppEnv>, name: string, row: JSX.Element, status: 200 | 409 | 422 = 200) {
  return renderPage(
    c,
    `Modifier ${name}`,
    <EditRowPage title={`Modifier « ${name} »`} back="/partenaires" columns={PARTNER_COLUMNS}>
      {row}
    </EditRowPage>,
    status,
  );
}

partnerRoutes.get('/:id{[0-9]+}/modifier', async (c) => {
  const partner = await findPartner(c.var.em, c.var.scope, id(c));
  const row = <PartnerEditRow partner={partner} values={partnerValues(partner)} errors={{}} />;
  return isHtmx(c) ? renderFragment(c, row) : editPage(c, partner.name, row);
});

partnerRoutes.post('/:id{[0-9]+}', async (c) => {
  const { em, scope } = c.var;
  const values = await readForm(c.req);
  try {
    const { version } = parseForm(versionField, values);
    const partner = await updatePartner(em, scope, id(c), parseForm(partnerForm, values), version);
    if (isHtmx(c)) return partnerRow(c, partner.id, true);
    await flash(c, 'success', `La structure « ${partner.name} » est enregistrée.`);
    return c.redirect('/partenaires', 303);
  } catch (e) {
    if (!(e instanceof FieldErrors || e instanceof StaleRecordError || e instanceof OptimisticLockError)) throw e;
    em.clear();
    const partner = await findPartner(em, scope, id(c));
    const stale = !(e instanceof FieldErrors);
    const row = (
      <PartnerEditRow
        partner={partner}
        values={stale ? partnerValues(partner) : values}
        errors={stale ? { _form: new StaleRecordError().message } : (e as FieldErrors).fields}
      />
    );
    const status = stale ? 409 : 422;
    return isHtmx(c) ? renderFragment(c, row, status) : editPage(c, partner.name, row, status);
  }
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
