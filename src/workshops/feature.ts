import type { Feature } from '../platform/feature.ts';
import { PayFloor, POST_STATUS_LABELS, Post, Workshop } from './entities.ts';
import { workshopRoutes } from './routes.tsx';
import { IAE_TYPE_LABELS, PAY_CATEGORY_LABELS } from './rules.ts';

export const workshopsFeature: Feature = {
  name: 'workshops',
  entities: [Workshop, Post, PayFloor],
  audited: {
    workshop: {
      label: 'Atelier',
      columns: {
        establishment_id: 'Établissement',
        partner_id: 'Structure partenaire',
        name: 'Nom',
        activity: 'Activité',
        iae_type: 'Insertion (IAE)',
        opening_hours: 'Horaires',
        archived_at: 'Archivé le',
      },
      values: { iae_type: IAE_TYPE_LABELS },
      references: { establishment_id: 'establishment', partner_id: 'partner' },
      naming: { select: 't.name', text: (r) => String(r.name), href: (r) => `/ateliers/${r.id}` },
    },
    post: {
      label: 'Poste',
      columns: {
        establishment_id: 'Établissement',
        workshop_id: 'Atelier',
        title: 'Intitulé',
        code: 'Code',
        weekly_minutes: 'Durée par semaine',
        pay_category: 'Catégorie de rémunération',
        pay_basis_points: 'Taux du poste (part du SMIC)',
        status: 'État',
        archived_at: 'Archivé le',
      },
      values: { pay_category: PAY_CATEGORY_LABELS, status: POST_STATUS_LABELS },
      kinds: { weekly_minutes: 'minutes', pay_basis_points: 'basisPoints' },
      references: { establishment_id: 'establishment', workshop_id: 'workshop' },
      naming: { select: 't.code, t.title, t.workshop_id', text: (r) => `${r.code} (${r.title})`, href: (r) => `/ateliers/${r.workshop_id}` },
    },
    pay_floor: {
      label: 'Plancher de rémunération',
      columns: { category: 'Catégorie', effective_from: 'En vigueur le', floor_basis_points: 'Plancher (part du SMIC)' },
      values: { category: PAY_CATEGORY_LABELS },
      kinds: { floor_basis_points: 'basisPoints' },
    },
  },
  constraints: {
    workshop_name_unique: { field: 'name', message: 'Un atelier de cet établissement porte déjà ce nom (peut-être archivé).' },
    post_code_unique: { field: 'code', message: 'Ce code est déjà celui d’un autre poste de l’établissement (peut-être archivé) : choisissez-en un autre.' },
  },
  establishmentSections: [
    { key: 'ateliers', path: 'ateliers', label: 'Ateliers' },
    { key: 'postes', path: 'postes', label: 'Postes' },
    { key: 'pointage', path: 'pointage', label: 'Pointage' },
  ],
  routes: [{ path: '/', app: workshopRoutes }],
};
