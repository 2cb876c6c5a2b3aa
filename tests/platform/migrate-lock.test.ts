import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, openDatabase } from '../../src/platform/db.ts';
import { adminClient } from '../support/pg.ts';

/**
 * Issue 17, item 3: two instances starting at once on an empty database. Without a lock both
 * create the migrations table and run the first migration together, and one dies on a raw
 * `duplicate key … pg_type_typname_nsp_index`.
 */

const maintenanceUrl = inject('maintenanceUrl');
const names: string[] = [];

async function emptyDatabase(): Promise<string> {
  const name = `atelier_migrate_${randomBytes(5).toString('hex')}`;
  await adminClient(maintenanceUrl, (c) => c.query(`create database ${name}`));
  names.push(name);
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let migrationCount = 0;
beforeAll(async () => {
  migrationCount = (await readdir(MIGRATIONS_DIR)).filter((f) => /^Migration\d+.*\.ts$/.test(f) && !f.endsWith('.d.ts')).length;
});
afterAll(async () => {
  await adminClient(maintenanceUrl, async (c) => {
    for (const name of names) await c.query(`drop database if exists ${name} with (force)`);
  });
});

describe('migrate() on an empty database', () => {
  it('run by two instances at once: both succeed, each migration applied once (5 times)', async () => {
    for (let round = 0; round < 5; round++) {
      const url = await emptyDatabase();
      const [one, two] = await Promise.all([openDatabase({ url, entities: [] }), openDatabase({ url, entities: [] })]);
      try {
        const results = await Promise.allSettled([migrate(one), migrate(two)]);
        const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
        expect(failures).toEqual([]);
        const applied = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
        // One instance applied them all, the other found nothing left to do.
        expect(applied).toHaveLength(migrationCount);
        expect(new Set(applied).size).toBe(migrationCount);
        const rows = await adminClient(url, (c) =>
          c.query<{ name: string; n: number }>('select name, count(*)::int as n from mikro_orm_migrations group by name'),
        );
        expect(rows.rows).toHaveLength(migrationCount);
        expect(rows.rows.every((r) => r.n === 1)).toBe(true);
      } finally {
        await Promise.all([one.close(), two.close()]);
      }
    }
  });
});
