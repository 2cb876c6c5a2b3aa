import type { Feature } from '../platform/feature.ts';
import { formatShortDay } from '../platform/format.ts';
import { AbsenceReason } from './absences.ts';
import { attendanceRoutes } from './attendance-routes.tsx';
import { completionRoutes } from './completion-routes.tsx';
import { SmicRate, TimeEntry, TimesheetWeek } from './entities.ts';
import { partnerPayRoutes } from './partner-pay-routes.tsx';
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
        establishment_id: 'Établissement',
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
      references: { establishment_id: 'establishment' },
      naming: { select: 't.code, t.label', text: (r) => `${r.code} (${r.label})` },
    },
    smic_rate: {
      label: 'SMIC horaire',
      columns: { effective_from: 'En vigueur le', hourly_cents: 'Montant' },
      kinds: { hourly_cents: 'cents' },
      naming: {
        select: 't.effective_from::text as effective_from',
        text: (r) => `du ${formatShortDay(String(r.effective_from))}`,
        href: () => '/admin/remunerations',
      },
    },
    timesheet_week: {
      label: 'Semaine de pointage',
      columns: {
        establishment_id: 'Établissement',
        workshop_id: 'Atelier',
        session_id: 'Session',
        week_start: 'Semaine du',
        status: 'État',
        reopen_reason: 'Motif de réouverture',
        completed_at: 'Signalée complète le',
        completed_by_id: 'Signalée complète par',
      },
      kinds: { completed_at: 'instant' },
      values: { status: { open: 'Ouverte', validated: 'Validée' } },
      references: { establishment_id: 'establishment', workshop_id: 'workshop', session_id: 'training_session', completed_by_id: 'app_user' },
      naming: {
        select: `t.workshop_id, t.session_id, t.week_start::text as week_start, coalesce((select w.name from workshop w where w.id = t.workshop_id),
          (select p.title from training_session s join training_programme p on p.id = s.programme_id where s.id = t.session_id)) as sheet`,
        text: (r) => `du ${formatShortDay(String(r.week_start))}, ${r.sheet}`,
        href: (r) => `${r.workshop_id ? `/ateliers/${r.workshop_id}` : `/sessions/${r.session_id}`}/pointage?semaine=${r.week_start}`,
      },
    },
    working_time_setting: {
      label: 'Temps de travail',
      columns: {
        establishment_id: 'Établissement',
        effective_from: 'En vigueur le',
        max_daily_minutes: 'Maximum par jour',
        max_weekly_minutes: 'Maximum par semaine',
        max_worked_days: 'Jours travaillés au plus',
        full_time_minutes: 'Temps plein',
        overtime_first_tier_minutes: 'Heures supplémentaires au premier taux',
        overtime_first_tier_percent: 'Majoration des premières heures supplémentaires',
        overtime_beyond_percent: 'Majoration des heures supplémentaires suivantes',
        yearly_overtime_cap_minutes: 'Plafond annuel d’heures supplémentaires',
        complementary_first_tier_percent: 'Majoration des heures complémentaires jusqu’au dixième',
        complementary_second_tier_percent: 'Majoration des heures complémentaires au-delà',
      },
      kinds: {
        max_daily_minutes: 'minutes',
        max_weekly_minutes: 'minutes',
        full_time_minutes: 'minutes',
        overtime_first_tier_minutes: 'minutes',
        yearly_overtime_cap_minutes: 'minutes',
        overtime_first_tier_percent: 'percent',
        overtime_beyond_percent: 'percent',
        complementary_first_tier_percent: 'percent',
        complementary_second_tier_percent: 'percent',
      },
      references: { establishment_id: 'establishment' },
    },
    time_entry: {
      label: 'Pointage',
      columns: {
        establishment_id: 'Établissement',
        detainee_id: 'Personne',
        assignment_id: 'Affectation',
        enrollment_id: 'Inscription',
        workshop_id: 'Atelier',
        session_id: 'Session',
        day: 'Jour',
        kind: 'Type',
        minutes: 'Durée',
        absence_code: 'Absence',
        overtime_reason: 'Motif des heures supplémentaires',
        day_reason: 'Motif du travail un jour férié ou un dimanche',
        is_adjustment: 'Ajustement',
        adjustment_reason: 'Motif de l’ajustement',
      },
      values: { kind: { work: 'Travail', training: 'Formation', absence: 'Absence' } },
      kinds: { minutes: 'minutes' },
      references: {
        establishment_id: 'establishment',
        detainee_id: 'detainee',
        assignment_id: 'assignment',
        enrollment_id: 'enrollment',
        workshop_id: 'workshop',
        session_id: 'training_session',
      },
      naming: {
        select: `t.detainee_id, t.day::text as day, (select concat(upper(d.last_name), ' ', d.first_name) from detainee d where d.id = t.detainee_id) as person`,
        text: (r) => `${r.person}, ${formatShortDay(String(r.day))}`,
        href: (r) => `/personnes/${r.detainee_id}`,
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
  menu: [
    { href: '/admin/remunerations', label: 'SMIC et planchers', roles: ['admin'] },
    { href: '/structure/paie', label: 'Rémunérations', roles: ['partner'] },
  ],
  establishmentSections: [
    { key: 'paie', path: 'paie', label: 'Rémunérations' },
    { key: 'absences', path: 'motifs-absence', label: 'Motifs d’absence' },
    { key: 'temps-de-travail', path: 'temps-de-travail', label: 'Temps de travail' },
  ],
  routes: [
    { path: '/', app: hoursRoutes },
    { path: '/', app: workingTimeRoutes },
    { path: '/', app: attendanceRoutes },
    { path: '/', app: partnerPayRoutes },
    { path: '/', app: completionRoutes },
  ],
};
