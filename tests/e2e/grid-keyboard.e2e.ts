import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mondayOf, plusDays, toDay } from '../../src/platform/calendar.ts';
import { User, UserSession } from '../../src/users/entities.ts';
import { Workshop } from '../../src/workshops/entities.ts';
import { ARTIFACTS, expectAccessible, logIn, type Running, screenshot, startAppAndBrowser, watchProblems } from './support.ts';

const COORDINATOR = 'coordination@atelier.test';
/** The machine is shared: a save may take a few seconds to come back. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
let run: Running;
let sheet: string;
const thisMonday = mondayOf(toDay(new Date()));

beforeAll(async () => {
  run = await startAppAndBrowser();
  const binding = await run.db.orm.em.fork().findOneOrFail(Workshop, { name: 'Atelier reliure' });
  sheet = `/ateliers/${binding.id}/pointage`;
});
afterAll(() => run?.stop());

async function gridPage(width: number, week: string): Promise<{ page: Page; problems: string[]; close(): Promise<void> }> {
  const context = await run.browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await logIn(page, run.baseUrl, COORDINATOR);
  await page.goto(`${run.baseUrl}${sheet}?semaine=${week}`);
  return { page, problems, close: () => context.close() };
}

/** The cells of the first row that has inputs, and that row's week total. */
function firstRow(page: Page) {
  const row = page.locator('#pointage tbody tr', { has: page.locator('input[data-grid-cell]') }).first();
  return { row, cells: row.locator('input[data-grid-cell]'), total: row.locator('.atelier-time-total') };
}

describe('the timesheet grid by keyboard', () => {
  it('keeps the focus in a refused cell and reads its message out in the live region', async () => {
    const { page, problems, close } = await gridPage(1400, plusDays(thisMonday, 7));
    const { cells } = firstRow(page);
    const first = cells.first();
    const id = await first.getAttribute('id');
    const label = await first.getAttribute('aria-label');
    await first.click();
    await page.keyboard.type('11h');
    // Enter moves to the next cell, which fires the save of this one; the refusal brings the focus back.
    await page.keyboard.press('Enter');
    await poll(() => page.locator('#grille-annonce').textContent()).toBe(`${label} : ${await page.locator(`#${id}-erreur`).textContent()}`);
    expect(await page.locator('#grille-annonce').textContent()).toContain('10h par jour');
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe(id);
    expect(await page.locator('#grille-annonce').getAttribute('aria-live')).toBe('polite');
    // Typing over it straight away corrects it: the focus was really there.
    await page.keyboard.type('7h');
    await page.keyboard.press('Tab');
    await poll(() => page.locator(`#${id}`).getAttribute('aria-invalid')).toBeNull();
    await poll(() => page.locator(`#${id}`).inputValue()).toBe('7h');
    await expectAccessible(page, 'grille après une erreur');
    expect(problems.filter((p) => !p.includes('422'))).toEqual([]);
    await close();
  });

  it('says when the session has expired, marks every cell not saved, and puts them back after logging in again', async () => {
    const week = plusDays(thisMonday, 14);
    const { page, close } = await gridPage(1400, week);
    const { cells, total } = firstRow(page);
    await cells.nth(0).click();
    await page.keyboard.type('7');
    await page.keyboard.press('Tab');
    await poll(() => total.textContent()).toBe('7h');

    const em = run.db.orm.em.fork();
    const user = await em.findOneOrFail(User, { email: COORDINATOR });
    await em.nativeUpdate(UserSession, { user: user.id }, { expiresAt: new Date(Date.now() - 60_000) });

    await page.keyboard.type('6');
    await page.keyboard.press('Enter');
    await page.keyboard.type('5');
    await page.keyboard.press('Tab');
    const banner = page.locator('#session-expiree');
    await poll(() => banner.textContent()).toContain('Votre session a expiré : reconnectez-vous, les cases non enregistrées sont signalées.');
    expect(await banner.getAttribute('role')).toBe('alert');
    // The saves sent before the first answer came back meet the same 401, not a refused token.
    expect(await page.getByText('La page a expiré').count()).toBe(0);
    const unsaved = page.locator('td.atelier-time--unsaved input[data-grid-cell]');
    await poll(() => unsaved.count()).toBe(2);
    expect(await unsaved.evaluateAll((inputs) => inputs.map((i) => [(i as HTMLInputElement).value, (i as HTMLInputElement).title]))).toEqual([
      ['6', 'non enregistrée'],
      ['5', 'non enregistrée'],
    ]);
    expect(await cells.nth(0).getAttribute('title')).toBeNull();
    await screenshot(page, 'grille-session-expiree');

    const login = banner.getByRole('link', { name: 'Se reconnecter et revenir à cette page' });
    expect(await login.getAttribute('href')).toBe(`/connexion?retour=${encodeURIComponent(`${sheet}?semaine=${week}`)}`);
    await login.click();
    await page.getByLabel('Adresse électronique').fill(COORDINATOR);
    await page.getByLabel('Mot de passe').fill('atelier-demo');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${run.baseUrl}${sheet}?semaine=${week}`);
    await poll(() => page.locator('#cases-reprises').textContent()).toContain('2 cases saisies avant l’expiration de la session sont reprises');
    expect(
      await page.locator('td.atelier-time--unsaved input[data-grid-cell]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    ).toEqual(['6', '5']);
    await page.getByRole('button', { name: 'Enregistrer les cases reprises' }).click();
    await poll(() => firstRow(page).total.textContent()).toBe('18h');
    await poll(() => page.locator('td.atelier-time--unsaved').count()).toBe(0);
    await page.reload();
    expect(await firstRow(page).total.textContent()).toBe('18h');
    await close();
  });

  it('reaches a week in March in one step, and comes back to this week', async () => {
    const { page, close } = await gridPage(1400, thisMonday);
    await page.getByLabel('Aller à la semaine du').fill('2026-03-04');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/semaine=2026-03-04/);
    expect(await page.locator('.fr-text--lead').first().textContent()).toBe('Semaine du 02/03/2026 au 08/03/2026');
    expect(await page.getByLabel('Aller à la semaine du').inputValue()).toBe('2026-03-02');
    await screenshot(page, 'grille-semaine-mars');
    await page.getByRole('link', { name: 'Cette semaine' }).click();
    await page.waitForURL(`${run.baseUrl}${sheet}`);
    expect(await page.locator('.fr-text--lead').first().textContent()).toContain(`Semaine du ${thisMonday.slice(8, 10)}/${thisMonday.slice(5, 7)}`);
    await close();
  });

  it('keeps the name column in view when the grid scrolls sideways on a 768 px tablet', async () => {
    const { page, close } = await gridPage(768, plusDays(thisMonday, 14));
    const scroller = page.locator('.atelier-grid .fr-table__container');
    const { scrollWidth, clientWidth } = await scroller.evaluate((e) => ({ scrollWidth: e.scrollWidth, clientWidth: e.clientWidth }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    await scroller.evaluate((e) => {
      e.scrollLeft = e.scrollWidth;
    });
    const name = firstRow(page).row.locator('th[scope="row"]');
    const box = await name.boundingBox();
    const frame = await scroller.boundingBox();
    expect(box && frame && box.x >= frame.x - 1 && box.x + box.width <= frame.x + frame.width).toBe(true);
    // What the eye sees at the name's place is the name, not a cell passing under it.
    const seen = await name.evaluate((th) => {
      const r = th.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + 8, r.top + r.height / 2);
      return { onName: th.contains(hit), background: getComputedStyle(th).backgroundColor };
    });
    expect(seen.onName).toBe(true);
    expect(seen.background).not.toBe('rgba(0, 0, 0, 0)');
    // The last column really came into view.
    const sunday = await page.locator('#pointage thead th').nth(7).boundingBox();
    expect(sunday && frame && sunday.x + sunday.width <= frame.x + frame.width + 1).toBe(true);
    await screenshot(page, 'grille-768-defilee');
    await close();
  });

  it('prints the whole week from the browser, Sunday and the total included', async () => {
    const { page, close } = await gridPage(1400, plusDays(thisMonday, 21));
    const { cells, total } = firstRow(page);
    await cells.nth(0).click();
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    await page.keyboard.type('6');
    await page.keyboard.press('Tab');
    await poll(() => total.textContent()).toBe('13h');
    await page.emulateMedia({ media: 'print' });
    const pdf = path.join(ARTIFACTS, 'grille-impression.pdf');
    await writeFile(pdf, await page.pdf({ format: 'A4' }));
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', pdf, '-']);
    // The header row holds the seven days and the week's column; the typed row its total at the end.
    expect(stdout).toMatch(/Lundi[^\n]*Samedi[^\n]*Dimanche[^\n]*(\n[^\n]*)?Semaine/);
    expect(stdout).toMatch(/7h\s+6h\s+13h/);
    expect(stdout).toMatch(/Total\s+7h\s+6h(\s+—){5}\s+13h/);
    expect(stdout).not.toContain('Aller à la semaine du');
    await close();
  });
});
