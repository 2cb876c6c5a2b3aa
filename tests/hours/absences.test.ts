import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { type AbsenceReasonRow, absenceDayProblem, offeredOn, paidAbsenceMinutes, reasonOn } from '../../src/hours/absence-rules.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { monthlyGrossCents } from '../../src/hours/rules.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

const reason = (code: string, effectiveFrom: string, more: Partial<AbsenceReasonRow> = {}): AbsenceReasonRow => ({
  code,
  label: `Motif ${code}`,
  legalItem: null,
  justified: true,
  paid: false,
  countsForLeave: false,
  requiresSuspension: false,
  offered: true,
  effectiveFrom,
  ...more,
});

describe('absence reasons, pure', () => {
  const rows = [
    reason('MED', '2022-05-01'),
    reason('MED', '2027-01-01', { paid: true }),
    reason('AJ', '2022-05-01'),
    reason('AJ', '2026-11-30', { offered: false }),
  ];

  it.each([
    ['MED', '2022-04-30', null],
    ['MED', '2022-05-01', '2022-05-01'],
    ['MED', '2026-12-31', '2022-05-01'],
    ['MED', '2027-01-01', '2027-01-01'],
    ['AJ', '2026-11-29', '2022-05-01'],
    ['AJ', '2026-11-30', '2026-11-30'],
    ['XX', '2026-11-30', null],
  ])('%s on %s: the version of %s is in force', (code, day, version) => {
    expect(reasonOn(rows, code, day)?.effectiveFrom ?? null).toBe(version);
  });

  it('offers each code’s version in force, except the closed ones', () => {
    expect(offeredOn(rows, '2026-11-29').map((r) => r.code)).toEqual(['AJ', 'MED']);
    expect(offeredOn(rows, '2026-11-30').map((r) => r.code)).toEqual(['MED']);
    expect(offeredOn(rows, '2027-01-01').map((r) => [r.code, r.paid])).toEqual([['MED', true]]);
  });

  it.each([
    [
      'sickness on a day of contract without suspension',
      { requiresSuspension: true },
      { suspended: false, contract: true },
      /enregistrez d’abord la suspension/,
    ],
    ['sickness within a suspension', { requiresSuspension: true }, { suspended: true, contract: true }, null],
    ['sickness on a training sheet (no contract to suspend)', { requiresSuspension: true }, { suspended: false, contract: false }, null],
    ['a medical appointment on a day of contract', {}, { suspended: false, contract: true }, null],
    ['a medical appointment on a suspended day', {}, { suspended: true, contract: true }, /suspendue/],
  ] as const)('%s', (_, flags, day, problem) => {
    const found = absenceDayProblem(reason('M', '2022-05-01', flags), day);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  // A paid absence day pays the contract's weekly minutes ÷ 5, rounded down to the minute.
  it.each([
    [2100, 420], // 35 h: 7 h
    [1200, 240], // 20 h: 4 h
    [1050, 210], // 17 h 30: 3 h 30
    [600, 120], // 10 h: 2 h
    [1001, 200], // 200,2 min → 200
    [1004, 200], // 200,8 min → 200 (down, never up)
  ])('a contract of %i minutes a week: a paid absence day counts %i minutes', (weekly, minutes) => {
    expect(paidAbsenceMinutes(weekly)).toBe(minutes);
  });

  it('pays a paid absence day of a 35 h contract at 45 % of 12,02 €: 37,86 €', () => {
    // 7 h × 12,02 € × 45 % = 7 × 5,409 = 37,863 € → 37,86 €.
    expect(monthlyGrossCents([{ minutes: paidAbsenceMinutes(2100), rate: { smicCents: 1202, basisPoints: 4500 } }])).toBe(3786);
  });
});

let t: TestContext;
let admin: Browser;
const HX = { 'HX-Request': 'true' };
const SEEDED = ['AI', 'AJ', 'ALL', 'AT', 'CJ', 'CP', 'DI', 'ENT', 'ESC', 'EX', 'EXA', 'F', 'FAM', 'M', 'MED', 'PAR', 'PERM', 'PREP', 'S'];

beforeAll(async () => {
  t = await createTestContext();
  await createUser(t.em(), 'admin', { email: 'admin-absences@exemple.fr' });
  admin = new Browser(t.app);
  await admin.login('admin-absences@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

/** An establishment, a workshop with a person on a 35 h contract since 1 December 2025, and its coordinator signed in. */
async function sheet() {
  const mine = await createEstablishment(t.em());
  const workshop = await createWorkshop(t.em(), mine);
  const post = await createPost(t.em(), workshop);
  const person = await createDetainee(t.em(), mine, { arrivalDate: '2025-10-01' });
  const coordinator = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [mine] }));
  await coordinator.post(`/personnes/${person.id}/affectations`, {
    postId: String(post.id),
    contractReference: 'CEP-ABS',
    startsOn: '2025-12-01',
    weeklyHours: '35',
  });
  const assignment = await t.em().findOneOrFail(Assignment, { detainee: person.id });
  const key = (day: string) => `c-a${assignment.id}-${day}`;
  const save = (day: string, value: string, version = '0') => coordinator.post('/pointage/cellule', { cell: key(day), [key(day)]: value, version }, HX);
  const entry = (day: string) => t.em().fork().findOne(TimeEntry, { assignment: assignment.id, day });
  const raw = (day: string, code: string) =>
    t
      .em()
      .fork()
      .execute(
        `insert into time_entry (establishment_id, detainee_id, assignment_id, workshop_id, day, kind, minutes, absence_code) values (?, ?, ?, ?, ?, 'absence', 0, ?)`,
        [mine.id, person.id, assignment.id, workshop.id, day, code],
      );
  return { mine, workshop, assignment, coordinator, key, save, entry, raw };
}

const codesOf = async (establishmentId: number) =>
  (await t.em().fork().execute<{ code: string }[]>('select distinct code from absence_reason where establishment_id = ? order by code', [establishmentId])).map(
    (r) => r.code,
  );

describe('absence reasons, seeded', () => {
  it('are there for every establishment, and for a new one, even written by a script', async () => {
    const [missing] = await t
      .em()
      .fork()
      .execute<{ n: number }[]>(
        `select count(*)::int as n from establishment e where (select count(distinct code) from absence_reason r where r.establishment_id = e.id) <> 19`,
      );
    expect(missing?.n).toBe(0);
    const created = await createEstablishment(t.em());
    expect(await codesOf(created.id)).toEqual(SEEDED);
    const [scripted] = await t
      .em()
      .fork()
      .execute<{ id: number }[]>(`insert into establishment (name, kind, city, capacity) values ('Établi par un script', 'inserre', 'Lille', 10) returning id`);
    expect(await codesOf(scripted?.id as number)).toEqual(SEEDED);
  });

  it('split D412-32 into its items, none paid, the former codes kept but no longer offered', async () => {
    const created = await createEstablishment(t.em());
    const rows = await t.em().fork().execute<
      {
        code: string;
        legal_item: string | null;
        paid: boolean;
        justified: boolean;
        counts_for_leave: boolean;
        requires_suspension: boolean;
        offered: boolean;
      }[]
    >('select * from absence_reason where establishment_id = ? order by code', [created.id]);
    const by = new Map(rows.map((r) => [r.code, r]));
    expect(rows.every((r) => !r.paid)).toBe(true);
    expect(rows.filter((r) => r.legal_item?.startsWith('D412-32')).map((r) => r.code)).toHaveLength(11);
    expect(by.get('CJ')?.legal_item).toBe('D412-32, 1° convocations judiciaires et administratives');
    expect(by.get('M')).toMatchObject({ requires_suspension: true, counts_for_leave: true, justified: true });
    expect(by.get('AT')).toMatchObject({ requires_suspension: true, counts_for_leave: true });
    expect(by.get('AI')).toMatchObject({ justified: false, counts_for_leave: false });
    expect(by.get('CP')).toMatchObject({ counts_for_leave: true, requires_suspension: false });
    expect(['AJ', 'EX', 'S'].map((c) => by.get(c)?.offered)).toEqual([false, false, false]);
  });
});

describe('absence codes on the sheet', () => {
  it('are listed in the grid’s help from the reasons offered, and typed in any case', async () => {
    const { workshop, coordinator, save, entry } = await sheet();
    const page = await coordinator.get(`/ateliers/${workshop.id}/pointage?semaine=2026-01-05`);
    expect(page.html).toContain('MED rendez-vous médical');
    expect(page.html).toContain('PERM permission de sortir');
    expect(page.html).not.toContain('AJ absence justifiée');
    expect((await save('2026-01-06', 'med')).status).toBe(200);
    expect((await entry('2026-01-06'))?.absenceCode).toBe('MED');
  });

  it('refuse a closed code for new entries, and keep it for the old ones', async () => {
    const { mine, coordinator, save, entry, raw } = await sheet();
    expect((await save('2026-02-04', 'MED')).status).toBe(200);
    // The coordinator closes MED from 1 February 2026, after that entry was typed.
    const closed = await coordinator.post(`/etablissements/${mine.id}/motifs-absence`, {
      code: 'MED',
      label: 'Rendez-vous médical',
      effectiveFrom: '2026-02-01',
      flags: 'justified',
    });
    expect(closed.status).toBe(303);
    const refused = await save('2026-02-05', 'MED');
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Le code d’absence « MED » n’est plus proposé depuis le 01/02/2026');
    // Before the closing date, the code is still offered.
    expect((await save('2026-01-27', 'MED')).status).toBe(200);
    expect((await entry('2026-02-04'))?.absenceCode).toBe('MED');
    // A script cannot type it either, and the old entry can still change otherwise.
    await expect(raw('2026-02-06', 'MED')).rejects.toThrow(/n’est plus proposé depuis le 01\/02\/2026/);
    const old = await entry('2026-02-04');
    await t.em().fork().execute(`update time_entry set overtime_reason = 'Note' where id = ?`, [old?.id]);
    // AJ, a former fixed code, is refused as new; an entry that held it keeps its meaning.
    const aj = await save('2026-02-09', 'AJ');
    expect(aj.status).toBe(422);
    expect(aj.html).toContain('Le code d’absence « AJ » n’est plus proposé');
  });

  it('refuse a code of another establishment, and the database refuses an unknown one', async () => {
    const { save, raw } = await sheet();
    const other = await createEstablishment(t.em());
    await admin.post(`/etablissements/${other.id}/motifs-absence`, {
      code: 'ZZ',
      label: 'Motif d’ailleurs',
      effectiveFrom: '2022-05-01',
      flags: ['justified', 'offered'],
    });
    expect(await codesOf(other.id)).toContain('ZZ');
    const refused = await save('2026-01-07', 'ZZ');
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Écrivez une durée');
    await expect(raw('2026-01-07', 'ZZ')).rejects.toThrow(/Le code d’absence « ZZ » n’est pas un motif de cet établissement le 07\/01\/2026/);
    await expect(raw('2026-01-08', 'XYZ')).rejects.toThrow(/« XYZ » n’est pas un motif/);
    // Before any reason is in force (the seed starts on 1 May 2022), nothing is a reason.
    await expect(raw('2022-04-29', 'MED')).rejects.toThrow(/n’est pas un motif/);
  });

  it('refuse sickness on a day without a suspension, and accept it within one', async () => {
    const ctx = await sheet();
    const { mine, assignment, save, entry, raw } = ctx;
    const refused = await save('2026-03-03', 'M');
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Maladie (M) : enregistrez d’abord la suspension de l’affectation pour ce jour');
    await expect(raw('2026-03-03', 'AT')).rejects.toThrow(/Accident du travail \(AT\) : enregistrez d’abord la suspension/);
    await t
      .em()
      .fork()
      .execute(
        `insert into assignment_suspension (establishment_id, assignment_id, starts_on, ends_on, reason) values (?, ?, '2026-03-02', '2026-03-06', 'sickness')`,
        [mine.id, assignment.id],
      );
    expect((await save('2026-03-03', 'M')).status).toBe(200);
    expect((await entry('2026-03-03'))?.absenceCode).toBe('M');
    await raw('2026-03-04', 'AT');
    // Any other reason on a suspended day is still refused: the contract is suspended.
    expect((await save('2026-03-05', 'MED')).status).toBe(422);
    expect((await save('2026-03-05', '7h')).status).toBe(422);
    // The grid offers the suspended days for these codes, and shows them.
    const { workshop, coordinator, key } = ctx;
    const grid = await coordinator.get(`/ateliers/${workshop.id}/pointage?semaine=2026-03-02`);
    expect(grid.doc.querySelector(`#${key('2026-03-03')}`)?.getAttribute('value')).toBe('M');
    expect(grid.doc.querySelector(`#td-${key('2026-03-05')}`)?.textContent).toContain('Suspendu');
    // Without JavaScript, the whole week posts its empty suspended cells too: nothing refused.
    const week = await coordinator.post(`/ateliers/${workshop.id}/pointage?semaine=2026-03-02`, {
      [key('2026-03-05')]: '',
      [`v${key('2026-03-05').slice(1)}`]: '0',
      [key('2026-03-07')]: '7h',
      [`v${key('2026-03-07').slice(1)}`]: '0',
    });
    expect(week.status).toBe(303);
    expect((await entry('2026-03-07'))?.minutes).toBe(420);
    // Clearing the sickness code of a suspended day is allowed.
    const m = await entry('2026-03-03');
    expect((await save('2026-03-03', '', String(m?.version))).status).toBe(200);
    expect(await entry('2026-03-03')).toBeNull();
  });
});

describe('absence codes in an import', () => {
  it('are read from the reasons like a typed cell: an offered code is stored, a closed or unknown one refused on its row', async () => {
    const { workshop, coordinator, entry } = await sheet();
    const prison = (
      await t
        .em()
        .fork()
        .execute<{ prison_number: string }[]>(
          'select d.prison_number from detainee d join assignment a on a.detainee_id = d.id join post p on p.id = a.post_id where p.workshop_id = ?',
          [workshop.id],
        )
    )[0]?.prison_number;
    const bad = ['Numéro d’écrou;Date;Durée', `${prison};12/01/2026;aj`, `${prison};13/01/2026;ZZ`].join('\r\n');
    const refused = await coordinator.post(`/ateliers/${workshop.id}/pointage/import/confirmation`, { contenu: bad });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Le code d’absence « AJ » n’est plus proposé depuis le');
    expect(refused.html).toContain('ou un code d’absence (AI, ALL, AT, CJ, CP, DI, ENT, ESC, EXA, F, FAM, M, MED, PAR, PERM, PREP)');
    const good = ['Numéro d’écrou;Date;Durée', `${prison};12/01/2026;perm`].join('\r\n');
    expect((await coordinator.post(`/ateliers/${workshop.id}/pointage/import/confirmation`, { contenu: good })).status).toBe(303);
    expect((await entry('2026-01-12'))?.absenceCode).toBe('PERM');
  });
});

describe('the absence reasons page', () => {
  it('lists every version; an administrator or the coordinator adds one, a bad value refused next to its field and audited', async () => {
    const { mine, coordinator } = await sheet();
    const page = await coordinator.get(`/etablissements/${mine.id}/motifs-absence`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#motifs')?.textContent).toContain('D412-32, 10° rendez-vous médicaux');
    const bad = await coordinator.post(`/etablissements/${mine.id}/motifs-absence`, { code: 'méd 1', label: 'x', effectiveFrom: '' });
    expect(bad.status).toBe(422);
    expect(bad.doc.querySelector('#motif-code-erreur')?.textContent).toBe('Le code s’écrit en 1 à 6 lettres capitales, sans accent (par exemple MED).');
    expect(bad.doc.querySelector('#motif-label-erreur')?.textContent).toBe('Indiquez le libellé du motif.');
    expect(bad.doc.querySelector('#motif-effectiveFrom-erreur')?.textContent).toBe('Indiquez la date d’effet.');
    const twice = await coordinator.post(`/etablissements/${mine.id}/motifs-absence`, {
      code: 'MED',
      label: 'Médecin',
      effectiveFrom: '2022-05-01',
      flags: 'offered',
    });
    expect(twice.status).toBe(422);
    expect(twice.doc.querySelector('#motif-effectiveFrom-erreur')?.textContent).toBe(
      'Ce code a déjà une version à cette date : choisissez une autre date d’effet.',
    );
    const nothing = await coordinator.post(`/etablissements/${mine.id}/motifs-absence`, { code: 'QQ', label: 'Rien', effectiveFrom: '2026-01-01' });
    expect(nothing.doc.querySelector('#motif-code-erreur')?.textContent).toBe('Le code QQ n’existe pas à cette date : il n’y a rien à fermer.');
    const paid = await coordinator.post(`/etablissements/${mine.id}/motifs-absence`, {
      code: 'med',
      label: 'Rendez-vous médical',
      effectiveFrom: '2027-01-01',
      flags: ['justified', 'paid', 'offered'],
    });
    expect(paid.status).toBe(303);
    const [row] = await t
      .em()
      .fork()
      .execute<{ paid: boolean; offered: boolean }[]>(
        `select paid, offered from absence_reason where establishment_id = ? and code = 'MED' and effective_from = '2027-01-01'`,
        [mine.id],
      );
    expect(row).toEqual({ paid: true, offered: true });
    const [audit] = await t
      .em()
      .fork()
      .execute<{ n: number }[]>(
        `select count(*)::int as n from audit_event where entity = 'absence_reason' and actor_id is not null and establishment_id = ?`,
        [mine.id],
      );
    expect(audit?.n).toBe(1);
    expect((await coordinator.get(`/etablissements/${mine.id}/motifs-absence`)).doc.querySelector('#motifs')?.textContent).toContain('01/01/2027');
  });

  it('is closed to a coordinator of another establishment and to partners', async () => {
    const { mine } = await sheet();
    const elsewhere = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [await createEstablishment(t.em())] }));
    expect((await elsewhere.get(`/etablissements/${mine.id}/motifs-absence`)).status).toBe(404);
    expect((await elsewhere.post(`/etablissements/${mine.id}/motifs-absence`, { code: 'QQ', label: 'Rien', effectiveFrom: '2026-01-01' })).status).toBe(403);
  });
});
