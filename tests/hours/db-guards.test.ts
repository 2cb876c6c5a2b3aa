import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlDatabase, type SqlDatabase, seedWorld, updateRow, type World } from '../support/sql.ts';

/**
 * The trigger time_entry_lock, straight at the database as a script would write: a validated
 * week is final, corrections are adjustments, an entry stays on its own sheet. Each attempt is
 * rolled back. The seeded entry is 7 h on Tuesday 2026-03-03, in the open week of 2026-03-02.
 */

let db: SqlDatabase;
let w: World;

beforeAll(async () => {
  db = await createSqlDatabase();
  w = await seedWorld(db);
});
afterAll(() => db.close());

type Statement = string | [string, unknown[]];

const validate = (monday = '2026-03-02'): Statement => [
  `insert into timesheet_week (establishment_id, workshop_id, week_start, status, validated_at) values ($1, $2, $3, 'validated', now())
   on conflict (workshop_id, week_start) where workshop_id is not null do update set status = 'validated', validated_at = now()`,
  [w.establishment, w.workshop, monday],
];
/** One hour of work under the seeded assignment; `workshop`: an SQL expression, the assignment's workshop by default. */
const workEntry = (day: string, over: { adjustment?: boolean; workshop?: string } = {}): Statement => [
  `insert into time_entry (establishment_id, detainee_id, assignment_id, workshop_id, day, kind, minutes, is_adjustment, adjustment_reason)
   values ($1, $2, $3, ${over.workshop ?? w.workshop}, $4, 'work', 60, $5, $6)`,
  [w.establishment, w.detainee, w.assignment, day, over.adjustment ?? false, over.adjustment ? 'Oubli de la feuille papier' : ''],
];
const VALIDATED = /Cette semaine est validée : elle ne se modifie plus/;

describe('a validated week', () => {
  it.each([
    ['a new entry', () => workEntry('2026-03-04')],
    ['a changed entry', () => updateRow('time_entry', w.timeEntry, { minutes: 480 })],
    ['a deleted entry', (): Statement => ['delete from time_entry where id = $1', [w.timeEntry]]],
    ['an entry moved out of it', () => updateRow('time_entry', w.timeEntry, { day: '2026-03-10' })],
  ])('refuses %s, which its open version accepts', async (_label, change) => {
    expect(await db.attempt(change())).toBeNull();
    expect((await db.attempt(validate(), change()))?.message).toMatch(VALIDATED);
  });

  it('refuses an entry moved into it from an open week', async () => {
    const move = updateRow('time_entry', w.timeEntry, { day: '2026-03-10' });
    expect((await db.attempt(validate('2026-03-09'), move))?.message).toMatch(VALIDATED);
  });

  it('takes corrections as adjustment rows, which an open week refuses', async () => {
    const adjustment = workEntry('2026-03-03', { adjustment: true });
    expect((await db.attempt(adjustment))?.message).toMatch(/Un ajustement ne porte que sur une semaine validée/);
    expect(await db.attempt(validate(), adjustment)).toBeNull();
  });

  it('also holds for training sheets', async () => {
    const entry: Statement = [
      `insert into time_entry (establishment_id, detainee_id, enrollment_id, session_id, day, kind, minutes) values ($1, $2, $3, $4, '2026-03-04', 'training', 60)`,
      [w.establishment, w.detainee, w.enrollment, w.session],
    ];
    const validateSession: Statement = [
      `insert into timesheet_week (establishment_id, session_id, week_start, status, validated_at) values ($1, $2, '2026-03-02', 'validated', now())`,
      [w.establishment, w.session],
    ];
    expect(await db.attempt(entry)).toBeNull();
    expect((await db.attempt(validateSession, entry))?.message).toMatch(VALIDATED);
  });
});

describe('an entry', () => {
  it('creates its week row, so that a validation finds and locks it', async () => {
    await db.client.query('begin');
    try {
      const [statement, params] = workEntry('2026-03-17') as [string, unknown[]];
      await db.client.query(statement, params);
      const { rows } = await db.client.query(`select status from timesheet_week where workshop_id = $1 and week_start = '2026-03-16'`, [w.workshop]);
      expect(rows).toEqual([{ status: 'open' }]);
    } finally {
      await db.client.query('rollback');
    }
  });

  it('stays on the sheet of its assignment’s workshop', async () => {
    const other: Statement = [
      `insert into workshop (establishment_id, partner_id, name, activity, iae_type) values ($1, $2, 'Menuiserie', 'Menuiserie', 'none')`,
      [w.establishment, w.partner],
    ];
    const elsewhere = `(select id from workshop where establishment_id = ${w.establishment} and name = 'Menuiserie')`;
    expect((await db.attempt(other, workEntry('2026-03-04', { workshop: elsewhere })))?.message).toMatch(
      /Ce pointage ne correspond pas à l’atelier de l’affectation/,
    );
    expect((await db.attempt(other, [`update time_entry set workshop_id = ${elsewhere} where id = $1`, [w.timeEntry]]))?.message).toMatch(
      /ne correspond pas à l’atelier/,
    );
  });

  it('stays on the sheet of its enrollment’s session', async () => {
    const other: Statement = [
      `insert into training_session (establishment_id, programme_id, starts_on, ends_on, places) values ($1, $2, '2026-01-05', '2026-12-31', 5)`,
      [w.establishment, w.programme],
    ];
    const entry = (session: string): Statement => [
      `insert into time_entry (establishment_id, detainee_id, enrollment_id, session_id, day, kind, minutes) values ($1, $2, $3, ${session}, '2026-03-04', 'training', 60)`,
      [w.establishment, w.detainee, w.enrollment],
    ];
    expect((await db.attempt(other, entry(`(select max(id) from training_session where establishment_id = ${w.establishment})`)))?.message).toMatch(
      /Ce pointage ne correspond pas à la session de l’inscription/,
    );
    expect(await db.attempt(entry(String(w.session)))).toBeNull();
  });
});
