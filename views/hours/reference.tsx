import type { Establishment } from '../../src/establishments/entities.ts';
import { ABSENCE_FLAGS, type AbsenceReason } from '../../src/hours/absences.ts';
import type { SmicRate } from '../../src/hours/entities.ts';
import { formatBasisPoints, formatEuros, formatShortDay } from '../../src/platform/format.ts';
import type { PayFloor } from '../../src/workshops/entities.ts';
import { PAY_CATEGORIES, PAY_CATEGORY_LABELS, type PayCategory } from '../../src/workshops/rules.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Checkboxes, CsrfField, type Errors, Field, SelectField, type Values } from '../components/forms.tsx';
import { Notice, Table } from '../components/inline.tsx';
import { SetupNav } from '../components/setup-nav.tsx';

export function ReferencePage({
  smic,
  floors,
  canEdit,
  failure,
}: {
  smic: SmicRate[];
  floors: PayFloor[];
  canEdit: boolean;
  failure?: { form: 'smic' | 'floor'; values: Values; errors: Errors };
}) {
  const v = (form: 'smic' | 'floor') => (failure?.form === form ? failure.values : {});
  const e = (form: 'smic' | 'floor') => (failure?.form === form ? failure.errors : {});
  return (
    <>
      <h1>Rémunérations : SMIC et planchers</h1>
      <p>
        La rémunération horaire ne peut pas être inférieure à un pourcentage du SMIC horaire brut (code pénitentiaire D412-64). Chaque valeur s’applique à
        partir de sa date d’effet ; une nouvelle valeur s’ajoute, l’ancienne reste pour les mois passés.
      </p>
      <h2>SMIC horaire brut</h2>
      <Table id="smic" caption="SMIC horaire brut">
        <thead>
          <tr>
            <th scope="col">En vigueur à partir du</th>
            <th scope="col">Montant</th>
          </tr>
        </thead>
        <tbody>
          {smic.map((s) => (
            <tr>
              <td>{formatShortDay(String(s.effectiveFrom).slice(0, 10))}</td>
              <td class="atelier-num">{formatEuros(s.hourlyCents)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      {canEdit ? (
        <form method="post" action="/admin/remunerations/smic" class="atelier-form fr-mb-6w" novalidate>
          <CsrfField />
          <RefusalAlert errors={e('smic')} />
          <Field idPrefix="smic" name="effectiveFrom" label="Date d’effet" type="date" values={v('smic')} errors={e('smic')} required />
          <Field idPrefix="smic" name="hourly" label="SMIC horaire brut (€)" values={v('smic')} errors={e('smic')} hint="Par exemple 12,02" required />
          <button type="submit" class="fr-btn fr-btn--sm">
            Ajouter ce SMIC
          </button>
        </form>
      ) : null}
      <h2>Planchers par catégorie</h2>
      <Table id="planchers" caption="Planchers">
        <thead>
          <tr>
            <th scope="col">Catégorie</th>
            <th scope="col">En vigueur à partir du</th>
            <th scope="col">Plancher</th>
          </tr>
        </thead>
        <tbody>
          {floors.map((f) => (
            <tr>
              <td>{PAY_CATEGORY_LABELS[f.category as PayCategory]}</td>
              <td>{formatShortDay(String(f.effectiveFrom).slice(0, 10))}</td>
              <td class="atelier-num">{formatBasisPoints(f.floorBasisPoints)} du SMIC</td>
            </tr>
          ))}
        </tbody>
      </Table>
      {canEdit ? (
        <form method="post" action="/admin/remunerations/planchers" class="atelier-form" novalidate>
          <CsrfField />
          <RefusalAlert errors={e('floor')} />
          <SelectField
            idPrefix="plancher"
            name="category"
            label="Catégorie"
            values={v('floor')}
            errors={e('floor')}
            options={PAY_CATEGORIES.map((c) => [c, PAY_CATEGORY_LABELS[c]] as const)}
            required
          />
          <Field idPrefix="plancher" name="effectiveFrom" label="Date d’effet" type="date" values={v('floor')} errors={e('floor')} required />
          <Field idPrefix="plancher" name="percent" label="Plancher (% du SMIC)" values={v('floor')} errors={e('floor')} hint="Par exemple 45" required />
          <button type="submit" class="fr-btn fr-btn--sm">
            Ajouter ce plancher
          </button>
        </form>
      ) : null}
    </>
  );
}

/** A refusal of the whole form (a rule, a database guard), above its fields. */
function RefusalAlert({ errors }: { errors: Errors }) {
  return errors._form ? <Notice kind="error">{errors._form}</Notice> : null;
}

/** An establishment's absence reasons, every version with its date; the form adds a version or closes a code. */
export function AbsenceReasonsPage({
  establishment,
  reasons,
  canEdit,
  failure,
}: {
  establishment: Establishment;
  reasons: AbsenceReason[];
  canEdit: boolean;
  failure?: { values: Values; errors: Errors };
}) {
  const values = failure?.values ?? { flags: ['justified', 'offered'] };
  const errors = failure?.errors ?? {};
  const checked = values.flags === undefined ? [] : Array.isArray(values.flags) ? (values.flags as string[]) : [String(values.flags)];
  const yes = (b: boolean) => (b ? 'oui' : 'non');
  return (
    <>
      <Breadcrumb items={[{ href: `/etablissements/${establishment.id}`, label: establishment.name }, { label: 'Motifs d’absence' }]} />
      <h1>Motifs d’absence</h1>
      <SetupNav establishment={establishment} current="absences" />
      <p>
        Les codes que la grille de pointage et l’import acceptent, avec leurs effets (code pénitentiaire D412-32 pour les absences légitimes). Chaque version
        s’applique à partir de sa date d’effet ; une nouvelle version s’ajoute, l’ancienne reste pour les jours passés. Un code fermé n’est plus proposé mais
        reste valable pour les pointages déjà saisis.
      </p>
      <Table id="motifs" caption="Motifs d’absence">
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Libellé</th>
            <th scope="col">Référence</th>
            <th scope="col">À partir du</th>
            <th scope="col">Justifiée</th>
            <th scope="col">Payée</th>
            <th scope="col">Congés</th>
            <th scope="col">Suspension</th>
            <th scope="col">Proposé</th>
          </tr>
        </thead>
        <tbody>
          {reasons.map((r) => (
            <tr>
              <td>
                <strong>{r.code}</strong>
              </td>
              <td>{r.label}</td>
              <td>{r.legalItem ?? '—'}</td>
              <td>{formatShortDay(String(r.effectiveFrom).slice(0, 10))}</td>
              <td>{yes(r.justified)}</td>
              <td>{yes(r.paid)}</td>
              <td>{yes(r.countsForLeave)}</td>
              <td>{r.requiresSuspension ? 'exigée' : '—'}</td>
              <td>{r.offered ? 'oui' : 'fermé'}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      {canEdit ? (
        <form method="post" action={`/etablissements/${establishment.id}/motifs-absence`} class="atelier-form" novalidate>
          <h2>Ajouter une version</h2>
          <CsrfField />
          <RefusalAlert errors={errors} />
          <Field idPrefix="motif" name="code" label="Code" values={values} errors={errors} hint="1 à 6 lettres capitales, par exemple MED" required />
          <Field idPrefix="motif" name="label" label="Libellé" values={values} errors={errors} required />
          <Field
            idPrefix="motif"
            name="legalItem"
            label="Référence (facultatif)"
            values={values}
            errors={errors}
            hint="Par exemple « D412-32, 10° rendez-vous médicaux »"
          />
          <Field idPrefix="motif" name="effectiveFrom" label="Date d’effet" type="date" values={values} errors={errors} required />
          <Checkboxes name="flags" legend="Effets" checked={checked} errors={errors} options={Object.entries(ABSENCE_FLAGS)} />
          <button type="submit" class="fr-btn fr-btn--sm">
            Ajouter cette version
          </button>
        </form>
      ) : null}
    </>
  );
}
