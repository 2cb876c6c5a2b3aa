import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_NAMES } from '../../src/hours/rules.ts';
import { mondayOf, plusDays, toDay } from '../../src/platform/calendar.ts';
import { formatShortDate, formatShortDay } from '../../src/platform/format.ts';
import { holidayOn } from '../../src/platform/holidays.ts';
import { expectAccessible, logIn, type Running, screenshot, startAppAndBrowser, watchProblems } from './support.ts';

/**
 * The partner's Monday (issue 21), on the demo data, at 1280 × 800: from its home to last
 * week's sheet, the missing cells filled, « Semaine complète » given from the home, the
 * coordinator's home showing it first, then a production logged in one line.
 */
const PARTNER = 'partenaire@atelier.test';
const COORDINATOR = 'coordination@atelier.test';
/** The machine is shared: a save may take a few seconds to come back. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const today = toDay(new Date());
const lastMonday = plusDays(mondayOf(today), -7);
let run: Running;

beforeAll(async () => {
  run = await startAppAndBrowser();
});
afterAll(() => run?.stop());

describe('the partner’s Monday', () => {
  it('fills last week from its home, signals it complete, the coordinator sees it first, then logs a production in one line', async () => {
    const context = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await logIn(page, run.baseUrl, PARTNER);

    // 1. The home: last week of its workshop has cells to fill, a link straight to that week.
    await expectAccessible(page, 'accueil de la structure');
    await screenshot(page, 'structure-1-accueil');
    const cell = page.locator(`[id^="semaine-"][id$="-${lastMonday}"]`).first();
    const link = cell.locator('a').first();
    expect(await link.textContent()).toMatch(/^À remplir : \d+ cases?$/);
    const missing = Number(/(\d+) cases?/.exec((await link.textContent()) ?? '')?.[1]);
    const href = (await link.getAttribute('href')) ?? '';
    const workshopId = Number(/^\/ateliers\/(\d+)\/pointage\?semaine=/.exec(href)?.[1]);
    expect(href).toBe(`/ateliers/${workshopId}/pointage?semaine=${lastMonday}`);
    // Today's people: names and posts, nothing else.
    expect(await page.locator(`#personnes-${workshopId} li`).count()).toBeGreaterThan(0);
    await link.click();
    await page.waitForURL(`${run.baseUrl}${href}`);

    // 2. The sheet: the missing cells of the last working day, each typed with a day worked in its row.
    const untyped = [4, 3, 2, 1, 0].find((i) => holidayOn(plusDays(lastMonday, i)) === null) ?? 4;
    const dayLabel = `${DAY_NAMES[untyped]} ${formatShortDay(plusDays(lastMonday, untyped))}`;
    const toType: { id: string; value: string }[] = [];
    for (const input of await page.locator(`#pointage input[data-grid-cell][aria-label$="${dayLabel}"]`).all()) {
      if ((await input.inputValue()) !== '') continue;
      const id = (await input.getAttribute('id')) ?? '';
      const values = await page
        .locator(`#pointage tbody tr:has(#${id}) input[data-grid-cell]`)
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      const worked = values.find((v) => /^\d/.test(v));
      expect(worked).toBeDefined();
      toType.push({ id, value: worked ?? '' });
    }
    expect(toType.length).toBe(missing);
    for (const { id, value } of toType) {
      await page.locator(`#${id}`).focus();
      await page.keyboard.type(value);
      const saved = page.waitForResponse((r) => r.url().endsWith('/pointage/cellule') && r.request().method() === 'POST');
      await page.keyboard.press('Enter');
      expect((await saved).status()).toBe(200);
      await poll(() => page.locator(`#${id}`).inputValue()).toBe(value);
    }
    await poll(() => page.locator('#pointage td.atelier-time--error').count()).toBe(0);
    await screenshot(page, 'structure-2-feuille-remplie');

    // 3. Back home: the week is « Remplie »; « Semaine complète » swaps the week's cell in place.
    await page.goto(`${run.baseUrl}/`);
    const week = page.locator(`#semaine-${workshopId}-${lastMonday}`);
    expect(await week.locator('a').first().textContent()).toBe('Remplie');
    await week.getByRole('button', { name: 'Semaine complète' }).click();
    await poll(() => week.locator('a').first().textContent()).toBe('Signalée complète');
    expect(await week.textContent()).toContain(`par Paul Partenaire (démo) le ${formatShortDate(new Date())}`);
    expect(await week.getByRole('button', { name: 'Retirer le signalement' }).count()).toBe(1);
    expect(page.url()).toBe(`${run.baseUrl}/`);
    await expectAccessible(page, 'semaine signalée complète');
    await screenshot(page, 'structure-3-semaine-complete');
    // The sheet says it too, with the button to withdraw it.
    await page.goto(`${run.baseUrl}${href}`);
    expect(await page.locator('#semaine-signalee').textContent()).toContain('Semaine signalée complète par Paul Partenaire (démo)');
    expect(await page.locator('#semaine-signalee').getByRole('button', { name: 'Retirer le signalement' }).count()).toBe(1);
    await expectAccessible(page, 'feuille signalée complète');
    await screenshot(page, 'structure-3b-feuille-signalee');

    // 4. The coordinator's home lists it first among the weeks to validate, with who and when.
    const coordination = await (await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' })).newPage();
    await logIn(coordination, run.baseUrl, COORDINATOR);
    const signalled = coordination.locator('[id^="pointage-"] li', { hasText: 'Semaine complète, signalée par Paul Partenaire (démo)' });
    expect(await signalled.count()).toBe(1);
    expect(await signalled.locator('a').getAttribute('href')).toBe(href);
    const list = signalled.locator('xpath=..');
    expect(await list.locator('li').first().textContent()).toContain('Semaine complète');
    await screenshot(coordination, 'structure-4-accueil-coordination');
    await coordination.context().close();

    // 5. A production logged in one line on the workshop's log.
    await page.goto(`${run.baseUrl}/ateliers/${workshopId}/journal`);
    // Production is the line's kind to begin with (choosing another swaps the kind's fields in).
    expect(await page.locator('#champ-kind').inputValue()).toBe('production');
    await page.waitForFunction(() => 'htmx' in window);
    await page.locator('#champ-quantity').fill('120');
    await page.locator('#champ-unit').fill('livres reliés');
    await page.locator('#champ-customerKind').selectOption('public');
    const added = page.waitForResponse((r) => r.url().endsWith(`/ateliers/${workshopId}/journal`) && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Ajouter' }).click();
    expect((await added).status()).toBe(200);
    await poll(() => page.locator('#journal-saisie [role="status"]').textContent()).toContain('Entrée ajoutée : production');
    await poll(() => page.locator('#journal-entrees').textContent()).toContain('120 livres reliés');
    await expectAccessible(page, 'journal après une ligne');
    await screenshot(page, 'structure-5-journal');
    await page.goto(`${run.baseUrl}/`);
    expect(await page.locator('#journal-recent li').first().textContent()).toContain('120 livres reliés (organisme public)');
    expect(problems).toEqual([]);
    await context.close();
  });
});
