import type { Child } from 'hono/jsx';
import { CsrfField, type Errors } from './forms.tsx';
import { Notice, Table } from './inline.tsx';

/**
 * Lists that fit a laptop: the table shows a few columns, and adding or editing a record uses
 * a form whose fields wrap (views/components/inline.tsx puts one field per column instead).
 * The routes are the same (`inlineTable`): the add form swaps the whole section, the edit row
 * swaps itself.
 */

/** The fields of a form, side by side while they fit, wrapping below otherwise. */
export function FieldGrid({ children }: { children: Child }) {
  return <div class="atelier-form-grid">{children}</div>;
}

interface EditRowProps {
  id: string;
  form: string;
  /** How many columns the table has: the edit row spans them all. */
  colspan: number;
  action: string;
  /** Where « Annuler » leads without JavaScript. */
  cancel: string;
  /** The URL answering the shown row, which htmx swaps back on « Annuler ». */
  row: string;
  version: string;
  back?: string;
  errors: Errors;
  children: Child;
}

/** The editable row: one cell across the table holding the record's form, its fields wrapping. */
export function BlockEditRow({ id, form, colspan, action, cancel, row, version, back, errors, children }: EditRowProps) {
  return (
    <tr id={id} class="atelier-row--editing">
      <td colspan={colspan}>
        <form id={form} method="post" action={action} hx-post={action} hx-target="closest tr" hx-swap="outerHTML">
          <CsrfField />
          <input type="hidden" name="version" value={version} />
          {back ? <input type="hidden" name="retour" value={back} /> : null}
          {errors._form ? <p class="fr-error-text fr-mb-1w">{errors._form}</p> : null}
          <FieldGrid>{children}</FieldGrid>
          <div class="atelier-actions">
            <button type="submit" class="fr-btn fr-btn--sm">
              Enregistrer
            </button>
            <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={cancel} hx-get={row} hx-target="closest tr" hx-swap="outerHTML">
              Annuler
            </a>
          </div>
        </form>
      </td>
    </tr>
  );
}

/**
 * A list and its add form below it, as the one section htmx swaps after an add: a notice for the
 * record just added or for the refused add, the table, the add form.
 */
export function ListSection({
  id,
  table,
  caption,
  columns,
  rows,
  empty,
  add,
  created,
  notAdded,
  errors,
  outro,
}: {
  id: string;
  table: string;
  caption: string;
  columns: readonly string[];
  rows: Child[];
  empty: Child;
  /** The add form: its id, where it posts, its heading, its button and its fields; absent when the caller may not add. */
  add?: { form: string; action: string; title: string; label: string; fields: Child };
  created?: Child;
  notAdded: string;
  errors: Errors;
  outro?: Child;
}) {
  return (
    <div id={id}>
      {created ? <Notice kind="success">{created}</Notice> : null}
      {Object.keys(errors).length > 0 ? <Notice kind="error">{errors._form ?? `${notAdded} : corrigez les champs signalés.`}</Notice> : null}
      <Table id={table} caption={caption} columns={columns}>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colspan={columns.length}>{empty}</td>
            </tr>
          ) : (
            rows
          )}
        </tbody>
      </Table>
      {add ? (
        <form id={add.form} method="post" action={add.action} hx-post={add.action} hx-target={`#${id}`} hx-swap="outerHTML" class="atelier-add-form">
          <CsrfField />
          <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend fr-h6">{add.title}</legend>
            <div class="fr-fieldset__content atelier-add-form__fields">
              <FieldGrid>{add.fields}</FieldGrid>
            </div>
          </fieldset>
          <button type="submit" class="fr-btn fr-btn--sm fr-icon-add-line fr-btn--icon-left">
            {add.label}
          </button>
        </form>
      ) : null}
      {outro}
    </div>
  );
}
