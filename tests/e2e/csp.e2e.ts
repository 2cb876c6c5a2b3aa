import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Establishment } from '../../src/establishments/entities.ts';
import { mondayOf, plusDays, toDay } from '../../src/platform/calendar.ts';
import { Workshop } from '../../src/workshops/entities.ts';
import { logIn, type Running, screenshot, startAppAndBrowser } from './support.ts';

let run: Running;
beforeAll(async () => {
  run = await startAppAndBrowser();
});
afterAll(() => run?.stop());

/**
 * Every Content-Security-Policy violation of every document the page loads (the listener is
 * installed before the page's own scripts), and every request answered 4xx or 5xx.
 */
async function watchPolicy(page: Page): Promise<{ violations: string[]; failures: string[] }> {
  const violations: string[] = [];
  const failures: string[] = [];
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      // biome-ignore lint/suspicious/noExplicitAny: the binding exposed above
      (window as any).reportCspViolation(`${e.violatedDirective} ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber} « ${e.sample} » on ${location.pathname}`);
    });
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.status() !== 422) failures.push(`${r.status()} ${r.url()}`);
  });
  return { violations, failures };
}

async function expectFooterLinks(page: Page): Promise<void> {
  const links = page.locator('#pied-de-page a.fr-footer__bottom-link');
  expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['/accessibilite', '/mentions-legales', '/donnees-personnelles']);
}

describe('the Content-Security-Policy', () => {
  it('is never violated: login, home, the grid after typing into cells, the board after an htmx action', async () => {
    const db = run.db.orm.em.fork();
    const binding = await db.findOneOrFail(Workshop, { name: 'Atelier reliure' });
    const arras = await db.findOneOrFail(Establishment, { kind: 'inserre' });
    const context = await run.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const { violations, failures } = await watchPolicy(page);

    await page.goto(`${run.baseUrl}/connexion`);
    await expectFooterLinks(page);
    await logIn(page, run.baseUrl, 'coordination@atelier.test');
    await expectFooterLinks(page);

    await page.goto(`${run.baseUrl}/ateliers/${binding.id}/pointage?semaine=${plusDays(mondayOf(toDay(new Date())), 7)}`);
    const cell = page.locator('input[data-grid-cell]:not([disabled]):not([readonly])').first();
    await cell.click();
    for (const value of ['7', '3h30']) {
      const saved = page.waitForResponse((r) => r.request().method() === 'POST');
      await page.keyboard.type(value);
      await page.keyboard.press('Tab');
      await saved;
    }
    // A refused cell swaps an error in too.
    const refused = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.keyboard.type('abc');
    await page.keyboard.press('Tab');
    await refused;
    await page.waitForTimeout(300);
    await screenshot(page, 'csp-grille');

    await page.goto(`${run.baseUrl}/etablissements/${arras.id}/tableau`);
    const assign = page.getByRole('link', { name: 'Affecter' }).first();
    const opened = page.waitForResponse((r) => r.url().includes('/tableau') || r.request().headers()['hx-request'] === 'true');
    await assign.click();
    await opened;
    const confirm = page.getByRole('button', { name: /Confirmer l’affectation/ }).first();
    await confirm.waitFor();
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    await confirm.click();
    await posted;
    await page.waitForTimeout(300);
    await screenshot(page, 'csp-tableau');
    await expectFooterLinks(page);

    expect(violations).toEqual([]);
    expect(failures).toEqual([]);
    await context.close();
  });
});
