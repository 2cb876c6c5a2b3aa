import { describe, expect, it } from 'vitest';
import type { ReportData, ReportFigure } from '../../src/reports/report-data.ts';
import { printedFigures, suppressGroup } from '../../src/reports/suppression.ts';

function report(figures: Record<string, ReportFigure>, workshops: ReportData['workshops'] = []): ReportData {
  const period = { code: '2026-T3', label: '3e trimestre 2026', from: '2026-07-01', to: '2026-09-30' };
  return {
    format: 1,
    establishment: { id: 1, name: 'Établissement InSERRE d’Arras' },
    period,
    previous: { code: '2026-T2', label: '2e trimestre 2026', from: '2026-04-01', to: '2026-06-30' },
    generatedAt: '2026-10-05T08:00:00.000Z',
    version: 1,
    dataVersion: '42',
    targets: { accessRate: 100, occupancyRate: 90 },
    figures,
    workshops,
    months: { months: [], worked: [], trained: [], occupancy: [], access: [] },
    dataQuality: { weeksNotValidated: 0, weeksNotValidatedBy: [], peopleWithoutEntries: 0, skipped: [] },
  };
}

const ended = (value: number, lines: Record<string, number>): ReportFigure => ({
  value,
  previous: null,
  breakdown: Object.entries(lines).map(([key, v]) => ({ key, label: key, value: v })),
});

describe('small-cell suppression', () => {
  it('prints a count from 1 to 4 as « < 5 » and 5 as it is', () => {
    expect(suppressGroup(null, [1, 4, 5], { totalPrinted: false }).lines).toEqual(['< 5', '< 5', '5']);
  });

  it('shows zero: nobody cannot identify anyone', () => {
    expect(suppressGroup(9, [0, 9])).toEqual({ total: '9', lines: ['0', '9'] });
  });

  it('with one masked line under a printed total, masks the smallest other non-zero line too', () => {
    expect(suppressGroup(20, [2, 0, 6, 12])).toEqual({ total: '20', lines: ['< 5', '0', 'masqué', '12'] });
  });

  it('with two masked lines, masks nothing more', () => {
    expect(suppressGroup(15, [2, 3, 10])).toEqual({ total: '15', lines: ['< 5', '< 5', '10'] });
  });

  it('masks the total when no other line can be', () => {
    // People outside the lines (the total is not their sum): the only other line is zero.
    expect(suppressGroup(6, [2, 0])).toEqual({ total: 'masqué', lines: ['< 5', '0'] });
  });

  it('masks no complement when the total is not printed', () => {
    expect(suppressGroup(20, [2, 18], { totalPrinted: false }).lines).toEqual(['< 5', '18']);
  });

  it('masks a small total itself', () => {
    expect(suppressGroup(3, [3, 0])).toEqual({ total: '< 5', lines: ['< 5', '0'] });
  });

  it('leaves rates, hours, days and money untouched', () => {
    const printed = printedFigures(
      report({
        'posts.occupancy_rate': { value: 3.5, previous: 2 },
        'work.worked_minutes': { value: 120, previous: 60 },
        'posts.vacancy_days': { value: 2, previous: 1 },
        'work.gross_cents': { value: 300, previous: 100 },
        'people.access_rate': { value: 77.78, previous: 28.57 },
        'people.present_mean': { value: 9, previous: 7 },
      }),
    );
    expect(printed.value('posts.occupancy_rate', 'now')).toBe('3,5 %');
    expect(printed.change('posts.occupancy_rate')).toBe('+1,5 pt');
    expect(printed.value('work.worked_minutes', 'now')).toBe('2 h');
    expect(printed.value('posts.vacancy_days', 'now')).toBe('2 j');
    expect(printed.value('work.gross_cents', 'now')).toBe('3,00 €');
    // The period's access rate is a mean of days, not a share of people: shown.
    expect(printed.value('people.access_rate', 'now')).toBe('77,78 %');
  });

  it('masks days of absence by reason as counts (person-days), printed in days', () => {
    const absences = (cj: number, sick: number): ReportFigure => ({
      value: cj + sick,
      previous: null,
      breakdown: [
        { key: 'CJ', label: 'Convocation judiciaire', value: cj },
        { key: 'MAL', label: 'Maladie', value: sick },
      ],
    });
    const small = printedFigures(report({ 'work.absence_days': absences(2, 9) }));
    expect(small.value('work.absence_days', 'now')).toBe('11 j');
    expect(small.line('work.absence_days', 'CJ', 'now')).toBe('< 5');
    expect(small.line('work.absence_days', 'MAL', 'now')).toBe('masqué'); // 11 − 9 would give 2 back
    const large = printedFigures(report({ 'work.absence_days': absences(6, 9) }));
    expect([large.value('work.absence_days', 'now'), large.line('work.absence_days', 'CJ', 'now')]).toEqual(['15 j', '6 j']);
  });

  it('masks the access rate on the last day when it gives back 1 to 4 people with or without an activity, and its change', () => {
    const at = (rate: number, present: number, previousRate: number, previousPresent: number) =>
      printedFigures(
        report({
          'people.access_rate_end': { value: rate, previous: previousRate },
          'people.present_end': { value: present, previous: previousPresent },
        }),
      );
    // 77,78 % of 9 = 7 with, 2 without; 28,57 % of 7 = 2 with.
    const small = at(77.78, 9, 28.57, 7);
    expect([small.value('people.access_rate_end', 'now'), small.value('people.access_rate_end', 'before')]).toEqual(['masqué', 'masqué']);
    expect(small.change('people.access_rate_end')).toBe('');
    expect(small.masked('people.access_rate_end', 'now')).toBe(true);
    // 100 % of 9: nobody without (0 points at no one); 50 % of 10: 5 and 5.
    const shown = at(100, 9, 50, 10);
    expect([shown.value('people.access_rate_end', 'now'), shown.value('people.access_rate_end', 'before')]).toEqual(['100 %', '50 %']);
    expect(shown.change('people.access_rate_end')).toBe('+50 pt');
    // 95 % of 80 = 76 with, 4 without: masked.
    expect(at(95, 80, 100, 80).value('people.access_rate_end', 'now')).toBe('masqué');
  });

  it('applies the rules to a report’s breakdown, and hides the change of a masked count', () => {
    const printed = printedFigures(report({ 'flows.assignments_ended': { ...ended(9, { released: 2, end_of_contract: 7 }), previous: 8 } }));
    expect(printed.value('flows.assignments_ended', 'now')).toBe('9');
    expect(printed.line('flows.assignments_ended', 'released', 'now')).toBe('< 5');
    expect(printed.line('flows.assignments_ended', 'end_of_contract', 'now')).toBe('masqué');
    expect(printed.change('flows.assignments_ended')).toBe('+1');
    expect(printed.change('flows.assignments_ended', undefined, 'released')).toBe('');
  });

  it('masks a workshop’s row of a count and its complement among the workshops, below the establishment’s total', () => {
    const workshop = (id: number, workers: number) => ({
      id,
      name: `A${id}`,
      partnerName: null,
      figures: { 'work.workers': { value: workers, previous: null } },
    });
    const printed = printedFigures(report({ 'work.workers': { value: 14, previous: null } }, [workshop(1, 3), workshop(2, 5), workshop(3, 6)]));
    expect(printed.value('work.workers', 'now')).toBe('14');
    expect(printed.value('work.workers', 'now', 1)).toBe('< 5');
    expect(printed.value('work.workers', 'now', 2)).toBe('masqué');
    expect(printed.value('work.workers', 'now', 3)).toBe('6');
  });
});
