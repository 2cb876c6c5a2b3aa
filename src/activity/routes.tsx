import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  CorrectionPage,
  EntryEditPage,
  EntryEditRow,
  EntryLine,
  EntryRowView,
  KindFields,
  LogList,
  type Period,
  rightsOf,
  WorkshopLogPage,
} from '../../views/activity/workshop-log.tsx';
import { plusDays } from '../platform/calendar.ts';
import type { AppEnv } from '../platform/context.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../platform/errors.ts';
import { flash } from '../platform/flash.ts';
import { formAction, type Refusal } from '../platform/form-action.ts';
import { type FormValues, one, parseForm } from '../platform/forms.ts';
import { isHtmx } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { entryForm, entryValues, kindOf, periodOf } from './forms.ts';
import {
  addEntry,
  correctable,
  correctEntry,
  LOG_LIMIT,
  type LogAccess,
  type LogRow,
  logAccess,
  logEntries,
  logEntry,
  removeEntry,
  unitsUsed,
  updateEntry,
} from './service.ts';

/** The workshop's « Journal d’activité » (issue 21 item 2): /ateliers/:id/journal and its entries. */
export const activityLogRoutes = new Hono<AppEnv>();

type Ctx = Context<AppEnv>;
type Line = { values: FormValues | Record<string, string>; errors: Record<string, string> };
const LOG = '/ateliers/:id{[0-9]+}/journal';
const ENTRY = `${LOG}/:eid{[0-9]+}`;
const READ_ONLY = 'Le journal d’activité est écrit par la structure de l’atelier : vous le consultez seulement.';
const eid = (c: Ctx) => Number(c.req.param('eid'));
const access = (c: Ctx) => logAccess(c.var.em, c.var.scope, Number(c.req.param('id')));
const logHref = (a: LogAccess, p?: Period) => `/ateliers/${a.workshop.id}/journal${p ? `?du=${p.from}&au=${p.to}` : ''}`;
const periodFrom = (c: Ctx, q: { du?: string; au?: string }) => periodOf(q, c.var.clock.today(), plusDays);

/** The log's writer only: managers read it (403), an archived workshop or one handed over is read only. */
async function writerAccess(c: Ctx): Promise<LogAccess> {
  const a = await access(c);
  if (a.partnerId === null) throw new ForbiddenError(READ_ONLY);
  if (!a.canWrite) throw new RuleError('Cet atelier est archivé ou n’est plus celui de votre structure : son journal se consulte seulement.', 409);
  return a;
}

async function listOf(c: Ctx, a: LogAccess, period: Period) {
  const rows = await logEntries(c.var.em, a, period.from, period.to);
  return { rows: rows.slice(0, LOG_LIMIT), limited: rows.length > LOG_LIMIT };
}

async function logPage(c: Ctx, a: LogAccess, period: Period, line: Line, status: 200 | 409 | 422 = 200) {
  const list = await listOf(c, a, period);
  const units = await unitsUsed(c.var.em, a);
  const page = <WorkshopLogPage access={a} {...list} period={period} line={line} units={units} today={c.var.clock.today()} />;
  return renderPage(c, `Journal d’activité — ${a.workshop.name}`, page, status);
}

activityLogRoutes.get(LOG, async (c) => {
  const a = await access(c);
  const q = c.req.query();
  const line = { values: { day: q.jour || c.var.clock.today(), kind: kindOf(q.type) }, errors: {} };
  return logPage(c, a, periodFrom(c, q), line);
});

/** The kind's fields, swapped in when the kind changes (`cible`: the line's or an edited row's prefix). */
activityLogRoutes.get(`${LOG}/champs`, async (c) => {
  const a = await access(c);
  if (a.partnerId === null) throw new NotFoundError();
  const prefix = /^(champ|entree-\d{1,10})$/.test(c.req.query('cible') ?? '') ? (c.req.query('cible') as string) : 'champ';
  const fields = (
    <KindFields prefix={prefix} kind={kindOf(c.req.query('kind') ?? c.req.query('type'))} values={{}} errors={{}} units={await unitsUsed(c.var.em, a)} focus />
  );
  return renderFragment(c, fields);
});

/** htmx: the fresh line (day and kind kept) or the refused one, and after an add the list with the new entry. */
async function lineFragment(c: Ctx, a: LogAccess, values: FormValues, errors: Record<string, string>, added?: LogRow, status: 200 | 409 | 422 = 200) {
  const period = periodFrom(c, { du: one(values, 'du'), au: one(values, 'au') });
  const kept = added ? { day: one(values, 'day'), kind: one(values, 'kind') } : values;
  const units = await unitsUsed(c.var.em, a);
  const line = (
    <EntryLine
      workshopId={a.workshop.id}
      values={kept}
      errors={errors}
      units={units}
      today={c.var.clock.today()}
      period={period}
      added={added}
      focus={!!added}
    />
  );
  if (!added) return renderFragment(c, line, status);
  const list = await listOf(c, a, period);
  const partial = <LogList {...list} workshopId={a.workshop.id} period={period} rights={rightsOf(a)} canWrite savedId={added.id} />;
  return renderFragment(
    c,
    <>
      {line}
      <hx-partial hx-target="#journal-liste" hx-swap="outerHTML">
        {partial}
      </hx-partial>
    </>,
  );
}

activityLogRoutes.post(LOG, async (c) => {
  const a = await writerAccess(c);
  return formAction(c, entryForm(c.var.clock.today()), {
    run: (input) => addEntry(c.var.em, c.var.scope, a, input),
    done: async (entry, values) => {
      if (isHtmx(c)) return lineFragment(c, a, values, {}, await logEntry(c.var.em, a, entry.id));
      await flash(c, 'success', 'L’entrée est ajoutée au journal.');
      return c.redirect(`${logHref(a, periodFrom(c, { du: one(values, 'du'), au: one(values, 'au') }))}&type=${entry.kind}&jour=${entry.day}`, 303);
    },
    refused: (r) =>
      isHtmx(c)
        ? lineFragment(c, a, r.values, r.errors, undefined, r.status)
        : logPage(c, a, periodFrom(c, { du: one(r.values, 'du'), au: one(r.values, 'au') }), r, r.status),
  });
});

activityLogRoutes.get(`${ENTRY}/ligne`, async (c) => {
  const a = await access(c);
  return renderFragment(c, <EntryRowView row={await logEntry(c.var.em, a, eid(c))} workshopId={a.workshop.id} rights={rightsOf(a)} />);
});

/** The editable row (htmx) or the page holding it; `row` is the stored entry, `line` what the form shows. */
async function editRow(c: Ctx, a: LogAccess, line: Line, status: 200 | 409 | 422 = 200) {
  if (a.partnerId === null) throw new ForbiddenError(READ_ONLY);
  const row = await logEntry(c.var.em, a, eid(c));
  if (!rightsOf(a).mayChange || !row.withinWindow || row.correctedBy)
    throw new RuleError('Cette entrée ne se modifie plus : corrigez-la par une nouvelle entrée.', 409);
  const props = { row, workshopId: a.workshop.id, ...line, units: await unitsUsed(c.var.em, a), today: c.var.clock.today(), rights: rightsOf(a) };
  if (isHtmx(c)) return renderFragment(c, <EntryEditRow {...props} />, status);
  return renderPage(c, 'Modifier une entrée du journal', <EntryEditPage {...props} access={a} />, status);
}

activityLogRoutes.get(`${ENTRY}/modifier`, async (c) => {
  const a = await access(c);
  return editRow(c, a, { values: entryValues(await logEntry(c.var.em, a, eid(c))), errors: {} });
});

activityLogRoutes.post(`${ENTRY}/modifier`, async (c) => {
  const a = await access(c);
  if (a.partnerId === null) throw new ForbiddenError(READ_ONLY);
  return formAction(c, entryForm(c.var.clock.today()), {
    run: (input, values) => updateEntry(c.var.em, a, eid(c), input, Number(one(values, 'version'))),
    done: async () => {
      if (isHtmx(c)) return renderFragment(c, <EntryRowView row={await logEntry(c.var.em, a, eid(c))} workshopId={a.workshop.id} rights={rightsOf(a)} saved />);
      await flash(c, 'success', 'L’entrée est modifiée.');
      return c.redirect(`${logHref(a)}#entree-${eid(c)}`, 303);
    },
    refused: async (r: Refusal) => refusedEdit(c, a, r),
  });
});

/** A refused change: the row again with its errors (the stored values when someone else changed it), or the row as it stands when its window closed. */
async function refusedEdit(c: Ctx, a: LogAccess, r: Refusal) {
  const row = await logEntry(c.var.em, a, eid(c));
  if (!row.withinWindow) {
    if (isHtmx(c)) return renderFragment(c, <EntryRowView row={row} workshopId={a.workshop.id} rights={rightsOf(a)} />, r.status);
    throw new RuleError(r.errors._form ?? 'Cette entrée ne se modifie plus.', 409);
  }
  return editRow(c, a, { values: r.stale ? entryValues(row) : r.values, errors: r.errors }, r.status);
}

activityLogRoutes.post(`${ENTRY}/suppression`, async (c) => {
  const a = await access(c);
  if (a.partnerId === null) throw new ForbiddenError(READ_ONLY);
  await removeEntry(c.var.em, a, eid(c));
  await flash(c, 'success', 'L’entrée est supprimée du journal.');
  return c.redirect(logHref(a), 303);
});

async function correctionPage(c: Ctx, a: LogAccess, line: Line, status: 200 | 409 | 422 = 200) {
  const old = await logEntry(c.var.em, a, eid(c));
  const page = <CorrectionPage access={a} old={old} {...line} units={await unitsUsed(c.var.em, a)} today={c.var.clock.today()} />;
  return renderPage(c, 'Corriger une entrée du journal', page, status);
}

activityLogRoutes.get(`${ENTRY}/correction`, async (c) => {
  const a = await writerAccess(c);
  const old = await correctable(c.var.em, a, eid(c));
  return correctionPage(c, a, { values: entryValues(old), errors: {} });
});

activityLogRoutes.post(`${ENTRY}/correction`, async (c) => {
  const a = await writerAccess(c);
  // Whether the entry may be corrected at all comes before the fields typed (a 409 before a 422).
  return formAction(c, null, {
    run: async (_, values) => {
      await correctable(c.var.em, a, eid(c));
      return correctEntry(c.var.em, c.var.scope, a, eid(c), parseForm(entryForm(c.var.clock.today()), values));
    },
    done: async (entry) => {
      await flash(c, 'success', 'La correction est enregistrée : l’ancienne entrée ne compte plus.');
      return c.redirect(`${logHref(a, { from: entry.day, to: entry.day })}#entree-${entry.id}`, 303);
    },
    refused: (r) => correctionPage(c, a, r, r.status),
  });
});
