import { formatDateTime, formatNumber } from '../../src/platform/format.ts';
import type { ReportRow } from '../../src/reports/service.ts';

/** « En attente », « En cours : Calcul par atelier (35 %) », « Échec », « Brouillon à relire », « Partagé le … par … ». */
export function statusLabel(r: ReportRow): string {
  switch (r.status) {
    case 'queued':
      // A step while queued: a try failed, the next one comes by itself.
      return r.step ? 'En attente d’une nouvelle tentative' : 'En attente';
    case 'running':
      return `En cours : ${r.step || 'Préparation'} (${formatNumber(r.progress)} %)`;
    case 'failed':
      return 'Échec';
    case 'draft':
      return 'Brouillon à relire';
    case 'shared':
      return `Partagé le ${r.sharedAt ? formatDateTime(r.sharedAt) : ''} par ${r.sharedBy ?? ''}`;
  }
}

const BADGES: Record<ReportRow['status'], string> = { queued: 'info', running: 'info', failed: 'error', draft: 'warning', shared: 'success' };

export function StatusBadge({ report }: { report: ReportRow }) {
  return <span class={`fr-badge fr-badge--sm fr-badge--no-icon fr-badge--${BADGES[report.status]}`}>{statusLabel(report)}</span>;
}

/** « rapport-….pdf, 182 Ko »: what the download link says about the file. */
export function sizeLabel(bytes: number | null): string {
  if (bytes === null) return '';
  return bytes < 1024 * 1024
    ? `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} Ko`
    : `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} Mo`;
}
