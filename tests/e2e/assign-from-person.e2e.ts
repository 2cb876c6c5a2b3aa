import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Establishment } from '../../src/establishments/entities.ts';
import { expectAccessible, logIn, type Running, screenshot, startAppAndBrowser, watchProblems } from './support.ts';

let run: Running;
beforeAll(async () => {
  run = await startAppAndBrowser();
});
afterAll(() => run?.stop());

describe('assigning from the person page', () => {
  it('takes a waiting person off the waiting list, as the board does', async () => {
    const arras = await run.db.orm.em.fork().findOneOrFail(Establishment, { kind: 'inserre' });
    const context = await run.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await logIn(page, run.baseUrl, 'coordination@atelier.test');
    const board = `${run.baseUrl}/etablissements/${arras.id}/tableau`;
    await page.goto(board);

    // A workshop with a vacant post today and someone waiting for it.
    const section = page
      .locator('section.atelier-board-workshop', { has: page.locator('.atelier-waiting-item') })
      .filter({ has: page.locator('tr.atelier-row--vacant') })
      .first();
    const sectionId = await section.getAttribute('id');
    const workshopId = sectionId?.replace('atelier-', '');
    const code = (await section.locator('tr.atelier-row--vacant .atelier-code').first().textContent())?.trim() ?? '';
    const person = section.locator('.atelier-waiting-item a[href^="/personnes/"]').first();
    const name = (await person.textContent())?.trim() ?? '';
    expect(code).not.toBe('');
    expect(name).not.toBe('');

    // The board filtered on that workshop lists them; then to their page.
    await page.selectOption('#filtre-atelier', workshopId ?? '');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/\?atelier=\d+/);
    expect(await page.locator('section.atelier-board-workshop').count()).toBe(1);
    await page.locator(`#${sectionId} .atelier-waiting-item a`, { hasText: name }).click();
    await page.waitForURL(/\/personnes\/\d+$/);
    const personUrl = page.url();

    await page.getByRole('button', { name: 'Affecter à un poste' }).click();
    const form = page.locator('#volet-affectation form');
    await form.waitFor({ state: 'visible' });
    await expectAccessible(page, 'formulaire d’affectation de la fiche');
    const option = form.locator('select[name="postId"] option', { hasText: `${code} —` });
    await page.selectOption('#affectation-postId', (await option.getAttribute('value')) ?? '');
    // Changing a date asks again for the posts free over the new dates (htmx): the list is swapped, the choice kept.
    await page.evaluate(() => document.querySelector('#affectation-postId')?.setAttribute('data-before', ''));
    await form.getByLabel('Fin prévue du contrat').fill('2027-05-31');
    await form.getByLabel('Fin prévue du contrat').press('Tab');
    await page.waitForFunction(() => !document.querySelector('#affectation-postId')?.hasAttribute('data-before'));
    expect(await form.locator('select[name="postId"] option:checked').textContent()).toContain(code);
    await screenshot(page, 'fiche-formulaire-affectation');
    await form.getByRole('button', { name: 'Affecter' }).click();
    await page.waitForURL(personUrl);
    await expect.poll(() => page.locator('#messages').textContent()).toContain(`Affectation de ${name} au poste ${code} enregistrée`);
    expect(await page.locator('#messages').textContent()).toContain('Sa candidature est close et retirée de la liste d’attente');
    await screenshot(page, 'fiche-apres-affectation');

    // Gone from the waiting list, and the board no longer offers « Affecter » for them.
    await page.goto(`${board}?atelier=${workshopId}`);
    expect(await page.locator(`#${sectionId} table`).textContent()).toContain(name);
    // allTextContents does not wait: the list may be gone with its last person.
    expect((await page.locator(`#${sectionId} .atelier-waiting`).allTextContents()).join(' ')).not.toContain(name);
    await screenshot(page, 'tableau-apres-affectation-fiche');
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
