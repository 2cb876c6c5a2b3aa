import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { z } from 'zod';
import { EditRowPage } from '../../views/components/edit-row-page.tsx';
import type { AppEnv } from './context.ts';
import { versionField } from './fields.ts';
import { flash } from './flash.ts';
import { formAction, pageOrFragment } from './form-action.ts';
import { type FormValues, parseForm } from './forms.ts';
import { renderFragment, renderPage } from './render.tsx';

/**
 * The routes of an inline-editable table (views/components/inline.tsx), declared once per
 * resource: a row shows a record; « Modifier » swaps in its editable row (GET …/modifier);
 * the row's form saves (POST …) and swaps the shown row back (GET …/ligne answers it alone);
 * the add row at the foot posts to the list and swaps the whole section. Without JavaScript
 * the same URLs answer pages and redirects.
 */

type Ctx = Context<AppEnv>;
type Awaitable<T> = T | Promise<T>;

/** What a form shows: the values to fill in, and the errors next to them (`_form` for the whole row). */
export interface RowForm {
  values: Record<string, unknown>;
  errors: Record<string, string>;
}

/** The editable row, and what the page holding only that row needs (without JavaScript). */
export interface EditRowView {
  row: Child;
  page: { title: string; heading: string; back: string; columns: string[] };
}

/** After a save or an add without JavaScript: the flash message and where to go. */
export interface Outcome {
  message: string;
  redirect: string;
}

export interface InlineRows<R, I> {
  /** The record's URL, e.g. `/ateliers/:id{[0-9]+}`; GET `…/ligne` and `…/modifier` hang below it. */
  path: string;
  /** The record in the caller's scope (404 outside it). */
  find: (c: Ctx, id: number) => Promise<R>;
  /** Throws unless the caller may open the editable row; the service checks again when saving. */
  mayEdit?: (c: Ctx, record: R) => void;
  /** The stored values, to fill the editable row (again after a stale save). */
  values: (record: R) => Record<string, unknown>;
  row: (c: Ctx, record: R, saved: boolean) => Awaitable<Child>;
  /** `posted` is the refused form (empty when the row is opened). */
  editRow: (c: Ctx, record: R, form: RowForm, posted: FormValues) => Awaitable<EditRowView>;
  schema: z.ZodType<I>;
  update: (c: Ctx, id: number, input: I, version: number) => Promise<R>;
  saved: (record: R, posted: FormValues) => Outcome;
}

export interface InlineAdd<R, I> {
  /** The list's URL, which the add row posts to. */
  path: string;
  /** Throws unless the caller may add here, before the form is read: a 403 or 404 comes before a 422. */
  mayAdd?: (c: Ctx) => void;
  schema: z.ZodType<I>;
  create: (c: Ctx, input: I) => Promise<R>;
  /** The section htmx swaps: the rows and a fresh add row after an add, or the refused add row with its errors. */
  section: (c: Ctx, form: RowForm, created?: R) => Awaitable<Child>;
  /** Without JavaScript, a refused add: the whole page, its add row showing the errors. */
  page: (c: Ctx, form: RowForm, status: 409 | 422) => Promise<Response>;
  created: (record: R) => Outcome;
}

const idOf = (c: Ctx) => Number(c.req.param('id'));

async function flashAndRedirect(c: Ctx, outcome: Outcome): Promise<Response> {
  await flash(c, 'success', outcome.message);
  return c.redirect(outcome.redirect, 303);
}

async function editRow<R, I>(c: Ctx, rows: InlineRows<R, I>, record: R, form: RowForm, posted: FormValues, status: 200 | 409 | 422) {
  const { row, page } = await rows.editRow(c, record, form, posted);
  return pageOrFragment(c, {
    fragment: () => renderFragment(c, row, status),
    page: () =>
      renderPage(
        c,
        page.title,
        <EditRowPage title={page.heading} back={page.back} columns={page.columns}>
          {row}
        </EditRowPage>,
        status,
      ),
  });
}

function mountRows<R, I>(app: Hono<AppEnv>, rows: InlineRows<R, I>): void {
  app.get(`${rows.path}/ligne`, async (c) => renderFragment(c, await rows.row(c, await rows.find(c, idOf(c)), false)));

  app.get(`${rows.path}/modifier`, async (c) => {
    const record = await rows.find(c, idOf(c));
    rows.mayEdit?.(c, record);
    return editRow(c, rows, record, { values: rows.values(record), errors: {} }, {}, 200);
  });

  app.post(rows.path, (c) =>
    formAction(c, versionField, {
      run: ({ version }, posted) => rows.update(c, idOf(c), parseForm(rows.schema, posted), version),
      done: (record, posted) =>
        pageOrFragment(c, {
          fragment: async () => renderFragment(c, await rows.row(c, record, true)),
          page: () => flashAndRedirect(c, rows.saved(record, posted)),
        }),
      refused: async ({ values, errors, status, stale }) => {
        const record = await rows.find(c, idOf(c));
        return editRow(c, rows, record, { values: stale ? rows.values(record) : values, errors }, values, status);
      },
    }),
  );
}

function mountAdd<R, I>(app: Hono<AppEnv>, add: InlineAdd<R, I>): void {
  app.post(add.path, (c) => {
    add.mayAdd?.(c);
    return formAction(c, add.schema, {
      run: (input) => add.create(c, input),
      done: (record) =>
        pageOrFragment(c, {
          fragment: async () => renderFragment(c, await add.section(c, { values: {}, errors: {} }, record), 201),
          page: () => flashAndRedirect(c, add.created(record)),
        }),
      refused: ({ values, errors, status }) =>
        pageOrFragment(c, {
          fragment: async () => renderFragment(c, await add.section(c, { values, errors }), status),
          page: () => add.page(c, { values, errors }, status),
        }),
    });
  });
}

/**
 * Mounts a resource's inline table on `app`: its rows (shown, editable, saved) and its add
 * row; either part may be left out (a list whose records are edited on a page of their own).
 */
export function inlineTable<R, I, A = R, J = I>(app: Hono<AppEnv>, table: { rows?: InlineRows<R, I>; add?: InlineAdd<A, J> }): void {
  if (table.rows) mountRows(app, table.rows);
  if (table.add) mountAdd(app, table.add);
}
