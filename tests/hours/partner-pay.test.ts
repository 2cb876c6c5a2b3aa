import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { type Day, mondayOf } from '../../src/platform/calendar.ts';
import { readCsv } from '../../src/platform/csv.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * A partner's statement (issue 21, item 4): the people its workshops employ, on its posts only,
 * with the majorations of each person's whole week (all employers together), in euros computed
 * here by hand. Production posts in 2026: 12,02 € × 45 % = 5,409 €/h.
 */
const H = 60;
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

async function contract(mine: Establishment, workshop: Workshop, person: Detainee, weeklyHours: number, code: string, title: string) {
  const em = t.em();
  const post = await createPost(em, workshop, { code, title });
  const a = em.create(Assignment, {
    establishment: mine.id,
    detainee: person.id,
    post: post.id,
    contractReference: `CEP-${post.id}`,
    startsOn: '2026-02-02',
    trialEndsOn: '2026-02-02',
    weeklyMinutes: weeklyHours * H,
    payCategory: 'production',
  });
  await em.flush();
  return a;
}

/** Hours typed on the given days; their weeks validated unless told otherwise. */
async function typed(a: Assignment, workshop: Workshop, days: Record<Day, number | string>, { validate = true } = {}) {
  const em = t.em();
  for (const [day, value] of Object.entries(days)) {
    em.create(TimeEntry, {
      establishment: a.establishment.id,
      detainee: a.detainee.id,
      assignment: a.id,
      workshop: workshop.id,
      day,
      kind: typeof value === 'number' ? 'work' : 'absence',
      minutes: typeof value === 'number' ? value * H : 0,
      absenceCode: typeof value === 'number' ? null : value,
    });
  }
  await em.flush();
  if (validate)
    for (const monday of new Set(Object.keys(days).map(mondayOf)))
      await em.getConnection().execute(
        `insert into timesheet_week (establishment_id, workshop_id, week_start, status, validated_at) values (?, ?, ?, 'validated', now())
         on conflict (workshop_id, week_start) where workshop_id is not null do update set status = 'validated', validated_at = now()`,
        [a.establishment.id, workshop.id, monday],
      );
}

/**
 * March 2026. « Reliure » (partner P): Aubert, 35 h contract, works 37 h the week of 2 March
 * (validated) and 7 h on 9 March (not validated yet). Berger holds 20 h in « Reliure » and 15 h
 * in « Menuiserie » (partner Q): 16 h in Menuiserie on Monday and Tuesday, then 22 h in Reliure
 * from Wednesday: 38 h in the week against 35 h of contracts, so its last 3 h (Friday, in
 * Reliure) are overtime at +25 %, which P owes.
 */
async function march() {
  const em = t.em();
  const mine = await createEstablishment(em);
  const p = await createPartner(em);
  const q = await createPartner(em);
  const reliure = await createWorkshop(em, mine, { name: 'Reliure', partner: p });
  const menuiserie = await createWorkshop(em, mine, { name: 'Menuiserie', partner: q });
  const aubert = await createDetainee(em, mine, { lastName: 'Aubert', firstName: 'Alice' });
  const berger = await createDetainee(em, mine, { lastName: 'Berger', firstName: 'Bruno' });
  const a1 = await contract(mine, reliure, aubert, 35, 'REL-01', 'Relieur');
  const b1 = await contract(mine, reliure, berger, 20, 'REL-02', 'Massicotier');
  const b2 = await contract(mine, menuiserie, berger, 15, 'MEN-01', 'Menuisier');
  await typed(b2, menuiserie, { '2026-03-02': 8, '2026-03-03': 8 });
  // Reliure's week is validated once both are typed (a validated week takes no more entries).
  await typed(b1, reliure, { '2026-03-04': 8, '2026-03-05': 8, '2026-03-06': 6 }, { validate: false });
  await typed(a1, reliure, { '2026-03-02': 8, '2026-03-03': 8, '2026-03-04': 7, '2026-03-05': 7, '2026-03-06': 7 });
  await typed(a1, reliure, { '2026-03-09': 7 }, { validate: false });
  const partnerP = await signedIn(await createUser(em, 'partner', { partner: p }));
  const partnerQ = await signedIn(await createUser(em, 'partner', { partner: q }));
  const coordinator = await signedIn(await createUser(em, 'coordinator', { establishments: [mine] }));
  return { mine, reliure, menuiserie, aubert, berger, partnerP, partnerQ, coordinator };
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function page(browser: Browser, month = '2026-03') {
  const res = await browser.get(`/structure/paie?mois=${month}`);
  expect(res.status).toBe(200);
  const rows = [...res.doc.querySelectorAll('#paie tbody tr')];
  const row = (name: string) => rows.find((r) => text(r.querySelector('th')).includes(name));
  const cell = (name: string, key: string) => text(row(name)?.querySelector(`[data-ligne="${key}"]`));
  return { res, rows, row, cell };
}

async function csv(browser: Browser, month = '2026-03') {
  const res = await t.app.request(`/structure/paie.csv?mois=${month}`, {
    headers: { Cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  expect(res.status).toBe(200);
  return readCsv(await res.text());
}

describe('the pay of the people a partner’s workshops employ', () => {
  it('shows only the partner’s posts, with the overtime of the person’s whole week, in euros computed by hand', async () => {
    const { partnerP, aubert, berger } = await march();
    const { res, rows, row, cell } = await page(partnerP);
    expect(rows).toHaveLength(2);
    // Aubert: 35 h × 5,409 = 189,315 → 189,32 €; 2 h × 5,409 × 1,25 = 13,5225 → 13,52 €; exact 202,8375 → 202,84 €.
    expect(text(row('AUBERT'))).toContain('Reliure');
    expect(text(row('AUBERT'))).toContain('REL-01 Relieur');
    expect(cell('AUBERT', 'normal')).toBe('35 h 189,32 €');
    expect(cell('AUBERT', 'overtime25')).toBe('2 h 13,52 €');
    expect(cell('AUBERT', 'brut')).toBe('202,84 €');
    // 7 h typed on 9 March wait for their week's validation: shown, not paid.
    expect(text(row('AUBERT'))).toContain('7 h');
    // Berger in Reliure: 22 h, of which the week's last 3 are overtime (38 h against 35 h of contracts):
    // 19 h × 5,409 = 102,771 → 102,77 €; 3 h × 6,76125 = 20,28375 → 20,28 €; exact 123,05475 → 123,05 €.
    // Counted on Reliure alone (22 h for 20 h) it would have been complementary hours: it is not.
    expect(cell('BERGER', 'normal')).toBe('19 h 102,77 €');
    expect(cell('BERGER', 'overtime25')).toBe('3 h 20,28 €');
    expect(cell('BERGER', 'brut')).toBe('123,05 €');
    expect(res.doc.querySelector('[data-ligne="complementary10"]')).toBeNull();
    // The workshop's total: 189,315 + 13,5225 + 102,771 + 20,28375 = 325,89125 → 325,89 €.
    expect(text(res.doc.querySelector('#ateliers tbody tr'))).toContain('325,89 €');
    expect(text(res.doc.querySelector('#brut-total'))).toContain('325,89 €');
    // Nothing of the other partner's workshop (16 h × 5,409 = 86,54 €), nor beyond name and post.
    expect(res.html).not.toContain('Menuiserie');
    expect(res.html).not.toContain('MEN-01');
    expect(res.html).not.toContain('86,54');
    expect(res.html).not.toContain(aubert.prisonNumber);
    expect(res.html).not.toContain(berger.prisonNumber);
    expect(res.html).not.toMatch(/contrat|écrou|naissance|1990/i);
    expect(res.html).toContain('donneur d’ordre');
  });

  it('gives the same figures in the CSV as on the page', async () => {
    const { partnerP } = await march();
    const { rows: pageRows } = await page(partnerP);
    const { header, rows } = await csv(partnerP);
    expect(rows).toHaveLength(pageRows.length);
    const col = (r: string[], name: string) => r[header.indexOf(name)] ?? '';
    const onPage = pageRows.map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map((td) => text(td));
      return [text(tr.querySelector('th')), ...cells];
    });
    const inCsv = rows.map((r) => [
      `${col(r, 'Nom').toUpperCase()} ${col(r, 'Prénom')}`,
      col(r, 'Atelier'),
      col(r, 'Poste'),
      `${col(r, 'Heures validées')} h`,
      `${col(r, 'Heures en attente de validation')} h`,
      `${col(r, 'Heures au taux normal (h)')} h ${col(r, 'Heures au taux normal (€)')} €`,
      `${col(r, 'Heures supplémentaires à +25 % (h)')} h ${col(r, 'Heures supplémentaires à +25 % (€)')} €`,
      `${col(r, 'Brut (€)')} €`,
    ]);
    expect(inCsv).toEqual(onPage);
    expect(inCsv[1]?.[7]).toBe('123,05 €');
    expect(header.join(' ')).not.toMatch(/écrou|Menuiserie/);
  });

  it('shows another partner its own workshop only, and nothing to coordinators, admins or committee members', async () => {
    const { partnerQ, coordinator } = await march();
    const { res, rows, cell } = await page(partnerQ);
    expect(rows).toHaveLength(1);
    // Berger in Menuiserie: 16 h × 5,409 = 86,544 → 86,54 €.
    expect(cell('BERGER', 'normal')).toBe('16 h 86,54 €');
    expect(res.html).not.toContain('Reliure');
    expect(res.html).not.toContain('AUBERT');
    const { rows: csvRows } = await csv(partnerQ);
    expect(csvRows.map((r) => r.join(' '))).toEqual([expect.not.stringContaining('Reliure')]);
    expect((await coordinator.get('/structure/paie?mois=2026-03')).status).toBe(403);
    expect((await coordinator.get('/structure/paie.csv?mois=2026-03')).status).toBe(403);
    const admin = await signedIn(await createUser(t.em(), 'admin'));
    expect((await admin.get('/structure/paie?mois=2026-03')).status).toBe(403);
    const committee = await signedIn(await createUser(t.em(), 'committee'));
    expect((await committee.get('/structure/paie?mois=2026-03')).status).toBe(403);
    expect((await committee.get('/structure/paie.csv?mois=2026-03')).status).toBe(403);
  });

  it('names a paid absence « Absences rémunérées », never its reason', async () => {
    const em = t.em();
    const mine = await createEstablishment(em);
    const partner = await createPartner(em);
    const reliure = await createWorkshop(em, mine, { name: 'Reliure', partner });
    const person = await createDetainee(em, mine, { lastName: 'Carpentier', firstName: 'Chloé' });
    // The establishment pays court summons (CJ) from 1 January 2026.
    await em.getConnection().execute(
      `insert into absence_reason (establishment_id, code, label, legal_item, justified, paid, counts_for_leave, requires_suspension, offered, effective_from)
       select establishment_id, code, label, legal_item, justified, true, counts_for_leave, requires_suspension, offered, '2026-01-01'
         from absence_reason where establishment_id = ? and code = 'CJ'`,
      [mine.id],
    );
    const a = await contract(mine, reliure, person, 35, 'REL-09', 'Relieur');
    await typed(a, reliure, { '2026-03-02': 7, '2026-03-03': 7, '2026-03-04': 7, '2026-03-05': 7, '2026-03-06': 'CJ' });
    const partnerUser = await signedIn(await createUser(em, 'partner', { partner }));
    const { res, cell } = await page(partnerUser);
    // 28 h × 5,409 = 151,452 → 151,45 €; the paid day: 35 h ÷ 5 = 7 h × 5,409 = 37,863 → 37,86 €; exact 189,315 → 189,32 €.
    expect(cell('CARPENTIER', 'normal')).toBe('28 h 151,45 €');
    expect(cell('CARPENTIER', 'paidAbsence')).toBe('7 h 37,86 €');
    expect(cell('CARPENTIER', 'brut')).toBe('189,32 €');
    expect(res.html).toContain('Absences rémunérées');
    expect(res.html).not.toMatch(/Convocation|judiciaire|\bCJ\b|Absences payées/);
    const { header, rows } = await csv(partnerUser);
    expect(rows[0]?.[header.indexOf('Absences rémunérées (€)')]).toBe('37,86');
  });
});
