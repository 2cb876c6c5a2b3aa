import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { inject } from 'vitest';
import { ENTITIES } from '../../src/features.ts';
import { ensureAppLogin } from '../../src/platform/database-server.ts';
import { openDatabase } from '../../src/platform/db.ts';
import { adminClient } from './pg.ts';

export interface TestDatabase {
  orm: MikroORM;
  url: string;
  /** SQL statements run since the last reset, to guard query budgets. */
  queries: string[];
  close(): Promise<void>;
}

/** A fresh database for one test file, cloned from the migrated template (fast, isolated). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const maintenanceUrl = inject('maintenanceUrl');
  const template = inject('templateDatabase');
  const name = `atelier_test_${template.split('_').pop()}_${randomBytes(5).toString('hex')}`;
  await adminClient(maintenanceUrl, (c) => c.query(`create database ${name} template ${template}`));
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  const queries: string[] = [];
  // TEST_AS_APP_ROLE=1: the app connects as a login of `atelier_app`, as it does outside the tests.
  const appUrl = process.env.TEST_AS_APP_ROLE ? await appLogin(url.toString()) : url.toString();
  const orm = await openDatabase({ url: appUrl, entities: ENTITIES, poolMax: 5, onQuery: (q) => queries.push(q) });
  return {
    orm,
    url: url.toString(),
    queries,
    close: async () => {
      await orm.close();
      await adminClient(maintenanceUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** One login role of `atelier_app` per test worker (roles belong to the whole server). */
export async function appLogin(ownerUrl: string): Promise<string> {
  const app = new URL(ownerUrl);
  app.username = `atelier_web_test_${process.pid}`;
  app.password = 'atelier-test';
  await ensureAppLogin(ownerUrl, app.toString(), { setPassword: false });
  return app.toString();
}
