import type { Establishment } from '../../src/establishments/entities.ts';
import { agreementState } from '../../src/partners/agreements.ts';
import type { Partner } from '../../src/partners/entities.ts';
import type { PartnerAgreement } from '../../src/partners/profile-entities.ts';
import type { Day } from '../../src/platform/calendar.ts';
import { formatShortDay } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ActionButton, CsrfField, type Errors, Field, FormErrorSummary, SelectField, type Values } from '../components/forms.tsx';
import { HistoryLink } from '../components/history-link.tsx';
import { Table } from '../components/inline.tsx';
import { inDays } from './agreement-reminders.tsx';

export interface AgreementForm {
  values: Values;
  errors: Errors;
}

export const agreementsHref = (partnerId: number) => `/partenaires/${partnerId}/conventions`;

/** « En cours », « Se termine dans 12 jours », « Terminée », « À venir ». */
export function AgreementStateBadge({ agreement, today }: { agreement: { startsOn: Day; endsOn: Day }; today: Day }) {
  const state = agreementState(agreement, today);
  switch (state.kind) {
    case 'ended':
      return <span class="fr-badge fr-badge--sm">Terminée</span>;
    case 'upcoming':
      return <span class="fr-badge fr-badge--sm fr-badge--info">À venir</span>;
    case 'ending':
      return <span class="fr-badge fr-badge--sm fr-badge--warning">Se termine {inDays(state.days)}</span>;
    case 'running':
      return <span class="fr-badge fr-badge--sm fr-badge--success">En cours</span>;
  }
}

/** The form's values from a stored agreement (editing it). */
export function agreementValues(a: PartnerAgreement): Values {
  return {
    establishmentId: String(a.establishment.id),
    reference: a.reference,
    title: a.title,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    signedOn: a.signedOn ?? '',
    notes: a.notes,
    version: a.version,
  };
}

export function TextArea({
  name,
  label,
  hint,
  values,
  errors,
  max,
}: {
  name: string;
  label: string;
  hint?: string;
  values: Values;
  errors: Errors;
  max: number;
}) {
  const id = `champ-${name}`;
  const error = errors[name];
  const describedBy = [hint ? `${id}-aide` : '', error ? `${id}-erreur` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`fr-input-group${error ? ' fr-input-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {label}
        {hint ? (
          <span class="fr-hint-text" id={`${id}-aide`}>
            {hint}
          </span>
        ) : null}
      </label>
      <textarea
        class={`fr-input${error ? ' fr-input--error' : ''}`}
        id={id}
        name={name}
        rows={3}
        maxlength={max}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      >
        {String(values[name] ?? '')}
      </textarea>
      {error ? (
        <p class="fr-error-text" id={`${id}-erreur`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function AgreementFields({ form, establishments }: { form: AgreementForm; establishments: Establishment[] }) {
  const { values, errors } = form;
  return (
    <>
      {errors._form ? (
        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
          <p>{errors._form}</p>
        </div>
      ) : null}
      <SelectField
        name="establishmentId"
        label="Établissement"
        required
        values={values}
        errors={errors}
        options={establishments.map((e) => [String(e.id), e.name] as const)}
      />
      <Field name="reference" label="Référence" required hint="Le numéro de la convention, par exemple CONV-2026-014." values={values} errors={errors} />
      <Field name="title" label="Objet" hint="Facultatif : ce que la convention couvre." values={values} errors={errors} />
      <Field name="startsOn" label="Début" type="date" required values={values} errors={errors} />
      <Field name="endsOn" label="Fin" type="date" required hint="Le dernier jour couvert par la convention." values={values} errors={errors} />
      <Field name="signedOn" label="Signée le" type="date" hint="Facultatif, au plus tard aujourd’hui." values={values} errors={errors} />
      <TextArea
        name="notes"
        label="Notes internes"
        hint="Lues par la coordination et l’administration seulement, pas par la structure."
        max={1000}
        values={values}
        errors={errors}
      />
    </>
  );
}

/** The agreements of a partner with the caller's establishments, and the form to add one. */
export function AgreementsPage({
  partner,
  agreements,
  establishments,
  today,
  form,
  history,
}: {
  partner: Partner;
  agreements: PartnerAgreement[];
  establishments: Establishment[];
  today: Day;
  form: AgreementForm;
  history: boolean;
}) {
  const base = agreementsHref(partner.id);
  return (
    <>
      <Breadcrumb items={[{ href: '/partenaires', label: 'Partenaires' }, { label: `Conventions de ${partner.name}` }]} />
      <h1>Conventions de {partner.name}</h1>
      <p>
        Les conventions de la structure avec vos établissements : la coordination et l’administration les tiennent à jour, la structure les lit dans « Ma
        structure ».
      </p>
      {agreements.length === 0 ? (
        <p id="aucune-convention">Aucune convention n’est enregistrée avec vos établissements.</p>
      ) : (
        <Table
          id="conventions"
          caption={`Conventions de ${partner.name}`}
          columns={['Référence', 'Objet', 'Établissement', 'Du', 'Au', 'Signée le', 'État', 'Actions']}
        >
          <tbody>
            {agreements.map((a) => (
              <tr id={`convention-${a.id}`}>
                <th scope="row">{a.reference}</th>
                <td>{a.title || '—'}</td>
                <td>{a.establishment.name}</td>
                <td>{formatShortDay(a.startsOn)}</td>
                <td>{formatShortDay(a.endsOn)}</td>
                <td>{a.signedOn ? formatShortDay(a.signedOn) : 'Non signée'}</td>
                <td>
                  <AgreementStateBadge agreement={a} today={today} />
                </td>
                <td>
                  <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={`${base}/${a.id}`}>
                    Modifier
                  </a>{' '}
                  <ActionButton
                    action={`${base}/${a.id}/suppression`}
                    label="Supprimer"
                    secondary
                    confirm={`Supprimer la convention ${a.reference} ? À réserver à une convention saisie par erreur.`}
                  />
                  {history ? <HistoryLink table="partner_agreement" id={a.id} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <h2 class="fr-h4 fr-mt-4w" id="ajout">
        Ajouter une convention
      </h2>
      {establishments.length === 0 ? (
        <p>Vous n’êtes rattaché à aucun établissement actif : aucune convention ne peut être ajoutée.</p>
      ) : (
        <form method="post" action={base} id="ajout-convention" novalidate>
          <FormErrorSummary errors={form.errors} />
          <CsrfField />
          <AgreementFields form={form} establishments={establishments} />
          <button type="submit" class="fr-btn">
            Ajouter la convention
          </button>
        </form>
      )}
    </>
  );
}

export function AgreementEditPage({
  partner,
  agreement,
  establishments,
  form,
}: {
  partner: Partner;
  agreement: PartnerAgreement;
  establishments: Establishment[];
  form: AgreementForm;
}) {
  const base = agreementsHref(partner.id);
  // An establishment archived since keeps its agreements: it stays a choice for this one.
  const choices = establishments.some((e) => e.id === agreement.establishment.id) ? establishments : [...establishments, agreement.establishment];
  return (
    <>
      <Breadcrumb
        items={[{ href: '/partenaires', label: 'Partenaires' }, { href: base, label: `Conventions de ${partner.name}` }, { label: agreement.reference }]}
      />
      <h1>Modifier la convention {agreement.reference}</h1>
      <form method="post" action={`${base}/${agreement.id}`} id="modification-convention" novalidate>
        <FormErrorSummary errors={form.errors} />
        <CsrfField />
        <input type="hidden" name="version" value={String(form.values.version ?? agreement.version)} />
        <AgreementFields form={form} establishments={choices} />
        <ul class="fr-btns-group fr-btns-group--inline">
          <li>
            <button type="submit" class="fr-btn">
              Enregistrer
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={base}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </>
  );
}
