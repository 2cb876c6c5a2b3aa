import { describe, expect, it } from 'vitest';
import { subjectName } from '../../src/audit/service.ts';
import { formatAuditInstant, type RecordNames, showValue } from '../../src/audit/values.ts';
import { FEATURES } from '../../src/features.ts';
import { auditedTablesOf } from '../../src/platform/feature.ts';

const tables = auditedTablesOf(FEATURES);
const noNames: RecordNames = new Map();

describe('a value of the audit trail', () => {
  it.each([
    ['candidacy', 'status', 'approved', 'Sur liste d’attente'],
    ['candidacy', 'status', 'assigned', 'Affectée'],
    ['candidacy', 'cpu_opinion', 'favourable', 'Favorable'],
    ['candidacy', 'cpu_opinion', 'unfavourable', 'Défavorable'],
    ['time_entry', 'kind', 'work', 'Travail'],
    ['time_entry', 'kind', 'absence', 'Absence'],
    ['time_entry', 'minutes', 450, '7 h 30'],
    ['time_entry', 'minutes', 420, '7 h'],
    ['post', 'weekly_minutes', 1440, '24 h'],
    ['post', 'pay_basis_points', 2000, '20 %'],
    ['assignment', 'pay_basis_points', 3350, '33,5 %'],
    ['assignment', 'end_reason', 'release', 'Libération'],
    ['working_time_setting', 'overtime_first_tier_percent', 25, '25 %'],
    ['working_time_setting', 'yearly_overtime_cap_minutes', 13200, '220 h'],
    ['leave_policy', 'days_per_month', 250, '2,5 j'],
    ['leave_policy', 'rounding', 'half_day_up', 'Demi-journée supérieure'],
    ['smic_rate', 'hourly_cents', 1202, '12,02 €'],
    ['training_programme', 'hours', 140, '140 h'],
    ['detainee', 'status', 'released', 'Libérée'],
    ['detainee', 'birth_date', '1990-01-31', '31/01/1990'],
    ['detainee', 'prison_number', '12345', '12345'],
    ['establishment', 'alsace_moselle', true, 'Oui'],
    ['establishment', 'capacity', 1200, '1\u202f200'],
    ['timesheet_week', 'status', 'validated', 'Validée'],
    ['establishment', 'archived_at', '2026-11-30T13:05:00.123+00:00', '30/11/2026 à 14:05'],
    ['app_user', 'role', 'coordinator', 'Coordination'],
  ])('%s.%s %j reads « %s »', (table, field, value, text) => {
    const shown = showValue(tables[table], field, value, noNames);
    expect(shown.text.replace(/\s/g, ' ')).toBe(text.replace(/\s/g, ' '));
  });

  it('names the record an id points to, or keeps its number when it is gone', () => {
    const names: RecordNames = new Map([['detainee', new Map([['12', { text: 'DUPONT Jean (n° 12345)', href: '/personnes/12' }]])]]);
    expect(showValue(tables.assignment, 'detainee_id', 12, names)).toEqual({ text: 'DUPONT Jean (n° 12345)', href: '/personnes/12' });
    expect(showValue(tables.assignment, 'detainee_id', 13, names)).toEqual({ text: 'n° 13' });
  });

  it.each([
    ['2026-03-29T00:30:00Z', '29/03/2026 à 01:30'],
    ['2026-03-29T01:30:00Z', '29/03/2026 à 03:30'],
    ['2026-10-25T00:30:00Z', '25/10/2026 à 02:30'],
    ['2026-10-25T01:30:00Z', '25/10/2026 à 02:30'],
    ['2026-11-30T22:59:00Z', '30/11/2026 à 23:59'],
    ['2026-11-30T23:00:00Z', '01/12/2026 à 00:00'],
  ])('writes the instant %s as « %s » in Paris', (at, text) => {
    expect(formatAuditInstant(new Date(at))).toBe(text);
  });
});

describe('the record an event is about', () => {
  const names: RecordNames = new Map([
    ['establishment', new Map([['3', { text: 'Établissement InSERRE d’Arras', href: '/etablissements/3' }]])],
    ['workshop', new Map([['4', { text: 'Reliure', href: '/ateliers/4' }]])],
  ]);
  it.each([
    ['establishment', '3', 'Établissement InSERRE d’Arras', '/etablissements/3'],
    ['workshop', '4', 'Atelier Reliure', '/ateliers/4'],
    ['workshop', '5', 'Atelier n° 5', undefined],
    ['establishment_membership', '2/3', 'Rattachement à un établissement', undefined],
  ])('%s %s is « %s »', (table, id, text, href) => {
    expect(subjectName(tables[table], table, id, names)).toEqual(href ? { text, href } : { text });
  });
});
