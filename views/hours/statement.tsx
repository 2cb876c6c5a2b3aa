import type { Establishment } from '../../src/establishments/entities.ts';
import { formatRate, type OutOfContractEntry, type StatementRow, type WorkshopTotal } from '../../src/hours/pay.ts';
import type { PayLineKey } from '../../src/hours/pay-rules.ts';
import { mondayOf } from '../../src/platform/calendar.ts';
import { formatDay, formatEuros, formatHours, lowerFirst } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Table } from '../components/inline.tsx';
import { EstablishmentNav } from '../components/setup-nav.tsx';

export function StatementPage({
  establishment: e,
  month,
  rows,
  workshops,
  outOfContract,
  absenceLabels,
  lines,
}: {
  establishment: Establishment;
  month: string;
  rows: StatementRow[];
  workshops: WorkshopTotal[];
  outOfContract: OutOfContractEntry[];
  absenceLabels: Record<string, string>;
  lines: ReadonlyArray<{ key: PayLineKey; label: string }>;
}) {
  const total = rows.reduce((n, r) => n + r.grossCents, 0);
  const pending = rows.reduce((n, r) => n + r.pendingMinutes, 0);
  const pendingLeave = rows.reduce((n, r) => n + r.pendingLeaveMinutes, 0);
  return (
    <>
      <Breadcrumb
        items={[{ href: '/etablissements', label: 'Établissements' }, { href: `/etablissements/${e.id}`, label: e.name }, { label: 'Rémunérations' }]}
      />
      <h1>Rémunérations du mois</h1>
      <EstablishmentNav establishment={e} current="paie" />
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
      {pendingLeave > 0 ? (
        <div class="fr-alert fr-alert--warning fr-mb-3w" id="conges-en-attente">
          <p>
            {formatHours(pendingLeave)} de congé approuvé tombent dans des semaines pas encore validées : elles seront payées une fois leur semaine validée.
          </p>
        </div>
      ) : null}
      {workshops.length > 0 ? (
        <Table id="paie-ateliers" caption="Par atelier" columns={['Atelier', 'Personnes', 'Heures validées', 'En attente', 'Brut']}>
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
        Brut = somme des minutes × (SMIC horaire brut du jour × plancher de la catégorie, ou taux du poste s’il est supérieur) × (100 % + majoration), arrondi
        au centime le plus proche une fois par personne et par mois. Majorations par semaine civile, tous contrats de la personne confondus : heures
        supplémentaires à +25 % puis +50 % (code pénitentiaire, art. R412-54), heures complémentaires à +10 % puis +25 % (art. R412-56) ; le travail du 1er mai
        ajoute une indemnité égale à sa rémunération (art. R412-62). Seul le temps compris dans le contrat, hors suspension et avant la sortie, est payé.
      </p>
      <p class="fr-text--sm">
        Congés payés : chaque jour ouvré de congé approuvé, dans une semaine validée, paie la journée du contrat (heures hebdomadaires ÷ 5, la moitié pour une
        demi-journée) au taux fixé par la politique de congés (par exemple 100 %) du taux horaire moyen du mois précédent : brut exact des heures travaillées
        validées de ce mois-là dans l’établissement (heures normales et majorées) divisé par ces heures ; sans travail ce mois-là, le taux du contrat. Le solde
        de congés réglé à la sortie, quand la politique le paie, est payé de la même façon sur la journée du dernier contrat.
      </p>
      {rows.length === 0 ? (
        <p>Aucun temps saisi ce mois-ci.</p>
      ) : (
        <Table
          id="paie"
          caption="Rémunérations"
          columns={['Personne', 'Heures validées', 'En attente', 'Formation', 'Hors contrat', 'Absences', 'Taux horaire', 'Brut']}
        >
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  {r.detainee.fullName()} <span class="fr-hint-text">{r.detainee.prisonNumber}</span>
                </th>
                <td class="atelier-num">{formatHours(r.validatedMinutes)}</td>
                <td class="atelier-num">{r.pendingMinutes ? formatHours(r.pendingMinutes) : '—'}</td>
                <td class="atelier-num">{r.trainingMinutes ? formatHours(r.trainingMinutes) : '—'}</td>
                <td class="atelier-num">{r.outOfContractMinutes ? <a href="#heures-hors-contrat">{formatHours(r.outOfContractMinutes)}</a> : '—'}</td>
                <td>
                  {Object.entries(r.absences)
                    .map(([code, n]) => `${n} j ${lowerFirst(absenceLabels[code] ?? code)}`)
                    .join(', ') || '—'}
                </td>
                <td class="atelier-num">{r.rates.map((rate) => `${formatRate(rate)} €`).join(' / ') || '—'}</td>
                <td class="atelier-num">
                  <strong>{formatEuros(r.grossCents)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {rows.length > 0 ? (
        <Table id="paie-lignes" caption="Détail par personne : une ligne par taux" columns={['Personne', 'Ligne', 'Heures', 'Montant']}>
          <tbody>
            {rows.flatMap((r) => [
              ...lines
                .filter(({ key }) => (r.lines[key]?.minutes ?? 0) !== 0)
                .map(({ key, label }) => (
                  <tr data-personne={r.detainee.prisonNumber} data-ligne={key}>
                    <th scope="row">{r.detainee.fullName()}</th>
                    <td>
                      {label}
                      {r.leaveDetails
                        .filter((d) => d.line === key)
                        .map((d) => (
                          <span class="fr-hint-text atelier-pay-detail">{d.text}</span>
                        ))}
                    </td>
                    <td class="atelier-num">{formatHours(r.lines[key]?.minutes ?? 0)}</td>
                    <td class="atelier-num">{formatEuros(r.lines[key]?.cents ?? 0)}</td>
                  </tr>
                )),
              <tr data-personne={r.detainee.prisonNumber} data-ligne="total">
                <th scope="row">{r.detainee.fullName()}</th>
                <td>
                  <strong>Total</strong> <span class="fr-hint-text">somme exacte arrondie une fois</span>
                </td>
                <td class="atelier-num">—</td>
                <td class="atelier-num">
                  <strong>{formatEuros(r.grossCents)}</strong>
                </td>
              </tr>,
            ])}
          </tbody>
        </Table>
      ) : null}
      <h2 class="fr-h5 fr-mt-4w" id="heures-hors-contrat">
        Heures hors contrat
      </h2>
      {outOfContract.length === 0 ? (
        <p>Aucune heure saisie hors contrat ce mois-ci.</p>
      ) : (
        <>
          <p class="fr-text--sm">
            Ces heures ont été saisies un jour où la personne n’était pas sous contrat (fin, suspension, libération ou transfert enregistrés ensuite) : elles ne
            sont pas payées. Corrigez-les par un ajustement dans la semaine concernée.
          </p>
          <Table id="hors-contrat" caption="Heures hors contrat, non payées" columns={['Personne', 'Jour', 'Atelier', 'Heures', 'Semaine']}>
            <tbody>
              {outOfContract.map((o) => (
                <tr>
                  <th scope="row">
                    {o.detainee.fullName()} <span class="fr-hint-text">{o.detainee.prisonNumber}</span>
                  </th>
                  <td>{formatDay(o.day)}</td>
                  <td>{o.workshop}</td>
                  <td class="atelier-num">{formatHours(o.minutes)}</td>
                  <td>
                    <a href={`/ateliers/${o.workshopId}/pointage?semaine=${mondayOf(o.day)}`}>
                      Semaine du {formatDay(mondayOf(o.day))}
                      {o.validated ? ' (validée)' : ''}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </>
  );
}
