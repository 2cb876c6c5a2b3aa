import type { Feature } from '../platform/feature.ts';
import { formatShortDay } from '../platform/format.ts';
import { TrainingProgramme, TrainingSession } from './entities.ts';
import { trainingRoutes } from './routes.tsx';

export const trainingFeature: Feature = {
  name: 'training',
  entities: [TrainingProgramme, TrainingSession],
  audited: {
    training_programme: {
      label: 'Formation',
      columns: { title: 'Intitulé', provider: 'Organisme', certification_code: 'Certification', hours: 'Durée', archived_at: 'Archivé le' },
      kinds: { hours: 'hours' },
      naming: { select: 't.title', text: (r) => String(r.title), href: (r) => `/formations?${new URLSearchParams({ q: String(r.title) })}` },
    },
    training_session: {
      label: 'Session de formation',
      columns: {
        establishment_id: 'Établissement',
        programme_id: 'Formation',
        starts_on: 'Début',
        ends_on: 'Fin',
        places: 'Places',
        paid: 'Rémunérée',
        archived_at: 'Archivé le',
      },
      references: { establishment_id: 'establishment', programme_id: 'training_programme' },
      naming: {
        select: `t.establishment_id, t.starts_on::text as starts_on, (select p.title from training_programme p where p.id = t.programme_id) as title`,
        text: (r) => `${r.title} du ${formatShortDay(String(r.starts_on))}`,
        href: (r) => `/etablissements/${r.establishment_id}/sessions`,
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
