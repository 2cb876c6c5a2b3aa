import type { Feature } from '../platform/feature.ts';
import { DETAINEE_STATUS_LABELS, Detainee } from './entities.ts';
import { personRoutes } from './person-routes.tsx';
import { detaineeRoutes } from './routes.tsx';

export const detaineesFeature: Feature = {
  name: 'detainees',
  entities: [Detainee],
  audited: {
    detainee: {
      label: 'Personne',
      columns: {
        establishment_id: 'Établissement',
        prison_number: 'Numéro d’écrou',
        last_name: 'Nom',
        first_name: 'Prénom',
        birth_date: 'Date de naissance',
        arrival_date: 'Arrivée',
        expected_release_date: 'Libération prévue',
        status: 'État',
        left_on: 'Sortie le',
        left_reason: 'Motif de sortie',
      },
      values: { status: DETAINEE_STATUS_LABELS },
      references: { establishment_id: 'establishment' },
      naming: {
        select: 't.last_name, t.first_name, t.prison_number',
        text: (r) => `${String(r.last_name).toUpperCase()} ${r.first_name} (n° ${r.prison_number})`,
        href: (r) => `/personnes/${r.id}`,
      },
    },
  },
  constraints: {
    detainee_prison_number_unique: { message: 'Une personne de cet établissement a déjà ce numéro d’écrou.', field: 'prisonNumber' },
  },
  establishmentSections: [{ key: 'personnes', path: 'personnes', label: 'Personnes' }],
  routes: [
    { path: '/', app: detaineeRoutes },
    { path: '/', app: personRoutes },
  ],
};
