import type { Feature } from '../platform/feature.ts';
import { formatShortDay } from '../platform/format.ts';
import { leaveAdjustmentRoutes } from './adjustment-routes.tsx';
import { LeaveAdjustment, LeavePolicy, LeaveRequest } from './entities.ts';
import { leaveRequestRoutes } from './request-routes.tsx';
import { leaveRoutes } from './routes.tsx';
import { leaveScreenRoutes } from './screen-routes.tsx';

/** Leave (issue 19): the establishment's policies with effective dates. */
export const leaveFeature: Feature = {
  name: 'leave',
  entities: [LeavePolicy, LeaveRequest, LeaveAdjustment],
  audited: {
    leave_policy: {
      label: 'Politique de congés',
      columns: {
        establishment_id: 'Établissement',
        effective_from: 'En vigueur le',
        name: 'Nom',
        basis: 'Acquisition',
        days_per_month: 'Jours acquis par mois',
        month_min_days: 'Jours travaillés pour qu’un mois compte',
        month_min_minutes: 'Heures travaillées pour qu’un mois compte',
        days_per_block: 'Jours acquis par tranche',
        block_minutes: 'Tranche d’heures travaillées',
        period_start: 'Début de la période de référence (mois-jour)',
        rounding: 'Arrondi',
        yearly_cap_days: 'Plafond annuel',
        carry_over_days: 'Report au plus',
        carry_over_months: 'Durée du report (mois)',
        paid: 'Congés payés',
        pay_rate_basis_points: 'Taux de rémunération',
        allow_advance: 'Prise au-delà du solde',
        settlement: 'Solde à la sortie',
      },
      values: {
        basis: { month: 'Par mois travaillé', hours: 'Par tranche d’heures' },
        rounding: { half_day_up: 'Demi-journée supérieure', day_up: 'Jour supérieur', none: 'Sans arrondi' },
        settlement: { paid_out: 'Payé', lost: 'Perdu' },
      },
      kinds: {
        days_per_month: 'centidays',
        days_per_block: 'centidays',
        yearly_cap_days: 'centidays',
        carry_over_days: 'centidays',
        month_min_minutes: 'minutes',
        block_minutes: 'minutes',
        pay_rate_basis_points: 'basisPoints',
      },
      references: { establishment_id: 'establishment' },
      naming: {
        select: 't.establishment_id, t.name, t.effective_from::text as effective_from',
        text: (r) => `${r.name}, du ${formatShortDay(String(r.effective_from))}`,
        href: (r) => `/etablissements/${r.establishment_id}/conges`,
      },
    },
    leave_request: {
      label: 'Demande de congé',
      columns: {
        establishment_id: 'Établissement',
        detainee_id: 'Personne',
        assignment_id: 'Affectation',
        starts_on: 'Du',
        ends_on: 'Au',
        starts_afternoon: 'Premier jour l’après-midi seulement',
        ends_morning: 'Dernier jour le matin seulement',
        days: 'Jours ouvrés',
        reason: 'Motif',
        comment: 'Commentaire',
        status: 'État',
        decided_by_id: 'Décidée par',
        decided_at: 'Décidée le',
        refusal_reason: 'Motif du refus',
        cancelled_by_id: 'Annulée par',
        cancelled_at: 'Annulée le',
        closed_by_leaving: 'Close par la sortie de l’établissement',
        created_by_id: 'Saisie par',
      },
      values: {
        reason: { leave: 'Congé', authorised_absence: 'Autre absence autorisée' },
        status: { requested: 'Demandée', approved: 'Approuvée', refused: 'Refusée', cancelled: 'Annulée' },
      },
      kinds: { days: 'centidays' },
      references: {
        establishment_id: 'establishment',
        detainee_id: 'detainee',
        assignment_id: 'assignment',
        decided_by_id: 'app_user',
        cancelled_by_id: 'app_user',
        created_by_id: 'app_user',
      },
      naming: {
        select: 't.establishment_id, t.detainee_id, t.starts_on::text as starts_on, t.ends_on::text as ends_on',
        text: (r) => `Congé du ${formatShortDay(String(r.starts_on))} au ${formatShortDay(String(r.ends_on))}`,
        href: (r) => `/personnes/${r.detainee_id}#conges`,
      },
    },
    leave_adjustment: {
      label: 'Ajustement de congés',
      columns: {
        establishment_id: 'Établissement',
        detainee_id: 'Personne',
        day: 'Date',
        centidays: 'Jours',
        reason: 'Motif',
        created_by_id: 'Saisi par',
      },
      kinds: { centidays: 'centidays' },
      references: { establishment_id: 'establishment', detainee_id: 'detainee', created_by_id: 'app_user' },
      naming: {
        select: 't.establishment_id, t.detainee_id, t.day::text as day',
        text: (r) => `Ajustement de congés du ${formatShortDay(String(r.day))}`,
        href: (r) => `/personnes/${r.detainee_id}#conges`,
      },
    },
  },
  constraints: {
    leave_request_overlap: {
      field: 'startsOn',
      message: 'Une autre demande de congé de cette personne, demandée ou approuvée, couvre déjà ces dates.',
    },
    leave_policy_establishment_from: {
      field: 'effectiveFrom',
      message: 'Une version de la politique de congés commence déjà à cette date : choisissez une autre date d’effet.',
    },
  },
  establishmentSections: [
    { key: 'conges', path: 'conges', label: 'Règles de congés' },
    { key: 'conges-demandes', path: 'conges/demandes', label: 'Demandes de congé' },
    { key: 'conges-soldes', path: 'conges/soldes', label: 'Soldes de congés' },
  ],
  routes: [
    { path: '/', app: leaveRoutes },
    { path: '/', app: leaveRequestRoutes },
    { path: '/', app: leaveScreenRoutes },
    { path: '/', app: leaveAdjustmentRoutes },
  ],
};
