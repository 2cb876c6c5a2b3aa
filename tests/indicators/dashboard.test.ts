import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Establishment } from '../../src/establishments/entities.ts';
import { indicatorDefinitions } from '../../src/indicators/catalogue.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/** « Indicateurs »: each caller reads its own scope, a period and the one before it; anything else answers 404. */
let t: TestContext;
let mine: Establishment;
let other: Establishment;
let workshop: Workshop;
let otherWorkshop: Workshop;
const as: Record<string, Browser> = {};

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-11-30') });
  const em = t.em();
  mine = await createEstablishment(em, { name: 'Tableau de bord' });
  other = await createEstablishment(em, { name: 'Ailleurs' });
  const partner = await createPartner(em);
  workshop = await createWorkshop(em, mine, { name: 'Reliure', partner });
  otherWorkshop = await createWorkshop(em, mine, { name: 'Menuiserie' });
  const users = {
    admin: await createUser(em, 'admin'),
    coordinator: await createUser(em, 'coordinator', { establishments: [mine] }),
    committee: await createUser(em, 'committee', { establishments: [mine] }),
    partner: await createUser(em, 'partner', { partner }),
  };
  for (const [who, user] of Object.entries(users)) {
    as[who] = new Browser(t.app);
    await as[who].login(user.email, TEST_PASSWORD);
  }
});
afterAll(() => t.close());

describe('the dashboard', () => {
  it('shows the last month that has ended by default, beside the month before, with every indicator’s row and definition', async () => {
    const page = await (as.coordinator as Browser).get('/indicateurs');
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('.fr-text--lead')?.textContent).toBe('Tableau de bord — octobre 2026, comparé à septembre 2026.');
    for (const definition of indicatorDefinitions()) {
      const row = page.doc.querySelector(`#indicateur-${definition.key.replace('.', '-')}`);
      expect(row?.querySelector('th')?.textContent, definition.key).toContain(definition.label);
      expect(row?.querySelector('details')?.textContent).toContain(definition.formula);
    }
  });

  it('draws its charts as SVG, each with its data as a table: six months for a month, the quarter’s three for a quarter', async () => {
    const month = await (as.coordinator as Browser).get('/indicateurs');
    const hours = month.doc.querySelector('#graphique-heures');
    expect(hours?.querySelector('svg[role="img"]')).not.toBeNull();
    expect([...(hours?.querySelectorAll('details tbody th') ?? [])].map((th) => th.textContent)).toEqual([
      'mai 26',
      'juin 26',
      'juil. 26',
      'août 26',
      'sept. 26',
      'oct. 26',
    ]);
    expect(month.doc.querySelector('#graphique-taux svg')).not.toBeNull();
    const quarter = await (as.coordinator as Browser).get('/indicateurs?periode=2026-T3');
    expect([...quarter.doc.querySelectorAll('#graphique-taux details tbody th')].map((th) => th.textContent)).toEqual(['juil. 26', 'août 26', 'sept. 26']);
  });

  it('reads a quarter or a year, and falls back to the default on a code that names no period', async () => {
    const lead = async (q: string) =>
      (await (as.admin as Browser).get(`/indicateurs?etablissement=${mine.id}&periode=${q}`)).doc.querySelector('.fr-text--lead')?.textContent;
    expect(await lead('2026-T3')).toBe('Tableau de bord — 3e trimestre 2026, comparé à 2e trimestre 2026.');
    expect(await lead('2026')).toBe('Tableau de bord — année 2026, comparé à année 2025.');
    expect(await lead('2026-T9')).toBe('Tableau de bord — octobre 2026, comparé à septembre 2026.');
  });

  it.each([
    ['admin', () => `etablissement=${other.id}`, 200],
    ['coordinator', () => `etablissement=${mine.id}`, 200],
    ['coordinator', () => `etablissement=${other.id}`, 404],
    ['coordinator', () => `atelier=${workshop.id}`, 200],
    ['committee', () => `etablissement=${mine.id}`, 200],
    ['committee', () => `etablissement=${other.id}`, 404],
    ['partner', () => '', 200],
    ['partner', () => `atelier=${workshop.id}`, 200],
    ['partner', () => `atelier=${otherWorkshop.id}`, 404],
    ['partner', () => `etablissement=${other.id}`, 404],
  ])('answers %s asking %s with %i', async (who, query, status) => {
    expect((await (as[who] as Browser).get(`/indicateurs?${query()}`)).status).toBe(status);
  });

  it('names the scope: the partner its workshops, a workshop with its establishment', async () => {
    const lead = async (who: string, q: string) => (await (as[who] as Browser).get(`/indicateurs?${q}`)).doc.querySelector('.fr-text--lead')?.textContent;
    expect(await lead('partner', '')).toMatch(/^tous vos ateliers \(1\) — octobre 2026/);
    expect(await lead('coordinator', `atelier=${workshop.id}`)).toMatch(/^Reliure \(Tableau de bord\) — /);
  });
});

describe('the dashboard’s figures, kept by data version', () => {
  it('gives the new figure at once after a change (a post opened), never the one it kept', async () => {
    const path = `/indicateurs?etablissement=${mine.id}&periode=2026`;
    const count = async () => (await (as.coordinator as Browser).get(path)).doc.querySelector('#indicateur-posts-count td')?.textContent?.trim();
    const before = await count();
    expect(await count()).toBe(before);
    await createPost(t.em(), workshop);
    expect(Number(await count())).toBe(Number(before) + 1);
  });
});
