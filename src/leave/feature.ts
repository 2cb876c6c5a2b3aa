import type { Feature } from '../platform/feature.ts';
import { formatShortDay } from '../platform/format.ts';
import { LeavePolicy } from './entities.ts';
import { leaveRoutes } from './routes.tsx';

/** Leave (issue 19): the establishment's policies with effective dates. */
export const leaveFeature: Feature = {
  name: 'leave',
  entities: [LeavePolicy],
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
  },
  constraints: {
    leave_policy_establishment_from: {
      field: 'effectiveFrom',
      message: 'Une version de la politique de congés commence déjà à cette date : choisissez une autre date d’effet.',
    },
  },
  establishmentSections: [{ key: 'conges', path: 'conges', label: 'Congés' }],
  routes: [{ path: '/', app: leaveRoutes }],
};
