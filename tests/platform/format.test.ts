import { describe, expect, it } from 'vitest';
import {
  formatBasisPoints,
  formatDateTime,
  formatDay,
  formatEuros,
  formatGridMinutes,
  formatHours,
  formatMinutes,
  formatNumber,
  formatPlainEuros,
  formatPlainHours,
  formatShortDate,
  formatShortDay,
  formatShortMonth,
  formatSince,
  plural,
  theWorkshop,
  workshopTitle,
} from '../../src/platform/format.ts';

// What Intl writes in French: a narrow no-break space between thousands.
const NNBSP = '\u202f';

describe('dates for French readers', () => {
  it.each([
    ['2026-11-26', '26 novembre 2026'],
    ['2026-10-01', '1er octobre 2026'],
    ['2026-10-11', '11 octobre 2026'],
    ['2024-02-29', '29 février 2024'],
    [null, ''],
  ])('%s is written « %s »', (day, text) => {
    expect(formatDay(day)).toBe(text);
  });

  it('writes short days and months with slashes', () => {
    expect(formatShortDay('2026-11-26')).toBe('26/11/2026');
    expect(formatShortDay(undefined)).toBe('');
    expect(formatShortMonth('2026-01')).toBe('01/2026');
  });

  it.each([
    ['2026-11-26T08:00:00Z', '26 novembre 2026 à 09h00', '26/11/2026'],
    ['2026-07-14T12:05:00Z', '14 juillet 2026 à 14h05', '14/07/2026'],
    ['2026-11-30T23:30:00Z', '1er décembre 2026 à 00h30', '01/12/2026'],
  ])('writes the instant %s as Paris sees it', (instant, long, short) => {
    expect(formatDateTime(new Date(instant))).toBe(long);
    expect(formatShortDate(new Date(instant))).toBe(short);
  });
});

describe('numbers, money and durations', () => {
  it.each([
    [2929374, `29${NNBSP}293,74 €`],
    [541, '5,41 €'],
    [0, '0,00 €'],
    [100_000_000, `1${NNBSP}000${NNBSP}000,00 €`],
  ])('%i cents are %j', (cents, text) => {
    expect(formatEuros(cents)).toBe(text);
  });

  it('writes spreadsheet cells without thousands separators', () => {
    expect(formatPlainEuros(2929374)).toBe('29293,74');
    expect(formatPlainHours(1050)).toBe('17,5');
    expect(formatPlainHours(2100)).toBe('35');
    expect(formatPlainHours(74000)).toBe('1233,33');
  });

  it.each([
    [1050, '17 h 30', '17h30', '17,5 h'],
    [2100, '35 h', '35h', '35 h'],
    [5, '0 h 05', '0h05', '0,08 h'],
    [74000, '1233 h 20', '1233h20', `1${NNBSP}233,33 h`],
  ])('%i minutes are « %s », « %s » in the grid, « %s » in totals', (minutes, text, grid, total) => {
    expect(formatMinutes(minutes)).toBe(text);
    expect(formatGridMinutes(minutes)).toBe(grid);
    expect(formatHours(minutes)).toBe(total);
  });

  it('writes basis points as a percentage', () => {
    expect(formatBasisPoints(4500)).toBe('45 %');
    expect(formatBasisPoints(3350)).toBe('33,5 %');
    expect(formatBasisPoints(1234)).toBe('12,34 %');
  });

  it('groups thousands and agrees the noun', () => {
    expect(formatNumber(12345)).toBe(`12${NNBSP}345`);
    expect(plural(1, 'place', 'places')).toBe('1 place');
    expect(plural(1800, 'place', 'places')).toBe(`1${NNBSP}800 places`);
  });
});

describe('how long something has lasted', () => {
  it.each([
    [0, 'depuis aujourd’hui'],
    [-1, 'depuis aujourd’hui'],
    [1, 'depuis 1 jour'],
    [12, 'depuis 12 jours'],
    [1500, `depuis 1${NNBSP}500 jours`],
  ])('%i days are « %s », never « depuis 0 jour »', (days, text) => {
    expect(formatSince(days)).toBe(text);
  });

  it('writes money with a thousands separator in the page and none in a spreadsheet cell', () => {
    expect(formatEuros(48681)).toBe('486,81 €');
    expect(formatEuros(123456789)).toBe(`1${NNBSP}234${NNBSP}567,89 €`);
    expect(formatPlainEuros(123456789)).toBe('1234567,89');
  });
});

describe('a workshop named in a sentence', () => {
  it.each([
    ['Atelier vélo de l’espace citoyen', 'l’atelier vélo de l’espace citoyen', 'Atelier vélo de l’espace citoyen'],
    ['atelier reliure', 'l’atelier reliure', 'atelier reliure'],
    ['Blanchisserie', 'l’atelier Blanchisserie', 'Atelier Blanchisserie'],
    ['Ateliers réunis', 'l’atelier Ateliers réunis', 'Atelier Ateliers réunis'],
  ])('%s: « %s », « %s »', (name, after, title) => {
    expect(theWorkshop(name)).toBe(after);
    expect(workshopTitle(name)).toBe(title);
  });
});
