import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { Browser, createTestContext, parse, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * A partner sees the people who held a post in its workshop during the week shown, by name and
 * post only: no contract hours, no reason of an absence (« Absent »), nothing about a suspension
 * or the dates of a contract (« — »), and an import answers a number it may not know like a wrong one.
 */
let t: TestContext;
const MONDAY = '2026-01-05';
const HX = { 'HX-Request': 'true' };

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

/**
 * The partner's workshop « Reliure »: Aubert (20 h, suspended Tuesday and Wednesday, CJ on
 * Monday, M on Tuesday, MED on Thursday, typed by the coordinator), Berger (from Thursday);
 * Chevalier held a post there until December; Dumont works in another partner's workshop.
 */
async function week() {
  const mine = await createEstablishment(t.em());
  const partner = await createPartner(t.em());
  const reliure = await createWorkshop(t.em(), mine, { name: 'Reliure', partner });
  const other = await createWorkshop(t.em(), mine, { name: 'Menuiserie', partner: await createPartner(t.em()) });
  const posts = [
    await createPost(t.em(), reliure, { code: 'PV-REL-01', title: 'Relieur' }),
    await createPost(t.em(), reliure, { code: 'PV-REL-02', title: 'Massicotier' }),
    await createPost(t.em(), reliure, { code: 'PV-REL-03', title: 'Plieur' }),
    await createPost(t.em(), other, { code: 'PV-MEN-01', title: 'Menuisier' }),
  ];
  const people = [
    await createDetainee(t.em(), mine, { lastName: 'Aubert', prisonNumber: 'PV1', arrivalDate: '2025-10-01' }),
    await createDetainee(t.em(), mine, { lastName: 'Berger', prisonNumber: 'PV2', arrivalDate: '2025-10-01' }),
    await createDetainee(t.em(), mine, { lastName: 'Chevalier', prisonNumber: 'PV3', arrivalDate: '2025-10-01' }),
    await createDetainee(t.em(), mine, { lastName: 'Dumont', prisonNumber: 'PV4', arrivalDate: '2025-10-01' }),
  ];
  const coordinator = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [mine] }));
  const partnerUser = await signedIn(await createUser(t.em(), 'partner', { partner }));
  const starts = ['2025-12-01', '2026-01-08', '2025-11-03', '2025-12-01'];
  const hours = ['20', '35', '35', '35'];
  for (const [i, person] of people.entries()) {
    const res = await coordinator.post(`/personnes/${person.id}/affectations`, {
      postId: String(posts[i]?.id),
      contractReference: `CEP-PV-${i}`,
      startsOn: starts[i] as string,
      weeklyHours: hours[i] as string,
    });
    expect(res.status).toBe(303);
  }
  const assignments = await Promise.all(people.map((p) => t.em().fork().findOneOrFail(Assignment, { detainee: p.id })));
  const [aubert, , chevalier] = assignments as [Assignment, Assignment, Assignment, Assignment];
  await adminClient(t.db.url, async (c) => {
    await c.query(`update assignment set ended_on = '2025-12-19', end_reason = 'resignation' where id = $1`, [chevalier.id]);
    await c.query(
      `insert into assignment_suspension (establishment_id, assignment_id, starts_on, ends_on, reason) values ($1, $2, '2026-01-06', '2026-01-07', 'sickness')`,
      [mine.id, aubert.id],
    );
  });
  const key = (a: Assignment, day: string) => `c-a${a.id}-${day}`;
  const save = (b: Browser, a: Assignment, day: string, value: string, version = '0') =>
    b.post('/pointage/cellule', { cell: key(a, day), [key(a, day)]: value, version }, HX);
  for (const [day, code] of [
    ['2026-01-05', 'CJ'],
    ['2026-01-06', 'M'],
    ['2026-01-08', 'MED'],
  ] as const) {
    expect((await save(coordinator, aubert, day, code)).status).toBe(200);
  }
  return { reliure, aubert, partnerUser, coordinator, key, save };
}

/** What no partner answer may hold: contract hours, suspension and contract dates, absence reasons. */
function expectNothingBeyondNameAndPost(html: string) {
  expect(html).not.toMatch(/contrat (à temps partiel )?(de )?\d/);
  expect(html).not.toMatch(/suspendu/i);
  expect(html).not.toMatch(/hors contrat/i);
  expect(html).not.toMatch(/convocation/i);
  expect(html).not.toMatch(/maladie/i);
  expect(html).not.toMatch(/médical/i);
  expect(html).not.toMatch(/\b(CJ|MED)\b/);
}

describe('a partner’s view of its timesheet', () => {
  it('shows a past week’s people by name and post, absences as « Absent », other days as « — »', async () => {
    const { reliure, aubert, partnerUser, key } = await week();
    const page = await partnerUser.get(`/ateliers/${reliure.id}/pointage?semaine=${MONDAY}`);
    expect(page.status).toBe(200);
    expectNothingBeyondNameAndPost(page.html);
    const rows = [...page.doc.querySelectorAll('#pointage tbody th')].map((th) => th.textContent);
    expect(rows).toEqual([expect.stringContaining('AUBERT'), expect.stringContaining('BERGER')]);
    expect(rows[0]).toContain('PV-REL-01 · Relieur');
    expect(page.html).not.toMatch(/chevalier|dumont/i);
    // The coordinator's reasons come back as a neutral absence; a suspended day is an empty locked cell.
    expect(page.doc.querySelector(`#${key(aubert, '2026-01-05')}`)?.getAttribute('value')).toBe('Absent');
    expect(page.doc.querySelector(`#${key(aubert, '2026-01-08')}`)?.getAttribute('value')).toBe('Absent');
    expect(page.doc.querySelector(`#${key(aubert, '2026-01-06')}`)).toBeNull();
    expect(page.doc.querySelector(`#td-${key(aubert, '2026-01-06')}`)?.textContent?.trim()).toBe('—');
  });

  it('answers a cell save without a reason, a suspension or a contract, and takes « ABS » as an absence to qualify', async () => {
    const { reliure, aubert, partnerUser, coordinator, save, key } = await week();
    const taken = await save(partnerUser, aubert, '2026-01-09', 'abs');
    expect(taken.status).toBe(200);
    expectNothingBeyondNameAndPost(taken.html);
    expect(taken.doc.querySelector(`#${key(aubert, '2026-01-09')}`)?.getAttribute('value')).toBe('Absent');
    const entry = await t.em().fork().findOneOrFail(TimeEntry, { assignment: aubert.id, day: '2026-01-09' });
    expect(entry).toMatchObject({ kind: 'absence', absenceCode: 'AI' });
    // The coordinator sees the code and qualifies it.
    const coordinatorPage = await coordinator.get(`/ateliers/${reliure.id}/pointage?semaine=${MONDAY}`);
    expect(coordinatorPage.doc.querySelector(`#${key(aubert, '2026-01-09')}`)?.getAttribute('value')).toBe('AI');
    // Saving the shown « Absent » again keeps the coordinator's reason.
    const kept = await save(partnerUser, aubert, '2026-01-08', 'Absent', '1');
    expect(kept.status).toBe(200);
    expect((await t.em().fork().findOneOrFail(TimeEntry, { assignment: aubert.id, day: '2026-01-08' })).absenceCode).toBe('MED');
    // A stale save over the coordinator's reason: a conflict that does not name it.
    const stale = await save(partnerUser, aubert, '2026-01-05', '7');
    expect(stale.status).toBe(409);
    expectNothingBeyondNameAndPost(stale.html);
    // A suspended day (a forged post: the partner has no field there) is refused without a word of why.
    const forged = await save(partnerUser, aubert, '2026-01-07', '7');
    expect(forged.status).toBe(422);
    expectNothingBeyondNameAndPost(forged.html);
    expect(forged.html).not.toContain('Affectation');
    // Beyond the contract, the reason is asked without the contract's hours (20 h here).
    expect((await save(partnerUser, aubert, '2026-01-10', '10')).status).toBe(200);
    expect((await save(partnerUser, aubert, '2026-01-12', '10')).status).toBe(200);
    expect((await save(coordinator, aubert, '2026-01-13', '10')).status).toBe(200);
    const over = await save(partnerUser, aubert, '2026-01-14', '1');
    expect(over.status).toBe(422);
    expect(over.html).toContain('indiquez le motif des heures supplémentaires');
    expectNothingBeyondNameAndPost(over.html);
  });

  it('refuses a day over the limit with the limits in force, never the hours the person has elsewhere', async () => {
    const { reliure, partnerUser, coordinator, save } = await week();
    const berger = await t
      .em()
      .fork()
      .findOneOrFail(Assignment, { contractReference: 'CEP-PV-1', post: { workshop: reliure.id } });
    const over = await save(partnerUser, berger, '2026-01-12', '11');
    expect(over.status).toBe(422);
    expect(over.html).toContain('temps de travail permis à cette personne');
    expect(over.html).not.toMatch(/11 ?h/);
    // The coordinator is told the total.
    const told = await save(coordinator, berger, '2026-01-12', '11');
    expect(told.html).toMatch(/11 ?h/);
  });

  it('answers an import row of a suspended day, a former holder or another workshop’s person like an unknown number', async () => {
    const { reliure, partnerUser } = await week();
    const csv = ['Numéro d’écrou;Date;Durée', 'PV1;07/01/2026;7h', 'PV3;07/01/2026;7h', 'PV4;07/01/2026;7h', 'INCONNU;07/01/2026;7h'].join('\r\n');
    const form = new FormData();
    form.append('_csrf', partnerUser.csrf);
    form.append('fichier', new File([csv], 'heures.csv', { type: 'text/csv' }));
    const res = await t.app.request(`/ateliers/${reliure.id}/pointage/import?semaine=${MONDAY}`, {
      method: 'POST',
      body: form,
      headers: { Cookie: [...partnerUser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expectNothingBeyondNameAndPost(html);
    expect(html).not.toMatch(/aubert|chevalier|dumont/i);
    const problems = [...parse(html).querySelectorAll('#lignes-a-corriger tbody td')].map((td) => td.textContent?.replace(/« [A-Z0-9]+ »/, '« … »'));
    expect(problems).toHaveLength(4);
    expect(new Set(problems)).toEqual(new Set(['Numéro d’écrou « … » : aucune personne affectée à cet atelier le 07/01/2026.']));
  });
});
