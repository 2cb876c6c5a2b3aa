import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlDatabase, type SqlDatabase, seedWorld, updateRow, type World } from '../support/sql.ts';

/**
 * Every CHECK constraint, unique key and composite foreign key of the schema, straight at
 * the database as a script would write (docs/rules.md): each refuses the value just outside
 * its limit and accepts the one just inside. The lists are compared with the catalogue, so a
 * new constraint without its case here fails the suite.
 */

let db: SqlDatabase;
let w: World;

beforeAll(async () => {
  db = await createSqlDatabase();
  w = await seedWorld(db);
});
afterAll(() => db.close());

type Values = Record<string, unknown> | ((w: World) => Record<string, unknown>);
type RowKey = Exclude<keyof World, 'elsewhere'>;
/** constraint, table, the seeded row to update, values it refuses, values it accepts. */
type CheckCase = [string, string, RowKey, Values[], Values[]];

const x = (n: number) => 'x'.repeat(n);
const resolve = (v: Values) => (typeof v === 'function' ? v(w) : v);
const ended = { ended_on: '2026-06-30', end_reason: 'resignation' };
const dropped = { status: 'dropped', drop_reason: 'Départ en formation qualifiante', ended_on: '2026-06-30' };
const training = (w: World) => ({ kind: 'training', assignment_id: null, workshop_id: null, enrollment_id: w.enrollment, session_id: w.session });
const validated = { status: 'validated', validated_at: '2026-03-09T10:00:00Z' };
/** A report not generated (queued, running, failed): none of the generation's columns. */
const notGenerated = { generated_at: null, data_version: null, figures: null, figures_sha256: null, pdf: null, pdf_sha256: null };
const approvedBy = (w: World) => ({ status: 'approved', decided_at: '2026-04-01T10:00:00Z', decided_by_id: w.user });

const CHECKS: CheckCase[] = [
  ['establishment_name_check', 'establishment', 'establishment', [{ name: ' a ' }, { name: x(121) }], [{ name: 'ab' }, { name: x(120) }]],
  ['establishment_kind_check', 'establishment', 'establishment', [{ kind: 'prison' }], [{ kind: 'centre_detention' }]],
  ['establishment_city_check', 'establishment', 'establishment', [{ city: '  ' }, { city: x(121) }], [{ city: 'A' }, { city: x(120) }]],
  ['establishment_capacity_check', 'establishment', 'establishment', [{ capacity: 0 }, { capacity: 5001 }], [{ capacity: 1 }, { capacity: 5000 }]],

  ['partner_name_check', 'partner', 'partner', [{ name: ' a ' }, { name: x(161) }], [{ name: 'ab' }, { name: x(160) }]],
  ['partner_kind_check', 'partner', 'partner', [{ kind: 'club' }], [{ kind: 'service_general' }]],
  ['partner_siret_check', 'partner', 'partner', [{ siret: '1234567890123' }, { siret: '1234567890123A' }], [{ siret: '12345678901234' }]],
  ['partner_contact_name_check', 'partner', 'partner', [{ contact_name: x(121) }], [{ contact_name: x(120) }]],
  ['partner_contact_email_check', 'partner', 'partner', [{ contact_email: x(255) }], [{ contact_email: x(254) }]],
  ['partner_contact_phone_check', 'partner', 'partner', [{ contact_phone: x(31) }], [{ contact_phone: x(30) }]],

  [
    'app_user_email_check',
    'app_user',
    'user',
    [{ email: 'Coord@exemple.fr' }, { email: ' coord@exemple.fr' }, { email: '@exemple.fr' }, { email: 'coord@' }],
    [{ email: 'c@e' }],
  ],
  ['app_user_display_name_check', 'app_user', 'user', [{ display_name: ' a ' }, { display_name: x(121) }], [{ display_name: 'ab' }, { display_name: x(120) }]],
  ['app_user_role_check', 'app_user', 'user', [{ role: 'superadmin' }], [{ role: 'committee' }]],
  [
    'app_user_partner_matches_role',
    'app_user',
    'user',
    [{ role: 'partner' }, (w) => ({ partner_id: w.partner })],
    [(w) => ({ role: 'partner', partner_id: w.partner })],
  ],

  ['pay_floor_category_check', 'pay_floor', 'payFloor', [{ category: 'general_4' }], [{ category: 'general_3', effective_from: '2023-01-01' }]],
  [
    'pay_floor_floor_basis_points_check',
    'pay_floor',
    'payFloor',
    [{ floor_basis_points: 0 }, { floor_basis_points: 10001 }],
    [{ floor_basis_points: 1 }, { floor_basis_points: 10000 }],
  ],

  ['workshop_name_check', 'workshop', 'workshop', [{ name: ' a ' }, { name: x(121) }], [{ name: 'ab' }, { name: x(120) }]],
  ['workshop_activity_check', 'workshop', 'workshop', [{ activity: ' a ' }, { activity: x(201) }], [{ activity: 'ab' }, { activity: x(200) }]],
  ['workshop_iae_type_check', 'workshop', 'workshop', [{ iae_type: 'scop' }], [{ iae_type: 'none' }]],
  ['workshop_opening_hours_check', 'workshop', 'workshop', [{ opening_hours: x(301) }], [{ opening_hours: x(300) }]],

  ['post_title_check', 'post', 'post', [{ title: ' a ' }, { title: x(121) }], [{ title: 'ab' }, { title: x(120) }]],
  [
    'post_code_check',
    'post',
    'post',
    [{ code: 'RE' }, { code: 'rel-01' }, { code: 'REL--01' }, { code: '-REL' }, { code: 'A'.repeat(21) }],
    [{ code: 'RE1' }, { code: 'A-B' }, { code: 'A'.repeat(20) }],
  ],
  ['post_weekly_minutes_check', 'post', 'post', [{ weekly_minutes: 599 }, { weekly_minutes: 2101 }], [{ weekly_minutes: 600 }, { weekly_minutes: 2100 }]],
  ['post_pay_category_check', 'post', 'post', [{ pay_category: 'general_4' }], [{ pay_category: 'general_1' }]],
  ['post_status_check', 'post', 'post', [{ status: 'closed' }], [{ status: 'frozen' }]],
  [
    'post_pay_basis_points_check',
    'post',
    'post',
    [{ pay_basis_points: 0 }, { pay_basis_points: 10001 }],
    [{ pay_basis_points: 1 }, { pay_basis_points: 10000 }],
  ],

  ['training_programme_title_check', 'training_programme', 'programme', [{ title: ' a ' }, { title: x(161) }], [{ title: 'ab' }, { title: x(160) }]],
  [
    'training_programme_provider_check',
    'training_programme',
    'programme',
    [{ provider: ' a ' }, { provider: x(161) }],
    [{ provider: 'ab' }, { provider: x(160) }],
  ],
  [
    'training_programme_certification_code_check',
    'training_programme',
    'programme',
    [{ certification_code: 'RNCP12' }, { certification_code: 'rncp123' }, { certification_code: 'RNCP1234567' }, { certification_code: 'RS' }],
    [{ certification_code: 'RNCP123' }, { certification_code: 'RS123456' }],
  ],
  ['training_programme_hours_check', 'training_programme', 'programme', [{ hours: 0 }, { hours: 3001 }], [{ hours: 1 }, { hours: 3000 }]],

  ['training_session_check', 'training_session', 'session', [{ ends_on: '2026-01-04' }], [{ ends_on: '2026-01-05' }]],
  ['training_session_places_check', 'training_session', 'session', [{ places: 0 }, { places: 501 }], [{ places: 1 }, { places: 500 }]],

  [
    'detainee_prison_number_check',
    'detainee',
    'detainee',
    [{ prison_number: '' }, { prison_number: 'a1' }, { prison_number: 'A-1' }, { prison_number: '1234567890123' }],
    [{ prison_number: 'Z' }, { prison_number: '123456789012' }],
  ],
  ['detainee_last_name_check', 'detainee', 'detainee', [{ last_name: '  ' }, { last_name: x(81) }], [{ last_name: 'M' }, { last_name: x(80) }]],
  ['detainee_first_name_check', 'detainee', 'detainee', [{ first_name: '  ' }, { first_name: x(81) }], [{ first_name: 'J' }, { first_name: x(80) }]],
  ['detainee_status_check', 'detainee', 'detainee', [{ status: 'escaped', left_on: '2026-06-01' }], [{ status: 'released', left_on: '2026-06-01' }]],
  ['detainee_left_reason_check', 'detainee', 'detainee', [{ left_reason: x(301) }], [{ left_reason: x(300) }]],
  ['detainee_officer_name_check', 'detainee', 'detainee', [{ officer_name: x(121) }], [{ officer_name: x(120) }]],
  ['detainee_officer_contact_check', 'detainee', 'detainee', [{ officer_contact: x(121) }], [{ officer_contact: x(120) }]],
  ['detainee_cpip_name_check', 'detainee', 'detainee', [{ cpip_name: x(121) }], [{ cpip_name: x(120) }]],
  ['detainee_cpip_contact_check', 'detainee', 'detainee', [{ cpip_contact: x(121) }], [{ cpip_contact: x(120) }]],
  ['detainee_referent_name_check', 'detainee', 'detainee', [{ referent_name: x(121) }], [{ referent_name: x(120) }]],
  ['detainee_referent_contact_check', 'detainee', 'detainee', [{ referent_contact: x(121) }], [{ referent_contact: x(120) }]],
  // Born before arriving; released on or after arriving; a release date only with a released status.
  ['detainee_check', 'detainee', 'detainee', [{ birth_date: '2026-01-05' }], [{ birth_date: '2026-01-04' }]],
  ['detainee_check1', 'detainee', 'detainee', [{ expected_release_date: '2026-01-04' }], [{ expected_release_date: '2026-01-05' }]],
  ['detainee_check2', 'detainee', 'detainee', [{ status: 'released' }, { left_on: '2026-06-01' }], [{ status: 'released', left_on: '2026-06-01' }]],
  ['detainee_check3', 'detainee', 'detainee', [{ status: 'transferred', left_on: '2026-01-04' }], [{ status: 'transferred', left_on: '2026-01-05' }]],

  [
    'candidacy_target_check',
    'candidacy',
    'candidacy',
    [{ target: 'leave', workshop_id: null }],
    [(w) => ({ target: 'post', workshop_id: null, post_id: w.post })],
  ],
  ['candidacy_proposed_by_check', 'candidacy', 'candidacy', [{ proposed_by: 'judge' }], [{ proposed_by: 'partner' }]],
  ['candidacy_motivation_check', 'candidacy', 'candidacy', [{ motivation: x(2001) }], [{ motivation: x(2000) }]],
  ['candidacy_status_check', 'candidacy', 'candidacy', [{ status: 'lost' }], [{ status: 'expired' }]],
  [
    'candidacy_cpu_opinion_check',
    'candidacy',
    'candidacy',
    [{ cpu_opinion: 'neutral', cpu_on: '2026-01-20' }],
    [{ cpu_opinion: 'unfavourable', cpu_on: '2026-01-20' }],
  ],
  ['candidacy_pinned_rank_check', 'candidacy', 'candidacy', [{ pinned_rank: 0 }], [{ pinned_rank: 1 }]],
  ['candidacy_pinned_reason_check', 'candidacy', 'candidacy', [{ pinned_reason: x(301) }], [{ pinned_reason: x(300) }]],
  ['candidacy_closed_reason_check', 'candidacy', 'candidacy', [{ closed_reason: x(301) }], [{ closed_reason: x(300) }]],
  // A candidacy names exactly what it targets.
  ['candidacy_check', 'candidacy', 'candidacy', [{ workshop_id: null }], [(w) => ({ target: 'post', workshop_id: null, post_id: w.post })]],
  ['candidacy_check1', 'candidacy', 'candidacy', [(w) => ({ post_id: w.post })], [(w) => ({ target: 'post', workshop_id: null, post_id: w.post })]],
  [
    'candidacy_check2',
    'candidacy',
    'candidacy',
    [(w) => ({ session_id: w.session })],
    [(w) => ({ target: 'session', workshop_id: null, session_id: w.session })],
  ],
  // The CPU's opinion comes with its date, not before the request; approved needs a favourable opinion
  // (an approval with no opinion at all passes check4, the comparison being null: docs/rules.md).
  [
    'candidacy_check3',
    'candidacy',
    'candidacy',
    [{ cpu_opinion: 'favourable' }, { cpu_on: '2026-01-20' }],
    [{ cpu_opinion: 'favourable', cpu_on: '2026-01-20' }],
  ],
  [
    'candidacy_check4',
    'candidacy',
    'candidacy',
    [
      { status: 'approved', cpu_opinion: 'unfavourable', cpu_on: '2026-01-20' },
      { status: 'assigned', cpu_opinion: 'unfavourable', cpu_on: '2026-01-20' },
    ],
    [{ status: 'approved', cpu_opinion: 'favourable', cpu_on: '2026-01-20' }],
  ],
  ['candidacy_check5', 'candidacy', 'candidacy', [{ cpu_opinion: 'favourable', cpu_on: '2026-01-09' }], [{ cpu_opinion: 'favourable', cpu_on: '2026-01-10' }]],

  [
    'assignment_contract_reference_check',
    'assignment',
    'assignment',
    [{ contract_reference: '  ' }, { contract_reference: x(41) }],
    [{ contract_reference: 'A' }, { contract_reference: x(40) }],
  ],
  ['assignment_trial_change_reason_check', 'assignment', 'assignment', [{ trial_change_reason: x(301) }], [{ trial_change_reason: x(300) }]],
  [
    'assignment_weekly_minutes_check',
    'assignment',
    'assignment',
    [{ weekly_minutes: 599 }, { weekly_minutes: 2101 }],
    [{ weekly_minutes: 600 }, { weekly_minutes: 2100 }],
  ],
  ['assignment_pay_category_check', 'assignment', 'assignment', [{ pay_category: 'general_4' }], [{ pay_category: 'general_3' }]],
  ['assignment_end_reason_check', 'assignment', 'assignment', [{ ...ended, end_reason: 'boredom' }], [{ ...ended, end_reason: 'economic_reason' }]],
  ['assignment_end_note_check', 'assignment', 'assignment', [{ end_note: x(301) }], [{ end_note: x(300) }]],
  [
    'assignment_pay_basis_points_check',
    'assignment',
    'assignment',
    [{ pay_basis_points: 0 }, { pay_basis_points: 10001 }],
    [{ pay_basis_points: 1 }, { pay_basis_points: 10000 }],
  ],
  // Dates of a contract (start 2026-03-02): no end, trial end or confirmation before it; an end has its reason.
  ['assignment_check', 'assignment', 'assignment', [{ contract_ends_on: '2026-03-01' }], [{ contract_ends_on: '2026-03-02' }]],
  ['assignment_check1', 'assignment', 'assignment', [{ trial_ends_on: '2026-02-28' }], [{ trial_ends_on: '2026-03-01' }]],
  ['assignment_check2', 'assignment', 'assignment', [{ ended_on: '2026-06-30' }, { end_reason: 'resignation' }], [ended]],
  ['assignment_check3', 'assignment', 'assignment', [{ ...ended, ended_on: '2026-03-01' }], [{ ...ended, ended_on: '2026-03-02' }]],
  ['assignment_check4', 'assignment', 'assignment', [{ confirmed_on: '2026-03-01' }], [{ confirmed_on: '2026-03-02' }]],

  ['assignment_suspension_reason_check', 'assignment_suspension', 'suspension', [{ reason: 'holiday' }], [{ reason: 'workshop_closure' }]],
  ['assignment_suspension_note_check', 'assignment_suspension', 'suspension', [{ note: x(301) }], [{ note: x(300) }]],
  ['assignment_suspension_check', 'assignment_suspension', 'suspension', [{ ends_on: '2026-05-03' }], [{ ends_on: '2026-05-04' }]],

  ['enrollment_status_check', 'enrollment', 'enrollment', [{ status: 'paused', ended_on: '2026-06-30' }], [dropped]],
  ['enrollment_drop_reason_check', 'enrollment', 'enrollment', [{ drop_reason: x(301) }], [{ drop_reason: x(300) }]],
  // Ended exactly when not enrolled; certified (yes or no) exactly when completed; dropped with a reason.
  ['enrollment_check', 'enrollment', 'enrollment', [{ ended_on: '2026-06-30' }, { ...dropped, ended_on: null }], [dropped]],
  [
    'enrollment_check1',
    'enrollment',
    'enrollment',
    [{ status: 'completed', ended_on: '2026-06-30' }, { certified: true }],
    [{ status: 'completed', ended_on: '2026-06-30', certified: false }],
  ],
  ['enrollment_check2', 'enrollment', 'enrollment', [{ ...dropped, drop_reason: '  ' }], [{ ...dropped, drop_reason: 'x' }]],
  ['enrollment_check3', 'enrollment', 'enrollment', [{ ...dropped, ended_on: '2026-02-01' }], [{ ...dropped, ended_on: '2026-02-02' }]],

  ['smic_rate_hourly_cents_check', 'smic_rate', 'smicRate', [{ hourly_cents: 99 }, { hourly_cents: 10001 }], [{ hourly_cents: 100 }, { hourly_cents: 10000 }]],

  ['timesheet_week_week_start_check', 'timesheet_week', 'week', [{ week_start: '2026-03-03' }, { week_start: '2026-03-08' }], [{ week_start: '2026-03-09' }]],
  ['timesheet_week_status_check', 'timesheet_week', 'week', [{ status: 'closed' }], [validated]],
  ['timesheet_week_reopen_reason_check', 'timesheet_week', 'week', [{ reopen_reason: x(301) }], [{ reopen_reason: x(300) }]],
  // A week belongs to one workshop or one session; validated exactly when it has a validation date.
  [
    'timesheet_week_check',
    'timesheet_week',
    'week',
    [(w) => ({ session_id: w.session }), { workshop_id: null }],
    [(w) => ({ workshop_id: null, session_id: w.session })],
  ],
  ['timesheet_week_check1', 'timesheet_week', 'week', [{ status: 'validated' }, { validated_at: '2026-03-09T10:00:00Z' }], [validated]],

  // An establishment's working time: stricter than the code pénitentiaire, never looser (R412-51, R412-54, R412-56, R412-61).
  [
    'working_time_setting_max_daily_minutes_check',
    'working_time_setting',
    'workingTimeSetting',
    [{ max_daily_minutes: 59 }, { max_daily_minutes: 601 }],
    [{ max_daily_minutes: 60 }, { max_daily_minutes: 600 }],
  ],
  [
    'working_time_setting_max_weekly_minutes_check',
    'working_time_setting',
    'workingTimeSetting',
    [{ max_weekly_minutes: 59 }, { max_weekly_minutes: 2881 }],
    [{ max_weekly_minutes: 60 }, { max_weekly_minutes: 2880 }],
  ],
  [
    'working_time_setting_max_worked_days_check',
    'working_time_setting',
    'workingTimeSetting',
    [{ max_worked_days: 0 }, { max_worked_days: 7 }],
    [{ max_worked_days: 1 }, { max_worked_days: 6 }],
  ],
  [
    'working_time_setting_full_time_minutes_check',
    'working_time_setting',
    'workingTimeSetting',
    [{ full_time_minutes: 59 }, { full_time_minutes: 2101 }],
    [{ full_time_minutes: 60 }, { full_time_minutes: 2100 }],
  ],
  [
    'working_time_setting_overtime_first_tier_minutes_check',
    'working_time_setting',
    'workingTimeSetting',
    [{ overtime_first_tier_minutes: -1 }, { overtime_first_tier_minutes: 2881 }],
    [{ overtime_first_tier_minutes: 0 }, { overtime_first_tier_minutes: 2880 }],
  ],
  [
    'working_time_setting_overtime_first_tier_percent_check',
    'working_time_setting',
    'workingTimeSetting',
    [{ overtime_first_tier_percent: 24 }, { overtime_first_tier_percent: 101 }],
    [{ overtime_first_tier_percent: 25 }, { overtime_first_tier_percent: 100 }],
  ],
  [
    'working_time_setting_overtime_beyond_percent_check',
    'working_time_setting',
    'workingTimeSetting',
    [{ overtime_beyond_percent: 49 }, { overtime_beyond_percent: 101 }],
    [{ overtime_beyond_percent: 50 }, { overtime_beyond_percent: 100 }],
  ],
  [
    'working_time_setting_yearly_overtime_cap_minutes_check',
    'working_time_setting',
    'workingTimeSetting',
    [{ yearly_overtime_cap_minutes: -1 }, { yearly_overtime_cap_minutes: 13201 }],
    [{ yearly_overtime_cap_minutes: 0 }, { yearly_overtime_cap_minutes: 13200 }],
  ],
  [
    'working_time_setting_complementary_first_tier_percent_check',
    'working_time_setting',
    'workingTimeSetting',
    [{ complementary_first_tier_percent: 9 }, { complementary_first_tier_percent: 101 }],
    [{ complementary_first_tier_percent: 10 }, { complementary_first_tier_percent: 100 }],
  ],
  [
    'working_time_setting_complementary_second_tier_percent_check',
    'working_time_setting',
    'workingTimeSetting',
    [{ complementary_second_tier_percent: 24 }, { complementary_second_tier_percent: 101 }],
    [{ complementary_second_tier_percent: 25 }, { complementary_second_tier_percent: 100 }],
  ],

  // The code of an absence is no longer a CHECK: the trigger time_entry_absence_guard reads the establishment's reasons.
  ['absence_reason_code_check', 'absence_reason', 'absenceReason', [{ code: 'Me' }, { code: 'MEDECIN' }, { code: 'M1' }], [{ code: 'Q' }, { code: 'QWERTY' }]],
  ['absence_reason_label_check', 'absence_reason', 'absenceReason', [{ label: ' a ' }, { label: x(121) }], [{ label: 'ab' }, { label: x(120) }]],
  [
    'absence_reason_legal_item_check',
    'absence_reason',
    'absenceReason',
    [{ legal_item: '' }, { legal_item: x(201) }],
    [{ legal_item: 'x' }, { legal_item: x(200) }, { legal_item: null }],
  ],

  ['time_entry_kind_check', 'time_entry', 'timeEntry', [{ kind: 'holiday' }], [{ kind: 'training' }]],
  [
    'time_entry_minutes_check',
    'time_entry',
    'timeEntry',
    [{ minutes: 1441 }, { minutes: -1441, is_adjustment: true, adjustment_reason: 'Correction' }],
    [{ minutes: 1440 }, { minutes: -1440, is_adjustment: true, adjustment_reason: 'Correction' }],
  ],
  ['time_entry_overtime_reason_check', 'time_entry', 'timeEntry', [{ overtime_reason: x(301) }], [{ overtime_reason: x(300) }]],
  ['time_entry_day_reason_check', 'time_entry', 'timeEntry', [{ day_reason: x(301) }], [{ day_reason: x(300) }]],
  ['time_entry_adjustment_reason_check', 'time_entry', 'timeEntry', [{ adjustment_reason: x(301) }], [{ adjustment_reason: x(300) }]],
  // An entry belongs to an assignment and its workshop, or to an enrollment and its session.
  [
    'time_entry_check',
    'time_entry',
    'timeEntry',
    [(w) => ({ enrollment_id: w.enrollment, session_id: w.session }), { assignment_id: null, workshop_id: null }],
    [training],
  ],
  ['time_entry_check1', 'time_entry', 'timeEntry', [{ workshop_id: null }], [training]],
  ['time_entry_check2', 'time_entry', 'timeEntry', [(w) => ({ session_id: w.session })], [training]],
  // An absence has its code; time is positive unless it is an adjustment; an adjustment has its reason.
  [
    'time_entry_check3',
    'time_entry',
    'timeEntry',
    [{ kind: 'absence', minutes: 0 }, { absence_code: 'M' }],
    [{ kind: 'absence', absence_code: 'M', minutes: 0 }],
  ],
  ['time_entry_check4', 'time_entry', 'timeEntry', [{ minutes: 0 }], [{ minutes: 1 }, { minutes: -60, is_adjustment: true, adjustment_reason: 'Correction' }]],
  ['time_entry_check5', 'time_entry', 'timeEntry', [{ is_adjustment: true, adjustment_reason: '  ' }], [{ is_adjustment: true, adjustment_reason: 'x' }]],

  // A leave policy's version (issue 19): quantities in hundredths of a day, never negative; a reference period that starts every year.
  ['leave_policy_name_check', 'leave_policy', 'leavePolicy', [{ name: ' ab ' }, { name: 'a' }, { name: x(121) }], [{ name: 'ab' }, { name: x(120) }]],
  ['leave_policy_basis_check', 'leave_policy', 'leavePolicy', [{ basis: 'week' }], [{ basis: 'hours', days_per_block: 100, block_minutes: 4800 }]],
  [
    'leave_policy_days_per_month_check',
    'leave_policy',
    'leavePolicy',
    [{ days_per_month: 3101 }, { basis: 'hours', days_per_block: 100, block_minutes: 4800, days_per_month: -1 }],
    [{ days_per_month: 1 }, { days_per_month: 3100 }],
  ],
  [
    'leave_policy_month_min_days_check',
    'leave_policy',
    'leavePolicy',
    [{ month_min_days: 0 }, { month_min_days: 32 }],
    [{ month_min_days: 1 }, { month_min_days: 31 }],
  ],
  [
    'leave_policy_month_min_minutes_check',
    'leave_policy',
    'leavePolicy',
    [
      { month_min_days: null, month_min_minutes: 0 },
      { month_min_days: null, month_min_minutes: 44641 },
    ],
    [
      { month_min_days: null, month_min_minutes: 1 },
      { month_min_days: null, month_min_minutes: 44640 },
    ],
  ],
  [
    'leave_policy_days_per_block_check',
    'leave_policy',
    'leavePolicy',
    [{ days_per_block: -1 }, { days_per_block: 3101 }],
    [{ days_per_block: 0 }, { days_per_block: 3100 }],
  ],
  [
    'leave_policy_block_minutes_check',
    'leave_policy',
    'leavePolicy',
    [{ block_minutes: -1 }, { block_minutes: 44641 }],
    [{ block_minutes: 0 }, { block_minutes: 44640 }],
  ],
  [
    'leave_policy_period_start_check',
    'leave_policy',
    'leavePolicy',
    [
      { period_start: '6-01' },
      { period_start: '13-01' },
      { period_start: '00-10' },
      { period_start: '02-29' },
      { period_start: '04-31' },
      { period_start: '06-01 ' },
    ],
    [{ period_start: '02-28' }, { period_start: '12-31' }, { period_start: '01-01' }],
  ],
  ['leave_policy_rounding_check', 'leave_policy', 'leavePolicy', [{ rounding: 'quarter' }], [{ rounding: 'none' }, { rounding: 'day_up' }]],
  [
    'leave_policy_yearly_cap_days_check',
    'leave_policy',
    'leavePolicy',
    [{ yearly_cap_days: -1 }, { yearly_cap_days: 36601 }],
    [{ yearly_cap_days: 0 }, { yearly_cap_days: 36600 }, { yearly_cap_days: null }],
  ],
  [
    'leave_policy_carry_over_days_check',
    'leave_policy',
    'leavePolicy',
    [{ carry_over_days: -1 }, { carry_over_days: 36601 }],
    [{ carry_over_days: 0 }, { carry_over_days: 36600 }, { carry_over_days: null }],
  ],
  [
    'leave_policy_carry_over_months_check',
    'leave_policy',
    'leavePolicy',
    [{ carry_over_months: 0 }, { carry_over_months: 121 }],
    [{ carry_over_months: 1 }, { carry_over_months: 120 }, { carry_over_months: null }],
  ],
  [
    'leave_policy_pay_rate_basis_points_check',
    'leave_policy',
    'leavePolicy',
    [{ pay_rate_basis_points: -1 }, { pay_rate_basis_points: 20001 }],
    [{ pay_rate_basis_points: 0 }, { pay_rate_basis_points: 20000 }],
  ],
  ['leave_policy_settlement_check', 'leave_policy', 'leavePolicy', [{ settlement: 'kept' }], [{ settlement: 'paid_out' }]],
  // Earned by the month: days per month, and a threshold in days or in minutes, one of the two.
  [
    'leave_policy_month_threshold',
    'leave_policy',
    'leavePolicy',
    [{ month_min_minutes: 600 }, { month_min_days: null }, { days_per_month: 0 }],
    [
      { month_min_days: null, month_min_minutes: 600 },
      { basis: 'hours', days_per_block: 100, block_minutes: 4800, month_min_days: null },
    ],
  ],
  // Earned by the hour: a block of time and the days it earns.
  [
    'leave_policy_hours_block',
    'leave_policy',
    'leavePolicy',
    [{ basis: 'hours' }, { basis: 'hours', days_per_block: 100 }, { basis: 'hours', block_minutes: 4800 }],
    [{ basis: 'hours', days_per_block: 100, block_minutes: 4800 }],
  ],
  ['leave_request_days_check', 'leave_request', 'leaveRequest', [{ days: 49 }, { days: 36601 }], [{ days: 50 }, { days: 36600 }]],
  ['leave_request_reason_check', 'leave_request', 'leaveRequest', [{ reason: 'holiday' }], [{ reason: 'authorised_absence' }]],
  ['leave_request_comment_check', 'leave_request', 'leaveRequest', [{ comment: x(301) }], [{ comment: x(300) }]],
  ['leave_request_status_check', 'leave_request', 'leaveRequest', [{ status: 'pending' }], [approvedBy]],
  [
    'leave_request_refusal_reason_check',
    'leave_request',
    'leaveRequest',
    [(w) => ({ ...approvedBy(w), status: 'refused', refusal_reason: x(301) })],
    [(w) => ({ ...approvedBy(w), status: 'refused', refusal_reason: x(300) })],
  ],
  ['leave_request_dates', 'leave_request', 'leaveRequest', [{ ends_on: '2026-04-05' }], [{ ends_on: '2026-04-06', ends_morning: false }]],
  [
    'leave_request_half_days',
    'leave_request',
    'leaveRequest',
    [{ ends_on: '2026-04-06', starts_afternoon: true }],
    [{ ends_on: '2026-04-06', starts_afternoon: false }, { starts_afternoon: true }],
  ],
  // Approved or refused: by whom and when; refused: why (and only then); cancelled: when.
  ['leave_request_decided', 'leave_request', 'leaveRequest', [{ status: 'approved' }, (w) => ({ ...approvedBy(w), decided_by_id: null })], [approvedBy]],
  [
    'leave_request_refusal_reason',
    'leave_request',
    'leaveRequest',
    [
      (w) => ({ ...approvedBy(w), status: 'refused' }),
      { refusal_reason: 'Atelier fermé' },
      (w) => ({ ...approvedBy(w), status: 'refused', refusal_reason: '  ' }),
    ],
    [(w) => ({ ...approvedBy(w), status: 'refused', refusal_reason: 'Atelier fermé' })],
  ],
  [
    'leave_request_cancelled',
    'leave_request',
    'leaveRequest',
    [{ status: 'cancelled' }, { cancelled_at: '2026-04-01T10:00:00Z' }],
    [{ status: 'cancelled', cancelled_at: '2026-04-01T10:00:00Z' }],
  ],
  // Only a request the leaving refused or cancelled carries the mark that cancelling the leaving reads.
  [
    'leave_request_closed_by_leaving',
    'leave_request',
    'leaveRequest',
    [{ closed_by_leaving: true }, (w) => ({ ...approvedBy(w), closed_by_leaving: true })],
    [{ status: 'cancelled', cancelled_at: '2026-04-01T10:00:00Z', closed_by_leaving: true }],
  ],
  [
    'leave_adjustment_reason_check',
    'leave_adjustment',
    'leaveAdjustment',
    [{ reason: '  ab  ' }, { reason: x(301) }, { reason: 'abc\tdef' }],
    [{ reason: 'abc' }, { reason: x(300) }],
  ],
  [
    'leave_adjustment_amount',
    'leave_adjustment',
    'leaveAdjustment',
    [{ centidays: 0 }, { centidays: 6050 }, { centidays: -6050 }, { centidays: 25 }],
    [{ centidays: 6000 }, { centidays: -6000 }, { centidays: -50 }],
  ],

  ['committee_kind_check', 'committee', 'committee', [{ kind: 'cap' }], [{ kind: 'cpu' }]],
  ['committee_name_check', 'committee', 'committee', [{ name: ' a ' }, { name: x(121) }, { name: 'ab\tc' }], [{ name: 'ab' }, { name: x(120) }]],
  [
    'committee_code_check',
    'committee',
    'committee',
    [{ code: 'ct-brest' }, { code: 'CT--BREST' }, { code: '-CT' }, { code: 'A'.repeat(25) }],
    [{ code: 'CT-BREST' }, { code: 'A'.repeat(24) }],
  ],
  ['committee_quorum_check', 'committee', 'committee', [{ quorum: 0 }, { quorum: 201 }], [{ quorum: 1 }, { quorum: 200 }, { quorum: null }]],

  ['committee_member_name_check', 'committee_member', 'committeeMember', [{ user_id: null, name: x(121) }], [{ user_id: null, name: x(120) }]],
  ['committee_member_organisation_check', 'committee_member', 'committeeMember', [{ organisation: x(161) }], [{ organisation: x(160) }]],
  ['committee_member_function_check', 'committee_member', 'committeeMember', [{ function: x(121) }], [{ function: x(120) }]],
  [
    'committee_member_email_check',
    'committee_member',
    'committeeMember',
    [{ email: 'sans-arobase' }, { email: `${x(250)}@e.fr` }],
    [{ email: 'a@b' }, { email: `${x(249)}@e.fr` }],
  ],
  ['committee_member_role_check', 'committee_member', 'committeeMember', [{ role: 'vice_chair' }], [{ role: 'secretary' }]],
  // A user of the app, or an external member with a name: never both, never neither.
  [
    'committee_member_who',
    'committee_member',
    'committeeMember',
    [{ name: 'Claire Dupont' }, { user_id: null }, { user_id: null, name: ' a ' }],
    [{ user_id: null, name: 'Claire Dupont' }],
  ],

  ['committee_meeting_place_check', 'committee_meeting', 'meeting', [{ place: x(201) }], [{ place: x(200) }]],
  [
    'committee_meeting_video_link_check',
    'committee_meeting',
    'meeting',
    [{ video_link: 'http://visio.example' }, { video_link: 'https://a b' }, { video_link: `https://${x(493)}` }],
    [{ video_link: 'https://visio.example/salle' }, { video_link: `https://${x(492)}` }],
  ],
  [
    'committee_meeting_status_check',
    'committee_meeting',
    'meeting',
    [{ status: 'published', submitted_at: '2026-03-05T12:00:00Z' }],
    [{ status: 'submitted', submitted_at: '2026-03-05T12:00:00Z' }],
  ],
  ['committee_meeting_edition_check', 'committee_meeting', 'meeting', [{ edition: 0 }], [{ edition: 1 }, { edition: 2 }]],
  [
    'committee_meeting_correction_reason_check',
    'committee_meeting',
    'meeting',
    [{ correction_reason: x(501) }, { correction_reason: 'a\u0007b' }],
    [{ correction_reason: x(500) }, { correction_reason: '' }],
  ],
  // Approved: when, on which day and by whom; submitted or approved: when submitted.
  [
    'committee_meeting_approved',
    'committee_meeting',
    'meeting',
    [
      { status: 'approved', submitted_at: '2026-03-05T12:00:00Z' },
      (w) => ({ status: 'approved', submitted_at: '2026-03-05T12:00:00Z', approved_on: '2026-03-06', approved_by_id: w.user }),
    ],
    [
      (w) => ({
        status: 'approved',
        submitted_at: '2026-03-05T12:00:00Z',
        approved_on: '2026-03-06',
        approved_at: '2026-03-06T10:00:00Z',
        approved_by_id: w.user,
      }),
    ],
  ],
  ['committee_meeting_submitted', 'committee_meeting', 'meeting', [{ status: 'submitted' }], [{ status: 'submitted', submitted_at: '2026-03-05T12:00:00Z' }]],

  ['meeting_item_position_check', 'meeting_item', 'meetingItem', [{ position: 0 }, { position: 201 }], [{ position: 1 }, { position: 200 }]],
  ['meeting_item_kind_check', 'meeting_item', 'meetingItem', [{ kind: 'other' }], [{ kind: 'follow_up' }, { kind: 'cpu' }]],
  ['meeting_item_title_check', 'meeting_item', 'meetingItem', [{ title: ' a ' }, { title: x(201) }, { title: 'ab\nc' }], [{ title: 'ab' }, { title: x(200) }]],
  ['meeting_item_presenter_check', 'meeting_item', 'meetingItem', [{ presenter: x(121) }], [{ presenter: x(120) }]],
  [
    'meeting_item_expected_minutes_check',
    'meeting_item',
    'meetingItem',
    [{ expected_minutes: 0 }, { expected_minutes: 601 }],
    [{ expected_minutes: 1 }, { expected_minutes: 600 }, { expected_minutes: null }],
  ],
  ['meeting_item_discussion_check', 'meeting_item', 'meetingItem', [{ discussion: x(20001) }], [{ discussion: `${x(10)}\n\n- ${x(19985)}` }]],

  ['committee_decision_text_check', 'committee_decision', 'decision', [{ text: ' a ' }, { text: x(2001) }], [{ text: 'ab' }, { text: x(2000) }]],
  [
    'committee_decision_year_check',
    'committee_decision',
    'decision',
    [
      { year: 1999, number: 1 },
      { year: 2201, number: 1 },
    ],
    [
      { year: 2000, number: 1 },
      { year: 2200, number: 1 },
    ],
  ],
  [
    'committee_decision_number_check',
    'committee_decision',
    'decision',
    [
      { year: 2026, number: 0 },
      { year: 2026, number: 10000 },
    ],
    [{ year: 2026, number: 9999 }],
  ],
  [
    'committee_decision_numbered',
    'committee_decision',
    'decision',
    [{ year: 2026 }, { number: 7 }],
    [
      { year: 2026, number: 7 },
      { year: null, number: null },
    ],
  ],

  ['action_item_title_check', 'action_item', 'actionItem', [{ title: ' a ' }, { title: x(301) }, { title: 'ab\tc' }], [{ title: 'ab' }, { title: x(300) }]],
  ['action_item_status_check', 'action_item', 'actionItem', [{ status: 'late' }], [{ status: 'in_progress' }, { status: 'dropped' }]],
  ['action_item_comment_check', 'action_item', 'actionItem', [{ comment: x(1001) }], [{ comment: x(1000) }]],
  ['action_update_status_check', 'action_update', 'actionUpdate', [{ status: 'late' }], [{ status: 'done' }]],
  ['action_update_comment_check', 'action_update', 'actionUpdate', [{ comment: x(1001) }], [{ comment: x(1000) }]],

  ['cpu_opinion_opinion_check', 'cpu_opinion', 'cpuOpinion', [{ opinion: 'reserved' }], [{ opinion: 'unfavourable' }]],
  ['cpu_opinion_reason_check', 'cpu_opinion', 'cpuOpinion', [{ reason: x(301) }, { reason: 'ab\nc' }], [{ reason: x(300) }]],

  ['minutes_edition_edition_check', 'minutes_edition', 'minutesEdition', [{ edition: 0 }], [{ edition: 2 }]],
  [
    'minutes_edition_sha256_check',
    'minutes_edition',
    'minutesEdition',
    [{ sha256: 'A'.repeat(64) }, { sha256: 'a'.repeat(63) }],
    [{ sha256: '0f'.repeat(32) }],
  ],

  ['partner_address_check', 'partner', 'partner', [{ address: x(301) }], [{ address: x(300) }]],
  ['partner_website_check', 'partner', 'partner', [{ website: x(201) }], [{ website: x(200) }]],
  ['partner_description_check', 'partner', 'partner', [{ description: x(1001) }], [{ description: x(1000) }]],
  // Only a partner's account administers its organisation.
  [
    'app_user_partner_admin',
    'app_user',
    'user',
    [{ partner_admin: true }],
    [(w) => ({ role: 'partner', partner_id: w.partner, partner_admin: true }), { partner_admin: false }],
  ],
  // « Semaine complète »: when and by whom, both or neither.
  [
    'timesheet_week_completed',
    'timesheet_week',
    'week',
    [{ completed_at: '2026-03-09T10:00:00Z' }, (w) => ({ completed_by_id: w.user })],
    [(w) => ({ completed_at: '2026-03-09T10:00:00Z', completed_by_id: w.user })],
  ],

  ['partner_contact_name_check1', 'partner_contact', 'partnerContact', [{ name: ' a ' }, { name: x(121) }], [{ name: 'ab' }, { name: x(120) }]],
  ['partner_contact_function_check', 'partner_contact', 'partnerContact', [{ function: x(121) }], [{ function: x(120) }]],
  ['partner_contact_email_check1', 'partner_contact', 'partnerContact', [{ email: x(255) }], [{ email: x(254) }]],
  ['partner_contact_phone_check1', 'partner_contact', 'partnerContact', [{ phone: x(41) }], [{ phone: x(40) }]],

  [
    'partner_agreement_reference_check',
    'partner_agreement',
    'partnerAgreement',
    [{ reference: ' a ' }, { reference: x(81) }],
    [{ reference: 'ab' }, { reference: x(80) }],
  ],
  ['partner_agreement_title_check', 'partner_agreement', 'partnerAgreement', [{ title: x(201) }], [{ title: x(200) }]],
  ['partner_agreement_notes_check', 'partner_agreement', 'partnerAgreement', [{ notes: x(1001) }], [{ notes: x(1000) }]],
  ['partner_agreement_dates', 'partner_agreement', 'partnerAgreement', [{ ends_on: '2025-12-31' }], [{ ends_on: '2026-01-01' }]],

  [
    'partner_invitation_email_check',
    'partner_invitation',
    'partnerInvitation',
    [{ email: 'Collegue@exemple.fr' }, { email: ' collegue@exemple.fr' }, { email: 'ab' }, { email: `${x(250)}@e.fr` }],
    [{ email: 'a@b' }],
  ],
  [
    'partner_invitation_display_name_check',
    'partner_invitation',
    'partnerInvitation',
    [{ display_name: ' a ' }, { display_name: x(121) }],
    [{ display_name: 'ab' }, { display_name: x(120) }],
  ],
  // Used: when and by which new account, both or neither; never both used and cancelled; expires after it was sent.
  [
    'partner_invitation_used',
    'partner_invitation',
    'partnerInvitation',
    [{ used_at: '2026-03-10T10:00:00Z' }, (w) => ({ used_by_id: w.user })],
    [(w) => ({ used_at: '2026-03-10T10:00:00Z', used_by_id: w.user })],
  ],
  [
    'partner_invitation_closed',
    'partner_invitation',
    'partnerInvitation',
    [(w) => ({ used_at: '2026-03-10T10:00:00Z', used_by_id: w.user, revoked_at: '2026-03-10T10:00:00Z' })],
    [{ revoked_at: '2026-03-10T10:00:00Z' }],
  ],
  ['partner_invitation_expiry', 'partner_invitation', 'partnerInvitation', [{ expires_at: '2000-01-01T00:00:00Z' }], [{ expires_at: '2099-12-31T00:00:00Z' }]],

  [
    'activity_entry_kind_check',
    'activity_entry',
    'activityEntry',
    [{ kind: 'sale', quantity: null, unit: '', customer_kind: null, description: 'Inventaire' }],
    [{ kind: 'other', quantity: null, unit: '', customer_kind: null, description: 'Inventaire' }],
  ],
  ['activity_entry_unit_check', 'activity_entry', 'activityEntry', [{ unit: x(41) }], [{ unit: x(40) }]],
  ['activity_entry_customer_kind_check', 'activity_entry', 'activityEntry', [{ customer_kind: 'state' }], [{ customer_kind: 'internal' }]],
  ['activity_entry_topic_check', 'activity_entry', 'activityEntry', [{ topic: x(201) }], [{ topic: x(200) }]],
  [
    'activity_entry_visitor_kind_check',
    'activity_entry',
    'activityEntry',
    [{ kind: 'event', quantity: null, unit: '', customer_kind: null, visitor_kind: 'press' }],
    [{ kind: 'event', quantity: null, unit: '', customer_kind: null, visitor_kind: 'family' }],
  ],
  [
    'activity_entry_severity_check',
    'activity_entry',
    'activityEntry',
    [{ kind: 'incident', quantity: null, unit: '', customer_kind: null, severity: 'critical', description: 'Outil cassé' }],
    [{ kind: 'incident', quantity: null, unit: '', customer_kind: null, severity: 'serious', description: 'Outil cassé' }],
  ],
  [
    'activity_entry_description_check',
    'activity_entry',
    'activityEntry',
    [{ description: x(501) }, { description: 'ab\u0007c' }],
    [{ description: x(500) }, { description: 'ligne 1\nligne 2' }],
  ],
  // Each kind has its own fields, and only them.
  [
    'activity_entry_fields',
    'activity_entry',
    'activityEntry',
    [
      { quantity: 0 },
      { unit: ' ' },
      { customer_kind: null },
      { minutes: 60 },
      { kind: 'training', topic: 'Gestes et postures', minutes: 120, participants: 6 },
      { kind: 'training', quantity: null, unit: '', customer_kind: null, topic: 'Gestes et postures', minutes: 0, participants: 6 },
      { kind: 'training', quantity: null, unit: '', customer_kind: null, topic: 'Gestes et postures', minutes: 120, participants: 0 },
      { kind: 'event', quantity: null, unit: '', customer_kind: null },
      { kind: 'incident', quantity: null, unit: '', customer_kind: null, severity: 'minor', description: 'ab' },
      { kind: 'meeting', quantity: null, unit: '', customer_kind: null, topic: 'a' },
      { kind: 'other', quantity: null, unit: '', customer_kind: null, description: '' },
    ],
    [
      { quantity: 0.5 },
      { kind: 'training', quantity: null, unit: '', customer_kind: null, topic: 'Gestes et postures', minutes: 1440, participants: 500 },
      { kind: 'event', quantity: null, unit: '', customer_kind: null, visitor_kind: 'employer' },
      { kind: 'incident', quantity: null, unit: '', customer_kind: null, severity: 'minor', description: 'abc' },
      { kind: 'meeting', quantity: null, unit: '', customer_kind: null, topic: 'Bilan' },
      { kind: 'other', quantity: null, unit: '', customer_kind: null, description: 'Inventaire' },
    ],
  ],
  ['activity_entry_not_itself', 'activity_entry', 'activityEntry', [(w) => ({ corrects_id: w.activityEntry })], [{ corrects_id: null }]],

  [
    'assignment_skill_label',
    'assignment_skill',
    'assignmentSkill',
    [{ label: ' a ' }, { label: x(121) }, { label: 'ab\tc' }],
    [{ label: 'ab' }, { label: x(120) }],
  ],
  ['attestation_sha256', 'attestation', 'attestation', [{ sha256: 'A'.repeat(64) }, { sha256: 'a'.repeat(63) }], [{ sha256: '0f'.repeat(32) }]],

  ['evaluation_report_status', 'evaluation_report', 'evaluationReport', [{ status: 'archived', ...notGenerated }], [{ status: 'queued', ...notGenerated }]],
  [
    'evaluation_report_period',
    'evaluation_report',
    'evaluationReport',
    [{ period: '2026-T5' }, { period: '2026-13' }, { period: '26-T1' }, { period_to: '2025-12-31' }],
    [{ period: '2026' }, { period: '2026-12' }, { period: '2026-T4' }, { period_to: '2026-01-01' }],
  ],
  ['evaluation_report_version', 'evaluation_report', 'evaluationReport', [{ version: 0 }], [{ version: 1 }]],
  ['evaluation_report_progress', 'evaluation_report', 'evaluationReport', [{ progress: -1 }, { progress: 101 }], [{ progress: 0 }, { progress: 100 }]],
  ['evaluation_report_step', 'evaluation_report', 'evaluationReport', [{ step: x(121) }, { error: x(501) }], [{ step: x(120) }, { error: x(500) }]],
  [
    'evaluation_report_generated',
    'evaluation_report',
    'evaluationReport',
    [{ pdf: null }, { figures: null }, { data_version: null }, { generated_at: null }, { status: 'failed' }],
    [{ status: 'failed', ...notGenerated }, (w) => ({ status: 'shared', shared_by_id: w.user, shared_at: '2026-04-03T08:00:00Z' })],
  ],
  [
    'evaluation_report_hashes',
    'evaluation_report',
    'evaluationReport',
    [{ pdf_sha256: 'A'.repeat(64) }, { figures_sha256: 'a'.repeat(63) }],
    [{ pdf_sha256: '0f'.repeat(32) }, { figures_sha256: 'f'.repeat(64) }],
  ],
  [
    'evaluation_report_shared',
    'evaluation_report',
    'evaluationReport',
    [{ status: 'shared' }, (w) => ({ shared_by_id: w.user, shared_at: '2026-04-03T08:00:00Z' }), (w) => ({ status: 'shared', shared_by_id: w.user })],
    [(w) => ({ status: 'shared', shared_by_id: w.user, shared_at: '2026-04-03T08:00:00Z' })],
  ],
  [
    'evaluation_report_comment_section',
    'evaluation_report_comment',
    'evaluationReportComment',
    [{ section: '' }, { section: 'Synthese' }, { section: 'a'.repeat(41) }, { section: 'qualité' }],
    [{ section: 'a'.repeat(40) }, { section: 'qualite-2' }],
  ],
  [
    'evaluation_report_comment_body',
    'evaluation_report_comment',
    'evaluationReportComment',
    [{ body: '' }, { body: '   ' }, { body: x(2001) }],
    [{ body: 'a' }, { body: x(2000) }],
  ],
];

/** Attendance rows have no id of their own: each case inserts a row for a new member, in a rolled-back transaction. */
const attendanceRow =
  (status: string, representedBy = ''): ((w: World) => Statement[]) =>
  (w) => [
    [`insert into committee_member (committee_id, name) values ($1, 'Membre externe')`, [w.committee]],
    [
      `insert into meeting_attendance (meeting_id, member_id, status, represented_by) values ($1, (select max(id) from committee_member), $2, $3)`,
      [w.meeting, status, representedBy],
    ],
  ];
const ROWLESS_CHECKS: Array<[string, Array<(w: World) => Statement[]>, Array<(w: World) => Statement[]>]> = [
  ['meeting_attendance_status_check', [attendanceRow('late')], [attendanceRow('excused')]],
  ['meeting_attendance_represented_by_check', [attendanceRow('represented', x(121))], [attendanceRow('represented', x(120))]],
  // Represented: by whom (and only then).
  [
    'meeting_attendance_represented',
    [attendanceRow('represented'), attendanceRow('represented', ' a '), attendanceRow('present', 'Claire Dupont')],
    [attendanceRow('represented', 'Claire Dupont'), attendanceRow('absent')],
  ],
];

describe('CHECK constraints', () => {
  it('are all listed here', async () => {
    const { rows } = await db.client.query<{ name: string }>(
      `select conname as name from pg_constraint where contype = 'c' and connamespace = 'public'::regnamespace order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual([...CHECKS, ...ROWLESS_CHECKS].map(([name]) => name).sort());
  });

  it.each(ROWLESS_CHECKS)('%s refuses a row outside its limit and accepts one inside', async (constraint, refused, accepted) => {
    for (const statements of refused) expect((await db.attempt(...statements(w)))?.constraint).toBe(constraint);
    for (const statements of accepted) expect((await db.attempt(...statements(w)))?.message ?? null).toBeNull();
  });

  // The table's own triggers are set aside for the attempt, so that the CHECK alone answers.
  it.each(CHECKS)('%s refuses just outside its limit and accepts just inside (%s)', async (constraint, table, row, refused, accepted) => {
    const id = w[row];
    for (const values of refused) {
      const error = await db.attempt(`alter table ${table} disable trigger user`, updateRow(table, id, resolve(values)));
      expect(error?.constraint, JSON.stringify(resolve(values))).toBe(constraint);
    }
    for (const values of accepted) {
      const error = await db.attempt(`alter table ${table} disable trigger user`, updateRow(table, id, resolve(values)));
      expect(error?.message ?? null, JSON.stringify(resolve(values))).toBeNull();
    }
  });
});

type Statement = string | [string, unknown[]];
/** constraint or index, statements it refuses, statements it accepts (each list run in its own rolled-back transaction). */
type StatementCase = [string, (w: World) => Statement[], (w: World) => Statement[]];

const establishmentRow = (name: string): Statement => [`insert into establishment (name, kind, city, capacity) values ($1, 'inserre', 'Arras', 10)`, [name]];
const partnerRow = (name: string, siret: string | null = null): Statement => [
  `insert into partner (name, kind, siret) values ($1, 'association', $2)`,
  [name, siret],
];
const workshopRow = (establishment: number, partner: number, name: string): Statement => [
  `insert into workshop (establishment_id, partner_id, name, activity, iae_type) values ($1, $2, $3, 'Menuiserie', 'none')`,
  [establishment, partner, name],
];
const postRow = (establishment: number, workshop: number, code: string): Statement => [
  `insert into post (establishment_id, workshop_id, title, code, weekly_minutes, pay_category) values ($1, $2, 'Menuisier', $3, 1200, 'production')`,
  [establishment, workshop, code],
];
const personRow = (establishment: number, prisonNumber: string): Statement => [
  `insert into detainee (establishment_id, prison_number, last_name, first_name, birth_date, arrival_date) values ($1, $2, 'Durand', 'Luc', '1985-06-01', '2026-01-05')`,
  [establishment, prisonNumber],
];
const candidacyRow = (establishment: number, detainee: number, target: 'workshop' | 'post' | 'session', id: number): Statement => [
  `insert into candidacy (establishment_id, detainee_id, target, ${target === 'session' ? 'session' : target}_id, proposed_by, submitted_on) values ($1, $2, $3, $4, 'cpip', '2026-01-12')`,
  [establishment, detainee, target, id],
];
/** A finished contract in January and February: it overlaps nothing of the seeded world. */
const earlyAssignmentRow = (establishment: number, detainee: number, post: number): Statement => [
  `insert into assignment (establishment_id, detainee_id, post_id, contract_reference, starts_on, trial_ends_on, ended_on, end_reason, weekly_minutes, pay_category)
   values ($1, $2, $3, 'CEP-2', '2026-01-05', '2026-01-04', '2026-02-28', 'end_of_contract', 600, 'production')`,
  [establishment, detainee, post],
];
/** `detainee`: an id, or a subquery naming a person added earlier in the same attempt. */
const enrollmentRow = (establishment: number, detainee: number | string, session: number): Statement =>
  typeof detainee === 'number'
    ? [`insert into enrollment (establishment_id, detainee_id, session_id, starts_on) values ($1, $2, $3, '2026-02-02')`, [establishment, detainee, session]]
    : [`insert into enrollment (establishment_id, detainee_id, session_id, starts_on) values ($1, ${detainee}, $2, '2026-02-02')`, [establishment, session]];
const workEntryRow = (w: World, detainee: number, day: string): Statement => [
  `insert into time_entry (establishment_id, detainee_id, assignment_id, workshop_id, day, kind, minutes) values ($1, $2, $3, $4, $5, 'work', 60)`,
  [w.establishment, detainee, w.assignment, w.workshop, day],
];
const trainingEntryRow = (w: World, day: string): Statement => [
  `insert into time_entry (establishment_id, detainee_id, enrollment_id, session_id, day, kind, minutes) values ($1, $2, $3, $4, $5, 'training', 60)`,
  [w.establishment, w.detainee, w.enrollment, w.session, day],
];
const sessionWeekRow = (w: World, monday: string): Statement => [
  `insert into timesheet_week (establishment_id, session_id, week_start) values ($1, $2, $3)`,
  [w.establishment, w.session, monday],
];
const leavePolicyRow = (establishment: number, from: string): Statement => [
  `insert into leave_policy (establishment_id, effective_from, name, basis, days_per_month, month_min_days, days_per_block, block_minutes, period_start, rounding, pay_rate_basis_points, settlement)
   values ($1, $2, 'Modèle InSERRE', 'month', 100, 10, 0, 0, '06-01', 'half_day_up', 10000, 'lost')`,
  [establishment, from],
];
const newPerson = (w: World) => `(select id from detainee where establishment_id = ${w.establishment} and prison_number = 'A2')`;

const minutesEditionRow = (w: World, edition: number): Statement => [
  `insert into minutes_edition (meeting_id, edition, content, pdf, sha256, approved_on, approved_at, approved_by_id) values ($1, $2, '{}', '\\x00', $3, '2026-03-06', '2026-03-06T10:00:00Z', $4)`,
  [w.meeting, edition, 'b'.repeat(64), w.user],
];

const agreementRow = (partner: number, establishment: number, reference: string): Statement => [
  `insert into partner_agreement (partner_id, establishment_id, reference, starts_on, ends_on) values ($1, $2, $3, '2027-01-01', '2027-12-31')`,
  [partner, establishment, reference],
];
const invitationRow = (w: World, email: string, hashLetter: string): Statement => [
  `insert into partner_invitation (partner_id, email, display_name, token_hash, expires_at, created_by_id) values ($1, $2, 'Alex Collègue', $3, '2099-01-01T00:00:00Z', $4)`,
  [w.partner, email, hashLetter.repeat(64), w.user],
];
const skillRow = (w: World, assignment: number, label: string): Statement => [
  `insert into assignment_skill (establishment_id, assignment_id, label, noted_on, noted_by_id) values ($1, $2, $3, '2026-03-11', $4)`,
  [w.establishment, assignment, label, w.user],
];
const reportRow = (w: World, period: string, version: number, status = 'queued'): Statement => [
  `insert into evaluation_report (establishment_id, period, period_from, period_to, version, status, requested_by_id) values ($1, $2, '2026-01-01', '2026-03-31', $3, $4, $5)`,
  [w.establishment, period, version, status, w.user],
];
const commentRow = (w: World, establishment: number, section: string): Statement => [
  `insert into evaluation_report_comment (establishment_id, report_id, section, body, author_id) values ($1, $2, $3, 'Relu.', $4)`,
  [establishment, w.evaluationReport, section, w.user],
];
/** A correction of the seeded production entry. */
const correctionRow = (w: World): Statement => [
  `insert into activity_entry (establishment_id, workshop_id, partner_id, day, kind, quantity, unit, customer_kind, corrects_id)
   values ($1, $2, $3, '2026-03-03', 'production', 110, 'livres reliés', 'public', $4)`,
  [w.establishment, w.workshop, w.partner, w.activityEntry],
];

const UNIQUE_KEYS: StatementCase[] = [
  [
    'committee_code_unique',
    () => [`insert into committee (kind, name, code) values ('cpu', 'CPU de test', 'CT-TEST')`],
    () => [`insert into committee (kind, name, code) values ('cpu', 'CPU de test', 'CPU-TEST')`],
  ],
  [
    'committee_member_user_unique',
    (w) => [[`insert into committee_member (committee_id, user_id) values ($1, $2)`, [w.committee, w.user]]],
    (w) => [[`insert into committee_member (committee_id, name) values ($1, 'Claire Dupont'), ($1, 'Claire Dupont')`, [w.committee]]],
  ],
  // One chair and one secretary among the current members; a chair who left makes way for the next.
  [
    'committee_member_one_chair',
    (w) => [[`insert into committee_member (committee_id, name, role) values ($1, 'Claire Dupont', 'chair')`, [w.committee]]],
    (w) => [
      updateRow('committee_member', w.committeeMember, { left_at: '2026-03-10T10:00:00Z' }),
      [`insert into committee_member (committee_id, name, role) values ($1, 'Claire Dupont', 'chair')`, [w.committee]],
    ],
  ],
  [
    'committee_member_one_secretary',
    (w) => [
      [`insert into committee_member (committee_id, name, role) values ($1, 'Paul Martin', 'secretary'), ($1, 'Claire Dupont', 'secretary')`, [w.committee]],
    ],
    (w) => [
      [`insert into committee_member (committee_id, name, role) values ($1, 'Paul Martin', 'secretary'), ($1, 'Claire Dupont', 'member')`, [w.committee]],
    ],
  ],
  [
    'meeting_item_position_unique',
    (w) => [[`insert into meeting_item (meeting_id, position, title) values ($1, 1, 'Questions diverses')`, [w.meeting]]],
    (w) => [[`insert into meeting_item (meeting_id, position, title) values ($1, 2, 'Questions diverses')`, [w.meeting]]],
  ],
  [
    'committee_decision_number_unique',
    (w) => [
      updateRow('committee_decision', w.decision, { year: 2026, number: 1 }),
      [`insert into committee_decision (committee_id, meeting_id, text, year, number) values ($1, $2, 'Autre décision', 2026, 1)`, [w.committee, w.meeting]],
    ],
    (w) => [
      updateRow('committee_decision', w.decision, { year: 2026, number: 1 }),
      [`insert into committee_decision (committee_id, meeting_id, text, year, number) values ($1, $2, 'Autre décision', 2026, 2)`, [w.committee, w.meeting]],
    ],
  ],
  [
    'action_update_unique',
    (w) => [[`insert into action_update (action_item_id, meeting_id, status) values ($1, $2, 'done')`, [w.actionItem, w.meeting]]],
    (w) => [
      [`insert into committee_meeting (committee_id, starts_at) values ($1, '2026-04-02T09:00:00Z')`, [w.committee]],
      [`insert into action_update (action_item_id, meeting_id, status) values ($1, (select max(id) from committee_meeting), 'done')`, [w.actionItem]],
    ],
  ],
  [
    'cpu_opinion_candidacy_unique',
    (w) => [[`insert into cpu_opinion (meeting_id, candidacy_id, opinion) values ($1, $2, 'unfavourable')`, [w.meeting, w.candidacy]]],
    (w) => [
      candidacyRow(w.establishment, w.detainee, 'session', w.session),
      [`insert into cpu_opinion (meeting_id, candidacy_id, opinion) values ($1, (select max(id) from candidacy), 'unfavourable')`, [w.meeting]],
    ],
  ],
  ['minutes_edition_unique', (w) => [minutesEditionRow(w, 1)], (w) => [minutesEditionRow(w, 2)]],
  [
    'partner_agreement_reference_unique',
    (w) => [agreementRow(w.partner, w.establishment, 'conv-2026-01')],
    (w) => [agreementRow(w.partner, w.elsewhere.establishment, 'CONV-2026-01'), agreementRow(w.partner, w.establishment, 'CONV-2027-01')],
  ],
  [
    'partner_invitation_pending_unique',
    (w) => [invitationRow(w, 'collegue@exemple.fr', 'b')],
    (w) => [updateRow('partner_invitation', w.partnerInvitation, { revoked_at: '2026-03-10T10:00:00Z' }), invitationRow(w, 'collegue@exemple.fr', 'b')],
  ],
  ['partner_invitation_token_hash_key', (w) => [invitationRow(w, 'autre@exemple.fr', 'a')], (w) => [invitationRow(w, 'autre@exemple.fr', 'b')]],
  ['activity_entry_corrects_id_key', (w) => [correctionRow(w), correctionRow(w)], (w) => [correctionRow(w)]],
  // One skill of a label per assignment, case and spaces aside.
  ['assignment_skill_unique', (w) => [skillRow(w, w.assignment, ' reliure À LA MAIN ')], (w) => [skillRow(w, w.assignment, 'Reliure à la japonaise')]],
  ['establishment_name_unique', () => [establishmentRow('INSERRE DE TEST')], () => [establishmentRow('InSERRE de test bis')]],
  // The seeded report is 2026-T1 version 1; a second version of the period is a new row.
  ['evaluation_report_unique_version', (w) => [reportRow(w, '2026-T1', 1)], (w) => [reportRow(w, '2026-T1', 2)]],
  // One generation queued or running at a time for an establishment and a period; a failed one makes way.
  [
    'evaluation_report_one_pending',
    (w) => [reportRow(w, '2026-T2', 1), reportRow(w, '2026-T2', 2, 'running')],
    (w) => [reportRow(w, '2026-T2', 1, 'failed'), reportRow(w, '2026-T2', 2), reportRow(w, '2026-T3', 1)],
  ],
  ['evaluation_report_comment_unique', (w) => [commentRow(w, w.establishment, 'synthese')], (w) => [commentRow(w, w.establishment, 'qualite')]],
  ['partner_name_unique', () => [partnerRow('ASSOCIATION DE TEST')], () => [partnerRow('Association de test bis')]],
  [
    'partner_siret_unique',
    (w) => [updateRow('partner', w.partner, { siret: '12345678901234' }), partnerRow('Autre structure', '12345678901234')],
    () => [partnerRow('Autre structure', null), partnerRow('Troisième structure', null)],
  ],
  [
    'app_user_email_unique',
    () => [`insert into app_user (email, display_name, password_hash, role) values ('coord@exemple.fr', 'Homonyme', 'x', 'committee')`],
    () => [`insert into app_user (email, display_name, password_hash, role) values ('coord2@exemple.fr', 'Homonyme', 'x', 'committee')`],
  ],
  [
    'pay_floor_category_effective_from_key',
    () => [`insert into pay_floor (category, effective_from, floor_basis_points) values ('production', '2022-05-01', 5000)`],
    () => [`insert into pay_floor (category, effective_from, floor_basis_points) values ('production', '2026-01-01', 5000)`],
  ],
  ['workshop_name_unique', (w) => [workshopRow(w.establishment, w.partner, 'RELIURE')], (w) => [workshopRow(w.elsewhere.establishment, w.partner, 'Reliure')]],
  ['post_code_unique', (w) => [postRow(w.establishment, w.workshop, 'REL-01')], (w) => [postRow(w.elsewhere.establishment, w.elsewhere.workshop, 'REL-01')]],
  [
    'training_programme_title_unique',
    () => [`insert into training_programme (title, provider, hours) values ('cap reliure', 'greta', 100)`],
    () => [`insert into training_programme (title, provider, hours) values ('CAP Reliure', 'AFPA', 100)`],
  ],
  ['detainee_prison_number_unique', (w) => [personRow(w.establishment, 'A1')], (w) => [personRow(w.elsewhere.establishment, 'A1')]],
  [
    'enrollment_once_per_session',
    (w) => [enrollmentRow(w.establishment, w.detainee, w.session)],
    (w) => [updateRow('enrollment', w.enrollment, dropped), enrollmentRow(w.establishment, w.detainee, w.session)],
  ],
  [
    'absence_reason_version_unique',
    (w) => [[`insert into absence_reason (establishment_id, code, label, effective_from) values ($1, 'MED', 'Médecin', '2022-05-01')`, [w.establishment]]],
    (w) => [[`insert into absence_reason (establishment_id, code, label, effective_from) values ($1, 'MED', 'Médecin', '2027-01-01')`, [w.establishment]]],
  ],
  [
    'working_time_setting_establishment_from',
    (w) => [
      [
        `insert into working_time_setting (establishment_id, effective_from, max_daily_minutes, max_weekly_minutes, max_worked_days, full_time_minutes, overtime_first_tier_minutes, overtime_first_tier_percent, overtime_beyond_percent, yearly_overtime_cap_minutes, complementary_first_tier_percent, complementary_second_tier_percent) values ($1, '2099-01-01', 600, 2880, 6, 2100, 480, 25, 50, 13200, 10, 25)`,
        [w.establishment],
      ],
    ],
    (w) => [
      [
        `insert into working_time_setting (establishment_id, effective_from, max_daily_minutes, max_weekly_minutes, max_worked_days, full_time_minutes, overtime_first_tier_minutes, overtime_first_tier_percent, overtime_beyond_percent, yearly_overtime_cap_minutes, complementary_first_tier_percent, complementary_second_tier_percent) values ($1, '2099-01-02', 600, 2880, 6, 2100, 480, 25, 50, 13200, 10, 25)`,
        [w.establishment],
      ],
    ],
  ],
  [
    'leave_policy_establishment_from',
    (w) => [leavePolicyRow(w.establishment, '2099-01-01')],
    (w) => [leavePolicyRow(w.establishment, '2099-01-02'), leavePolicyRow(w.elsewhere.establishment, '2099-01-01')],
  ],
  [
    'smic_rate_effective_from_key',
    () => [`insert into smic_rate (effective_from, hourly_cents) values ('2026-01-01', 1300)`],
    () => [`insert into smic_rate (effective_from, hourly_cents) values ('2026-07-01', 1300)`],
  ],
  [
    'timesheet_week_workshop_unique',
    (w) => [[`insert into timesheet_week (establishment_id, workshop_id, week_start) values ($1, $2, '2026-03-02')`, [w.establishment, w.workshop]]],
    (w) => [[`insert into timesheet_week (establishment_id, workshop_id, week_start) values ($1, $2, '2026-03-09')`, [w.establishment, w.workshop]]],
  ],
  [
    'timesheet_week_session_unique',
    (w) => [sessionWeekRow(w, '2026-03-02'), sessionWeekRow(w, '2026-03-02')],
    (w) => [sessionWeekRow(w, '2026-03-02'), sessionWeekRow(w, '2026-03-09')],
  ],
  ['time_entry_assignment_day', (w) => [workEntryRow(w, w.detainee, '2026-03-03')], (w) => [workEntryRow(w, w.detainee, '2026-03-04')]],
  [
    'time_entry_enrollment_day',
    (w) => [trainingEntryRow(w, '2026-03-05'), trainingEntryRow(w, '2026-03-05')],
    (w) => [trainingEntryRow(w, '2026-03-05'), trainingEntryRow(w, '2026-03-06')],
  ],
];

/** Each refused case points to a row of the other establishment; each accepted one to a row of its own. */
const leaveRequestRow = (establishment: number, detainee: number, assignment: number): Statement => [
  `insert into leave_request (establishment_id, detainee_id, assignment_id, starts_on, ends_on, days, reason) values ($1, $2, $3, '2026-05-04', '2026-05-04', 100, 'leave')`,
  [establishment, detainee, assignment],
];

const leaveAdjustmentRow = (establishment: number, detainee: number): Statement => [
  `insert into leave_adjustment (establishment_id, detainee_id, day, centidays, reason) values ($1, $2, '2026-05-04', -50, 'Correction')`,
  [establishment, detainee],
];

const activityRow = (establishment: number, workshop: number, partner: number): Statement => [
  `insert into activity_entry (establishment_id, workshop_id, partner_id, day, kind, description) values ($1, $2, $3, '2026-03-04', 'other', 'Inventaire')`,
  [establishment, workshop, partner],
];

const COMPOSITE_KEYS: StatementCase[] = [
  ['evaluation_report_comment_report_fk', (w) => [commentRow(w, w.elsewhere.establishment, 'qualite')], (w) => [commentRow(w, w.establishment, 'qualite')]],
  [
    'post_workshop_id_establishment_id_fkey',
    (w) => [postRow(w.establishment, w.elsewhere.workshop, 'REL-02')],
    (w) => [postRow(w.establishment, w.workshop, 'REL-02')],
  ],
  [
    'candidacy_detainee_id_establishment_id_fkey',
    (w) => [candidacyRow(w.establishment, w.elsewhere.detainee, 'workshop', w.workshop)],
    (w) => [candidacyRow(w.establishment, w.detainee, 'workshop', w.workshop)],
  ],
  [
    'candidacy_workshop_id_establishment_id_fkey',
    (w) => [candidacyRow(w.establishment, w.detainee, 'workshop', w.elsewhere.workshop)],
    (w) => [candidacyRow(w.establishment, w.detainee, 'workshop', w.workshop)],
  ],
  [
    'candidacy_post_id_establishment_id_fkey',
    (w) => [candidacyRow(w.establishment, w.detainee, 'post', w.elsewhere.post)],
    (w) => [candidacyRow(w.establishment, w.detainee, 'post', w.post)],
  ],
  [
    'candidacy_session_id_establishment_id_fkey',
    (w) => [candidacyRow(w.establishment, w.detainee, 'session', w.elsewhere.session)],
    (w) => [candidacyRow(w.establishment, w.detainee, 'session', w.session)],
  ],
  [
    'assignment_detainee_id_establishment_id_fkey',
    (w) => [earlyAssignmentRow(w.establishment, w.elsewhere.detainee, w.post)],
    (w) => [earlyAssignmentRow(w.establishment, w.detainee, w.post)],
  ],
  [
    'assignment_post_establishment_fk',
    (w) => [earlyAssignmentRow(w.establishment, w.detainee, w.elsewhere.post)],
    (w) => [earlyAssignmentRow(w.establishment, w.detainee, w.post)],
  ],
  [
    'assignment_suspension_assignment_id_establishment_id_fkey',
    (w) => [
      [
        `insert into assignment_suspension (establishment_id, assignment_id, starts_on, reason) values ($1, $2, '2026-06-01', 'court')`,
        [w.elsewhere.establishment, w.assignment],
      ],
    ],
    (w) => [
      [
        `insert into assignment_suspension (establishment_id, assignment_id, starts_on, reason) values ($1, $2, '2026-06-01', 'court')`,
        [w.establishment, w.assignment],
      ],
    ],
  ],
  [
    'enrollment_detainee_id_establishment_id_fkey',
    (w) => [enrollmentRow(w.establishment, w.elsewhere.detainee, w.session)],
    (w) => [personRow(w.establishment, 'A2'), enrollmentRow(w.establishment, newPerson(w), w.session)],
  ],
  [
    'enrollment_session_id_establishment_id_fkey',
    (w) => [personRow(w.establishment, 'A2'), enrollmentRow(w.establishment, newPerson(w), w.elsewhere.session)],
    (w) => [personRow(w.establishment, 'A2'), enrollmentRow(w.establishment, newPerson(w), w.session)],
  ],
  [
    'leave_request_detainee_id_establishment_id_fkey',
    (w) => [leaveRequestRow(w.establishment, w.elsewhere.detainee, w.assignment)],
    (w) => [leaveRequestRow(w.establishment, w.detainee, w.assignment)],
  ],
  [
    'leave_request_assignment_id_establishment_id_fkey',
    (w) => [leaveRequestRow(w.elsewhere.establishment, w.elsewhere.detainee, w.assignment)],
    (w) => [leaveRequestRow(w.establishment, w.detainee, w.assignment)],
  ],
  [
    'leave_adjustment_detainee_id_establishment_id_fkey',
    (w) => [leaveAdjustmentRow(w.establishment, w.elsewhere.detainee)],
    (w) => [leaveAdjustmentRow(w.establishment, w.detainee)],
  ],
  [
    'assignment_skill_assignment_fk',
    (w) => [
      [
        `insert into assignment_skill (establishment_id, assignment_id, label, noted_on, noted_by_id) values ($1, $2, 'Massicot', '2026-03-11', $3)`,
        [w.elsewhere.establishment, w.assignment, w.user],
      ],
    ],
    (w) => [
      [
        `insert into assignment_skill (establishment_id, assignment_id, label, noted_on, noted_by_id) values ($1, $2, 'Massicot', '2026-03-11', $3)`,
        [w.establishment, w.assignment, w.user],
      ],
    ],
  ],
  [
    'attestation_detainee_fk',
    (w) => [
      [
        `insert into attestation (establishment_id, detainee_id, issued_by_id, sha256) values ($1, $2, $3, $4)`,
        [w.establishment, w.elsewhere.detainee, w.user, 'c'.repeat(64)],
      ],
    ],
    (w) => [
      [
        `insert into attestation (establishment_id, detainee_id, issued_by_id, sha256) values ($1, $2, $3, $4)`,
        [w.establishment, w.detainee, w.user, 'c'.repeat(64)],
      ],
    ],
  ],
  [
    'activity_entry_workshop_id_establishment_id_fkey',
    (w) => [activityRow(w.elsewhere.establishment, w.workshop, w.partner)],
    (w) => [activityRow(w.establishment, w.workshop, w.partner)],
  ],
  [
    'time_entry_detainee_id_establishment_id_fkey',
    (w) => [workEntryRow(w, w.elsewhere.detainee, '2026-03-04')],
    (w) => [workEntryRow(w, w.detainee, '2026-03-04')],
  ],
];

describe('unique keys', () => {
  it('are all listed here (the (id, establishment_id) keys exist for the composite foreign keys below)', async () => {
    const { rows } = await db.client.query<{ name: string }>(
      `select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indisunique and not i.indisprimary and c.relnamespace = 'public'::regnamespace order by 1`,
    );
    const keys = rows.map((r) => r.name).filter((name) => !/_id_establishment(_id_key|_unique)?$/.test(name));
    expect(keys).toEqual(UNIQUE_KEYS.map(([name]) => name).sort());
  });

  it.each(UNIQUE_KEYS)('%s refuses a second row and accepts one that differs', async (constraint, refused, accepted) => {
    expect((await db.attempt(...refused(w)))?.constraint).toBe(constraint);
    expect((await db.attempt(...accepted(w)))?.message ?? null).toBeNull();
  });
});

describe('composite foreign keys: what a row points to belongs to its establishment', () => {
  it('are all listed here', async () => {
    const { rows } = await db.client.query<{ name: string }>(
      `select conname as name from pg_constraint where contype = 'f' and cardinality(conkey) > 1 and connamespace = 'public'::regnamespace order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual(COMPOSITE_KEYS.map(([name]) => name).sort());
  });

  it.each(COMPOSITE_KEYS)('%s refuses a row of another establishment', async (constraint, refused, accepted) => {
    expect((await db.attempt(...refused(w)))?.constraint).toBe(constraint);
    expect((await db.attempt(...accepted(w)))?.message ?? null).toBeNull();
  });
});

describe('triggers', () => {
  it('are the audit trail and the guards tested in tests/*/db-guards.test.ts and tests/audit', async () => {
    const { rows } = await db.client.query<{ name: string }>(
      `select t.tgname as name from pg_trigger t join pg_proc p on p.oid = t.tgfoid
        where not t.tgisinternal and p.proname <> 'audit_row_change' order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual([
      'action_item_lock',
      'action_update_lock',
      'activity_entry_window',
      'assignment_archived_post',
      'assignment_category_floor',
      'assignment_guard',
      'audit_event_no_truncate',
      'audit_event_no_update_delete',
      'committee_decision_lock',
      'committee_meeting_lock',
      'cpu_opinion_lock',
      'detainee_leaving_guard',
      'enrollment_guard',
      'establishment_absence_reasons',
      'evaluation_report_comment_draft_only',
      'evaluation_report_frozen',
      'leave_request_timesheet_guard',
      'meeting_attendance_lock',
      'meeting_item_lock',
      'minutes_edition_final',
      'post_archive_guard',
      'post_category_guard',
      'time_entry_absence_guard',
      'time_entry_completion',
      'time_entry_leave_guard',
      'time_entry_limits',
      'time_entry_lock',
      'timesheet_week_reopen_completion',
      'workshop_iae_production',
    ]);
  });
});

describe('the evaluation report’s guards', () => {
  const share = (w: World) => updateRow('evaluation_report', w.evaluationReport, { status: 'shared', shared_by_id: w.user, shared_at: '2026-04-03T08:00:00Z' });
  const refusal = async (...statements: Statement[]) => (await db.attempt(...statements))?.message ?? null;

  it('a shared report refuses any update and its removal; a draft is changed and removed (its comments with it)', async () => {
    expect(await refusal(share(w), updateRow('evaluation_report', w.evaluationReport, { error: 'Autre' }))).toMatch(/a shared report is frozen/);
    expect(await refusal(share(w), updateRow('evaluation_report', w.evaluationReport, { pdf_sha256: 'c'.repeat(64) }))).toMatch(/a shared report is frozen/);
    expect(await refusal(share(w), [`delete from evaluation_report where id = $1`, [w.evaluationReport]])).toMatch(/a shared report is frozen/);
    expect(await refusal(share(w))).toBeNull();
    expect(await refusal(updateRow('evaluation_report', w.evaluationReport, { error: 'Autre' }))).toBeNull();
    expect(await refusal([`delete from evaluation_report where id = $1`, [w.evaluationReport]])).toBeNull();
  });

  it('refuses a comment written, changed or removed once the report is shared, and on a report not yet generated', async () => {
    expect(await refusal(share(w), commentRow(w, w.establishment, 'qualite'))).toMatch(/the report is not a draft \(shared\)/);
    expect(await refusal(share(w), updateRow('evaluation_report_comment', w.evaluationReportComment, { body: 'Autre' }))).toMatch(/not a draft/);
    expect(await refusal(share(w), [`delete from evaluation_report_comment where id = $1`, [w.evaluationReportComment]])).toMatch(/not a draft/);
    expect(
      await refusal(reportRow(w, '2026-T2', 1), [
        `insert into evaluation_report_comment (establishment_id, report_id, section, body, author_id) values ($1, (select max(id) from evaluation_report), 'qualite', 'Relu.', $2)`,
        [w.establishment, w.user],
      ]),
    ).toMatch(/not a draft \(queued\)/);
    expect(
      await refusal(commentRow(w, w.establishment, 'qualite'), updateRow('evaluation_report_comment', w.evaluationReportComment, { body: 'Autre' })),
    ).toBeNull();
    expect(await refusal([`delete from evaluation_report_comment where id = $1`, [w.evaluationReportComment]])).toBeNull();
  });

  it('keeps a comment on its report and its section: moved to another draft or section, it is refused', async () => {
    expect(
      await refusal(reportRow(w, '2026-T2', 1), [
        `update evaluation_report_comment set report_id = (select max(id) from evaluation_report) where id = $1`,
        [w.evaluationReportComment],
      ]),
    ).toMatch(/stays on its report and section/);
    expect(await refusal(updateRow('evaluation_report_comment', w.evaluationReportComment, { section: 'qualite' }))).toMatch(/stays on its report and section/);
    expect(await refusal(updateRow('evaluation_report_comment', w.evaluationReportComment, { body: 'Relu autrement.' }))).toBeNull();
  });

  it.each([
    [{ period: '2026-T2' }],
    [{ period_from: '2026-01-02' }],
    [{ period_to: '2026-03-30' }],
    [{ version: 2 }],
    [{ requested_at: '2026-04-01T08:00:00Z' }],
  ])('never changes a report’s parameters: %o', async (change) => {
    expect(await refusal(updateRow('evaluation_report', w.evaluationReport, change))).toMatch(/its parameters never change/);
  });

  it('never changes who asked for a report', async () => {
    const other = `insert into app_user (email, display_name, password_hash, role) values ('autre@exemple.fr', 'Autre Personne', 'x', 'admin')`;
    const change: Statement = [`update evaluation_report set requested_by_id = (select max(id) from app_user) where id = $1`, [w.evaluationReport]];
    expect(await refusal(other, change)).toMatch(/its parameters never change/);
  });

  it('never changes a draft’s figures, data version or generation time, nor takes it back to a generation; sharing re-draws only its PDF', async () => {
    for (const change of [
      { figures: '{"autre": 1}' },
      { figures_sha256: 'c'.repeat(64) },
      { data_version: 2 },
      { generated_at: '2026-04-02T09:00:00Z' },
      { status: 'queued', ...notGenerated },
      { status: 'failed', ...notGenerated },
    ]) {
      expect(await refusal(updateRow('evaluation_report', w.evaluationReport, change)), JSON.stringify(change)).toMatch(/a draft's figures never change/);
    }
    const reshared = (w: World) => ({
      status: 'shared',
      shared_by_id: w.user,
      shared_at: '2026-04-03T08:00:00Z',
      pdf: Buffer.from('%PDF-2'),
      pdf_sha256: 'c'.repeat(64),
    });
    expect(await refusal(updateRow('evaluation_report', w.evaluationReport, reshared(w)))).toBeNull();
  });

  it('shares a draft only', async () => {
    const generated = {
      generated_at: '2026-04-02T08:00:00Z',
      data_version: 1,
      figures: '{}',
      figures_sha256: 'a'.repeat(64),
      pdf: Buffer.from('%PDF-1.7'),
      pdf_sha256: 'b'.repeat(64),
    };
    const queued = `(select max(id) from evaluation_report)`;
    const shareQueued: Statement = [
      `update evaluation_report set status = 'shared', shared_by_id = $1, shared_at = '2026-04-03T08:00:00Z', generated_at = $2, data_version = $3, figures = $4,
              figures_sha256 = $5, pdf = $6, pdf_sha256 = $7 where id = ${queued}`,
      [w.user, ...Object.values(generated)],
    ];
    expect(await refusal(reportRow(w, '2026-T2', 1), shareQueued)).toMatch(/only a draft is shared/);
  });
});
