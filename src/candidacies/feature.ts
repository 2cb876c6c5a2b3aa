import type { Feature } from '../platform/feature.ts';
import { Candidacy } from './entities.ts';

export const candidaciesFeature: Feature = {
  name: 'candidacies',
  entities: [Candidacy],
  audited: {
    candidacy: {
      label: 'Candidature',
      columns: {
        establishment_id: 'Établissement (n°)',
        detainee_id: 'Personne (n°)',
        target: 'Demande',
        workshop_id: 'Atelier (n°)',
        post_id: 'Poste (n°)',
        session_id: 'Session (n°)',
        status: 'État',
        cpu_opinion: 'Avis de la CPU',
        cpu_on: 'Date de la CPU',
        pinned_rank: 'Rang choisi',
        pinned_reason: 'Motif du rang',
        closed_on: 'Close le',
      },
    },
  },
};
