import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDay } from '../../src/platform/calendar.ts';
import { askablePeriods } from '../../src/reports/service.ts';
import { ARTIFACTS, expectAccessible, logIn, type Running, screenshot, startAppAndBrowser, watchProblems } from './support.ts';

/**
 * The committee member's evaluation (issue 22), on the demo data with a real report worker:
 * the dashboard of the Brest pilot for the last ended quarter, its shared report whose figures
 * match the dashboard's, then a new report asked for, its progress watched, and downloaded.
 */
const MEMBER = 'comite@atelier.test';
/** A shared CI machine: a generation may take several seconds there. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 90_000, interval: 200 });
const quarter = askablePeriods(toDay(new Date())).quarters[0];
let run: Running;

beforeAll(async () => {
  // Each step of the generation takes a little while here, so that its progress can be seen.
  run = await startAppAndBrowser({ worker: true, hooks: { beforeStep: () => new Promise((r) => setTimeout(r, 400)) } });
});
afterAll(() => run?.stop());

const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

describe('the committee member’s report', () => {
  it('finds the quarter’s shared report matching the dashboard, asks for a new one, watches it progress and downloads it', async () => {
    if (!quarter) throw new Error('no ended quarter');
    const context = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await logIn(page, run.baseUrl, MEMBER);

    // 1. The dashboard, for the pilot and the quarter.
    await page.getByRole('link', { name: 'Indicateurs' }).first().click();
    await page.locator('#etablissement').selectOption({ label: 'Maison d’arrêt de Brest (démo)' });
    await page.locator('#periode').fill(quarter.code);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/periode=/);
    await expectAccessible(page, 'tableau de bord du comité');
    await screenshot(page, 'comite-1-tableau-de-bord');
    const figureOf = async (label: string) =>
      (
        (await page
          .locator('tr', { has: page.locator('th, td', { hasText: label }) })
          .first()
          .locator('td')
          .first()
          .textContent()) ?? ''
      )
        .replace(/\s+/g, ' ')
        .trim();
    const access = await figureOf('Taux d’accès au travail ou à la formation (moyenne de la période)');
    const occupancy = await figureOf('Taux d’occupation des postes');
    expect(access).toMatch(/^\d+(,\d+)? %$/);

    // 2. The quarter's shared report: downloaded, its figures are the dashboard's.
    const shared = page.locator('#rapports-periode li').filter({ hasText: quarter.label });
    await expect.poll(() => shared.count()).toBe(1);
    const [sharedDownload] = await Promise.all([page.waitForEvent('download'), shared.locator('a[download]').click()]);
    const sharedFile = path.join(ARTIFACTS, 'comite-rapport-partage.pdf');
    await sharedDownload.saveAs(sharedFile);
    const sharedText = text(sharedFile);
    expect(sharedText).toContain('Maison d’arrêt de Brest (démo)');
    expect(sharedText).toContain(`Partagé avec le comité`);
    expect(sharedText).toContain(access);
    expect(sharedText).toContain(occupancy);
    expect(sharedText).not.toContain('PROJET');

    // 3. A new report of the quarter: the request returns at once, the page shows the progress.
    await page.getByRole('button', { name: 'Demander le rapport d’évaluation de cette période' }).click();
    await page.waitForURL(/\/rapports\/\d+$/);
    await screenshot(page, 'comite-2-generation');
    const seen = new Set<string>();
    await poll(async () => {
      const step =
        (await page
          .locator('#etape-rapport')
          .textContent()
          .catch(() => '')) ?? '';
      const value = Number(
        await page
          .locator('#progression-rapport')
          .getAttribute('value')
          .catch(() => '0'),
      );
      if (value > 0 && value < 100) seen.add(step.trim());
      return page.locator('#lien-pdf').count();
    }).toBe(1);
    // At least one step of the job was seen on the way, with its progress.
    expect(
      [...seen].some((s) => /Calcul|Évolution|Qualité|Mise en page|Enregistrement/.test(s)),
      [...seen].join(' / '),
    ).toBe(true);
    await expectAccessible(page, 'rapport demandé');
    await screenshot(page, 'comite-3-brouillon');

    // 4. Downloaded: the draft the member asked for, marked as such, with the same figures.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#lien-pdf').click()]);
    const file = path.join(ARTIFACTS, 'comite-rapport-demande.pdf');
    await download.saveAs(file);
    expect((await readFile(file)).subarray(0, 5).toString()).toBe('%PDF-');
    const draftText = text(file);
    expect(draftText).toContain('PROJET');
    expect(draftText).toContain('Version 2');
    expect(draftText).toContain(access);
    expect(problems).toEqual([]);
    await context.close();
  });
});
