import { describe, expect, it } from 'vitest';
import { dayAbsence } from '../../src/hours/absence-rules.ts';
import { minutesReading, readCell } from '../../src/hours/rules.ts';

describe('a bare number above 24', () => {
  it.each([
    ['35', { text: '35 min', slip: true }, 35],
    ['99', { text: '99 min, soit 1h39', slip: true }, 99],
    ['100', { text: '100 min, soit 1h40', slip: false }, 100],
    ['210', { text: '210 min, soit 3h30', slip: false }, 210],
    ['25', { text: '25 min', slip: true }, 25],
    ['24', null, 24 * 60],
    ['7', null, 420],
    ['3h30', null, 210],
    ['3,5', null, 210],
  ])('%j is read as %j (%i minutes)', (typed, reading, minutes) => {
    expect(minutesReading(typed)).toEqual(reading);
    const cell = readCell(typed);
    expect(cell.ok && cell.cell.kind === 'work' ? cell.cell.minutes : null).toBe(minutes);
  });
});

const work = (id: number, minutes: number, isAdjustment = true) => ({ id, kind: 'work', minutes, absenceCode: null, isAdjustment });
const absence = (id: number, code: string, isAdjustment = true) => ({ id, kind: 'absence', absenceCode: code, isAdjustment });

describe('the absence a corrected day holds', () => {
  it.each([
    ['hours, uncorrected', [work(1, 420, false)], null],
    ['an absence, uncorrected', [absence(1, 'AI', false)], 'AI'],
    ['hours corrected to sickness (the difference, then the code)', [work(1, 420, false), work(5, -420), absence(6, 'M')], 'M'],
    ['an absence corrected to hours', [absence(1, 'AI', false), work(5, 420)], null],
    ['an absence qualified into another reason', [absence(1, 'AI', false), absence(5, 'MED')], 'MED'],
    ['an absence corrected to hours, then to an absence again', [absence(1, 'AI', false), work(5, 420), work(7, -420), absence(8, 'M')], 'M'],
    ['adjustments listed before their entry (order of the query)', [absence(6, 'M'), work(5, -420), work(1, 420, false)], 'M'],
  ])('%s', (_label, rows, code) => {
    expect(dayAbsence(rows)).toBe(code);
  });
});
