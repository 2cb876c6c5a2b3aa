import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityClass } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { AuditActorSubscriber } from './audit-context.ts';
import { installJobs } from './jobs.ts';
import { AppSetting } from './settings.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface DatabaseOptions {
  url: string;
  /** The features' entities; the platform adds its own. */
  entities: readonly EntityClass[];
  poolMax?: number;
  debug?: boolean;
  onQuery?: (sql: string) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: options.url,
    entities: [AppSetting, ...options.entities],
    extensions: [Migrator],
    subscribers: [new AuditActorSubscriber()],
    pool: { min: 0, max: options.poolMax ?? 10 },
    migrations: {
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    debug: options.onQuery ? ['query'] : false,
    logger: options.onQuery ?? (() => {}),
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
  });
}

/** Key of the advisory lock every instance takes before migrating ('atlmig' in ASCII, as an int8). */
const MIGRATION_LOCK = 0x61746c6d6967n;

/**
 * Applies the pending migrations; returns their names. Instances starting at once take turns
 * (a session advisory lock on a connection of its own, outside the migrator's pool): the
 * first applies them, the others then find nothing left, instead of racing to create the same
 * tables and dying on `duplicate key … pg_type_typname_nsp_index`.
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const lock = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    const applied = await orm.migrator.up();
    // pg-boss keeps its own schema and versions; installing it is idempotent and cheap once done.
    await installJobs(orm.config.get('clientUrl') as string);
    return applied.map((m) => m.name);
  } finally {
    // Closing the session releases the lock even if the unlock itself fails.
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]).catch(() => {});
    await lock.end();
  }
}

/** Refreshes the planner's statistics of every table (after a bulk load such as the demo data). */
export async function analyzeAsOwner(ownerUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('analyze');
  } finally {
    await client.end();
  }
}
