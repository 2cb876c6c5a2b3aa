import { describe, expect, it } from 'vitest';
import { balanceAt, type LeaveDay, type LeaveMovement, leaveMovements } from '../../src/leave/accrual.ts';
import { INSERRE_PRESET, LABOUR_CODE_PRESET, type LeavePolicyTerms, type LeavePolicyVersion } from '../../src/leave/policy.ts';
import type { Day } from '../../src/platform/calendar.ts';

// Every expected figure below is counted by hand on a calendar (November 2026 starts on a Sunday;
// February 2028 has 29 days and starts on a Tuesday).

function version(terms: Partial<LeavePolicyTerms>, effectiveFrom = '2020-06-01', v = 1, base: LeavePolicyTerms = INSERRE_PRESET): LeavePolicyVersion {
  return { ...base, name: 'InSERRE Arras', ...terms, id: v, establishmentId: 1, effectiveFrom, version: v };
}
const INSERRE = version({});
const LABOUR = version({ name: 'Code Brest' }, '2020-06-01', 1, LABOUR_CODE_PRESET);

/** The days from `from` to `to`, Monday to Friday (and Saturday when asked). */
function daysOf(from: Day, to: Day, saturday = false): Day[] {
  const out: Day[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    const wd = d.getUTCDay();
    if (wd !== 0 && (wd !== 6 || saturday)) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}
const worked = (days: Day[], minutes = 420): LeaveDay[] => days.map((day) => ({ day, workedMinutes: minutes, absence: null, disciplinary: false }));
const absent = (days: Day[], code: string, countsForLeave: boolean): LeaveDay[] =>
  days.map((day) => ({ day, workedMinutes: 0, absence: { code, countsForLeave, minutes: 420 }, disciplinary: false }));
const disciplinary = (days: Day[], minutes = 420): LeaveDay[] => days.map((day) => ({ day, workedMinutes: minutes, absence: null, disciplinary: true }));

function run(policies: LeavePolicyVersion[], days: LeaveDay[], from: Day, asOf: Day, to: Day | null = null): LeaveMovement[] {
  return leaveMovements({ policies, days, span: { from, to }, asOf });
}
const amounts = (ms: LeaveMovement[]) => ms.map((m) => [m.day, m.kind, m.centidays]);

describe('a month of work', () => {
  it('counts the weekdays of a full month (21 in November 2026) under InSERRE: +1 j, explained', () => {
    const ms = run([INSERRE], worked(daysOf('2026-11-01', '2026-11-30')), '2026-11-01', '2026-11-30');
    expect(ms).toEqual([
      { day: '2026-11-30', centidays: 100, kind: 'accrual', explanation: '+1 j : novembre 2026, 21 jours travaillés ≥ 10 — politique InSERRE Arras v1' },
    ]);
  });

  it('under the labour code a month needs 4 weeks (20 days Monday to Friday): the 21 weekdays of November earn 2,5 j, 19 days nothing', () => {
    const ms = run([LABOUR], worked(daysOf('2026-11-01', '2026-11-30')), '2026-11-01', '2026-11-30');
    expect(ms[0]?.explanation).toBe('+2,5 j : novembre 2026, 21 jours travaillés ≥ 20 — politique Code Brest v1');
    expect(ms[0]?.centidays).toBe(250);
    // From Wednesday 4 November: 19 weekdays.
    const short = run([LABOUR], worked(daysOf('2026-11-04', '2026-11-30')), '2026-11-01', '2026-11-30');
    expect(short[0]?.explanation).toBe('+0 j : novembre 2026, 19 jours travaillés < 20 — politique Code Brest v1');
  });

  it('names the policy once when its name already says its version', () => {
    const named = version({ name: 'InSERRE Arras v2' });
    expect(run([named], worked(daysOf('2026-11-01', '2026-11-30')), '2026-11-01', '2026-11-30')[0]?.explanation).toBe(
      '+1 j : novembre 2026, 21 jours travaillés ≥ 10 — politique InSERRE Arras v2',
    );
  });

  it('is not accrued before its last day', () => {
    expect(run([INSERRE], worked(daysOf('2026-11-01', '2026-11-30')), '2026-11-01', '2026-11-29')).toEqual([]);
  });

  it('counts only the days of the span: arrival on 16 November gives 11 days (+1 j), on 19 November 8 days (0 j)', () => {
    const days = worked(daysOf('2026-11-01', '2026-11-30'));
    expect(amounts(run([INSERRE], days, '2026-11-16', '2026-11-30'))).toEqual([['2026-11-30', 'accrual', 100]]);
    const late = run([INSERRE], days, '2026-11-19', '2026-11-30');
    expect(late[0]?.explanation).toBe('+0 j : novembre 2026, 8 jours travaillés < 10 — politique InSERRE Arras v1');
    expect(late[0]?.centidays).toBe(0);
  });

  it('a period with nothing earned nor held closes in silence (no « report de 0 j »)', () => {
    const p = version({}, '2026-05-30');
    const ms = run([p], worked(daysOf('2026-06-01', '2026-06-30')), '2026-05-20', '2026-06-30');
    expect(amounts(ms)).toEqual([['2026-06-30', 'accrual', 100]]);
  });

  it('a month below the minimum (9 days) earns nothing', () => {
    expect(amounts(run([INSERRE], worked(daysOf('2026-11-02', '2026-11-12')), '2026-11-01', '2026-11-30'))).toEqual([['2026-11-30', 'accrual', 0]]);
  });
});

describe('absences and suspensions', () => {
  it('InSERRE: 7 days worked + 5 days of sickness (counts for leave) = 12 ≥ 10: +1 j; an absence that does not count leaves 7: 0 j', () => {
    const base = worked([...daysOf('2026-11-02', '2026-11-06'), '2026-11-16', '2026-11-17']);
    const sick = run([INSERRE], [...base, ...absent(daysOf('2026-11-09', '2026-11-13'), 'M', true)], '2026-11-01', '2026-11-30');
    expect(sick[0]?.explanation).toBe('+1 j : novembre 2026, 12 jours travaillés ≥ 10 — politique InSERRE Arras v1');
    const other = run([INSERRE], [...base, ...absent(daysOf('2026-11-09', '2026-11-13'), 'AI', false)], '2026-11-01', '2026-11-30');
    expect(amounts(other)).toEqual([['2026-11-30', 'accrual', 0]]);
  });

  it('labour code: 19 days worked + 6 days of sickness Monday to Saturday = 25 ≥ 20: +2,5 j', () => {
    const all = daysOf('2026-11-01', '2026-11-30', true);
    const sickDays = daysOf('2026-11-09', '2026-11-14', true);
    const days = [...worked(all.filter((d) => !sickDays.includes(d))), ...absent(sickDays, 'M', true)];
    expect(amounts(run([LABOUR], days, '2026-11-01', '2026-11-30'))).toEqual([['2026-11-30', 'accrual', 250]]);
  });

  it('a disciplinary suspension never counts, even with time typed on it: InSERRE 9 days left (0 j), labour code 19 (0 j)', () => {
    const suspended = daysOf('2026-11-09', '2026-11-20');
    const rest = [...daysOf('2026-11-02', '2026-11-06'), ...daysOf('2026-11-24', '2026-11-27')];
    const ms = run([INSERRE], [...worked(rest), ...disciplinary(suspended)], '2026-11-01', '2026-11-30');
    expect(ms[0]?.explanation).toBe('+0 j : novembre 2026, 9 jours travaillés < 10 — politique InSERRE Arras v1');
    const six = daysOf('2026-11-01', '2026-11-30', true);
    const week = daysOf('2026-11-09', '2026-11-14', true);
    const labour = run([LABOUR], [...worked(six.filter((d) => !week.includes(d))), ...disciplinary(week)], '2026-11-01', '2026-11-30');
    expect(labour[0]?.explanation).toBe('+0 j : novembre 2026, 19 jours travaillés < 20 — politique Code Brest v1');
  });
});

describe('policies, calendar and periods', () => {
  it('a policy change mid-month: the month follows the policy in force on its last day', () => {
    const v2 = version({ daysPerMonth: 150 }, '2026-11-15', 2);
    const ms = run([INSERRE, v2], worked(daysOf('2026-10-01', '2026-11-30')), '2026-10-01', '2026-11-30');
    expect(ms.map((m) => m.explanation)).toEqual([
      '+1 j : octobre 2026, 22 jours travaillés ≥ 10 — politique InSERRE Arras v1',
      '+1,5 j : novembre 2026, 21 jours travaillés ≥ 10 — politique InSERRE Arras v2',
    ]);
  });

  it('February 2028 (leap year) is accrued on the 29th, and the 29th counts: 16 → 29 February is 10 days', () => {
    const ms = run([INSERRE], worked(daysOf('2028-02-16', '2028-02-29')), '2028-02-01', '2028-03-01');
    expect(amounts(ms)).toEqual([['2028-02-29', 'accrual', 100]]);
    expect(balanceAt(ms, '2028-02-28')).toBe(0);
    expect(balanceAt(ms, '2028-02-29')).toBe(100);
  });

  it('the period ends on 31 May: 12 months reach the cap of 12 j; on 1 June 5 j are carried (7 j lost), they expire 6 months later', () => {
    const ms = run([INSERRE], worked(daysOf('2026-06-01', '2027-12-31')), '2026-06-01', '2027-12-31');
    expect(ms.filter((m) => m.kind === 'accrual' && m.day <= '2027-05-31').map((m) => m.centidays)).toEqual(Array(12).fill(100));
    expect(ms.filter((m) => m.kind !== 'accrual')).toEqual([
      {
        day: '2027-06-01',
        centidays: -700,
        kind: 'carry_over',
        explanation: '−7 j : report de 5 j sur la période suivante (au plus 5 j, utilisable jusqu’au 30/11/2027) — politique InSERRE Arras v1',
      },
      { day: '2027-12-01', centidays: -500, kind: 'expiry', explanation: '−5 j : report expiré le 30/11/2027 au soir' },
    ]);
    expect(balanceAt(ms, '2027-05-31')).toBe(1200);
    expect(balanceAt(ms, '2027-06-01')).toBe(500);
    expect(balanceAt(ms, '2027-06-30')).toBe(600);
    expect(balanceAt(ms, '2027-11-30')).toBe(500 + 6 * 100);
    expect(balanceAt(ms, '2027-12-01')).toBe(6 * 100);
    expect(balanceAt(ms, '2027-12-31')).toBe(7 * 100);
  });

  it('nothing carried when the policy carries 0 j; everything carried (for 12 months) under the labour code', () => {
    const none = version({ carryOverDays: 0 });
    const ms = run([none], worked(daysOf('2027-03-01', '2027-06-30')), '2027-03-01', '2027-06-30');
    expect(amounts(ms.filter((m) => m.kind === 'carry_over'))).toEqual([['2027-06-01', 'carry_over', -300]]);
    expect(balanceAt(ms, '2027-06-30')).toBe(100);
    const six = worked(daysOf('2027-03-01', '2028-06-30', true));
    const labour = run([LABOUR], six, '2027-03-01', '2028-06-30');
    // March to May 2027: 27, 26 and 26 days → 3 × 2,5 = 7,5 j, rounded up to 8 j on 31 May, all carried for 12 months;
    // June 2027 to May 2028: 12 × 2,5 = 30 j (the cap, February 2028 has 25 days); on 1 June 2028 the 8 j expire, the 30 j are carried.
    expect(amounts(labour.filter((m) => m.kind !== 'accrual'))).toEqual([
      ['2027-05-31', 'rounding', 50],
      ['2027-06-01', 'carry_over', 0],
      ['2028-06-01', 'expiry', -800],
      ['2028-06-01', 'carry_over', 0],
    ]);
    expect(balanceAt(labour, '2028-05-31')).toBe(800 + 3000);
    expect(balanceAt(labour, '2028-06-01')).toBe(3000);
  });
});

describe('rounding and cap', () => {
  it.each([
    ['half_day_up', 25, 650],
    ['day_up', 75, 700],
    ['none', null, 625],
  ] as const)('5 months of 1,25 j = 6,25 j rounded %s at the end of the period (31 May 2027)', (rounding, movement, total) => {
    const p = version({ daysPerMonth: 125, rounding, yearlyCapDays: null, carryOverDays: null, carryOverMonths: null });
    const ms = run([p], worked(daysOf('2027-01-01', '2027-05-31')), '2027-01-01', '2027-05-31');
    expect(ms.filter((m) => m.kind === 'rounding').map((m) => m.centidays)).toEqual(movement === null ? [] : [movement]);
    expect(balanceAt(ms, '2027-05-31')).toBe(total);
    expect(balanceAt(ms, '2027-05-30')).toBe(500);
  });

  it('rounding up never passes the cap', () => {
    const p = version({ daysPerMonth: 125, rounding: 'day_up', yearlyCapDays: 600 });
    const ms = run([p], worked(daysOf('2027-01-01', '2027-05-31')), '2027-01-01', '2027-05-31');
    expect(amounts(ms.filter((m) => m.kind !== 'accrual'))).toEqual([['2027-05-31', 'cap', -25]]);
    expect(balanceAt(ms, '2027-05-31')).toBe(600);
  });

  it('the cap of 12 j with 2,5 j a month: October brings 12,5 (−0,5 j shown), November all of it (−2,5 j)', () => {
    const p = version({ daysPerMonth: 250 });
    const ms = run([p], worked(daysOf('2026-06-01', '2026-11-30')), '2026-06-01', '2026-11-30');
    expect(amounts(ms.filter((m) => m.kind === 'cap'))).toEqual([
      ['2026-10-31', 'cap', -50],
      ['2026-11-30', 'cap', -250],
    ]);
    expect(ms.find((m) => m.kind === 'cap')?.explanation).toBe(
      '−0,5 j : plafond annuel de 12 j atteint sur la période 2026-2027, excédent non acquis — politique InSERRE Arras v1',
    );
    expect(balanceAt(ms, '2026-11-30')).toBe(1200);
  });
});

describe('hours basis', () => {
  it('0,25 j per 35 h: 21 days of 7 h = 147 h → 4 blocks, 7 h carried; December adds 23 × 7 h + 7 h = 161 h → 4 blocks, 21 h carried', () => {
    const p = version({ basis: 'hours', daysPerBlock: 25, blockMinutes: 2100, rounding: 'none' });
    const ms = run([p], worked(daysOf('2026-11-01', '2026-12-31')), '2026-11-01', '2026-12-31');
    expect(ms.map((m) => [m.centidays, m.explanation])).toEqual([
      [100, '+1 j : novembre 2026, 147 h travaillées, 4 blocs de 35 h, 7 h reportées — politique InSERRE Arras v1'],
      [100, '+1 j : décembre 2026, 161 h travaillées + 7 h reportées, 4 blocs de 35 h, 28 h reportées — politique InSERRE Arras v1'],
    ]);
  });

  it('counted absences count at their contract minutes; disciplinary days do not', () => {
    const p = version({ basis: 'hours', daysPerBlock: 25, blockMinutes: 2100, rounding: 'none' });
    const days = [
      ...worked(daysOf('2026-11-02', '2026-11-06')),
      ...absent(daysOf('2026-11-09', '2026-11-13'), 'M', true),
      ...disciplinary(daysOf('2026-11-16', '2026-11-20')),
    ];
    expect(amounts(run([p], days, '2026-11-01', '2026-11-30'))).toEqual([['2026-11-30', 'accrual', 50]]);
  });
});

describe('the balance', () => {
  it('is the sum of the movements listed, at every day', () => {
    const v2 = version({ daysPerMonth: 250, carryOverDays: 300, carryOverMonths: 3 }, '2027-03-10', 2);
    const days = [
      ...worked(daysOf('2026-09-14', '2027-09-30').filter((d) => d.slice(8) !== '15')),
      ...absent(daysOf('2027-01-04', '2027-01-15'), 'M', true),
      ...disciplinary(daysOf('2027-02-01', '2027-02-20')),
    ];
    for (const asOf of ['2026-12-31', '2027-05-31', '2027-06-01', '2027-09-01', '2027-09-30']) {
      const ms = run([INSERRE, v2], days, '2026-09-14', asOf);
      expect(ms.every((m) => m.day <= asOf)).toBe(true);
      expect(balanceAt(ms, asOf)).toBe(ms.reduce((n, m) => n + m.centidays, 0));
      let running = 0;
      for (const m of ms) {
        running += m.centidays;
        expect(running).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('manual adjustments', () => {
  it('are movements on their day, signed, explained; a removal uses the carried days first', () => {
    // June 2026 → November 2027 all worked: 12 × 1 j to May 2027, 5 j carried on 1 June 2027, expiring on 1 December 2027.
    const days = worked(daysOf('2026-06-01', '2027-11-30'));
    const adjustments = [
      { day: '2026-11-10', centidays: 150, explanation: 'ajustement par Camille Martin le 10/11/2026, motif : reprise du solde de Fresnes' },
      { day: '2027-07-05', centidays: -200, explanation: 'ajustement par Camille Martin le 05/07/2027, motif : erreur de saisie' },
    ];
    const ms = leaveMovements({ policies: [INSERRE], days, span: { from: '2026-06-01', to: null }, asOf: '2027-12-31', adjustments });
    const adj = ms.filter((m) => m.kind === 'adjustment');
    expect(adj.map((m) => [m.day, m.centidays, m.explanation])).toEqual([
      ['2026-11-10', 150, '+1,5 j : ajustement par Camille Martin le 10/11/2026, motif : reprise du solde de Fresnes'],
      ['2027-07-05', -200, '−2 j : ajustement par Camille Martin le 05/07/2027, motif : erreur de saisie'],
    ]);
    // By 31 May 2027: 12 j earned (the cap) + 1,5 j adjusted = 13,5 j; carried: at most 5 j (8,5 j lost).
    expect(balanceAt(ms, '2027-05-31')).toBe(1350);
    expect(ms.find((m) => m.kind === 'carry_over')?.centidays).toBe(500 - 1350);
    // The −2 j of July use the carried 5 j: 3 j remain carried, and they expire on 1 December 2027.
    expect(ms.find((m) => m.kind === 'expiry')).toMatchObject({ day: '2027-12-01', centidays: -300 });
    // 5 (carried) + June…November 2027 (6 × 1 j) − 2 − 3 (expired) = 6 j.
    expect(balanceAt(ms, '2027-12-31')).toBe(600);
  });
});

describe('leaving (release or transfer)', () => {
  const days = worked(daysOf('2026-06-01', '2026-11-30'));

  it('credits the month of leaving on the leaving day, rounds, then pays out the balance (labour code)', () => {
    // June → October: 5 × 2,5 j = 12,5 j; 1 → 12 November: 9 weekdays (2–6, 9–12) < 20, nothing; rounding to the day: +0,5 j → 13 j paid out.
    const ms = leaveMovements({
      policies: [LABOUR],
      days,
      span: { from: '2026-06-01', to: '2026-11-12' },
      asOf: '2026-12-31',
      left: { day: '2026-11-12', kind: 'released' },
    });
    expect(amounts(ms).slice(-3)).toEqual([
      ['2026-11-12', 'accrual', 0],
      ['2026-11-12', 'rounding', 50],
      ['2026-11-12', 'settlement', -1300],
    ]);
    expect(ms.at(-3)?.explanation).toBe('+0 j : novembre 2026 jusqu’au 12/11/2026, 9 jours travaillés < 20 — politique Code Brest v1');
    expect(ms.at(-1)?.explanation).toBe('−13 j : solde réglé à la libération du 12/11/2026, payé sur la paie de novembre 2026 — politique Code Brest v1');
    expect(balanceAt(ms, '2026-12-31')).toBe(0);
  });

  it('loses the balance under InSERRE, after the leave taken before the leaving; nothing is counted after it', () => {
    // June → October: 5 j; 1 → 20 November: 14 weekdays ≥ 10 → +1 j (on the 20th); 2 j taken on 2 November: 4 j lost.
    const ms = leaveMovements({
      policies: [INSERRE],
      days,
      span: { from: '2026-06-01', to: '2026-11-20' },
      asOf: '2027-06-30',
      left: { day: '2026-11-20', kind: 'transferred' },
      taken: [
        { day: '2026-11-02', centidays: 200, explanation: 'congé du 02/11 au 03/11/2026' },
        { day: '2026-12-07', centidays: 100, explanation: 'congé le 07/12/2026' },
      ],
      adjustments: [{ day: '2026-12-01', centidays: 100, explanation: 'ajustement après la sortie' }],
    });
    expect(amounts(ms).slice(-3)).toEqual([
      ['2026-11-02', 'taken', -200],
      ['2026-11-20', 'accrual', 100],
      ['2026-11-20', 'settlement', -400],
    ]);
    expect(ms.at(-1)?.explanation).toBe('−4 j : solde perdu au transfert du 20/11/2026 — politique InSERRE Arras v1');
    expect(ms.some((m) => m.day > '2026-11-20')).toBe(false);
  });

  it('writes off leave taken in advance, never withholding it', () => {
    const advance = version({ allowAdvance: true, settlement: 'paid_out' });
    const ms = leaveMovements({
      policies: [advance],
      days: worked(daysOf('2026-10-01', '2026-10-31')),
      span: { from: '2026-10-01', to: '2026-11-06' },
      asOf: '2026-11-30',
      left: { day: '2026-11-06', kind: 'released' },
      taken: [{ day: '2026-11-02', centidays: 300, explanation: 'congé du 02/11 au 04/11/2026' }],
    });
    // October +1 j, 3 j taken: −2 j; November (no validated day) nothing; +2 j written off.
    expect(amounts(ms)).toEqual([
      ['2026-10-31', 'accrual', 100],
      ['2026-11-02', 'taken', -300],
      ['2026-11-06', 'settlement', 200],
    ]);
    expect(ms.at(-1)?.explanation).toBe('+2 j : congés pris d’avance non retenus sur la paie à la libération du 06/11/2026 — politique InSERRE Arras v1');
  });

  it('shows nothing of the settlement before the leaving day', () => {
    const ms = leaveMovements({
      policies: [INSERRE],
      days,
      span: { from: '2026-06-01', to: '2026-11-20' },
      asOf: '2026-11-19',
      left: { day: '2026-11-20', kind: 'released' },
    });
    expect(ms.some((m) => m.kind === 'settlement')).toBe(false);
    expect(balanceAt(ms, '2026-11-19')).toBe(500);
  });
});
