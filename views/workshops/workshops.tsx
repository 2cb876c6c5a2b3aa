import type { Establishment } from '../../src/establishments/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { isArchived } from '../../src/platform/archivable.ts';
import { formatMinutes, plural, theWorkshop } from '../../src/platform/format.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { IAE_TYPE_LABELS, IAE_TYPES } from '../../src/workshops/rules.ts';
import type { WorkshopRow } from '../../src/workshops/service.ts';
import { BlockEditRow, ListSection } from '../components/block-forms.tsx';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ActionButton, ArchivedFilter, type Errors, Field, SelectField, type Values } from '../components/forms.tsx';
import { EditLink, SavedBadge, ShownRow, Table } from '../components/inline.tsx';
import { SetupNav } from '../components/setup-nav.tsx';

const IAE_OPTIONS = IAE_TYPES.map((t) => [t, IAE_TYPE_LABELS[t]] as const);
/** Few columns so that the list and its actions fit a laptop; the details are on the workshop's page. */
const COLUMNS = ['Atelier', 'Structure', 'Postes', 'Actions'];

export function WorkshopRowView({ row, canManage, saved }: { row: WorkshopRow; canManage: boolean; saved?: boolean }) {
  const w = row.workshop;
  return (
    <ShownRow id={`atelier-${w.id}`} saved={saved}>
      <th scope="row">
        <a href={`/ateliers/${w.id}`}>{w.name}</a>
        <SavedBadge saved={saved} />
        <span class="fr-hint-text">{w.activity}</span>
      </th>
      <td>{w.partner.name}</td>
      <td>
        {row.occupied}/{row.openPosts + row.frozenPosts} occupés
        <span class="fr-hint-text">
          {plural(row.openPosts, 'ouvert', 'ouverts')}
          {row.frozenPosts > 0 ? `, ${plural(row.frozenPosts, 'gelé', 'gelés')}` : ''}
          {row.weeklyMinutes > 0 ? `, ${formatMinutes(row.weeklyMinutes)} par semaine` : ''}
        </span>
      </td>
      <td>
        {canManage ? (
          <div class="atelier-actions">
            {isArchived(w) ? (
              <ActionButton action={`/ateliers/${w.id}/restauration`} label="Restaurer" secondary icon="fr-icon-refresh-line" />
            ) : (
              <EditLink href={`/ateliers/${w.id}/modifier`} label={`Modifier ${theWorkshop(w.name)}`} />
            )}
          </div>
        ) : null}
      </td>
    </ShownRow>
  );
}

function WorkshopFields({ form, values, errors, partners }: { form: string; values: Values; errors: Errors; partners: Partner[] }) {
  return (
    <>
      <Field idPrefix={form} name="name" label="Nom de l’atelier" values={values} errors={errors} />
      <SelectField
        idPrefix={form}
        name="partnerId"
        label="Structure qui anime l’atelier"
        values={values}
        errors={errors}
        options={partners.map((p) => [String(p.id), p.name] as const)}
      />
      <Field idPrefix={form} name="activity" label="Activité" values={values} errors={errors} />
      <SelectField idPrefix={form} name="iaeType" label="Insertion par l’activité économique" values={values} errors={errors} options={IAE_OPTIONS} />
      <Field idPrefix={form} name="openingHours" label="Horaires d’ouverture" hint="ex. lun.–ven. 8h30–16h" values={values} errors={errors} />
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
    <BlockEditRow
      id={`atelier-${workshop.id}`}
      form={form}
      colspan={COLUMNS.length}
      action={`/ateliers/${workshop.id}`}
      cancel={back}
      row={`/ateliers/${workshop.id}/ligne`}
      version={String(values.version ?? workshop.version)}
      back={back}
      errors={errors}
    >
      <WorkshopFields form={form} values={values} errors={errors} partners={partners} />
    </BlockEditRow>
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
    <ListSection
      id="section-ateliers"
      table="liste-ateliers"
      caption="Ateliers"
      columns={COLUMNS}
      rows={rows.map((row) => <WorkshopRowView row={row} canManage={canManage} saved={row.workshop.name === created} />)}
      empty={canManage ? 'Aucun atelier pour le moment : ajoutez le premier ci-dessous.' : 'Aucun atelier.'}
      add={
        canManage
          ? {
              form,
              action: `/etablissements/${establishment.id}/ateliers`,
              title: 'Nouvel atelier',
              label: 'Ajouter l’atelier',
              fields: <WorkshopFields form={form} values={values} errors={errors} partners={partners} />,
            }
          : undefined
      }
      created={created ? <>L’atelier « {created} » a été créé. Ajoutez-lui des postes depuis sa page.</> : undefined}
      notAdded="L’atelier n’a pas été créé"
      errors={errors}
      outro={
        canManage && partners.length === 0 ? (
          <p class="fr-text--sm">
            Aucune structure partenaire n’est enregistrée : <a href="/partenaires">ajoutez d’abord la structure</a> qui animera l’atelier.
          </p>
        ) : null
      }
    />
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

export const WORKSHOP_COLUMNS = COLUMNS;
