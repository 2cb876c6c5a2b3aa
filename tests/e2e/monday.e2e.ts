import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_NAMES } from '../../src/hours/rules.ts';
import { mondayOf, plusDays, toDay } from '../../src/platform/calendar.ts';
import { formatShortDay } from '../../src/platform/format.ts';
import { holidayOn } from '../../src/platform/holidays.ts';
import { ARTIFACTS, expectAccessible, logIn, type Running, screenshot, startAppAndBrowser, watchProblems } from './support.ts';

/**
 * The « Done when » of issue 18: the coordinator's Monday, on the demo data, at 1280 × 800.
 * From the home to last week's sheet in two clicks, the missing cells filled by keyboard, the
 * week validated, a day corrected to sickness with its suspension, the attendance sheet printed.
 */
const COORDINATOR = 'coordination@atelier.test';
/** The machine is shared: a save may take a few seconds to come back. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const lastMonday = plusDays(mondayOf(toDay(new Date())), -7);
let run: Running;

/** « 7h », « 3h30 », « 35h » → minutes; what is not a duration counts 0. */
function minutesOf(text: string | null): number {
  const m = /(\d+)h(\d{2})?/.exec(text ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2] ?? 0) : 0;
}

beforeAll(async () => {
  run = await startAppAndBrowser();
});
afterAll(() => run?.stop());

describe('the coordinator’s Monday', () => {
  it('goes from the home to last week’s sheet in two clicks, fills it, validates it, corrects a day to sickness and prints the attendance sheet', async () => {
    const context = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    let clicks = 0;
    const click = async (target: { click(): Promise<void> }) => {
      clicks += 1;
      await target.click();
    };
    await logIn(page, run.baseUrl, COORDINATOR);

    // 1. The home lists last week of a workshop with cells to fill, with a link straight to its sheet.
    await expectAccessible(page, 'accueil');
    await screenshot(page, 'lundi-1-accueil');
    const toFill = page.locator('[id^="pointage-"] li', { hasText: 'à remplir' }).filter({ has: page.locator(`a[href$="?semaine=${lastMonday}"]`) });
    const link = toFill.first().locator('a');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^/ateliers/\\d+/pointage\\?semaine=${lastMonday}$`));
    const workshopName = ((await link.textContent()) ?? '').split(', semaine du')[0]?.trim() ?? '';
    expect(workshopName).not.toBe('');
    const missing = Number(/(\d+) cases? à remplir/.exec((await toFill.first().textContent()) ?? '')?.[1]);
    expect(missing).toBeGreaterThan(0);
    await click(link);
    await page.waitForURL(`${run.baseUrl}${href}`);
    // The two clicks: the home (where the login lands), then its link; no other click on the way.
    expect(clicks).toBe(1);
    expect(await page.locator('.fr-text--lead').first().textContent()).toContain(`Semaine du ${formatShortDay(lastMonday)}`);
    await expectAccessible(page, 'feuille de la semaine dernière');
    await screenshot(page, 'lundi-2-feuille');

    // 2. The missing cells (Friday) by keyboard: each takes the hours of a day worked in its row.
    // The demo leaves last week's last working day untyped: Friday, or the day before when it is a public holiday.
    const untyped = [4, 3, 2, 1, 0].find((i) => holidayOn(plusDays(lastMonday, i)) === null) ?? 4;
    const friday = `${DAY_NAMES[untyped]} ${formatShortDay(plusDays(lastMonday, untyped))}`;
    // A suspended day shows an input too (for sickness), but is not a cell to fill.
    const blanks = page.locator('#pointage td.atelier-time', { hasNotText: 'Suspendu' }).locator(`input[data-grid-cell][aria-label$="${friday}"]`);
    const toType: { id: string; value: string }[] = [];
    for (const input of await blanks.all()) {
      if ((await input.inputValue()) !== '') continue;
      const id = (await input.getAttribute('id')) ?? '';
      const row = page.locator(`#pointage tbody tr:has(#${id})`);
      const values = await row.locator('input[data-grid-cell]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      const worked = values.find((v) => /^\d/.test(v));
      expect(worked).toBeDefined();
      toType.push({ id, value: worked ?? '' });
    }
    expect(toType.length).toBe(missing);
    for (const { id, value } of toType) {
      await page.locator(`#${id}`).focus();
      await page.keyboard.type(value);
      // Each cell is saved as Enter leaves it: wait for the server's answer, not the typed text.
      const saved = page.waitForResponse((r) => r.url().endsWith('/pointage/cellule') && r.request().method() === 'POST');
      await page.keyboard.press('Enter');
      expect((await saved).status()).toBe(200);
      await poll(() => page.locator(`#${id}`).inputValue()).toBe(value);
    }
    // Every save came back accepted: no cell in error, and after a reload the values are there.
    await poll(() => page.locator('#pointage td.atelier-time--error').count()).toBe(0);
    await page.reload();
    for (const { id, value } of toType) expect(await page.locator(`#${id}`).inputValue()).toBe(value);
    await expectAccessible(page, 'feuille remplie');
    await screenshot(page, 'lundi-3-remplie');

    // 3. Validate: the week shows as validated, and the home no longer lists it.
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Valider la semaine' }).click();
    await poll(() => page.locator('.fr-alert--success').first().textContent()).toContain('La semaine est validée');
    expect(await page.getByText(/^Semaine validée le \d{2}\/\d{2}\/\d{4} par Camille Coordination \(démo\)/).count()).toBe(1);
    expect(await page.locator('#pointage input[data-grid-cell]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Valider la semaine' }).count()).toBe(0);
    await expectAccessible(page, 'semaine validée');
    await screenshot(page, 'lundi-4-validee');
    await page.goto(`${run.baseUrl}/`);
    expect(await page.locator(`a[href="${href}"]`).count()).toBe(0);
    await expectAccessible(page, 'accueil après la validation');
    await screenshot(page, 'lundi-5-accueil-apres-validation');
    await page.goBack();
    await page.waitForURL(`${run.baseUrl}${href}`);

    // 4. Correct a day to sickness: asked for the suspension, ticked, recorded.
    const holder = page.locator('#ajustement-holder');
    const person = ((await holder.locator('option').first().textContent()) ?? '').trim();
    await holder.selectOption({ index: 0 });
    const row = page.locator('#pointage tbody tr', { has: page.locator('th[scope="row"]', { hasText: person }) });
    // The first day of the week this person worked (Wednesday, unless it was a day off or an absence).
    const cells = row.locator('td.atelier-time');
    const worked = [];
    for (const i of [2, 1, 3, 0]) worked.push({ i, minutes: minutesOf(await cells.nth(i).textContent()) });
    const chosen = worked.find((d) => d.minutes > 0) ?? { i: 2, minutes: 0 };
    const wednesday = plusDays(lastMonday, chosen.i);
    const cell = cells.nth(chosen.i);
    const wednesdayBefore = chosen.minutes;
    const weekBefore = minutesOf(await row.locator('.atelier-time-total').textContent());
    expect(wednesdayBefore).toBeGreaterThan(0);
    await page.locator('#ajustement-day').selectOption(wednesday);
    await page.getByLabel('Durée corrigée de la journée, ou code d’absence').fill('M');
    await page.getByLabel('Motif').fill('Arrêt maladie reçu ce lundi');
    await page.getByRole('button', { name: 'Enregistrer l’ajustement' }).click();
    const suspend = page.getByLabel('Enregistrer aussi la suspension du contrat pour ce jour (arrêt maladie / accident du travail)');
    await suspend.waitFor();
    await expectAccessible(page, 'correction : suspension demandée');
    await screenshot(page, 'lundi-6-suspension-demandee');
    // DSFR draws the box over the label: tick it as a person does, on the label.
    await page.locator('label[for="ajustement-suspend"]').click();
    expect(await suspend.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Enregistrer l’ajustement' }).click();
    await poll(() => page.locator('.fr-alert--success').first().textContent()).toMatch(/\S/);
    const message = (await page.locator('.fr-alert--success').first().textContent()) ?? '';
    expect(message).toContain(
      `${person}, ${DAY_NAMES[chosen.i]?.toLowerCase()} ${formatShortDay(wednesday)} : corrigé en arrêt maladie ; suspension du contrat enregistrée pour ce jour.`,
    );
    // The day reads as corrected to M and suspended; the week loses that day's hours.
    expect(await cell.locator('.fr-badge', { hasText: 'corrigé en M' }).count()).toBe(1);
    expect(await cell.textContent()).toContain('Suspendu');
    expect(minutesOf(await row.locator('.atelier-time-total').textContent())).toBe(weekBefore - wednesdayBefore);
    await expectAccessible(page, 'journée corrigée');
    await screenshot(page, 'lundi-7-corrigee');

    // 5. Print the attendance sheet: a PDF with the workshop, the people and where they sign.
    const print = page.getByRole('link', { name: 'Imprimer la feuille d’émargement' });
    const pdfHref = (await print.getAttribute('href')) ?? '';
    expect(pdfHref).toMatch(new RegExp(`/emargement\\.pdf\\?semaine=${lastMonday}$`));
    // The click opens the PDF (headless Chromium has no viewer: it downloads it); the file itself is read through the session.
    const [opened] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(pdfHref)), print.click()]);
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toBe('application/pdf');
    const response = await page.context().request.get(`${run.baseUrl}${pdfHref}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    const file = path.join(tmpdir(), `lundi-emargement-${process.pid}.pdf`);
    await writeFile(file, await response.body());
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', file, '-']);
    expect(stdout).toContain(workshopName);
    expect(stdout).toContain(person);
    expect(stdout).toContain('Signature');
    await promisify(execFile)('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(ARTIFACTS, 'lundi-8-emargement')]);

    expect(problems).toEqual([]);
    await context.close();
  });
});
