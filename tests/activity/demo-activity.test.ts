import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionTotals } from '../../src/activity/figures.ts';
import { loadDemoData } from '../../src/demo/data.ts';
import { plusDays, plusMonths, toDay } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { TEST_PASSWORD_HASH_COST } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * The demo's activity log (issue 21, item 9): six months of entries on the partner's « Atelier
 * reliure » (and the Arras partners' workshops), every kind, written on their day (old ones past
 * their 7-day window), one correction, the same every time.
 */
let t: TestContext;
const today = toDay(new Date());
beforeAll(async () => {
  t = await createTestContext();
  await loadDemoData(t.em(), TEST_PASSWORD_HASH_COST);
});
afterAll(() => t.close());

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return adminClient(t.db.url, async (c) => (await c.query(text, params)).rows as T[]);
}

describe('the demo activity log', () => {
  it('has six months of entries of every kind on the partner’s workshop, written on their day', async () => {
    const [binding] = await sql<{ id: number; establishment_id: number }>(`select id, establishment_id from workshop where name = 'Atelier reliure'`);
    expect(binding).toBeDefined();
    const kinds = await sql<{ kind: string; n: number; first: string; last: string }>(
      `select kind, count(*)::int as n, min(day)::text as first, max(day)::text as last from activity_entry where workshop_id = $1 group by kind order by kind`,
      [binding?.id],
    );
    expect(kinds.map((k) => k.kind)).toEqual(['event', 'incident', 'meeting', 'other', 'production', 'training']);
    const count = (kind: string) => kinds.find((k) => k.kind === kind)?.n ?? 0;
    // About 130 working days: production most of them, a training every few weeks, a visit a month.
    expect(count('production')).toBeGreaterThan(90);
    expect(count('training')).toBeGreaterThanOrEqual(6);
    expect(count('event')).toBeGreaterThanOrEqual(6);
    expect(count('meeting')).toBeGreaterThanOrEqual(10);
    const months = await sql<{ month: string }>(`select distinct to_char(day, 'YYYY-MM') as month from activity_entry where workshop_id = $1 order by 1`, [
      binding?.id,
    ]);
    expect(months.length).toBeGreaterThanOrEqual(6);
    // From six months ago (its first working day) to yesterday.
    const first = kinds.map((k) => k.first).sort()[0] ?? '';
    const last =
      kinds
        .map((k) => k.last)
        .sort()
        .at(-1) ?? '';
    expect(first >= plusMonths(today, -6) && first <= plusDays(plusMonths(today, -6), 3)).toBe(true);
    expect(last < today && last >= plusDays(today, -3)).toBe(true);
    const severities = await sql<{ severity: string; n: number }>(
      `select severity, count(*)::int as n from activity_entry where workshop_id = $1 and kind = 'incident' group by severity order by severity`,
      [binding?.id],
    );
    expect(severities).toEqual([
      { severity: 'minor', n: 2 },
      { severity: 'moderate', n: 2 },
      { severity: 'serious', n: 2 },
    ]);
    // Written on their day by the partner's staff: old entries past their window, the last week's still open.
    const [writing] = await sql<{ mismatched: number; open: number; authors: number }>(
      `select count(*) filter (where corrects_id is null and (created_at at time zone 'Europe/Paris')::date <> day)::int as mismatched,
              count(*) filter (where created_at >= now() - interval '7 days')::int as open,
              count(distinct created_by_id)::int as authors
         from activity_entry where workshop_id = $1`,
      [binding?.id],
    );
    expect(writing?.mismatched).toBe(0);
    expect(writing?.open).toBeLessThan(10);
    expect(writing?.authors).toBe(2);
    // The other partners' workshops have their log too.
    const [others] = await sql<{ n: number }>(`select count(distinct workshop_id)::int as n from activity_entry`);
    expect(others?.n).toBe(5);
  });

  it('has one correction, which replaces the entry it corrects in the figures', async () => {
    const corrections = await sql<{ id: number; quantity: string; corrects: string; workshop: string; day: string }>(
      `select c.id, c.quantity::text as quantity, o.quantity::text as corrects, w.name as workshop, c.day::text as day
         from activity_entry c join activity_entry o on o.id = c.corrects_id join workshop w on w.id = c.workshop_id`,
    );
    expect(corrections).toHaveLength(1);
    expect(corrections[0]).toMatchObject({ quantity: '12.00', corrects: '120.00', workshop: 'Atelier reliure' });
    const day = corrections[0]?.day ?? '';
    const [binding] = await sql<{ id: number }>(`select id from workshop where name = 'Atelier reliure'`);
    const totals = await productionTotals(t.em(), { establishmentIds: null, workshopIds: [binding?.id ?? 0], from: day, to: day });
    expect(totals.map((r) => [r.unit, r.quantity, r.entries])).toEqual([['livres reliés', 12, 1]]);
    expect(day <= plusDays(plusMonths(today, -3), 0)).toBe(true);
  });

  it('shows the log to the demo coordinator on the establishment’s page', async () => {
    const browser = new Browser(t.app);
    await browser.login('coordination@atelier.test', 'atelier-demo');
    const [brest] = await sql<{ id: number }>(`select establishment_id as id from workshop where name = 'Atelier reliure'`);
    const res = await browser.get(`/etablissements/${brest?.id}/journal?du=${plusMonths(today, -6)}&au=${today}`);
    expect(res.status).toBe(200);
    expect(res.doc.querySelectorAll('#journal tbody tr').length).toBe(100);
    expect(res.doc.querySelector('#journal-pages')).not.toBeNull();
  });
});
