import { OptimisticLockError } from '@mikro-orm/core';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { DetaineeFormPage, detaineeValues } from '../../views/detainees/form.tsx';
import { ImportPage } from '../../views/detainees/import.tsx';
import { PeoplePage } from '../../views/detainees/list.tsx';
import { type FormFailure, PersonPage } from '../../views/detainees/person.tsx';
import { toDay } from '../assignments/rules.ts';
import { versionField } from '../establishments/forms.ts';
import type { AppEnv } from '../platform/context.ts';
import { decodeSpreadsheet } from '../platform/csv.ts';
import { FieldErrors, RuleError, StaleRecordError } from '../platform/errors.ts';
import { type FormValues, one, parseForm, readBody, readForm } from '../platform/forms.ts';
import { renderPage } from '../platform/render.tsx';
import { flash } from '../platform/session.ts';
import { findEstablishmentForSetup } from '../workshops/service.ts';
import { exportAssignments, exportPeople, importPeople, previewImport } from './csv.ts';
import { detaineeForm, leavingForm } from './forms.ts';
import { personPageData } from './page.ts';
import { cancelLeaving, createDetainee, findDetainee, listDetainees, recordLeaving, updateDetainee } from './service.ts';

export const detaineeRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));
export const today = () => toDay(new Date());

/** The person page, with the refused form open and its errors next to the fields. */
export async function renderPerson(c: Context<AppEnv>, detaineeId: number, failure?: FormFailure, status: 200 | 409 | 422 = 200): Promise<Response> {
  const data = await personPageData(c.var.em, c.var.scope, detaineeId, today(), failure);
  return renderPage(c, data.detainee.fullName(), <PersonPage {...data} />, status);
}

/**
 * Runs an action posted from the person page: on success a flash and back to the page; on a
 * refused field or rule, the page again with that form open and the reason shown.
 */
export async function personAction(
  c: Context<AppEnv>,
  detaineeId: () => Promise<number>,
  form: string,
  run: (values: FormValues) => Promise<string>,
): Promise<Response> {
  const values = await readForm(c.req);
  try {
    const message = await run(values);
    await flash(c, 'success', message);
    return c.redirect(`/personnes/${await detaineeId()}`, 303);
  } catch (e) {
    if (e instanceof FieldErrors) return renderPerson(c, await detaineeId(), { form, values, errors: e.fields }, 422);
    if (e instanceof RuleError) return renderPerson(c, await detaineeId(), { form, values, errors: { _form: e.message } }, e.status);
    throw e;
  }
}

detaineeRoutes.get('/etablissements/:id{[0-9]+}/personnes', async (c) => {
  const { em, scope } = c.var;
  scope.require('admin', 'coordinator');
  const establishment = await findEstablishmentForSetup(em, scope, id(c));
  const q = c.req.query();
  const filters = {
    q: q.q?.trim() || undefined,
    status: (['present', 'left', 'all'] as const).find((s) => s === q.statut) ?? 'present',
    withoutActivity: q['sans-activite'] === '1',
    releaseSoon: q.liberation === '1',
    waiting: q.attente === '1',
  };
  const rows = await listDetainees(em, scope, establishment.id, filters, today());
  return renderPage(c, `Personnes — ${establishment.name}`, <PeoplePage establishment={establishment} rows={rows} filters={filters} />);
});

detaineeRoutes.get('/etablissements/:id{[0-9]+}/personnes/nouvelle', async (c) => {
  c.var.scope.assertCanManage(id(c));
  const establishment = await findEstablishmentForSetup(c.var.em, c.var.scope, id(c));
  return renderPage(c, 'Ajouter une personne', <DetaineeFormPage establishment={establishment} values={{ arrivalDate: today() }} errors={{}} />);
});

detaineeRoutes.post('/etablissements/:id{[0-9]+}/personnes', async (c) => {
  const { em, scope } = c.var;
  scope.assertCanManage(id(c));
  const values = await readForm(c.req);
  try {
    const detainee = await createDetainee(em, scope, id(c), parseForm(detaineeForm, values));
    await flash(c, 'success', `${detainee.fullName()} est ajouté·e. Enregistrez ses candidatures ci-dessous.`);
    return c.redirect(`/personnes/${detainee.id}`, 303);
  } catch (e) {
    const errors = e instanceof FieldErrors ? e.fields : e instanceof RuleError ? { prisonNumber: e.message } : null;
    if (!errors) throw e;
    const establishment = await findEstablishmentForSetup(em, scope, id(c));
    return renderPage(c, 'Ajouter une personne', <DetaineeFormPage establishment={establishment} values={values} errors={errors} />, 422);
  }
});

detaineeRoutes.get('/personnes/:id{[0-9]+}', (c) => renderPerson(c, id(c)));

detaineeRoutes.get('/personnes/:id{[0-9]+}/modifier', async (c) => {
  const detainee = await findDetainee(c.var.em, c.var.scope, id(c));
  c.var.scope.assertCanManage(detainee.establishment.id);
  return renderPage(
    c,
    `Modifier ${detainee.fullName()}`,
    <DetaineeFormPage establishment={detainee.establishment} detainee={detainee} values={detaineeValues(detainee)} errors={{}} />,
  );
});

detaineeRoutes.post('/personnes/:id{[0-9]+}', async (c) => {
  const { em, scope } = c.var;
  const values = await readForm(c.req);
  try {
    const { version } = parseForm(versionField, values);
    const detainee = await updateDetainee(em, scope, id(c), parseForm(detaineeForm, values), version);
    await flash(c, 'success', 'Les modifications sont enregistrées.');
    return c.redirect(`/personnes/${detainee.id}`, 303);
  } catch (e) {
    if (!(e instanceof FieldErrors || e instanceof RuleError || e instanceof StaleRecordError || e instanceof OptimisticLockError)) throw e;
    em.clear();
    const detainee = await findDetainee(em, scope, id(c));
    const stale = e instanceof StaleRecordError || e instanceof OptimisticLockError;
    const errors = e instanceof FieldErrors ? e.fields : { _form: stale ? new StaleRecordError().message : (e as Error).message };
    const page = (
      <DetaineeFormPage establishment={detainee.establishment} detainee={detainee} values={stale ? detaineeValues(detainee) : values} errors={errors} />
    );
    return renderPage(c, `Modifier ${detainee.fullName()}`, page, stale ? 409 : 422);
  }
});

for (const [path, kind, label] of [
  ['liberation', 'released', 'libération'],
  ['transfert', 'transferred', 'transfert'],
] as const) {
  detaineeRoutes.post(`/personnes/:id{[0-9]+}/${path}`, (c) =>
    personAction(
      c,
      async () => id(c),
      path,
      async (values) => {
        const s = await recordLeaving(c.var.em, c.var.scope, id(c), kind, parseForm(leavingForm, values));
        return `La ${label} est enregistrée : ${s.endedAssignments} affectation(s) terminée(s), ${s.droppedEnrollments} formation(s) arrêtée(s), ${s.closedCandidacies} candidature(s) close(s).`;
      },
    ),
  );
}

detaineeRoutes.post('/personnes/:id{[0-9]+}/retour', (c) =>
  personAction(
    c,
    async () => id(c),
    'page',
    async () => {
      const r = await cancelLeaving(c.var.em, c.var.scope, id(c));
      return `La sortie est annulée : ${r.reopened} affectation(s) rouverte(s)${r.notReopened ? `, ${r.notReopened} non rouverte(s) car le poste a été repris depuis` : ''}.`;
    },
  ),
);

function csvResponse(c: Context<AppEnv>, body: string, name: string): Response {
  return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' });
}

detaineeRoutes.get('/etablissements/:id{[0-9]+}/personnes.csv', async (c) =>
  csvResponse(c, await exportPeople(c.var.em, c.var.scope, id(c), today()), `personnes-${id(c)}-${today()}.csv`),
);

detaineeRoutes.get('/etablissements/:id{[0-9]+}/affectations.csv', async (c) =>
  csvResponse(c, await exportAssignments(c.var.em, c.var.scope, id(c)), `affectations-${id(c)}-${today()}.csv`),
);

detaineeRoutes.get('/etablissements/:id{[0-9]+}/personnes/import', async (c) => {
  c.var.scope.assertCanManage(id(c));
  const establishment = await findEstablishmentForSetup(c.var.em, c.var.scope, id(c));
  return renderPage(c, 'Importer des personnes', <ImportPage establishment={establishment} />);
});

/** Step one: read and check the file, store nothing, show each bad row. */
detaineeRoutes.post('/etablissements/:id{[0-9]+}/personnes/import', async (c) => {
  const { em, scope } = c.var;
  scope.assertCanManage(id(c));
  const file = (await readBody(c))['fichier'];
  const text = file instanceof File ? decodeSpreadsheet(await file.arrayBuffer()) : '';
  const establishment = await findEstablishmentForSetup(em, scope, id(c));
  const preview = await previewImport(em, scope, establishment.id, text);
  return renderPage(c, 'Importer des personnes', <ImportPage establishment={establishment} preview={preview} text={text} />, preview.ok ? 200 : 422);
});

/** Step two: everything again, then all rows in one transaction. */
detaineeRoutes.post('/etablissements/:id{[0-9]+}/personnes/import/confirmation', async (c) => {
  const { em, scope } = c.var;
  const text = one(await readForm(c.req), 'contenu');
  const result = await importPeople(em, scope, id(c), text);
  if ('preview' in result) {
    const establishment = await findEstablishmentForSetup(em, scope, id(c));
    return renderPage(c, 'Importer des personnes', <ImportPage establishment={establishment} preview={result.preview} text={text} />, 422);
  }
  await flash(c, 'success', `${result.imported} personne(s) importée(s).`);
  return c.redirect(`/etablissements/${id(c)}/personnes`, 303);
});
