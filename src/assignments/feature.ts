import type { Feature } from '../platform/feature.ts';
import { PAY_CATEGORY_LABELS } from '../workshops/rules.ts';
import { Assignment, END_REASON_LABELS, ENROLLMENT_STATUS_LABELS, Enrollment, SUSPENSION_REASON_LABELS, Suspension } from './entities.ts';
import { assignmentRoutes } from './routes.tsx';

export const assignmentsFeature: Feature = {
  name: 'assignments',
  entities: [Assignment, Suspension, Enrollment],
  audited: {
    assignment: {
      label: 'Affectation',
      columns: {
        establishment_id: 'Établissement',
        detainee_id: 'Personne',
        post_id: 'Poste',
        contract_reference: 'Contrat',
        starts_on: 'Début',
        contract_ends_on: 'Fin du contrat',
        trial_ends_on: 'Fin de la période d’essai',
        trial_change_reason: 'Motif du changement d’essai',
        weekly_minutes: 'Durée par semaine',
        pay_category: 'Catégorie de rémunération',
        pay_basis_points: 'Taux du poste (part du SMIC)',
        ended_on: 'Fin',
        end_reason: 'Motif de fin',
      },
      values: { pay_category: PAY_CATEGORY_LABELS, end_reason: END_REASON_LABELS },
      kinds: { weekly_minutes: 'minutes', pay_basis_points: 'basisPoints' },
      references: { establishment_id: 'establishment', detainee_id: 'detainee', post_id: 'post' },
      naming: {
        select: `t.detainee_id, (select concat(upper(d.last_name), ' ', d.first_name) from detainee d where d.id = t.detainee_id) as person,
          (select p.code from post p where p.id = t.post_id) as post`,
        text: (r) => `${r.person}, poste ${r.post}`,
        href: (r) => `/personnes/${r.detainee_id}`,
      },
    },
    assignment_suspension: {
      label: 'Suspension',
      columns: { establishment_id: 'Établissement', assignment_id: 'Affectation', starts_on: 'Début', ends_on: 'Fin', reason: 'Motif' },
      values: { reason: SUSPENSION_REASON_LABELS },
      references: { establishment_id: 'establishment', assignment_id: 'assignment' },
    },
    enrollment: {
      label: 'Inscription en formation',
      columns: {
        establishment_id: 'Établissement',
        detainee_id: 'Personne',
        session_id: 'Session',
        starts_on: 'Début',
        status: 'État',
        ended_on: 'Fin',
        certified: 'Certification obtenue',
        drop_reason: 'Motif d’abandon',
      },
      values: { status: ENROLLMENT_STATUS_LABELS },
      references: { establishment_id: 'establishment', detainee_id: 'detainee', session_id: 'training_session' },
      naming: {
        select: `t.detainee_id, (select concat(upper(d.last_name), ' ', d.first_name) from detainee d where d.id = t.detainee_id) as person,
          (select p.title from training_session s join training_programme p on p.id = s.programme_id where s.id = t.session_id) as title`,
        text: (r) => `${r.person}, ${r.title}`,
        href: (r) => `/personnes/${r.detainee_id}`,
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
  establishmentSections: [
    { key: 'tableau', path: 'tableau', label: 'Tableau des affectations' },
    { key: 'sans-activite', path: 'sans-activite', label: 'Sans activité' },
  ],
  routes: [{ path: '/', app: assignmentRoutes }],
};
