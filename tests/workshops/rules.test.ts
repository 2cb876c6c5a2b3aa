import { describe, expect, it } from 'vitest';
import { isValidSiret, normaliseSiret } from '../../src/partners/rules.ts';
import {
  categoryFloorProblem,
  iaeCategoryProblem,
  nextPostCode,
  normalisePostCode,
  type PayFloorRow,
  parseHours,
  payFloorOn,
  postCodeProblem,
  postsOfWorkshopTitle,
  usualWeeklyMinutes,
  weeklyHoursProblem,
} from '../../src/workshops/rules.ts';

describe('SIRET checksum', () => {
  it.each([
    ['73282932000074', true, 'a valid Luhn SIRET'],
    ['35600000000048', true, 'La Poste head office (Luhn)'],
    ['35600000049837', true, 'a La Poste establishment: digit sum multiple of 5'],
    ['73282932000075', false, 'one digit off'],
    ['35600000049838', false, 'La Poste, digit sum not a multiple of 5'],
    ['7328293200007', false, '13 digits'],
    ['7328293200007A', false, 'a letter'],
    ['', false, 'empty'],
  ])('%s → %s (%s)', (siret, valid) => {
    expect(isValidSiret(siret)).toBe(valid);
  });

  it('accepts the spaces people type', () => {
    expect(normaliseSiret('732 829 320 00074')).toBe('73282932000074');
  });
});

describe('post codes', () => {
  it.each([
    [' arr-vel-01 ', 'ARR-VEL-01', null],
    ['brest reliure 3', 'BREST-RELIURE-3', null],
    ['AB', 'AB', /3 à 20/],
    ['ARR--VEL', 'ARR--VEL', /tirets simples/],
    ['-ARR', '-ARR', /tirets simples/],
    ['ÉCO-01', 'ÉCO-01', /sans accent/],
    ['A'.repeat(21), 'A'.repeat(21), /3 à 20/],
  ])('%j is read as %j', (input, normalised, problem) => {
    const code = normalisePostCode(input);
    expect(code).toBe(normalised);
    const found = postCodeProblem(code);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('next post code', () => {
  it.each([
    [['ARR-VEL-01', 'ARR-VEL-02', 'ARR-VEL-09'], 'ARR-VEL-10'],
    [['BRE-REL-8', 'BRE-REL-12'], 'BRE-REL-13'],
    [['ARR-VEL-99'], 'ARR-VEL-100'],
    [['CUISINE'], null],
    [[], null],
  ])('after %j comes %j', (codes, next) => {
    expect(nextPostCode(codes)).toBe(next);
  });
});

describe('the heading of a workshop’s posts', () => {
  it.each([
    ['Atelier vélo de l’espace citoyen', 'Postes de l’atelier vélo de l’espace citoyen'],
    ['atelier Reliure', 'Postes de l’atelier Reliure'],
    ['Blanchisserie', 'Postes de l’atelier Blanchisserie'],
  ])('%s → %s', (name, title) => {
    expect(postsOfWorkshopTitle(name)).toBe(title);
  });
});

describe('the hours proposed for a new post', () => {
  const posts = (...hours: number[]) => hours.map((h) => ({ weeklyMinutes: h * 60 }));
  it.each([
    [[], 35 * 60, 'full time when the workshop has no post'],
    [[24, 24, 24], 24 * 60, 'the hours all its posts have'],
    [[35, 24, 24, 17.5], 24 * 60, 'the most common hours'],
    [[24, 30], 30 * 60, 'the latest post’s when two are as common'],
    [[17.5, 17.5, 35], 17.5 * 60, 'half hours too'],
  ])('%j → %i minutes: %s', (hours, minutes) => {
    expect(usualWeeklyMinutes(posts(...(hours as number[])))).toBe(minutes);
  });
});

describe('weekly hours', () => {
  it.each([
    ['35', 2100],
    ['17h30', 1050],
    ['17 h 30', 1050],
    ['17:30', 1050],
    ['17,5', 1050],
    ['17.5', 1050],
    ['20h', 1200],
    ['12,25', 735],
    ['17h75', null],
    ['dix', null],
    ['', null],
    ['-5', null],
  ])('%j → %s minutes', (input, minutes) => {
    expect(parseHours(input)).toBe(minutes);
  });

  it.each([
    [599, /au moins 10 h/],
    [600, null],
    [2100, null],
    [2101, /au plus 35 h/],
  ])('%i minutes a week: %s', (minutes, problem) => {
    const found = weeklyHoursProblem(minutes);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('pay floors', () => {
  const floors: PayFloorRow[] = [
    { category: 'production', effectiveFrom: '2022-05-01', floorBasisPoints: 4500 },
    { category: 'general_1', effectiveFrom: '2022-05-01', floorBasisPoints: 3300 },
    { category: 'general_2', effectiveFrom: '2022-05-01', floorBasisPoints: 2500 },
    { category: 'general_3', effectiveFrom: '2022-05-01', floorBasisPoints: 2000 },
    { category: 'production', effectiveFrom: '2027-01-01', floorBasisPoints: 5000 },
  ];

  it.each([
    ['production', '2026-11-26', 4500],
    ['general_1', '2026-11-26', 3300],
    ['general_2', '2026-11-26', 2500],
    ['general_3', '2026-11-26', 2000],
    ['production', '2027-01-01', 5000],
    ['production', '2026-12-31', 4500],
    ['production', '2022-04-30', null],
  ] as const)('%s on %s: %s basis points', (category, day, expected) => {
    expect(payFloorOn(category, day, floors)).toBe(expected);
  });
});

describe('the post’s category is the floor (D412-64)', () => {
  const legal: PayFloorRow[] = [
    { category: 'production', effectiveFrom: '2022-05-01', floorBasisPoints: 4500 },
    { category: 'general_1', effectiveFrom: '2022-05-01', floorBasisPoints: 3300 },
    { category: 'general_2', effectiveFrom: '2022-05-01', floorBasisPoints: 2500 },
    { category: 'general_3', effectiveFrom: '2022-05-01', floorBasisPoints: 2000 },
    // An establishment's later raise of class III above class II, to compare floors in force, not names.
    { category: 'general_3', effectiveFrom: '2027-01-01', floorBasisPoints: 2600 },
  ];
  it.each([
    ['general_3', 'production', '2026-06-01', true, '20 % < 45 %'],
    ['general_2', 'general_1', '2026-06-01', true, '25 % < 33 %'],
    ['general_1', 'production', '2026-06-01', true, '33 % < 45 %'],
    ['production', 'production', '2026-06-01', false, 'the post’s own'],
    ['production', 'general_3', '2026-06-01', false, 'above the floor: allowed'],
    ['general_1', 'general_2', '2026-06-01', false, '33 % ≥ 25 %'],
    ['general_2', 'general_3', '2026-12-31', false, '25 % ≥ 20 % the day before the raise'],
    ['general_2', 'general_3', '2027-01-01', true, '25 % < 26 % from the raise'],
  ] as const)('a %s contract on a %s post on %s: refused %s (%s)', (own, post, day, refused, _why) => {
    const problem = categoryFloorProblem(own, post, day, legal);
    expect(problem === null).toBe(!refused);
    if (refused) expect(problem).toMatch(/code pénitentiaire, art\. D412-64/);
  });

  it.each([
    ['aci', 'production', false],
    ['ei', 'production', false],
    ['aci', 'general_3', true],
    ['ei', 'general_1', true],
    ['none', 'general_3', false],
  ] as const)('a %s workshop with a %s post: refused %s', (iae, category, refused) => {
    const problem = iaeCategoryProblem(iae, category);
    expect(problem === null).toBe(!refused);
    if (refused) expect(problem).toMatch(/que des postes de production.*D412-64/);
  });
});
