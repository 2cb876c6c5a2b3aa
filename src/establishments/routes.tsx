import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { EstablishmentEditPage, EstablishmentPage, EstablishmentsPage, EstablishmentsSection } from '../../views/establishments/pages.tsx';
import { toDay } from '../platform/calendar.ts';
import type { AppEnv } from '../platform/context.ts';
import { versionField } from '../platform/fields.ts';
import { flash } from '../platform/flash.ts';
import { formAction, pageOrFragment } from '../platform/form-action.ts';
import { parseForm } from '../platform/forms.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { inlineTable, type RowForm } from '../platform/inline-routes.tsx';
import { renderFragment, renderPage } from '../platform/render.tsx';
import type { Establishment } from './entities.ts';
import { establishmentForm } from './forms.ts';
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
const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

async function establishmentsPage(c: Context<AppEnv>, archived: boolean, form: RowForm, status: 200 | 409 | 422 = 200) {
  const rows = await listEstablishments(c.var.em, c.var.scope, { archived });
  const page = <EstablishmentsPage rows={rows} archived={archived} canManage={c.var.scope.canManageEstablishments} {...form} />;
  return renderPage(c, TITLE, page, status);
}

establishmentRoutes.get('/', (c) => {
  c.var.scope.must(c.var.scope.managesEstablishments);
  return establishmentsPage(c, c.req.query('archives') === '1', { values: {}, errors: {} });
});

// Establishments are edited on a page of their own; only the list and its creation form are one section, swapped after a create.
inlineTable(establishmentRoutes, {
  add: {
    path: '/',
    mayAdd: (c) => c.var.scope.must(c.var.scope.canManageEstablishments),
    schema: establishmentForm,
    create: (c, input) => createEstablishment(c.var.em, c.var.scope, input),
    section: async (c, form, created) => (
      <EstablishmentsSection rows={await listEstablishments(c.var.em, c.var.scope, { archived: false })} canManage {...form} created={created?.name} />
    ),
    page: (c, form, status) => establishmentsPage(c, false, form, status),
    created: (establishment) => ({ message: `L’établissement « ${establishment.name} » a été créé.`, redirect: '/etablissements' }),
  },
});

establishmentRoutes.get('/:id{[0-9]+}', async (c) => {
  const establishment = await findEstablishment(c.var.em, c.var.scope, id(c));
  const coordinators = await coordinatorsOf(c.var.em, establishment);
  const summary = await setupSummary(c.var.em, establishment, c.var.clock.today());
  const page = (
    <EstablishmentPage establishment={establishment} coordinators={coordinators} summary={summary} canManage={c.var.scope.canManageEstablishments} />
  );
  return renderPage(c, establishment.name, page);
});

establishmentRoutes.get('/:id{[0-9]+}/fiche.pdf', async (c) => {
  const data = await establishmentSheet(c.var.em, c.var.scope, id(c), c.var.clock.now());
  const doc = renderEstablishmentSheet(data);
  return c.body(Readable.toWeb(doc) as ReadableStream, 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${sheetFileName(data.establishment.name, toDay(data.generatedAt))}"`,
    'Cache-Control': 'no-store',
  });
});

establishmentRoutes.get('/:id{[0-9]+}/modifier', async (c) => {
  c.var.scope.must(c.var.scope.canManageEstablishments);
  const establishment = await findEstablishment(c.var.em, c.var.scope, id(c));
  return renderPage(c, `Modifier ${establishment.name}`, <EstablishmentEditPage establishment={establishment} values={{ ...establishment }} errors={{}} />);
});

/** The refused edit form: the whole page, or the form alone for htmx. */
function refusedEditPage(c: Context<AppEnv>, establishment: Establishment, form: RowForm, status: 409 | 422) {
  const content = <EstablishmentEditPage establishment={establishment} {...form} />;
  return pageOrFragment(c, {
    fragment: () => renderFragment(c, content, status),
    page: () => renderPage(c, `Modifier ${establishment.name}`, content, status),
  });
}

establishmentRoutes.post('/:id{[0-9]+}', (c) => {
  const { em, scope } = c.var;
  scope.must(scope.canManageEstablishments);
  return formAction(c, versionField, {
    run: ({ version }, values) => updateEstablishment(em, scope, id(c), parseForm(establishmentForm, values), version),
    done: async (establishment) => {
      await flash(c, 'success', `Les modifications de « ${establishment.name} » sont enregistrées.`);
      return redirectAfterPost(c, `/etablissements/${establishment.id}`);
    },
    refused: async ({ values, errors, status, stale }) => {
      const current = await findEstablishment(em, scope, id(c));
      return refusedEditPage(c, current, { values: stale ? { ...current } : values, errors }, status);
    },
  });
});

establishmentRoutes.post('/:id{[0-9]+}/archivage', async (c) => {
  const establishment = await archiveEstablishment(c.var.em, c.var.scope, id(c));
  await flash(c, 'info', `L’établissement « ${establishment.name} » est archivé. Vous pouvez le restaurer depuis la liste des établissements archivés.`);
  return redirectAfterPost(c, '/etablissements');
});

establishmentRoutes.post('/:id{[0-9]+}/restauration', async (c) => {
  const establishment = await restoreEstablishment(c.var.em, c.var.scope, id(c));
  await flash(c, 'success', `L’établissement « ${establishment.name} » est restauré.`);
  return redirectAfterPost(c, `/etablissements/${establishment.id}`);
});
