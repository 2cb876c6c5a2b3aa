import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { ensureAppLogin } from '../../src/platform/database-server.ts';
import { createSqlDatabase, type SqlDatabase, seedWorld, type World } from '../support/sql.ts';

/**
 * Issue 17: the app connects as a member of `atelier_app`, not as the tables' owner. As that
 * role, nothing changes data without an audit row, and nothing touches the audit trail.
 */
describe('the app’s database role', () => {
  let db: SqlDatabase;
  let world: World;
  let app: pg.Client;
  const login = `atelier_web_test_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createSqlDatabase();
    world = await seedWorld(db);
    const url = new URL(db.url);
    url.username = login;
    url.password = randomBytes(12).toString('hex');
    await ensureAppLogin(db.url, url.toString(), { setPassword: false });
    app = new pg.Client({ connectionString: url.toString() });
    await app.connect();
  });

  afterAll(async () => {
    await app?.end();
    await db?.client.query(`drop role if exists ${login}`);
    await db?.close();
  });

  /** Runs `sql` as the app in a rolled-back transaction; the error PostgreSQL raised, or null. */
  async function asApp(...statements: string[]): Promise<pg.DatabaseError | null> {
    await app.query('begin');
    try {
      for (const s of statements) await app.query(s);
      return null;
    } catch (e) {
      if (e instanceof pg.DatabaseError) return e;
      throw e;
    } finally {
      await app.query('rollback');
    }
  }

  it('is neither a superuser nor the owner of any table', async () => {
    const { rows } = await app.query<{ rolsuper: boolean; owned: string }>(
      `select rolsuper, (select count(*) from pg_tables where schemaname = 'public' and tableowner = current_user) as owned
         from pg_roles where rolname = current_user`,
    );
    expect(rows[0]).toEqual({ rolsuper: false, owned: '0' });
  });

  it('cannot switch the triggers off for its session', async () => {
    const error = await asApp(`set local session_replication_role = replica`);
    expect(error?.code).toBe('42501');
  });

  it.each([
    ['disable the append-only trigger', 'alter table audit_event disable trigger audit_event_no_update_delete'],
    ['disable an audit trigger', 'alter table detainee disable trigger detainee_audit'],
    ['update the audit trail', `update audit_event set action = 'update'`],
    ['delete from the audit trail', 'delete from audit_event'],
    ['truncate the audit trail', 'truncate audit_event'],
    ['write an audit row itself', `insert into audit_event (action, entity, entity_id) values ('create', 'detainee', '1')`],
    ['truncate a table', 'truncate detainee cascade'],
    ['create a table', 'create table x ()'],
    ['drop a table', 'drop table detainee cascade'],
  ])('cannot %s', async (_, sql) => {
    const error = await asApp(sql);
    expect(error, sql).not.toBeNull();
    expect(error?.code, `${sql}: ${error?.message}`).toBe('42501');
  });

  it('changes a person only with its audit row, written by the trigger', async () => {
    const before = await db.client.query(`select count(*)::int as n from audit_event where entity = 'detainee' and entity_id = $1`, [String(world.detainee)]);
    await app.query('begin');
    await app.query(`select set_config('atelier.request_id', 'req-app-role', true)`);
    await app.query(`update detainee set first_name = 'Jeanne' where id = $1`, [world.detainee]);
    await app.query('commit');
    const { rows } = await db.client.query(
      `select action, before ->> 'first_name' as was, after ->> 'first_name' as now, request_id from audit_event
        where entity = 'detainee' and entity_id = $1 order by id`,
      [String(world.detainee)],
    );
    expect(rows.length).toBe((before.rows[0] as { n: number }).n + 1);
    expect(rows.at(-1)).toEqual({ action: 'update', was: 'Jean', now: 'Jeanne', request_id: 'req-app-role' });
  });

  it('is never given to a superuser, and is only set up with DATABASE_URL or by the embedded database', async () => {
    await expect(ensureAppLogin(db.url, db.url, { setPassword: false })).rejects.toThrow(/superutilisateur/);
    expect(() => parseConfig({ DATABASE_APP_URL: 'postgresql://atelier_web:x@db/atelier' })).toThrow(/DATABASE_APP_URL: demande DATABASE_URL/);
    expect(parseConfig({ DATABASE_URL: 'postgresql://a:b@db/atelier', DATABASE_APP_URL: 'postgresql://c:d@db/atelier' }).DATABASE_APP_URL).toBe(
      'postgresql://c:d@db/atelier',
    );
  });

  it('reads the audit trail', async () => {
    const { rows } = await app.query(`select count(*)::int as n from audit_event`);
    expect((rows[0] as { n: number }).n).toBeGreaterThan(0);
  });
});
