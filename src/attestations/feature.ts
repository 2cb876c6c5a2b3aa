import type { Feature } from '../platform/feature.ts';
import { AssignmentSkill, Attestation } from './entities.ts';
import { attestationRoutes } from './routes.tsx';

/** The « Attestation de travail et de formation » and the skills workshops note (issue 22, item 6). */
export const attestationsFeature: Feature = {
  name: 'attestations',
  entities: [AssignmentSkill, Attestation],
  routes: [{ path: '/', app: attestationRoutes }],
  constraints: {
    assignment_skill_unique: { field: 'label', message: 'Cette compétence est déjà notée pour cette affectation.' },
    assignment_skill_label: { field: 'label', message: 'Écrivez la compétence en 2 à 120 caractères, sans caractère de contrôle.' },
  },
  audited: {
    assignment_skill: {
      label: 'Compétence observée',
      columns: { assignment_id: 'Affectation', label: 'Compétence', noted_on: 'Notée le', noted_by_id: 'Notée par' },
      kinds: { noted_on: 'day' },
      references: { assignment_id: 'assignment', noted_by_id: 'app_user' },
    },
    attestation: {
      label: 'Attestation de travail et de formation',
      columns: { detainee_id: 'Personne', issued_by_id: 'Délivrée par', issued_at: 'Délivrée le', sha256: 'Empreinte SHA-256' },
      kinds: { issued_at: 'instant' },
      references: { detainee_id: 'detainee', issued_by_id: 'app_user' },
    },
  },
};
