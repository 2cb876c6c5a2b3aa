import type { Feature } from '../platform/feature.ts';
import { PAY_CATEGORY_LABELS } from '../workshops/rules.ts';
import { Assignment, Enrollment, Suspension } from './entities.ts';
import { assignmentRoutes } from './routes.tsx';

export const assignmentsFeature: Feature = {
  name: 'assignments',
  entities: [Assignment, Suspension, Enrollment],
  audited: {
    assignment: {
      label: 'Affectation',
      columns: {
        establishment_id: 'Établissement (n°)',
        detainee_id: 'Personne (n°)',
        post_id: 'Poste (n°)',
        contract_reference: 'Contrat',
        starts_on: 'Début',
        contract_ends_on: 'Fin du contrat',
        trial_ends_on: 'Fin de la période d’essai',
        trial_change_reason: 'Motif du changement d’essai',
        weekly_minutes: 'Minutes par semaine',
        pay_category: 'Catégorie de rémunération',
        pay_basis_points: 'Taux du poste (points de base)',
        ended_on: 'Fin',
        end_reason: 'Motif de fin',
      },
      values: { pay_category: PAY_CATEGORY_LABELS },
    },
    assignment_suspension: {
      label: 'Suspension',
      columns: { establishment_id: 'Établissement (n°)', assignment_id: 'Affectation (n°)', starts_on: 'Début', ends_on: 'Fin', reason: 'Motif' },
    },
    enrollment: {
      label: 'Inscription en formation',
      columns: {
        establishment_id: 'Établissement (n°)',
        detainee_id: 'Personne (n°)',
        session_id: 'Session (n°)',
        starts_on: 'Début',
        status: 'État',
        ended_on: 'Fin',
        certified: 'Certification obtenue',
        drop_reason: 'Motif d’abandon',
      },
    },
  },
  constraints: {
    assignment_post_overlap: {
      message: 'Ce poste est déjà occupé par une autre personne sur ces dates : choisissez un poste vacant ou une autre date de début.',
      field: 'postId',
    },
    suspension_overlap: { message: 'Une suspension couvre déjà ces dates pour cette affectation.', field: 'startsOn' },
    enrollment_once_per_session: { message: 'Cette personne est déjà inscrite à cette session.', field: 'sessionId' },
  },
  establishmentSections: [{ key: 'tableau', path: 'tableau', label: 'Tableau des affectations' }],
  routes: [{ path: '/', app: assignmentRoutes }],
};
