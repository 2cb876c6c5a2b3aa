import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Establishment } from '../../src/establishments/entities.ts';
import { expectAccessible, logIn, type Running, screenshot, startAppAndBrowser, watchProblems } from './support.ts';

let run: Running;
beforeAll(async () => {
  run = await startAppAndBrowser();
});
afterAll(() => run?.stop());

describe('the assignment board', () => {
  it('assigns the first person of a waiting list to a vacant post in two clicks', async () => {
    const arras = await run.db.orm.em.fork().findOneOrFail(Establishment, { kind: 'inserre' });
    const context = await run.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await logIn(page, run.baseUrl, 'coordination@atelier.test');
    await page.goto(`${run.baseUrl}/etablissements/${arras.id}/tableau`);
    await expectAccessible(page, 'tableau des affectations');

    // The first workshop whose waiting list can be served (it has an "Affecter" button).
    const candidate = page.locator('section.atelier-board-workshop', { has: page.getByRole('link', { name: 'Affecter' }) }).first();
    const sectionId = await candidate.getAttribute('id');
    // Pin the section by its id: once the link is swapped for the form, the filter above would match another one.
    const section = page.locator(`#${sectionId}`);
    const firstWaiting = section.locator('.atelier-waiting-item').first();
    const name = (await firstWaiting.locator('a[href^="/personnes/"]').textContent())?.trim() ?? '';
    expect(name).not.toBe('');
    await firstWaiting.getByRole('link', { name: 'Affecter' }).click();
    const form = section.locator('form.atelier-assign-form');
    await form.waitFor();
    await screenshot(page, 'tableau-formulaire-affectation');
    await expectAccessible(page, 'formulaire d’affectation');
    await form.getByRole('button', { name: 'Confirmer l’affectation' }).click();

    await expect.poll(() => page.locator('#messages').textContent()).toContain(`${name} est affecté·e au poste`);
    await expect.poll(() => page.locator(`#${sectionId} table`).textContent()).toContain(name);
    expect(
      await page
        .locator(`#${sectionId} .atelier-waiting`)
        .textContent()
        .catch(() => ''),
    ).not.toContain(name);
    await screenshot(page, 'tableau-apres-affectation');
    await page.goto(`${run.baseUrl}/etablissements/${arras.id}/sans-activite`);
    await expectAccessible(page, 'sans activité');
    await screenshot(page, 'sans-activite');
    await page.goto(`${run.baseUrl}/etablissements/${arras.id}/personnes`);
    await expectAccessible(page, 'personnes');
    await page.locator('#liste-personnes tbody a').first().click();
    await page.waitForURL(/\/personnes\/\d+$/);
    await expectAccessible(page, 'fiche personne');
    await screenshot(page, 'fiche-personne');
    expect(problems).toEqual([]);
    await context.close();
  });
});
