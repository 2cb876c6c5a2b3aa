import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_TIME_WEEKLY_MINUTES, peakWeeklyMinutes, weeklyLimitProblem } from '../../src/assignments/rules.ts';
import { createSqlDatabase, type SqlDatabase, seedWorld, updateRow, type World } from '../support/sql.ts';

/**
 * The triggers and exclusion constraints that hold assignments, suspensions, enrollments and
 * departures, tested straight at the database as a script would write (no service in
 * between). Each attempt is rolled back: the seeded world is the same for every test.
 * The seeded person arrived on 2026-01-05 and holds `post` (20 h) from 2026-03-02.
 */

let db: SqlDatabase;
let w: World;

beforeAll(async () => {
  db = await createSqlDatabase();
  w = await seedWorld(db);
});
afterAll(() => db.close());

type Statement = string | [string, unknown[]];

const personRow = (prisonNumber: string, over: { arrival?: string; status?: string; leftOn?: string } = {}): Statement => [
  `insert into detainee (establishment_id, prison_number, last_name, first_name, birth_date, arrival_date, status, left_on)
   values ($1, $2, 'Durand', 'Luc', '1985-06-01', $3, $4, $5)`,
  [w.establishment, prisonNumber, over.arrival ?? '2026-01-05', over.status ?? 'present', over.leftOn ?? null],
];
const person = (prisonNumber: string) => `(select id from detainee where establishment_id = ${w.establishment} and prison_number = '${prisonNumber}')`;
const postRow = (code: string, over: { status?: string; archived?: boolean } = {}): Statement => [
  `insert into post (establishment_id, workshop_id, title, code, weekly_minutes, pay_category, status, archived_at)
   values ($1, $2, 'Relieur', $3, 2100, 'production', $4, $5)`,
  [w.establishment, w.workshop, code, over.status ?? 'open', over.archived ? '2026-02-01T00:00:00Z' : null],
];
const post = (code: string) => `(select id from post where establishment_id = ${w.establishment} and code = '${code}')`;

interface Contract {
  startsOn: string;
  endedOn: string | null;
  weeklyMinutes: number;
}
/** An assignment of `who` (a subquery or an id) on `where` (a subquery or an id). */
const assignmentRow = (who: string | number, where: string | number, c: Contract): Statement => [
  `insert into assignment (establishment_id, detainee_id, post_id, contract_reference, starts_on, trial_ends_on, ended_on, end_reason, weekly_minutes, pay_category)
   values ($1, ${who}, ${where}, 'CEP-T', $2, $2, $3, $4, $5, 'production')`,
  [w.establishment, c.startsOn, c.endedOn, c.endedOn ? 'end_of_contract' : null, c.weeklyMinutes],
];
const open = (startsOn: string, weeklyMinutes: number): Contract => ({ startsOn, endedOn: null, weeklyMinutes });
const until = (startsOn: string, endedOn: string, weeklyMinutes: number): Contract => ({ startsOn, endedOn, weeklyMinutes });

describe('an assignment (trigger assignment_guard)', () => {
  it('starts on or after the person’s arrival', async () => {
    const early = await db.attempt(postRow('T-1'), assignmentRow(w.detainee, post('T-1'), until('2026-01-04', '2026-02-28', 600)));
    expect(early?.message).toMatch(/ne peut pas commencer avant l’arrivée de la personne \(le 05\/01\/2026\)/);
    expect(await db.attempt(postRow('T-1'), assignmentRow(w.detainee, post('T-1'), until('2026-01-05', '2026-02-28', 600)))).toBeNull();
    expect((await db.attempt(updateRow('assignment', w.assignment, { starts_on: '2026-01-04', trial_ends_on: '2026-01-04' })))?.message).toMatch(
      /avant l’arrivée/,
    );
  });

  it.each([
    ['refused starting the day after', until('2026-07-01', '2026-07-31', 600), /après la sortie de la personne \(le 30\/06\/2026\)/],
    ['refused with no end', open('2026-03-02', 600), /après la sortie/],
    ['refused ending the day after', until('2026-03-02', '2026-07-01', 600), /après la sortie/],
    ['accepted ending that day', until('2026-03-02', '2026-06-30', 600), null],
  ])('of a person who left on 2026-06-30: %s', async (_label, contract, refusal) => {
    const error = await db.attempt(
      personRow('L1', { status: 'released', leftOn: '2026-06-30' }),
      postRow('T-1'),
      assignmentRow(person('L1'), post('T-1'), contract),
    );
    expect(error?.message ?? null).toEqual(refusal === null ? null : expect.stringMatching(refusal));
  });

  it('never goes to a frozen or archived post, but one already there can still change', async () => {
    for (const over of [{ status: 'frozen' }, { archived: true }]) {
      const error = await db.attempt(postRow('T-1', over), assignmentRow(w.detainee, post('T-1'), until('2026-01-05', '2026-02-28', 600)));
      expect(error?.message).toMatch(/Ce poste est gelé ou archivé/);
    }
    expect(
      await db.attempt(
        updateRow('post', w.post, { status: 'frozen' }),
        updateRow('assignment', w.assignment, { ended_on: '2026-06-30', end_reason: 'workshop_closed' }),
      ),
    ).toBeNull();
    const moved = await db.attempt(postRow('T-1', { status: 'frozen' }), [`update assignment set post_id = ${post('T-1')} where id = $1`, [w.assignment]]);
    expect(moved?.message).toMatch(/gelé ou archivé/);
  });

  it('is refused on a post already held on overlapping dates (exclusion assignment_post_overlap), accepted the day before', async () => {
    const heldUntil = (endedOn: string) => [personRow('A2'), assignmentRow(person('A2'), w.post, until('2026-01-05', endedOn, 600))];
    expect((await db.attempt(...heldUntil('2026-03-02')))?.constraint).toBe('assignment_post_overlap');
    expect(await db.attempt(...heldUntil('2026-03-01'))).toBeNull();
  });
});

/**
 * The 35 h limit is written twice: in TypeScript (assignments/rules.ts, which explains it) and
 * in the trigger (which enforces it). The same cases go to both, and they must agree.
 */
describe('35 hours a week across a person’s posts (R412-50)', () => {
  const CASES: Array<[string, Contract[], Contract, boolean]> = [
    ['one full-time contract', [], open('2026-03-01', 2100), true],
    ['25 h + 10 h at once: exactly 35 h', [open('2026-03-01', 1500)], open('2026-03-01', 600), true],
    ['25 h + 10 h 01 at once: 35 h 01', [open('2026-03-01', 1500)], open('2026-03-01', 601), false],
    ['one after the other, no day in common', [until('2026-03-01', '2026-03-31', 1500)], open('2026-04-01', 601), true],
    ['one day in common', [until('2026-03-01', '2026-03-31', 1500)], open('2026-03-31', 601), false],
    ['the peak comes with a contract starting later: 35 h', [until('2026-03-01', '2026-03-31', 1200), open('2026-04-01', 1500)], open('2026-02-01', 600), true],
    [
      'the peak comes with a contract starting later: 35 h 01',
      [until('2026-03-01', '2026-03-31', 1200), open('2026-04-01', 1500)],
      open('2026-02-01', 601),
      false,
    ],
    ['two others that add up from the 15th: 35 h', [open('2026-03-01', 900), open('2026-03-15', 600)], open('2026-03-01', 600), true],
    ['two others that add up from the 15th: 35 h 01', [open('2026-03-01', 900), open('2026-03-15', 600)], open('2026-03-01', 601), false],
    ['ending before a later contract starts', [open('2026-04-01', 1500)], until('2026-02-01', '2026-03-31', 601), true],
    ['two others in turn: 35 h', [until('2026-03-01', '2026-03-10', 1000), until('2026-03-11', '2026-03-20', 1000)], open('2026-03-01', 1100), true],
    ['two others in turn: 35 h 01', [until('2026-03-01', '2026-03-10', 1000), until('2026-03-11', '2026-03-20', 1000)], open('2026-03-01', 1101), false],
  ];

  /** The person and one post per contract exist only inside the attempt. */
  const inDatabase = async (others: Contract[], added: Contract) =>
    db.attempt(
      personRow('H1', { arrival: '2025-01-06' }),
      ...[...others, added].map((_, i) => postRow(`H-${i}`)),
      ...others.map((c, i) => assignmentRow(person('H1'), post(`H-${i}`), c)),
      assignmentRow(person('H1'), post(`H-${others.length}`), added),
    );
  const inTypeScript = (others: Contract[], added: Contract) =>
    weeklyLimitProblem(peakWeeklyMinutes(others, added) - added.weeklyMinutes, added.weeklyMinutes) === null;

  it('is 2,100 minutes in both places', () => {
    expect(FULL_TIME_WEEKLY_MINUTES).toBe(2100);
  });

  it.each(CASES)('%s: the trigger and the TypeScript rule agree', async (_label, others, added, allowed) => {
    const error = await inDatabase(others, added);
    expect(error?.message ?? null).toEqual(allowed ? null : expect.stringMatching(/dépasserait 35 heures par semaine/));
    expect(inTypeScript(others, added)).toBe(allowed);
  });

  it('counts the assignment being changed once, not twice', async () => {
    expect(await db.attempt(updateRow('assignment', w.assignment, { weekly_minutes: 2100 }))).toBeNull();
    const second = [postRow('H-9'), assignmentRow(w.detainee, post('H-9'), open('2026-04-01', 900))];
    expect(await db.attempt(...second)).toBeNull();
    expect((await db.attempt(...second, updateRow('assignment', w.assignment, { weekly_minutes: 1201 })))?.message).toMatch(/dépasserait 35 heures/);
  });
});

describe('a suspension', () => {
  it('never overlaps another of the same assignment (exclusion suspension_overlap), but may follow it the next day', async () => {
    const suspension = (startsOn: string): Statement => [
      `insert into assignment_suspension (establishment_id, assignment_id, starts_on, ends_on, reason) values ($1, $2, $3, '2026-05-20', 'court')`,
      [w.establishment, w.assignment, startsOn],
    ];
    expect((await db.attempt(suspension('2026-05-08')))?.constraint).toBe('suspension_overlap');
    expect(await db.attempt(suspension('2026-05-09'))).toBeNull();
  });
});

describe('an enrollment (trigger enrollment_guard)', () => {
  const enrollmentRow = (who: string | number, startsOn = '2026-02-02'): Statement => [
    `insert into enrollment (establishment_id, detainee_id, session_id, starts_on) values ($1, ${who}, $2, $3)`,
    [w.establishment, w.session, startsOn],
  ];

  it('is refused once the session’s places are taken (2 here), and a dropped one frees its place', async () => {
    expect(await db.attempt(personRow('A2'), enrollmentRow(person('A2')))).toBeNull();
    const full = await db.attempt(personRow('A2'), personRow('A3'), enrollmentRow(person('A2')), enrollmentRow(person('A3')));
    expect(full?.message).toMatch(/La session est complète \(2 places\)/);
    const freed = [updateRow('enrollment', w.enrollment, { status: 'dropped', drop_reason: 'Transfert', ended_on: '2026-02-10' })];
    expect(await db.attempt(...freed, personRow('A2'), personRow('A3'), enrollmentRow(person('A2')), enrollmentRow(person('A3')))).toBeNull();
    const back = await db.attempt(
      ...freed,
      personRow('A2'),
      personRow('A3'),
      enrollmentRow(person('A2')),
      enrollmentRow(person('A3')),
      updateRow('enrollment', w.enrollment, { status: 'enrolled', drop_reason: '', ended_on: null }),
    );
    expect(back?.message).toMatch(/complète/);
  });

  it('is refused in an archived session', async () => {
    const archived = updateRow('training_session', w.session, { archived_at: '2026-02-01T00:00:00Z' });
    expect((await db.attempt(archived, personRow('A2'), enrollmentRow(person('A2'))))?.message).toMatch(/Cette session est archivée/);
  });

  it.each([
    ['starting the day before arrival is refused', {}, '2026-01-04', false],
    ['starting the day of arrival is accepted', {}, '2026-01-05', true],
    ['starting the day after leaving is refused', { status: 'released', leftOn: '2026-06-30' }, '2026-07-01', false],
    ['starting the day of leaving is accepted', { status: 'released', leftOn: '2026-06-30' }, '2026-06-30', true],
  ])('%s', async (_label, presence, startsOn, allowed) => {
    const error = await db.attempt(personRow('A2', presence), enrollmentRow(person('A2'), startsOn));
    expect(error?.message ?? null).toEqual(allowed ? null : expect.stringMatching(/doit commencer pendant la présence de la personne/));
  });
});

describe('leaving (constraint trigger detainee_leaving_guard, checked at commit)', () => {
  const leave = () => updateRow('detainee', w.detainee, { status: 'released', left_on: '2026-06-30' });
  const endAssignment = (on: string) => updateRow('assignment', w.assignment, { ended_on: on, end_reason: 'release' });
  const drop = () => updateRow('enrollment', w.enrollment, { status: 'dropped', drop_reason: 'Libération', ended_on: '2026-06-30' });

  it.each([
    ['is refused while the assignment runs on', () => [leave(), drop()], false],
    ['is refused while the assignment ends the day after', () => [endAssignment('2026-07-01'), drop(), leave()], false],
    ['is refused while still enrolled in a training', () => [leave(), endAssignment('2026-06-30')], false],
    ['is accepted once everything ends that day', () => [endAssignment('2026-06-30'), drop(), leave()], true],
    ['is accepted when what it ends is written after the departure, in the same transaction', () => [leave(), endAssignment('2026-06-30'), drop()], true],
  ])('%s', async (_label, statements, allowed) => {
    const error = await db.attempt(...statements());
    expect(error?.message ?? null).toEqual(allowed ? null : expect.stringMatching(/détient encore une affectation ou une formation/));
  });
});
