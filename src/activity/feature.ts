import type { Feature } from '../platform/feature.ts';
import { establishmentLogRoutes } from './coordinator-routes.tsx';
import { ActivityEntry } from './entities.ts';
import { ACTIVITY_KIND_LABELS, CUSTOMER_KIND_LABELS, SEVERITY_LABELS, VISITOR_KIND_LABELS } from './labels.ts';
import { activityLogRoutes } from './routes.tsx';

/** The partners' activity log (issue 21): what they record per workshop and day, read by the establishment's coordinators. */
export const activityFeature: Feature = {
  name: 'activity',
  entities: [ActivityEntry],
  audited: {
    activity_entry: {
      label: 'Entrée du journal d’activité',
      columns: {
        establishment_id: 'Établissement',
        workshop_id: 'Atelier',
        partner_id: 'Structure partenaire',
        day: 'Jour',
        kind: 'Type',
        quantity: 'Quantité',
        unit: 'Unité',
        customer_kind: 'Type de client',
        topic: 'Sujet',
        minutes: 'Durée',
        participants: 'Participants',
        visitor_kind: 'Visiteurs',
        severity: 'Gravité',
        description: 'Description',
        corrects_id: 'Corrige l’entrée',
        created_by_id: 'Écrite par',
      },
      values: { kind: ACTIVITY_KIND_LABELS, customer_kind: CUSTOMER_KIND_LABELS, visitor_kind: VISITOR_KIND_LABELS, severity: SEVERITY_LABELS },
      kinds: { day: 'day', minutes: 'minutes' },
      references: {
        establishment_id: 'establishment',
        workshop_id: 'workshop',
        partner_id: 'partner',
        corrects_id: 'activity_entry',
        created_by_id: 'app_user',
      },
      naming: {
        select: `t.kind, t.day::text as day, t.workshop_id, (select w.name from workshop w where w.id = t.workshop_id) as workshop`,
        text: (r) =>
          `${ACTIVITY_KIND_LABELS[r.kind as keyof typeof ACTIVITY_KIND_LABELS] ?? r.kind} du ${String(r.day).split('-').reverse().join('/')}, ${r.workshop}`,
        href: (r) => `/ateliers/${r.workshop_id}/journal`,
      },
    },
  },
  constraints: {
    activity_entry_fields: { message: 'Il manque une information pour ce type d’entrée : complétez la ligne.' },
    activity_entry_corrects_id_key: { message: 'Cette entrée a déjà été corrigée : corrigez plutôt sa correction.' },
  },
  establishmentSections: [{ key: 'journal', path: 'journal', label: 'Journal d’activité' }],
  routes: [
    { path: '/', app: activityLogRoutes },
    { path: '/', app: establishmentLogRoutes },
  ],
};
