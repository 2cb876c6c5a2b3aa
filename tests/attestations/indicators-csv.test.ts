import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeIndicators, indicatorDefinitions } from '../../src/indicators/catalogue.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { readCsv } from '../../src/platform/csv.ts';
import type { User } from '../../src/users/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createProgramme, createSession, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-12-04') });
});
afterAll(async () => {
  await t.close();
});

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

async function csvOf(b: Browser, query: string) {
  const res = await t.app.request(`/indicateurs.csv?${query}`, { headers: { Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  // Decoded keeping the BOM, which French spreadsheets need to read UTF-8.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  const table = res.status === 200 ? readCsv(text) : { header: [], rows: [] };
  return { status: res.status, type: res.headers.get('Content-Type'), disposition: res.headers.get('Content-Disposition'), text, ...table };
}

async function scenario() {
  const em = t.em();
  const mine = await createEstablishment(em);
  const other = await createEstablishment(em);
  const programme = await createProgramme(em);
  // October 2026: two sessions of `mine` run (12 + 8 = 20 places); one ends in September, one is another establishment's.
  await createSession(em, mine, programme, { startsOn: '2026-09-15', endsOn: '2026-10-10', places: 12 });
  await createSession(em, mine, programme, { startsOn: '2026-10-20', endsOn: '2026-12-18', places: 8 });
  await createSession(em, mine, programme, { startsOn: '2026-09-01', endsOn: '2026-09-30', places: 30 });
  await createSession(em, other, programme, { startsOn: '2026-10-01', endsOn: '2026-10-31', places: 5 });
  const users: Record<string, User> = {
    admin: await createUser(em, 'admin'),
    coordinator: await createUser(em, 'coordinator', { establishments: [mine] }),
    otherCoordinator: await createUser(em, 'coordinator', { establishments: [other] }),
    committee: await createUser(em, 'committee', { establishments: [mine] }),
    partner: await createUser(em, 'partner'),
  };
  return { mine, other, users };
}

describe('GET /indicateurs.csv', () => {
  it('writes every indicator of the catalogue with its value as computeIndicators gives it, one row per breakdown line too', async () => {
    const s = await scenario();
    const csv = await csvOf(await signedIn(s.users.coordinator as User), `etablissement=${s.mine.id}&du=2026-10-01&au=2026-10-31`);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.disposition).toBe('attachment; filename="indicateurs-2026-10-01-2026-10-31.csv"');
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.header).toEqual(['Famille', 'Code', 'Indicateur', 'Détail', 'Valeur', 'Unité', 'Non calculé ou laissé de côté']);
    const main = (key: string) => csv.rows.find((r) => r[1] === key && r[3] === '');
    // 2 sessions of the establishment run in October (12 + 8 places); September's and the other establishment's are left out.
    expect(main('training.sessions')?.[4]).toBe('2');
    expect(main('training.places')?.[4]).toBe('20');
    const values = await computeIndicators(t.em(), { establishmentIds: [s.mine.id] }, { from: '2026-10-01', to: '2026-10-31' });
    const definitions = indicatorDefinitions();
    const breakdownLines = [...values.values()].reduce((n, v) => n + (v.breakdown?.length ?? 0), 0);
    expect(csv.rows).toHaveLength(definitions.length + breakdownLines);
    for (const d of definitions) {
      expect(main(d.key)?.[2], d.key).toBe(d.label);
      const value = values.get(d.key)?.value ?? null;
      if (d.unit === 'count') expect(main(d.key)?.[4], d.key).toBe(value === null ? '' : String(value));
    }
  });

  it('answers admins, the establishment’s coordinators and its committee members; 404 outside their scope, 403 to a partner', async () => {
    const s = await scenario();
    const query = `etablissement=${s.mine.id}&du=2026-10-01&au=2026-10-31`;
    for (const [who, status] of [
      ['admin', 200],
      ['coordinator', 200],
      ['committee', 200],
      ['otherCoordinator', 404],
      ['partner', 403],
    ] as const) {
      expect((await csvOf(await signedIn(s.users[who] as User), query)).status, who).toBe(status);
    }
  });

  it('refuses a missing or reversed period with a 400 saying what to fix', async () => {
    const s = await scenario();
    const b = await signedIn(s.users.coordinator as User);
    const missing = await csvOf(b, `etablissement=${s.mine.id}&du=2026-10-01`);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('dernier jour de la période');
    const reversed = await csvOf(b, 'du=2026-10-31&au=2026-10-01');
    expect(reversed.status).toBe(400);
    expect(reversed.text).toContain('finit avant de commencer');
  });
});
