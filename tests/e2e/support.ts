import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { loadDemoData } from '../../src/demo/data.ts';
import { jobQueue } from '../../src/platform/jobs.ts';
import { createLogger } from '../../src/platform/logger.ts';
import type { GenerationHooks } from '../../src/reports/generate.ts';
import { startReportWorker } from '../../src/reports/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { TEST_PASSWORD_HASH_COST } from '../support/factories.ts';

export const ARTIFACTS = path.resolve('tests/e2e/artifacts');

export interface Running {
  baseUrl: string;
  browser: Browser;
  db: TestDatabase;
  stop(): Promise<void>;
}

/** The real app on a real port with the demo data, and Debian's Chromium to drive it. */
export async function startAppAndBrowser({ worker = false, hooks }: { worker?: boolean; hooks?: GenerationHooks } = {}): Promise<Running> {
  const db = await createTestDatabase();
  await loadDemoData(db.orm.em.fork(), TEST_PASSWORD_HASH_COST);
  const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: String(TEST_PASSWORD_HASH_COST) });
  const log = createLogger('silent');
  const jobs = jobQueue(db.url, log);
  const app = createApp({ orm: db.orm, config, log, jobs });
  // The report worker, as `npm start` runs it beside the web tier (only the tests that generate reports need it).
  const reports = worker ? await startReportWorker(db.orm, db.url, log, jobs, { pollingIntervalSeconds: 0.5, hooks }) : null;
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    baseUrl,
    browser,
    db,
    stop: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await reports?.stop({ graceful: false });
      await jobs.stop();
      await db.close();
    },
  };
}

/** Collects what the page complains about: CSP violations, script errors, failed requests. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 422') && !m.location().url.endsWith('/favicon.ico')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

const axeSource = readFile(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page (evaluate is not subject to the page's CSP) and fails on serious or critical violations. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: { id: string; impact: string; help: string; nodes: { target: string[] }[] }) =>
          `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      );
  });
  expect(violations, `axe on ${label}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, caret: 'initial' });
}

export async function logIn(page: Page, baseUrl: string, email: string, password = 'atelier-demo'): Promise<void> {
  await page.goto(`${baseUrl}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${baseUrl}/`);
}
