import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField, type Errors, Field, FormErrorSummary, type Values } from '../components/forms.tsx';

export function detaineeValues(d: Detainee): Values {
  return {
    prisonNumber: d.prisonNumber,
    lastName: d.lastName,
    firstName: d.firstName,
    birthDate: d.birthDate,
    arrivalDate: d.arrivalDate,
    expectedReleaseDate: d.expectedReleaseDate ?? '',
    officerName: d.officerName,
    officerContact: d.officerContact,
    cpipName: d.cpipName,
    cpipContact: d.cpipContact,
    referentName: d.referentName,
    referentContact: d.referentContact,
    version: d.version,
  };
}

export function DetaineeFormPage({
  establishment: e,
  detainee,
  values,
  errors,
}: {
  establishment: Establishment;
  detainee?: Detainee;
  values: Values;
  errors: Errors;
}) {
  const action = detainee ? `/personnes/${detainee.id}` : `/etablissements/${e.id}/personnes`;
  return (
    <>
      <Breadcrumb
        items={[
          { href: `/etablissements/${e.id}`, label: e.name },
          { href: `/etablissements/${e.id}/personnes`, label: 'Personnes' },
          ...(detainee ? [{ href: `/personnes/${detainee.id}`, label: detainee.fullName() }] : []),
          { label: detainee ? 'Modifier' : 'Nouvelle personne' },
        ]}
      />
      <h1>{detainee ? `Modifier ${detainee.fullName()}` : 'Ajouter une personne'}</h1>
      <p class="fr-text--sm">Ne renseignez que ce dont le travail a besoin : ni infraction, ni détail de la peine.</p>
      {errors._form ? (
        <div class="fr-alert fr-alert--warning fr-mb-3w" role="alert">
          <p>{errors._form}</p>
        </div>
      ) : (
        <FormErrorSummary errors={errors} />
      )}
      <form method="post" action={action} novalidate class="atelier-form">
        <CsrfField />
        {detainee ? <input type="hidden" name="version" value={String(values.version ?? detainee.version)} /> : null}
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Identité</legend>
          <div class="fr-fieldset__element">
            <Field name="prisonNumber" label="Numéro d’écrou" values={values} errors={errors} hint="Chiffres et lettres, sans espace" required />
            <Field name="lastName" label="Nom" values={values} errors={errors} required />
            <Field name="firstName" label="Prénom" values={values} errors={errors} required />
            <Field name="birthDate" label="Date de naissance" type="date" values={values} errors={errors} required />
            <Field name="arrivalDate" label="Arrivée dans l’établissement" type="date" values={values} errors={errors} required />
            <Field
              name="expectedReleaseDate"
              label="Libération prévue"
              type="date"
              values={values}
              errors={errors}
              hint="Facultatif ; une libération sous six mois donne la priorité sur les listes d’attente."
            />
          </div>
        </fieldset>
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Trinôme de suivi</legend>
          <div class="fr-fieldset__element">
            <Field name="officerName" label="Surveillant référent" values={values} errors={errors} />
            <Field name="officerContact" label="Contact du surveillant" values={values} errors={errors} />
            <Field name="cpipName" label="Conseiller pénitentiaire d’insertion et de probation (CPIP)" values={values} errors={errors} />
            <Field name="cpipContact" label="Contact du CPIP" values={values} errors={errors} />
            <Field name="referentName" label="Référent insertion professionnelle" values={values} errors={errors} />
            <Field name="referentContact" label="Contact du référent" values={values} errors={errors} />
          </div>
        </fieldset>
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" class="fr-btn">
              {detainee ? 'Enregistrer' : 'Ajouter la personne'}
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={detainee ? `/personnes/${detainee.id}` : `/etablissements/${e.id}/personnes`}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </>
  );
}
