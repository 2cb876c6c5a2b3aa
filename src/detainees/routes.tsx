import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Errors, Values } from '../../views/components/forms.tsx';
import { DetaineeFormPage, detaineeValues } from '../../views/detainees/form.tsx';
import { ImportPage } from '../../views/detainees/import.tsx';
import { PeoplePage } from '../../views/detainees/list.tsx';
import type { Establishment } from '../establishments/entities.ts';
import { findEstablishment } from '../establishments/service.ts';
import type { AppEnv } from '../platform/context.ts';
import { decodeSpreadsheet } from '../platform/csv.ts';
import { versionField } from '../platform/fields.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import { one, readBody, readForm } from '../platform/forms.ts';
import { renderPage } from '../platform/render.tsx';
import { exportAssignments, exportPeople, importPeople, previewImport } from './csv.ts';
import type { Detainee } from './entities.ts';
import { detaineeForm } from './forms.ts';
import { createDetainee, findDetainee, listDetainees, updateDetainee } from './service.ts';

export const detaineeRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

detaineeRoutes.get('/etablissements/:id{[0-9]+}/personnes', async (c) => {
  const { em, scope } = c.var;
  scope.must(scope.managesEstablishments);
  const establishment = await findEstablishment(em, scope, id(c));
  const q = c.req.query();
  const filters = {
    q: q.q?.trim() || undefined,
    status: (['present', 'left', 'all'] as const).find((s) => s === q.statut) ?? 'present',
    withoutActivity: q['sans-activite'] === '1',
    releaseSoon: q.liberation === '1',
    waiting: q.attente === '1',
  };
  const rows = await listDetainees(em, scope, establishment.id, filters, c.var.clock.today());
  return renderPage(c, `Personnes — ${establishment.name}`, <PeoplePage establishment={establishment} rows={rows} filters={filters} />);
});

detaineeRoutes.get('/etablissements/:id{[0-9]+}/personnes/nouvelle', async (c) => {
  c.var.scope.assertCanManage(id(c));
  const establishment = await findEstablishment(c.var.em, c.var.scope, id(c));
  return personForm(c, establishment, null, { arrivalDate: c.var.clock.today() });
});

/** The form to add or edit a person, with what was typed and why it was refused. */
function personForm(
  c: Context<AppEnv>,
  establishment: Establishment,
  detainee: Detainee | null,
  values: Values,
  errors: Errors = {},
  status: 200 | 409 | 422 = 200,
) {
  const title = detainee ? `Modifier ${detainee.fullName()}` : 'Ajouter une personne';
  return renderPage(c, title, <DetaineeFormPage establishment={establishment} detainee={detainee ?? undefined} values={values} errors={errors} />, status);
}

detaineeRoutes.post('/etablissements/:id{[0-9]+}/personnes', (c) => {
  c.var.scope.assertCanManage(id(c));
  return formAction(c, detaineeForm, {
    run: (input) => createDetainee(c.var.em, c.var.scope, id(c), input),
    done: async (detainee) => {
      await flash(c, 'success', `La fiche de ${detainee.fullName()} est créée. Enregistrez ses candidatures ci-dessous.`);
      return c.redirect(`/personnes/${detainee.id}`, 303);
    },
    refused: async ({ values, errors }) => personForm(c, await findEstablishment(c.var.em, c.var.scope, id(c)), null, values, errors, 422),
  });
});

detaineeRoutes.get('/personnes/:id{[0-9]+}/modifier', async (c) => {
  const detainee = await findDetainee(c.var.em, c.var.scope, id(c));
  c.var.scope.assertCanManage(detainee.establishment.id);
  return personForm(c, detainee.establishment, detainee, detaineeValues(detainee));
});

detaineeRoutes.post('/personnes/:id{[0-9]+}', (c) =>
  formAction(c, detaineeForm.and(versionField), {
    run: (input) => updateDetainee(c.var.em, c.var.scope, id(c), input, input.version),
    done: async (detainee) => {
      await flash(c, 'success', 'Les modifications sont enregistrées.');
      return c.redirect(`/personnes/${detainee.id}`, 303);
    },
    refused: async ({ values, errors, status, stale }) => {
      const detainee = await findDetainee(c.var.em, c.var.scope, id(c));
      return personForm(c, detainee.establishment, detainee, stale ? detaineeValues(detainee) : values, errors, status);
    },
  }),
);

function csvResponse(c: Context<AppEnv>, body: string, name: string): Response {
  return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' });
}

detaineeRoutes.get('/etablissements/:id{[0-9]+}/personnes.csv', async (c) => {
  const today = c.var.clock.today();
  return csvResponse(c, await exportPeople(c.var.em, c.var.scope, id(c), today), `personnes-${id(c)}-${today}.csv`);
});

detaineeRoutes.get('/etablissements/:id{[0-9]+}/affectations.csv', async (c) =>
  csvResponse(c, await exportAssignments(c.var.em, c.var.scope, id(c)), `affectations-${id(c)}-${c.var.clock.today()}.csv`),
);

detaineeRoutes.get('/etablissements/:id{[0-9]+}/personnes/import', async (c) => {
  c.var.scope.assertCanManage(id(c));
  const establishment = await findEstablishment(c.var.em, c.var.scope, id(c));
  return renderPage(c, 'Importer des personnes', <ImportPage establishment={establishment} />);
});

/** Step one: read and check the file, store nothing, show each bad row. */
detaineeRoutes.post('/etablissements/:id{[0-9]+}/personnes/import', async (c) => {
  const { em, scope } = c.var;
  scope.assertCanManage(id(c));
  const file = (await readBody(c))['fichier'];
  const text = file instanceof File ? decodeSpreadsheet(await file.arrayBuffer()) : '';
  const establishment = await findEstablishment(em, scope, id(c));
  const preview = await previewImport(em, scope, establishment.id, text);
  return renderPage(c, 'Importer des personnes', <ImportPage establishment={establishment} preview={preview} text={text} />, preview.ok ? 200 : 422);
});

/** Step two: everything again, then all rows in one transaction. */
detaineeRoutes.post('/etablissements/:id{[0-9]+}/personnes/import/confirmation', async (c) => {
  const { em, scope } = c.var;
  const text = one(await readForm(c.req), 'contenu');
  const result = await importPeople(em, scope, id(c), text);
  if ('preview' in result) {
    const establishment = await findEstablishment(em, scope, id(c));
    return renderPage(c, 'Importer des personnes', <ImportPage establishment={establishment} preview={result.preview} text={text} />, 422);
  }
  await flash(c, 'success', `${result.imported} personne(s) importée(s).`);
  return c.redirect(`/etablissements/${id(c)}/personnes`, 303);
});
