import type { Child } from 'hono/jsx';
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  type ActivityKind,
  CUSTOMER_KIND_LABELS,
  EDIT_WINDOW_DAYS,
  entrySummary,
  SEVERITY_LABELS,
  VISITOR_KIND_LABELS,
} from '../../src/activity/labels.ts';
import type { LogAccess, LogRow } from '../../src/activity/service.ts';
import { isArchived } from '../../src/platform/archivable.ts';
import type { Day } from '../../src/platform/calendar.ts';
import { formatShortDate, formatShortDay } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ActionButton, CsrfField, type Errors, type Values } from '../components/forms.tsx';
import { Notice, Table } from '../components/inline.tsx';

/**
 * The workshop's « Journal d’activité »: one line to add an entry (its partner's staff), the
 * entries of a period, newest day first, each changed or removed within 7 days of its writing,
 * then corrected by a new entry. Without JavaScript the same forms post and the kind's fields
 * come with `?type=`.
 */

export interface Period {
  from: Day;
  to: Day;
}

const logUrl = (workshopId: number) => `/ateliers/${workshopId}/journal`;
const entryUrl = (workshopId: number, id: number) => `${logUrl(workshopId)}/${id}`;
const entryLink = (workshopId: number, e: { id: number; day: Day }) => `${logUrl(workshopId)}?du=${e.day}&au=${e.day}#entree-${e.id}`;

const options = <K extends string>(labels: Record<K, string>) => Object.entries(labels) as Array<[K, string]>;
const text = (values: Values, name: string) => (values[name] == null ? '' : String(values[name]));

interface InputProps {
  prefix: string;
  name: string;
  label: string;
  values: Values;
  errors: Errors;
  hint?: string;
  type?: 'text' | 'date';
  list?: string;
  inputmode?: 'decimal' | 'numeric';
  size?: 's' | 'm' | 'l';
  autofocus?: boolean;
}

/** A labelled field of the line, its error next to it (`<prefix>-<name>-erreur`). */
function Input({ prefix, name, label, values, errors, hint, type = 'text', list, inputmode, size = 'm', autofocus }: InputProps) {
  const id = `${prefix}-${name}`;
  const error = errors[name];
  const describedBy = [hint ? `${id}-aide` : '', error ? `${id}-erreur` : ''].filter(Boolean).join(' ') || undefined;
  const attrs = {
    class: `fr-input${error ? ' fr-input--error' : ''}`,
    id,
    name,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy,
    autofocus,
  };
  return (
    <div class={`fr-input-group atelier-journal-champ atelier-journal-champ--${size}${error ? ' fr-input-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {label}
      </label>
      <input {...attrs} type={type} value={text(values, name)} list={list} inputmode={inputmode} />
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
    </div>
  );
}

function Select({
  prefix,
  name,
  label,
  values,
  errors,
  choices,
  placeholder,
  swap,
  autofocus,
}: {
  prefix: string;
  name: string;
  label: string;
  values: Values;
  errors: Errors;
  choices: ReadonlyArray<readonly [string, string]>;
  placeholder?: string;
  /** The kind select: swaps the kind's fields (htmx GET). */
  swap?: { url: string; target: string };
  autofocus?: boolean;
}) {
  const id = `${prefix}-${name}`;
  const error = errors[name];
  const current = text(values, name);
  return (
    <div class={`fr-select-group atelier-journal-champ atelier-journal-champ--m${error ? ' fr-select-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {label}
      </label>
      <select
        class={`fr-select${error ? ' fr-select--error' : ''}`}
        id={id}
        name={name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-erreur` : undefined}
        hx-get={swap?.url}
        hx-target={swap ? `#${swap.target}` : undefined}
        hx-swap={swap ? 'outerHTML' : undefined}
        autofocus={autofocus}
      >
        {placeholder ? (
          <option value="" selected={current === ''}>
            {placeholder}
          </option>
        ) : null}
        {choices.map(([value, label]) => (
          <option value={value} selected={value === current}>
            {label}
          </option>
        ))}
      </select>
      {error ? (
        <p class="fr-error-text" id={`${id}-erreur`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The fields of one kind only, in the element htmx swaps when the kind changes (`<prefix>-champs`). */
export function KindFields({
  prefix,
  kind,
  values,
  errors,
  units,
  focus,
}: {
  prefix: string;
  kind: ActivityKind;
  values: Values;
  errors: Errors;
  units: string[];
  focus?: boolean;
}) {
  const p = { prefix, values, errors };
  const description = (label: string, hint?: string) => (
    <Input {...p} name="description" label={label} hint={hint} size="l" autofocus={focus && kind === 'other'} />
  );
  const fields: Record<ActivityKind, Child> = {
    production: (
      <>
        <Input {...p} name="quantity" label="Quantité" inputmode="decimal" size="s" autofocus={focus} />
        <Input {...p} name="unit" label="Unité" hint="Par exemple « livres reliés »" list={`${prefix}-unites`} />
        <datalist id={`${prefix}-unites`}>
          {units.map((u) => (
            <option value={u} />
          ))}
        </datalist>
        <Select {...p} name="customerKind" label="Client" choices={options(CUSTOMER_KIND_LABELS)} placeholder="Choisissez" />
      </>
    ),
    training: (
      <>
        <Input {...p} name="topic" label="Sujet" autofocus={focus} />
        <Input {...p} name="duration" label="Durée" hint="3, 3,5 ou 3h30" size="s" />
        <Input {...p} name="participants" label="Participants" inputmode="numeric" size="s" />
      </>
    ),
    event: (
      <>
        <Select {...p} name="visitorKind" label="Qui est venu" choices={options(VISITOR_KIND_LABELS)} placeholder="Choisissez" autofocus={focus} />
        {description('Description (facultative)')}
      </>
    ),
    incident: (
      <>
        <Select {...p} name="severity" label="Gravité" choices={options(SEVERITY_LABELS)} placeholder="Choisissez" autofocus={focus} />
        {description('Ce qui s’est passé', 'Faits seulement : ni santé, ni procédure judiciaire (500 caractères au plus)')}
      </>
    ),
    meeting: (
      <>
        <Input {...p} name="topic" label="Sujet" autofocus={focus} />
        {description('Description (facultative)')}
      </>
    ),
    other: description('Ce qui s’est passé'),
  };
  return (
    <div id={`${prefix}-champs`} class="atelier-journal-champs">
      {fields[kind]}
    </div>
  );
}

interface LineProps {
  workshopId: number;
  prefix: string;
  values: Values;
  errors: Errors;
  units: string[];
  today: Day;
  focus?: boolean;
}

/** Day, kind, the kind's fields: one line of a form. */
function LineFields({ workshopId, prefix, values, errors, units, focus }: LineProps) {
  const kind = (ACTIVITY_KINDS as readonly string[]).includes(text(values, 'kind')) ? (text(values, 'kind') as ActivityKind) : 'production';
  return (
    <>
      <Input prefix={prefix} name="day" label="Jour" type="date" values={values} errors={errors} size="s" />
      <Select
        prefix={prefix}
        name="kind"
        label="Type"
        values={{ ...values, kind }}
        errors={errors}
        choices={options(ACTIVITY_KIND_LABELS)}
        swap={{ url: `${logUrl(workshopId)}/champs?cible=${prefix}`, target: `${prefix}-champs` }}
      />
      <KindFields prefix={prefix} kind={kind} values={values} errors={errors} units={units} focus={focus} />
    </>
  );
}

/** The one-line entry at the top of the log; htmx swaps it back fresh (day and kind kept) after each line. */
export function EntryLine(props: Omit<LineProps, 'prefix'> & { period: Period; added?: LogRow }) {
  const { workshopId, errors, period, added } = props;
  const url = logUrl(workshopId);
  return (
    <section id="journal-saisie" class="atelier-journal-saisie fr-mb-3w" aria-labelledby="journal-saisie-titre">
      <h2 id="journal-saisie-titre" class="fr-h5">
        Noter une entrée
      </h2>
      {errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
      {added ? (
        <p class="fr-text--sm fr-mb-1w" role="status">
          Entrée ajoutée : {ACTIVITY_KIND_LABELS[added.kind].toLowerCase()} du {formatShortDay(added.day)}. Notez la suivante.
        </p>
      ) : null}
      <form id="journal-ligne" method="post" action={url} hx-post={url} hx-target="#journal-saisie" hx-swap="outerHTML" class="atelier-journal-ligne">
        <CsrfField />
        <input type="hidden" name="du" value={period.from} />
        <input type="hidden" name="au" value={period.to} />
        <LineFields {...props} prefix="champ" />
        <div class="atelier-journal-envoi">
          <button type="submit" class="fr-btn fr-icon-add-line fr-btn--icon-left">
            Ajouter
          </button>
        </div>
      </form>
      <noscript>
        <p class="fr-text--sm">
          Autre type d’entrée :{' '}
          {ACTIVITY_KINDS.map((k, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a href={`${url}?type=${k}&du=${period.from}&au=${period.to}`}>{ACTIVITY_KIND_LABELS[k].toLowerCase()}</a>
            </>
          ))}
          .
        </p>
      </noscript>
    </section>
  );
}

function State({ row, workshopId }: { row: LogRow; workshopId: number }) {
  if (row.correctedBy)
    return (
      <>
        <p class="fr-badge fr-badge--sm fr-badge--warning">Corrigée</p>{' '}
        <a href={entryLink(workshopId, row.correctedBy)} class="fr-text--sm">
          voir sa correction du {formatShortDay(row.correctedBy.day)}
        </a>
      </>
    );
  const until = new Date(row.createdAt.getTime() + EDIT_WINDOW_DAYS * 86_400_000);
  return (
    <>
      {row.corrects ? (
        <p class="fr-text--sm fr-mb-0">
          Corrige <a href={entryLink(workshopId, row.corrects)}>l’entrée du {formatShortDay(row.corrects.day)}</a>
        </p>
      ) : null}
      <p class="fr-text--sm fr-mb-0">{row.withinWindow ? `Modifiable jusqu’au ${formatShortDate(until)}` : 'Définitive'}</p>
    </>
  );
}

export interface RowRights {
  /** The reader's partner wrote the entries shown: it changes them within their window. */
  mayChange: boolean;
  /** It may add entries, hence corrections. */
  mayCorrect: boolean;
}

/** One entry shown; `saved` marks the row htmx just swapped back. */
export function EntryRowView({ row, workshopId, rights, saved }: { row: LogRow; workshopId: number; rights: RowRights; saved?: boolean }) {
  const url = entryUrl(workshopId, row.id);
  const actions: Child[] = [];
  if (rights.mayChange && row.withinWindow && !row.correctedBy) {
    actions.push(
      <a
        class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-edit-line"
        href={`${url}/modifier`}
        hx-get={`${url}/modifier`}
        hx-target="closest tr"
        hx-swap="outerHTML"
        title="Modifier l’entrée"
      >
        Modifier
      </a>,
      <ActionButton
        action={`${url}/suppression`}
        label="Supprimer"
        secondary
        iconOnly
        icon="fr-icon-delete-line"
        confirm="Supprimer cette entrée du journal ?"
      />,
    );
  } else if (rights.mayCorrect && !row.withinWindow && !row.correctedBy) {
    actions.push(
      <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={`${url}/correction`}>
        Corriger
      </a>,
    );
  }
  return (
    <tr
      id={`entree-${row.id}`}
      class={[saved ? 'atelier-row--saved' : '', row.correctedBy ? 'atelier-journal--corrigee' : ''].filter(Boolean).join(' ') || undefined}
    >
      <td>{formatShortDay(row.day)}</td>
      <td>{ACTIVITY_KIND_LABELS[row.kind]}</td>
      <td class="atelier-journal-quoi">{entrySummary({ ...row })}</td>
      <td>{row.author || '—'}</td>
      <td>
        <State row={row} workshopId={workshopId} />
      </td>
      {rights.mayChange || rights.mayCorrect ? <td class="atelier-journal-actions">{actions.length > 0 ? actions : '—'}</td> : null}
    </tr>
  );
}

const COLUMNS = ['Jour', 'Type', 'Ce qui a été noté', 'Écrite par', 'État'];

/** The editable row: the same line, its own ids (`entree-<id>-…`), saved in place. */
export function EntryEditRow({
  row,
  workshopId,
  values,
  errors,
  units,
  today,
  rights,
}: {
  row: LogRow;
  workshopId: number;
  values: Values;
  errors: Errors;
  units: string[];
  today: Day;
  rights: RowRights;
}) {
  const url = entryUrl(workshopId, row.id);
  const prefix = `entree-${row.id}`;
  return (
    <tr id={`entree-${row.id}`} class="atelier-row--editing">
      <td colspan={COLUMNS.length + (rights.mayChange || rights.mayCorrect ? 1 : 0)}>
        {errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
        <form method="post" action={`${url}/modifier`} hx-post={`${url}/modifier`} hx-target="closest tr" hx-swap="outerHTML" class="atelier-journal-ligne">
          <CsrfField />
          <input type="hidden" name="version" value={String(row.version)} />
          <LineFields workshopId={workshopId} prefix={prefix} values={values} errors={errors} units={units} today={today} />
          <div class="atelier-journal-envoi">
            <button type="submit" class="fr-btn fr-btn--sm">
              Enregistrer
            </button>{' '}
            <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={logUrl(workshopId)} hx-get={`${url}/ligne`} hx-target="closest tr" hx-swap="outerHTML">
              Annuler
            </a>
          </div>
        </form>
      </td>
    </tr>
  );
}

/** The entries of the period; the rows are the table's body, newest day first. */
export function LogList({
  rows,
  workshopId,
  period,
  rights,
  canWrite,
  limited,
  savedId,
}: {
  rows: LogRow[];
  workshopId: number;
  period: Period;
  rights: RowRights;
  canWrite: boolean;
  limited: boolean;
  savedId?: number;
}) {
  const columns = rights.mayChange || rights.mayCorrect ? [...COLUMNS, 'Actions'] : COLUMNS;
  const span = `du ${formatShortDay(period.from)} au ${formatShortDay(period.to)}`;
  return (
    <div id="journal-liste">
      {rows.length === 0 ? (
        <div class="atelier-journal-vide fr-mb-4w">
          <p>Aucune entrée {span}.</p>
          {canWrite ? (
            <p class="fr-text--sm">
              Pour commencer, notez sur la ligne ci-dessus ce qui s’est passé aujourd’hui dans l’atelier : une production (par exemple « 120 livres reliés »),
              une formation dispensée, une visite, un incident, une réunion. Une ligne suffit ; vous pouvez la modifier pendant {EDIT_WINDOW_DAYS} jours.
            </p>
          ) : (
            <p class="fr-text--sm">La structure de l’atelier n’a rien noté sur cette période : choisissez une autre période ci-dessus.</p>
          )}
        </div>
      ) : (
        <>
          {limited ? (
            <Notice kind="info">Seules les {rows.length} entrées les plus récentes sont affichées : choisissez une période plus courte.</Notice>
          ) : null}
          <Table id="journal-entrees" caption={`Entrées du journal ${span}`} columns={columns}>
            <tbody>
              {rows.map((row) => (
                <EntryRowView row={row} workshopId={workshopId} rights={rights} saved={row.id === savedId} />
              ))}
            </tbody>
          </Table>
        </>
      )}
    </div>
  );
}

export function PeriodForm({ workshopId, period }: { workshopId: number; period: Period }) {
  return (
    <form method="get" action={logUrl(workshopId)} class="atelier-journal-periode fr-mb-3w">
      <div class="fr-input-group atelier-journal-periode-champ">
        <label class="fr-label" for="periode-du">
          Du
        </label>
        <input class="fr-input" type="date" id="periode-du" name="du" value={period.from} />
      </div>
      <div class="fr-input-group atelier-journal-periode-champ">
        <label class="fr-label" for="periode-au">
          Au
        </label>
        <input class="fr-input" type="date" id="periode-au" name="au" value={period.to} />
      </div>
      <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
        Afficher cette période
      </button>
    </form>
  );
}

function Crumbs({ access, partnerView, last }: { access: LogAccess; partnerView: boolean; last?: string }) {
  const w = access.workshop;
  const e = w.establishment;
  const head = partnerView
    ? [{ href: '/structure', label: 'Ma structure' }]
    : [
        { href: '/etablissements', label: 'Établissements' },
        { href: `/etablissements/${e.id}`, label: e.name },
        { href: `/etablissements/${e.id}/ateliers`, label: 'Ateliers' },
      ];
  const tail = last ? [{ href: logUrl(w.id), label: 'Journal d’activité' }, { label: last }] : [{ label: 'Journal d’activité' }];
  return <Breadcrumb items={[...head, { href: `/ateliers/${w.id}`, label: w.name }, ...tail]} />;
}

export function WorkshopLogPage({
  access,
  rows,
  period,
  line,
  units,
  today,
  limited,
}: {
  access: LogAccess;
  rows: LogRow[];
  period: Period;
  line: { values: Values; errors: Errors };
  units: string[];
  today: Day;
  limited: boolean;
}) {
  const w = access.workshop;
  const rights = rightsOf(access);
  return (
    <>
      <Crumbs access={access} partnerView={access.partnerId !== null} />
      <h1>Journal d’activité — {w.name}</h1>
      <p class="fr-text--sm">
        {w.partner.name}, {w.establishment.name}. Ce que la structure note au fil des jours : production, formations dispensées, visites, incidents, réunions.
      </p>
      {isArchived(w) ? <Notice kind="warning">Cet atelier est archivé : son journal se consulte seulement.</Notice> : null}
      {access.partnerId !== null && !access.canWrite && !isArchived(w) ? (
        <Notice kind="info">Cet atelier n’est plus celui de votre structure : vous consultez les entrées qu’elle y a notées.</Notice>
      ) : null}
      {access.canWrite ? <EntryLine workshopId={w.id} values={line.values} errors={line.errors} units={units} today={today} period={period} /> : null}
      <h2 class="fr-h5">Entrées</h2>
      <PeriodForm workshopId={w.id} period={period} />
      <LogList rows={rows} workshopId={w.id} period={period} rights={rights} canWrite={access.canWrite} limited={limited} />
    </>
  );
}

export function rightsOf(access: LogAccess): RowRights {
  return { mayChange: access.partnerId !== null && !isArchived(access.workshop), mayCorrect: access.canWrite };
}

/** Without JavaScript: the entry's edit row alone on a page. */
export function EntryEditPage(props: Parameters<typeof EntryEditRow>[0] & { access: LogAccess }) {
  return (
    <>
      <Crumbs access={props.access} partnerView last="Modifier une entrée" />
      <h1>Modifier une entrée du journal</h1>
      <Table id="journal-entrees" caption="Entrée à modifier" columns={[...COLUMNS, 'Actions']}>
        <tbody>
          <EntryEditRow {...props} />
        </tbody>
      </Table>
    </>
  );
}

/** « Corriger »: a new entry replacing an old one, prefilled with its values, its own day editable. */
export function CorrectionPage({
  access,
  old,
  values,
  errors,
  units,
  today,
}: {
  access: LogAccess;
  old: LogRow;
  values: Values;
  errors: Errors;
  units: string[];
  today: Day;
}) {
  const url = `${entryUrl(access.workshop.id, old.id)}/correction`;
  return (
    <>
      <Crumbs access={access} partnerView last="Corriger une entrée" />
      <h1>Corriger une entrée du journal</h1>
      <p>
        L’entrée du {formatShortDay(old.day)} (« {ACTIVITY_KIND_LABELS[old.kind]} : {entrySummary({ ...old })} ») a été écrite il y a plus de {EDIT_WINDOW_DAYS}{' '}
        jours. La correction la remplace : l’ancienne reste visible, marquée « Corrigée », et ne compte plus nulle part.
      </p>
      {errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
      <form method="post" action={url} class="atelier-journal-ligne fr-mb-4w">
        <CsrfField />
        <LineFields workshopId={access.workshop.id} prefix="champ" values={values} errors={errors} units={units} today={today} />
        <div class="atelier-journal-envoi">
          <button type="submit" class="fr-btn">
            Enregistrer la correction
          </button>{' '}
          <a class="fr-btn fr-btn--tertiary" href={entryLink(access.workshop.id, old)}>
            Annuler
          </a>
        </div>
      </form>
    </>
  );
}
