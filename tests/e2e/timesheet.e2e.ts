import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mondayOf, plusDays, toDay } from '../../src/platform/calendar.ts';
import { Workshop } from '../../src/workshops/entities.ts';
import { expectAccessible, logIn, type Running, screenshot, startAppAndBrowser, watchProblems } from './support.ts';

let run: Running;
beforeAll(async () => {
  run = await startAppAndBrowser();
});
afterAll(() => run?.stop());

describe('the weekly timesheet', () => {
  it('is filled with the keyboard by the partner, the totals following each cell', async () => {
    const binding = await run.db.orm.em.fork().findOneOrFail(Workshop, { name: 'Atelier reliure' });
    const nextMonday = plusDays(mondayOf(toDay(new Date())), 7);
    const context = await run.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await logIn(page, run.baseUrl, 'partenaire@atelier.test');
    await page.goto(`${run.baseUrl}/ateliers/${binding.id}/pointage?semaine=${nextMonday}`);
    await expectAccessible(page, 'grille de pointage');

    const row = page.locator('#pointage tbody tr', { has: page.locator('input[data-grid-cell]') }).first();
    const rowId = await row.getAttribute('id');
    const total = page.locator(`#${rowId} .atelier-time-total`);
    await row.locator('input[data-grid-cell]').first().click();
    for (const value of ['7', '7h', '3,5', '3h30', '7:00']) {
      await page.keyboard.type(value);
      await page.keyboard.press('Enter');
    }
    // Leaving the last typed cell saves it too.
    await page.keyboard.press('Tab');
    await expect.poll(() => total.textContent(), { timeout: 15_000 }).toBe('28h');
    await expect.poll(() => page.locator('#totaux-jours td').nth(2).textContent(), { timeout: 15_000 }).toBe('3h30');
    await page.keyboard.type('11h');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('.atelier-time--error .fr-error-text').first().textContent(), { timeout: 15_000 }).toContain('10h par jour');
    await screenshot(page, 'pointage-semaine');
    await page.reload();
    expect(await total.textContent()).toBe('28h');
    expect(problems.filter((p) => !p.includes('422'))).toEqual([]);
    await context.close();
  });
});
