import { describe, expect, it } from 'vitest';
import {
  dayReasonProblem,
  futureWeekProblem,
  monthlyGrossCents,
  overtimeProblem,
  readCell,
  smicOn,
  weekContractMinutes,
  weekProblems,
} from '../../src/hours/rules.ts';

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

  // The codes come from the establishment's absence reasons (tests/hours/absences.test.ts).
  const CODES = ['MED', 'AI', 'M', 'AT', 'CP', 'F'];
  it.each(['MED', 'ai', 'M', 'at', 'CP', ' f '])('%j is an absence code when the establishment offers it', (code) => {
    expect(readCell(code, CODES)).toEqual({ ok: true, cell: { kind: 'absence', code: code.trim().toUpperCase() } });
    expect(readCell(code, []).ok).toBe(false);
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
    const reading = readCell(input, ['MED']);
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

describe('the contract hours of a week across contracts (item 9)', () => {
  // Week of Monday 2026-03-02 to Sunday 2026-03-08.
  it.each([
    ['one 35 h contract all week', [{ startsOn: '2026-01-05', endedOn: null, weeklyMinutes: 2100 }], 2100],
    [
      // 20 h until Wednesday, then 30 h from Thursday: never held together, the peak is 30 h = 1800 min (not 50 h).
      'two contracts that follow each other',
      [
        { startsOn: '2026-01-05', endedOn: '2026-03-04', weeklyMinutes: 1200 },
        { startsOn: '2026-03-05', endedOn: null, weeklyMinutes: 1800 },
      ],
      1800,
    ],
    [
      // 20 h and 15 h held together on Thursday and Friday: 1200 + 900 = 2100 min.
      'two contracts held together',
      [
        { startsOn: '2026-01-05', endedOn: null, weeklyMinutes: 1200 },
        { startsOn: '2026-03-05', endedOn: '2026-03-06', weeklyMinutes: 900 },
      ],
      2100,
    ],
    ['a contract ended the week before', [{ startsOn: '2026-01-05', endedOn: '2026-03-01', weeklyMinutes: 2100 }], 0],
  ])('%s', (_label, contracts, expected) => {
    expect(weekContractMinutes(contracts, '2026-03-02')).toBe(expected);
  });

  it('asks the reason from the later contract’s hours, not their sum', () => {
    // 31 h worked: over 30 h (the peak, 1800 min), under the 50 h sum: a reason is asked (R412-56, part time).
    expect(overtimeProblem(1860, 1800, null)).toMatch(/motif des heures complémentaires \(code pénitentiaire, art\. R412-56\)/);
    expect(overtimeProblem(2280, 2100, null)).toMatch(/art\. R412-54/);
  });
});

describe('work on a public holiday or a Sunday', () => {
  it.each([
    // Tuesday 14 July 2026, Fête nationale: 7 h without reason refused (R412-62), with a reason accepted.
    ['2026-07-14', 420, '', 'Fête nationale', false, /férié \(Fête nationale\).*art\. R412-62/],
    ['2026-07-14', 420, 'Inventaire annuel', 'Fête nationale', false, null],
    // Easter Monday 2026 is 6 April.
    ['2026-04-06', 240, '', 'Lundi de Pâques', false, /art\. R412-62/],
    // Sunday 8 March 2026: urgent works only (R412-61).
    ['2026-03-08', 180, '', null, true, /repos hebdomadaire.*repos compensateur.*art\. R412-61/],
    ['2026-03-08', 180, 'Fuite d’eau à l’atelier', null, true, null],
    // An ordinary Tuesday, or a holiday without work: nothing asked.
    ['2026-03-03', 420, '', null, false, null],
    ['2026-07-14', 0, '', 'Fête nationale', false, null],
  ])('%s, %i min, reason « %s »', (day, minutes, reason, holiday, sunday, expected) => {
    const problem = dayReasonProblem(day, minutes, reason, holiday, sunday);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('validating a week', () => {
  it.each([
    ['2026-11-30', '2026-11-30', true],
    ['2026-11-23', '2026-11-30', true],
    ['2026-12-07', '2026-11-30', false],
    ['2026-12-28', '2026-12-27', false],
  ])('of %s on %s: allowed %s', (monday, today, allowed) => {
    const problem = futureWeekProblem(monday, today);
    if (allowed) expect(problem).toBeNull();
    else expect(problem).toMatch(/n’a pas commencé/);
  });
});
