import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/demo/data.ts';
import { navigationFor } from '../../src/features.ts';
import { expectAccessible, logIn, type Running, screenshot, startAppAndBrowser, watchProblems } from './support.ts';

let run: Running;
beforeAll(async () => {
  run = await startAppAndBrowser();
});
afterAll(() => run?.stop());

describe('each demo account', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.email, a.role] as const))('%s logs in and sees the %s navigation, every page accessible', async (email, role) => {
    const context = await run.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${run.baseUrl}/connexion`);
    await expectAccessible(page, 'connexion');
    await logIn(page, run.baseUrl, email);
    const nav = await page.locator('#navigation a').allTextContents();
    expect(nav.map((t) => t.trim())).toEqual(navigationFor(role).map((i) => i.label));
    await screenshot(page, `${role}-accueil`);
    for (const item of navigationFor(role)) {
      await page.goto(run.baseUrl + item.href);
      expect(await page.locator('h1').count(), item.href).toBe(1);
      await expectAccessible(page, `${role} ${item.href}`);
      await screenshot(page, `${role}${item.href.replaceAll('/', '-')}`);
    }
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.waitForURL(/\/connexion\?deconnecte=1$/);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the administrator', () => {
  it('creates an establishment through the htmx form, without reloading the page, and sees it listed', async () => {
    const context = await run.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await logIn(page, run.baseUrl, 'admin@atelier.test');
    await page.goto(`${run.baseUrl}/etablissements`);
    // A marker on window survives only if htmx swapped the section instead of loading a page.
    await page.evaluate(() => Object.assign(window, { stillSamePage: true }));

    await page.getByLabel('Nom *').fill('Centre de détention de Val-de-Reuil');
    await page.getByLabel('Type d’établissement *').selectOption('centre_detention');
    await page.getByLabel('Commune *').fill('Val-de-Reuil');
    await page.getByLabel('Capacité *').fill('');
    await page.getByRole('button', { name: 'Créer l’établissement' }).click();
    await expect.poll(() => page.locator('#champ-capacity-erreur').textContent()).toBe('Indiquez la capacité (nombre de places).');
    await expectAccessible(page, 'formulaire en erreur');
    await screenshot(page, 'admin-etablissement-erreur');

    await page.getByLabel('Capacité *').fill('800');
    await page.getByRole('button', { name: 'Créer l’établissement' }).click();
    await expect.poll(() => page.locator('#section-etablissements .fr-alert--success').textContent()).toContain('Centre de détention de Val-de-Reuil');
    expect(await page.locator('#liste-etablissements').textContent()).toContain('Centre de détention de Val-de-Reuil');
    expect(await page.evaluate(() => (window as unknown as { stillSamePage?: boolean }).stillSamePage)).toBe(true);
    await expectAccessible(page, 'établissement créé');
    await screenshot(page, 'admin-etablissement-cree');
    expect(problems).toEqual([]);
    await context.close();
  });
});
