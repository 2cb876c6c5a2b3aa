import { describe, expect, it } from 'vitest';
import { majorationCapProblem, majoredMinutes, majorWeek } from '../../src/hours/majorations.ts';
import { monthlyGrossCents } from '../../src/hours/rules.ts';

const H = 60;
/** A week worked Monday to Friday (or more days), `hours` spread as given, one entry a day. */
const week = (...hours: number[]) => hours.map((h, i) => ({ key: i, day: `2026-03-${String(2 + i).padStart(2, '0')}`, minutes: h * H }));

describe('majorations of a week (R412-54, R412-56)', () => {
  it.each([
    // total, contract, [normal, +10 %, +25 %, +50 %] in hours — computed by hand from the articles
    ['35 h full time', week(7, 7, 7, 7, 7), 35, [35, 0, 0, 0]],
    ['37 h: 2 h of overtime at +25 %', week(8, 8, 7, 7, 7), 35, [35, 0, 2, 0]],
    ['43 h: 8 h at +25 %', week(9, 9, 9, 8, 8), 35, [35, 0, 8, 0]],
    ['46 h: 8 h at +25 %, 3 h at +50 %', week(10, 10, 9, 9, 8), 35, [35, 0, 8, 3]],
    ['10 h contract, 11 h: 1 h complementary at +10 %', week(3, 3, 3, 2), 10, [10, 1, 0, 0]],
    ['10 h contract, 15 h: 1 h at +10 %, 4 h at +25 %', week(3, 3, 3, 3, 3), 10, [10, 1, 4, 0]],
    ['20 h contract, 22 h: 2 h at +10 %', week(5, 5, 5, 5, 2), 20, [20, 2, 0, 0]],
    ['20 h contract, 30 h: 2 h at +10 %, 8 h at +25 %', week(6, 6, 6, 6, 6), 20, [20, 2, 8, 0]],
  ])('%s', (_name, entries, contract, [normal, ten, twentyFive, fifty]) => {
    const pieces = majorWeek(entries, contract * H);
    const sum = (percent: number) => pieces.filter((p) => p.percent === percent).reduce((n, p) => n + p.minutes, 0) / H;
    expect([sum(0), sum(10), sum(25), sum(50)]).toEqual([normal, ten, twentyFive, fifty]);
    expect(pieces.reduce((n, p) => n + p.minutes, 0)).toBe(entries.reduce((n, e) => n + e.minutes, 0));
  });

  it('puts the majorations on the week’s last hours, cutting the entry that crosses the threshold', () => {
    const pieces = majorWeek(week(10, 10, 10, 9), 35 * H);
    // Thursday holds 5 h normal (30 h + 5 h = 35 h) then 4 h at +25 %.
    expect(pieces.filter((p) => p.key === 3)).toEqual([
      { key: 3, day: '2026-03-05', minutes: 5 * H, kind: 'normal', percent: 0 },
      { key: 3, day: '2026-03-05', minutes: 4 * H, kind: 'overtime', percent: 25 },
    ]);
    expect(majoredMinutes(pieces)).toEqual({ overtime: 4 * H, complementary: 0 });
  });

  it('orders entries by day whatever order they come in', () => {
    const entries = week(10, 10, 10, 9).reverse();
    expect(majorWeek(entries, 35 * H).find((p) => p.percent === 25)?.day).toBe('2026-03-05');
  });

  it.each([
    [10 * H, 15 * H, 0, null],
    [10 * H, 15 * H + 1, 0, 'au plus la moitié du contrat, soit 5h'],
    [30 * H, 34 * H + 59, 0, null],
    [30 * H, 35 * H, 0, 'ne peuvent pas porter la semaine à 35h'],
    [35 * H, 48 * H, 200 * H, null],
    [35 * H, 48 * H, 207 * H, null],
    [35 * H, 48 * H, 208 * H, 'au plus 220h par an'],
    [35 * H, 35 * H, 220 * H, null],
  ])('contract %i min, week of %i min, %i min of overtime before: %s', (contract, total, before, problem) => {
    const found = majorationCapProblem(total, contract, before);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

describe('pay of a majored week, in euros computed by hand (SMIC 12,02 €, production 45 %: 5,409 € an hour)', () => {
  const rate = { smicCents: 1202, basisPoints: 4500 };
  const pay = (hours: number[], contract: number) =>
    monthlyGrossCents(majorWeek(week(...hours), contract * H).map((p) => ({ minutes: p.minutes, rate, percent: 100 + p.percent })));

  it.each([
    // 35 × 5,409 = 189,315 → 189,32 €
    ['35 h', [7, 7, 7, 7, 7], 35, 18932],
    // 189,315 + 2 × 5,409 × 1,25 = 202,8375 → 202,84 €
    ['37 h', [8, 8, 7, 7, 7], 35, 20284],
    // 189,315 + 8 × 6,76125 = 243,405 → 243,41 €
    ['43 h', [9, 9, 9, 8, 8], 35, 24341],
    // 189,315 + 54,09 + 3 × 5,409 × 1,5 = 267,7455 → 267,75 € (not 248,81 € at the plain rate)
    ['46 h', [10, 10, 9, 9, 8], 35, 26775],
    // 10 × 5,409 + 1 × 5,409 × 1,1 = 60,0399 → 60,04 €
    ['11 h on a 10 h contract', [3, 3, 3, 2], 10, 6004],
    // 20 × 5,409 + 2 × 5,9499 + 8 × 6,76125 = 174,1698 → 174,17 €
    ['30 h on a 20 h contract', [6, 6, 6, 6, 6], 20, 17417],
  ])('%s pays %i cents', (_name, hours, contract, cents) => {
    expect(pay(hours, contract)).toBe(cents);
  });

  it('pays 1 May twice: 7 h are 37,863 € of pay and as much of indemnity, 75,73 €', () => {
    const entries = [
      { minutes: 7 * H, rate, percent: 100 },
      { minutes: 7 * H, rate, percent: 100 },
    ];
    expect(monthlyGrossCents(entries)).toBe(7573);
  });
});
