import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemoData } from '../../src/demo/data.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { TEST_PASSWORD_HASH_COST } from '../support/factories.ts';

/** The demo's proposed candidate (issue 21, item 9): the partner proposed someone, the CPU has it to examine. */
const TODAY = '2026-11-30';
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  expect(await loadDemoData(t.em(), TEST_PASSWORD_HASH_COST, new Date(`${TODAY}T10:00:00Z`))).toBe(true);
});
afterAll(() => t.close());

describe('demo proposals', () => {
  it('holds a submitted candidacy proposed by the demo partner for one of its workshops, shown on its proposals page', async () => {
    const rows = await t
      .em()
      .getConnection()
      .execute<{ workshop_id: number; status: string; submitted_on: string; name: string; demo_partner: boolean }[]>(
        `select c.workshop_id, c.status, to_char(c.submitted_on, 'YYYY-MM-DD') as submitted_on, upper(d.last_name) || ' ' || d.first_name as name,
                w.partner_id = (select u.partner_id from app_user u where u.email = 'partenaire@atelier.test') as demo_partner
           from candidacy c join workshop w on w.id = c.workshop_id join detainee d on d.id = c.detainee_id
          where c.proposed_by = 'partner'`,
      );
    expect(rows).toHaveLength(1);
    const [proposal] = rows;
    expect(proposal).toMatchObject({ status: 'submitted', submitted_on: TODAY, demo_partner: true });
    const browser = new Browser(t.app);
    await browser.login('partenaire@atelier.test', DEMO_PASSWORD);
    const page = await browser.get(`/ateliers/${proposal?.workshop_id}/candidats`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#propositions tbody')?.textContent).toContain(proposal?.name);
    expect(page.doc.querySelector('#propositions tbody')?.textContent).toContain('Déposée');
  });
});
