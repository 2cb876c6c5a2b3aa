import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Establishment } from '../../src/establishments/entities.ts';
import { Workshop } from '../../src/workshops/entities.ts';
import { ARTIFACTS, expectAccessible, logIn, type Running, screenshot, startAppAndBrowser, watchProblems } from './support.ts';

let run: Running;
beforeAll(async () => {
  run = await startAppAndBrowser();
});
afterAll(() => run?.stop());

describe('the demo coordinator sets up an establishment', () => {
  it('creates a post with the htmx form, edits one inline, and downloads the establishment sheet', async () => {
    const em = run.db.orm.em.fork();
    const arras = await em.findOneOrFail(Establishment, { kind: 'inserre' });
    const bikes = await em.findOneOrFail(Workshop, { name: 'Atelier vélo de l’espace citoyen' });
    const context = await run.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await logIn(page, run.baseUrl, 'coordination@atelier.test');

    await page.goto(`${run.baseUrl}/etablissements/${arras.id}`);
    await expectAccessible(page, 'vue d’ensemble');
    await page.getByRole('link', { name: 'Ateliers', exact: true }).click();
    await page.waitForURL(`${run.baseUrl}/etablissements/${arras.id}/ateliers`);
    await expectAccessible(page, 'ateliers');
    await screenshot(page, 'coordination-ateliers');

    await page.goto(`${run.baseUrl}/ateliers/${bikes.id}`);
    await page.evaluate(() => Object.assign(window, { stillSamePage: true }));
    // The add row proposes the next code of the series.
    expect(await page.locator('#nouveau-poste-code').inputValue()).toBe('ARR-VEL-11');
    await page.locator('#nouveau-poste-title').fill('Réparateur de vélos électriques');
    await page.locator('#nouveau-poste-weeklyHours').fill('24h');
    await page.locator('#nouveau-poste-payCategory').selectOption('production');
    await page.getByRole('button', { name: 'Ajouter le poste' }).click();
    await expect.poll(() => page.locator('#section-postes .fr-alert--success').textContent()).toContain('ARR-VEL-11');
    const row = page.locator('#liste-postes tbody tr', { hasText: 'ARR-VEL-11' });
    expect(await row.textContent()).toContain('Réparateur de vélos électriques');
    expect(await row.textContent()).toContain('24 h');
    await expectAccessible(page, 'poste ajouté');
    await screenshot(page, 'coordination-poste-ajoute');

    // A wrong value is refused on the add row itself.
    await page.locator('#nouveau-poste-title').fill('Poste trop long');
    await page.locator('#nouveau-poste-weeklyHours').fill('40');
    await page.getByRole('button', { name: 'Ajouter le poste' }).click();
    await expect.poll(() => page.locator('#nouveau-poste-weeklyHours-erreur').textContent()).toBe('Un poste compte au plus 35 h par semaine (temps plein).');

    // Inline edit of the first post.
    const first = page.locator('#liste-postes tbody tr').first();
    await first.getByRole('link', { name: 'Modifier' }).click();
    const titleField = page.locator('tr.atelier-row--editing input[name="title"]');
    await titleField.fill('Mécanicien cycles confirmé');
    await page.locator('tr.atelier-row--editing').getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.locator('#liste-postes tbody tr').first().textContent()).toContain('Mécanicien cycles confirmé');
    expect(await page.evaluate(() => (window as unknown as { stillSamePage?: boolean }).stillSamePage)).toBe(true);
    await screenshot(page, 'coordination-poste-modifie');

    await page.goto(`${run.baseUrl}/etablissements/${arras.id}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger la fiche établissement (PDF)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^fiche-etablissement-inserre-d-arras-demo-.*\.pdf$/);
    const file = path.join(ARTIFACTS, 'fiche-etablissement.pdf');
    await download.saveAs(file);
    const { stdout } = await promisify(execFile)('pdftotext', [file, '-']);
    expect(stdout).toContain('Réparateur de vélos électriques');
    expect(stdout).toContain('Mécanicien cycles confirmé');
    expect(problems).toEqual([]);
    await context.close();
  });
});
