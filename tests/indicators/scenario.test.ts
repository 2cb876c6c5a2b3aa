import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeIndicators, indicatorDefinitions } from '../../src/indicators/catalogue.ts';
import type { IndicatorValue, Period } from '../../src/indicators/definition.ts';
import { parsePeriod, type ReportingPeriod } from '../../src/indicators/periods.ts';
import { workByWorkshop } from '../../src/indicators/work.ts';
import { buildReportData } from '../../src/reports/build.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { buildIndicatorScenario, type IndicatorScenario, SCENARIO_AUGUST, SCENARIO_PREVIOUS, SCENARIO_QUARTER } from '../support/indicator-scenario.ts';

/**
 * Every indicator of the catalogue on the one hand-built scenario (tests/support/indicator-scenario.ts,
 * whose table says who did what on which day), for the third quarter of 2026 (Q3, 92 days), August
 * (31 days) and the second quarter (Q2, 91 days: the report's « période précédente »). Each value was
 * computed by hand from the indicator's formula, the arithmetic beside it.
 *
 * Posts held (C1 C2 C3 in Cuisine, R1 R2 in Reliure; all created on 1 January):
 *   Q3  C1 P1 92 | C2 P2 1–17/07 = 17, vacant 18/07–02/08 = 16, P3 03/08–30/09 = 59 → 76 | C3 vacant, frozen in August: open 92 − 31 = 61 |
 *       R1 P4 1/07–14/08 = 45, vacant 15–31/08 = 17, P5 30 → 75 | R2 P6 92 (the suspension keeps the post)
 *   Aug C1 31 | C2 29 (vacant 1–2) | C3 frozen and empty: not open | R1 14 (vacant 17) | R2 31
 *   Q2  C1 P1 04/05–30/06 = 28 + 30 = 58 | C2 P2 91 | C3 P12 91 | R1 P4 91 | R2 P6 01/06–30/06 = 30
 * People present (arrival ≤ day < leaving) and active (a post held, or a running enrolment not yet ended that day):
 *   Q3  P1 92/92, P2 16/16 (left on 17/07: 1–16/07), P3 92/59, P4 92/45, P5 92/30, P6 92/92, P7 92/81 (06/07–24/09:
 *       26 + 31 + 24; the day it was completed, 25/09, is no longer training, as in the « Sans activité » list),
 *       P8 92/25 (06–30/07), P9 21/0 (from 10/09), P10 92/0, P11 4/0 (from 27/09), P12 92/0
 *   Aug P1 31/31, P3 31/29, P4 31/14, P5 31/0, P6 31/31, P7 31/31, P8 31/0, P10 31/0, P12 31/0 (P2 gone, P9 P11 not yet)
 *   Q2  10 people × 91 days (P9, P11 not yet arrived); active P1 58, P2 91, P4 91, P6 30, P12 91
 * Validated work, all in July (5,409 €/h; the person's month rounded once):
 *   P1 Cuisine 35 h (06–10/07) + 40 h (20–24/07: 35 h + 5 h at +25 %) = 75 h, 2 weeks: 70 × 5,409 + 5 × 5,409 × 1,25 = 378,63 + 33,80625 → 412,44 €
 *   P2 Cuisine 35 h (06–10/07) + 7 h (13/07) = 42 h, 2 weeks: 42 × 5,409 = 227,178 → 227,18 €
 *   P4 Reliure 35 h, 1 week: 189,315 → 189,32 €;   P6 Reliure 35 h, 1 week: 189,32 € (07–11/09 not validated: not counted)
 *   P7 training 5 × 6 h = 30 h (an unpaid session).   Absences: P1 CJ 27/07; P2 MED 15/07, AI 16 and 17/07.
 */

let t: TestContext;
let s: IndicatorScenario;
beforeAll(async () => {
  t = await createTestContext();
  s = await buildIndicatorScenario(t.em());
});
afterAll(() => t.close());

type Expected = { q3: number | null; august: number | null; q2: number | null };
const e = (q3: number | null, august: number | null, q2: number | null): Expected => ({ q3, august, q2 });

/** Every indicator's value by hand: Q3, August, Q2. */
const EXPECTED: Record<string, Expected> = {
  'posts.count': e(5, 5, 5), // C1 C2 C3 R1 R2, all existing since 1 January (C3 frozen in August still counts)
  'posts.open_post_days': e(429, 124, 455), // 5 × 92 − 31 (C3 frozen and empty in August); 4 × 31; 5 × 91 (none frozen yet)
  'posts.occupied_post_days': e(335, 105, 361), // 92 + 76 + 0 + 75 + 92; 31 + 29 + 0 + 14 + 31; 58 + 91 + 91 + 91 + 30
  'posts.occupancy_rate': e(78.09, 84.68, 79.34), // 335 ÷ 429 = 78,089 %; 105 ÷ 124 = 84,677 %; 361 ÷ 455 = 79,341 %
  // C2 16 + C3 61 (July, September; frozen days are not vacancy) + R1 17; C2 2 + R1 17; C1 01/04–03/05 = 33 + R2 61 (April, May).
  'posts.vacancy_days': e(94, 19, 94),
  // Q3: C2 refilled on 03/08 after 18/07 → 16 days, R1 on 01/09 after 15/08 → 17 days: (16 + 17) ÷ 2 = 16,5.
  // August: C2 only → 16. Q2: C1 01/01 → 04/05 = 123, C2 C3 R1 01/01 → 01/04 = 90 each, R2 01/01 → 01/06 = 151: 544 ÷ 5 = 108,8.
  'posts.mean_days_to_fill': e(16.5, 16, 108.8),

  'training.sessions': e(1, 1, 0), // the session 06/07 → 25/09
  'training.places': e(8, 8, 0),
  // Q3: offered 8 places × 82 days (06/07–25/09: 26 + 31 + 25) = 656; occupied P7 82 + P8 26 (06–31/07) = 108 → 16,463 %.
  // August: 8 × 31 = 248 offered, P7 31 → 12,5 %. Q2: no session → not computed.
  'training.fill_rate': e(16.46, 12.5, null),
  'training.trainees': e(2, 1, 0), // P7 P8; P7 (P8 dropped on 31/07)
  'training.completions': e(1, 0, 0), // P7 on 25/09
  'training.certifications': e(1, 0, 0), // P7: RNCP programme, certified

  // Q3: 9 × 92 + 16 + 21 + 4 = 869 person-days ÷ 92 = 9,4456…; August 9 × 31 ÷ 31 = 9; Q2 10 × 91 ÷ 91 = 10.
  'people.present_mean': e(9.45, 9, 10),
  'people.present_end': e(11, 9, 10), // 30/09: everyone but P2; 31/08: P1 P3 P4 P5 P6 P7 P8 P10 P12; 30/06: all but P9 P11
  // Q3: active 92 + 16 + 59 + 45 + 30 + 92 + 81 + 25 = 440 ÷ 869 = 50,633 %; August 31 + 29 + 14 + 31 + 31 = 136 ÷ 279 = 48,746 %;
  // Q2: 58 + 91 + 91 + 30 + 91 = 361 ÷ 910 = 39,670 %.
  'people.access_rate': e(50.63, 48.75, 39.67),
  // 30/09: P1 P3 P5 P6 of 11 = 36,36 %; 31/08: P1 P3 P6 P7 of 9 = 44,44 %; 30/06: P1 P2 P4 P6 P12 of 10 = 50 %.
  'people.access_rate_end': e(36.36, 44.44, 50),
  // 30/09: P4 (since 15/08: 46 days), P8 (since 01/08: 60), P9 (since arrival 10/09: 20), P10, P12 (since 01/07: 91) = 5;
  // P7 (since 26/09: 4) and P11 (3) are not over 7. 31/08: P4 (16), P5, P8 (30), P10, P12 (61) = 5. 30/06: P3 P5 P7 P8 P10 = 5.
  'people.idle_end': e(5, 5, 5),

  'work.workers': e(4, 0, 0), // P1 P2 P4 P6 (July); nobody's week validated in August or Q2
  'work.worked_minutes': e(11220, 0, 0), // 75 + 42 + 35 + 35 = 187 h = 11 220 min
  'work.trained_minutes': e(1800, 0, 0), // P7 30 h
  'work.weekly_minutes_per_worker': e(1870, null, null), // 11 220 ÷ 6 worker-weeks (P1 2, P2 2, P4 1, P6 1); nobody worked
  'work.absence_days': e(4, 0, 0), // AI 2 + CJ 1 + MED 1
  'work.overtime_minutes': e(300, 0, 0), // P1's 5 h at +25 % (20–24/07)
  'work.complementary_minutes': e(0, 0, 0), // full-time contracts only
  'work.gross_cents': e(101826, 0, 0), // 412,44 + 227,18 + 189,32 + 189,32 = 1 018,26 €

  'flows.assignments_started': e(2, 1, 5), // P3 03/08, P5 01/09; P3; P2 P4 P12 01/04, P1 04/05, P6 01/06
  'flows.assignments_ended': e(2, 1, 1), // P2 release 17/07, P4 resignation 14/08; P4; P12 end of contract 30/06
  // P2 01/04–17/07 = 30 + 31 + 30 + 17 = 108 days, P4 01/04–14/08 = 108 + 14 + 14 = 136: (108 + 136) ÷ 2 = 122; P4 136; P12 91.
  'flows.mean_assignment_days': e(122, 136, 91),
  'flows.waiting_list': e(1, 1, 1), // 30/09 P9 (CPU 20/09); 31/08 P5 (CPU 15/06, assigned 01/09); 30/06 P5
  // Assigned in Q3: P3 06/07 → 03/08 = 28 days, P5 15/06 → 01/09 = 15 + 31 + 31 + 1 = 78 days: median (28 + 78) ÷ 2 = 53.
  // August: P3 28. Q2: nobody assigned from a candidacy → not computed.
  'flows.median_wait_days': e(53, 28, null),
  'flows.candidacies_refused': e(1, 1, 0), // P10, unfavourable on 20/08

  'leave.accrued': e(100, 0, 0), // P1 worked 10 validated days in July → 1 day credited on 31/07; nobody else reaches 10 days
  'leave.taken': e(50, 50, 0), // P1's half day on 10/08
  'leave.balance': e(50, 50, 0), // 1 − 0,5 day

  // Q3: 120 livres (10/07), 30 Livres (12/08), 50 livres (20/08, correcting 500), 200 repas (15/09). August: 30 + 50. Q2: 10 livres (15/06).
  'partners.production_entries': e(4, 2, 1),
  'partners.production_by_unit': e(2, 1, 1), // livres, repas; livres; livres
  'partners.production_by_customer': e(3, 2, 1), // livres public, livres company, repas internal; livres public and company; livres public
  'partners.training_minutes': e(120, 120, 0), // « Sécurité » on 25/08, 2 h
  'partners.training_sessions': e(1, 1, 0),
  'partners.training_participants': e(5, 5, 0),
  'partners.events': e(1, 0, 0), // employer on 18/09
  'partners.incidents': e(3, 1, 0), // minor 22/07 and 02/09, moderate 05/08

  'steering.meetings': e(2, 0, 1), // M2 09/07, M3 17/09; none; M1 20/06
  'steering.decisions': e(3, 0, 1), // n° 2, 3 (M2), 4 (M3; the unnumbered one does not count); none; n° 1
  // 30/09: A1 open (never followed up), A2 in progress → 2; A3 and A4 done. 31/08: A1, A2, A3 (open until M3) → 3;
  // A4 done at M2. 30/06: A1, A4 (open until M2) → 2; A2 and A3 not decided yet.
  'steering.actions_open': e(2, 3, 2),
  'steering.actions_late': e(1, 1, 0), // A1 due 31/07 (before 30/09 and 31/08); A1 not yet due on 30/06
  'steering.actions_done': e(2, 0, 0), // A3 (M3), A4 (M2) done in Q3; none in August (A4 was done before it)
};

const PERIODS: Array<[keyof Expected, Period]> = [
  ['q3', SCENARIO_QUARTER],
  ['august', SCENARIO_AUGUST],
  ['q2', SCENARIO_PREVIOUS],
];

const compute = (period: Period) => computeIndicators(t.em(), { establishmentIds: [s.establishmentId] }, period);
const lines = (values: Map<string, IndicatorValue>, key: string) => values.get(key)?.breakdown?.map((l) => [l.key, l.label, l.value]);

describe('the hand-built scenario', () => {
  it('has an expectation for every indicator of the catalogue, and no other', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(
      indicatorDefinitions()
        .map((d) => d.key)
        .sort(),
    );
  });

  for (const [name, period] of PERIODS)
    it(`gives every indicator its hand-computed value (${name}: ${period.from} → ${period.to})`, async () => {
      const values = await compute(period);
      const got = Object.fromEntries([...values].map(([key, v]) => [key, v.value]));
      const expected = Object.fromEntries(Object.entries(EXPECTED).map(([key, v]) => [key, v[name]]));
      expect(got).toEqual(expected);
    });

  it('breaks the quarter down by hand', async () => {
    const q3 = await compute(SCENARIO_QUARTER);
    expect(lines(q3, 'work.absence_days')).toEqual([
      ['AI', 'Absence injustifiée', 2],
      ['CJ', 'Convocation judiciaire ou administrative', 1],
      ['MED', 'Rendez-vous médical', 1],
    ]);
    expect(lines(q3, 'work.overtime_minutes')).toEqual([['overtime25', 'Heures supplémentaires à +25 %', 300]]);
    expect(lines(q3, 'work.complementary_minutes')).toEqual([]);
    expect(lines(q3, 'flows.assignments_ended')).toEqual([
      ['release', 'Libération', 1],
      ['resignation', expect.any(String), 1],
    ]);
    // 28 days → « 30 j ou moins », 78 days → « 61 à 90 j ».
    expect(lines(q3, 'flows.median_wait_days')).toEqual([
      ['wait_0', '30 j ou moins', 1],
      ['wait_1', '31 à 60 j', 0],
      ['wait_2', '61 à 90 j', 1],
      ['wait_3', '91 à 180 j', 0],
      ['wait_4', 'plus de 180 j', 0],
    ]);
    // livres 120 + 30 + 50 = 200 (« Livres » and « livres » add up; the corrected 500 does not count); repas 200.
    expect(lines(q3, 'partners.production_by_unit')).toEqual([
      ['livres', 'livres', 200],
      ['repas', 'repas', 200],
    ]);
    expect(lines(q3, 'partners.production_by_customer')).toEqual([
      ['livres|public', 'livres — Organisme public', 170],
      ['livres|company', 'livres — Entreprise', 30],
      ['repas|internal', 'repas — Interne à l’établissement', 200],
    ]);
    expect(lines(q3, 'partners.events')).toEqual([['employer', 'Employeur ou recruteur', 1]]);
    expect(lines(q3, 'partners.incidents')).toEqual([
      ['minor', 'Mineur', 2],
      ['moderate', 'Modéré', 1],
    ]);
    for (const v of q3.values()) expect(v.skipped, v.key).toBeUndefined();
  });

  it('breaks August and the previous quarter down by hand, and says what it skipped', async () => {
    const august = await compute(SCENARIO_AUGUST);
    expect(lines(august, 'flows.assignments_ended')).toEqual([['resignation', expect.any(String), 1]]);
    expect(lines(august, 'partners.production_by_unit')).toEqual([['livres', 'livres', 80]]);
    expect(lines(august, 'partners.incidents')).toEqual([['moderate', 'Modéré', 1]]);
    expect(august.get('work.weekly_minutes_per_worker')?.skipped).toEqual(['Personne n’a travaillé dans la période : pas de durée moyenne.']);
    const q2 = await compute(SCENARIO_PREVIOUS);
    expect(lines(q2, 'flows.assignments_ended')).toEqual([['end_of_contract', expect.any(String), 1]]);
    expect(q2.get('training.fill_rate')?.skipped).toEqual(['Aucune session de formation dans la période : pas de taux de remplissage.']);
    expect(q2.get('flows.median_wait_days')?.skipped).toEqual(['Aucune candidature n’a été affectée sur la période : pas d’attente médiane.']);
  });

  it('narrows to each workshop by hand', async () => {
    const workshop = (id: number) => computeIndicators(t.em(), { establishmentIds: [s.establishmentId], workshopIds: [id] }, SCENARIO_QUARTER);
    const cuisine = await workshop(s.cuisineId);
    const reliure = await workshop(s.reliureId);
    const value = (m: Map<string, IndicatorValue>, key: string) => m.get(key)?.value;
    // Cuisine: 3 × 92 − 31 = 245 open, 92 + 76 = 168 held → 68,571 %; Reliure: 2 × 92 = 184 open, 75 + 92 = 167 held → 90,76 %.
    expect([value(cuisine, 'posts.open_post_days'), value(cuisine, 'posts.occupied_post_days'), value(cuisine, 'posts.occupancy_rate')]).toEqual([
      245, 168, 68.57,
    ]);
    expect([value(reliure, 'posts.open_post_days'), value(reliure, 'posts.occupied_post_days'), value(reliure, 'posts.occupancy_rate')]).toEqual([
      184, 167, 90.76,
    ]);
    // Cuisine: P1 75 h + P2 42 h = 7 020 min, 412,44 + 227,18 = 639,62 €; Reliure: P4 + P6 70 h = 4 200 min, 2 × 189,32 = 378,64 €.
    expect([value(cuisine, 'work.workers'), value(cuisine, 'work.worked_minutes'), value(cuisine, 'work.gross_cents')]).toEqual([2, 7020, 63962]);
    expect([value(reliure, 'work.workers'), value(reliure, 'work.worked_minutes'), value(reliure, 'work.gross_cents')]).toEqual([2, 4200, 37864]);
    expect(value(cuisine, 'work.trained_minutes')).toBeNull();
    // Flows: Cuisine P3 in, P2 out (release); Reliure P5 in, P4 out (resignation).
    expect([value(cuisine, 'flows.assignments_started'), value(cuisine, 'flows.assignments_ended')]).toEqual([1, 1]);
    expect([value(reliure, 'flows.assignments_started'), value(reliure, 'flows.assignments_ended')]).toEqual([1, 1]);
    // The log: Cuisine 1 production (repas) and the moderate incident; Reliure 3 productions, the training, the event, 2 minor incidents.
    expect([value(cuisine, 'partners.production_entries'), value(cuisine, 'partners.incidents'), value(cuisine, 'partners.events')]).toEqual([1, 1, 0]);
    expect([value(reliure, 'partners.production_entries'), value(reliure, 'partners.incidents'), value(reliure, 'partners.events')]).toEqual([3, 2, 1]);
    expect(value(reliure, 'partners.training_minutes')).toBe(120);
  });
});

describe('the report data of the scenario', () => {
  const report = (code: string) =>
    buildReportData(t.em(), {
      establishmentId: s.establishmentId,
      period: parsePeriod(code) as ReportingPeriod,
      version: 1,
      generatedAt: new Date('2026-10-05T08:00:00Z'),
    });

  it('carries the catalogue of the quarter beside the previous quarter’s', async () => {
    const data = await report('2026-T3');
    expect(data.period).toEqual({ code: '2026-T3', label: '3e trimestre 2026', from: '2026-07-01', to: '2026-09-30' });
    expect(data.previous).toEqual({ code: '2026-T2', label: '2e trimestre 2026', from: '2026-04-01', to: '2026-06-30' });
    const now = await compute(SCENARIO_QUARTER);
    const before = await compute(SCENARIO_PREVIOUS);
    expect(Object.keys(data.figures).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [key, figure] of Object.entries(data.figures)) {
      expect(figure.value, key).toBe(now.get(key)?.value);
      expect(figure.previous, key).toBe(before.get(key)?.value);
      expect(figure.breakdown, key).toEqual(now.get(key)?.breakdown);
      expect(figure.value, key).toBe(EXPECTED[key]?.q3);
      expect(figure.previous, key).toBe(EXPECTED[key]?.q2);
    }
    expect(data.workshops.map((w) => [w.name, w.partnerName])).toEqual([
      ['Cuisine', 'Régie Cuisine'],
      ['Reliure', 'Reliures Solidaires'],
    ]);
    expect(data.workshops[1]?.figures['posts.occupancy_rate']).toEqual({ value: 90.76, previous: expect.any(Number) });
  });

  it('gives the months of the quarter for the charts', async () => {
    const { months } = await report('2026-T3');
    expect(months).toEqual({
      months: ['2026-07', '2026-08', '2026-09'],
      worked: [11220, 0, 0], // every validated hour is in July
      trained: [1800, 0, 0],
      // July: C1 31 + C2 17 + C3 0 + R1 31 + R2 31 = 110 ÷ 155 = 70,968 %; August 84,68 % (above);
      // September: C1 C2 R1 R2 30 each = 120 ÷ 150 (C3 open again) = 80 %.
      occupancy: [70.97, 84.68, 80],
      // July: present 9 × 31 + P2 16 = 295, active P1 31 + P2 16 + P4 31 + P6 31 + P7 26 + P8 25 = 160 → 54,237 %;
      // September: present 9 × 30 + P9 21 + P11 4 = 295, active P1 P3 P5 P6 30 each + P7 24 = 144 → 48,814 %.
      access: [54.24, 48.75, 48.81],
    });
  });

  it('says what the data lacks: the week left open, the people without hours, nothing skipped', async () => {
    const data = await report('2026-T3');
    // Reliure's week of 7 September (P6's hours) is open; P3 (C2 from 03/08) and P5 (R1 from 01/09) have no hours at all.
    expect(data.dataQuality).toEqual({
      weeksNotValidated: 1,
      weeksNotValidatedBy: [{ label: 'Reliure', weeks: 1 }],
      peopleWithoutEntries: 2,
      skipped: [],
    });
  });

  it('lists what August had to skip, and its people without hours', async () => {
    const data = await report('2026-08');
    // August: no week open; P1 (only leave), P3, P4 and P6 held a post with no hours typed in August.
    expect(data.dataQuality.weeksNotValidated).toBe(0);
    expect(data.dataQuality.peopleWithoutEntries).toBe(4);
    expect(data.dataQuality.skipped).toEqual([
      {
        key: 'work.weekly_minutes_per_worker',
        label: 'Durée hebdomadaire moyenne par personne',
        reason: 'Personne n’a travaillé dans la période : pas de durée moyenne.',
      },
    ]);
    expect(Object.fromEntries(Object.entries(data.figures).map(([k, f]) => [k, f.value]))).toEqual(
      Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, v.august])),
    );
  });
});

describe('the workshops’ work figures in one statement (the reports’ workshop pages)', () => {
  it.each([
    ['the quarter', SCENARIO_QUARTER],
    ['August', SCENARIO_AUGUST],
    ['the previous quarter', SCENARIO_PREVIOUS],
  ] as const)('equal the work family narrowed to each workshop, for %s', async (_what, period) => {
    const grouped = await workByWorkshop(t.em(), s.establishmentId, [s.cuisineId, s.reliureId], period);
    for (const id of [s.cuisineId, s.reliureId])
      expect(grouped.get(id)).toEqual([
        ...(await computeIndicators(t.em(), { establishmentIds: [s.establishmentId], workshopIds: [id] }, period, ['work'])).values(),
      ]);
  });
});
