import { formatDateTime, formatDay, formatNumber } from '../../src/platform/format.ts';
import { REPORT_SECTIONS } from '../../src/reports/report-data.ts';
import { isStalled, type ReportComment, type ReportRights, type ReportRow } from '../../src/reports/service.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField } from '../components/forms.tsx';
import { Notice } from '../components/inline.tsx';
import { StatusBadge, sizeLabel, statusLabel } from './status.tsx';

/** A refused action shown on the page: a comment too long (next to its field), or a report that no longer changes. */
export interface ReportProblem {
  message: string;
  section?: string;
  body?: string;
}

export interface ReportPageProps {
  report: ReportRow;
  comments: ReportComment[];
  rights: ReportRights;
  problem?: ReportProblem;
  /** « Partager avec le comité »'s confirmation step. */
  confirmShare?: boolean;
}

export const reportTitle = (r: ReportRow) => `Rapport d’évaluation — ${r.establishment}, ${r.period.label} (version ${r.version})`;

/** One report: its progress while generated, its error, its review as a draft, or its frozen record once shared. */
export function ReportPage({ report, comments, rights, problem, confirmShare }: ReportPageProps) {
  return (
    <>
      <Breadcrumb items={[{ href: '/rapports', label: 'Rapports d’évaluation' }, { label: `${report.establishment}, ${report.period.label}` }]} />
      <h1>{reportTitle(report)}</h1>
      {problem && (!problem.section || report.status !== 'draft' || !rights.review) ? <Notice kind="error">{problem.message}</Notice> : null}
      {report.status === 'queued' || report.status === 'running' ? <ProgressBlock report={report} /> : null}
      {report.status === 'failed' || isStalled(report) ? <FailedBlock report={report} rights={rights} /> : null}
      {report.status === 'draft' ? <DraftBlock report={report} comments={comments} rights={rights} problem={problem} confirmShare={confirmShare} /> : null}
      {report.status === 'shared' ? <SharedBlock report={report} comments={comments} /> : null}
    </>
  );
}

/**
 * The generation's progress, polled every second by htmx while the job runs (the answer keeps
 * the trigger); once done, the answer has no trigger and the page reloads to show the review.
 * Without JavaScript, « Rafraîchir » reloads it by hand.
 */
export function ProgressBlock({ report }: { report: ReportRow }) {
  const pending = report.status === 'queued' || report.status === 'running';
  const url = `/rapports/${report.id}/avancement`;
  // Queued with a step: a try failed and the queue retries it (src/reports/generate.ts).
  const step = report.status === 'queued' ? report.step || 'En attente de démarrage' : statusLabel(report).replace(/^En cours : /, '');
  return (
    <div
      id="avancement"
      class="fr-mb-4w"
      hx-get={pending ? url : undefined}
      hx-trigger={pending ? 'every 1s' : undefined}
      hx-swap={pending ? 'outerHTML' : undefined}
    >
      <h2 class="fr-h5">Génération du rapport</h2>
      <label for="progression-rapport" class="fr-label">
        Avancement
      </label>
      <progress id="progression-rapport" class="atelier-progress" max={100} value={pending ? report.progress : 100}>
        {formatNumber(report.progress)} %
      </progress>
      <p aria-live="polite" id="etape-rapport">
        {pending ? step : statusLabel(report)}
      </p>
      <p class="fr-hint-text">
        La page se met à jour toute seule. <a href={`/rapports/${report.id}`}>Rafraîchir</a>
      </p>
    </div>
  );
}

function FailedBlock({ report, rights }: { report: ReportRow; rights: ReportRights }) {
  return (
    <div id="echec" class="fr-mb-4w">
      <Notice kind="error">
        {report.status === 'running' ? 'La génération ne progresse plus depuis plus de 15 minutes : relancez-la.' : report.error || 'La génération a échoué.'}
      </Notice>
      {rights.retry ? (
        <form method="post" action={`/rapports/${report.id}/relance`}>
          <CsrfField />
          <button class="fr-btn" type="submit">
            Relancer
          </button>
        </form>
      ) : null}
    </div>
  );
}

function PdfLink({ report, label }: { report: ReportRow; label: string }) {
  return (
    <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/rapports/${report.id}/rapport.pdf`} download id="lien-pdf">
      {label} (PDF, {sizeLabel(report.pdfSize)})
    </a>
  );
}

function DraftBlock({ report, comments, rights, problem, confirmShare }: Omit<ReportPageProps, 'problem'> & { problem?: ReportProblem }) {
  return (
    <div id="relecture">
      <p>
        <StatusBadge report={report} /> Généré le {report.generatedAt ? formatDateTime(report.generatedAt) : ''} à la demande de {report.requestedBy}.
      </p>
      <p>
        <PdfLink report={report} label="Lire le brouillon" />
      </p>
      <p>
        Relisez le brouillon, puis ajoutez si besoin un commentaire à chaque partie : il sera imprimé en tête de la partie dans le rapport partagé. Un
        commentaire vidé est retiré. Le rapport est pseudonymisé : n’y nommez aucune personne détenue.
      </p>
      {REPORT_SECTIONS.map((s) => {
        const comment = comments.find((c) => c.section === s.key);
        const mine = problem?.section === s.key;
        const id = `commentaire-${s.key}`;
        return (
          <section id={`partie-${s.key}`} class="fr-mb-3w" aria-labelledby={`titre-${s.key}`}>
            <h2 class="fr-h5" id={`titre-${s.key}`}>
              {s.label}
            </h2>
            {rights.review ? (
              <form method="post" action={`/rapports/${report.id}/commentaires/${s.key}`}>
                <CsrfField />
                <div class={`fr-input-group${mine ? ' fr-input-group--error' : ''}`}>
                  <label class="fr-label" for={id}>
                    Commentaire sur « {s.label} »
                    <span class="fr-hint-text">
                      2 000 caractères au plus.{comment ? ` Écrit par ${comment.author} le ${formatDateTime(comment.updatedAt)}.` : ''}
                    </span>
                  </label>
                  <textarea
                    class={`fr-input${mine ? ' fr-input--error' : ''}`}
                    id={id}
                    name="commentaire"
                    rows={3}
                    maxlength={2000}
                    aria-invalid={mine ? 'true' : undefined}
                    aria-describedby={mine ? `${id}-erreur` : undefined}
                  >
                    {mine ? (problem?.body ?? '') : (comment?.body ?? '')}
                  </textarea>
                  {mine ? (
                    <p class="fr-error-text" id={`${id}-erreur`}>
                      {problem?.message}
                    </p>
                  ) : null}
                </div>
                <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">
                  Enregistrer le commentaire
                </button>
              </form>
            ) : (
              <ReadOnlyComment comment={comment} />
            )}
          </section>
        );
      })}
      {rights.review ? <ShareBlock report={report} confirm={confirmShare} /> : null}
    </div>
  );
}

function ShareBlock({ report, confirm }: { report: ReportRow; confirm?: boolean }) {
  if (!confirm) {
    return (
      <p id="partage">
        <a class="fr-btn" href={`/rapports/${report.id}/partage#partage`}>
          Partager avec le comité
        </a>
      </p>
    );
  }
  return (
    <div id="partage" class="fr-callout fr-mb-4w">
      <h2 class="fr-callout__title fr-h5">Partager ce rapport avec le comité ?</h2>
      <p class="fr-callout__text">
        Le rapport sera figé avec ses commentaires : ni ses chiffres, ni son PDF, ni ses commentaires ne pourront plus changer. Une nouvelle version pourra
        toujours être demandée.
      </p>
      <form method="post" action={`/rapports/${report.id}/partage`} class="atelier-inline-form">
        <CsrfField />
        <button class="fr-btn" type="submit">
          Partager avec le comité
        </button>
      </form>{' '}
      <a class="fr-btn fr-btn--secondary" href={`/rapports/${report.id}`}>
        Annuler
      </a>
    </div>
  );
}

function ReadOnlyComment({ comment }: { comment: ReportComment | undefined }) {
  if (!comment) return <p class="fr-hint-text">Aucun commentaire.</p>;
  return (
    <blockquote class="atelier-comment">
      <p class="atelier-pre">{comment.body}</p>
      <p class="fr-hint-text">
        {comment.author}, le {formatDateTime(comment.updatedAt)}
      </p>
    </blockquote>
  );
}

function SharedBlock({ report, comments }: { report: ReportRow; comments: ReportComment[] }) {
  const rows: Array<[string, string]> = [
    ['Établissement', report.establishment],
    ['Période', `${report.period.label} (du ${formatDay(report.period.from)} au ${formatDay(report.period.to)})`],
    ['Version', String(report.version)],
    ['Version des données', report.dataVersion ?? ''],
    ['Demandé par', `${report.requestedBy}, le ${formatDateTime(report.requestedAt)}`],
    ['Généré le', report.generatedAt ? formatDateTime(report.generatedAt) : ''],
    ['Partagé', `le ${report.sharedAt ? formatDateTime(report.sharedAt) : ''} par ${report.sharedBy ?? ''}`],
    ['Taille', sizeLabel(report.pdfSize)],
  ];
  return (
    <div id="partage-fige">
      <Notice kind="info">Ce rapport est partagé avec le comité : il est figé, le fichier servi est exactement celui enregistré au partage.</Notice>
      <dl class="atelier-facts" id="parametres">
        {rows.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
        <dt>Empreinte SHA-256 du PDF</dt>
        <dd>
          <code class="atelier-hash" id="empreinte">
            {report.pdfSha256}
          </code>
        </dd>
      </dl>
      <p class="fr-mt-3w">
        <PdfLink report={report} label="Télécharger le rapport" />
      </p>
      <h2 class="fr-h4">Commentaires de la relecture</h2>
      {REPORT_SECTIONS.map((s) => (
        <section id={`partie-${s.key}`} aria-labelledby={`titre-${s.key}`}>
          <h3 class="fr-h6" id={`titre-${s.key}`}>
            {s.label}
          </h3>
          <ReadOnlyComment comment={comments.find((c) => c.section === s.key)} />
        </section>
      ))}
    </div>
  );
}
