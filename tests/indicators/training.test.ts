import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { IndicatorValue } from '../../src/indicators/definition.ts';
import { trainingFamily } from '../../src/indicators/training.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * The training indicators on a scenario built by hand: October 2026 (31 days), two sessions of
 * the establishment running in it, one just before and one just after, a session elsewhere;
 * enrolments completed, dropped, still running, certified or not. Expected values worked out
 * in the comments.
 */
let t: TestContext;
let mine: Establishment;
let elsewhere: Establishment;

async function sql<T = { id: number }>(text: string, values: unknown[]): Promise<T> {
  return adminClient(t.db.url, async (c) => (await c.query(text, values)).rows[0] as T);
}

async function programme(title: string, code: string | null): Promise<number> {
  return (await sql(`insert into training_programme (title, provider, certification_code, hours) values ($1, 'GRETA', $2, 140) returning id`, [title, code]))
    .id;
}

async function session(e: Establishment, p: number, startsOn: string, endsOn: string, places: number): Promise<number> {
  return (
    await sql(`insert into training_session (establishment_id, programme_id, starts_on, ends_on, places) values ($1, $2, $3, $4, $5) returning id`, [
      e.id,
      p,
      startsOn,
      endsOn,
      places,
    ])
  ).id;
}

async function enrol(
  e: Establishment,
  person: number,
  s: number,
  startsOn: string,
  end?: { status: 'completed' | 'dropped'; on: string; certified?: boolean },
) {
  await sql(
    `insert into enrollment (establishment_id, detainee_id, session_id, starts_on, status, ended_on, certified, drop_reason) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      e.id,
      person,
      s,
      startsOn,
      end?.status ?? 'enrolled',
      end?.on ?? null,
      end?.status === 'completed' ? (end.certified ?? false) : null,
      end?.status === 'dropped' ? 'Libéré' : '',
    ],
  );
}

const values = (rows: IndicatorValue[]) => Object.fromEntries(rows.map((v) => [v.key, v.value]));

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  mine = await createEstablishment(em);
  elsewhere = await createEstablishment(em);
  const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(() => createDetainee(em, mine)));
  const f = await createDetainee(em, elsewhere);
  const certifying = await programme('Agent de propreté', 'RNCP12345');
  const plain = await programme('Sécurité au travail', null);
  const s1 = await session(mine, certifying, '2026-09-15', '2026-10-10', 10); // 1–10 Oct: 10 days × 10 places = 100
  const s2 = await session(mine, plain, '2026-10-20', '2026-12-31', 5); // 20–31 Oct: 12 days × 5 places = 60
  await session(mine, certifying, '2026-11-01', '2026-11-30', 8); // after October
  await session(mine, certifying, '2026-09-01', '2026-09-30', 8); // ends the day before October
  const s5 = await session(elsewhere, certifying, '2026-10-01', '2026-10-31', 20); // another establishment
  await enrol(mine, a?.id ?? 0, s1, '2026-09-15', { status: 'completed', on: '2026-10-10', certified: true }); // 1–10 Oct: 10
  await enrol(mine, b?.id ?? 0, s1, '2026-09-20', { status: 'dropped', on: '2026-10-03' }); // 1–3 Oct: 3
  await enrol(mine, c?.id ?? 0, s1, '2026-09-15', { status: 'completed', on: '2026-09-30', certified: true }); // ended in September: 0
  await enrol(mine, a?.id ?? 0, s2, '2026-10-20'); // still enrolled: 20–31 Oct: 12
  await enrol(mine, d?.id ?? 0, s2, '2026-10-25', { status: 'completed', on: '2026-10-30', certified: false }); // 25–30 Oct: 6
  await enrol(mine, e?.id ?? 0, s2, '2026-10-20', { status: 'completed', on: '2026-10-30', certified: true }); // 20–30 Oct: 11, programme without a code
  await enrol(elsewhere, f.id, s5, '2026-10-01');
});
afterAll(() => t.close());

describe('training indicators', () => {
  it('counts the sessions, places, fill rate, trainees, completions and certifications of October', async () => {
    const got = values(await trainingFamily.compute(t.em(), { establishmentIds: [mine.id] }, { from: '2026-10-01', to: '2026-10-31' }));
    expect(got).toEqual({
      'training.sessions': 2, // s1 and s2
      'training.places': 15, // 10 + 5
      'training.fill_rate': 26.25, // occupied 10 + 3 + 0 + 12 + 6 + 11 = 42 place-days ÷ offered 100 + 60 = 160 → 26,25 %
      'training.trainees': 4, // a (twice), b, d, e; c ended in September
      'training.completions': 3, // a, d, e
      'training.certifications': 1, // a: d not certified, e's programme has no code
    });
  });

  it('respects the period edges: one day, the last of s1', async () => {
    const got = values(await trainingFamily.compute(t.em(), { establishmentIds: [mine.id] }, { from: '2026-10-10', to: '2026-10-10' }));
    // s1 only: 10 places × 1 day = 10 place-days; a occupies 1 (b dropped on the 3rd) → 10 %; a completes on the 10th.
    expect(got).toEqual({
      'training.sessions': 1,
      'training.places': 10,
      'training.fill_rate': 10,
      'training.trainees': 1,
      'training.completions': 1,
      'training.certifications': 1,
    });
  });

  it('counts another establishment only when asked, and skips a workshop scope', async () => {
    const both = values(await trainingFamily.compute(t.em(), { establishmentIds: [mine.id, elsewhere.id] }, { from: '2026-10-01', to: '2026-10-31' }));
    // + s5: 20 places × 31 days = 620 offered; f occupies 31 → (42 + 31) ÷ (160 + 620) = 73 ÷ 780 = 9,358… → 9,36 %
    expect(both).toMatchObject({ 'training.sessions': 3, 'training.places': 35, 'training.fill_rate': 9.36, 'training.trainees': 5 });
    const none = await trainingFamily.compute(t.em(), { establishmentIds: [mine.id], workshopIds: [1] }, { from: '2026-10-01', to: '2026-10-31' });
    expect(none.every((v) => v.value === null && v.skipped?.length === 1)).toBe(true);
  });

  it('has no fill rate without a session, and says why', async () => {
    const [, , rateValue] = await trainingFamily.compute(t.em(), { establishmentIds: [mine.id] }, { from: '2027-03-01', to: '2027-03-31' });
    expect(rateValue).toMatchObject({ key: 'training.fill_rate', value: null });
    expect(rateValue?.skipped?.[0]).toContain('Aucune session');
  });

  it('costs one query a period, and declares every value it computes', async () => {
    const em = t.em();
    const spy = vi.spyOn(em, 'execute');
    const october = await trainingFamily.compute(em, { establishmentIds: [mine.id] }, { from: '2026-10-01', to: '2026-10-31' });
    await trainingFamily.compute(em, { establishmentIds: [mine.id] }, { from: '2026-09-01', to: '2026-09-30' });
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
    expect(october.map((v) => v.key)).toEqual(trainingFamily.definitions.map((d) => d.key));
    for (const d of trainingFamily.definitions) expect(d.formula.length + d.scopeRule.length).toBeGreaterThan(100);
  });
});
