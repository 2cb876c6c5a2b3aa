import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { balanceAt } from '../../src/leave/accrual.ts';
import { leaveBalanceOf } from '../../src/leave/balance.ts';
import { LeavePolicy } from '../../src/leave/entities.ts';
import { ledgerOf } from '../../src/leave/ledger.ts';
import { INSERRE_PRESET, type LeavePolicyVersion } from '../../src/leave/policy.ts';
import { fixedClock, weekDays } from '../../src/platform/calendar.ts';
import { Scope } from '../../src/platform/scope.ts';
import { Browser, createTestContext, parse, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * The ledger read from the database (issue 19, item 2): only validated weeks count, a correction
 * after validation changes the count, sickness counts, a disciplinary suspension does not. Every
 * expectation is counted by hand on the calendar (October 2026 starts on a Thursday).
 */

let t: TestContext;
beforeAll(async () => {
  // "Today" on the person page: 15 January 2027.
  t = await createTestContext({}, { clock: fixedClock('2027-01-15') });
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

async function person(prisonNumber: string) {
  const em = t.em();
  const mine = await createEstablishment(em);
  const partner = await createPartner(em);
  const workshop = await createWorkshop(em, mine, { name: 'Reliure', partner });
  const post = await createPost(em, workshop, { code: `${prisonNumber}-REL-01` });
  const detainee = await createDetainee(em, mine, { prisonNumber, arrivalDate: '2026-09-01' });
  const user = await createUser(em, 'coordinator', { establishments: [mine] });
  const coordinator = await signedIn(user);
  const made = await coordinator.post(`/personnes/${detainee.id}/affectations`, {
    postId: String(post.id),
    contractReference: 'CEP-L1',
    startsOn: '2026-10-01',
    weeklyHours: '35',
  });
  expect(made.status).toBeLessThan(400);
  const assignment = await t.em().findOneOrFail(Assignment, { detainee: detainee.id });
  const policy: LeavePolicyVersion = { ...INSERRE_PRESET, name: 'InSERRE Arras', id: 1, establishmentId: mine.id, effectiveFrom: '2026-01-01', version: 2 };
  /** Typed cells (7 h or an absence code), in open weeks. */
  const type = async (days: string[], cell: number | string = 420) => {
    const fork = t.em();
    for (const day of days) {
      fork.create(TimeEntry, {
        establishment: mine.id,
        detainee: detainee.id,
        assignment: assignment.id,
        workshop: workshop.id,
        day,
        kind: typeof cell === 'number' ? 'work' : 'absence',
        minutes: typeof cell === 'number' ? cell : 0,
        absenceCode: typeof cell === 'number' ? null : cell,
      });
    }
    await fork.flush();
  };
  /** Validates weeks (their rows exist once a cell is typed). */
  const validate = async (...mondays: string[]) => {
    for (const weekStart of mondays)
      await t.em().execute(
        `insert into timesheet_week (establishment_id, workshop_id, week_start, status, validated_at, validated_by_id) values (?, ?, ?, 'validated', now(), ?)
           on conflict (workshop_id, week_start) where workshop_id is not null do update set status = 'validated', validated_at = now(), validated_by_id = excluded.validated_by_id`,
        [mine.id, workshop.id, weekStart, user.id],
      );
  };
  const suspend = (from: string, to: string, reason: string) =>
    t
      .em()
      .execute(`insert into assignment_suspension (establishment_id, assignment_id, starts_on, ends_on, reason) values (?, ?, ?, ?, ?)`, [
        mine.id,
        assignment.id,
        from,
        to,
        reason,
      ]);
  const movements = (asOf: string) => ledgerOf(t.em(), mine.id, { id: detainee.id, leftOn: null, status: 'present' as const }, [policy], asOf);
  return { mine, partner, workshop, detainee, assignment, user, coordinator, policy, type, validate, suspend, movements };
}

const weekdays = (monday: string, from = monday) => weekDays(monday).filter((d, i) => i < 5 && d >= from);

describe('the ledger from validated time', () => {
  it('counts validated weeks only, and a correction after validation changes the count', async () => {
    const p = await person('L0001');
    // 1–2 October (2 days), 5–9 (5), 12–16 (5) typed at 7 h; 19–23 typed too.
    await p.type([...weekdays('2026-09-28', '2026-10-01'), ...weekdays('2026-10-05'), ...weekdays('2026-10-12'), ...weekdays('2026-10-19')]);
    await p.validate('2026-09-28', '2026-10-05');
    expect((await p.movements('2026-10-31')).map((m) => m.explanation)).toEqual(['+0 j : octobre 2026, 7 jours travaillés < 10 — politique InSERRE Arras v2']);
    await p.validate('2026-10-12');
    expect((await p.movements('2026-10-31')).map((m) => m.explanation)).toEqual(['+1 j : octobre 2026, 12 jours travaillés ≥ 10 — politique InSERRE Arras v2']);
    // Three worked days corrected to an unjustified absence (not counted): 9 days left.
    for (const day of ['2026-10-12', '2026-10-13', '2026-10-14']) {
      const res = await p.coordinator.post(`/ateliers/${p.workshop.id}/pointage/ajustement?semaine=2026-10-12`, {
        holder: `a${p.assignment.id}`,
        day,
        value: 'AI',
        reason: 'Absence constatée après validation',
      });
      expect(res.status).toBeLessThan(400);
    }
    const after = await p.movements('2026-10-31');
    expect(after.map((m) => [m.day, m.centidays, m.explanation])).toEqual([
      ['2026-10-31', 0, '+0 j : octobre 2026, 9 jours travaillés < 10 — politique InSERRE Arras v2'],
    ]);
    // And back to hours: the day counts again.
    await p.coordinator.post(`/ateliers/${p.workshop.id}/pointage/ajustement?semaine=2026-10-12`, {
      holder: `a${p.assignment.id}`,
      day: '2026-10-14',
      value: '7',
      reason: 'Erreur de correction',
    });
    expect((await p.movements('2026-10-31')).map((m) => m.centidays)).toEqual([100]);
  });

  it('sickness counts, a disciplinary suspension does not (even with time typed on it)', async () => {
    const p = await person('L0002');
    // November 2026: 2–6 worked (5), 9–13 sick (5, counts): 10 ≥ 10.
    await p.type(weekdays('2026-11-02'));
    await p.suspend('2026-11-09', '2026-11-13', 'sickness');
    await p.type(weekdays('2026-11-09'), 'M');
    // December 2026: 1–4 and 7–11 worked (9), 14–18 under a disciplinary suspension with 7 h typed: 9 < 10.
    await p.type([...weekdays('2026-11-30', '2026-12-01'), ...weekdays('2026-12-07'), ...weekdays('2026-12-14')]);
    await p.suspend('2026-12-14', '2026-12-18', 'disciplinary');
    await p.validate('2026-11-02', '2026-11-09', '2026-11-30', '2026-12-07', '2026-12-14');
    const ms = await p.movements('2026-12-31');
    expect(ms.map((m) => m.explanation)).toEqual([
      '+1 j : novembre 2026, 10 jours travaillés ≥ 10 — politique InSERRE Arras v2',
      '+0 j : décembre 2026, 9 jours travaillés < 10 — politique InSERRE Arras v2',
    ]);
    expect(balanceAt(ms, '2026-12-31')).toBe(100);
  });

  it('answers 404 for another establishment’s person, 403 for a partner', async () => {
    const p = await person('L0003');
    const other = await createEstablishment(t.em());
    const stranger = new Scope(1, 'coordinator', [other.id], null);
    await expect(leaveBalanceOf(t.em(), stranger, p.detainee.id, [p.policy], '2026-11-30')).rejects.toMatchObject({ status: 404 });
    const partner = new Scope(1, 'partner', [], p.partner.id);
    await expect(leaveBalanceOf(t.em(), partner, p.detainee.id, [p.policy], '2026-11-30')).rejects.toMatchObject({ status: 403 });
  });

  it('the person page shows the balance today and at a chosen date, equal to the sum of the movements listed', async () => {
    const p = await person('L0004');
    const fork = t.em();
    fork.create(LeavePolicy, { ...INSERRE_PRESET, name: 'InSERRE Arras', establishment: p.mine.id, effectiveFrom: '2026-01-01' });
    await fork.flush();
    // October: 1–2 and 5–16 (12 days, +1 j); November: 2–6 worked and 9–13 sick (10, +1 j); December: 1–4 (4, 0 j).
    await p.type([...weekdays('2026-09-28', '2026-10-01'), ...weekdays('2026-10-05'), ...weekdays('2026-10-12'), ...weekdays('2026-11-02')]);
    await p.suspend('2026-11-09', '2026-11-13', 'sickness');
    await p.type(weekdays('2026-11-09'), 'M');
    await p.type(weekdays('2026-11-30', '2026-12-01'));
    await p.validate('2026-09-28', '2026-10-05', '2026-10-12', '2026-11-02', '2026-11-09', '2026-11-30');
    const page = async (query = '') => {
      const res = await p.coordinator.get(`/personnes/${p.detainee.id}${query}`);
      expect(res.status).toBe(200);
      const doc = parse(res.html);
      const rows = [...doc.querySelectorAll('#conges-mouvements tbody tr')];
      return {
        text: doc.querySelector('#conges')?.textContent?.replace(/\s+/g, ' ') ?? '',
        foot: doc.querySelector('#conges-mouvements tfoot td')?.textContent,
        sum: rows.reduce((n, r) => n + Number(r.getAttribute('data-centidays')), 0),
        rows: rows.map((r) => r.querySelector('td:nth-child(4)')?.textContent),
      };
    };
    const today = await page();
    expect(today.rows).toEqual([
      '+1 j : octobre 2026, 12 jours travaillés ≥ 10 — politique InSERRE Arras v1',
      '+1 j : novembre 2026, 10 jours travaillés ≥ 10 — politique InSERRE Arras v1',
      '+0 j : décembre 2026, 4 jours travaillés < 10 — politique InSERRE Arras v1',
    ]);
    expect(today.sum).toBe(200);
    expect(today.text).toContain('Solde aujourd’hui (15/01/2027) : 2 jours');
    expect(today.foot).toBe('2 jours, somme des mouvements listés');
    const october = await page('?conges=2026-10-31');
    expect(october.sum).toBe(100);
    expect(october.rows).toHaveLength(1);
    expect(october.text).toContain('au 31/10/2026 : 1 jour');
    // A date that is not one: today.
    expect((await page('?conges=2026-13-45')).sum).toBe(200);
  });

  it('says when the establishment has no policy, and a partner never sees the section', async () => {
    const p = await person('L0005');
    const res = await p.coordinator.get(`/personnes/${p.detainee.id}`);
    const section = parse(res.html).querySelector('#conges');
    expect(section?.textContent).toContain('Aucune politique de congés dans cet établissement');
    expect(section?.querySelector('a')?.getAttribute('href')).toBe(`/etablissements/${p.mine.id}/conges`);
    const partnerUser = await createUser(t.em(), 'partner', { partner: p.partner });
    const partner = await signedIn(partnerUser);
    const seen = await partner.get(`/personnes/${p.detainee.id}`);
    expect([403, 404]).toContain(seen.status);
    expect(seen.html).not.toContain('conges-mouvements');
    expect(seen.html).not.toContain('Aucune politique de congés');
  });
});
