import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLeaveDays } from '../../src/leave/service.ts';
import { mondayOf, plusDays, toDay } from '../../src/platform/calendar.ts';
import { Workshop } from '../../src/workshops/entities.ts';
import { expectAccessible, logIn, type Running, screenshot, startAppAndBrowser, watchProblems } from './support.ts';

let run: Running;
beforeAll(async () => {
  run = await startAppAndBrowser();
});
afterAll(() => run?.stop());

describe('a leave request, from the partner’s grid to the balance explained', () => {
  it('is asked for by the partner, approved in one click, locked in the grid, and taken from the balance', async () => {
    const binding = await run.db.orm.em.fork().findOneOrFail(Workshop, { name: 'Atelier reliure' });
    // Six weeks ahead: an open week, clear of the demo's own requests.
    const monday = plusDays(mondayOf(toDay(new Date())), 42);
    const tuesday = plusDays(monday, 1);
    const grid = `${run.baseUrl}/ateliers/${binding.id}/pointage?semaine=${monday}`;

    // 1. The partner, from its grid, asks for Monday and Tuesday for one of its people.
    const partnerContext = await run.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'fr-FR' });
    const partner = await partnerContext.newPage();
    const partnerProblems = watchProblems(partner);
    await logIn(partner, run.baseUrl, 'partenaire@atelier.test');
    await partner.goto(grid);
    await partner.locator('#demander-conge').click();
    await partner.waitForURL(/\/conges\/nouvelle$/);
    await expectAccessible(partner, 'demande de congé du partenaire');
    const option = partner.locator('select[name="detaineeId"] option:not([value=""])').first();
    const detaineeId = (await option.getAttribute('value')) ?? '';
    // « GIRARD Cédric — BRE-REL-01 Relieur »: the name is what the grid's row shows.
    const name = ((await option.textContent()) ?? '').split(' — ')[0]?.trim() ?? '';
    expect(name).not.toBe('');
    await partner.selectOption('select[name="detaineeId"]', detaineeId);
    await partner.locator('#conge-startsOn').fill(monday);
    await partner.locator('#conge-endsOn').fill(tuesday);
    await partner.locator('#conge-comment').fill('Visite familiale prévue');
    await partner.getByRole('button', { name: 'Enregistrer la demande' }).click();
    await partner.waitForURL(`${run.baseUrl}/ateliers/${binding.id}`);
    await expect.poll(() => partner.locator('#messages').textContent()).toContain('La demande de congé est enregistrée');

    // 2. The coordinator sees it waiting from the home page, and approves it in one click.
    const coordinatorContext = await run.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'fr-FR' });
    const coordinator = await coordinatorContext.newPage();
    const coordinatorProblems = watchProblems(coordinator);
    await logIn(coordinator, run.baseUrl, 'coordination@atelier.test');
    // (The home lists each establishment's queue: the workshop's one.)
    await coordinator.locator(`a[href="/etablissements/${binding.establishment.id}/conges/demandes"]`).first().click();
    await coordinator.waitForURL(/\/conges\/demandes$/);
    await expectAccessible(coordinator, 'file des demandes de congé');
    const row = coordinator.locator('tr[data-status="requested"]', { hasText: name }).filter({ hasText: 'Visite familiale prévue' });
    await expect.poll(() => row.count()).toBe(1);
    const rowId = await row.getAttribute('id');
    await screenshot(coordinator, 'conges-file-avant');
    await row.getByRole('button', { name: 'Approuver' }).click();
    await expect.poll(() => coordinator.locator(`#${rowId}`).getAttribute('data-status')).toBe('approved');
    expect(await coordinator.locator(`#${rowId}`).textContent()).toContain('Approuvée');

    // 3. The grid shows the two days as leave, locked: CP for the coordinator, « Congé » for the partner.
    await coordinator.goto(grid);
    const personRow = coordinator.locator('#pointage tbody tr', { hasText: name });
    const days = personRow.locator('td.atelier-time--leave');
    await expect.poll(() => days.count()).toBe(2);
    // The code shown, then (for screen readers) the person, the day and why it is locked.
    for (const text of await days.allTextContents()) expect(text.trim()).toMatch(new RegExp(`^CP${name}, .* : Congé approuvé du `));
    expect(await days.locator('input').count()).toBe(0);
    await screenshot(coordinator, 'conges-grille-coordination');
    await partner.goto(grid);
    const partnerDays = partner.locator('#pointage tbody tr', { hasText: name }).locator('td.atelier-time--leave');
    expect(await partnerDays.count()).toBe(2);
    for (const text of await partnerDays.allTextContents()) {
      expect(text.trim()).toMatch(/^Congé/);
      expect(text).not.toContain('CP');
    }
    expect(await partnerDays.locator('input').count()).toBe(0);
    await expectAccessible(partner, 'grille avec un congé');

    // 4. The person's balance at Tuesday: a « Congé pris » of −2 j, and the balance the sum of the movements listed.
    await coordinator.goto(`${run.baseUrl}/personnes/${detaineeId}?conges=${tuesday}#conges`);
    const movements = coordinator.locator('#conges-mouvements tbody tr');
    const taken = movements.filter({ hasText: 'Congé pris' }).filter({ hasText: 'approuvé par' });
    await expect.poll(() => taken.count()).toBeGreaterThanOrEqual(1);
    expect(await taken.last().getAttribute('data-centidays')).toBe('-200');
    const amounts = (await movements.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-centidays'))))) as number[];
    const sum = amounts.reduce((n, a) => n + a, 0);
    expect(await coordinator.locator('#conges-solde-date').textContent()).toBe(formatLeaveDays(sum));
    await screenshot(coordinator, 'conges-solde-explique');

    expect(partnerProblems).toEqual([]);
    expect(coordinatorProblems).toEqual([]);
    await partnerContext.close();
    await coordinatorContext.close();
  });
});
