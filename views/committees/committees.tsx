import { COMMITTEE_KIND_LABELS, COMMITTEE_KINDS, type Committee } from '../../src/committees/entities.ts';
import type { CommitteeRow } from '../../src/committees/service.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { formatDateTime, plural } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Checkboxes, CsrfField, type Errors, Field, FormErrorSummary, SelectField, type Values } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';

const KIND_OPTIONS = COMMITTEE_KINDS.map((k) => [k, COMMITTEE_KIND_LABELS[k]] as const);

/** The committees the caller sees, grouped by kind. */
export function CommitteesPage({ rows, canCreate, archived }: { rows: CommitteeRow[]; canCreate: boolean; archived: boolean }) {
  return (
    <>
      <div class="atelier-title-row">
        <h1>{archived ? 'Comités archivés' : 'Comités'}</h1>
        {canCreate && !archived ? (
          <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/comites/nouveau">
            Nouveau comité
          </a>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p id="aucun-comite">
          {archived
            ? 'Aucun comité archivé.'
            : canCreate
              ? 'Aucun comité pour le moment. Créez le comité technique ou la CPU de votre établissement : ses réunions, comptes rendus et actions à suivre seront ici.'
              : 'Vous n’êtes membre d’aucun comité pour le moment. La coordination vous inscrira aux comités qui vous concernent.'}
        </p>
      ) : null}
      {COMMITTEE_KINDS.map((kind) => {
        const own = rows.filter((r) => r.committee.kind === kind);
        if (own.length === 0) return null;
        return (
          <section class="fr-mt-4w" aria-labelledby={`comites-${kind}`}>
            <h2 class="fr-h4" id={`comites-${kind}`}>
              {COMMITTEE_KIND_LABELS[kind]}
            </h2>
            <Table
              id={`table-comites-${kind}`}
              caption={COMMITTEE_KIND_LABELS[kind]}
              columns={['Comité', 'Établissements', 'Prochaine réunion', 'Actions en cours']}
            >
              <tbody>
                {own.map((r) => (
                  <tr>
                    <th scope="row">
                      <a href={`/comites/${r.committee.id}`}>{r.committee.name}</a>
                      <span class="fr-hint-text">{r.committee.code}</span>
                    </th>
                    <td>{r.establishments.join(', ') || '—'}</td>
                    <td>{r.nextMeeting ? formatDateTime(r.nextMeeting) : 'Aucune prévue'}</td>
                    <td class="atelier-num">{r.openActions === 0 ? 'Aucune' : plural(r.openActions, 'action', 'actions')}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </section>
        );
      })}
      <p class="fr-mt-4w">{archived ? <a href="/comites">Revenir aux comités en activité</a> : <a href="/comites?archives=1">Voir les comités archivés</a>}</p>
    </>
  );
}

/** The values a committee's form starts from. */
export function committeeValues(committee: Committee): Values {
  return {
    kind: committee.kind,
    name: committee.name,
    code: committee.code,
    quorum: committee.quorum ?? '',
    establishments: committee.establishments.getItems().map((e) => String(e.id)),
    version: committee.version,
  };
}

/** Creating or editing a committee: kind, name, decision code, quorum and scope. */
export function CommitteeFormPage({
  committee,
  establishments,
  values,
  errors,
}: {
  committee?: Committee;
  establishments: Establishment[];
  values: Values;
  errors: Errors;
}) {
  const checked = values.establishments === undefined ? [] : ([] as string[]).concat(values.establishments as string | string[]);
  const back = committee ? `/comites/${committee.id}` : '/comites';
  return (
    <>
      <Breadcrumb
        items={[
          { href: '/comites', label: 'Comités' },
          ...(committee ? [{ href: back, label: committee.name }] : []),
          { label: committee ? 'Modifier' : 'Nouveau comité' },
        ]}
      />
      <h1>{committee ? `Modifier « ${committee.name} »` : 'Nouveau comité'}</h1>
      <FormErrorSummary errors={errors} />
      {errors._form ? <p class="fr-error-text">{errors._form}</p> : null}
      <form method="post" action={committee ? `/comites/${committee.id}` : '/comites'} class="atelier-form">
        <CsrfField />
        {committee ? <input type="hidden" name="version" value={String(values.version ?? committee.version)} /> : null}
        <SelectField name="kind" label="Type de comité" values={values} errors={errors} options={KIND_OPTIONS} required />
        <Field name="name" label="Nom" values={values} errors={errors} required hint="Par exemple : Comité technique de Brest." />
        <Field
          name="code"
          label="Code des décisions"
          values={values}
          errors={errors}
          required
          hint="En majuscules, par exemple CT-BREST (décisions CT-BREST-2026-01…)."
        />
        <Field
          name="quorum"
          label="Quorum"
          type="number"
          min={1}
          max={200}
          values={values}
          errors={errors}
          hint="Nombre de membres présents ou représentés pour siéger ; laissez vide s’il n’y en a pas."
        />
        <Checkboxes
          name="establishments"
          legend="Établissements concernés *"
          hint="Une CPU relève d’un seul établissement ; un comité de pilotage peut en suivre plusieurs."
          checked={checked}
          errors={errors}
          options={establishments.map((e) => [String(e.id), e.name] as const)}
        />
        <ul class="fr-btns-group fr-btns-group--inline">
          <li>
            <button type="submit" class="fr-btn">
              {committee ? 'Enregistrer' : 'Créer le comité'}
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={back}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </>
  );
}
