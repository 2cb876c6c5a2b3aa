import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import { leavingForm } from '../../src/detainees/forms.ts';
import { recordLeaving } from '../../src/detainees/service.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { leaveBalanceOf } from '../../src/leave/balance.ts';
import { LeavePolicy, LeaveRequest } from '../../src/leave/entities.ts';
import { formatLeaveRate } from '../../src/leave/pay.ts';
import { INSERRE_PRESET, type LeavePolicyTerms } from '../../src/leave/policy.ts';
import { approveLeaveRequest, type LeaveRequestInput, leaveRequestInput, requestLeave } from '../../src/leave/requests.ts';
import { policyVersionsOf } from '../../src/leave/service.ts';
import { type Day, fixedClock, mondayOf } from '../../src/platform/calendar.ts';
import { readCsv } from '../../src/platform/csv.ts';
import { Scope } from '../../src/platform/scope.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * Leave in the monthly pay (issue 19, items 4 and 6), computed by hand in euros. Production
 * posts pay 45 % of the 2026 SMIC (12,02 €): 5,409 € an hour; a 35 h contract's day is 7 h.
 * "Today" is 1 December 2026.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-12-01') });
});
afterAll(() => t.close());

const H = 60;
let n = 0;

/** A policy that lets leave be taken in advance, so that requests need no accrued balance. */
const ADVANCE: Partial<LeavePolicyTerms> = { allowAdvance: true };

async function world(terms: Partial<LeavePolicyTerms> = ADVANCE) {
  n++;
  const em = t.em();
  const mine = await createEstablishment(em);
  const workshop = await createWorkshop(em, mine, { name: 'Reliure', partner: await createPartner(em, { name: `Les Relieurs ${n}` }) });
  const person = await createDetainee(em, mine, { lastName: 'Congé', prisonNumber: `LP${n}`, arrivalDate: '2026-01-05' });
  const user = await createUser(em, 'coordinator', { establishments: [mine] });
  const coordinator = new Browser(t.app);
  await coordinator.login(user.email, TEST_PASSWORD);
  const fork = t.em();
  fork.create(LeavePolicy, { ...INSERRE_PRESET, name: `Politique ${n}`, ...terms, establishment: mine.id, effectiveFrom: '2026-01-01' });
  await fork.flush();
  const scope = new Scope(user.id, 'coordinator', [mine.id], null);
  return { mine, workshop, person, user, coordinator, scope, policy: `Politique ${n}` };
}

async function contract(mine: Establishment, workshop: Workshop, person: Detainee, weeklyHours: number, startsOn = '2026-09-01') {
  const em = t.em();
  const post = await createPost(em, workshop, { code: `LP-${++n}`, title: 'Relieur' });
  const a = em.create(Assignment, {
    establishment: mine.id,
    detainee: person.id,
    post: post.id,
    contractReference: `CEP-${post.id}`,
    startsOn,
    trialEndsOn: startsOn,
    weeklyMinutes: weeklyHours * H,
    payCategory: 'production',
  });
  await em.flush();
  return a;
}

/** Hours typed on the given days. */
async function typed(a: Assignment, workshop: Workshop, days: Record<Day, number>) {
  const em = t.em();
  for (const [day, hours] of Object.entries(days))
    em.create(TimeEntry, {
      establishment: a.establishment.id,
      detainee: a.detainee.id,
      assignment: a.id,
      workshop: workshop.id,
      day,
      kind: 'work',
      minutes: hours * H,
    });
  await em.flush();
}

/** Every weekday from `from` to `to` at `hours`. */
function weekdays(from: Day, to: Day, hours: number): Record<Day, number> {
  const out: Record<Day, number> = {};
  for (let d = new Date(`${from}T12:00:00Z`); d <= new Date(`${to}T12:00:00Z`); d.setUTCDate(d.getUTCDate() + 1))
    if (d.getUTCDay() % 6 !== 0) out[d.toISOString().slice(0, 10)] = hours;
  return out;
}

async function validate(mine: Establishment, workshop: Workshop, ...days: Day[]) {
  for (const monday of new Set(days.map(mondayOf)))
    await t
      .em()
      .getConnection()
      .execute(
        `insert into timesheet_week (establishment_id, workshop_id, week_start, status, validated_at) values (?, ?, ?, 'validated', now())
         on conflict (workshop_id, week_start) where workshop_id is not null do update set status = 'validated', validated_at = now()`,
        [mine.id, workshop.id, monday],
      );
}

const leave = leaveRequestInput;

async function approved(scope: Scope, person: Detainee, input: LeaveRequestInput) {
  const request = await requestLeave(t.em(), scope, person.id, input);
  await approveLeaveRequest(t.em(), scope, request.id);
  return request;
}

async function statement(coordinator: Browser, mine: Establishment, month: string) {
  const page = await coordinator.get(`/etablissements/${mine.id}/paie?mois=${month}`);
  expect(page.status).toBe(200);
  const line = (key: string, who?: string) =>
    page.doc.querySelector(`#paie-lignes tr[data-ligne="${key}"]${who ? `[data-personne="${who}"]` : ''}`)?.textContent ?? '';
  return { page, line, rows: [...page.doc.querySelectorAll('#paie tbody tr')].map((r) => r.textContent ?? '') };
}

async function csv(coordinator: Browser, mine: Establishment, month: string) {
  const res = await t.app.request(`/etablissements/${mine.id}/paie.csv?mois=${month}`, {
    headers: { Cookie: [...coordinator.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  const { header, rows } = readCsv(await res.text());
  const cell = (name: string, i = 0) => {
    expect(header).toContain(name);
    return rows[i]?.[header.indexOf(name)];
  };
  return { header, rows, cell };
}

describe('paid leave in the monthly statement', () => {
  it('pays a leave week at 100 % of the previous month’s average rate, overtime included, public holiday out', async () => {
    const { mine, workshop, person, coordinator, scope } = await world();
    const a = await contract(mine, workshop, person, 35);
    // October: one week of 37 h (8, 8, 7, 7, 7): 35 h × 5,409 = 189,315 € + 2 h × 5,409 × 1,25 = 13,5225 € → 202,8375 € for 37 h,
    // an average of 202,8375 ÷ 37 = 5,48209459… € an hour.
    await typed(a, workshop, { '2026-10-05': 8, '2026-10-06': 8, '2026-10-07': 7, '2026-10-08': 7, '2026-10-09': 7 });
    await validate(mine, workshop, '2026-10-05');
    // Leave Monday 9 to Friday 13 November: 11 November is a public holiday, so 4 days × 7 h = 28 h.
    await approved(scope, person, leave('2026-11-09', '2026-11-13'));
    await validate(mine, workshop, '2026-11-09');
    // 28 h × 202,8375 ÷ 37 = 5679,45 ÷ 37 = 153,4986… → 153,50 €
    const { line } = await statement(coordinator, mine, '2026-11');
    expect(line('paidLeave')).toContain('Congés payés');
    expect(line('paidLeave')).toContain('28 h');
    expect(line('paidLeave')).toContain('153,50 €');
    expect(line('paidLeave')).toContain('4 j de congé (28 h) à 100 % de ≈ 5,4821 € de l’heure (moyenne d’octobre 2026 : 202,84 € pour 37 h)');
    expect(line('total')).toContain('153,50 €');
    // October's own statement is untouched by November's leave: 202,8375 → 202,84 €
    expect((await statement(coordinator, mine, '2026-10')).line('total')).toContain('202,84 €');
  });

  it('pays a half day at 80 %, beside the hours worked the same week', async () => {
    const { mine, workshop, person, coordinator, scope } = await world({ ...ADVANCE, payRateBasisPoints: 8000 });
    const a = await contract(mine, workshop, person, 35);
    // October: 35 h at 5,409 €, an average of exactly 5,409 € an hour.
    await typed(a, workshop, weekdays('2026-10-05', '2026-10-09', 7));
    await validate(mine, workshop, '2026-10-05');
    // Leave from Monday 16 November afternoon to Tuesday 17: 0,5 + 1 = 1,5 day = 10 h 30; the morning of the 16th and Wednesday to Friday worked.
    await approved(scope, person, leave('2026-11-16', '2026-11-17', { startsAfternoon: true }));
    await typed(a, workshop, { '2026-11-16': 3.5, '2026-11-18': 7, '2026-11-19': 7, '2026-11-20': 7 });
    await validate(mine, workshop, '2026-11-16');
    // Work: 24,5 h × 5,409 = 132,5205 € → 132,52 €; leave: 10,5 h × 5,409 × 80 % = 45,4356 € → 45,44 €; total 177,9561 → 177,96 €
    const { line } = await statement(coordinator, mine, '2026-11');
    expect(line('normal')).toContain('132,52 €');
    expect(line('paidLeave')).toContain('10,5 h');
    expect(line('paidLeave')).toContain('45,44 €');
    expect(line('paidLeave')).toContain('1,5 j de congé (10 h 30) à 80 % de 5,409 € de l’heure');
    expect(line('total')).toContain('177,96 €');
  });

  it('pays nothing under a policy whose leave is not paid', async () => {
    const { mine, workshop, person, coordinator, scope } = await world({ ...ADVANCE, paid: false });
    const a = await contract(mine, workshop, person, 35);
    await typed(a, workshop, weekdays('2026-10-05', '2026-10-09', 7));
    await validate(mine, workshop, '2026-10-05');
    await approved(scope, person, leave('2026-11-09', '2026-11-10'));
    await typed(a, workshop, { '2026-11-12': 7 });
    await validate(mine, workshop, '2026-11-09');
    // Only Thursday's 7 h: 37,863 → 37,86 €; the two days of leave show as absences, unpaid.
    const { line, rows } = await statement(coordinator, mine, '2026-11');
    expect(line('paidLeave')).toBe('');
    expect(line('total')).toContain('37,86 €');
    expect(rows[0]).toContain('2 j congé');
    const { cell } = await csv(coordinator, mine, '2026-11');
    expect(cell('Congés payés (€)')).toBe('0,00');
  });

  it('pays at the contract’s rate when nothing was worked the month before', async () => {
    const { mine, workshop, person, coordinator, scope } = await world();
    const a = await contract(mine, workshop, person, 35, '2026-11-02');
    await approved(scope, person, leave('2026-11-09', '2026-11-10'));
    await validate(mine, workshop, '2026-11-09');
    // 2 days × 7 h × 5,409 € (12,02 € × 45 %) = 75,726 → 75,73 €
    const { line } = await statement(coordinator, mine, '2026-11');
    expect(line('paidLeave')).toContain('75,73 €');
    expect(line('paidLeave')).toContain('à 100 % de 5,409 € de l’heure (taux du contrat, aucun travail validé en octobre 2026)');
    expect(a.id).toBeGreaterThan(0);
  });

  it('does not pay leave in a week not validated yet, and says it is waiting', async () => {
    const { mine, workshop, person, coordinator, scope } = await world();
    const a = await contract(mine, workshop, person, 35);
    await typed(a, workshop, weekdays('2026-10-05', '2026-10-09', 7));
    await validate(mine, workshop, '2026-10-05');
    await approved(scope, person, leave('2026-11-23', '2026-11-24'));
    const before = await statement(coordinator, mine, '2026-11');
    expect(before.line('paidLeave')).toBe('');
    expect(before.page.doc.querySelector('#conges-en-attente')?.textContent).toContain('14 h de congé approuvé');
    expect((await csv(coordinator, mine, '2026-11')).cell('Heures de congé en attente de validation')).toBe('14');
    await validate(mine, workshop, '2026-11-23');
    // 14 h × 5,409 = 75,726 → 75,73 €
    const after = await statement(coordinator, mine, '2026-11');
    expect(after.line('paidLeave')).toContain('75,73 €');
    expect(after.page.doc.querySelector('#conges-en-attente')).toBeNull();
  });

  it('splits leave to the post of its contract in the accounting CSV', async () => {
    const { mine, workshop, person, coordinator, scope } = await world();
    const kitchen = await createWorkshop(t.em(), mine, { name: 'Cuisine' });
    const binding = await contract(mine, workshop, person, 20, '2026-09-01');
    const cooking = await contract(mine, kitchen, person, 15, '2026-10-01');
    // October: 5 × 4 h = 20 h on the binding post at 5,409 €: an average of 5,409 €.
    await typed(binding, workshop, weekdays('2026-10-05', '2026-10-09', 4));
    await validate(mine, workshop, '2026-10-05');
    // Monday 23 November: leave on the kitchen post (the latest contract held), 15 h ÷ 5 = 3 h; 4 h worked on the binding post.
    await approved(scope, person, leave('2026-11-23', '2026-11-23'));
    await typed(binding, workshop, { '2026-11-23': 4 });
    await validate(mine, workshop, '2026-11-23');
    await validate(mine, kitchen, '2026-11-23');
    // Leave 3 h × 5,409 = 16,227 → 16,23 €; work 4 h × 5,409 = 21,636 → 21,64 €; total 37,863 → 37,86 €
    expect((await statement(coordinator, mine, '2026-11')).line('total')).toContain('37,86 €');
    const { rows, header } = await csv(coordinator, mine, '2026-11');
    const col = (name: string) => header.indexOf(name);
    for (const name of ['Congés payés (h)', 'Congés payés (€)', 'Solde de congés payé à la sortie (h)', 'Solde de congés payé à la sortie (€)'])
      expect(header).toContain(name);
    // The leave lines sit between the paid absences and the training.
    expect(col('Absences payées (€)')).toBeLessThan(col('Congés payés (h)'));
    expect(col('Solde de congés payé à la sortie (€)')).toBeLessThan(col('Formation rémunérée (h)'));
    const kitchenRow = rows.find((r) => r[col('Atelier')] === 'Cuisine');
    const bindingRow = rows.find((r) => r[col('Atelier')] === 'Reliure');
    expect(kitchenRow?.[col('Congés payés (h)')]).toBe('3');
    expect(kitchenRow?.[col('Congés payés (€)')]).toBe('16,23');
    expect(kitchenRow?.[col('Taux horaire des congés (€)')]).toBe('5,409');
    expect(kitchenRow?.[col('Brut (€)')]).toBe('16,23');
    expect(bindingRow?.[col('Congés payés (€)')]).toBe('0,00');
    expect(bindingRow?.[col('Brut (€)')]).toBe('21,64');
    expect(cooking.id).toBeGreaterThan(0);
  });

  it('never shows another establishment’s leave, and the statement stays closed to partners', async () => {
    const { mine, workshop, person, coordinator, scope } = await world();
    const a = await contract(mine, workshop, person, 35);
    await approved(scope, person, leave('2026-11-09', '2026-11-10'));
    await validate(mine, workshop, '2026-11-09');
    expect((await statement(coordinator, mine, '2026-11')).line('paidLeave')).toContain('75,73 €');
    const other = await world();
    const theirs = await statement(other.coordinator, other.mine, '2026-11');
    expect(theirs.line('paidLeave')).toBe('');
    expect(theirs.rows).toHaveLength(0);
    expect((await other.coordinator.get(`/etablissements/${mine.id}/paie?mois=2026-11`)).status).toBe(404);
    const partner = new Browser(t.app);
    await partner.login((await createUser(t.em(), 'partner')).email, TEST_PASSWORD);
    expect((await partner.get(`/etablissements/${mine.id}/paie?mois=2026-11`)).status).toBeGreaterThanOrEqual(403);
    expect(a.id).toBeGreaterThan(0);
  });
});

/**
 * A policy earning 2,5 days for a month of 10 days worked, no rounding, no cap: October's 22
 * days worked (7 h each, validated) earn 2,5 days on 31 October.
 */
const EARNING: Partial<LeavePolicyTerms> = {
  daysPerMonth: 250,
  monthMinDays: 10,
  rounding: 'none',
  yearlyCapDays: null,
  carryOverDays: null,
  carryOverMonths: null,
  allowAdvance: false,
};

async function leaver(settlement: 'paid_out' | 'lost') {
  const w = await world({ ...EARNING, settlement });
  const a = await contract(w.mine, w.workshop, w.person, 35);
  await typed(a, w.workshop, weekdays('2026-10-01', '2026-10-31', 7));
  await validate(w.mine, w.workshop, ...Object.keys(weekdays('2026-10-01', '2026-10-31', 7)));
  return { ...w, a };
}

const requestsOf = (detaineeId: number) =>
  t
    .em()
    .getConnection()
    .execute<{ starts_on: string; status: string; refusal_reason: string; closed_by_leaving: boolean }[]>(
      `select to_char(starts_on, 'YYYY-MM-DD') as starts_on, status, refusal_reason, closed_by_leaving from leave_request where detainee_id = ? order by starts_on`,
      [detaineeId],
    );

describe('the balance settled on leaving', () => {
  it('pays out the balance on a release, in that month’s pay, closes the requests, and the way back restores them', async () => {
    const { mine, workshop, person, coordinator, scope, a } = await leaver('paid_out');
    // November: 35 h worked from the 2nd to the 6th (5 days < 10: no accrual on leaving), validated.
    await typed(a, workshop, weekdays('2026-11-02', '2026-11-06', 7));
    await validate(mine, workshop, '2026-11-02');
    // 2 days approved from 16 November (after the leaving), 0,5 day asked for on the 23rd: 2,5 days, all the balance.
    await approved(scope, person, leave('2026-11-16', '2026-11-17'));
    await requestLeave(t.em(), scope, person.id, leave('2026-11-23', '2026-11-23', { startsAfternoon: true }));
    const cp = async () => (await t.em().find(TimeEntry, { detainee: person.id, absenceCode: 'CP' })).length;
    expect(await cp()).toBe(2);

    const reply = await coordinator.post(`/personnes/${person.id}/liberation`, { on: '2026-11-06', reason: 'Fin de peine' });
    expect(reply.status).toBe(303);
    const page = await coordinator.get(`/personnes/${person.id}`);
    const message = page.doc.querySelector('#messages')?.textContent ?? '';
    expect(message).toContain('1 demande de congé refusée, 1 congé annulé');
    expect(message).toContain('Solde de congés (semaines validées à ce jour) : 2,5 j, payés sur la paie de novembre 2026.');
    // The person's history says it too.
    expect(page.doc.querySelector('#chronologie')?.textContent).toContain(
      'Congés : −2,5 j : solde réglé à la libération du 06/11/2026, payé sur la paie de novembre 2026',
    );
    expect(await requestsOf(person.id)).toEqual([
      { starts_on: '2026-11-16', status: 'cancelled', refusal_reason: '', closed_by_leaving: true },
      { starts_on: '2026-11-23', status: 'refused', refusal_reason: 'Sortie de l’établissement le 06/11/2026', closed_by_leaving: true },
    ]);
    expect(await cp()).toBe(0);
    // The ledger: +2,5 j on 31 October, then −2,5 j settled on 6 November.
    const policies = await policyVersionsOf(t.em(), mine.id);
    const balance = await leaveBalanceOf(t.em(), scope, person.id, policies, '2026-12-01');
    const settlement = balance.movements.find((m) => m.kind === 'settlement');
    expect(settlement).toMatchObject({ day: '2026-11-06', centidays: -250 });
    expect(settlement?.explanation).toContain('payé sur la paie de novembre 2026');
    expect(balance.balance).toBe(0);
    // November: 35 h × 5,409 = 189,315 €; the settlement 2,5 × 7 h = 17,5 h × 5,409 (October's average: 154 h, all at 5,409) = 94,6575 €;
    // total 283,9725 → 283,97 €
    const { line } = await statement(coordinator, mine, '2026-11');
    expect(line('leaveSettlement')).toContain('Solde de congés payé à la sortie');
    expect(line('leaveSettlement')).toContain('17,5 h');
    expect(line('leaveSettlement')).toContain('94,66 €');
    expect(line('leaveSettlement')).toContain('2,5 j de solde de congés payé à la sortie (17 h 30) à 100 % de 5,409 € de l’heure (moyenne d’octobre 2026');
    expect(line('paidLeave')).toBe('');
    expect(line('total')).toContain('283,97 €');
    const { cell } = await csv(coordinator, mine, '2026-11');
    expect(cell('Solde de congés payé à la sortie (€)')).toBe('94,66');
    expect(cell('Brut (€)')).toBe('283,97');

    // The way back: the requests come back as they were, the settlement goes.
    expect((await coordinator.post(`/personnes/${person.id}/retour`)).status).toBe(303);
    const back = (await coordinator.get(`/personnes/${person.id}`)).doc.querySelector('#messages')?.textContent ?? '';
    expect(back).toContain('2 demandes de congé rétablies');
    expect(await requestsOf(person.id)).toEqual([
      { starts_on: '2026-11-16', status: 'approved', refusal_reason: '', closed_by_leaving: false },
      { starts_on: '2026-11-23', status: 'requested', refusal_reason: '', closed_by_leaving: false },
    ]);
    expect(await cp()).toBe(2);
    const after = await leaveBalanceOf(t.em(), scope, person.id, await policyVersionsOf(t.em(), mine.id), '2026-12-01');
    expect(after.movements.some((m) => m.kind === 'settlement')).toBe(false);
    expect((await statement(coordinator, mine, '2026-11')).line('leaveSettlement')).toBe('');
  });

  it('loses the balance under a policy that says so: nothing paid, the movement says « perdu »', async () => {
    const { mine, workshop, person, coordinator, scope, a, policy } = await leaver('lost');
    await typed(a, workshop, weekdays('2026-11-02', '2026-11-06', 7));
    await validate(mine, workshop, '2026-11-02');
    expect((await coordinator.post(`/personnes/${person.id}/liberation`, { on: '2026-11-06' })).status).toBe(303);
    const message = (await coordinator.get(`/personnes/${person.id}`)).doc.querySelector('#messages')?.textContent ?? '';
    expect(message).toContain(`Solde de congés (semaines validées à ce jour) : 2,5 j perdus (politique ${policy} v1).`);
    const balance = await leaveBalanceOf(t.em(), scope, person.id, await policyVersionsOf(t.em(), mine.id), '2026-12-01');
    expect(balance.movements.find((m) => m.kind === 'settlement')?.explanation).toContain('solde perdu à la libération du 06/11/2026');
    // Only the 35 h worked: 189,315 → 189,32 €
    const { line } = await statement(coordinator, mine, '2026-11');
    expect(line('leaveSettlement')).toBe('');
    expect(line('total')).toContain('189,32 €');
  });

  it('pays out on a transfer a person whose only pay of the month is the settlement', async () => {
    const { mine, person, coordinator, scope } = await leaver('paid_out');
    expect((await coordinator.post(`/personnes/${person.id}/transfert`, { on: '2026-11-02', reason: 'Transfert à Lille' })).status).toBe(303);
    const message = (await coordinator.get(`/personnes/${person.id}`)).doc.querySelector('#messages')?.textContent ?? '';
    expect(message).toContain('Solde de congés (semaines validées à ce jour) : 2,5 j, payés sur la paie de novembre 2026.');
    // No entry in November: 17,5 h × 5,409 = 94,6575 → 94,66 €, on its own row.
    const { line, rows } = await statement(coordinator, mine, '2026-11');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('LP');
    expect(line('leaveSettlement')).toContain('94,66 €');
    expect(line('total')).toContain('94,66 €');
    const { cell } = await csv(coordinator, mine, '2026-11');
    expect(cell('Atelier')).toBe('Reliure');
    expect(cell('Brut (€)')).toBe('94,66');
    // The ledger's explanation names the transfer.
    const balance = await leaveBalanceOf(t.em(), scope, person.id, await policyVersionsOf(t.em(), mine.id), '2026-12-01');
    expect(balance.movements.find((m) => m.kind === 'settlement')?.explanation).toContain(
      'solde réglé au transfert du 02/11/2026, payé sur la paie de novembre 2026',
    );
    expect(await t.em().count(LeaveRequest, { detainee: person.id })).toBe(0);
  });

  it('ends approved leave running over the leaving day on that day: the days after are neither taken nor in the timesheet', async () => {
    const { mine, workshop, person, coordinator, scope } = await leaver('paid_out');
    // 2,5 j earned in October; Thursday 5 and Friday 6 November approved (2 j); released on the 5th.
    await approved(scope, person, leave('2026-11-05', '2026-11-06'));
    expect((await coordinator.post(`/personnes/${person.id}/liberation`, { on: '2026-11-05', reason: 'Fin de peine' })).status).toBe(303);
    const message = (await coordinator.get(`/personnes/${person.id}`)).doc.querySelector('#messages')?.textContent ?? '';
    expect(message).toContain('1 congé en cours arrêté ce jour-là');
    // 2,5 − 1 (the 5th only) = 1,5 j paid out.
    expect(message).toContain('Solde de congés (semaines validées à ce jour) : 1,5 j, payé sur la paie de novembre 2026.');
    const [request] = await t.em().find(LeaveRequest, { detainee: person.id }, { refresh: true });
    expect(request).toMatchObject({ status: 'approved', startsOn: '2026-11-05', endsOn: '2026-11-05', days: 100 });
    expect(request?.comment).toContain('(raccourci à la sortie du 05/11/2026)');
    expect((await t.em().find(TimeEntry, { detainee: person.id, absenceCode: 'CP' })).map((e) => e.day)).toEqual(['2026-11-05']);
    const balance = await leaveBalanceOf(t.em(), scope, person.id, await policyVersionsOf(t.em(), mine.id), '2026-12-01');
    expect(balance.movements.filter((m) => m.day >= '2026-11-01').map((m) => [m.day, m.kind, m.centidays])).toEqual([
      ['2026-11-05', 'taken', -100],
      ['2026-11-05', 'settlement', -150],
    ]);
    // The week validated: 1 day of leave, 7 h × 5,409 = 37,863 €; the settlement 1,5 × 7 h = 10,5 h × 5,409 = 56,7945 €;
    // the exact sum 94,6575 → 94,66 € (each line shown rounded on its own: 37,86 € and 56,79 €).
    await validate(mine, workshop, '2026-11-02');
    const { line } = await statement(coordinator, mine, '2026-11');
    expect(line('paidLeave')).toContain('37,86 €');
    expect(line('leaveSettlement')).toContain('56,79 €');
    expect(line('total')).toContain('94,66 €');
  });

  it('never leaves approved leave after the leaving day: an approval and a release at once, 20 times', async () => {
    for (let i = 0; i < 20; i++) {
      const { mine, workshop, person, scope } = await world();
      await contract(mine, workshop, person, 35);
      const request = await requestLeave(t.em(), scope, person.id, leave('2026-11-16', '2026-11-17'));
      const results = await Promise.allSettled([
        approveLeaveRequest(t.em(), scope, request.id),
        recordLeaving(t.em(), scope, person.id, 'released', leavingForm.parse({ on: '2026-11-06' })),
      ]);
      // The release always goes through; the approval either came first (then cancelled by the release) or finds the request refused (409).
      expect(results[1].status).toBe('fulfilled');
      const [row] = await requestsOf(person.id);
      expect(row?.closed_by_leaving).toBe(true);
      expect(row?.status).toBe(results[0].status === 'fulfilled' ? 'cancelled' : 'refused');
      expect(await t.em().count(TimeEntry, { detainee: person.id, absenceCode: 'CP' })).toBe(0);
    }
  });

  it('writes the leave rate exactly when it can, rounded to the ten-thousandth when it cannot', () => {
    // 540,9 cents an hour: 5,409 €; 20 283,75 cents for 37 h: 5,48209459… €
    expect(formatLeaveRate({ num: 5409n, den: 10n })).toBe('5,409');
    expect(formatLeaveRate({ num: 1000n, den: 2n })).toBe('5,000');
    expect(formatLeaveRate({ num: 2028375n, den: 3700n })).toBe('≈ 5,4821');
  });
});
