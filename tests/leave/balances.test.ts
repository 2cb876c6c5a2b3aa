import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { leaveBalanceOf } from '../../src/leave/balance.ts';
import { LeavePolicy } from '../../src/leave/entities.ts';
import { INSERRE_PRESET } from '../../src/leave/policy.ts';
import { policyVersionsOf } from '../../src/leave/service.ts';
import { fixedClock, weekDays } from '../../src/platform/calendar.ts';
import { readCsv } from '../../src/platform/csv.ts';
import { Scope } from '../../src/platform/scope.ts';
import { Browser, createTestContext, parse, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * The establishment's leave balances (issue 19, item 5): the same figures as each person's
 * ledger, counted by hand (1,5 day per month of at least 10 days worked, period from 1 June),
 * loaded in a fixed number of queries, exported for Excel, and shown to managers only.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2027-01-15') });
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

const weekdays = (monday: string, from = monday) => weekDays(monday).filter((d, i) => i < 5 && d >= from);
const OCTOBER = [...weekdays('2026-09-28', '2026-10-01'), ...weekdays('2026-10-05'), ...weekdays('2026-10-12')]; // 12 days
const NOVEMBER = [...weekdays('2026-11-02'), ...weekdays('2026-11-09')]; // 10 days
const WEEKS = ['2026-09-28', '2026-10-05', '2026-10-12', '2026-11-02', '2026-11-09'];

async function establishment() {
  const em = t.em();
  const mine = await createEstablishment(em);
  const partner = await createPartner(em);
  const workshop = await createWorkshop(em, mine, { name: 'Reliure', partner });
  const user = await createUser(em, 'coordinator', { establishments: [mine] });
  const coordinator = await signedIn(user);
  em.create(LeavePolicy, { ...INSERRE_PRESET, daysPerMonth: 150, name: 'InSERRE Arras', establishment: mine.id, effectiveFrom: '2026-01-01' });
  await em.flush();
  let n = 0;
  /** A person assigned from 1 October, with 7 h typed on `days`. */
  const person = async (lastName: string, days: string[]) => {
    n += 1;
    const post = await createPost(t.em(), workshop, { code: `REL-${mine.id}-${n}` });
    const detainee = await createDetainee(t.em(), mine, { lastName, prisonNumber: `B${mine.id}${n}`, arrivalDate: '2026-09-01' });
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
    return { detainee, post };
  };
  const validate = async (weeks = WEEKS) => {
    for (const weekStart of weeks)
      await t.em().execute(
        `insert into timesheet_week (establishment_id, workshop_id, week_start, status, validated_at, validated_by_id) values (?, ?, ?, 'validated', now(), ?)
             on conflict (workshop_id, week_start) where workshop_id is not null do update set status = 'validated', validated_at = now(), validated_by_id = excluded.validated_by_id`,
        [mine.id, workshop.id, weekStart, user.id],
      );
  };
  return { mine, partner, workshop, user, coordinator, person, validate };
}

const rowsOf = (html: string) =>
  [...parse(html).querySelectorAll('#soldes tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.replace(/\s+/g, ' ').trim()));

describe('the establishment’s leave balances', () => {
  it('shows each holder’s balance and what they earned in the period, equal to their own ledger, at today and at a chosen date', async () => {
    const e = await establishment();
    // By hand: Alpha earns 1,5 j in October (12 ≥ 10) and 1,5 j in November (10 ≥ 10): 3 j.
    const alpha = await e.person('Alpha', [...OCTOBER, ...NOVEMBER]);
    // Bravo: October only, 1,5 j.
    const bravo = await e.person('Bravo', OCTOBER);
    // Charlie: 5 days in November (< 10), nothing.
    const charlie = await e.person('Charlie', weekdays('2026-11-02'));
    await e.validate();
    const res = await e.coordinator.get(`/etablissements/${e.mine.id}/conges/soldes`);
    expect(res.status).toBe(200);
    expect(rowsOf(res.html)).toEqual([
      ['ALPHA Jean', alpha.detainee.prisonNumber, `Reliure — ${alpha.post.code} ${alpha.post.title}`, 'InSERRE Arras v1', '3 j', '3 j'],
      ['BRAVO Jean', bravo.detainee.prisonNumber, `Reliure — ${bravo.post.code} ${bravo.post.title}`, 'InSERRE Arras v1', '1,5 j', '1,5 j'],
      ['CHARLIE Jean', charlie.detainee.prisonNumber, `Reliure — ${charlie.post.code} ${charlie.post.title}`, 'InSERRE Arras v1', '0 j', '0 j'],
    ]);
    // The same as each person's own ledger.
    const scope = new Scope(e.user.id, 'coordinator', [e.mine.id], null);
    const policies = await policyVersionsOf(t.em(), e.mine.id);
    const own = await Promise.all([alpha, bravo, charlie].map((p) => leaveBalanceOf(t.em(), scope, p.detainee.id, policies, '2027-01-15')));
    expect(own.map((b) => b.balance)).toEqual([300, 150, 0]);
    // On 31 October only October is earned.
    const october = await e.coordinator.get(`/etablissements/${e.mine.id}/conges/soldes?date=2026-10-31`);
    expect(rowsOf(october.html).map((r) => r[4])).toEqual(['1,5 j', '1,5 j', '0 j']);
    // Before the assignments began, nobody holds a post.
    const before = await e.coordinator.get(`/etablissements/${e.mine.id}/conges/soldes?date=2026-09-15`);
    expect(rowsOf(before.html)).toEqual([]);
    expect(parse(before.html).querySelector('main')?.textContent).toContain('Personne n’occupe de poste le 15/09/2026');
  });

  it('deducts the leave taken, as each person’s ledger does (it once did not)', async () => {
    const e = await establishment();
    const alpha = await e.person('Alpha', [...OCTOBER, ...NOVEMBER]);
    await e.person('Bravo', [...OCTOBER, ...NOVEMBER]);
    await e.validate();
    const assignment = await t.em().findOneOrFail(Assignment, { detainee: alpha.detainee.id });
    // Alpha takes 1,5 j from Monday 18 January (a full day and the Tuesday morning), approved.
    await t.em().execute(
      `insert into leave_request (establishment_id, detainee_id, assignment_id, starts_on, ends_on, ends_morning, days, reason, status, decided_by_id, decided_at)
       values (?, ?, ?, '2027-01-18', '2027-01-19', true, 150, 'leave', 'approved', ?, now())`,
      [e.mine.id, alpha.detainee.id, assignment.id, e.user.id],
    );
    const after = await e.coordinator.get(`/etablissements/${e.mine.id}/conges/soldes?date=2027-01-20`);
    // By hand: 3 j earned − 1,5 j taken = 1,5 j; what was earned in the period stays 3 j.
    expect(rowsOf(after.html).map((r) => [r[0], r[4], r[5]])).toEqual([
      ['ALPHA Jean', '1,5 j', '3 j'],
      ['BRAVO Jean', '3 j', '3 j'],
    ]);
    const scope = new Scope(e.user.id, 'coordinator', [e.mine.id], null);
    const own = await leaveBalanceOf(t.em(), scope, alpha.detainee.id, await policyVersionsOf(t.em(), e.mine.id), '2027-01-15', '2027-01-20');
    expect(own.balance).toBe(150);
  });

  it('exports the balances for Excel: BOM, semicolons, French decimals, formulas neutralised', async () => {
    const e = await establishment();
    const alpha = await e.person('Alpha', [...OCTOBER, ...NOVEMBER]);
    await e.person('=HYPERLINK(1)', OCTOBER);
    await e.validate();
    const cookie = [...e.coordinator.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await t.app.request(`/etablissements/${e.mine.id}/conges/soldes.csv?date=2026-11-30`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    // Read as bytes: a text decoder would drop the BOM that Excel needs.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const { header, rows } = readCsv(text);
    expect(header).toEqual(['Nom', 'Numéro d’écrou', 'Atelier et poste', 'Politique', 'Solde (jours)', 'Acquis sur la période (jours)', 'Début de la période']);
    expect(rows).toEqual([
      ["'=HYPERLINK(1) Jean", expect.any(String), expect.stringContaining('Reliure — '), 'InSERRE Arras v1', '1,5', '1,5', '2026-06-01'],
      ['ALPHA Jean', alpha.detainee.prisonNumber, expect.stringContaining('Reliure — '), 'InSERRE Arras v1', '3', '3', '2026-06-01'],
    ]);
    expect(text.split('\r\n')[0]?.split(';')).toHaveLength(7);
  });

  it('runs the same number of queries with more people', async () => {
    const e = await establishment();
    await e.person('Alpha', [...OCTOBER, ...NOVEMBER]);
    await e.person('Bravo', OCTOBER);
    await e.validate();
    t.db.queries.length = 0;
    expect((await e.coordinator.get(`/etablissements/${e.mine.id}/conges/soldes`)).status).toBe(200);
    const small = t.db.queries.length;
    // Time in weeks not yet validated (a validated week takes no more entries), then validated.
    for (const name of ['Charlie', 'Delta', 'Echo', 'Foxtrot']) await e.person(name, [...weekdays('2026-12-07'), ...weekdays('2026-12-14')]);
    await e.validate(['2026-12-07', '2026-12-14']);
    t.db.queries.length = 0;
    const big = await e.coordinator.get(`/etablissements/${e.mine.id}/conges/soldes`);
    expect(rowsOf(big.html)).toHaveLength(6);
    expect(t.db.queries.length).toBe(small);
  });

  it('answers a partner 403, another establishment’s coordinator 404, an administrator 200', async () => {
    const e = await establishment();
    const partner = await signedIn(await createUser(t.em(), 'partner', { partner: e.partner }));
    expect((await partner.get(`/etablissements/${e.mine.id}/conges/soldes`)).status).toBe(403);
    expect((await partner.get(`/etablissements/${e.mine.id}/conges/soldes.csv`)).status).toBe(403);
    const other = await createEstablishment(t.em());
    const stranger = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [other] }));
    expect((await stranger.get(`/etablissements/${e.mine.id}/conges/soldes`)).status).toBe(404);
    expect((await stranger.get(`/etablissements/${e.mine.id}/conges/soldes.csv`)).status).toBe(404);
    const admin = await signedIn(await createUser(t.em(), 'admin'));
    expect((await admin.get(`/etablissements/${e.mine.id}/conges/soldes`)).status).toBe(200);
    // The Congés page links to the balances and to the workshop's calendar.
    const page = parse((await e.coordinator.get(`/etablissements/${e.mine.id}/conges`)).html);
    const links = [...page.querySelectorAll('#conges-liens a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual([`/etablissements/${e.mine.id}/conges/demandes`, `/etablissements/${e.mine.id}/conges/soldes`, `/ateliers/${e.workshop.id}/conges`]);
  });
});
