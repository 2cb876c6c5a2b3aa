import { PARTNER_KIND_LABELS, PARTNER_KINDS, type Partner, type PartnerKind } from '../../src/partners/entities.ts';
import type { PartnerRow } from '../../src/partners/service.ts';
import { isArchived } from '../../src/platform/archivable.ts';
import { plural } from '../../src/platform/format.ts';
import { BlockEditRow, ListSection } from '../components/block-forms.tsx';
import { ActionButton, ArchivedFilter, type Errors, Field, SelectField, type Values } from '../components/forms.tsx';
import { HistoryButton } from '../components/history-link.tsx';
import { EditLink, SavedBadge, ShownRow, Table } from '../components/inline.tsx';

const KIND_OPTIONS = PARTNER_KINDS.map((k) => [k, PARTNER_KIND_LABELS[k]] as const);
/** Few columns so that the list and its actions fit a laptop: the contact's details share one cell. */
export const PARTNER_COLUMNS = ['Structure', 'SIRET', 'Contact', 'Ateliers', 'Actions'];

function formatSiret(siret: string | null | undefined): string {
  return siret ? siret.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, '$1 $2 $3 $4') : '—';
}

export function partnerValues(p: Partner): Values {
  return {
    name: p.name,
    kind: p.kind,
    siret: formatSiret(p.siret).replace('—', ''),
    contactName: p.contactName,
    contactEmail: p.contactEmail,
    contactPhone: p.contactPhone,
    version: p.version,
  };
}

/** `history`: the reader may open the partner's history (administrators: a partner belongs to no establishment). */
export function PartnerRowView({ row, saved, history }: { row: PartnerRow; saved?: boolean; history?: boolean }) {
  const p = row.partner;
  return (
    <ShownRow id={`partenaire-${p.id}`} saved={saved}>
      <th scope="row">
        {p.name}
        <SavedBadge saved={saved} />
        <span class="fr-hint-text">{PARTNER_KIND_LABELS[p.kind]}</span>
      </th>
      <td class="atelier-code">{formatSiret(p.siret)}</td>
      <td>
        {p.contactName || '—'}
        {p.contactEmail ? (
          <span class="fr-hint-text">
            <a href={`mailto:${p.contactEmail}`}>{p.contactEmail}</a>
          </span>
        ) : null}
        {p.contactPhone ? <span class="fr-hint-text">{p.contactPhone}</span> : null}
      </td>
      <td class="atelier-num">
        {plural(row.workshopCount, 'atelier', 'ateliers')}
        <span class="fr-hint-text">
          <a href={`/partenaires/${p.id}/conventions`} aria-label={`Conventions de ${p.name}`}>
            Conventions
          </a>
        </span>
      </td>
      <td>
        <div class="atelier-actions">
          {history ? <HistoryButton table="partner" id={p.id} label={`Historique de ${p.name}`} /> : null}
          {isArchived(p) ? (
            <ActionButton action={`/partenaires/${p.id}/restauration`} label="Restaurer" secondary icon="fr-icon-refresh-line" />
          ) : (
            <>
              <EditLink href={`/partenaires/${p.id}/modifier`} label={`Modifier ${p.name}`} />
              {row.workshopCount === 0 ? (
                <ActionButton
                  action={`/partenaires/${p.id}/archivage`}
                  label="Archiver"
                  secondary
                  icon="fr-icon-archive-line"
                  iconOnly
                  confirm={`Archiver « ${p.name} » ?`}
                />
              ) : null}
            </>
          )}
        </div>
      </td>
    </ShownRow>
  );
}

function PartnerFields({ form, values, errors }: { form: string; values: Values; errors: Errors }) {
  return (
    <>
      <Field idPrefix={form} name="name" label="Nom de la structure" values={values} errors={errors} />
      <SelectField idPrefix={form} name="kind" label="Type de structure" values={values} errors={errors} options={KIND_OPTIONS} />
      <Field idPrefix={form} name="siret" label="SIRET" hint="14 chiffres" values={values} errors={errors} />
      <Field idPrefix={form} name="contactName" label="Nom du contact" values={values} errors={errors} />
      <Field idPrefix={form} name="contactEmail" label="Courriel du contact" type="email" values={values} errors={errors} />
      <Field idPrefix={form} name="contactPhone" label="Téléphone du contact" values={values} errors={errors} />
    </>
  );
}

export function PartnerEditRow({ partner, values, errors }: { partner: Partner; values: Values; errors: Errors }) {
  const form = `modifier-partenaire-${partner.id}`;
  return (
    <BlockEditRow
      id={`partenaire-${partner.id}`}
      form={form}
      colspan={PARTNER_COLUMNS.length}
      action={`/partenaires/${partner.id}`}
      cancel="/partenaires"
      row={`/partenaires/${partner.id}/ligne`}
      version={String(values.version ?? partner.version)}
      errors={errors}
    >
      <PartnerFields form={form} values={values} errors={errors} />
    </BlockEditRow>
  );
}

export function PartnersSection({
  rows,
  values,
  errors,
  created,
  history,
}: {
  rows: PartnerRow[];
  values: Values;
  errors: Errors;
  created?: string;
  history?: boolean;
}) {
  const form = 'nouveau-partenaire';
  return (
    <ListSection
      id="section-partenaires"
      table="liste-partenaires"
      caption="Structures partenaires"
      columns={PARTNER_COLUMNS}
      rows={rows.map((row) => <PartnerRowView row={row} saved={row.partner.name === created} history={history} />)}
      empty="Aucune structure ne correspond. Ajoutez-en une ci-dessous."
      add={{
        form,
        action: '/partenaires',
        title: 'Nouvelle structure',
        label: 'Ajouter la structure',
        fields: <PartnerFields form={form} values={values} errors={errors} />,
      }}
      created={created ? <>La structure « {created} » a été ajoutée.</> : undefined}
      notAdded="La structure n’a pas été ajoutée"
      errors={errors}
    />
  );
}

export function PartnersPage({
  rows,
  filters,
  values,
  errors,
  history,
}: {
  rows: PartnerRow[];
  filters: { q?: string; kind?: PartnerKind; archived: boolean };
  values: Values;
  errors: Errors;
  history?: boolean;
}) {
  return (
    <>
      <h1>Structures partenaires</h1>
      <p>Les associations, SCOP, ACI, entreprises et services qui animent les ateliers. Elles sont communes à tous les établissements.</p>
      <form method="get" action="/partenaires" class="atelier-filters" role="search" aria-label="Filtrer les structures">
        <div class="fr-input-group">
          <label class="fr-label" for="filtre-q">
            Nom
          </label>
          <input class="fr-input" id="filtre-q" name="q" type="search" value={filters.q ?? ''} />
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="filtre-type">
            Type
          </label>
          <select class="fr-select" id="filtre-type" name="type">
            <option value="">Tous les types</option>
            {KIND_OPTIONS.map(([v, l]) => (
              <option value={v} selected={filters.kind === v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <ArchivedFilter checked={filters.archived} label="Structures archivées" />
      </form>
      {filters.archived ? (
        rows.length === 0 ? (
          <p>Aucune structure archivée.</p>
        ) : (
          <Table id="liste-partenaires" caption="Structures archivées" columns={PARTNER_COLUMNS}>
            <tbody>
              {rows.map((row) => (
                <PartnerRowView row={row} history={history} />
              ))}
            </tbody>
          </Table>
        )
      ) : (
        <PartnersSection rows={rows} values={values} errors={errors} history={history} />
      )}
    </>
  );
}
