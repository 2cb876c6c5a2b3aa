import { Readable } from 'node:stream';
import { OptimisticLockError } from '@mikro-orm/core';
import { Hono } from 'hono';
import { EstablishmentEditPage, EstablishmentPage, EstablishmentsPage, EstablishmentsSection } from '../../views/establishments/pages.tsx';
import type { AppEnv } from '../platform/context.ts';
import { FieldErrors, StaleRecordError } from '../platform/errors.ts';
import { type FormValues, parseForm, readForm } from '../platform/forms.ts';
import { isHtmx, redirectAfterPost } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { flash } from '../platform/session.ts';
import { establishmentForm, versionField } from './forms.ts';
import {
  archiveEstablishment,
  coordinatorsOf,
  createEstablishment,
  findEstablishment,
  listEstablishments,
  restoreEstablishment,
  setupSummary,
  updateEstablishment,
} from './service.ts';
import { renderEstablishmentSheet } from './sheet.pdf.ts';
import { establishmentSheet, sheetFileName } from './sheet.ts';

export const establishmentRoutes = new Hono<AppEnv>();

const TITLE = 'Établissements';

establishmentRoutes.get('/', async (c) => {
  c.var.scope.require('admin', 'coordinator');
  const archived = c.req.query('archives') === '1';
  const rows = await listEstablishments(c.var.em, c.var.scope, { archived });
  return renderPage(c, TITLE, <EstablishmentsPage rows={rows} archived={archived} canManage={c.var.scope.isAdmin} values={{}} errors={{}} />);
});

/** The list and the creation form are one section, so htmx swaps both after a create. */
establishmentRoutes.post('/', async (c) => {
  const { em, scope } = c.var;
  scope.require('admin');
  const values = await readForm(c.req);
  const section = async (v: FormValues, errors: Record<string, string>, created?: string) => (
    <EstablishmentsSection rows={await listEstablishments(em, scope, { archived: false })} canManage values={v} errors={errors} created={created} />
  );
  try {
    const establishment = await createEstablishment(em, scope, parseForm(establishmentForm, values));
    if (isHtmx(c)) return renderFragment(c, await section({}, {}, establishment.name), 201);
    await flash(c, 'success', `L’établissement « ${establishment.name} » a été créé.`);
    return c.redirect('/etablissements', 303);
  } catch (e) {
    if (!(e instanceof FieldErrors)) throw e;
    if (isHtmx(c)) return renderFragment(c, await section(values, e.fields), 422);
    const rows = await listEstablishments(em, scope, { archived: false });
    return renderPage(c, TITLE, <EstablishmentsPage rows={rows} archived={false} canManage values={values} errors={e.fields} />, 422);
  }
});

establishmentRoutes.get('/:id{[0-9]+}', async (c) => {
  const establishment = await findEstablishment(c.var.em, c.var.scope, Number(c.req.param('id')));
  const coordinators = await coordinatorsOf(c.var.em, establishment);
  const summary = await setupSummary(c.var.em, establishment, new Date().toISOString().slice(0, 10));
  return renderPage(
    c,
    establishment.name,
    <EstablishmentPage establishment={establishment} coordinators={coordinators} summary={summary} canManage={c.var.scope.isAdmin} />,
  );
});

establishmentRoutes.get('/:id{[0-9]+}/fiche.pdf', async (c) => {
  const data = await establishmentSheet(c.var.em, c.var.scope, Number(c.req.param('id')));
  const doc = renderEstablishmentSheet(data);
  return c.body(Readable.toWeb(doc) as ReadableStream, 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${sheetFileName(data.establishment.name, data.generatedAt.toISOString().slice(0, 10))}"`,
    'Cache-Control': 'no-store',
  });
});

establishmentRoutes.get('/:id{[0-9]+}/modifier', async (c) => {
  c.var.scope.require('admin');
  const establishment = await findEstablishment(c.var.em, c.var.scope, Number(c.req.param('id')));
  return renderPage(c, `Modifier ${establishment.name}`, <EstablishmentEditPage establishment={establishment} values={{ ...establishment }} errors={{}} />);
});

establishmentRoutes.post('/:id{[0-9]+}', async (c) => {
  const { em, scope } = c.var;
  scope.require('admin');
  const id = Number(c.req.param('id'));
  const values = await readForm(c.req);
  try {
    const { version } = parseForm(versionField, values);
    const establishment = await updateEstablishment(em, scope, id, parseForm(establishmentForm, values), version);
    await flash(c, 'success', `Les modifications de « ${establishment.name} » sont enregistrées.`);
    return redirectAfterPost(c, `/etablissements/${id}`);
  } catch (e) {
    if (!(e instanceof FieldErrors || e instanceof StaleRecordError || e instanceof OptimisticLockError)) throw e;
    em.clear();
    const current = await findEstablishment(em, scope, id);
    const stale = !(e instanceof FieldErrors);
    const form = (
      <EstablishmentEditPage
        establishment={current}
        values={stale ? { ...current } : values}
        errors={stale ? { _form: new StaleRecordError().message } : e.fields}
      />
    );
    const status = stale ? 409 : 422;
    return isHtmx(c) ? renderFragment(c, form, status) : renderPage(c, `Modifier ${current.name}`, form, status);
  }
});

establishmentRoutes.post('/:id{[0-9]+}/archivage', async (c) => {
  const establishment = await archiveEstablishment(c.var.em, c.var.scope, Number(c.req.param('id')));
  await flash(c, 'info', `L’établissement « ${establishment.name} » est archivé. Vous pouvez le restaurer depuis la liste des établissements archivés.`);
  return redirectAfterPost(c, '/etablissements');
});

establishmentRoutes.post('/:id{[0-9]+}/restauration', async (c) => {
  const establishment = await restoreEstablishment(c.var.em, c.var.scope, Number(c.req.param('id')));
  await flash(c, 'success', `L’établissement « ${establishment.name} » est restauré.`);
  return redirectAfterPost(c, `/etablissements/${establishment.id}`);
});
