import { MOTIVATION_MAX, type PartnerProposal, type PeopleSearch, SEARCH_LIMIT } from '../../src/candidacies/partner-proposals.ts';
import { formatDay, theWorkshop } from '../../src/platform/format.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField, type Errors, FormErrorSummary, type Values } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';

export interface ProposalsPageProps {
  workshop: Workshop;
  search: PeopleSearch;
  proposals: PartnerProposal[];
  values?: Values;
  errors?: Errors;
}

/**
 * A partner proposes a candidate for its workshop: a search among the establishment's present
 * people by name (names only), then the person and an optional short motivation. Below, the
 * candidacies it proposed, with their state in its words.
 */
export function ProposalsPage({ workshop: w, search, proposals, values = {}, errors = {} }: ProposalsPageProps) {
  const base = `/ateliers/${w.id}/candidats`;
  const chosen = String(values.detaineeId ?? '');
  return (
    <>
      <Breadcrumb items={[{ href: '/structure', label: 'Ma structure' }, { href: `/ateliers/${w.id}`, label: w.name }, { label: 'Proposer un candidat' }]} />
      <h1>Proposer un candidat pour {theWorkshop(w.name)}</h1>
      <p>
        Vous pouvez proposer une personne présente dans l’établissement « {w.establishment.name} ». Sa candidature est déposée pour la commission
        pluridisciplinaire unique (CPU), qui l’examine comme les autres.
      </p>
      <form method="get" action={base} class="atelier-filters" role="search">
        <div class="fr-input-group">
          <label class="fr-label" for="recherche">
            Nom ou prénom
            <span class="fr-hint-text">Deux lettres au moins, accents et majuscules indifférents.</span>
          </label>
          <input class="fr-input" type="search" id="recherche" name="q" value={search.q} minlength={2} maxlength={100} />
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Rechercher
        </button>
      </form>
      <FormErrorSummary errors={errors} />
      {search.q === '' ? null : search.tooShort ? (
        <p id="resultats">Tapez au moins deux lettres du nom ou du prénom.</p>
      ) : search.people.length === 0 ? (
        <p id="resultats">Aucune personne présente dans l’établissement ne correspond à « {search.q} ».</p>
      ) : (
        <form method="post" action={base} id="resultats">
          <CsrfField />
          <input type="hidden" name="q" value={search.q} />
          {search.tooMany ? (
            <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w" role="status">
              <p>Plus de {SEARCH_LIMIT} personnes correspondent : précisez votre recherche.</p>
            </div>
          ) : null}
          <fieldset
            class={`fr-fieldset${errors.detaineeId ? ' fr-fieldset--error' : ''}`}
            id="champ-detaineeId"
            aria-labelledby="champ-detaineeId-legende"
            role={errors.detaineeId ? 'group' : undefined}
          >
            <legend class="fr-fieldset__legend" id="champ-detaineeId-legende">
              Personne à proposer
            </legend>
            {search.people.map((p) => (
              <div class="fr-fieldset__element">
                <div class="fr-radio-group">
                  <input type="radio" id={`personne-${p.id}`} name="detaineeId" value={String(p.id)} checked={chosen === String(p.id)} required />
                  <label class="fr-label" for={`personne-${p.id}`}>
                    {p.name}
                  </label>
                </div>
              </div>
            ))}
            {errors.detaineeId ? (
              <div class="fr-messages-group" aria-live="assertive">
                <p class="fr-message fr-message--error" id="champ-detaineeId-erreur">
                  {errors.detaineeId}
                </p>
              </div>
            ) : null}
          </fieldset>
          <div class={`fr-input-group${errors.motivation ? ' fr-input-group--error' : ''}`}>
            <label class="fr-label" for="champ-motivation">
              Motivation (facultative)
              <span class="fr-hint-text" id="champ-motivation-aide">
                {MOTIVATION_MAX} caractères au plus : ce que la personne apporterait à l’atelier. N’écrivez rien sur sa santé ni sur sa situation judiciaire.
              </span>
            </label>
            <textarea
              class={`fr-input${errors.motivation ? ' fr-input--error' : ''}`}
              id="champ-motivation"
              name="motivation"
              rows={3}
              maxlength={MOTIVATION_MAX}
              aria-invalid={errors.motivation ? 'true' : undefined}
              aria-describedby={`champ-motivation-aide${errors.motivation ? ' champ-motivation-erreur' : ''}`}
            >
              {String(values.motivation ?? '')}
            </textarea>
            {errors.motivation ? (
              <p class="fr-error-text" id="champ-motivation-erreur">
                {errors.motivation}
              </p>
            ) : null}
          </div>
          <button type="submit" class="fr-btn">
            Proposer pour {theWorkshop(w.name)}
          </button>
        </form>
      )}
      <h2 class="fr-h4 fr-mt-6w">Candidatures proposées par votre structure</h2>
      {proposals.length === 0 ? (
        <p id="propositions">Votre structure n’a encore proposé personne.</p>
      ) : (
        <Table id="propositions" caption="Candidatures proposées par votre structure" columns={['Personne', 'Atelier', 'Proposée le', 'État']}>
          <tbody>
            {proposals.map((p) => (
              <tr>
                <th scope="row">{p.name}</th>
                <td>{p.workshop}</td>
                <td>{formatDay(p.submittedOn)}</td>
                <td>{p.status}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
