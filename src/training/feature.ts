import type { Feature } from '../platform/feature.ts';
import { TrainingProgramme, TrainingSession } from './entities.ts';
import { trainingRoutes } from './routes.tsx';

export const trainingFeature: Feature = {
  name: 'training',
  entities: [TrainingProgramme, TrainingSession],
  audited: {
    training_programme: {
      label: 'Formation',
      columns: { title: 'Intitulé', provider: 'Organisme', certification_code: 'Certification', hours: 'Durée (heures)', archived_at: 'Archivé le' },
    },
    training_session: {
      label: 'Session de formation',
      columns: {
        establishment_id: 'Établissement (n°)',
        programme_id: 'Formation (n°)',
        starts_on: 'Début',
        ends_on: 'Fin',
        places: 'Places',
        paid: 'Rémunérée',
        archived_at: 'Archivé le',
      },
    },
  },
  constraints: {
    training_programme_title_unique: { field: 'title', message: 'Cet organisme propose déjà une formation de ce nom (peut-être archivée).' },
  },
  menu: [{ href: '/formations', label: 'Formations', roles: ['admin', 'coordinator'] }],
  establishmentSections: [{ key: 'sessions', path: 'sessions', label: 'Sessions de formation' }],
  routes: [{ path: '/', app: trainingRoutes }],
};
