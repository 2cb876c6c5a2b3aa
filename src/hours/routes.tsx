import type { Context } from 'hono';
import { Hono } from 'hono';
import { CellSaved, cellKeyOf, GridPage } from '../../views/hours/grid.tsx';
import { HoursImportPage } from '../../views/hours/import.tsx';
import { ReferencePage } from '../../views/hours/reference.tsx';
import { StatementPage } from '../../views/hours/statement.tsx';
import { Assignment, Enrollment } from '../assignments/entities.ts';
import { toDay } from '../assignments/rules.ts';
import type { AppEnv } from '../platform/context.ts';
import { decodeSpreadsheet } from '../platform/csv.ts';
import { FieldErrors, NotFoundError, RuleError } from '../platform/errors.ts';
import { type FormValues, one, parseForm, readBody, readForm } from '../platform/forms.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { flash } from '../platform/session.ts';
import { parseDay } from '../training/rules.ts';
import { findEstablishmentForSetup, findWorkshop } from '../workshops/service.ts';
import { importWeekHours } from './import.ts';
import { monthPay, monthStatement, statementCsv } from './pay.ts';
import { addFloor, addSmic, floorForm, referenceData, smicForm } from './reference.ts';
import { addAdjustment, CellConflict, CellError, copyLastWeek, mondayOf, reopenWeek, saveCell, validateWeek, weekGrid } from './service.ts';

export const hoursRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));
const mondayFrom = (c: Context<AppEnv>) => mondayOf(parseDay(c.req.query('semaine') ?? '') ?? toDay(new Date()));
const KEY = /^c-([ae])(\d+)-(\d{4}-\d{2}-\d{2})$/;
const holderFrom = (value: string) => {
  const m = /^([ae])(\d+)$/.exec(value);
  return m ? { kind: m[1] as 'a' | 'e', id: Number(m[2]) } : null;
};

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
) {
  const grid = await weekGrid(c.var.em, c.var.scope, where, monday);
  const { scope } = c.var;
  const canValidate = (scope.role === 'admin' || scope.role === 'coordinator') && scope.canSeeEstablishment(grid.establishmentId);
  const page = (
    <GridPage grid={grid} canValidate={canValidate} canReopen={scope.isAdmin} errors={errors} typed={typed} partnerView={scope.role === 'partner'} />
  );
  return renderPage(c, `Pointage — ${grid.title}`, page, status);
}

/** One cell, saved by htmx on change: answers the cell, its row total and the day totals. */
hoursRoutes.post('/pointage/cellule', async (c) => {
  const values = await readForm(c.req);
  // htmx posts the whole grid form: the cell that changed names itself.
  const key = one(values, 'cell');
  const match = KEY.exec(key);
  if (!match) throw new NotFoundError();
  const holder = { kind: match[1] as 'a' | 'e', id: Number(match[2]) };
  const day = parseDay(match[3] as string);
  if (!day) throw new NotFoundError();
  const typed = one(values, key);
  let error: string | undefined;
  let status: 200 | 409 | 422 = 200;
  try {
    await saveCell(c.var.em, c.var.scope, {
      holder,
      day,
      value: typed,
      seenVersion: Number(one(values, 'version') || 0),
      overtimeReason: one(values, 'overtimeReason'),
    });
  } catch (e) {
    if (!(e instanceof CellError || e instanceof CellConflict || e instanceof RuleError)) throw e;
    error = e.message;
    status = e instanceof CellConflict || (e instanceof RuleError && e.status === 409) ? 409 : 422;
  }
  c.var.em.clear();
  const where =
    holder.kind === 'a'
      ? { workshopId: (await c.var.em.findOneOrFail(Assignment, holder.id, { populate: ['post'] })).post.workshop.id }
      : { sessionId: (await c.var.em.findOneOrFail(Enrollment, holder.id)).session.id };
  const grid = await weekGrid(c.var.em, c.var.scope, where, mondayOf(day));
  const row = grid.rows.find((r) => r.holder.kind === holder.kind && r.holder.id === holder.id);
  const cell = row?.cells.find((x) => x.day === day);
  if (!row || !cell) {
    // A day outside the grid's rows (a forged or stale request): the reason, on a bare cell.
    return renderFragment(
      c,
      <td class="atelier-time atelier-time--error">
        <p class="fr-error-text">{error ?? 'Cette case n’existe pas cette semaine.'}</p>
      </td>,
      error ? status : 404,
    );
  }
  // On a conflict, show the value now stored; on a refused value, keep what was typed beside its error.
  return renderFragment(c, <CellSaved grid={grid} row={row} cell={cell} error={error} typed={status === 422 ? typed : undefined} />, status);
});

async function weekAction(c: Context<AppEnv>, prefix: string, run: (values: FormValues, monday: string) => Promise<string>) {
  const monday = mondayFrom(c);
  const values = await readForm(c.req);
  try {
    await flash(c, 'success', await run(values, monday));
  } catch (e) {
    if (!(e instanceof RuleError || e instanceof CellError)) throw e;
    await flash(c, 'error', e.message);
  }
  return c.redirect(`${prefix}/${id(c)}/pointage?semaine=${monday}`, 303);
}

for (const { prefix, where } of SHEETS) {
  hoursRoutes.get(`${prefix}/:id{[0-9]+}/pointage`, (c) => gridPage(c, where(id(c)), mondayFrom(c)));

  /** Without JavaScript: the whole week in one post, all cells or none. */
  hoursRoutes.post(`${prefix}/:id{[0-9]+}/pointage`, async (c) => {
    const { em, scope } = c.var;
    const monday = mondayFrom(c);
    const values = await readForm(c.req);
    const grid = await weekGrid(em, scope, where(id(c)), monday);
    const errors: Record<string, string> = {};
    const typed: Record<string, string> = {};
    try {
      await em.transactional(async (tx) => {
        for (const row of grid.rows) {
          for (const cell of row.cells) {
            const key = cellKeyOf(row.holder, cell.day);
            if (!(key in values) || cell.blocked) continue;
            const value = one(values, key);
            typed[key] = value;
            try {
              await saveCell(tx, scope, {
                holder: row.holder,
                day: cell.day,
                value,
                seenVersion: Number(one(values, `v${key.slice(1)}`) || 0),
                overtimeReason: one(values, 'overtimeReason'),
              });
            } catch (e) {
              if (!(e instanceof CellError || e instanceof CellConflict)) throw e;
              errors[key] = e.message;
            }
          }
        }
        if (Object.keys(errors).length > 0) throw new RuleError('Certaines cases sont refusées.');
      });
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      em.clear();
      return gridPage(c, where(id(c)), monday, Object.keys(errors).length ? errors : { _: e.message }, typed, 422);
    }
    await flash(c, 'success', 'La semaine est enregistrée.');
    return c.redirect(`${prefix}/${id(c)}/pointage?semaine=${monday}`, 303);
  });

  hoursRoutes.post(`${prefix}/:id{[0-9]+}/pointage/validation`, (c) =>
    weekAction(c, prefix, async (_v, monday) => {
      await validateWeek(c.var.em, c.var.scope, where(id(c)), monday);
      return 'La semaine est validée : ses heures sont désormais figées et comptent pour la paie.';
    }),
  );

  hoursRoutes.post(`${prefix}/:id{[0-9]+}/pointage/reouverture`, (c) =>
    weekAction(c, prefix, async (values, monday) => {
      const reason = one(values, 'reason').trim();
      if (reason.length < 5) throw new RuleError('Indiquez le motif de la réouverture.');
      await reopenWeek(c.var.em, c.var.scope, where(id(c)), monday, reason);
      return 'La semaine est rouverte.';
    }),
  );

  hoursRoutes.post(`${prefix}/:id{[0-9]+}/pointage/ajustement`, (c) =>
    weekAction(c, prefix, async (values) => {
      const reason = one(values, 'reason').trim();
      if (reason.length < 5) throw new RuleError('Indiquez le motif de l’ajustement.');
      const day = parseDay(one(values, 'day'));
      if (!day) throw new RuleError('Choisissez le jour à corriger.');
      const holder = holderFrom(one(values, 'holder'));
      if (!holder) throw new RuleError('Choisissez la personne.');
      await addAdjustment(c.var.em, c.var.scope, { holder, day, value: one(values, 'value'), reason });
      return 'L’ajustement est enregistré ; la valeur d’origine reste visible.';
    }),
  );

  hoursRoutes.post(`${prefix}/:id{[0-9]+}/pointage/copie`, (c) =>
    weekAction(c, prefix, async (_v, monday) => {
      const n = await copyLastWeek(c.var.em, c.var.scope, where(id(c)), monday);
      return n === 0
        ? 'Rien à reprendre : les cases sont déjà remplies ou la semaine précédente est vide.'
        : `${n} case(s) reprise(s) de la semaine précédente.`;
    }),
  );
}

/** The month asked for ("2026-11"), when it is a real month; this month otherwise. */
const monthFrom = (c: Context<AppEnv>) => {
  const month = c.req.query('mois') ?? '';
  return /^\d{4}-\d{2}$/.test(month) && parseDay(`${month}-01`) ? month : toDay(new Date()).slice(0, 7);
};

hoursRoutes.get('/etablissements/:id{[0-9]+}/paie', async (c) => {
  c.var.scope.require('admin', 'coordinator');
  const establishment = await findEstablishmentForSetup(c.var.em, c.var.scope, id(c));
  const month = monthFrom(c);
  const { people, workshops } = await monthPay(c.var.em, c.var.scope, establishment.id, month);
  return renderPage(
    c,
    `Rémunérations — ${establishment.name}`,
    <StatementPage establishment={establishment} month={month} rows={people} workshops={workshops} />,
  );
});

hoursRoutes.get('/etablissements/:id{[0-9]+}/paie.csv', async (c) => {
  const month = monthFrom(c);
  const rows = await monthStatement(c.var.em, c.var.scope, id(c), month);
  return c.body(statementCsv(rows, month), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="paie-${id(c)}-${month}.csv"`,
    'Cache-Control': 'no-store',
  });
});

hoursRoutes.get('/ateliers/:id{[0-9]+}/pointage/import', async (c) => {
  const workshop = await findWorkshop(c.var.em, c.var.scope, id(c));
  if (c.var.scope.role === 'committee') throw new NotFoundError();
  return renderPage(c, 'Importer des heures', <HoursImportPage workshop={workshop} monday={mondayFrom(c)} />);
});

/** Step one: every row checked inside a transaction that is rolled back; each bad row explained. */
hoursRoutes.post('/ateliers/:id{[0-9]+}/pointage/import', async (c) => {
  const workshop = await findWorkshop(c.var.em, c.var.scope, id(c));
  const file = (await readBody(c)).fichier;
  const text = file instanceof File ? decodeSpreadsheet(await file.arrayBuffer()) : '';
  const result = await importWeekHours(c.var.em, c.var.scope, workshop.id, text, { dryRun: true, monday: mondayFrom(c) });
  return renderPage(
    c,
    'Importer des heures',
    <HoursImportPage workshop={workshop} monday={mondayFrom(c)} result={result} text={text} />,
    result.ok ? 200 : 422,
  );
});

/** Step two: the same checks again, then all rows in one transaction, or none. */
hoursRoutes.post('/ateliers/:id{[0-9]+}/pointage/import/confirmation', async (c) => {
  const workshop = await findWorkshop(c.var.em, c.var.scope, id(c));
  const text = one(await readForm(c.req), 'contenu');
  const result = await importWeekHours(c.var.em, c.var.scope, workshop.id, text, { dryRun: false, monday: mondayFrom(c) });
  if (!result.ok) return renderPage(c, 'Importer des heures', <HoursImportPage workshop={workshop} monday={mondayFrom(c)} result={result} text={text} />, 422);
  await flash(c, 'success', `${result.rows.length} ligne(s) d’heures importée(s).`);
  const day = result.rows[0]?.day ?? toDay(new Date());
  return c.redirect(`/ateliers/${workshop.id}/pointage?semaine=${mondayOf(day)}`, 303);
});

async function referencePage(c: Context<AppEnv>, failure?: { form: 'smic' | 'floor'; values: FormValues; errors: Record<string, string> }) {
  const data = await referenceData(c.var.em, c.var.scope);
  return renderPage(c, 'Rémunérations : SMIC et planchers', <ReferencePage {...data} canEdit={c.var.scope.isAdmin} failure={failure} />, failure ? 422 : 200);
}

hoursRoutes.get('/admin/remunerations', (c) => referencePage(c));

for (const [path, form, schema, add, message] of [
  ['smic', 'smic', smicForm, addSmic, 'Le nouveau SMIC est enregistré.'],
  ['planchers', 'floor', floorForm, addFloor, 'Le nouveau plancher est enregistré.'],
] as const) {
  hoursRoutes.post(`/admin/remunerations/${path}`, async (c) => {
    c.var.scope.require('admin');
    const values = await readForm(c.req);
    try {
      // biome-ignore lint/suspicious/noExplicitAny: each schema goes with its own add function
      await (add as any)(c.var.em, c.var.scope, parseForm(schema, values));
    } catch (e) {
      if (!(e instanceof FieldErrors)) throw e;
      c.var.em.clear();
      return referencePage(c, { form, values, errors: e.fields });
    }
    await flash(c, 'success', message);
    return c.redirect('/admin/remunerations', 303);
  });
}
