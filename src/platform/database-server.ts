import path from 'node:path';
import type { Config } from '../config.ts';
import { ensureDatabase } from './ensure-database.ts';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when given; otherwise an embedded PostgreSQL under DATA_DIR. */
export async function databaseServer(config: Config): Promise<DatabaseServer> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  // Imported only when used: production images talk to DATABASE_URL and ship no PostgreSQL binaries.
  const { startEmbeddedPostgres } = await import('./embedded-postgres.ts');
  const server = await startEmbeddedPostgres(path.join(config.DATA_DIR, 'postgres'), config.EMBEDDED_PG_PORT);
  await ensureDatabase(server.url('postgres'), 'atelier');
  return { url: server.url('atelier'), embedded: true, stop: () => server.stop() };
}
