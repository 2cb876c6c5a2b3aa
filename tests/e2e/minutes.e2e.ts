import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Committee, Decision, Meeting, MeetingItem } from '../../src/committees/entities.ts';
import { toDay } from '../../src/platform/calendar.ts';
import { formatDay } from '../../src/platform/format.ts';
import { expectAccessible, logIn, type Running, screenshot, startAppAndBrowser, watchProblems } from './support.ts';

let run: Running;
beforeAll(async () => {
  run = await startAppAndBrowser();
});
afterAll(() => run?.stop());

describe('the minutes of a meeting, taken live', () => {
  it('saves an item’s text as it is typed, adds a decision without leaving the page, and approves the minutes', async () => {
    const em = run.db.orm.em.fork();
    const committee = await em.findOneOrFail(Committee, { code: 'CT-ARRAS' });
    const meeting = await em.findOneOrFail(Meeting, { committee, status: 'draft' });
    const item = await em.findOneOrFail(MeetingItem, { meeting, kind: 'topic' }, { orderBy: { position: 'asc' } });
    const url = `${run.baseUrl}/reunions/${meeting.id}`;

    const context = await run.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await logIn(page, run.baseUrl, 'coordination@atelier.test');
    // The demo's coming meeting is held today instead: its date corrected on the preparation page (minutes are approved from the meeting's day).
    await page.goto(`${url}/preparation`);
    await page.getByText('Modifier la date, l’heure ou le lieu').click();
    await page.locator('#reunion-day').fill(toDay(new Date()));
    await page.locator('#reunion-time').fill('09:00');
    await page.locator('#reunion').getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain(`${formatDay(toDay(new Date()))} à 09h00`);
    await page.goto(url);
    await expectAccessible(page, 'page de la réunion');

    // 1. Typed text is saved on its own, 800 ms after the last key, and says so.
    const text = page.locator(`#texte-point-${item.id}`);
    await text.click();
    await text.pressSequentially('Les ateliers tournent à plein.\n\n- reliure : 8 postes\n- vélo : 6 postes', { delay: 10 });
    const state = page.locator(`#enregistrement-point-${item.id}`);
    await expect.poll(() => state.textContent(), { timeout: 5000 }).toMatch(/Enregistré à \d{2} h \d{2}/);
    await expect
      .poll(async () => (await run.db.orm.em.fork().findOneOrFail(MeetingItem, item.id)).discussion)
      .toBe('Les ateliers tournent à plein.\n\n- reliure : 8 postes\n- vélo : 6 postes');

    // 2. A decision is added under the item; the page stays, the typed text too.
    await page.locator(`#nouvelle-decision-${item.id}-text`).fill('Ouvrir un atelier de menuiserie');
    await page.locator(`#suites-point-${item.id}`).getByRole('button', { name: 'Ajouter la décision' }).click();
    await expect.poll(() => page.locator(`#suites-point-${item.id}`).textContent()).toContain('n° en attente d’approbation');
    expect(page.url()).toBe(url);
    expect(await text.inputValue()).toContain('vélo : 6 postes');
    await screenshot(page, 'compte-rendu-redaction');

    // 3. Submitted to the members, then approved (the committee's chair is external: the coordinator approves as manager).
    await page.getByRole('button', { name: 'Soumettre aux membres' }).click();
    await page.waitForURL(url);
    await expect.poll(() => page.locator('#messages').textContent()).toContain('Le compte rendu est soumis aux membres');
    await page.getByRole('button', { name: 'Approuver' }).click();
    await page.waitForURL(url);
    await expect.poll(() => page.locator('#messages').textContent()).toContain('Le compte rendu est approuvé');
    const decision = await run.db.orm.em.fork().findOneOrFail(Decision, { meeting: meeting.id, text: 'Ouvrir un atelier de menuiserie' });
    expect(decision.number).not.toBeNull();
    const number = `CT-ARRAS-${decision.year}-${String(decision.number).padStart(2, '0')}`;
    expect(await page.locator(`#point-${item.id}`).textContent()).toContain(number);
    expect(await page.locator(`#point-${item.id} .atelier-minutes-text li`).allTextContents()).toEqual(['reliure : 8 postes', 'vélo : 6 postes']);
    await expectAccessible(page, 'compte rendu approuvé');
    await screenshot(page, 'compte-rendu-approuve');

    const pdf = await page.request.get(`${url}/compte-rendu.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(problems).toEqual([]);
    await context.close();
  });
});
