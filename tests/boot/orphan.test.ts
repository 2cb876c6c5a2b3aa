import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD_HASH_COST } from '../support/factories.ts';

// A `kill -9` of the app leaves its embedded PostgreSQL running: the next start must take it back.
const dataDir = path.resolve('.tmp', `orphan-${process.pid}`);
const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** The app itself (no tsx wrapper process), so that SIGKILL hits the process that owns PostgreSQL. */
function start(env: Record<string, string>): { child: ChildProcess; output: () => string; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      DEMO_DATA: '0',
      LOG_LEVEL: 'warn',
      PASSWORD_HASH_COST: String(TEST_PASSWORD_HASH_COST),
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Atelier est prêt')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  ready.catch(() => {});
  return { child, output: () => out, ready, exited };
}

/** Alive and not a zombie waiting for a parent that no longer reaps. */
function running(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function postmasterPid(): number {
  return Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
}

afterAll(async () => {
  // Should a test fail half-way, leave no PostgreSQL of ours behind.
  const left = existsSync(pidFile) ? postmasterPid() : 0;
  if (left > 0 && left !== process.pid && running(left)) process.kill(left, 'SIGINT');
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start after a kill -9', () => {
  it('stops the orphan PostgreSQL it left behind in the same data folder, then starts and answers', async () => {
    const env = { PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()) };
    const first = start(env);
    await first.ready;
    const orphan = postmasterPid();
    expect(running(orphan)).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(running(orphan)).toBe(true); // PostgreSQL outlived its parent

    const second = start(env);
    try {
      await second.ready;
      expect((await fetch(`http://127.0.0.1:${env.PORT}/readyz`)).status).toBe(200);
      expect(running(orphan)).toBe(false);
      expect(postmasterPid()).not.toBe(orphan);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 90_000);

  it('removes a stale postmaster.pid whose process is gone', async () => {
    const env = { PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()) };
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    // A pid that cannot be alive: above the kernel's pid_max.
    await writeFile(pidFile, `4194305\n${path.join(dataDir, 'postgres')}\n1700000000\n${env.EMBEDDED_PG_PORT}\n`);
    const run = start(env);
    try {
      await run.ready;
      expect((await fetch(`http://127.0.0.1:${env.PORT}/readyz`)).status).toBe(200);
    } finally {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
  }, 60_000);

  it('still refuses, in French, a data folder whose pid file names another live process', async () => {
    const env = { PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()) };
    // A live process that PostgreSQL may signal (the postgres user's, when we are root), and not a postgres.
    const postgresUser = process.getuid?.() === 0 ? Number(execSync('id -u postgres').toString()) : undefined;
    const other = spawn('sleep', ['120'], postgresUser === undefined ? {} : { uid: postgresUser });
    await writeFile(pidFile, `${other.pid}\n${path.join(dataDir, 'postgres')}\n1700000000\n${env.EMBEDDED_PG_PORT}\n`);
    const run = start(env);
    try {
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain('Une autre instance utilise déjà');
      expect(running(other.pid as number)).toBe(true);
    } finally {
      run.child.kill('SIGKILL');
      other.kill('SIGKILL');
      await rm(pidFile, { force: true });
    }
  }, 60_000);
});
