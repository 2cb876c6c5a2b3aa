import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/calendar.ts';
import { generateReport } from '../../src/reports/generate.ts';
import type { User } from '../../src/users/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * Who reaches which report (docs/rules.md « Rapports d'évaluation »): admins every report; an
 * establishment's coordinators its reports; committee members of a committee covering it its
 * shared reports and the drafts they asked for; partners none. Reviewing and sharing: admins
 * and the establishment's coordinators. Another establishment's report answers 404, a role that
 * may not 403. Write routes are posted with a refused form (422) or on a shared report (409):
 * an allowed caller is refused by the rule, never by its role; `ok` marks an allowed write,
 * tested in workflow.test.ts.
 */
const ok = null;
const WHO = ['admin', 'coordinator', 'coordinatorElsewhere', 'committee', 'committeeAsker', 'committeeElsewhere', 'partner'] as const;
type Who = (typeof WHO)[number];
type Statuses = [number | null, number | null, number | null, number | null, number | null, number | null, number | null];

let t: TestContext;
const browsers = new Map<Who, Browser>();
const r = { draft: 0, shared: 0, committeeDraft: 0, failed: 0, establishment: 0 };

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-11-30') });
  const em = t.em();
  const mine = await createEstablishment(em, { name: 'Rapports ici' });
  const elsewhere = await createEstablishment(em, { name: 'Rapports ailleurs' });
  await createPost(em, await createWorkshop(em, mine, { name: 'Reliure' }));
  const users: Record<Who, User> = {
    admin: await createUser(em, 'admin'),
    coordinator: await createUser(em, 'coordinator', { establishments: [mine] }),
    coordinatorElsewhere: await createUser(em, 'coordinator', { establishments: [elsewhere] }),
    committee: await createUser(em, 'committee', { establishments: [mine] }),
    committeeAsker: await createUser(em, 'committee', { establishments: [mine] }),
    committeeElsewhere: await createUser(em, 'committee', { establishments: [elsewhere] }),
    partner: await createUser(em, 'partner', { partner: await createPartner(em) }),
  };
  for (const who of WHO) {
    const browser = new Browser(t.app);
    await browser.login(users[who].email, TEST_PASSWORD);
    browsers.set(who, browser);
  }
  r.establishment = mine.id;
  const ask = async (who: Who, periode: string) => {
    const reply = await (browsers.get(who) as Browser).post('/rapports', { etablissement: String(mine.id), periode });
    const id = Number(/([0-9]+)$/.exec(reply.location ?? '')?.[1]);
    return id;
  };
  r.draft = await ask('coordinator', '2026-T3');
  r.shared = await ask('coordinator', '2026-T2');
  r.committeeDraft = await ask('committeeAsker', '2026-T1');
  r.failed = await ask('coordinator', '2026-10');
  for (const id of [r.draft, r.shared, r.committeeDraft]) expect(await generateReport(t.orm, id)).toBe('generated');
  expect((await (browsers.get('coordinator') as Browser).post(`/rapports/${r.shared}/partage`)).status).toBe(303);
  await t.em().execute(`update evaluation_report set status = 'failed', error = 'Essai' where id = ?`, [r.failed]);
});
afterAll(() => t.close());

//                                                                  admin coord  elsew. comm.  asker  c.else partner
const READS: Array<[string, () => string, Statuses]> = [
  ['the list', () => '/rapports', [200, 200, 200, 200, 200, 200, 403]],
  ['a shared report', () => `/rapports/${r.shared}`, [200, 200, 404, 200, 200, 404, 404]],
  ['a shared report’s PDF', () => `/rapports/${r.shared}/rapport.pdf`, [200, 200, 404, 200, 200, 404, 404]],
  ['a coordinator’s draft', () => `/rapports/${r.draft}`, [200, 200, 404, 404, 404, 404, 404]],
  ['its PDF', () => `/rapports/${r.draft}/rapport.pdf`, [200, 200, 404, 404, 404, 404, 404]],
  ['its sharing’s confirmation', () => `/rapports/${r.draft}/partage`, [200, 200, 404, 404, 404, 404, 404]],
  ['its progress', () => `/rapports/${r.draft}/avancement`, [303, 303, 404, 404, 404, 404, 404]],
  ['a committee member’s own draft', () => `/rapports/${r.committeeDraft}`, [200, 200, 404, 404, 200, 404, 404]],
  ['a failed generation', () => `/rapports/${r.failed}`, [200, 200, 404, 404, 404, 404, 404]],
  ['a report that does not exist', () => '/rapports/999999', [404, 404, 404, 404, 404, 404, 404]],
];

const WRITES: Array<[string, () => string, () => Record<string, string>, Statuses]> = [
  [
    'a request for a period not ended',
    () => '/rapports',
    () => ({ etablissement: String(r.establishment), periode: '2026-T4' }),
    [422, 422, 404, 422, 422, 404, 403],
  ],
  ['a comment on a shared report', () => `/rapports/${r.shared}/commentaires/synthese`, () => ({ commentaire: 'Non' }), [409, 409, 404, 403, 403, 404, 404]],
  ['its sharing again', () => `/rapports/${r.shared}/partage`, () => ({}), [409, 409, 404, 403, 403, 404, 404]],
  ['its generation again', () => `/rapports/${r.shared}/relance`, () => ({}), [409, 409, 404, 409, 409, 404, 404]],
  [
    'a comment too long on a committee member’s draft',
    () => `/rapports/${r.committeeDraft}/commentaires/synthese`,
    () => ({ commentaire: 'x'.repeat(2001) }),
    [422, 422, 404, 404, 403, 404, 404],
  ],
  ['the sharing of a coordinator’s draft', () => `/rapports/${r.draft}/partage`, () => ({}), [ok, ok, 404, 404, 404, 404, 404]],
  ['a failed generation’s retry', () => `/rapports/${r.failed}/relance`, () => ({}), [ok, ok, 404, 404, 404, 404, 404]],
];

describe('the reports, route by role', () => {
  it.each(READS)('%s', async (_label, path, statuses) => {
    const got: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [i, who] of WHO.entries()) {
      if (statuses[i] === null) continue;
      got[who] = (await (browsers.get(who) as Browser).get(path())).status;
      expected[who] = statuses[i] as number;
    }
    expect(got).toEqual(expected);
  });

  it.each(WRITES)('%s', async (_label, path, form, statuses) => {
    const got: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [i, who] of WHO.entries()) {
      if (statuses[i] === null) continue;
      got[who] = (await (browsers.get(who) as Browser).post(path(), form())).status;
      expected[who] = statuses[i] as number;
    }
    expect(got).toEqual(expected);
  });

  it('lists for each caller only the reports they may read, a committee member’s own draft marked as such', async () => {
    const listed = async (who: Who) =>
      [...(await (browsers.get(who) as Browser).get('/rapports')).doc.querySelectorAll('#rapports tbody tr')].map((tr) => tr.id);
    const all = [r.draft, r.shared, r.committeeDraft, r.failed].map((id) => `rapport-${id}`).sort();
    expect((await listed('admin')).sort()).toEqual(all);
    expect((await listed('coordinator')).sort()).toEqual(all);
    expect(await listed('coordinatorElsewhere')).toEqual([]);
    expect(await listed('committee')).toEqual([`rapport-${r.shared}`]);
    expect((await listed('committeeAsker')).sort()).toEqual([`rapport-${r.shared}`, `rapport-${r.committeeDraft}`].sort());
    const mine = (await (browsers.get('committeeAsker') as Browser).get('/rapports')).doc.querySelector(`#rapport-${r.committeeDraft}`);
    expect(mine?.textContent).toContain('Votre demande, pas encore partagée');
  });

  it('filters by establishment and by state', async () => {
    const b = browsers.get('admin') as Browser;
    const ids = async (q: string) => [...(await b.get(`/rapports?${q}`)).doc.querySelectorAll('#rapports tbody tr')].map((tr) => tr.id);
    expect(await ids('statut=shared')).toEqual([`rapport-${r.shared}`]);
    expect(await ids('statut=failed')).toEqual([`rapport-${r.failed}`]);
    expect((await ids(`etablissement=${r.establishment}`)).length).toBe(4);
    expect((await b.get('/rapports?statut=nimporte&etablissement=abc')).status).toBe(200);
  });

  it('shows a committee member its own draft without the reviewer’s forms, and no « Demander » to whom may not ask', async () => {
    const page = await (browsers.get('committeeAsker') as Browser).get(`/rapports/${r.committeeDraft}`);
    expect(page.doc.querySelectorAll('textarea').length).toBe(0);
    expect(page.doc.querySelector('#partage')).toBeNull();
    expect((await (browsers.get('committeeElsewhere') as Browser).get('/rapports')).doc.querySelector('#demande-rapport')).not.toBeNull();
  });
});
