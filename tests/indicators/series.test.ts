import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeIndicators } from '../../src/indicators/catalogue.ts';
import type { IndicatorScope } from '../../src/indicators/definition.ts';
import { monthlyValues } from '../../src/indicators/series.ts';
import { lastDayOf } from '../../src/platform/calendar.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { buildIndicatorScenario, type IndicatorScenario } from '../support/indicator-scenario.ts';

/**
 * The charts over time (issue 22, § Speed): `monthlyValues` reads the hours of all the months in
 * one statement and computes only the families its keys need; on the hand-built scenario each
 * month's values must still be exactly those of `computeIndicators` for that month alone, for
 * the establishment, a workshop and a partner.
 */
let t: TestContext;
let s: IndicatorScenario;
beforeAll(async () => {
  t = await createTestContext();
  s = await buildIndicatorScenario(t.em());
});
afterAll(() => t.close());

const KEYS = ['work.worked_minutes', 'work.trained_minutes', 'posts.occupancy_rate', 'people.access_rate'];
const MONTHS = ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];

describe('the monthly values of the charts', () => {
  it.each(['the establishment', 'a workshop', 'a partner'])('equal the catalogue month by month for %s', async (which) => {
    const scope: IndicatorScope =
      which === 'the establishment'
        ? { establishmentIds: [s.establishmentId] }
        : which === 'a workshop'
          ? { establishmentIds: [s.establishmentId], workshopIds: [s.cuisineId] }
          : { establishmentIds: [s.establishmentId], partnerId: s.partnerId };
    const em = t.em();
    const series = await monthlyValues(em, scope, MONTHS, KEYS);
    expect(series).toHaveLength(MONTHS.length);
    let worked = 0;
    for (const [i, month] of MONTHS.entries()) {
      const expected = await computeIndicators(em, scope, { from: `${month}-01`, to: lastDayOf(month) }, ['work', 'posts', 'people']);
      const got = series[i];
      expect([...(got?.keys() ?? [])].sort()).toEqual([...KEYS].sort());
      for (const key of KEYS) expect({ month, key, value: got?.get(key)?.value }).toEqual({ month, key, value: expected.get(key)?.value });
      worked += got?.get('work.worked_minutes')?.value ?? 0;
    }
    // The scenario has hours: the comparison is not between two empty series.
    expect(worked).toBeGreaterThan(0);
  });
});
