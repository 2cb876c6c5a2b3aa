import type { ReportingPeriod } from '../../src/indicators/periods.ts';
import type { DashboardReports } from '../../src/reports/service.ts';
import { CsrfField } from '../components/forms.tsx';
import { sizeLabel, statusLabel } from './status.tsx';

/** « Rapports d'évaluation » on the dashboard: the period's shared reports to download, and « Demander » for those who may ask. */
export function DashboardReportsBlock({ reports, period }: { reports: DashboardReports; period: ReportingPeriod }) {
  return (
    <section class="fr-mt-4w" aria-labelledby="rapports-evaluation" id="rapports-periode">
      <h2 class="fr-h4" id="rapports-evaluation">
        Rapports d’évaluation
      </h2>
      {reports.reports.length === 0 ? (
        <p>Aucun rapport partagé pour {period.label}.</p>
      ) : (
        <ul>
          {reports.reports.map((r) => (
            <li>
              <a href={`/rapports/${r.id}/rapport.pdf`} download>
                {r.establishment}, {r.period.label}, version {r.version} (PDF, {sizeLabel(r.pdfSize)})
              </a>{' '}
              <span class="fr-hint-text">{statusLabel(r)}</span> <a href={`/rapports/${r.id}`}>Détails</a>
            </li>
          ))}
        </ul>
      )}
      {reports.askFor !== null ? (
        <form method="post" action="/rapports" id="demande-rapport-periode">
          <CsrfField />
          <input type="hidden" name="etablissement" value={String(reports.askFor)} />
          <input type="hidden" name="periode" value={period.code} />
          <button class="fr-btn fr-btn--secondary" type="submit">
            Demander le rapport d’évaluation de cette période
          </button>
        </form>
      ) : null}
      <p>
        <a href="/rapports">Tous les rapports d’évaluation</a>
      </p>
    </section>
  );
}
