import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityClass } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { AuditActorSubscriber } from './audit-context.ts';
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

/** Applies the pending migrations; returns their names. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}
