import type { Feature } from '../platform/feature.ts';
import { PARTNER_KIND_LABELS, Partner } from './entities.ts';
import { partnerRoutes } from './routes.tsx';

export const partnersFeature: Feature = {
  name: 'partners',
  entities: [Partner],
  audited: {
    partner: {
      label: 'Partenaire',
      columns: {
        name: 'Nom',
        kind: 'Type',
        siret: 'SIRET',
        contact_name: 'Contact',
        contact_email: 'Courriel du contact',
        contact_phone: 'Téléphone du contact',
        archived_at: 'Archivé le',
      },
      values: { kind: PARTNER_KIND_LABELS },
      naming: { select: 't.name', text: (r) => String(r.name), href: (r) => `/partenaires?${new URLSearchParams({ q: String(r.name), archives: '' })}` },
    },
  },
  constraints: {
    partner_name_unique: { field: 'name', message: 'Une structure porte déjà ce nom (peut-être archivée).' },
    partner_siret_unique: { field: 'siret', message: 'Une autre structure porte déjà ce SIRET.' },
  },
  menu: [{ href: '/partenaires', label: 'Partenaires', roles: ['admin', 'coordinator'] }],
  routes: [{ path: '/partenaires', app: partnerRoutes }],
};
