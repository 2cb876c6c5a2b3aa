import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment, Enrollment } from '../../src/assignments/entities.ts';
import { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry, TimesheetWeek } from '../../src/hours/entities.ts';
import { mondayOf, plusDays, toDay, weekDays } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import {
  createDetainee,
  createEstablishment,
  createPartner,
  createPost,
  createProgramme,
  createSession,
  createUser,
  createWorkshop,
  TEST_PASSWORD,
} from '../support/factories.ts';
import { createSqlDatabase, type SqlDatabase, seedWorld, type World } from '../support/sql.ts';

/**
 * Working time that holds (code pénitentiaire R412-50 to R412-62), through the grid: the caps
 * of overtime (R412-54) and complementary hours (R412-56) on save, work and training added
 * up on a day, public holidays (R412-62) and Sundays (R412-61) that need a reason, the copy
 * that skips holidays, the limits checked again by PostgreSQL at commit and under concurrency.
 * Every figure is in minutes, computed by hand in the comments.
 */

let t: TestContext;
const HX = { 'HX-Request': 'true' };

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

/** An establishment with two workshops (one post each) and a training session, one person, a coordinator. */
async function world() {
  const mine = await createEstablishment(t.em());
  const partner = await createPartner(t.em());
  const reliure = await createWorkshop(t.em(), mine, { name: 'Reliure', partner });
  const menuiserie = await createWorkshop(t.em(), mine, { name: 'Menuiserie', partner });
  const postA = await createPost(t.em(), reliure);
  const postB = await createPost(t.em(), menuiserie);
  const session = await createSession(t.em(), mine, await createProgramme(t.em()), { startsOn: '2026-01-05', endsOn: '2026-12-31' });
  const person = await createDetainee(t.em(), mine, { arrivalDate: '2025-10-01' });
  const coordinator = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [mine] }));
  /** A contract of `hours` a week on a post, from 5 January 2026; answers the grid row's key maker. */
  const contract = async (post: { id: number }, hours: string, startsOn = '2026-01-05') => {
    const res = await coordinator.post(`/personnes/${person.id}/affectations`, {
      postId: String(post.id),
      contractReference: `CEP-${post.id}-${hours}`,
      startsOn,
      weeklyHours: hours,
    });
    expect(res.status).toBeLessThan(400);
    const a = await t.em().findOneOrFail(Assignment, { detainee: person.id, post: post.id });
    return (day: string) => `c-a${a.id}-${day}`;
  };
  const enrol = async () => {
    const res = await coordinator.post(`/personnes/${person.id}/inscriptions`, { sessionId: String(session.id), startsOn: '2026-01-05' });
    expect(res.status).toBeLessThan(400);
    const e = await t.em().findOneOrFail(Enrollment, { detainee: person.id });
    return (day: string) => `c-e${e.id}-${day}`;
  };
  /** The reason goes in the row's own field (« motif-a12 »): the person-week's reason. */
  const save = (key: string, value: string, overtimeReason = '') =>
    coordinator.post('/pointage/cellule', { cell: key, [key]: value, version: '0', [reasonField(key)]: overtimeReason }, HX);
  /** The whole week of workshop `w` posted at once: values Monday first, with the row's reason. */
  const saveWeek = (w: { id: number }, key: (day: string) => string, monday: string, values: string[], overtimeReason = '') => {
    const form: Record<string, string> = { [reasonField(key(monday))]: overtimeReason };
    weekDays(monday).forEach((day, i) => {
      if (values[i]) {
        form[key(day)] = values[i] as string;
        form[`v${key(day).slice(1)}`] = '0';
      }
    });
    return coordinator.post(`/ateliers/${w.id}/pointage?semaine=${monday}`, form);
  };
  const minutesOf = async (from: string, to: string) =>
    (await t.em().find(TimeEntry, { detainee: person.id, day: { $gte: from, $lte: to } })).reduce((n, e) => n + e.minutes, 0);
  return { mine, reliure, menuiserie, postA, postB, session, person, coordinator, contract, enrol, save, saveWeek, minutesOf };
}

/** A cell's row reason field: « c-a12-2026-03-02 » → « motif-a12 ». */
const reasonField = (cellKey: string) => `motif-${cellKey.split('-')[1]}`;

describe('overtime of a full-time contract (R412-54)', () => {
  it.each([
    // 4 × 480 + 300 = 2220 min = 37 h: 120 min of overtime.
    ['37 h', ['8', '8', '8', '8', '5'], 2220, '2h'],
    // 5 × 480 + 180 = 2580 min = 43 h: 480 min of overtime (all at +25 %).
    ['43 h', ['8', '8', '8', '8', '8', '3'], 2580, '8h'],
    // 4 × 600 + 360 = 2760 min = 46 h: 660 min of overtime (480 at +25 %, 180 at +50 %).
    ['46 h', ['10', '10', '10', '10', '6'], 2760, '11h'],
  ])('a %s week is refused without a reason, taken with one', async (_label, values, minutes, overtime) => {
    const w = await world();
    const key = await w.contract(w.postA, '35');
    const monday = '2026-03-02';
    const refused = await w.saveWeek(w.reliure, key, monday, values);
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(/motif des heures supplémentaires \(code pénitentiaire, art\. R412-54\)/);
    expect(await w.minutesOf(monday, plusDays(monday, 6))).toBe(0);
    expect((await w.saveWeek(w.reliure, key, monday, values, 'Commande urgente de la médiathèque')).status).toBe(303);
    expect(await w.minutesOf(monday, plusDays(monday, 6))).toBe(minutes);
    const page = await w.coordinator.get(`/ateliers/${w.reliure.id}/pointage?semaine=${monday}`);
    expect(page.doc.querySelector('#pointage tbody .atelier-time-total')?.textContent).toContain(`dont heures supplémentaires : ${overtime}`);
  });

  it('stops at 220 overtime hours in the calendar year', async () => {
    const w = await world();
    const key = await w.contract(w.postA, '35');
    const a = await t.em().findOneOrFail(Assignment, { detainee: w.person.id });
    // 16 weeks from 5 January 2026 of 5 × 540 + 180 = 2880 min (48 h): 780 min of overtime each, 16 × 780 = 12 480 min = 208 h.
    const em = t.em();
    for (let week = 0; week < 16; week++) {
      const monday = plusDays('2026-01-05', 7 * week);
      for (const [i, minutes] of [540, 540, 540, 540, 540, 180].entries()) {
        em.create(TimeEntry, {
          establishment: w.mine.id,
          detainee: w.person.id,
          assignment: a.id,
          workshop: w.reliure.id,
          day: plusDays(monday, i),
          kind: 'work',
          minutes,
          overtimeReason: 'Commande',
        });
      }
    }
    await em.flush();
    // Week of 4 May... avoid 1 May: the week of 11 May 2026 (Ascension on Thursday 14): Mon–Wed, Fri, Sat.
    // 4 × 540 + 600 = 2760 min = 46 h: 660 min of overtime, 12 480 + 660 = 13 140 ≤ 13 200 (220 h): taken.
    const monday = '2026-05-11';
    expect((await w.saveWeek(w.reliure, key, monday, ['9', '9', '9', '', '9', '10'], 'Inventaire')).status).toBe(303);
    // One more hour on Sunday (with its reason): 720 min of overtime, 13 200 min: exactly 220 h, taken.
    expect((await w.save(key('2026-05-17'), '1', 'Fuite d’eau')).status).toBe(200);
    // One minute more on Sunday (its entry is at version 1): 13 201 min, refused, naming the article.
    const over = await w.coordinator.post(
      '/pointage/cellule',
      { cell: key('2026-05-17'), [key('2026-05-17')]: '1h01', version: '1', [reasonField(key('2026-05-17'))]: 'Fuite d’eau' },
      HX,
    );
    expect(over.status).toBe(422);
    expect(over.html).toMatch(/220h par an \(code pénitentiaire, art\. R412-54\)/);
    // The person's page counts the year's overtime (the test clock's year is 2026): 13 200 min.
    const person = await w.coordinator.get(`/personnes/${w.person.id}`);
    expect(person.doc.querySelector('#heures-supplementaires-annee')?.textContent).toContain('Heures supplémentaires en 2026 : 220 h sur 220 h');
  });
});

describe('complementary hours of a part-timer (R412-56)', () => {
  it.each([
    // 10 h contract (600 min): at most half, 300 min, beyond it: 900 min taken, 901 refused.
    ['10', ['5', '5', '5'], 200, '5h'],
    ['10', ['5', '5', '5h01'], 422, /au plus la moitié du contrat, soit 5h \(code pénitentiaire, art\. R412-56\)/],
    // 24 h = 1440 min: 840 min beyond the contract, far over half.
    ['10', ['8', '8', '8'], 422, /art\. R412-56/],
    // 30 h contract (1800 min): 34 h 59 = 2099 min taken (299 complementary ≤ 900), 35 h = 2100 refused (never up to 35 h).
    ['30', ['7', '7', '7', '7', '6h59'], 200, '4h59'],
    ['30', ['7', '7', '7', '7', '7'], 422, /ne peuvent pas porter la semaine à 35h \(code pénitentiaire, art\. R412-56\)/],
  ])('a %s h contract, week %j: %s', async (hours, values, status, expected) => {
    const w = await world();
    const key = await w.contract(w.postA, hours);
    const monday = '2026-03-02';
    const res = await w.saveWeek(w.reliure, key, monday, values, 'Commande');
    if (status === 422) {
      expect(res.status).toBe(422);
      expect(res.html).toMatch(expected as RegExp);
      expect(await w.minutesOf(monday, plusDays(monday, 6))).toBe(0);
    } else {
      expect(res.status).toBe(303);
      const page = await w.coordinator.get(`/ateliers/${w.reliure.id}/pointage?semaine=${monday}`);
      expect(page.doc.querySelector('#pointage tbody .atelier-time-total')?.textContent).toContain(`dont heures complémentaires : ${expected}`);
    }
  });

  it('asks the reason when two contracts follow each other in the week (item 9)', async () => {
    const w = await world();
    // 20 h until Wednesday 4 March, then 30 h from Thursday 5 March: the week's contract is 30 h (1800 min), not 50 h.
    const first = await w.contract(w.postA, '20');
    await t.em().nativeUpdate(Assignment, { detainee: w.person.id }, { endedOn: '2026-03-04', endReason: 'transfer' });
    const second = await w.contract(w.postB, '30', '2026-03-05');
    for (const day of ['2026-03-02', '2026-03-03', '2026-03-04']) expect((await w.save(first(day), '8')).status).toBe(200);
    // 3 × 480 + 420 = 1860 min: over 1800, a reason is asked.
    const refused = await w.save(second('2026-03-05'), '7');
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(/indiquez le motif des heures complémentaires \(code pénitentiaire, art\. R412-56\)/);
    expect((await w.save(second('2026-03-05'), '7', 'Commande')).status).toBe(200);
  });
});

describe('work and training on one day (item 6)', () => {
  it.each([
    ['training first', true],
    ['work first', false],
  ])('8 h of work and 3 h of training are refused (10 h a day), %s', async (_label, trainingFirst) => {
    const w = await world();
    const work = await w.contract(w.postA, '35');
    const training = await w.enrol();
    const day = '2026-03-03';
    const [first, second] = trainingFirst ? [training(day), work(day)] : [work(day), training(day)];
    expect((await w.save(first, trainingFirst ? '3' : '8')).status).toBe(200);
    // 480 + 180 = 660 min > 600.
    const refused = await w.save(second, trainingFirst ? '8' : '3');
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(/11h dépasse la limite de 10h par jour/);
    expect(await w.minutesOf(day, day)).toBe(trainingFirst ? 180 : 480);
    // 7 h + 3 h = 600 min: taken.
    expect((await w.save(second, trainingFirst ? '7' : '2')).status).toBe(200);
  });
});

describe('public holidays (R412-62) and Sunday (R412-61)', () => {
  it.each([
    ['2026-07-14', '2026-07-13', 'Fête Nationale'],
    ['2026-04-06', '2026-04-06', 'Lundi de Pâques'],
  ])('%s is marked in the grid and needs a reason', async (day, monday, name) => {
    const w = await world();
    const key = await w.contract(w.postA, '35');
    const page = await w.coordinator.get(`/ateliers/${w.reliure.id}/pointage?semaine=${monday}`);
    const header = [...page.doc.querySelectorAll('#pointage thead th')].find((th) => th.textContent?.includes(name));
    expect(header?.textContent).toContain(`férié · ${name}`);
    const refused = await w.save(key(day), '7');
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(new RegExp(`férié \\(${name}\\).*art\\. R412-62`));
    expect((await w.save(key(day), '7', 'Inventaire annuel')).status).toBe(200);
    expect(await t.em().findOneOrFail(TimeEntry, { detainee: w.person.id, day })).toMatchObject({ minutes: 420, dayReason: 'Inventaire annuel' });
  });

  it('marks Good Friday in Alsace-Moselle only', async () => {
    const w = await world();
    await w.contract(w.postA, '35');
    const url = `/ateliers/${w.reliure.id}/pointage?semaine=2026-03-30`;
    expect((await w.coordinator.get(url)).html).not.toContain('Vendredi Saint');
    // An administrator ticks « Établissement d’Alsace-Moselle » on the establishment's form.
    const admin = await signedIn(await createUser(t.em(), 'admin'));
    const e = await t.em().findOneOrFail(Establishment, w.mine.id);
    const edit = await admin.post(`/etablissements/${e.id}`, {
      name: e.name,
      kind: e.kind,
      city: e.city,
      capacity: String(e.capacity),
      version: String(e.version),
      alsaceMoselle: 'on',
    });
    expect(edit.status).toBe(303);
    expect((await t.em().findOneOrFail(Establishment, w.mine.id)).alsaceMoselle).toBe(true);
    expect((await w.coordinator.get(url)).html).toContain('férié · Vendredi Saint');
  });

  it('copies last week without filling 14 July', async () => {
    const w = await world();
    const key = await w.contract(w.postA, '35');
    expect((await w.saveWeek(w.reliure, key, '2026-07-06', ['7', '7', '7', '7', '7'])).status).toBe(303);
    expect((await w.coordinator.post(`/ateliers/${w.reliure.id}/pointage/copie?semaine=2026-07-13`)).status).toBe(303);
    const copied = await t.em().find(TimeEntry, { detainee: w.person.id, day: { $gte: '2026-07-13' } }, { orderBy: { day: 'asc' } });
    // Monday, Wednesday, Thursday, Friday: 4 × 420 min; Tuesday 14 July stays empty.
    expect(copied.map((e) => [e.day, e.minutes])).toEqual([
      ['2026-07-13', 420],
      ['2026-07-15', 420],
      ['2026-07-16', 420],
      ['2026-07-17', 420],
    ]);
  });

  it('takes Sunday work only for urgent works, and shows the compensatory rest due', async () => {
    const w = await world();
    const key = await w.contract(w.postA, '35');
    const sunday = '2026-03-08';
    const refused = await w.save(key(sunday), '3');
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(/repos hebdomadaire.*art\. R412-61/);
    const taken = await w.save(key(sunday), '3', 'Fuite d’eau dans l’atelier');
    expect(taken.status).toBe(200);
    expect(taken.doc.querySelector('.atelier-time-total')?.textContent).toContain('repos compensateur dû : 3h');
  });
});

describe('the establishment’s working time, with effective dates', () => {
  const version = (over: Record<string, string> = {}) => ({
    effectiveFrom: '2026-03-01',
    maxDailyMinutes: '8',
    maxWeeklyMinutes: '40',
    maxWorkedDays: '5',
    fullTimeMinutes: '35',
    overtimeFirstTierMinutes: '8',
    overtimeFirstTierPercent: '25',
    overtimeBeyondPercent: '50',
    yearlyOvertimeCapMinutes: '220',
    complementaryFirstTierPercent: '10',
    complementarySecondTierPercent: '25',
    ...over,
  });

  it('is set by a coordinator from a date, never looser than the code, and applied on save', async () => {
    const w = await world();
    const key = await w.contract(w.postA, '35');
    const url = `/etablissements/${w.mine.id}/temps-de-travail`;
    const page = await w.coordinator.get(url);
    expect(page.html).toContain('les valeurs du code pénitentiaire');
    expect(page.doc.querySelector('.atelier-subnav a[href$="/temps-de-travail"]')).not.toBeNull();
    const looser = await w.coordinator.post(url, version({ maxDailyMinutes: '11', maxWorkedDays: '7' }));
    expect(looser.status).toBe(422);
    expect(looser.html).toContain('Au plus 10 h (code pénitentiaire).');
    expect(looser.html).toContain('Au plus 6 jours : le repos hebdomadaire est obligatoire');
    expect((await w.coordinator.post(url, version())).status).toBe(303);
    expect((await w.coordinator.post(url, version())).html).toContain('Une version du temps de travail commence déjà à cette date.');
    // 28 February keeps the code's 10 h; from 1 March, 8 h (480 min) a day.
    expect((await w.save(key('2026-02-27'), '9')).status).toBe(200);
    const refused = await w.save(key('2026-03-03'), '9');
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('9h dépasse la limite de 8h par jour');
    const audit = await t.em().getConnection().execute(`select count(*)::int as n from audit_event where entity = 'working_time_setting'`);
    expect(audit[0]?.n).toBeGreaterThan(0);
  });

  it('is refused to a partner', async () => {
    const w = await world();
    const partnerUser = await signedIn(await createUser(t.em(), 'partner', { partner: await createPartner(t.em()) }));
    expect((await partnerUser.post(`/etablissements/${w.mine.id}/temps-de-travail`, version())).status).toBeGreaterThanOrEqual(403);
  });
});

describe('validating a week', () => {
  it('refuses a week that has not started', async () => {
    const w = await world();
    await w.contract(w.postA, '35');
    // The Monday after this one, by the app's clock (Paris).
    const next = plusDays(mondayOf(toDay(new Date())), 7);
    const res = await w.coordinator.post(`/ateliers/${w.reliure.id}/pointage/validation?semaine=${next}`);
    expect(res.status).toBe(303);
    expect((await w.coordinator.get(res.location ?? '')).html).toContain('n’a pas commencé : elle se valide une fois travaillée');
    expect(await t.em().count(TimesheetWeek, { workshop: w.reliure.id, status: 'validated' })).toBe(0);
  });
});

describe('limits under concurrency (item 7)', () => {
  it.each([
    ['two workshops', false],
    ['a workshop and a training session', true],
  ])('two sheets of one person saved at once, 20 times: never over 10 h a day (%s)', async (_label, training) => {
    const w = await world();
    const a = await w.contract(w.postA, '20');
    const b = training ? await w.enrol() : await w.contract(w.postB, '15');
    for (let round = 0; round < 20; round++) {
      // Tuesday of each week from 6 January 2026: 360 + 300 = 660 min together, over 600.
      const day = plusDays('2026-01-06', 7 * round);
      const replies = await Promise.all([w.save(a(day), '6'), w.save(b(day), '5')]);
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses[0]).toBe(200);
      expect([409, 422]).toContain(statuses[1]);
      const loser = replies.find((r) => r.status !== 200);
      expect(loser?.html).toMatch(/10h|600 min/);
      expect(await w.minutesOf(day, day)).toBeLessThanOrEqual(600);
    }
  });
});

describe('the limits in PostgreSQL, at commit', () => {
  let db: SqlDatabase;
  let sw: World;
  beforeAll(async () => {
    db = await createSqlDatabase();
    sw = await seedWorld(db);
  });
  afterAll(() => db.close());

  const entry = (day: string, minutes: number, kind: 'work' | 'training' = 'work'): [string, unknown[]] =>
    kind === 'work'
      ? [
          `insert into time_entry (establishment_id, detainee_id, assignment_id, workshop_id, day, kind, minutes) values ($1, $2, $3, $4, $5, 'work', $6)`,
          [sw.establishment, sw.detainee, sw.assignment, sw.workshop, day, minutes],
        ]
      : [
          `insert into time_entry (establishment_id, detainee_id, enrollment_id, session_id, day, kind, minutes) values ($1, $2, $3, $4, $5, 'training', $6)`,
          [sw.establishment, sw.detainee, sw.enrollment, sw.session, day, minutes],
        ];

  it('refuses a raw insert that takes a day over 10 h, work and training together', async () => {
    // The seeded 7 h (420 min) on Tuesday 3 March + 4 h of training = 660 min > 600.
    expect((await db.attempt(entry('2026-03-03', 240, 'training')))?.message).toMatch(/660 min.*au plus 600 min par jour.*R412-51/);
    // + 3 h = 600 min: taken.
    expect(await db.attempt(entry('2026-03-03', 180, 'training'))).toBeNull();
  });

  it('refuses a seventh worked day and a week over 48 h', async () => {
    const sixMore = ['2026-03-02', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07'].map((d) => entry(d, 60));
    expect(await db.attempt(...sixMore)).toBeNull();
    expect((await db.attempt(...sixMore, entry('2026-03-08', 60)))?.message).toMatch(/7 jours travaillés/);
    // 420 + 5 × 600 = 3420 min > 2880.
    const long = ['2026-03-02', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07'].map((d) => entry(d, 600));
    expect((await db.attempt(...long))?.message).toMatch(/3420 min : au plus 2880 min par semaine/);
  });

  it('reads the establishment’s settings in force', async () => {
    const setting: [string, unknown[]] = [
      `insert into working_time_setting (establishment_id, effective_from, max_daily_minutes, max_weekly_minutes, max_worked_days, full_time_minutes,
         overtime_first_tier_minutes, overtime_first_tier_percent, overtime_beyond_percent, yearly_overtime_cap_minutes,
         complementary_first_tier_percent, complementary_second_tier_percent)
       values ($1, '2026-03-01', 480, 2400, 5, 2100, 480, 25, 50, 13200, 10, 25)`,
      [sw.establishment],
    ];
    // 420 + 120 = 540 min: within 10 h, over the establishment's 8 h.
    expect(await db.attempt(entry('2026-03-03', 120, 'training'))).toBeNull();
    expect((await db.attempt(setting, entry('2026-03-03', 120, 'training')))?.message).toMatch(/540 min.*au plus 480 min/);
  });
});
