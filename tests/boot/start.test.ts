import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD_HASH_COST } from '../support/factories.ts';

// `npm start` as a user runs it: a real process, an embedded PostgreSQL in an empty DATA_DIR.
const dataDir = path.resolve('.tmp', `boot-${process.pid}`);
const tsx = path.resolve('node_modules/.bin/tsx');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(tsx, ['src/main.ts'], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', PASSWORD_HASH_COST: String(TEST_PASSWORD_HASH_COST), ...env },
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
  ready.catch(() => {}); // a test that expects an exit never awaits readiness
  return { child, output: () => out, ready, exited };
}

async function loginAndList(port: number): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const first = await fetch(`${base}/connexion`);
  const csrf =
    first.headers
      .getSetCookie()
      .find((c) => c.startsWith('atelier_csrf='))
      ?.split(';')[0] ?? '';
  const token = csrf.split('=')[1] ?? '';
  const login = await fetch(`${base}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrf },
    body: new URLSearchParams({ _csrf: token, email: 'admin@atelier.test', password: 'atelier-demo' }),
  });
  expect(login.status).toBe(303);
  const session =
    login.headers
      .getSetCookie()
      .find((c) => c.startsWith('atelier_session='))
      ?.split(';')[0] ?? '';
  const list = await fetch(`${base}/etablissements`, { headers: { Cookie: session } });
  expect(list.status).toBe(200);
  return list.text();
}

afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('starts on an empty DATA_DIR with demo data, stops cleanly on SIGTERM, and keeps the data on a second start', async () => {
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()) };
    const first = start(env);
    await first.ready;
    expect(first.output()).toContain(`http://localhost:${env.PORT}`);
    expect(first.output()).toContain('données de démonstration chargées');
    for (const login of ['admin@atelier.test', 'coordination@atelier.test', 'partenaire@atelier.test', 'comite@atelier.test'])
      expect(first.output()).toContain(login);
    const html = await loginAndList(Number(env.PORT));
    expect(html).toContain('Établissement InSERRE d’Arras (démo)');
    expect(html).toContain('Maison d’arrêt de Brest (démo)');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = start(env);
    await second.ready;
    expect(second.output()).not.toContain('données de démonstration chargées');
    const again = await loginAndList(Number(env.PORT));
    expect(again.match(/\(démo\)<\/a>/g)).toHaveLength(2);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 90_000);

  it('refuses a bad setting with a clear message and exit code 78', async () => {
    const run = start({ PORT: 'trois-mille', DATA_DIR: dataDir });
    expect(await run.exited).toBe(78);
    expect(run.output()).toContain('Configuration invalide');
    expect(run.output()).toContain('PORT');
  });
});
