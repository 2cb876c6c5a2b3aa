import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { IndicatorValue } from '../../src/indicators/definition.ts';
import { steeringFamily } from '../../src/indicators/steering.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * The steering indicators on a scenario built by hand, October 2026: a committee of the
 * establishment, one shared with another establishment, one of the other establishment only;
 * meetings around midnight (Paris) on the period's edges; decisions numbered or not; action
 * items whose status changed at later meetings (their history, not today's status, counts).
 */
let t: TestContext;
let mine: Establishment;
let elsewhere: Establishment;

async function id(text: string, values: unknown[]): Promise<number> {
  return adminClient(t.db.url, async (c) => (await c.query<{ id: number }>(`${text} returning id`, values)).rows[0]?.id ?? 0);
}

let codes = 0;
async function committee(establishments: Establishment[]): Promise<number> {
  const c = await id(`insert into committee (kind, name, code) values ('technical', $1, $2)`, [`Comité ${++codes}`, `CT-${codes}`]);
  for (const e of establishments) {
    await adminClient(t.db.url, (db) => db.query('insert into committee_establishment (committee_id, establishment_id) values ($1, $2)', [c, e.id]));
  }
  return c;
}
const meeting = (c: number, at: string) => id(`insert into committee_meeting (committee_id, starts_at) values ($1, $2::timestamptz)`, [c, at]);
const decision = (c: number, m: number, n: number | null) =>
  id(`insert into committee_decision (committee_id, meeting_id, text, year, number) values ($1, $2, 'Décision', $3, $4)`, [c, m, n === null ? null : 2026, n]);
const action = (c: number, m: number, status: string, due: string | null) =>
  id(`insert into action_item (committee_id, meeting_id, title, status, due_on) values ($1, $2, 'Action', $3, $4)`, [c, m, status, due]);
const update = (a: number, m: number, status: string) =>
  id(`insert into action_update (action_item_id, meeting_id, status) values ($1, $2, $3)`, [a, m, status]);

const october = { from: '2026-10-01', to: '2026-10-31' };
const values = (rows: IndicatorValue[]) => Object.fromEntries(rows.map((v) => [v.key, v.value]));

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  mine = await createEstablishment(em);
  elsewhere = await createEstablishment(em);
  const c1 = await committee([mine]);
  const c2 = await committee([mine, elsewhere]);
  const c3 = await committee([elsewhere]);
  const m0 = await meeting(c1, '2026-09-15 10:00 Europe/Paris');
  const m00 = await meeting(c1, '2026-09-25 10:00 Europe/Paris');
  const m1 = await meeting(c1, '2026-10-01 00:30 Europe/Paris'); // 30 Sept 22:30 UTC: 1 Oct in Paris, counts
  const m2 = await meeting(c2, '2026-10-31 23:30 Europe/Paris'); // counts
  const m3 = await meeting(c1, '2026-11-01 00:30 Europe/Paris'); // 31 Oct 23:30 UTC: 1 Nov in Paris, does not count
  const m4 = await meeting(c3, '2026-10-10 10:00 Europe/Paris'); // another establishment's committee
  // Meetings of October for mine: m1, m2 = 2.

  await decision(c1, m0, 1); // September
  await decision(c1, m1, 2);
  await decision(c1, m1, 3);
  await decision(c1, m1, null); // not numbered: its minutes are not approved
  await decision(c2, m2, 1);
  await decision(c1, m3, 4); // November
  await decision(c3, m4, 1); // elsewhere
  // Decisions numbered in October's meetings: 2 (m1) + 1 (m2) = 3.

  await action(c1, m0, 'open', '2026-10-15'); // x1: open on 31 Oct, due before → open, late
  const x2 = await action(c1, m0, 'done', '2026-11-30');
  await update(x2, m1, 'done'); // x2: open until 1 Oct, done at m1 → done in October
  const x3 = await action(c1, m0, 'done', '2026-10-01');
  await update(x3, m1, 'in_progress');
  await update(x3, m3, 'done'); // x3: in progress on 31 Oct (done only on 1 Nov) → open, late
  await action(c1, m1, 'done', null); // x4: decided done on 1 Oct → done in October
  await action(c1, m3, 'open', '2026-11-15'); // x5: decided in November → nowhere
  await action(c1, m0, 'dropped', '2026-10-02'); // x6: dropped → nowhere
  await action(c3, m4, 'open', '2026-10-02'); // x7: elsewhere → nowhere
  const x8 = await action(c1, m0, 'done', null);
  await update(x8, m00, 'done'); // x8: done in September → not done in October, not open
  await action(c1, m1, 'open', '2026-10-31'); // x9: open, due on the last day → open, not late
  // Open x1, x3, x9 = 3; late x1, x3 = 2; done x2, x4 = 2.
});
afterAll(() => t.close());

describe('steering indicators', () => {
  it('counts October’s meetings, numbered decisions and action items as of 31 October', async () => {
    expect(values(await steeringFamily.compute(t.em(), { establishmentIds: [mine.id] }, october))).toEqual({
      'steering.meetings': 2,
      'steering.decisions': 3,
      'steering.actions_open': 3,
      'steering.actions_late': 2,
      'steering.actions_done': 2,
    });
  });

  it('reads the action items’ history at the period’s end: September', async () => {
    // As of 30 Sept: x1, x2, x3 open (x2 and x3 carried to a follow-up later: open when decided), x8 done at m00;
    // late: x1 (15 Oct), x2 (30 Nov), x3 (1 Oct) are all due after 30 Sept → 0. Meetings m0, m00; decision 1.
    expect(values(await steeringFamily.compute(t.em(), { establishmentIds: [mine.id] }, { from: '2026-09-01', to: '2026-09-30' }))).toEqual({
      'steering.meetings': 2,
      'steering.decisions': 1,
      'steering.actions_open': 3,
      'steering.actions_late': 0,
      'steering.actions_done': 1,
    });
  });

  it('counts a committee shared by two establishments once, and skips a workshop scope', async () => {
    // + m4 (c3): meetings m1, m2, m4 = 3; decisions 3 + 1 = 4; x7 open and late (due 2 Oct) → open 4, late 3.
    expect(values(await steeringFamily.compute(t.em(), { establishmentIds: [mine.id, elsewhere.id] }, october))).toEqual({
      'steering.meetings': 3,
      'steering.decisions': 4,
      'steering.actions_open': 4,
      'steering.actions_late': 3,
      'steering.actions_done': 2,
    });
    expect(values(await steeringFamily.compute(t.em(), { establishmentIds: [elsewhere.id] }, october))['steering.meetings']).toBe(2); // m2, m4
    const none = await steeringFamily.compute(t.em(), { establishmentIds: [mine.id], partnerId: 1 }, october);
    expect(none.every((v) => v.value === null && v.skipped?.length === 1)).toBe(true);
  });

  it('costs one query a period, and declares every value it computes', async () => {
    const em = t.em();
    const spy = vi.spyOn(em, 'execute');
    const got = await steeringFamily.compute(em, { establishmentIds: [mine.id] }, october);
    await steeringFamily.compute(em, { establishmentIds: [mine.id] }, { from: '2026-09-01', to: '2026-09-30' });
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
    expect(got.map((v) => v.key)).toEqual(steeringFamily.definitions.map((d) => d.key));
    for (const d of steeringFamily.definitions) expect(d.formula.length + d.scopeRule.length).toBeGreaterThan(100);
  });
});
