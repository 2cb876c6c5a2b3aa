import type { Child } from 'hono/jsx';
import { CsrfField, type Errors, type Values } from './forms.tsx';

/**
 * Inline editing in tables: a row shows a record; "Modifier" swaps in an editable row (htmx),
 * whose form saves and swaps back the shown row. Without JavaScript the same links and
 * forms lead to a page holding only that row, and the form posts normally. A resource's
 * routes come from one declaration: `inlineTable` in src/platform/inline-routes.tsx.
 */

interface CellFieldProps {
  form: string;
  name: string;
  label: string;
  values: Values;
  errors: Errors;
  type?: 'text' | 'email' | 'tel' | 'number' | 'date';
  options?: ReadonlyArray<readonly [string, string]>;
  placeholder?: string;
  size?: 's' | 'm' | 'l';
  hint?: string;
}

export function CellField({ form, name, label, values, errors, type = 'text', options, placeholder, size = 'm', hint }: CellFieldProps) {
  const id = `${form}-${name}`;
  const error = errors[name];
  const value = values[name] == null ? '' : String(values[name]);
  const describedBy = [hint ? `${id}-aide` : '', error ? `${id}-erreur` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <td class={`atelier-cell atelier-cell--${size}${error ? ' atelier-cell--error' : ''}`}>
      <label class="fr-label fr-sr-only" for={id}>
        {label}
      </label>
      {options ? (
        <select
          class={`fr-select${error ? ' fr-select--error' : ''}`}
          id={id}
          name={name}
          form={form}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
        >
          <option value="" selected={value === ''}>
            {placeholder ?? 'Choisissez'}
          </option>
          {options.map(([v, l]) => (
            <option value={v} selected={v === value}>
              {l}
            </option>
          ))}
        </select>
      ) : (
        <input
          class={`fr-input${error ? ' fr-input--error' : ''}`}
          id={id}
          name={name}
          form={form}
          type={type}
          value={value}
          placeholder={placeholder}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
        />
      )}
      {hint ? (
        <p class="fr-hint-text" id={`${id}-aide`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="fr-error-text" id={`${id}-erreur`}>
          {error}
        </p>
      ) : null}
    </td>
  );
}

export function CellCheckbox({ form, name, label, values }: { form: string; name: string; label: string; values: Values }) {
  const id = `${form}-${name}`;
  const checked = values[name] === true || values[name] === 'on' || values[name] === '1' || values[name] === 'true';
  return (
    <td class="atelier-cell atelier-cell--s">
      <div class="fr-checkbox-group fr-checkbox-group--sm">
        <input type="checkbox" id={id} name={name} form={form} checked={checked} />
        <label class="fr-label" for={id}>
          {label}
        </label>
      </div>
    </td>
  );
}

interface EditActionsProps {
  form: string;
  action: string;
  /** Where "Annuler" leads without JavaScript. */
  cancel: string;
  /** The URL answering the shown row, which htmx swaps back on "Annuler". */
  row: string;
  version?: number | string;
  /** Where to return after saving without JavaScript. */
  back?: string;
}

/** The cell holding the row's form: hidden fields, save and cancel. Swaps the whole row under htmx. */
function EditActions({ form, action, cancel, row, version, back }: EditActionsProps) {
  return (
    <td class="atelier-cell">
      <form id={form} method="post" action={action} hx-post={action} hx-target="closest tr" hx-swap="outerHTML" class="atelier-row-form">
        <CsrfField />
        {version !== undefined ? <input type="hidden" name="version" value={String(version)} /> : null}
        {back ? <input type="hidden" name="retour" value={back} /> : null}
        <button type="submit" class="fr-btn fr-btn--sm">
          Enregistrer
        </button>
        <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={cancel} hx-get={row} hx-target="closest tr" hx-swap="outerHTML">
          Annuler
        </a>
      </form>
    </td>
  );
}

/** "Modifier" in a shown row: htmx swaps the editable row in; without JavaScript it opens the edit page. */
export function EditLink({ href, label }: { href: string; label: string }) {
  return (
    <a class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-edit-line" href={href} hx-get={href} hx-target="closest tr" hx-swap="outerHTML" title={label}>
      Modifier
    </a>
  );
}

/** The "add" row at the foot of a table: its form swaps the whole section (rows + a fresh add row). */
function AddActions({ form, action, section, label }: { form: string; action: string; section: string; label: string }) {
  return (
    <td class="atelier-cell">
      <form id={form} method="post" action={action} hx-post={action} hx-target={`#${section}`} hx-swap="outerHTML" class="atelier-row-form">
        <CsrfField />
        <button type="submit" class="fr-btn fr-btn--sm fr-icon-add-line fr-btn--icon-left">
          {label}
        </button>
      </form>
    </td>
  );
}

/** A shown row, marked for a moment after htmx swapped it back saved. */
export function ShownRow({ id, saved, children }: { id: string; saved?: boolean; children: Child }) {
  return (
    <tr id={id} class={saved ? 'atelier-row--saved' : undefined}>
      {children}
    </tr>
  );
}

/** « Enregistré » beside the name of the row just saved. */
export function SavedBadge({ saved }: { saved?: boolean }) {
  return saved ? (
    <span class="fr-badge fr-badge--success fr-badge--sm fr-ml-1w" role="status">
      Enregistré
    </span>
  ) : null;
}

/** The editable row: it takes the shown row's id and place; its cells are fields, its last cell holds the form. */
export function EditRow({ id, children, ...actions }: EditActionsProps & { id: string; children: Child }) {
  return (
    <tr id={id} class="atelier-row--editing">
      {children}
      <EditActions {...actions} />
    </tr>
  );
}

/** The cell that says why the whole row was refused (a stale version, a broken rule); `children` otherwise. */
export function RowErrorCell({ errors, children = '—' }: { errors: Errors; children?: Child }) {
  return <td>{errors._form ? <p class="fr-error-text">{errors._form}</p> : children}</td>;
}

/**
 * An inline-editable table and its add row, as the one section htmx swaps after an add: a
 * notice for the record just added or for the refused add, the rows, the add row at the foot.
 */
export function InlineSection({
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
  intro,
  outro,
}: {
  /** The section's id, which the add row's form targets. */
  id: string;
  table: string;
  caption: string;
  columns: readonly string[];
  rows: Child[];
  /** The row's text when there is no row. */
  empty: Child;
  /** The add row's cells (its form's cell comes last); absent when the caller may not add. */
  add?: { form: string; action: string; label: string; cells: Child };
  /** What the notice says after an add. */
  created?: Child;
  /** Says what was not done when the add row is refused, e.g. « L’atelier n’a pas été créé ». */
  notAdded: string;
  errors: Errors;
  intro?: Child;
  outro?: Child;
}) {
  return (
    <div id={id}>
      {created ? <Notice kind="success">{created}</Notice> : null}
      {Object.keys(errors).length > 0 ? (
        <Notice kind="error">{errors._form ?? `${notAdded} : corrigez les champs signalés sur la dernière ligne.`}</Notice>
      ) : null}
      {intro}
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
        {add ? (
          <tfoot>
            <tr class="atelier-row--add">
              {add.cells}
              <AddActions form={add.form} action={add.action} section={id} label={add.label} />
            </tr>
          </tfoot>
        ) : null}
      </Table>
      {outro}
    </div>
  );
}

export function Notice({ kind, children }: { kind: 'success' | 'info' | 'warning' | 'error'; children: Child }) {
  return (
    <div class={`fr-alert fr-alert--${kind} fr-alert--sm fr-mb-2w`} role={kind === 'error' ? 'alert' : 'status'}>
      <p>{children}</p>
    </div>
  );
}

/** DSFR table chrome around a <table>; `columns` gives the header row. */
export function Table({ id, caption, columns, children }: { id: string; caption: string; columns?: readonly string[]; children: Child }) {
  return (
    <div class="fr-table fr-table--no-caption atelier-table">
      <div class="fr-table__wrapper">
        <div class="fr-table__container">
          <div class="fr-table__content">
            <table id={id}>
              <caption>{caption}</caption>
              {columns ? (
                <thead>
                  <tr>
                    {columns.map((c) => (
                      <th scope="col">{c}</th>
                    ))}
                  </tr>
                </thead>
              ) : null}
              {children}
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
