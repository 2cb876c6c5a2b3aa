import type { Child } from 'hono/jsx';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { isArchived } from '../../src/platform/archivable.ts';
import { plural } from '../../src/platform/format.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { formatMinutes, IAE_TYPE_LABELS, IAE_TYPES } from '../../src/workshops/rules.ts';
import type { WorkshopRow } from '../../src/workshops/service.ts';
import { ActionButton, ArchivedFilter, type Errors, type Values } from '../components/forms.tsx';
import { AddActions, CellField, EditActions, EditLink, Notice, Table } from '../components/inline.tsx';

const IAE_OPTIONS = IAE_TYPES.map((t) => [t, IAE_TYPE_LABELS[t]] as const);
const COLUMNS = ['Atelier', 'Structure', 'Activité', 'Insertion (IAE)', 'Horaires', 'Postes', 'Actions'];

export function Breadcrumb({ items }: { items: Array<{ href?: string; label: string }> }) {
  return (
    <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
      <ol class="fr-breadcrumb__list">
        {items.map((item) => (
          <li>
            {item.href ? (
              <a class="fr-breadcrumb__link" href={item.href}>
                {item.label}
              </a>
            ) : (
              <a class="fr-breadcrumb__link" aria-current="page">
                {item.label}
              </a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The sections of an establishment's set-up, as a secondary navigation. */
export function SetupNav({ establishment, current }: { establishment: Establishment; current: 'ateliers' | 'postes' | 'sessions' | 'fiche' }) {
  const base = `/etablissements/${establishment.id}`;
  const items = [
    ['fiche', base, 'Vue d’ensemble'],
    ['tableau', `${base}/tableau`, 'Tableau des affectations'],
    ['personnes', `${base}/personnes`, 'Personnes'],
    ['ateliers', `${base}/ateliers`, 'Ateliers'],
    ['postes', `${base}/postes`, 'Postes'],
    ['sessions', `${base}/sessions`, 'Sessions de formation'],
    ['paie', `${base}/paie`, 'Rémunérations'],
  ] as const;
  return (
    <nav class="fr-mb-4w atelier-subnav" aria-label="Mise en place de l’établissement">
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        {items.map(([key, href, label]) => (
          <li>
            <a class={`fr-btn fr-btn--sm ${key === current ? '' : 'fr-btn--secondary'}`} href={href} aria-current={key === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
      <a class="fr-link fr-icon-download-line fr-link--icon-left fr-mt-1w" href={`${base}/fiche.pdf`} download>
        Télécharger la fiche établissement (PDF)
      </a>
    </nav>
  );
}

export function WorkshopRowView({ row, canManage, saved }: { row: WorkshopRow; canManage: boolean; saved?: boolean }) {
  const w = row.workshop;
  return (
    <tr id={`atelier-${w.id}`} class={saved ? 'atelier-row--saved' : undefined}>
      <th scope="row">
        <a href={`/ateliers/${w.id}`}>{w.name}</a>
        {saved ? (
          <span class="fr-badge fr-badge--success fr-badge--sm fr-ml-1w" role="status">
            Enregistré
          </span>
        ) : null}
      </th>
      <td>{w.partner.name}</td>
      <td>{w.activity}</td>
      <td>{IAE_TYPE_LABELS[w.iaeType]}</td>
      <td>{w.openingHours || '—'}</td>
      <td class="atelier-num">
        {row.occupied}/{row.openPosts + row.frozenPosts} occupés
        <span class="fr-hint-text">{plural(row.openPosts, 'ouvert', 'ouverts')}</span>
        {row.frozenPosts > 0 ? <span class="fr-hint-text">{plural(row.frozenPosts, 'gelé', 'gelés')}</span> : null}
        {row.weeklyMinutes > 0 ? <span class="fr-hint-text">{formatMinutes(row.weeklyMinutes)} / semaine</span> : null}
      </td>
      <td>
        {canManage ? (
          <div class="atelier-actions">
            {isArchived(w) ? (
              <ActionButton action={`/ateliers/${w.id}/restauration`} label="Restaurer" secondary icon="fr-icon-refresh-line" />
            ) : (
              <EditLink href={`/ateliers/${w.id}/modifier`} label={`Modifier l’atelier ${w.name}`} />
            )}
          </div>
        ) : null}
      </td>
    </tr>
  );
}

function WorkshopCells({ form, values, errors, partners }: { form: string; values: Values; errors: Errors; partners: Partner[] }) {
  return (
    <>
      <CellField form={form} name="name" label="Nom de l’atelier" values={values} errors={errors} size="m" placeholder="Nom" />
      <CellField
        form={form}
        name="partnerId"
        label="Structure qui anime l’atelier"
        values={values}
        errors={errors}
        options={partners.map((p) => [String(p.id), p.name] as const)}
        placeholder="Structure"
      />
      <CellField form={form} name="activity" label="Activité" values={values} errors={errors} size="l" placeholder="Activité" />
      <CellField
        form={form}
        name="iaeType"
        label="Type d’insertion par l’activité économique"
        values={values}
        errors={errors}
        options={IAE_OPTIONS}
        placeholder="Type"
      />
      <CellField form={form} name="openingHours" label="Horaires d’ouverture" values={values} errors={errors} size="m" placeholder="lun.–ven. 8h30–16h" />
    </>
  );
}

export function workshopValues(w: Workshop): Values {
  return { name: w.name, partnerId: String(w.partner.id), activity: w.activity, iaeType: w.iaeType, openingHours: w.openingHours, version: w.version };
}

export function WorkshopEditRow({ workshop, partners, values, errors }: { workshop: Workshop; partners: Partner[]; values: Values; errors: Errors }) {
  const form = `modifier-atelier-${workshop.id}`;
  const back = `/etablissements/${workshop.establishment.id}/ateliers`;
  return (
    <tr id={`atelier-${workshop.id}`} class="atelier-row--editing">
      <WorkshopCells form={form} values={values} errors={errors} partners={partners} />
      <td>{errors._form ? <p class="fr-error-text">{errors._form}</p> : '—'}</td>
      <EditActions
        form={form}
        action={`/ateliers/${workshop.id}`}
        cancel={back}
        row={`/ateliers/${workshop.id}/ligne`}
        version={String(values.version ?? workshop.version)}
        back={back}
      />
    </tr>
  );
}

export function WorkshopsSection({
  establishment,
  rows,
  partners,
  canManage,
  values,
  errors,
  created,
}: {
  establishment: Establishment;
  rows: WorkshopRow[];
  partners: Partner[];
  canManage: boolean;
  values: Values;
  errors: Errors;
  created?: string;
}) {
  const form = 'nouvel-atelier';
  return (
    <div id="section-ateliers">
      {created ? <Notice kind="success">L’atelier « {created} » a été créé. Ajoutez-lui des postes depuis sa page.</Notice> : null}
      {Object.keys(errors).length > 0 ? <Notice kind="error">L’atelier n’a pas été créé : corrigez les champs signalés sur la dernière ligne.</Notice> : null}
      <Table id="liste-ateliers" caption="Ateliers" columns={COLUMNS}>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colspan={COLUMNS.length}>{canManage ? 'Aucun atelier pour le moment : ajoutez le premier ci-dessous.' : 'Aucun atelier.'}</td>
            </tr>
          ) : (
            rows.map((row) => <WorkshopRowView row={row} canManage={canManage} saved={row.workshop.name === created} />)
          )}
        </tbody>
        {canManage ? (
          <tfoot>
            <tr class="atelier-row--add">
              <WorkshopCells form={form} values={values} errors={errors} partners={partners} />
              <td>—</td>
              <AddActions form={form} action={`/etablissements/${establishment.id}/ateliers`} section="section-ateliers" label="Ajouter l’atelier" />
            </tr>
          </tfoot>
        ) : null}
      </Table>
      {canManage && partners.length === 0 ? (
        <p class="fr-text--sm">
          Aucune structure partenaire n’est enregistrée : <a href="/partenaires">ajoutez d’abord la structure</a> qui animera l’atelier.
        </p>
      ) : null}
    </div>
  );
}

export function WorkshopsPage(props: {
  establishment: Establishment;
  rows: WorkshopRow[];
  partners: Partner[];
  canManage: boolean;
  values: Values;
  errors: Errors;
  filters: { q?: string; partnerId?: number; archived?: boolean };
}) {
  const e = props.establishment;
  const base = `/etablissements/${e.id}/ateliers`;
  return (
    <>
      <Breadcrumb items={[{ href: '/etablissements', label: 'Établissements' }, { href: `/etablissements/${e.id}`, label: e.name }, { label: 'Ateliers' }]} />
      <h1>Ateliers</h1>
      <SetupNav establishment={e} current="ateliers" />
      <form method="get" action={base} class="atelier-filters" role="search" aria-label="Filtrer les ateliers">
        <div class="fr-input-group">
          <label class="fr-label" for="filtre-q">
            Nom ou activité
          </label>
          <input class="fr-input" id="filtre-q" name="q" type="search" value={props.filters.q ?? ''} />
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="filtre-structure">
            Structure
          </label>
          <select class="fr-select" id="filtre-structure" name="structure">
            <option value="">Toutes les structures</option>
            {props.partners.map((p) => (
              <option value={String(p.id)} selected={props.filters.partnerId === p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <ArchivedFilter checked={props.filters.archived} label="Ateliers archivés" />
      </form>
      {props.filters.archived ? (
        <ArchivedWorkshops rows={props.rows} canManage={props.canManage} />
      ) : (
        <WorkshopsSection
          establishment={e}
          rows={props.rows}
          partners={props.partners}
          canManage={props.canManage && !isArchived(e)}
          values={props.values}
          errors={props.errors}
        />
      )}
    </>
  );
}

function ArchivedWorkshops({ rows, canManage }: { rows: WorkshopRow[]; canManage: boolean }) {
  if (rows.length === 0) return <p>Aucun atelier archivé.</p>;
  return (
    <Table id="liste-ateliers" caption="Ateliers archivés" columns={COLUMNS}>
      <tbody>
        {rows.map((row) => (
          <WorkshopRowView row={row} canManage={canManage} />
        ))}
      </tbody>
    </Table>
  );
}

/** A page holding a single editable row: inline editing without JavaScript. */
export function EditRowPage({ title, back, columns, children }: { title: string; back: string; columns: string[]; children: Child }) {
  return (
    <>
      <h1>{title}</h1>
      <p>
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={back}>
          Revenir à la liste
        </a>
      </p>
      <Table id="edition" caption={title} columns={columns}>
        <tbody>{children}</tbody>
      </Table>
    </>
  );
}

export const WORKSHOP_COLUMNS = COLUMNS;
