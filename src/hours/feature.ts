import type { Feature } from '../platform/feature.ts';
import { SmicRate, TimeEntry, TimesheetWeek } from './entities.ts';
import { hoursRoutes } from './routes.tsx';

const SOMEONE_SAVED_THE_CELL = 'Quelqu’un vient d’enregistrer cette case : vérifiez la valeur puis saisissez à nouveau.';
const SOMEONE_SAVED_THE_WEEK = 'Cette semaine vient d’être enregistrée par quelqu’un d’autre : rechargez la page.';

export const hoursFeature: Feature = {
  name: 'hours',
  entities: [SmicRate, TimesheetWeek, TimeEntry],
  audited: {
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
    smic_rate_effective_from_key: { field: 'effectiveFrom', message: 'Un SMIC est déjà enregistré à cette date.' },
    pay_floor_category_effective_from_key: { field: 'effectiveFrom', message: 'Un plancher est déjà enregistré à cette date pour cette catégorie.' },
  },
  menu: [{ href: '/admin/remunerations', label: 'SMIC et planchers', roles: ['admin'] }],
  establishmentSections: [{ key: 'paie', path: 'paie', label: 'Rémunérations' }],
  routes: [{ path: '/', app: hoursRoutes }],
};
