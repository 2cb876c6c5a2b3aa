import { describe, expect, it } from 'vitest';
import { holidayOn, isLabourDay, isSunday, publicHolidays } from '../../src/platform/holidays.ts';

describe('public holidays', () => {
  it('lists the eleven holidays of 2026, with the moving ones computed from Easter (5 April 2026)', () => {
    expect([...publicHolidays(2026).keys()]).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  it('adds Good Friday and 26 December in Alsace-Moselle', () => {
    const days = [...publicHolidays(2026, { alsaceMoselle: true }).keys()];
    expect(days).toHaveLength(13);
    expect(days).toContain('2026-04-03');
    expect(days).toContain('2026-12-26');
    expect(holidayOn('2026-12-26')).toBeNull();
  });

  it.each([
    ['2026-04-06', 'Lundi de Pâques'],
    ['2027-03-29', 'Lundi de Pâques'],
    ['2026-07-14', 'Fête Nationale'],
    ['2026-07-15', null],
  ])('%s → %s', (day, name) => {
    expect(holidayOn(day)).toBe(name);
  });

  it('knows 1 May and Sundays', () => {
    expect(isLabourDay('2026-05-01')).toBe(true);
    expect(isLabourDay('2026-05-08')).toBe(false);
    expect(isSunday('2026-11-29')).toBe(true);
    expect(isSunday('2026-11-30')).toBe(false);
  });
});
