import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/demo/data.ts';
import { Establishment } from '../../src/establishments/entities.ts';
import { leaveBalanceOf } from '../../src/leave/balance.ts';
import { policyVersionsOf } from '../../src/leave/service.ts';
import { Scope } from '../../src/platform/scope.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TEST_PASSWORD_HASH_COST } from '../support/factories.ts';

/** The demo's leave (issue 19, item 7): requests in every state, entered through the services, and one adjustment. */

const TODAY = '2026-11-30';
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  // A fixed day, so that the coming weeks' public holidays are known: Monday 30 November 2026.
  expect(await loadDemoData(t.em(), TEST_PASSWORD_HASH_COST, new Date(`${TODAY}T10:00:00Z`))).toBe(true);
});
afterAll(() => t.close());

const requests = (establishmentId: number) =>
  t
    .em()
    .getConnection()
    .execute<{ id: number; detainee_id: number; status: string; days: number; refusal_reason: string; by: string }[]>(
      `select r.id, r.detainee_id, r.status, r.days, r.refusal_reason, u.email as by from leave_request r join app_user u on u.id = r.created_by_id
        where r.establishment_id = ? order by r.id`,
      [establishmentId],
    );

describe('demo leave', () => {
  it('holds on Arras two approved requests (2 j and 1,5 j) written into the timesheet, one refused with its reason, three waiting and an adjustment', async () => {
    const arras = await t.em().findOneOrFail(Establishment, { kind: 'inserre' });
    const rows = await requests(arras.id);
    expect(rows.map((r) => [r.status, r.status === 'approved' ? r.days : null])).toEqual([
      ['approved', 200],
      ['approved', 150],
      ['refused', null],
      ['requested', null],
      ['requested', null],
      ['requested', null],
    ]);
    expect(rows[2]?.refusal_reason).toMatch(/Inventaire/);
    expect(new Set(rows.map((r) => r.detainee_id)).size).toBe(6);
    const [leaveDays] = await t
      .em()
      .getConnection()
      .execute<{ n: number }[]>(`select count(*)::int as n from time_entry where absence_code = 'CP' and establishment_id = ?`, [arras.id]);
    // 2 full days, then 1 full day and a morning (the morning is not a CP cell): 3 days marked CP.
    expect(leaveDays?.n).toBe(3);

    const [adjustment] = await t
      .em()
      .getConnection()
      .execute<{ detainee_id: number; centidays: number; reason: string }[]>(
        'select detainee_id, centidays, reason from leave_adjustment where establishment_id = ?',
        [arras.id],
      );
    expect(adjustment?.centidays).toBe(100);
    const [coordinator] = await t.em().getConnection().execute<{ id: number }[]>(`select id from app_user where email = 'coordination@atelier.test'`);
    const scope = new Scope(Number(coordinator?.id), 'coordinator', [arras.id], null);
    const b = await leaveBalanceOf(t.em(), scope, Number(adjustment?.detainee_id), await policyVersionsOf(t.em(), arras.id), TODAY);
    expect(b.movements.find((m) => m.kind === 'adjustment')?.explanation).toMatch(
      /^\+1 j : ajustement par Camille Coordination \(démo\) le \d\d\/\d\d\/\d{4}, motif : Jour de congé acquis /,
    );
    expect(b.balanceToday).toBe(b.movements.reduce((n, m) => n + m.centidays, 0));
  });

  it('holds on Brest one approved request and one waiting, entered by the book-binding association', async () => {
    const brest = await t.em().findOneOrFail(Establishment, { kind: 'maison_arret' });
    expect((await requests(brest.id)).map((r) => [r.status, r.by])).toEqual([
      ['approved', 'coordination@atelier.test'],
      ['requested', 'partenaire@atelier.test'],
    ]);
  });
});
