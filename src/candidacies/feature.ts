import type { Feature } from '../platform/feature.ts';
import { CANDIDACY_STATUS_LABELS, Candidacy, PROPOSER_LABELS } from './entities.ts';
import { proposalRoutes } from './proposal-routes.tsx';

export const candidaciesFeature: Feature = {
  name: 'candidacies',
  entities: [Candidacy],
  audited: {
    candidacy: {
      label: 'Candidature',
      columns: {
        establishment_id: 'Établissement',
        detainee_id: 'Personne',
        target: 'Demande',
        workshop_id: 'Atelier',
        post_id: 'Poste',
        session_id: 'Session',
        proposed_by: 'Proposée par',
        status: 'État',
        cpu_opinion: 'Avis de la CPU',
        cpu_on: 'Date de la CPU',
        pinned_rank: 'Rang choisi',
        pinned_reason: 'Motif du rang',
        closed_on: 'Close le',
      },
      values: {
        target: { workshop: 'Un atelier', post: 'Un poste', session: 'Une session de formation' },
        proposed_by: PROPOSER_LABELS,
        status: CANDIDACY_STATUS_LABELS,
        cpu_opinion: { favourable: 'Favorable', unfavourable: 'Défavorable' },
      },
      references: { establishment_id: 'establishment', detainee_id: 'detainee', workshop_id: 'workshop', post_id: 'post', session_id: 'training_session' },
      naming: {
        select: `t.detainee_id, (select concat(upper(d.last_name), ' ', d.first_name) from detainee d where d.id = t.detainee_id) as person`,
        text: (r) => `de ${r.person}`,
        href: (r) => `/personnes/${r.detainee_id}`,
      },
    },
  },
  routes: [{ path: '/', app: proposalRoutes }],
};
