import type { Context } from 'hono';
import { Hono } from 'hono';
import { CellAnswer, GridPage } from '../../views/hours/grid.tsx';
import { HoursImportPage } from '../../views/hours/import.tsx';
import { AbsenceReasonsPage, ReferencePage } from '../../views/hours/reference.tsx';
import { StatementPage } from '../../views/hours/statement.tsx';
import { mondayOf, monthOf, parseDay, parseMonth } from '../platform/calendar.ts';
import type { AppEnv } from '../platform/context.ts';
import { decodeSpreadsheet } from '../platform/csv.ts';
import { NotFoundError } from '../platform/errors.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import { plural } from '../platform/format.ts';
import { type FormValues, one, parseForm, readBody, readForm } from '../platform/forms.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { findWorkshop } from '../workshops/service.ts';
import { absenceReasonForm, absenceReasonsPage, addAbsenceReason, canEditReasons } from './absences.ts';
import { adjustmentForm, cellPost, reopeningForm, typedCells, weekPost } from './forms.ts';
import { importedMessage, importWeekHours } from './import.ts';
import { monthPay, statementCsv } from './pay.ts';
import { addFloor, addSmic, floorForm, referenceData, smicForm } from './reference.ts';
import { addAdjustment, copyLastWeek, reopenWeek, saveCellAndShow, saveWeek, validateWeek, weekGrid } from './service.ts';

export const hoursRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));
const mondayFrom = (c: Context<AppEnv>) => mondayOf(parseDay(c.req.query('semaine') ?? '') ?? c.var.clock.today());

/** The two kinds of sheet: a workshop's (work) and a training session's (training). */
const SHEETS = [
  { prefix: '/ateliers', where: (n: number) => ({ workshopId: n }) },
  { prefix: '/sessions', where: (n: number) => ({ sessionId: n }) },
] as const;

type Where = { workshopId?: number; sessionId?: number };

async function gridPage(
  c: Context<AppEnv>,
  where: Where,
  monday: string,
  errors: Record<string, string> = {},
  typed: Record<string, string> = {},
  status: 200 | 409 | 422 = 200,
  adjustment?: { values: FormValues; errors: Record<string, string> },
) {
  const { em, scope } = c.var;
  const grid = await weekGrid(em, scope, where, monday);
  const page = (
    <GridPage
      grid={grid}
      canValidate={scope.canValidateTime(grid.establishmentId)}
      canReopen={scope.canReopenWeeks}
      errors={errors}
      typed={typed}
      partnerView={scope.isPartnerStaff}
      adjustment={adjustment}
    />
  );
  return renderPage(c, `Pointage — ${grid.title}`, page, status);
}

/** One cell, saved by htmx on change: answers the cell, its row total and the day totals. */
hoursRoutes.post('/pointage/cellule', async (c) => {
  const answer = await saveCellAndShow(c.var.em, c.var.scope, cellPost(await readForm(c.req)));
  return renderFragment(c, <CellAnswer answer={answer} />, answer.status);
});

/** A week's action (validate, reopen, adjust, copy): a message on the sheet either way, the reason when refused. */
function weekAction(c: Context<AppEnv>, prefix: string, run: (values: FormValues, monday: string) => Promise<string>) {
  const back = () => c.redirect(`${prefix}/${id(c)}/pointage?semaine=${mondayFrom(c)}`, 303);
  return formAction(c, null, {
    run: (_, values) => run(values, mondayFrom(c)),
    done: async (message) => {
      await flash(c, 'success', message);
      return back();
    },
    refused: async ({ errors }) => {
      await flash(c, 'error', Object.values(errors)[0] ?? '');
      return back();
    },
  });
}

for (const { prefix, where } of SHEETS) {
  hoursRoutes.get(`${prefix}/:id{[0-9]+}/pointage`, (c) => gridPage(c, where(id(c)), mondayFrom(c)));

  /** Without JavaScript: the whole week in one post, all cells or none. */
  hoursRoutes.post(`${prefix}/:id{[0-9]+}/pointage`, (c) =>
    formAction(c, null, {
      run: (_, values) => saveWeek(c.var.em, c.var.scope, where(id(c)), mondayFrom(c), weekPost(values)),
      done: async () => {
        await flash(c, 'success', 'La semaine est enregistrée.');
        return c.redirect(`${prefix}/${id(c)}/pointage?semaine=${mondayFrom(c)}`, 303);
      },
      refused: ({ values, errors }) => gridPage(c, where(id(c)), mondayFrom(c), errors, typedCells(values), 422),
    }),
  );

  hoursRoutes.post(`${prefix}/:id{[0-9]+}/pointage/validation`, (c) =>
    weekAction(c, prefix, async (_v, monday) => {
      await validateWeek(c.var.em, c.var.scope, where(id(c)), monday, c.var.clock.today());
      return 'La semaine est validée : ses heures sont désormais figées et comptent pour la paie.';
    }),
  );

  hoursRoutes.post(`${prefix}/:id{[0-9]+}/pointage/reouverture`, (c) =>
    weekAction(c, prefix, async (values, monday) => {
      await reopenWeek(c.var.em, c.var.scope, where(id(c)), monday, parseForm(reopeningForm, values).reason);
      return 'La semaine est rouverte.';
    }),
  );

  /** A correction: refused, the sheet again with the form as typed and the reasons next to its fields. */
  hoursRoutes.post(`${prefix}/:id{[0-9]+}/pointage/ajustement`, (c) =>
    formAction(c, adjustmentForm, {
      run: (input) => addAdjustment(c.var.em, c.var.scope, input),
      done: async ({ message }) => {
        await flash(c, 'success', message);
        return c.redirect(`${prefix}/${id(c)}/pointage?semaine=${mondayFrom(c)}`, 303);
      },
      refused: ({ values, errors, status }) => gridPage(c, where(id(c)), mondayFrom(c), {}, {}, status, { values, errors }),
    }),
  );

  hoursRoutes.post(`${prefix}/:id{[0-9]+}/pointage/copie`, (c) =>
    weekAction(c, prefix, async (_v, monday) => {
      const n = await copyLastWeek(c.var.em, c.var.scope, where(id(c)), monday);
      return n === 0
        ? 'Rien à reprendre : les cases sont déjà remplies ou la semaine précédente est vide.'
        : `${plural(n, 'case reprise', 'cases reprises')} de la semaine précédente.`;
    }),
  );
}

/** The month asked for ("2026-11"), when it is a real month; this month otherwise. */
const monthFrom = (c: Context<AppEnv>) => parseMonth(c.req.query('mois') ?? '') ?? monthOf(c.var.clock.today());

hoursRoutes.get('/etablissements/:id{[0-9]+}/paie', async (c) => {
  const month = monthFrom(c);
  const { establishment, people, workshops, outOfContract, absenceLabels, lines } = await monthPay(c.var.em, c.var.scope, id(c), month);
  return renderPage(
    c,
    `Rémunérations — ${establishment.name}`,
    <StatementPage
      establishment={establishment}
      month={month}
      rows={people}
      workshops={workshops}
      outOfContract={outOfContract}
      absenceLabels={absenceLabels}
      lines={lines}
    />,
  );
});

hoursRoutes.get('/etablissements/:id{[0-9]+}/paie.csv', async (c) => {
  const month = monthFrom(c);
  const { people, absenceLabels, lines } = await monthPay(c.var.em, c.var.scope, id(c), month);
  return c.body(statementCsv(people, month, lines, absenceLabels), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="paie-${id(c)}-${month}.csv"`,
    'Cache-Control': 'no-store',
  });
});

hoursRoutes.get('/ateliers/:id{[0-9]+}/pointage/import', async (c) => {
  const workshop = await findWorkshop(c.var.em, c.var.scope, id(c));
  if (!c.var.scope.seesIndividualData) throw new NotFoundError();
  return renderPage(c, 'Importer des heures', <HoursImportPage workshop={workshop} monday={mondayFrom(c)} />);
});

/** Step one: every row checked inside a transaction that is rolled back; each bad row explained. */
hoursRoutes.post('/ateliers/:id{[0-9]+}/pointage/import', async (c) => {
  const workshop = await findWorkshop(c.var.em, c.var.scope, id(c));
  const { fichier: file, semaine } = await readBody(c);
  const text = file instanceof File ? decodeSpreadsheet(await file.arrayBuffer()) : '';
  const week = typeof semaine === 'string' ? semaine : mondayFrom(c);
  const result = await importWeekHours(c.var.em, c.var.scope, workshop.id, text, { dryRun: true, week, pageMonday: mondayFrom(c) });
  const page = <HoursImportPage workshop={workshop} monday={result.monday} result={result} text={text} />;
  return renderPage(c, 'Importer des heures', page, result.ok ? 200 : 422);
});

/** Step two: the same checks again, then all rows in one transaction, or none. */
hoursRoutes.post('/ateliers/:id{[0-9]+}/pointage/import/confirmation', async (c) => {
  const workshop = await findWorkshop(c.var.em, c.var.scope, id(c));
  const values = await readForm(c.req);
  const [text, week] = [one(values, 'contenu'), one(values, 'semaine') || mondayFrom(c)];
  const result = await importWeekHours(c.var.em, c.var.scope, workshop.id, text, { dryRun: false, week, pageMonday: mondayFrom(c) });
  if (!result.ok) return renderPage(c, 'Importer des heures', <HoursImportPage workshop={workshop} monday={result.monday} result={result} text={text} />, 422);
  await flash(c, 'success', importedMessage(result));
  return c.redirect(`/ateliers/${workshop.id}/pointage?semaine=${result.weeks[0]?.monday ?? result.monday}`, 303);
});

type ReferenceFailure = { form: 'smic' | 'floor'; values: FormValues; errors: Record<string, string>; status: 409 | 422 };

async function referencePage(c: Context<AppEnv>, failure?: ReferenceFailure) {
  const data = await referenceData(c.var.em, c.var.scope);
  const page = <ReferencePage {...data} canEdit={c.var.scope.canEditReferenceData} failure={failure} />;
  return renderPage(c, 'Rémunérations : SMIC et planchers', page, failure?.status ?? 200);
}

hoursRoutes.get('/admin/remunerations', (c) => referencePage(c));

/** After adding a SMIC or a pay floor: back to the page that lists it. */
async function referenceAdded(c: Context<AppEnv>, message: string) {
  await flash(c, 'success', message);
  return c.redirect('/admin/remunerations', 303);
}

hoursRoutes.post('/admin/remunerations/smic', (c) => {
  c.var.scope.must(c.var.scope.canEditReferenceData);
  return formAction(c, smicForm, {
    run: (input) => addSmic(c.var.em, c.var.scope, input),
    done: () => referenceAdded(c, 'Le nouveau SMIC est enregistré.'),
    refused: (refusal) => referencePage(c, { form: 'smic', ...refusal }),
  });
});

hoursRoutes.post('/admin/remunerations/planchers', (c) => {
  c.var.scope.must(c.var.scope.canEditReferenceData);
  return formAction(c, floorForm, {
    run: (input) => addFloor(c.var.em, c.var.scope, input),
    done: () => referenceAdded(c, 'Le nouveau plancher est enregistré.'),
    refused: (refusal) => referencePage(c, { form: 'floor', ...refusal }),
  });
});

/** An establishment's absence reasons: every version; an admin or its coordinator adds one. */
async function absenceReasonsView(c: Context<AppEnv>, failure?: { values: FormValues; errors: Record<string, string>; status: 409 | 422 }) {
  const data = await absenceReasonsPage(c.var.em, c.var.scope, id(c));
  return renderPage(c, `Motifs d’absence — ${data.establishment.name}`, <AbsenceReasonsPage {...data} failure={failure} />, failure?.status ?? 200);
}

hoursRoutes.get('/etablissements/:id{[0-9]+}/motifs-absence', (c) => absenceReasonsView(c));

hoursRoutes.post('/etablissements/:id{[0-9]+}/motifs-absence', (c) => {
  c.var.scope.must(canEditReasons(c.var.scope, id(c)));
  return formAction(c, absenceReasonForm, {
    run: (input) => addAbsenceReason(c.var.em, c.var.scope, id(c), input),
    done: async (reason) => {
      await flash(c, 'success', `La version du motif ${reason.code} est enregistrée.`);
      return c.redirect(`/etablissements/${id(c)}/motifs-absence`, 303);
    },
    refused: (refusal) => absenceReasonsView(c, refusal),
  });
});
