import type { Establishment } from '../../src/establishments/entities.ts';
import type { WorkingTime, WorkingTimeSetting } from '../../src/hours/working-time.ts';
import { formatGridMinutes, formatShortDay } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField, type Errors, Field, type Values } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';
import { SetupNav } from '../components/setup-nav.tsx';

/** The figures of a version, as the form takes them (whole hours, percents). */
function asValues(w: WorkingTime): Values {
  const h = (m: number) => String(m / 60);
  return {
    maxDailyMinutes: h(w.limits.maxDailyMinutes),
    maxWeeklyMinutes: h(w.limits.maxWeeklyMinutes),
    maxWorkedDays: String(w.limits.maxWorkedDays),
    fullTimeMinutes: h(w.policy.fullTimeMinutes),
    overtimeFirstTierMinutes: h(w.policy.overtimeFirstTierMinutes),
    overtimeFirstTierPercent: String(w.policy.overtimeFirstTierPercent),
    overtimeBeyondPercent: String(w.policy.overtimeBeyondPercent),
    yearlyOvertimeCapMinutes: h(w.policy.yearlyOvertimeCapMinutes),
    complementaryFirstTierPercent: String(w.policy.complementaryFirstTierPercent),
    complementarySecondTierPercent: String(w.policy.complementarySecondTierPercent),
  };
}

export function WorkingTimePage({
  establishment,
  versions,
  inForce,
  canEdit,
  failure,
}: {
  establishment: Establishment;
  versions: WorkingTimeSetting[];
  inForce: WorkingTime;
  canEdit: boolean;
  failure?: { values: Values; errors: Errors };
}) {
  const values = failure?.values ?? asValues(inForce);
  const errors = failure?.errors ?? {};
  const f = (name: string, label: string, hint: string) => (
    <Field idPrefix="temps" name={name} label={label} hint={hint} values={values} errors={errors} required />
  );
  return (
    <>
      <Breadcrumb items={[{ href: `/etablissements/${establishment.id}`, label: establishment.name }, { label: 'Temps de travail' }]} />
      <h1>Temps de travail</h1>
      <SetupNav establishment={establishment} current="temps-de-travail" />
      <p>
        Les limites et majorations que la grille de pointage applique (code pénitentiaire, art. R412-50 à R412-62). Sans version enregistrée, ce sont celles du
        code : 10 h par jour, 48 h par semaine, 6 jours travaillés, temps plein de 35 h, heures supplémentaires +25 % pour les 8 premières puis +50 %, 220 h par
        an, heures complémentaires +10 % jusqu’au dixième du contrat puis +25 %. Chaque version s’applique à partir de sa date d’effet.
      </p>
      <p>En vigueur aujourd’hui : {inForce.effectiveFrom ? `version du ${formatShortDay(inForce.effectiveFrom)}` : 'les valeurs du code pénitentiaire'}.</p>
      {versions.length > 0 ? (
        <Table id="temps-de-travail" caption="Versions du temps de travail">
          <thead>
            <tr>
              <th scope="col">À partir du</th>
              <th scope="col">Par jour</th>
              <th scope="col">Par semaine</th>
              <th scope="col">Jours</th>
              <th scope="col">Temps plein</th>
              <th scope="col">Heures supplémentaires</th>
              <th scope="col">Plafond annuel</th>
              <th scope="col">Heures complémentaires</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr>
                <td>{formatShortDay(v.effectiveFrom)}</td>
                <td>{formatGridMinutes(v.maxDailyMinutes)}</td>
                <td>{formatGridMinutes(v.maxWeeklyMinutes)}</td>
                <td>{v.maxWorkedDays}</td>
                <td>{formatGridMinutes(v.fullTimeMinutes)}</td>
                <td>
                  +{v.overtimeFirstTierPercent} % pendant {formatGridMinutes(v.overtimeFirstTierMinutes)}, puis +{v.overtimeBeyondPercent} %
                </td>
                <td>{formatGridMinutes(v.yearlyOvertimeCapMinutes)}</td>
                <td>
                  +{v.complementaryFirstTierPercent} % puis +{v.complementarySecondTierPercent} %
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {canEdit ? (
        <form method="post" action={`/etablissements/${establishment.id}/temps-de-travail`} class="atelier-form" novalidate>
          <h2>Ajouter une version</h2>
          <CsrfField />
          {errors._form ? (
            <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
              <p>{errors._form}</p>
            </div>
          ) : null}
          <Field idPrefix="temps" name="effectiveFrom" label="Date d’effet" type="date" values={values} errors={errors} required />
          {f('maxDailyMinutes', 'Durée maximale par jour (heures)', 'Au plus 10 h')}
          {f('maxWeeklyMinutes', 'Durée maximale par semaine (heures)', 'Au plus 48 h')}
          {f('maxWorkedDays', 'Jours travaillés par semaine, au plus', 'Au plus 6 : le repos hebdomadaire est obligatoire')}
          {f('fullTimeMinutes', 'Temps plein (heures par semaine)', '35 h dans le code pénitentiaire')}
          {f('overtimeFirstTierMinutes', 'Heures supplémentaires au premier taux (heures)', '8 h dans le code')}
          {f('overtimeFirstTierPercent', 'Majoration des premières heures supplémentaires (%)', 'Au moins 25 %')}
          {f('overtimeBeyondPercent', 'Majoration des heures supplémentaires suivantes (%)', 'Au moins 50 %')}
          {f('yearlyOvertimeCapMinutes', 'Plafond annuel d’heures supplémentaires (heures)', 'Au plus 220 h')}
          {f('complementaryFirstTierPercent', 'Majoration des heures complémentaires jusqu’au dixième du contrat (%)', 'Au moins 10 %')}
          {f('complementarySecondTierPercent', 'Majoration des heures complémentaires au-delà du dixième (%)', 'Au moins 25 %')}
          <button type="submit" class="fr-btn fr-btn--sm">
            Ajouter cette version
          </button>
        </form>
      ) : null}
    </>
  );
}
