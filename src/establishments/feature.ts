import type { Feature } from '../platform/feature.ts';
import { ESTABLISHMENT_KIND_LABELS, Establishment } from './entities.ts';
import { establishmentRoutes } from './routes.tsx';

export const establishmentsFeature: Feature = {
  name: 'establishments',
  entities: [Establishment],
  audited: {
    establishment: {
      label: 'Établissement',
      columns: { name: 'Nom', kind: 'Type', city: 'Commune', capacity: 'Capacité', alsace_moselle: 'Alsace-Moselle', archived_at: 'Archivé le' },
      values: { kind: ESTABLISHMENT_KIND_LABELS },
      naming: { select: 't.name', text: (r) => String(r.name), href: (r) => `/etablissements/${r.id}` },
    },
  },
  constraints: {
    establishment_name_unique: {
      field: 'name',
      message: 'Un établissement porte déjà ce nom : choisissez un autre nom, ou restaurez l’établissement archivé.',
    },
  },
  menu: [
    { href: '/etablissements', label: 'Établissements', roles: ['admin'] },
    { href: '/etablissements', label: 'Mes établissements', roles: ['coordinator'] },
  ],
  establishmentSections: [{ key: 'fiche', path: '', label: 'Vue d’ensemble' }],
  routes: [{ path: '/etablissements', app: establishmentRoutes }],
};
