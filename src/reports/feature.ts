import { parsePeriod } from '../indicators/periods.ts';
import type { Feature } from '../platform/feature.ts';
import { EvaluationReport, EvaluationReportComment } from './entities.ts';
import { reportRoutes } from './routes.tsx';

/** The « Rapport d'évaluation »: asked for, generated as a job, reviewed, shared with the committee and then frozen (issue 22, items 3 to 5). */
export const reportsFeature: Feature = {
  name: 'reports',
  entities: [EvaluationReport, EvaluationReportComment],
  menu: [{ href: '/rapports', label: 'Rapports', roles: ['admin', 'coordinator', 'committee'] }],
  routes: [{ path: '/rapports', app: reportRoutes }],
  constraints: {
    evaluation_report_one_pending: { message: 'Un rapport de cette période est déjà en cours de génération.' },
    evaluation_report_unique_version: { message: 'Cette version du rapport existe déjà : demandez-le à nouveau.' },
    evaluation_report_comment_unique: { message: 'Cette partie a déjà un commentaire : rechargez la page.' },
  },
  audited: {
    evaluation_report: {
      label: 'Rapport d’évaluation',
      columns: {
        establishment_id: 'Établissement',
        period: 'Période',
        period_from: 'Du',
        period_to: 'Au',
        version: 'Version',
        status: 'État',
        attempts: 'Tentatives de génération',
        error: 'Erreur',
        requested_by_id: 'Demandé par',
        requested_at: 'Demandé le',
        generated_at: 'Généré le',
        data_version: 'Version des données',
        figures_sha256: 'Empreinte SHA-256 des chiffres',
        pdf_sha256: 'Empreinte SHA-256 du PDF',
        shared_by_id: 'Partagé par',
        shared_at: 'Partagé le',
      },
      values: {
        status: { queued: 'En attente', running: 'En cours', failed: 'Échec', draft: 'Brouillon à relire', shared: 'Partagé' },
      },
      kinds: { period_from: 'day', period_to: 'day', requested_at: 'instant', generated_at: 'instant', shared_at: 'instant' },
      references: { establishment_id: 'establishment', requested_by_id: 'app_user', shared_by_id: 'app_user' },
      naming: {
        select: `t.period, t.version, (select e.name from establishment e where e.id = t.establishment_id) as establishment`,
        text: (r) => `${r.establishment}, ${parsePeriod(String(r.period))?.label ?? r.period}, version ${r.version}`,
        href: (r) => `/rapports/${r.id}`,
      },
    },
    evaluation_report_comment: {
      label: 'Commentaire de relecture d’un rapport d’évaluation',
      columns: { report_id: 'Rapport', section: 'Partie', body: 'Commentaire', author_id: 'Auteur', updated_at: 'Modifié le' },
      kinds: { updated_at: 'instant' },
      references: { report_id: 'evaluation_report', author_id: 'app_user' },
    },
  },
};
