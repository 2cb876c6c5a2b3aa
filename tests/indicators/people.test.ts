import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Assignment, Enrollment, Suspension } from '../../src/assignments/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { coordinatorAgenda } from '../../src/home/agenda.ts';
import { computeIndicators } from '../../src/indicators/catalogue.ts';
import type { IndicatorValue } from '../../src/indicators/definition.ts';
import { peopleFamily } from '../../src/indicators/people.ts';
import type { Day } from '../../src/platform/calendar.ts';
import { Scope } from '../../src/platform/scope.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPost, createProgramme, createSession, createUser, createWorkshop } from '../support/factories.ts';

/**
 * October 2026 (31 days) in one establishment, by hand:
 *   P1 arrived 1 Sept, works the whole month                    present 31, active 31
 *   P2 arrived 11 Oct, nothing                                  present 21, active 0   idle on 31 Oct: 31 − 11 = 20 days
 *   P3 works until 16 Oct, released on 16 Oct                   present 15 (1–15), active 15
 *   P4 works, suspended 5–20 Oct (the post stays held)          present 31, active 31
 *   P5 enrolled from 12 Oct in a session of Oct–Dec             present 31, active 20 (12–31)
 *   P6 works until 27 Oct                                       present 31, active 27  idle on 31 Oct: 31 − 28 = 3 days (not counted)
 *   P7 works until 20 Oct                                       present 31, active 20  idle: 31 − 21 = 10 days
 *   P9 enrolled 1 Oct, dropped on 10 Oct                        present 31, active 9 (1–9) idle: 31 − 11 = 20 days
 *   P8 arrives 5 Nov: not yet present; another establishment's person: not counted.
 * Present person-days 6 × 31 + 21 + 15 = 222; mean 222 ÷ 31 = 7,161… → 7,16.
 * Active person-days 31 + 0 + 15 + 31 + 20 + 27 + 20 + 9 = 153; access 153 ÷ 222 = 68,918… → 68,92 %.
 * On 31 Oct: present P1 P2 P4 P5 P6 P7 P9 = 7; active P1 P4 P5 = 3 → 42,857… → 42,86 %; idle > 7 days: P2 P7 P9 = 3.
 */
let t: TestContext;
let mine: Establishment;
let other: Establishment;
let workshop: Workshop;
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };

async function works(person: Detainee, startsOn: Day, endedOn: Day | null = null) {
  const em = t.em();
  const post = await createPost(em, workshop);
  const a = em.create(Assignment, {
    establishment: person.establishment.id,
    detainee: person.id,
    post: post.id,
    contractReference: `CEP-${post.id}`,
    startsOn,
    trialEndsOn: startsOn,
    weeklyMinutes: 2100,
    payCategory: 'production',
    endedOn,
    endReason: endedOn ? 'end_of_contract' : null,
  });
  await em.flush();
  return a;
}

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  mine = await createEstablishment(em, { name: 'Indicateurs personnes' });
  other = await createEstablishment(em, { name: 'Ailleurs personnes' });
  workshop = await createWorkshop(em, mine);
  const person = (lastName: string, arrivalDate = '2026-09-01', where = mine) => createDetainee(em, where, { lastName, arrivalDate });
  const p1 = await person('Un');
  await works(p1, '2026-09-01');
  await person('Deux', '2026-10-11');
  const p3 = await person('Trois');
  await works(p3, '2026-09-01', '2026-10-16');
  await em.getConnection().execute(`update detainee set status = 'released', left_on = '2026-10-16', left_reason = 'Libération' where id = ?`, [p3.id]);
  const p4 = await person('Quatre');
  const a4 = await works(p4, '2026-09-01');
  em.create(Suspension, { establishment: mine.id, assignment: a4.id, startsOn: '2026-10-05', endsOn: '2026-10-20', reason: 'sickness' });
  await em.flush();
  const session = await createSession(em, mine, await createProgramme(em), { startsOn: '2026-10-01', endsOn: '2026-12-31' });
  const p5 = await person('Cinq');
  em.create(Enrollment, { establishment: mine.id, session: session.id, detainee: p5.id, startsOn: '2026-10-12' });
  const p6 = await person('Six');
  await works(p6, '2026-09-01', '2026-10-27');
  const p7 = await person('Sept');
  await works(p7, '2026-09-01', '2026-10-20');
  await person('Huit', '2026-11-05');
  const p9 = await person('Neuf');
  em.create(Enrollment, {
    establishment: mine.id,
    session: session.id,
    detainee: p9.id,
    startsOn: '2026-10-01',
    status: 'dropped',
    endedOn: '2026-10-10',
    dropReason: 'Abandon',
  });
  await em.flush();
  await person('Ailleurs', '2026-09-01', other);
});
afterAll(() => t.close());

const read = (values: Map<string, IndicatorValue>, key: string) => values.get(key)?.value;

describe('people indicators', () => {
  it('counts presence, access and idle people of October by hand', async () => {
    const values = await computeIndicators(t.em(), { establishmentIds: [mine.id] }, OCTOBER, ['people']);
    expect(read(values, 'people.present_mean')).toBe(7.16);
    expect(read(values, 'people.present_end')).toBe(7);
    expect(read(values, 'people.access_rate')).toBe(68.92);
    expect(read(values, 'people.access_rate_end')).toBe(42.86);
    expect(read(values, 'people.idle_end')).toBe(3);
  });

  it('gives the count of the « Sans activité » list for the same day', async () => {
    // The list reads the current status: on 31 Oct P3 has left already, as recorded.
    const user = await createUser(t.em(), 'coordinator', { establishments: [mine] });
    const scope = new Scope(user.id, 'coordinator', [mine.id], null);
    // 3 Nov: P2, P7, P9 (P6 only 6 days); 15 Dec: also P6 and P8 (arrived 5 Nov) → 5.
    for (const [day, expected] of [
      ['2026-10-31', 3],
      ['2026-11-03', 3],
      ['2026-12-15', 5],
    ] as const) {
      const [agenda] = await coordinatorAgenda(t.em(), scope, day);
      const values = await computeIndicators(t.em(), { establishmentIds: [mine.id] }, { from: day, to: day }, ['people']);
      expect(agenda?.idle.length, day).toBe(expected);
      expect(read(values, 'people.idle_end'), day).toBe(expected);
    }
  });

  it('counts the other establishment only when asked, and both together', async () => {
    // Ailleurs: 1 person present all 31 days, idle since 1 Sept → 222 + 31 = 253 person-days, 153 active → 60,47 %; idle 3 + 1.
    const both = await computeIndicators(t.em(), { establishmentIds: [mine.id, other.id] }, OCTOBER, ['people']);
    expect(read(both, 'people.present_mean')).toBe(8.16);
    expect(read(both, 'people.access_rate')).toBe(60.47);
    expect(read(both, 'people.idle_end')).toBe(4);
  });

  it('is not computed for a workshop, and a rate over nobody is null with a reason', async () => {
    const [rate] = (await peopleFamily.compute(t.em(), { establishmentIds: [mine.id], workshopIds: [workshop.id] }, OCTOBER)).filter(
      (v) => v.key === 'people.access_rate',
    );
    expect(rate?.value).toBeNull();
    expect(rate?.skipped?.[0]).toContain('atelier');
    const empty = await peopleFamily.compute(t.em(), { establishmentIds: [mine.id] }, { from: '2026-08-01', to: '2026-08-31' });
    expect(empty.find((v) => v.key === 'people.present_mean')?.value).toBe(0);
    expect(empty.find((v) => v.key === 'people.access_rate')?.value).toBeNull();
  });

  it('costs one query a period, and declares every value it computes', async () => {
    const em = t.em();
    const spy = vi.spyOn(em, 'execute');
    const october = await peopleFamily.compute(em, { establishmentIds: [mine.id] }, OCTOBER);
    await peopleFamily.compute(em, { establishmentIds: [mine.id] }, { from: '2026-09-01', to: '2026-09-30' });
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
    expect(october.map((v) => v.key)).toEqual(peopleFamily.definitions.map((d) => d.key));
    for (const d of peopleFamily.definitions) expect(d.formula.length + d.scopeRule.length).toBeGreaterThan(100);
  });
});
