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

    // The first workshop whose waiting list can be served today (an "Affecter" button and a vacant post).
    const candidate = page
      .locator('section.atelier-board-workshop', { has: page.getByRole('link', { name: 'Affecter' }) })
      .filter({ has: page.locator('tr.atelier-row--vacant') })
      .first();
    const sectionId = await candidate.getAttribute('id');
    // Pin the section by its id: once the link is swapped for the form, the filter above would match another one.
    const section = page.locator(`#${sectionId}`);
    const firstWaiting = section.locator('.atelier-waiting-item').first();
    const name = (await firstWaiting.locator('a[href^="/personnes/"]').textContent())?.trim() ?? '';
    expect(name).not.toBe('');
    await firstWaiting.getByRole('link', { name: 'Affecter' }).click();
    const form = section.locator('form.atelier-assign-form');
    await form.waitFor();
    // The link that had the focus is gone: the focus is on the form's post, not back at the top of the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('postId');
    expect(await form.locator('input[name="contractEndsOn"]').count()).toBe(1);
    await screenshot(page, 'tableau-formulaire-affectation');
    await expectAccessible(page, 'formulaire d’affectation');
    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Confirmer l’affectation' }).click();
    const posted = await answer;
    expect(posted.status(), await posted.text()).toBe(200);

    // The message is in the workshop's section, where the user is, and the keyboard focus with it.
    await expect.poll(() => page.locator(`#${sectionId} .fr-alert--success`).textContent()).toContain(`Affectation de ${name} au poste`);
    expect(await page.locator(`#${sectionId} .fr-alert--success`).textContent()).toContain('retirée de la liste d’attente');
    expect(await page.evaluate(() => document.activeElement?.closest('section')?.id)).toBe(sectionId);
    expect(await page.locator(`#${sectionId} .fr-alert--success`).isVisible()).toBe(true);
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
  }, 180_000);
});
