import type { Feature } from '../platform/feature.ts';
import { AbsenceReason } from './absences.ts';
import { SmicRate, TimeEntry, TimesheetWeek } from './entities.ts';
import { hoursRoutes } from './routes.tsx';
import { WorkingTimeSetting } from './working-time.ts';
import { workingTimeRoutes } from './working-time-routes.tsx';

const SOMEONE_SAVED_THE_CELL = 'Quelqu’un vient d’enregistrer cette case : vérifiez la valeur puis saisissez à nouveau.';
const SOMEONE_SAVED_THE_WEEK = 'Cette semaine vient d’être enregistrée par quelqu’un d’autre : rechargez la page.';

export const hoursFeature: Feature = {
  name: 'hours',
  entities: [SmicRate, TimesheetWeek, TimeEntry, WorkingTimeSetting, AbsenceReason],
  audited: {
    absence_reason: {
      label: 'Motif d’absence',
      columns: {
        establishment_id: 'Établissement (n°)',
        code: 'Code',
        label: 'Libellé',
        legal_item: 'Référence (D412-32)',
        justified: 'Justifiée',
        paid: 'Payée',
        counts_for_leave: 'Compte pour les congés',
        requires_suspension: 'Exige une suspension',
        offered: 'Proposé à la saisie',
        effective_from: 'En vigueur le',
      },
    },
    smic_rate: {
      label: 'SMIC horaire',
      columns: { effective_from: 'En vigueur le', hourly_cents: 'Montant (centimes)' },
    },
    timesheet_week: {
      label: 'Semaine de pointage',
      columns: {
        establishment_id: 'Établissement (n°)',
        workshop_id: 'Atelier (n°)',
        session_id: 'Session (n°)',
        week_start: 'Semaine du',
        status: 'État',
        reopen_reason: 'Motif de réouverture',
      },
      // As the trail has always shown it (an open week in the posts' word, a validated one as
      // stored), until someone decides what a week's states should read.
      values: { status: { open: 'Ouvert' } },
    },
    working_time_setting: {
      label: 'Temps de travail',
      columns: {
        establishment_id: 'Établissement (n°)',
        effective_from: 'En vigueur le',
        max_daily_minutes: 'Maximum par jour (minutes)',
        max_weekly_minutes: 'Maximum par semaine (minutes)',
        max_worked_days: 'Jours travaillés au plus',
        full_time_minutes: 'Temps plein (minutes)',
        overtime_first_tier_minutes: 'Heures supplémentaires au premier taux (minutes)',
        overtime_first_tier_percent: 'Majoration des premières heures supplémentaires (%)',
        overtime_beyond_percent: 'Majoration des heures supplémentaires suivantes (%)',
        yearly_overtime_cap_minutes: 'Plafond annuel d’heures supplémentaires (minutes)',
        complementary_first_tier_percent: 'Majoration des heures complémentaires jusqu’au dixième (%)',
        complementary_second_tier_percent: 'Majoration des heures complémentaires au-delà (%)',
      },
    },
    time_entry: {
      label: 'Pointage',
      columns: {
        establishment_id: 'Établissement (n°)',
        detainee_id: 'Personne (n°)',
        assignment_id: 'Affectation (n°)',
        enrollment_id: 'Inscription (n°)',
        workshop_id: 'Atelier (n°)',
        session_id: 'Session (n°)',
        day: 'Jour',
        kind: 'Type',
        minutes: 'Minutes',
        absence_code: 'Absence',
        overtime_reason: 'Motif des heures supplémentaires',
        day_reason: 'Motif du travail un jour férié ou un dimanche',
        is_adjustment: 'Ajustement',
        adjustment_reason: 'Motif de l’ajustement',
      },
    },
  },
  constraints: {
    time_entry_assignment_day: { message: SOMEONE_SAVED_THE_CELL },
    time_entry_enrollment_day: { message: SOMEONE_SAVED_THE_CELL },
    timesheet_week_workshop_unique: { message: SOMEONE_SAVED_THE_WEEK },
    timesheet_week_session_unique: { message: SOMEONE_SAVED_THE_WEEK },
    absence_reason_version_unique: { field: 'effectiveFrom', message: 'Ce code a déjà une version à cette date : choisissez une autre date d’effet.' },
    working_time_setting_establishment_from: { field: 'effectiveFrom', message: 'Une version du temps de travail commence déjà à cette date.' },
    smic_rate_effective_from_key: { field: 'effectiveFrom', message: 'Un SMIC est déjà enregistré à cette date.' },
    pay_floor_category_effective_from_key: { field: 'effectiveFrom', message: 'Un plancher est déjà enregistré à cette date pour cette catégorie.' },
  },
  menu: [{ href: '/admin/remunerations', label: 'SMIC et planchers', roles: ['admin'] }],
  establishmentSections: [
    { key: 'paie', path: 'paie', label: 'Rémunérations' },
    { key: 'absences', path: 'motifs-absence', label: 'Motifs d’absence' },
    { key: 'temps-de-travail', path: 'temps-de-travail', label: 'Temps de travail' },
  ],
  routes: [
    { path: '/', app: hoursRoutes },
    { path: '/', app: workingTimeRoutes },
  ],
};
