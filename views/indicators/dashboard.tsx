import type { Dashboard } from '../../src/indicators/dashboard.ts';
import { formatChange, formatIndicator } from '../../src/indicators/format.ts';
import { formatHours } from '../../src/platform/format.ts';
import type { DashboardReports } from '../../src/reports/service.ts';
import type { PrintedFigures } from '../../src/reports/suppression.ts';
import { Table } from '../components/inline.tsx';
import { DashboardReportsBlock as ReportsBlock } from '../reports/dashboard-block.tsx';
import { BarChart, LineChart } from './charts.tsx';

const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const shortMonth = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(2, 4)}`;
const percent = (v: number) => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(v)} %`;
/** Minutes to hours, so that the axis steps fall on round hours. */
const toHours = (m: number | null) => (m === null ? null : m / 60);
const count = (v: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(v);

function Charts({ d, masked }: { d: Dashboard; masked: PrintedFigures | null }) {
  const months = d.charts.months.map(shortMonth);
  // Masked bars are not drawn (their table cell reads « — »): a bar's height would give the count back.
  const shown = (key: string, b: { key: string; value: number }) => (masked?.masked(key, 'now', undefined, b.key) ? null : b.value);
  return (
    <section class="fr-mt-4w" aria-labelledby="graphiques">
      <h2 class="fr-h4" id="graphiques">
        En graphiques
      </h2>
      <div class="atelier-charts">
        <BarChart
          id="graphique-heures"
          title="Heures travaillées et heures de formation, par mois"
          categories={months}
          series={[
            { label: 'Heures travaillées', values: d.charts.worked.map(toHours) },
            { label: 'Heures de formation', values: d.charts.trained.map(toHours) },
          ]}
          format={(h) => formatHours(h * 60)}
        />
        <LineChart
          id="graphique-taux"
          title="Taux d’occupation des postes et taux d’accès au travail ou à la formation, par mois"
          categories={months}
          series={[
            { label: 'Taux d’occupation', values: d.charts.occupancy },
            { label: 'Taux d’accès (objectif 100 %)', values: d.charts.access },
          ]}
          format={percent}
          max={100}
        />
        {d.charts.endReasons.length > 0 ? (
          <BarChart
            id="graphique-fins"
            title={`Fins d’affectation par motif — ${d.period.label}`}
            categories={d.charts.endReasons.map((b) => b.label)}
            series={[{ label: 'Affectations terminées', values: d.charts.endReasons.map((b) => shown('flows.assignments_ended', b)) }]}
            format={count}
          />
        ) : (
          <p id="graphique-fins">Aucune affectation ne s’est terminée sur la période.</p>
        )}
        {d.charts.waits.length > 0 ? (
          <BarChart
            id="graphique-attente"
            title={`Attente entre l’avis de la CPU et l’affectation — ${d.period.label}`}
            categories={d.charts.waits.map((b) => b.label)}
            series={[{ label: 'Personnes affectées', values: d.charts.waits.map((b) => shown('flows.median_wait_days', b)) }]}
            format={count}
          />
        ) : null}
      </div>
    </section>
  );
}

/**
 * « Indicateurs » (issue 22 item 2, first part): the scope and period picker, then each family's
 * indicators with the previous period beside them, their breakdowns, and each one's definition
 * behind a disclosure (the methodology annex's words).
 */
export function DashboardPage({ d, reports, masked }: { d: Dashboard; reports?: DashboardReports | null; masked?: PrintedFigures | null }) {
  return (
    <>
      <h1>Indicateurs</h1>
      <p class="fr-text--lead">
        {d.scopeLabel} — {d.period.label}, comparé à {d.previous.label}.
      </p>
      <form method="get" action="/indicateurs" class="atelier-filters" id="choix-indicateurs">
        {d.workshops.length > 0 ? (
          <div class="fr-select-group">
            <label class="fr-label" for="atelier">
              Atelier
            </label>
            <select class="fr-select" id="atelier" name="atelier">
              <option value="">Tous vos ateliers</option>
              {d.workshops.map((w) => (
                <option value={String(w.id)} selected={d.asked.workshopId === w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div class="fr-select-group">
            <label class="fr-label" for="etablissement">
              Établissement
            </label>
            <select class="fr-select" id="etablissement" name="etablissement">
              <option value="">Tous vos établissements</option>
              {d.establishments.map((e) => (
                <option value={String(e.id)} selected={d.asked.establishmentId === e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="fr-input-group">
          <label class="fr-label" for="periode">
            Période
            <span class="fr-hint-text">Un mois (2026-10), un trimestre (2026-T3) ou une année (2026).</span>
          </label>
          <input class="fr-input" id="periode" name="periode" value={d.period.code} pattern="\d{4}(-(0[1-9]|1[0-2]|T[1-4]))?" />
        </div>
        <button class="fr-btn fr-btn--secondary" type="submit">
          Afficher
        </button>
      </form>
      {reports ? <ReportsBlock reports={reports} period={d.period} /> : null}
      {masked ? (
        <p class="fr-hint-text" id="indicateurs-masques">
          Chiffres pseudonymisés, comme dans les rapports partagés : un effectif de 1 à 4 personnes s’affiche « &lt; 5 », et une case qui permettrait de le
          recalculer est « masqué ».
        </p>
      ) : null}
      {d.families.length === 0 ? <p>Aucun indicateur n’est encore calculé.</p> : <Charts d={d} masked={masked ?? null} />}
      {d.families.map((f) => (
        <section class="fr-mt-4w" aria-labelledby={`famille-${f.family}`}>
          <h2 class="fr-h4" id={`famille-${f.family}`}>
            {f.label}
          </h2>
          <Table id={`indicateurs-${f.family}`} caption={f.label} columns={['Indicateur', d.period.label, d.previous.label, 'Évolution']}>
            <tbody>
              {f.rows.map(({ definition, value, previous }) => (
                <tr id={`indicateur-${definition.key.replace('.', '-')}`}>
                  <th scope="row">
                    {definition.label}
                    <details class="atelier-definition">
                      <summary>Définition</summary>
                      <p class="fr-text--sm fr-mb-0">{definition.formula}</p>
                      <p class="fr-text--sm fr-mb-0">{definition.scopeRule}</p>
                    </details>
                  </th>
                  <td class="atelier-num">
                    {masked ? masked.value(definition.key, 'now') : formatIndicator(definition.unit, value?.value ?? null)}
                    {value?.breakdown?.length ? (
                      <ul class="fr-text--sm fr-mb-0">
                        {value.breakdown.map((b) => (
                          <li>
                            {b.label} : {masked ? masked.line(definition.key, b.key, 'now') : formatIndicator(b.unit ?? definition.unit, b.value)}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {value?.skipped?.length ? <p class="fr-hint-text">{value.skipped.join(' ')}</p> : null}
                  </td>
                  <td class="atelier-num">{masked ? masked.value(definition.key, 'before') : formatIndicator(definition.unit, previous?.value ?? null)}</td>
                  <td class="atelier-num">
                    {masked ? masked.change(definition.key) : formatChange(definition.unit, value?.value ?? null, previous?.value ?? null)}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ))}
    </>
  );
}
