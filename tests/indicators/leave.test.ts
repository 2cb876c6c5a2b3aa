import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import type { IndicatorValue } from '../../src/indicators/definition.ts';
import { leaveFamily } from '../../src/indicators/leave.ts';
import { leaveBalanceOf } from '../../src/leave/balance.ts';
import { balancesOn } from '../../src/leave/balances.ts';
import { LeavePolicy } from '../../src/leave/entities.ts';
import { INSERRE_PRESET } from '../../src/leave/policy.ts';
import { policyVersionsOf } from '../../src/leave/service.ts';
import { fixedClock, weekDays } from '../../src/platform/calendar.ts';
import { Scope } from '../../src/platform/scope.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * The leave indicators on a scenario built by hand, with the leave engine's own rule (the
 * establishment's policy: 1,5 day per month of at least 10 days worked, credited on the month's
 * last day): three people in one establishment, one in another, a day of leave taken in
 * November. The totals must equal the persons' balances as their pages show them.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2027-01-15') });
});
afterAll(() => t.close());

const weekdays = (monday: string, from = monday) => weekDays(monday).filter((d, i) => i < 5 && d >= from);
const OCTOBER = [...weekdays('2026-09-28', '2026-10-01'), ...weekdays('2026-10-05'), ...weekdays('2026-10-12')]; // 12 days
const NOVEMBER = [...weekdays('2026-11-02'), ...weekdays('2026-11-09')]; // 10 days
const WEEKS = ['2026-09-28', '2026-10-05', '2026-10-12', '2026-11-02', '2026-11-09'];
const values = (rows: IndicatorValue[]) => Object.fromEntries(rows.map((v) => [v.key, v.value]));

interface Place {
  mine: Establishment;
  workshop: Workshop;
  userId: number;
  person(lastName: string, days: string[]): Promise<{ id: number; assignmentId: number }>;
  validate(): Promise<void>;
}

let n = 0;
async function establishment(): Promise<Place> {
  const em = t.em();
  const mine = await createEstablishment(em);
  const workshop = await createWorkshop(em, mine, { name: 'Reliure', partner: await createPartner(em) });
  const user = await createUser(em, 'coordinator', { establishments: [mine] });
  const coordinator = new Browser(t.app);
  await coordinator.login(user.email, TEST_PASSWORD);
  em.create(LeavePolicy, { ...INSERRE_PRESET, daysPerMonth: 150, name: 'InSERRE', establishment: mine.id, effectiveFrom: '2026-01-01' });
  await em.flush();
  /** A person assigned from 1 October, with 7 h typed on `days` (validated weeks). */
  const person = async (lastName: string, days: string[]) => {
    n += 1;
    const post = await createPost(t.em(), workshop, { code: `REL-${n}` });
    const detainee = await createDetainee(t.em(), mine, { lastName, prisonNumber: `L${n}`, arrivalDate: '2026-09-01' });
    const made = await coordinator.post(`/personnes/${detainee.id}/affectations`, {
      postId: String(post.id),
      contractReference: `CEP-${n}`,
      startsOn: '2026-10-01',
      weeklyHours: '35',
    });
    expect(made.status).toBeLessThan(400);
    const assignment = await t.em().findOneOrFail(Assignment, { detainee: detainee.id });
    const fork = t.em();
    for (const day of days)
      fork.create(TimeEntry, {
        establishment: mine.id,
        detainee: detainee.id,
        assignment: assignment.id,
        workshop: workshop.id,
        day,
        kind: 'work',
        minutes: 420,
      });
    await fork.flush();
    return { id: detainee.id, assignmentId: assignment.id };
  };
  const validate = async () => {
    for (const weekStart of WEEKS)
      await t.em().execute(
        `insert into timesheet_week (establishment_id, workshop_id, week_start, status, validated_at, validated_by_id) values (?, ?, ?, 'validated', now(), ?)
           on conflict (workshop_id, week_start) where workshop_id is not null do update set status = 'validated', validated_at = now(), validated_by_id = excluded.validated_by_id`,
        [mine.id, workshop.id, weekStart, user.id],
      );
  };
  return { mine, workshop, userId: user.id, person, validate };
}

let e1: Place;
let e2: Place;
let people: number[];
beforeAll(async () => {
  e1 = await establishment();
  e2 = await establishment();
  const alpha = await e1.person('Alpha', [...OCTOBER, ...NOVEMBER]); // +1,5 j on 31 Oct, +1,5 j on 30 Nov
  const bravo = await e1.person('Bravo', OCTOBER); // +1,5 j on 31 Oct
  const charlie = await e1.person('Charlie', weekdays('2026-11-02')); // 5 days in November (< 10): nothing
  await e2.person('Delta', [...OCTOBER, ...NOVEMBER]); // another establishment: +1,5 j, +1,5 j
  people = [alpha.id, bravo.id, charlie.id];
  await e1.validate();
  await e2.validate();
  // Alpha takes 1 day on Friday 20 November, approved.
  await t.em().execute(
    `insert into leave_request (establishment_id, detainee_id, assignment_id, starts_on, ends_on, ends_morning, days, reason, status, decided_by_id, decided_at)
       values (?, ?, ?, '2026-11-20', '2026-11-20', false, 100, 'leave', 'approved', ?, now())`,
    [e1.mine.id, alpha.id, alpha.assignmentId, e1.userId],
  );
});

describe('leave indicators', () => {
  it('sums November’s days earned and taken and the balances on 30 November', async () => {
    const got = values(await leaveFamily.compute(t.em(), { establishmentIds: [e1.mine.id] }, { from: '2026-11-01', to: '2026-11-30' }));
    // Earned: Alpha 150 (10 days ≥ 10), Bravo 0, Charlie 0 (5 days) = 150. Taken: Alpha 100.
    // Balances: Alpha 150 + 150 − 100 = 200; Bravo 150; Charlie 0 → 350.
    expect(got).toEqual({ 'leave.accrued': 150, 'leave.taken': 100, 'leave.balance': 350 });
  });

  it('equals the persons’ balances as their pages and the establishment’s balances show them', async () => {
    const got = values(await leaveFamily.compute(t.em(), { establishmentIds: [e1.mine.id] }, { from: '2026-11-01', to: '2026-11-30' }));
    const policies = await policyVersionsOf(t.em(), e1.mine.id);
    const scope = new Scope(e1.userId, 'coordinator', [e1.mine.id], null);
    const own = await Promise.all(people.map((id) => leaveBalanceOf(t.em(), scope, id, policies, '2027-01-15', '2026-11-30')));
    expect(got['leave.balance']).toBe(own.reduce((sum, b) => sum + b.balance, 0));
    const rows = await balancesOn(t.em(), e1.mine.id, policies, '2026-11-30');
    expect(got['leave.balance']).toBe(rows.reduce((sum, r) => sum + r.balance, 0));
  });

  it('respects the period edges and leaves the other establishment out unless asked', async () => {
    const october = values(await leaveFamily.compute(t.em(), { establishmentIds: [e1.mine.id] }, { from: '2026-10-01', to: '2026-10-31' }));
    expect(october).toEqual({ 'leave.accrued': 300, 'leave.taken': 0, 'leave.balance': 300 }); // Alpha 150 + Bravo 150
    // 20 November only: the day taken, nothing credited (November is credited on the 30th): Alpha 150 − 100 = 50, Bravo 150 → 200.
    const day = values(await leaveFamily.compute(t.em(), { establishmentIds: [e1.mine.id] }, { from: '2026-11-20', to: '2026-11-20' }));
    expect(day).toEqual({ 'leave.accrued': 0, 'leave.taken': 100, 'leave.balance': 200 });
    // Both establishments: + Delta 150 earned, balance 300.
    const both = values(await leaveFamily.compute(t.em(), { establishmentIds: [e1.mine.id, e2.mine.id] }, { from: '2026-11-01', to: '2026-11-30' }));
    expect(both).toEqual({ 'leave.accrued': 300, 'leave.taken': 100, 'leave.balance': 650 });
    // A workshop of the other establishment: Delta alone.
    const delta = values(
      await leaveFamily.compute(t.em(), { establishmentIds: [e2.mine.id], workshopIds: [e2.workshop.id] }, { from: '2026-11-01', to: '2026-11-30' }),
    );
    expect(delta).toEqual({ 'leave.accrued': 150, 'leave.taken': 0, 'leave.balance': 300 });
  });

  it('says when an establishment of the scope has no leave policy', async () => {
    const bare = await createEstablishment(t.em());
    const got = await leaveFamily.compute(t.em(), { establishmentIds: [e1.mine.id, bare.id] }, { from: '2026-11-01', to: '2026-11-30' });
    expect(values(got)).toEqual({ 'leave.accrued': 150, 'leave.taken': 100, 'leave.balance': 350 }); // e1's figures alone
    expect(got[0]?.skipped).toEqual([
      'Sans politique de congés dans 1 établissement : les personnes qui y sont affectées ne comptent pas (elles n’ont pas de compteur).',
    ]);
  });

  it('keeps the histories for the next request, and never serves them after a change', async () => {
    const november = { from: '2026-11-01', to: '2026-11-30' };
    const before = values(await leaveFamily.compute(t.em(), { establishmentIds: [e1.mine.id] }, november));
    expect(before).toEqual({ 'leave.accrued': 150, 'leave.taken': 100, 'leave.balance': 350 });
    // Kept: another request (another entity manager) reads no time entry again.
    const em = t.em();
    const execute = vi.spyOn(em, 'execute');
    expect(values(await leaveFamily.compute(em, { establishmentIds: [e1.mine.id] }, november))).toEqual(before);
    expect(execute.mock.calls.filter(([sql]) => String(sql).includes('from time_entry'))).toEqual([]);
    execute.mockRestore();
    // Bravo takes Monday 23 November (1 day): taken 100 + 100 = 200, balance 350 − 100 = 250, at once.
    const [bravo] = await t.em().execute<Array<{ id: number }>>(`select id from detainee where last_name = 'Bravo' and establishment_id = ?`, [e1.mine.id]);
    const [assignment] = await t.em().execute<Array<{ id: number }>>(`select id from assignment where detainee_id = ?`, [bravo?.id]);
    const [request] = await t.em().execute<Array<{ id: number }>>(
      `insert into leave_request (establishment_id, detainee_id, assignment_id, starts_on, ends_on, ends_morning, days, reason, status, decided_by_id, decided_at)
         values (?, ?, ?, '2026-11-23', '2026-11-23', false, 100, 'leave', 'approved', ?, now()) returning id`,
      [e1.mine.id, bravo?.id, assignment?.id, e1.userId],
    );
    try {
      expect(values(await leaveFamily.compute(t.em(), { establishmentIds: [e1.mine.id] }, november))).toEqual({
        'leave.accrued': 150,
        'leave.taken': 200,
        'leave.balance': 250,
      });
    } finally {
      await t.em().execute('delete from leave_request where id = ?', [request?.id]);
    }
    expect(values(await leaveFamily.compute(t.em(), { establishmentIds: [e1.mine.id] }, november))).toEqual(before);
  });

  it('costs the same queries whatever the number of people, and declares every value it computes', async () => {
    const em = t.em();
    const count = async (establishmentId: number) => {
      // A change first (a name, audited), so that the histories are read again rather than kept.
      await t.em().execute(`update establishment set name = name || '.' where id = ?`, [e2.mine.id]);
      const execute = vi.spyOn(em, 'execute');
      const find = vi.spyOn(em, 'find');
      await leaveFamily.compute(em, { establishmentIds: [establishmentId] }, { from: '2026-11-01', to: '2026-11-30' });
      const n = execute.mock.calls.length + find.mock.calls.length;
      execute.mockRestore();
      find.mockRestore();
      return n;
    };
    const three = await count(e1.mine.id); // Alpha, Bravo, Charlie
    expect(three).toBe(await count(e2.mine.id)); // Delta alone
    expect(three).toBeLessThan(12);
    const got = await leaveFamily.compute(em, { establishmentIds: [e1.mine.id] }, { from: '2026-11-01', to: '2026-11-30' });
    expect(got.map((v) => v.key)).toEqual(leaveFamily.definitions.map((d) => d.key));
    for (const d of leaveFamily.definitions) expect(d.formula.length + d.scopeRule.length).toBeGreaterThan(100);
  });
});
