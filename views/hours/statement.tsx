import type { Establishment } from '../../src/establishments/entities.ts';
import type { StatementRow, WorkshopTotal } from '../../src/hours/pay.ts';
import { ABSENCE_CODES, type AbsenceCode } from '../../src/hours/rules.ts';
import { formatEuros, formatHours } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Table } from '../components/inline.tsx';

export function StatementPage({
  establishment: e,
  month,
  rows,
  workshops,
}: {
  establishment: Establishment;
  month: string;
  rows: StatementRow[];
  workshops: WorkshopTotal[];
}) {
  const total = rows.reduce((n, r) => n + r.grossCents, 0);
  const pending = rows.reduce((n, r) => n + r.pendingMinutes, 0);
  return (
    <>
      <Breadcrumb items={[{ href: `/etablissements/${e.id}`, label: e.name }, { label: 'Rémunérations' }]} />
      <h1>Rémunérations du mois</h1>
      <form method="get" action={`/etablissements/${e.id}/paie`} class="atelier-filters">
        <div class="fr-input-group">
          <label class="fr-label" for="mois">
            Mois
          </label>
          <input class="fr-input" type="month" id="mois" name="mois" value={month} />
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Afficher
        </button>
        <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/etablissements/${e.id}/paie.csv?mois=${month}`} download>
          Exporter pour la comptabilité (CSV)
        </a>
      </form>
      <p class="fr-text--lead">
        Brut total : {formatEuros(total)} pour {rows.length} personne{rows.length > 1 ? 's' : ''}.
      </p>
      {pending > 0 ? (
        <div class="fr-alert fr-alert--warning fr-mb-3w">
          <p>{formatHours(pending)} saisies ne sont pas encore validées : elles ne sont pas payées tant que leur semaine n’est pas validée.</p>
        </div>
      ) : null}
      {workshops.length > 0 ? (
        <Table id="paie-ateliers" caption="Par atelier">
          <thead>
            <tr>
              <th scope="col">Atelier</th>
              <th scope="col">Personnes</th>
              <th scope="col">Heures validées</th>
              <th scope="col">En attente</th>
              <th scope="col">Brut</th>
            </tr>
          </thead>
          <tbody>
            {workshops.map((w) => (
              <tr>
                <th scope="row">
                  <a href={`/ateliers/${w.workshopId}/pointage`}>{w.name}</a>
                </th>
                <td class="atelier-num">{w.people}</td>
                <td class="atelier-num">{formatHours(w.validatedMinutes)}</td>
                <td class="atelier-num">{w.pendingMinutes ? formatHours(w.pendingMinutes) : '—'}</td>
                <td class="atelier-num">{formatEuros(w.grossCents)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      <h2 class="fr-h5 fr-mt-4w">Par personne</h2>
      <p class="fr-text--sm">
        Brut = somme des minutes × (SMIC horaire brut du jour × plancher de la catégorie, ou taux du poste s’il est supérieur), arrondi au centime le plus
        proche une fois par personne et par mois.
      </p>
      {rows.length === 0 ? (
        <p>Aucun temps saisi ce mois-ci.</p>
      ) : (
        <Table id="paie" caption="Rémunérations">
          <thead>
            <tr>
              <th scope="col">Personne</th>
              <th scope="col">Heures validées</th>
              <th scope="col">En attente</th>
              <th scope="col">Formation</th>
              <th scope="col">Absences</th>
              <th scope="col">Taux horaire</th>
              <th scope="col">Brut</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  {r.detainee.fullName()} <span class="fr-hint-text">{r.detainee.prisonNumber}</span>
                </th>
                <td class="atelier-num">{formatHours(r.validatedMinutes)}</td>
                <td class="atelier-num">{r.pendingMinutes ? formatHours(r.pendingMinutes) : '—'}</td>
                <td class="atelier-num">{r.trainingMinutes ? formatHours(r.trainingMinutes) : '—'}</td>
                <td>
                  {Object.entries(r.absences)
                    .map(([code, n]) => `${n} j ${ABSENCE_CODES[code as AbsenceCode].toLowerCase()}`)
                    .join(', ') || '—'}
                </td>
                <td class="atelier-num">{r.rates.map(formatEuros).join(' / ') || '—'}</td>
                <td class="atelier-num">
                  <strong>{formatEuros(r.grossCents)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
