import { describe, expect, it } from 'vitest';
import { monthlyGrossCents, overtimeProblem, readCell, smicOn, weekProblems } from '../../src/hours/rules.ts';

describe('reading a timesheet cell', () => {
  it.each([
    ['3h30', 210],
    ['3H30', 210],
    ['3 h 30', 210],
    ['3h', 180],
    ['h45', 45],
    ['0h30', 30],
    ['3:30', 210],
    ['03:05', 185],
    ['3,5', 210],
    ['3.5', 210],
    ['7,25', 435],
    ['7', 420],
    ['24', 1440],
    ['210', 210],
    ['45', 45],
  ])('%j is %i minutes of work', (input, minutes) => {
    expect(readCell(input)).toEqual({ ok: true, cell: { kind: 'work', minutes } });
  });

  it.each(['AJ', 'ai', 'M', 'AT', 'CP', 'ex', 'S', 'F'])('%j is an absence code', (code) => {
    expect(readCell(code)).toEqual({ ok: true, cell: { kind: 'absence', code: code.toUpperCase() } });
  });

  it.each(['', '  ', '0', '0h'])('%j clears the day', (input) => {
    expect(readCell(input)).toEqual({ ok: true, cell: { kind: 'empty' } });
  });

  it.each([
    ['3h75', /Écrivez une durée/],
    ['3:7', /Écrivez une durée/],
    ['trois', /Écrivez une durée/],
    ['-2', /Écrivez une durée/],
    ['3,5,1', /Écrivez une durée/],
    ['h', /Écrivez une durée/],
    ['25h', /24 heures/],
    ['1500', /24 heures/],
    ['XX', /code d’absence/],
  ])('%j is refused: %s', (input, error) => {
    const reading = readCell(input);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.error).toMatch(error);
  });
});

describe('working-time limits', () => {
  const week = (...days: number[]) => [...days, ...Array(7 - days.length).fill(0)];
  it.each([
    ['a regular 35 h week', week(420, 420, 420, 420, 420), 2100, null, []],
    ['11 h on Tuesday', week(420, 660, 420), 2100, null, [/Mardi : 11h dépasse la limite de 10h par jour/]],
    ['seven days worked', [300, 300, 300, 300, 300, 60, 60], 2100, null, [/7 jours travaillés/]],
    ['over the contract without a reason', week(480, 480, 480, 480, 480), 2100, null, [/motif des heures supplémentaires/]],
    ['over the contract with a reason', week(480, 480, 480, 480, 480), 2100, 'Commande urgente', []],
    ['over 48 h even with a reason', week(600, 600, 600, 600, 600), 2100, 'Commande urgente', [/limite est de 48h/]],
  ])('%s', (_label, days, contract, reason, expected) => {
    const problems = weekProblems(days, contract, reason);
    expect(problems).toHaveLength(expected.length);
    for (const [i, pattern] of expected.entries()) expect(problems[i]).toMatch(pattern);
  });

  it.each([
    ['exactly the contract', 2100, 2100, null, null],
    ['one minute over, no reason', 2101, 2100, null, /35h01 pour un contrat de 35h : indiquez le motif/],
    ['over with a blank reason', 2400, 2100, '  ', /motif des heures supplémentaires/],
    ['over with a reason', 2400, 2100, 'Commande urgente', null],
  ])('overtime: %s', (_label, week, contract, reason, expected) => {
    const problem = overtimeProblem(week, contract, reason);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('pay arithmetic', () => {
  const smic2025 = { smicCents: 1188, basisPoints: 4500 };
  const smic2026 = { smicCents: 1202, basisPoints: 4500 };
  it.each([
    ['one hour at 45 % of 12,02 €: 5,409 € → 5,41 €', [{ minutes: 60, rate: smic2026 }], 541],
    ['35 h at 45 % of 12,02 €: 189,315 € → 189,32 € (half-up)', [{ minutes: 2100, rate: smic2026 }], 18932],
    ['151,67 h a month of class III (20 %): 364,61 €', [{ minutes: 9100, rate: { smicCents: 1202, basisPoints: 2000 } }], 36461],
    ['rounded once per month, not per entry: 3 × 20 min at 5,409 €/h = 5,409 € → 5,41 €', Array(3).fill({ minutes: 20, rate: smic2026 }), 541],
    [
      'SMIC change mid-month: 10 h at 11,88 € and 10 h at 12,02 € (45 %)',
      [
        { minutes: 600, rate: smic2025 },
        { minutes: 600, rate: smic2026 },
      ],
      10755,
    ],
    ['nothing worked', [], 0],
  ])('%s', (_label, entries, cents) => {
    expect(monthlyGrossCents(entries)).toBe(cents);
  });

  it('takes the SMIC in force on the day', () => {
    const values = [
      { effectiveFrom: '2024-11-01', cents: 1188 },
      { effectiveFrom: '2026-01-01', cents: 1202 },
    ];
    expect(smicOn('2025-12-31', values)).toBe(1188);
    expect(smicOn('2026-01-01', values)).toBe(1202);
    expect(smicOn('2024-10-31', values)).toBeNull();
  });
});
