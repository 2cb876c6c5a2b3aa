import type { Establishment } from '../../src/establishments/entities.ts';
import { formValuesOf } from '../../src/leave/forms.ts';
import type { LeavePolicyTerms, LeavePolicyVersion } from '../../src/leave/policy.ts';
import { describeLeavePolicy, type PresetKey } from '../../src/leave/service.ts';
import { formatShortDay } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Checkboxes, CsrfField, type Errors, Field, FormErrorSummary, SelectField, type Values } from '../components/forms.tsx';
import { SetupNav } from '../components/setup-nav.tsx';

const BASES = [
  ['month', 'Par mois travaillé'],
  ['hours', 'Par tranche d’heures travaillées'],
] as const;
const ROUNDINGS = [
  ['half_day_up', 'À la demi-journée supérieure'],
  ['day_up', 'Au jour supérieur'],
  ['none', 'Sans arrondi'],
] as const;
const SETTLEMENTS = [
  ['lost', 'Perdu'],
  ['paid_out', 'Payé avec la dernière paie'],
] as const;

export function LeavePoliciesPage({
  establishment,
  versions,
  inForce,
  counted,
  startFrom,
  presetKey,
  canEdit,
  workshops = [],
  failure,
}: {
  establishment: Establishment;
  versions: LeavePolicyVersion[];
  inForce: LeavePolicyVersion | null;
  counted: { code: string; label: string }[];
  startFrom: LeavePolicyTerms;
  presetKey: PresetKey | null;
  canEdit: boolean;
  workshops?: ReadonlyArray<{ id: number; name: string }>;
  failure?: { values: Values; errors: Errors };
}) {
  const base = `/etablissements/${establishment.id}/conges`;
  const values: Values = failure?.values ?? formValuesOf(startFrom);
  const errors = failure?.errors ?? {};
  const f = (name: string, label: string, hint: string, required = false) => (
    <Field name={name} label={label} hint={hint} values={values} errors={errors} required={required} />
  );
  const checked = (name: string) => (values[name] === 'oui' ? ['oui'] : []);
  return (
    <>
      <Breadcrumb items={[{ href: `/etablissements/${establishment.id}`, label: establishment.name }, { label: 'Règles de congés' }]} />
      <h1>Congés</h1>
      <SetupNav establishment={establishment} current="conges" />
      <p>
        Les personnes détenues n’ont pas de congés payés légaux : les congés sont un droit que l’établissement ouvre, selon la politique qu’il fixe ici. Chaque
        version s’applique à partir de sa date d’effet, et les soldes sont recalculés à partir des versions et des heures validées.
      </p>
      <p id="conges-en-vigueur">
        En vigueur aujourd’hui :{' '}
        {inForce ? `« ${inForce.name} », depuis le ${formatShortDay(inForce.effectiveFrom)}` : 'aucune politique, personne n’acquiert de congés'}.
      </p>
      <p id="conges-motifs">
        Absences qui comptent comme travaillées : {counted.length > 0 ? counted.map((r) => `${r.label} (${r.code})`).join(', ') : 'aucune'} (
        <a href={`/etablissements/${establishment.id}/motifs-absence`}>motifs d’absence</a>).
      </p>
      <ul id="conges-liens">
        <li>
          <a href={`${base}/demandes`}>Demandes de congé à traiter</a>
        </li>
        <li>
          <a href={`${base}/soldes`}>Soldes de congés de l’établissement</a>
        </li>
        {workshops.map((w) => (
          <li>
            <a href={`/ateliers/${w.id}/conges`}>Calendrier des congés de l’atelier {w.name}</a>
          </li>
        ))}
      </ul>
      {versions.length > 0 ? (
        <ul id="conges-versions">
          {versions.map((v) => (
            <li>
              <strong>
                {v.name}, à partir du {formatShortDay(v.effectiveFrom)}
              </strong>{' '}
              : {describeLeavePolicy(v)}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit ? (
        <form method="post" action={base} class="atelier-form" novalidate>
          <h2>Nouvelle version</h2>
          {presetKey ? (
            <p id="conges-modeles">
              Partir d’un modèle :{' '}
              <a href={`${base}?modele=code-du-travail`} aria-current={presetKey === 'code-du-travail' ? 'true' : undefined}>
                Modèle code du travail
              </a>{' '}
              ou{' '}
              <a href={`${base}?modele=inserre`} aria-current={presetKey === 'inserre' ? 'true' : undefined}>
                Modèle InSERRE
              </a>
              .
            </p>
          ) : (
            <p>Le formulaire reprend la version en vigueur : modifiez ce qui change.</p>
          )}
          <CsrfField />
          <FormErrorSummary errors={errors} />
          <Field name="effectiveFrom" label="Date d’effet" type="date" values={values} errors={errors} required />
          {f('name', 'Nom de la politique', 'Affiché avec chaque solde, par exemple « InSERRE Arras v2 »', true)}
          <SelectField name="basis" label="Acquisition" options={BASES} values={values} errors={errors} required />
          {f('daysPerMonth', 'Par mois travaillé : jours acquis', 'Par exemple 2,5')}
          {f('monthMinDays', 'Par mois travaillé : jours travaillés pour qu’un mois compte', 'Ou bien des heures, ci-dessous')}
          {f('monthMinHours', 'Par mois travaillé : ou heures travaillées pour qu’un mois compte', 'Laissez vide si le seuil est en jours')}
          {f('daysPerBlock', 'Par tranche d’heures : jours acquis', 'Par exemple 1')}
          {f('blockHours', 'Par tranche d’heures : heures de la tranche', 'Par exemple 80')}
          {f('periodStart', 'Premier jour de la période de référence (jj/mm)', 'Par exemple 01/06 : du 1er juin au 31 mai', true)}
          <SelectField name="rounding" label="Arrondi du total de la période" options={ROUNDINGS} values={values} errors={errors} required />
          {f('yearlyCapDays', 'Plafond par période (jours)', 'Laissez vide : sans plafond')}
          {f('carryOverDays', 'Report sur la période suivante, au plus (jours)', '0 : rien n’est reporté ; vide : tout le solde')}
          {f('carryOverMonths', 'Durée du report (mois après le début de la période)', 'Laissez vide : les jours reportés n’expirent pas')}
          <Checkboxes name="paid" legend="Rémunération" checked={checked('paid')} errors={errors} options={[['oui', 'Les congés pris sont payés']]} />
          {f('payRatePercent', 'Taux de rémunération (% du taux horaire moyen du mois précédent)', 'Par exemple 100', true)}
          <Checkboxes
            name="allowAdvance"
            legend="Anticipation"
            checked={checked('allowAdvance')}
            errors={errors}
            options={[['oui', 'Une demande peut dépasser le solde']]}
          />
          <SelectField name="settlement" label="Solde à la sortie ou au transfert" options={SETTLEMENTS} values={values} errors={errors} required />
          <button type="submit" class="fr-btn fr-btn--sm">
            Enregistrer cette version
          </button>
        </form>
      ) : null}
    </>
  );
}
