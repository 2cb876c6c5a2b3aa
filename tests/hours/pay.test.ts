import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment, Suspension } from '../../src/assignments/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { formatRate } from '../../src/hours/pay.ts';
import { isPayable, payLineKey, payLineLabel, payLinesOf, weekStretches } from '../../src/hours/pay-rules.ts';
import { monthlyGrossCents } from '../../src/hours/rules.ts';
import { type Day, mondayOf } from '../../src/platform/calendar.ts';
import { readCsv } from '../../src/platform/csv.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

const H = 60;
/** Production, 45 % of the SMIC: 12,02 € × 45 % = 5,409 €/h (2026); 11,88 € × 45 % = 5,346 €/h (2025). */
const RATE_2026 = { smicCents: 1202, basisPoints: 4500 };

describe('payable time (D412-64, DOMAIN.md « Pay »)', () => {
  const contract = [{ startsOn: '2026-01-05', endedOn: '2026-01-07' }];
  const suspension = [{ startsOn: '2026-01-06', endsOn: '2026-01-06' }];
  it.each([
    ['before the contract', '2026-01-04', contract, [], null, false],
    ['its first day', '2026-01-05', contract, [], null, true],
    ['its last day', '2026-01-07', contract, [], null, true],
    ['after its end', '2026-01-08', contract, [], null, false],
    ['a suspended day', '2026-01-06', contract, suspension, null, false],
    ['a suspension with no end yet', '2026-01-07', contract, [{ startsOn: '2026-01-06', endsOn: null }], null, false],
    ['a contract with no end', '2026-03-01', [{ startsOn: '2026-01-05', endedOn: null }], [], null, true],
    ['after the person left', '2026-01-07', [{ startsOn: '2026-01-05', endedOn: null }], [], '2026-01-06', false],
    ['the day the person left', '2026-01-06', [{ startsOn: '2026-01-05', endedOn: null }], [], '2026-01-06', true],
  ] as const)('%s', (_name, day, periods, suspensions, leftOn, expected) => {
    expect(isPayable(day, periods, suspensions, leftOn)).toBe(expected);
  });
});

describe('the lines of a week (R412-54, R412-56, R412-62)', () => {
  /** One entry a day from Monday 2 March 2026, at 5,409 €/h. */
  const week = (...hours: number[]) => hours.map((h, i) => ({ day: `2026-03-${String(2 + i).padStart(2, '0')}`, minutes: h * H, rate: RATE_2026 }));
  const cents = (stretches: ReturnType<typeof weekStretches>, line?: string) => monthlyGrossCents(stretches.filter((s) => !line || s.line === line));
  it.each([
    // 35 h × 5,409 = 189,315; 2 h × 5,409 × 1,25 = 13,5225; total 202,8375 → 202,84 €
    ['37 h', week(8, 8, 7, 7, 7), 35, { normal: 18932, overtime25: 1352 }, 20284],
    // 189,315 + 8 h × 6,76125 = 54,09 → 243,405 → 243,41 €
    ['43 h', week(9, 9, 9, 8, 8), 35, { normal: 18932, overtime25: 5409 }, 24341],
    // 243,405 + 3 h × 5,409 × 1,5 = 24,3405 → 267,7455 → 267,75 €
    ['46 h', week(10, 10, 9, 9, 8), 35, { normal: 18932, overtime25: 5409, overtime50: 2434 }, 26775],
    // 10 h contract, 14 h: 10 × 5,409 = 54,09; 1 h × 5,9499 = 5,9499; 3 h × 6,76125 = 20,28375 → 80,32365 → 80,32 €
    ['10 h contract, 14 h', week(3, 3, 3, 3, 2), 10, { normal: 5409, complementary10: 595, complementary25: 2028 }, 8032],
    // 20 h contract, 28 h: 20 × 5,409 = 108,18; 2 h × 5,9499 = 11,8998; 6 h × 6,76125 = 40,5675 → 160,6473 → 160,65 €
    ['20 h contract, 28 h', week(6, 6, 6, 5, 5), 20, { normal: 10818, complementary10: 1190, complementary25: 4057 }, 16065],
  ] as const)('%s', (_name, entries, contractHours, lines, total) => {
    const stretches = weekStretches(entries, contractHours * H);
    for (const [line, expected] of Object.entries(lines)) expect(cents(stretches, line)).toBe(expected);
    expect(cents(stretches)).toBe(total);
  });

  it('adds on 1 May an indemnity equal to the pay, and nothing on another public holiday', () => {
    // 1 May 2026, 7 h: 37,863 € + indemnity 37,863 € = 75,726 → 75,73 €
    const mayDay = weekStretches([{ day: '2026-05-01', minutes: 7 * H, rate: RATE_2026 }], 35 * H);
    expect(cents(mayDay, 'labourDay')).toBe(3786);
    expect(cents(mayDay)).toBe(7573);
    // Easter Monday, 6 April 2026, 7 h: 37,863 → 37,86 €
    expect(cents(weekStretches([{ day: '2026-04-06', minutes: 7 * H, rate: RATE_2026 }], 35 * H))).toBe(3786);
  });

  it('writes the hourly rate with three decimals at least, exact', () => {
    expect(formatRate(RATE_2026)).toBe('5,409');
    expect(formatRate({ smicCents: 1188, basisPoints: 4500 })).toBe('5,346');
    expect(formatRate({ smicCents: 1188, basisPoints: 3300 })).toBe('3,9204');
    expect(formatRate({ smicCents: 1000, basisPoints: 5000 })).toBe('5,000');
  });
});

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

/** An establishment of its own, a production workshop and post, a person, a coordinator signed in. */
async function world() {
  const em = t.em();
  const mine = await createEstablishment(em);
  const workshop = await createWorkshop(em, mine, { name: 'Reliure' });
  const person = await createDetainee(em, mine, { lastName: 'Relieur', prisonNumber: 'PAY1', arrivalDate: '2025-10-01' });
  const coordinator = await signedIn(await createUser(em, 'coordinator', { establishments: [mine] }));
  return { mine, workshop, person, coordinator };
}

async function contract(mine: Establishment, workshop: Workshop, person: Detainee, weeklyHours: number, startsOn = '2025-12-01') {
  const em = t.em();
  const post = await createPost(em, workshop);
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

/** Time typed on the given days (hours each), and the weeks they fall in validated. */
async function typed(a: Assignment, workshop: Workshop, days: Record<Day, number | string>, { validate = true } = {}) {
  const em = t.em();
  for (const [day, value] of Object.entries(days)) {
    em.create(TimeEntry, {
      establishment: a.establishment.id,
      detainee: a.detainee.id,
      assignment: a.id,
      workshop: workshop.id,
      day,
      kind: typeof value === 'number' ? 'work' : 'absence',
      minutes: typeof value === 'number' ? value * H : 0,
      absenceCode: typeof value === 'number' ? null : value,
    });
  }
  await em.flush();
  if (validate)
    for (const monday of new Set(Object.keys(days).map(mondayOf)))
      await em.getConnection().execute(
        `insert into timesheet_week (establishment_id, workshop_id, week_start, status, validated_at) values (?, ?, ?, 'validated', now())
         on conflict (workshop_id, week_start) where workshop_id is not null do update set status = 'validated', validated_at = now()`,
        [a.establishment.id, workshop.id, monday],
      );
}

async function statement(coordinator: Browser, mine: Establishment, month: string) {
  const page = await coordinator.get(`/etablissements/${mine.id}/paie?mois=${month}`);
  expect(page.status).toBe(200);
  const line = (key: string) => page.doc.querySelector(`#paie-lignes tr[data-ligne="${key}"]`)?.textContent ?? '';
  return { page, line, row: page.doc.querySelector('#paie tbody tr')?.textContent ?? '' };
}

async function csv(coordinator: Browser, mine: Establishment, month: string) {
  const res = await t.app.request(`/etablissements/${mine.id}/paie.csv?mois=${month}`, {
    headers: { Cookie: [...coordinator.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  const { header, rows } = readCsv(await res.text());
  const cell = (name: string, i = 0) => rows[i]?.[header.indexOf(name)];
  return { header, rows, cell };
}

describe('the monthly statement', () => {
  it('pays a 46 h week with its overtime on separate lines, in the page and in the CSV', async () => {
    const { mine, workshop, person, coordinator } = await world();
    const a = await contract(mine, workshop, person, 35);
    await typed(a, workshop, { '2026-03-02': 10, '2026-03-03': 10, '2026-03-04': 9, '2026-03-05': 9, '2026-03-06': 8 });
    // 35 h × 5,409 = 189,315 → 189,32 €; 8 h × 6,76125 = 54,09 €; 3 h × 8,1135 = 24,3405 → 24,34 €; exact total 267,7455 → 267,75 €
    const { line, row } = await statement(coordinator, mine, '2026-03');
    expect(line('normal')).toContain('35 h');
    expect(line('normal')).toContain('189,32 €');
    expect(line('overtime25')).toContain('8 h');
    expect(line('overtime25')).toContain('54,09 €');
    expect(line('overtime50')).toContain('3 h');
    expect(line('overtime50')).toContain('24,34 €');
    expect(line('total')).toContain('267,75 €');
    expect(row).toContain('5,409 €');
    const { cell } = await csv(coordinator, mine, '2026-03');
    expect(cell('Heures au taux normal (h)')).toBe('35');
    expect(cell('Heures supplémentaires à +25 % (€)')).toBe('54,09');
    expect(cell('Heures supplémentaires à +50 % (h)')).toBe('3');
    expect(cell('Heures supplémentaires à +50 % (€)')).toBe('24,34');
    expect(cell('Taux horaire brut (€)')).toBe('5,409');
    expect(cell('Brut (€)')).toBe('267,75');
  });

  it('majors at the rates the establishment set in force that week, not the code’s when it pays more', async () => {
    const { mine, workshop, person, coordinator } = await world();
    await t
      .em()
      .getConnection()
      .execute(
        `insert into working_time_setting (establishment_id, effective_from, max_daily_minutes, max_weekly_minutes, max_worked_days, full_time_minutes,
           overtime_first_tier_minutes, overtime_first_tier_percent, overtime_beyond_percent, yearly_overtime_cap_minutes,
           complementary_first_tier_percent, complementary_second_tier_percent)
         values (?, '2026-03-09', 600, 2880, 6, 2100, 480, 50, 50, 13200, 10, 25)`,
        [mine.id],
      );
    const a = await contract(mine, workshop, person, 35);
    // Week of 2 March (code's rates): 35 × 5,409 = 189,315 + 2 × 5,409 × 1,25 = 13,5225;
    // week of 9 March (+50 % from the first hour over): 189,315 + 2 × 5,409 × 1,5 = 16,227.
    // Month: 378,63 + 13,5225 + 16,227 = 408,3795 → 408,38 €
    await typed(a, workshop, { '2026-03-02': 8, '2026-03-03': 8, '2026-03-04': 7, '2026-03-05': 7, '2026-03-06': 7 });
    await typed(a, workshop, { '2026-03-09': 8, '2026-03-10': 8, '2026-03-11': 7, '2026-03-12': 7, '2026-03-13': 7 });
    const { line } = await statement(coordinator, mine, '2026-03');
    // The lines are named for the rates paid: +25 % the first week, +50 % the second.
    expect(line('overtime25')).toContain('2 h');
    expect(line('overtime25')).toContain('13,52 €');
    expect(line('overtime50')).toContain('2 h');
    expect(line('overtime50')).toContain('16,23 €');
    expect(line('total')).toContain('408,38 €');
  });

  it('counts the week across the person’s two contracts, majored against their peak hours', async () => {
    const { mine, workshop, person, coordinator } = await world();
    const other = await createWorkshop(t.em(), mine, { name: 'Cuisine' });
    // 20 h + 15 h held together: 35 h of contract. 20 h + 17 h worked = 37 h: 2 h at +25 %.
    const a = await contract(mine, workshop, person, 20);
    const b = await contract(mine, other, person, 15);
    await typed(a, workshop, { '2026-03-02': 5, '2026-03-03': 5, '2026-03-04': 5, '2026-03-05': 5 });
    await typed(b, other, { '2026-03-06': 9, '2026-03-07': 8 });
    // 35 h × 5,409 = 189,315; 2 h × 6,76125 = 13,5225 → 202,8375 → 202,84 €
    const { line } = await statement(coordinator, mine, '2026-03');
    expect(line('overtime25')).toContain('2 h');
    expect(line('total')).toContain('202,84 €');
  });

  it('pays complementary hours on a 10 h contract', async () => {
    const { mine, workshop, person, coordinator } = await world();
    const a = await contract(mine, workshop, person, 10);
    await typed(a, workshop, { '2026-03-02': 3, '2026-03-03': 3, '2026-03-04': 3, '2026-03-05': 3, '2026-03-06': 2 });
    // 10 h × 5,409 = 54,09; 1 h × 5,9499 = 5,9499 → 5,95 €; 3 h × 6,76125 = 20,28375 → 20,28 €; 80,32365 → 80,32 €
    const { line } = await statement(coordinator, mine, '2026-03');
    expect(line('complementary10')).toContain('5,95 €');
    expect(line('complementary25')).toContain('20,28 €');
    expect(line('total')).toContain('80,32 €');
  });

  it('pays complementary hours on a 20 h contract', async () => {
    const { mine, workshop, person, coordinator } = await world();
    const a = await contract(mine, workshop, person, 20);
    await typed(a, workshop, { '2026-03-02': 6, '2026-03-03': 6, '2026-03-04': 6, '2026-03-05': 5, '2026-03-06': 5 });
    // 20 h × 5,409 = 108,18; 2 h × 5,9499 = 11,8998 → 11,90 €; 6 h × 6,76125 = 40,5675 → 40,57 €; 160,6473 → 160,65 €
    const { line } = await statement(coordinator, mine, '2026-03');
    expect(line('complementary10')).toContain('11,90 €');
    expect(line('complementary25')).toContain('40,57 €');
    expect(line('total')).toContain('160,65 €');
  });

  it('majors a week across a SMIC change and two months, each stretch in the month of its day', async () => {
    const { mine, workshop, person, coordinator } = await world();
    const a = await contract(mine, workshop, person, 35, '2025-12-01');
    // 8 h a day, Monday 29 Dec 2025 to Friday 2 Jan 2026 = 40 h: the first 35 h are normal, the last 5 h (Friday) at +25 %.
    await typed(a, workshop, { '2025-12-29': 8, '2025-12-30': 8, '2025-12-31': 8, '2026-01-01': 8, '2026-01-02': 8 });
    // December: 24 h × (11,88 € × 45 % = 5,346 €) = 128,304 → 128,30 €
    const december = await statement(coordinator, mine, '2025-12');
    expect(december.line('normal')).toContain('24 h');
    expect(december.line('total')).toContain('128,30 €');
    // January: 8 h + 3 h at 5,409 € = 59,499; 5 h × 6,76125 = 33,80625 → 33,81 €; total 93,30525 → 93,31 €
    // (1 January is a public holiday: paid normally, no indemnity)
    const january = await statement(coordinator, mine, '2026-01');
    expect(january.line('normal')).toContain('11 h');
    expect(january.line('overtime25')).toContain('5 h');
    expect(january.line('overtime25')).toContain('33,81 €');
    expect(january.line('labourDay')).toBe('');
    expect(january.line('total')).toContain('93,31 €');
  });

  it('adds the 1 May indemnity on its own line; Easter Monday is paid normally', async () => {
    const { mine, workshop, person, coordinator } = await world();
    const a = await contract(mine, workshop, person, 35);
    await typed(a, workshop, { '2026-04-06': 7, '2026-05-01': 7 });
    // Easter Monday 6 April 2026, 7 h × 5,409 = 37,863 → 37,86 €
    const april = await statement(coordinator, mine, '2026-04');
    expect(april.line('labourDay')).toBe('');
    expect(april.line('total')).toContain('37,86 €');
    // 1 May 2026, 7 h: 37,863 € + indemnity 37,863 € = 75,726 → 75,73 €
    const may = await statement(coordinator, mine, '2026-05');
    expect(may.line('labourDay')).toContain('7 h');
    expect(may.line('labourDay')).toContain('37,86 €');
    expect(may.line('total')).toContain('75,73 €');
    const { cell } = await csv(coordinator, mine, '2026-05');
    expect(cell('Indemnité du 1er mai (€)')).toBe('37,86');
    expect(cell('Brut (€)')).toBe('75,73');
  });

  it('does not pay time after a contract ended afterwards over a validated week, and lists it for correction', async () => {
    const { mine, workshop, person, coordinator } = await world();
    const a = await contract(mine, workshop, person, 35);
    await typed(a, workshop, { '2026-01-05': 7, '2026-01-06': 7, '2026-01-07': 7, '2026-01-08': 7, '2026-01-09': 7 });
    // Before the end: 35 h × 5,409 = 189,315 → 189,32 €
    expect((await statement(coordinator, mine, '2026-01')).line('total')).toContain('189,32 €');
    const em = t.em();
    const held = await em.findOneOrFail(Assignment, a.id);
    held.end('2026-01-07', 'end_of_contract');
    await em.flush();
    // After: Monday to Wednesday only, 21 h × 5,409 = 113,589 → 113,59 €; Thursday and Friday (14 h) hors contrat
    const { page, line, row } = await statement(coordinator, mine, '2026-01');
    expect(line('total')).toContain('113,59 €');
    expect(row).toContain('14 h');
    const listed = [...page.doc.querySelectorAll('#hors-contrat tbody tr')];
    expect(listed).toHaveLength(2);
    expect(listed[0]?.textContent).toContain('8 janvier 2026');
    expect(listed[0]?.querySelector('a')?.getAttribute('href')).toBe(`/ateliers/${workshop.id}/pointage?semaine=2026-01-05`);
    const { cell } = await csv(coordinator, mine, '2026-01');
    expect(cell('Heures hors contrat (non payées)')).toBe('14');
    expect(cell('Brut (€)')).toBe('113,59');
  });

  it('does not pay a suspended day', async () => {
    const { mine, workshop, person, coordinator } = await world();
    const a = await contract(mine, workshop, person, 35);
    await typed(a, workshop, { '2026-01-05': 7, '2026-01-06': 7 });
    const em = t.em();
    em.create(Suspension, { establishment: mine.id, assignment: a.id, startsOn: '2026-01-06', endsOn: '2026-01-06', reason: 'disciplinary' });
    await em.flush();
    // 7 h × 5,409 = 37,863 → 37,86 €
    const { line } = await statement(coordinator, mine, '2026-01');
    expect(line('total')).toContain('37,86 €');
  });

  it('pays an absence whose reason is paid in force that day, a fifth of the contract’s week', async () => {
    const { mine, workshop, person, coordinator } = await world();
    // The establishment pays court summons (CJ) from 1 January 2026: a new version of the reason.
    await t
      .em()
      .getConnection()
      .execute(
        `insert into absence_reason (establishment_id, code, label, legal_item, justified, paid, counts_for_leave, requires_suspension, offered, effective_from)
         select establishment_id, code, label, legal_item, justified, true, counts_for_leave, requires_suspension, offered, '2026-01-01'
           from absence_reason where establishment_id = ? and code = 'CJ'`,
        [mine.id],
      );
    const a = await contract(mine, workshop, person, 35);
    await typed(a, workshop, { '2026-01-05': 7, '2026-01-06': 7, '2026-01-07': 7, '2026-01-08': 7, '2026-01-09': 'CJ' });
    // 28 h × 5,409 = 151,452; the summons day pays 35 h ÷ 5 = 7 h × 5,409 = 37,863 → 37,86 €; total 189,315 → 189,32 €
    const { page, line } = await statement(coordinator, mine, '2026-01');
    expect(line('paidAbsence')).toContain('7 h');
    expect(line('paidAbsence')).toContain('37,86 €');
    expect(line('total')).toContain('189,32 €');
    // The workshop's total counts the paid day too; the hours worked stay 28 h.
    expect(page.doc.querySelector('#paie-ateliers tbody tr')?.textContent).toContain('189,32 €');
    expect(page.doc.querySelector('#paie tbody tr td')?.textContent).toBe('28 h');
    const { cell } = await csv(coordinator, mine, '2026-01');
    expect(cell('Absences payées (€)')).toBe('37,86');
  });
});

describe('the lines of an establishment paying other rates', () => {
  it('names a line for the rate it pays, and places it with the majored lines', () => {
    expect(payLineLabel(payLineKey('overtime', 60))).toBe('Heures supplémentaires à +60 %');
    expect(payLineLabel(payLineKey('complementary', 15))).toBe('Heures complémentaires à +15 %');
    expect(payLinesOf(['normal', 'overtime60', 'overtime25']).map((l) => l.key)).toEqual([
      'normal',
      'overtime25',
      'overtime50',
      'complementary10',
      'complementary25',
      'overtime60',
      'labourDay',
      'paidAbsence',
      'paidLeave',
      'leaveSettlement',
      'training',
    ]);
  });
});
