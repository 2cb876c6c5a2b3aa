import type { ReportingPeriod } from '../../src/indicators/periods.ts';
import { formatNumber } from '../../src/platform/format.ts';
import { REPORT_STATUSES } from '../../src/reports/entities.ts';
import { REPORT_LIST_LIMIT, type ReportFilters, type ReportRow } from '../../src/reports/service.ts';
import { CsrfField, type Errors, FormErrorSummary, SelectField, type Values } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';
import { sizeLabel, statusLabel } from './status.tsx';

const STATUS_FILTERS: Record<(typeof REPORT_STATUSES)[number], string> = {
  queued: 'En attente',
  running: 'En cours',
  failed: 'Échec',
  draft: 'Brouillon à relire',
  shared: 'Partagé',
};

export interface ListPageProps {
  reports: ReportRow[];
  /** More reports than the list shows (REPORT_LIST_LIMIT): the filters narrow it. */
  more?: boolean;
  filters: ReportFilters;
  /** The establishments the caller may filter by and ask for. */
  establishments: Array<{ id: number; name: string }>;
  periods: { months: ReportingPeriod[]; quarters: ReportingPeriod[]; years: ReportingPeriod[]; default: ReportingPeriod };
  canAsk: boolean;
  viewerId: number;
  committee: boolean;
  values?: Values;
  errors?: Errors;
}

/** « Rapports d'évaluation »: the reports the caller reads, newest first, and the form to ask for one. */
export function ReportListPage(p: ListPageProps) {
  return (
    <>
      <h1>Rapports d’évaluation</h1>
      <p class="fr-text--lead">
        Chaque rapport est généré en brouillon, relu par la coordination de l’établissement, puis partagé avec le comité : il ne change plus ensuite.
      </p>
      {p.canAsk ? <RequestForm {...p} /> : null}
      <form method="get" action="/rapports" class="atelier-filters" id="filtres-rapports">
        <div class="fr-select-group">
          <label class="fr-label" for="filtre-etablissement">
            Établissement
          </label>
          <select class="fr-select" id="filtre-etablissement" name="etablissement">
            <option value="">Tous</option>
            {p.establishments.map((e) => (
              <option value={String(e.id)} selected={p.filters.etablissement === e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="filtre-statut">
            État
          </label>
          <select class="fr-select" id="filtre-statut" name="statut">
            <option value="">Tous</option>
            {REPORT_STATUSES.map((s) => (
              <option value={s} selected={p.filters.statut === s}>
                {STATUS_FILTERS[s]}
              </option>
            ))}
          </select>
        </div>
        <button class="fr-btn fr-btn--secondary" type="submit">
          Filtrer
        </button>
      </form>
      {p.reports.length === 0 ? (
        <p id="rapports-vide">Aucun rapport ne correspond.</p>
      ) : (
        <Table id="rapports" caption="Rapports d’évaluation" columns={['Établissement', 'Période', 'Version', 'État', 'Demandé par', 'Liens']}>
          <tbody>
            {p.reports.map((r) => (
              <tr id={`rapport-${r.id}`}>
                <td class="atelier-wrap">{r.establishment}</td>
                <td>{r.period.label}</td>
                <td class="atelier-num">{r.version}</td>
                <td class="atelier-wrap">
                  {statusLabel(r)}
                  {p.committee && r.status !== 'shared' && r.requestedById === p.viewerId ? (
                    <p class="fr-hint-text fr-mb-0">Votre demande, pas encore partagée</p>
                  ) : null}
                </td>
                <td class="atelier-wrap">{r.requestedBy}</td>
                <td>
                  <a href={`/rapports/${r.id}`}>Ouvrir</a>
                  {r.pdfSha256 ? (
                    <>
                      <br />
                      <a href={`/rapports/${r.id}/rapport.pdf`} download>
                        PDF ({sizeLabel(r.pdfSize)})
                      </a>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {p.more ? (
        <p class="fr-hint-text" id="rapports-suite">
          Seuls les {formatNumber(REPORT_LIST_LIMIT)} rapports les plus récents sont affichés : choisissez un établissement ou un état pour voir les autres.
        </p>
      ) : null}
    </>
  );
}

function RequestForm(p: ListPageProps) {
  const values = p.values ?? { periode: p.periods.default.code, etablissement: p.establishments.length === 1 ? String(p.establishments[0]?.id) : '' };
  const errors = p.errors ?? {};
  const options = (list: ReportingPeriod[]) => list.map((x) => [x.code, x.label] as const);
  return (
    <section class="fr-mb-4w" aria-labelledby="demande-titre">
      <h2 class="fr-h4" id="demande-titre">
        Demander un rapport d’évaluation
      </h2>
      <FormErrorSummary errors={errors} />
      <form method="post" action="/rapports" id="demande-rapport" class="atelier-filters">
        <CsrfField />
        <SelectField
          name="etablissement"
          label="Établissement"
          values={values}
          errors={errors}
          required
          options={p.establishments.map((e) => [String(e.id), e.name] as const)}
        />
        <SelectField
          name="periode"
          label="Période"
          values={values}
          errors={errors}
          required
          options={[]}
          groups={[
            { label: 'Trimestres', options: options(p.periods.quarters) },
            { label: 'Mois', options: options(p.periods.months) },
            { label: 'Années', options: options(p.periods.years) },
          ]}
        />
        <button class="fr-btn" type="submit">
          Demander le rapport
        </button>
      </form>
      <p class="fr-hint-text">La génération prend quelques secondes : la page du rapport en montre l’avancement.</p>
    </section>
  );
}
