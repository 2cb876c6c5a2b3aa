import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Establishment } from '../../src/establishments/entities.ts';
import { Workshop } from '../../src/workshops/entities.ts';
import { logIn, type Running, screenshot, startAppAndBrowser } from './support.ts';

let run: Running;
beforeAll(async () => {
  run = await startAppAndBrowser();
});
afterAll(() => run?.stop());

/** What sticks out of a 1280 px window once the page is scrolled vertically only: the page's width, and each action past the right edge. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width) problems.push(`page ${document.documentElement.scrollWidth} px wide`);
    for (const el of document.querySelectorAll<HTMLElement>('button, input[type="submit"], a.fr-btn')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (box.right > width + 0.5)
        problems.push(`« ${(el.textContent || el.title || el.getAttribute('value') || '').trim()} » ends at ${Math.round(box.right)} px`);
    }
    return problems;
  });
}

/** Visits each page and gathers what does not fit, and the establishment menu each establishment page draws. */
async function visit(page: Page, paths: string[], who: string) {
  const problems: string[] = [];
  const menus = new Map<string, string>();
  for (const path of paths) {
    const response = await page.goto(`${run.baseUrl}${path}`);
    expect(response?.status(), `${who} ${path}`).toBe(200);
    for (const p of await overflow(page)) problems.push(`${who} ${path}: ${p}`);
    const menu = page.locator('#menu-etablissement');
    if ((await menu.count()) > 0) menus.set(path, (await menu.locator('a').allTextContents()).join(' | '));
    await screenshot(page, `fit-1280-${who}${path.replace(/[^a-z0-9]+/gi, '-')}`);
  }
  return { problems, menus };
}

async function pagesOf(page: Page, establishment: Establishment, workshop: Workshop): Promise<string[]> {
  await page.goto(`${run.baseUrl}/etablissements/${establishment.id}`);
  const main = await page.locator('#navigation a.fr-nav__link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const sections = await page.locator('#menu-etablissement a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set([...main, ...sections, `/ateliers/${workshop.id}`])];
}

describe('every page fits a 1280 px laptop without hiding an action', () => {
  it.each([
    ['coordination@atelier.test', 'coordination'],
    ['admin@atelier.test', 'admin'],
  ])('for %s: no horizontal scroll, every button in view, one establishment menu everywhere', async (email, who) => {
    const em = run.db.orm.em.fork();
    const arras = await em.findOneOrFail(Establishment, { kind: 'inserre' });
    const bikes = await em.findOneOrFail(Workshop, { name: 'Atelier vélo de l’espace citoyen' });
    const context = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await logIn(page, run.baseUrl, email);
    const paths = await pagesOf(page, arras, bikes);
    for (const expected of ['/', `/etablissements/${arras.id}/tableau`, `/etablissements/${arras.id}/sans-activite`, `/etablissements/${arras.id}/pointage`])
      expect(paths).toContain(expected);
    // A partner's agreements (the catalogue's page for one partner): its actions in view too.
    const binding = await em.findOneOrFail(Workshop, { name: 'Atelier reliure' });
    // The demo's shared evaluation report (its SHA-256 is long and must wrap, not scroll).
    const [report] = await em.getConnection().execute<Array<{ id: number }>>(`select id from evaluation_report order by id limit 1`);
    const { problems, menus } = await visit(page, [...paths, `/partenaires/${binding.partner.id}/conventions`, `/rapports/${report?.id}`], who);
    expect(problems).toEqual([]);
    // The same establishment menu, with the same entries, on every establishment page.
    const establishmentPages = paths.filter((p) => p.startsWith(`/etablissements/${arras.id}`));
    expect([...menus.keys()].sort()).toEqual(establishmentPages.sort());
    expect(new Set(menus.values()).size).toBe(1);
    expect([...menus.values()][0]).toContain('Sans activité');
    expect([...menus.values()][0]).toContain('Pointage');
    await context.close();
  });

  it('for the partner: its home, profile, team, pay, its workshop’s log, sheet and candidates', async () => {
    const em = run.db.orm.em.fork();
    const binding = await em.findOneOrFail(Workshop, { name: 'Atelier reliure' });
    const context = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await logIn(page, run.baseUrl, 'partenaire@atelier.test');
    const main = await page.locator('#navigation a.fr-nav__link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(main).toEqual(['/', '/structure', '/structure/paie', '/comites', '/indicateurs']);
    const workshopPages = ['journal', 'pointage', 'candidats?q=ke'].map((p) => `/ateliers/${binding.id}/${p}`);
    const { problems } = await visit(page, [...main, '/structure/equipe', ...workshopPages], 'partenaire');
    expect(problems).toEqual([]);
    // The menu marks the page's own entry only: « Rémunérations » under /structure, not « Ma structure » too.
    await page.goto(`${run.baseUrl}/structure/paie`);
    expect(await page.locator('#navigation a[aria-current="page"]').allTextContents()).toEqual(['Rémunérations']);
    await context.close();
  });
});
