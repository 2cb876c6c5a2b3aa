import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Establishment } from '../../src/establishments/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createUser, TEST_PASSWORD } from '../support/factories.ts';
import { buildIndicatorScenario } from '../support/indicator-scenario.ts';

/**
 * A committee member's dashboard and indicators CSV show no more than the shared report: on the
 * shared scenario (3e trimestre 2026: 4 distinct workers, 2 assignments ended, a release and a
 * resignation), counts of people from 1 to 4 read « < 5 », and a coordinator still reads them.
 */
let t: TestContext;
let establishmentId: number;
const as: Record<'coordinator' | 'committee', Browser> = {} as never;

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-11-15') });
  const em = t.em();
  const scenario = await buildIndicatorScenario(em);
  establishmentId = scenario.establishmentId;
  const establishment = await em.findOneOrFail(Establishment, establishmentId);
  for (const role of ['coordinator', 'committee'] as const) {
    const user = await createUser(t.em(), role, { establishments: [establishment] });
    as[role] = new Browser(t.app);
    await as[role].login(user.email, TEST_PASSWORD);
  }
});
afterAll(() => t.close());

/** The value printed in the indicator's row, without its breakdown list. */
function cellOf(doc: Document, key: string): string | undefined {
  const td = doc.querySelector(`#indicateur-${key.replace('.', '-')} td`);
  const list = td?.querySelector('ul, p')?.textContent ?? '';
  return td?.textContent?.replace(list, '').replace(/\s+/g, ' ').trim();
}

describe('what a committee member reads of the indicators', () => {
  it('masks counts of people below 5 on the dashboard, as the shared report does, and says so; a coordinator reads them', async () => {
    const path = `/indicateurs?etablissement=${establishmentId}&periode=2026-T3`;
    const committee = await as.committee.get(path);
    expect(committee.status).toBe(200);
    expect(cellOf(committee.doc, 'work.workers')).toBe('< 5');
    expect(cellOf(committee.doc, 'flows.assignments_ended')).toBe('< 5');
    expect(committee.doc.querySelector('#indicateurs-masques')).not.toBeNull();
    // Rates and hours are not counts of people: shown as they are.
    expect(cellOf(committee.doc, 'people.access_rate')).toMatch(/^\d+,\d+ %$/);
    const coordinator = await as.coordinator.get(path);
    expect(cellOf(coordinator.doc, 'work.workers')).toBe('4');
    expect(cellOf(coordinator.doc, 'flows.assignments_ended')).toBe('2');
    expect(coordinator.doc.querySelector('#indicateurs-masques')).toBeNull();
  });

  it('masks them in the indicators CSV too', async () => {
    const path = `/indicateurs.csv?etablissement=${establishmentId}&du=2026-07-01&au=2026-09-30`;
    const line = (csv: string, key: string) => csv.split('\n').find((l) => l.includes(`;${key};`) && /;;/.test(l.split(key)[1] ?? ''));
    const committee = (await as.committee.get(path)).html;
    expect(line(committee, 'work.workers')).toContain(';< 5;');
    const coordinator = (await as.coordinator.get(path)).html;
    expect(line(coordinator, 'work.workers')).toContain(';4;');
  });
});
