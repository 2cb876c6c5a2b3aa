import { describe, expect, it } from 'vitest';
import { lastEndedMonth, parsePeriod, previousPeriod } from '../../src/indicators/periods.ts';

describe('the reporting periods', () => {
  it.each([
    ['2026-10', 'month', '2026-10-01', '2026-10-31', 'octobre 2026'],
    ['2028-02', 'month', '2028-02-01', '2028-02-29', 'février 2028'],
    ['2026-T1', 'quarter', '2026-01-01', '2026-03-31', '1er trimestre 2026'],
    ['2026-T3', 'quarter', '2026-07-01', '2026-09-30', '3e trimestre 2026'],
    ['2026', 'year', '2026-01-01', '2026-12-31', 'année 2026'],
  ])('reads %s as a %s from %s to %s (« %s »)', (code, kind, from, to, label) => {
    expect(parsePeriod(code)).toEqual({ code, kind, from, to, label });
  });

  it.each(['2026-13', '2026-00', '2026-T5', '2026-T0', '26', '1999', '2101-01', '', '2026-10-01', '2026-t3'])('names no period with « %s »', (code) => {
    expect(parsePeriod(code)).toBeNull();
  });

  it.each([
    ['2026-01', '2025-12'],
    ['2026-03', '2026-02'],
    ['2026-T1', '2025-T4'],
    ['2026-T3', '2026-T2'],
    ['2026', '2025'],
  ])('puts %s after %s', (code, previous) => {
    expect(previousPeriod(parsePeriod(code) as NonNullable<ReturnType<typeof parsePeriod>>).code).toBe(previous);
  });

  it('defaults to the last month that has ended, even on the first day of a month', () => {
    expect(lastEndedMonth('2026-11-30').code).toBe('2026-10');
    expect(lastEndedMonth('2026-12-01').code).toBe('2026-11');
    expect(lastEndedMonth('2026-01-15').code).toBe('2025-12');
  });
});
