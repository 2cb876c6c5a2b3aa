import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Assignment, Enrollment } from '../../src/assignments/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { monthPay } from '../../src/hours/pay.ts';
import { computeIndicators } from '../../src/indicators/catalogue.ts';
import type { IndicatorScope, IndicatorValue, Period } from '../../src/indicators/definition.ts';
import { wholeMonths, workByWorkshop, workFamily } from '../../src/indicators/work.ts';
import { type Day, mondayOf } from '../../src/platform/calendar.ts';
import { Scope } from '../../src/platform/scope.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPost, createProgramme, createSession, createUser, createWorkshop } from '../support/factories.ts';

const H = 60;
/**
 * March 2026, production floor 45 % of the SMIC: 12,02 € × 45 % = 5,409 €/h.
 *   A, 35 h contract in Reliure: week of 2 March 10+10+9+9+8 = 46 h → 35 h normal, 8 h at +25 %, 3 h at +50 %
 *      (189,315 + 54,09 + 24,3405 = 267,7455 €); week of 9 March 5 × 7 h + an adjustment of +1 h on Monday = 36 h
 *      → 35 h + 1 h at +25 % (189,315 + 6,76125 = 196,07625 €). A: 82 h = 4 920 min, 2 weeks, gross 463,82175 → 463,82 €.
 *   B, 20 h contract in Menuiserie: week of 2 March 6+6+6+5+5 = 28 h → 20 h, 2 h at +10 %, 6 h at +25 %
 *      (108,18 + 11,8998 + 40,5675 = 160,6473 €); week of 16 March 5 × 4 h = 20 h (108,18 €); week of 23 March
 *      absent: CJ Monday and Tuesday, MED Wednesday (no reason is paid). B: 48 h = 2 880 min, 2 weeks, gross 268,8273 → 268,83 €.
 *   C, in an unpaid training session: 5 h on 2 and 3 March = 600 min, validated; no pay.
 *   Another establishment's worker: 7 h on 2 March.
 * Establishment: 2 workers; 4 920 + 2 880 = 7 800 min worked over 4 worker-weeks → 1 950 min (32 h 30) a week;
 * overtime 9 h at +25 % (540) + 3 h at +50 % (180) = 720 min; complementary 2 h (120) + 6 h (360) = 480 min;
 * absences CJ 2 days, MED 1 day; gross 463,82 + 268,83 = 732,65 € = 73 265 cents.
 */
let t: TestContext;
let mine: Establishment;
let other: Establishment;
let reliure: Workshop;
let menuiserie: Workshop;
const MARCH: Period = { from: '2026-03-01', to: '2026-03-31' };

async function contract(workshop: Workshop, person: Detainee, weeklyHours: number) {
  const em = t.em();
  const post = await createPost(em, workshop);
  const a = em.create(Assignment, {
    establishment: person.establishment.id,
    detainee: person.id,
    post: post.id,
    contractReference: `CEP-${post.id}`,
    startsOn: '2025-12-01',
    trialEndsOn: '2025-12-01',
    weeklyMinutes: weeklyHours * H,
    payCategory: 'production',
  });
  await em.flush();
  return a;
}

async function validate(establishmentId: number, column: 'workshop_id' | 'session_id', id: number, days: readonly Day[]) {
  const connection = t.em().getConnection();
  for (const monday of new Set(days.map(mondayOf))) {
    await connection.execute(`insert into timesheet_week (establishment_id, ${column}, week_start) values (?, ?, ?) on conflict do nothing`, [
      establishmentId,
      id,
      monday,
    ]);
    await connection.execute(`update timesheet_week set status = 'validated', validated_at = now() where ${column} = ? and week_start = ?`, [id, monday]);
  }
}

/** Hours (or an absence code) typed on the days, the weeks validated. */
async function typed(a: Assignment, workshop: Workshop, days: Record<Day, number | string>) {
  const em = t.em();
  for (const [day, value] of Object.entries(days))
    em.create(TimeEntry, {
      establishment: a.establishment.id,
      detainee: a.detainee.id,
      assignment: a.id,
      workshop: workshop.id,
      day,
      kind: typeof value === 'number' ? 'work' : 'absence',
      minutes: typeof value === 'number' ? value * H : 0,
      absenceCode: typeof value === 'number' ? null : value,
    });
  await em.flush();
  await validate(a.establishment.id, 'workshop_id', workshop.id, Object.keys(days));
}

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  mine = await createEstablishment(em, { name: 'Indicateurs travail' });
  other = await createEstablishment(em, { name: 'Ailleurs travail' });
  reliure = await createWorkshop(em, mine, { name: 'Reliure' });
  menuiserie = await createWorkshop(em, mine, { name: 'Menuiserie' });
  const arrivalDate = '2025-10-01';
  const a = await contract(reliure, await createDetainee(em, mine, { lastName: 'Alpha', arrivalDate }), 35);
  await typed(a, reliure, { '2026-03-02': 10, '2026-03-03': 10, '2026-03-04': 9, '2026-03-05': 9, '2026-03-06': 8 });
  await typed(a, reliure, { '2026-03-09': 7, '2026-03-10': 7, '2026-03-11': 7, '2026-03-12': 7, '2026-03-13': 7 });
  em.create(TimeEntry, {
    establishment: mine.id,
    detainee: a.detainee.id,
    assignment: a.id,
    workshop: reliure.id,
    day: '2026-03-09',
    kind: 'work',
    minutes: H,
    isAdjustment: true,
    adjustmentReason: 'Heure oubliée',
  });
  await em.flush();
  const b = await contract(menuiserie, await createDetainee(em, mine, { lastName: 'Bravo', arrivalDate }), 20);
  await typed(b, menuiserie, { '2026-03-02': 6, '2026-03-03': 6, '2026-03-04': 6, '2026-03-05': 5, '2026-03-06': 5 });
  await typed(b, menuiserie, { '2026-03-16': 4, '2026-03-17': 4, '2026-03-18': 4, '2026-03-19': 4, '2026-03-20': 4 });
  await typed(b, menuiserie, { '2026-03-23': 'CJ', '2026-03-24': 'CJ', '2026-03-25': 'MED' });
  const c = await createDetainee(em, mine, { lastName: 'Charlie', arrivalDate });
  const session = await createSession(em, mine, await createProgramme(em), { startsOn: '2026-03-02', endsOn: '2026-06-30' });
  const enrollment = em.create(Enrollment, { establishment: mine.id, session: session.id, detainee: c.id, startsOn: '2026-03-02' });
  await em.flush();
  for (const day of ['2026-03-02', '2026-03-03'])
    em.create(TimeEntry, { establishment: mine.id, detainee: c.id, enrollment: enrollment.id, session: session.id, day, kind: 'training', minutes: 5 * H });
  await em.flush();
  await validate(mine.id, 'session_id', session.id, ['2026-03-02']);
  const away = await createWorkshop(em, other, { name: 'Ailleurs' });
  const d = await contract(away, await createDetainee(em, other, { lastName: 'Delta', arrivalDate }), 35);
  await typed(d, away, { '2026-03-02': 7 });
});
afterAll(() => t.close());

const compute = (scope: IndicatorScope, period = MARCH) => computeIndicators(t.em(), scope, period, ['work']);
const read = (values: Map<string, IndicatorValue>, key: string) => values.get(key)?.value;
const lines = (values: Map<string, IndicatorValue>, key: string) => values.get(key)?.breakdown?.map((l) => [l.key, l.label, l.value]);

describe('work indicators', () => {
  it('counts March by hand', async () => {
    const values = await compute({ establishmentIds: [mine.id] });
    expect(read(values, 'work.workers')).toBe(2);
    expect(read(values, 'work.worked_minutes')).toBe(7800);
    expect(read(values, 'work.trained_minutes')).toBe(600);
    expect(read(values, 'work.weekly_minutes_per_worker')).toBe(1950);
    expect(read(values, 'work.overtime_minutes')).toBe(720);
    expect(lines(values, 'work.overtime_minutes')).toEqual([
      ['overtime25', expect.stringContaining('25 %'), 540],
      ['overtime50', expect.stringContaining('50 %'), 180],
    ]);
    expect(read(values, 'work.complementary_minutes')).toBe(480);
    expect(lines(values, 'work.complementary_minutes')).toEqual([
      ['complementary10', expect.stringContaining('10 %'), 120],
      ['complementary25', expect.stringContaining('25 %'), 360],
    ]);
    expect(read(values, 'work.absence_days')).toBe(3);
    expect(lines(values, 'work.absence_days')).toEqual([
      ['CJ', 'Convocation judiciaire ou administrative', 2],
      ['MED', 'Rendez-vous médical', 1],
    ]);
    expect(read(values, 'work.gross_cents')).toBe(73265);
    expect(values.get('work.gross_cents')?.skipped).toBeUndefined();
  });

  it('gives the gross and the hours of the monthly statement', async () => {
    const user = await createUser(t.em(), 'coordinator', { establishments: [mine] });
    const pay = await monthPay(t.em(), new Scope(user.id, 'coordinator', [mine.id], null), mine.id, '2026-03');
    const values = await compute({ establishmentIds: [mine.id] });
    expect(read(values, 'work.gross_cents')).toBe(pay.people.reduce((n, p) => n + p.grossCents, 0));
    expect(read(values, 'work.worked_minutes')).toBe(pay.people.reduce((n, p) => n + p.validatedMinutes, 0));
    expect(read(values, 'work.trained_minutes')).toBe(pay.people.reduce((n, p) => n + p.trainingMinutes, 0));
  });

  it('equals the pay statement on a month with overtime, adjustments, a corrected absence and a week not validated', async () => {
    /*
     * April 2026, 35 h contract, 5,409 €/h.
     *   Week of 13 April: 9 h Monday to Friday, Friday corrected by −1 h → 44 h: 35 h normal (189,315 €),
     *   8 h at +25 % (54,09 €), 1 h at +50 % (8,1135 €).
     *   Week of 20 April: Monday typed « AI », corrected since to 7 h of work (the absence no longer counts);
     *   Tuesday « CJ »; 7 h Wednesday to Friday → 28 h normal (151,452 €).
     *   Week of 27 April: 7 h Monday to Thursday, not validated: not counted, not paid.
     *   → 72 h = 4 320 min over 2 weeks (2 160 min a week), overtime 480 + 60 min, absences CJ 1 day,
     *     gross 402,9705 → 402,97 € = 40 297 cents.
     */
    const em = t.em();
    const place = await createEstablishment(em, { name: 'Relevé avril' });
    const shop = await createWorkshop(em, place, { name: 'Sérigraphie' });
    const a = await contract(shop, await createDetainee(em, place, { lastName: 'Hotel', arrivalDate: '2025-10-01' }), 35);
    await typed(a, shop, { '2026-04-13': 9, '2026-04-14': 9, '2026-04-15': 9, '2026-04-16': 9, '2026-04-17': 9 });
    await typed(a, shop, { '2026-04-20': 'AI', '2026-04-21': 'CJ', '2026-04-22': 7, '2026-04-23': 7, '2026-04-24': 7 });
    const entry = { establishment: place.id, detainee: a.detainee.id, assignment: a.id, workshop: shop.id };
    em.create(TimeEntry, { ...entry, day: '2026-04-17', kind: 'work', minutes: -H, isAdjustment: true, adjustmentReason: 'Heure en trop' });
    em.create(TimeEntry, { ...entry, day: '2026-04-20', kind: 'work', minutes: 7 * H, isAdjustment: true, adjustmentReason: 'Présent finalement' });
    for (const day of ['2026-04-27', '2026-04-28', '2026-04-29', '2026-04-30']) em.create(TimeEntry, { ...entry, day, kind: 'work', minutes: 7 * H });
    await em.flush();

    const values = await compute({ establishmentIds: [place.id] }, { from: '2026-04-01', to: '2026-04-30' });
    expect(read(values, 'work.workers')).toBe(1);
    expect(read(values, 'work.worked_minutes')).toBe(4320);
    expect(read(values, 'work.weekly_minutes_per_worker')).toBe(2160);
    expect(lines(values, 'work.overtime_minutes')).toEqual([
      ['overtime25', expect.stringContaining('25 %'), 480],
      ['overtime50', expect.stringContaining('50 %'), 60],
    ]);
    expect(read(values, 'work.complementary_minutes')).toBe(0);
    expect(lines(values, 'work.absence_days')).toEqual([['CJ', 'Convocation judiciaire ou administrative', 1]]);
    expect(read(values, 'work.gross_cents')).toBe(40297);

    const user = await createUser(t.em(), 'coordinator', { establishments: [place] });
    const pay = await monthPay(t.em(), new Scope(user.id, 'coordinator', [place.id], null), place.id, '2026-04');
    const [person] = pay.people;
    expect(pay.people).toHaveLength(1);
    expect(person?.validatedMinutes).toBe(4320);
    expect(person?.pendingMinutes).toBe(4 * 7 * H);
    expect(person?.lines.overtime25?.minutes).toBe(480);
    expect(person?.lines.overtime50?.minutes).toBe(60);
    expect(person?.absences).toEqual({ CJ: 1 });
    expect(person?.grossCents).toBe(40297);
  });

  it('narrows to a workshop, leaves training out there, and counts another establishment only when asked', async () => {
    const wood = await compute({ establishmentIds: [mine.id], workshopIds: [menuiserie.id] });
    expect(read(wood, 'work.workers')).toBe(1);
    expect(read(wood, 'work.worked_minutes')).toBe(2880);
    // 2 880 min over 2 weeks with work (the absence week has none).
    expect(read(wood, 'work.weekly_minutes_per_worker')).toBe(1440);
    expect(read(wood, 'work.overtime_minutes')).toBe(0);
    expect(read(wood, 'work.complementary_minutes')).toBe(480);
    expect(read(wood, 'work.absence_days')).toBe(3);
    expect(read(wood, 'work.gross_cents')).toBe(26883);
    expect(read(wood, 'work.trained_minutes')).toBeNull();
    const binding = await compute({ establishmentIds: [mine.id], workshopIds: [reliure.id] });
    expect(read(binding, 'work.gross_cents')).toBe(46382);
    expect(read(binding, 'work.absence_days')).toBe(0);
    // The reports' one statement for all the workshops gives each the same values (complementary hours, absences, gross).
    const grouped = await workByWorkshop(t.em(), mine.id, [menuiserie.id, reliure.id], MARCH);
    expect(grouped.get(menuiserie.id)).toEqual([...wood.values()]);
    expect(grouped.get(reliure.id)).toEqual([...binding.values()]);
    expect((await workByWorkshop(t.em(), mine.id, [menuiserie.id], { from: '2026-03-01', to: '2026-03-15' })).get(menuiserie.id)).toEqual(
      await workFamily.compute(t.em(), { establishmentIds: [mine.id], workshopIds: [menuiserie.id] }, { from: '2026-03-01', to: '2026-03-15' }),
    );
    // Delta: 7 h at 5,409 = 37,863 → 37,86 €.
    const both = await compute({ establishmentIds: [mine.id, other.id] });
    expect(read(both, 'work.workers')).toBe(3);
    expect(read(both, 'work.worked_minutes')).toBe(7800 + 420);
    expect(read(both, 'work.gross_cents')).toBe(73265 + 3786);
  });

  it('counts whole months only, and says what it left out', async () => {
    expect(wholeMonths({ from: '2026-01-01', to: '2026-03-31' }).months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(wholeMonths({ from: '2026-02-15', to: '2026-04-30' })).toEqual({ months: ['2026-03', '2026-04'], leftOut: expect.stringContaining('mois entiers') });
    const quarter = await compute({ establishmentIds: [mine.id] }, { from: '2026-01-01', to: '2026-03-31' });
    expect(read(quarter, 'work.gross_cents')).toBe(73265);
    const overlapping = await compute({ establishmentIds: [mine.id] }, { from: '2026-02-15', to: '2026-04-30' });
    expect(read(overlapping, 'work.worked_minutes')).toBe(7800);
    expect(overlapping.get('work.worked_minutes')?.skipped?.[0]).toContain('mois entiers');
    const half = await workFamily.compute(t.em(), { establishmentIds: [mine.id] }, { from: '2026-03-01', to: '2026-03-15' });
    expect(half.every((v) => v.value === null && v.skipped?.length)).toBe(true);
  });

  it('costs the same queries whatever the number of people, and declares every value it computes', async () => {
    const em = t.em();
    // A request's entity manager each time (one that already holds the establishment would not load it again).
    const count = async () => {
      const request = t.em();
      const spy = vi.spyOn(request.getConnection(), 'execute');
      await workFamily.compute(request, { establishmentIds: [mine.id] }, MARCH);
      const calls = spy.mock.calls.length;
      spy.mockRestore();
      return calls;
    };
    const setup = t.em();
    const boxes = await createWorkshop(setup, mine, { name: 'Cartonnage' });
    /** More workers, 7 h on a day: the data changes, so the month's statement is computed again (cold), then read from the cache (warm). */
    const hire = async (names: readonly string[], day: Day) => {
      for (const name of names) {
        const a = await contract(boxes, await createDetainee(setup, mine, { lastName: name, arrivalDate: '2025-10-01' }), 35);
        setup.create(TimeEntry, {
          establishment: mine.id,
          detainee: a.detainee.id,
          assignment: a.id,
          workshop: boxes.id,
          day,
          kind: 'work',
          minutes: 7 * H,
        });
      }
      await setup.flush();
      await validate(mine.id, 'workshop_id', boxes.id, [day]);
      return { cold: await count(), warm: await count() };
    };
    const one = await hire(['Echo'], '2026-03-17');
    const three = await hire(['Foxtrot', 'Golf'], '2026-03-24');
    expect(three).toEqual(one);
    // Warm: the data version, the aggregate and the establishments' names, nothing per person nor per month.
    expect(one.warm).toBe(3);
    const values = await workFamily.compute(em, { establishmentIds: [mine.id] }, MARCH);
    // Each newcomer: 7 h at 5,409 = 37,863 → 37,86 €: the new data version gave a new gross, never a stale one.
    expect(values.find((v) => v.key === 'work.gross_cents')?.value).toBe(73265 + 3 * 3786);
    expect(values.map((v) => v.key)).toEqual(workFamily.definitions.map((d) => d.key));
    expect(values.find((v) => v.key === 'work.workers')?.value).toBe(5);
    for (const d of workFamily.definitions) expect(d.formula.length + d.scopeRule.length).toBeGreaterThan(100);
  });
});
