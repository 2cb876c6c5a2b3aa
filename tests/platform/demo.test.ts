import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoData } from '../../src/demo/data.ts';
import { Establishment } from '../../src/establishments/entities.ts';
import { navigationFor } from '../../src/features.ts';
import { policyVersionsOf } from '../../src/leave/service.ts';
import { plusMonths, toDay } from '../../src/platform/calendar.ts';
import { User } from '../../src/users/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { TEST_PASSWORD_HASH_COST } from '../support/factories.ts';

let t: TestContext;
let loaded: boolean;
beforeAll(async () => {
  t = await createTestContext();
  loaded = await loadDemoData(t.em(), TEST_PASSWORD_HASH_COST);
});
afterAll(() => t.close());

describe('demo data', () => {
  it('loads two establishments and one account per role (and a partner’s colleague), once', async () => {
    expect(loaded).toBe(true);
    expect(await loadDemoData(t.em(), TEST_PASSWORD_HASH_COST)).toBe(false);
    expect(await t.em().count(Establishment, {})).toBe(2);
    // One per role, and the partner's plain colleague (issue 21).
    expect(await t.em().count(User, {})).toBe(5);
    const coordinator = await t.em().findOneOrFail(User, { email: 'coordination@atelier.test' }, { populate: ['establishments'] });
    expect(coordinator.establishments).toHaveLength(2);
    const partner = await t.em().findOneOrFail(User, { email: 'partenaire@atelier.test' }, { populate: ['partner'] });
    expect(partner.partner?.name).toMatch(/Reliures/);
  });

  it('gives Arras the InSERRE leave policy in two versions and Brest the labour code’s', async () => {
    const [arras, brest] = await t.em().find(Establishment, {}, { orderBy: { city: 'asc' } });
    const today = toDay(new Date());
    const arrasVersions = await policyVersionsOf(t.em(), arras?.id ?? 0);
    // Each version numbered by its rank among the establishment's versions.
    expect(arrasVersions.map((v) => [v.name, v.effectiveFrom, v.yearlyCapDays, v.version])).toEqual([
      ['InSERRE Arras v1', plusMonths(today, -6), 1200, 1],
      ['InSERRE Arras v2', plusMonths(today, -2), 1400, 2],
    ]);
    expect((await policyVersionsOf(t.em(), brest?.id ?? 0)).map((v) => [v.name, v.daysPerMonth, v.monthMinDays])).toEqual([['Code du travail Brest', 250, 20]]);
  });

  it.each(DEMO_ACCOUNTS.map((a) => [a.email, a.role] as const))('lets %s log in and see the %s navigation', async (email, role) => {
    const b = new Browser(t.app);
    expect((await b.login(email, DEMO_PASSWORD)).status).toBe(303);
    const home = await b.get('/');
    const links = [...home.doc.querySelectorAll('#navigation a')].map((a) => a.textContent);
    expect(links).toEqual(navigationFor(role).map((i) => i.label));
    for (const item of navigationFor(role)) expect((await b.get(item.href)).status, item.href).toBe(200);
    if (role === 'partner') expect((await b.get('/structure')).doc.querySelector('h1')?.textContent).toMatch(/Reliures Solidaires/);
  });
});
