import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { SmicRate } from '../../src/hours/entities.ts';
import { Post } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let admin: Browser;
let coordinator: Browser;

beforeAll(async () => {
  t = await createTestContext();
  await createUser(t.em(), 'admin', { email: 'admin@exemple.fr' });
  admin = new Browser(t.app);
  await admin.login('admin@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

describe('SMIC and pay floors', () => {
  it('are added with an effective date by an administrator; a bad amount is refused next to its field', async () => {
    const bad = await admin.post('/admin/remunerations/smic', { effectiveFrom: '2027-01-01', hourly: '12 euros' });
    expect(bad.status).toBe(422);
    expect(bad.doc.querySelector('#smic-hourly-erreur')?.textContent).toBe('Indiquez le SMIC horaire brut en euros, par exemple 12,02.');
    expect((await admin.post('/admin/remunerations/smic', { effectiveFrom: '2027-01-01', hourly: '12,40' })).status).toBe(303);
    expect(await t.em().findOneOrFail(SmicRate, { effectiveFrom: '2027-01-01' })).toMatchObject({ hourlyCents: 1240 });
    const twice = await admin.post('/admin/remunerations/smic', { effectiveFrom: '2027-01-01', hourly: '12,50' });
    expect(twice.doc.querySelector('#smic-effectiveFrom-erreur')?.textContent).toBe('Un SMIC est déjà enregistré à cette date.');
    expect((await admin.post('/admin/remunerations/planchers', { category: 'general_3', effectiveFrom: '2027-01-01', percent: '22,5' })).status).toBe(303);
    const page = await admin.get('/admin/remunerations');
    expect(page.doc.querySelector('#smic')?.textContent).toContain('12,40 €');
    expect(page.doc.querySelector('#planchers')?.textContent).toContain('22,5 % du SMIC');
  });

  it('are read by coordinators, changed by administrators only', async () => {
    const e = await createEstablishment(t.em());
    await createUser(t.em(), 'coordinator', { email: 'coord@exemple.fr', establishments: [e] });
    coordinator = new Browser(t.app);
    await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
    expect((await coordinator.get('/admin/remunerations')).status).toBe(200);
    expect((await coordinator.post('/admin/remunerations/smic', { effectiveFrom: '2028-01-01', hourly: '13' })).status).toBe(403);
  });

  it('change the pay from their date: a SMIC change in the middle of a month', async () => {
    // SMIC 12,02 € until 10 June 2026, then (for this test) 12,50 €: 7 h on 9 June + 7 h on 11 June at 45 %.
    await admin.post('/admin/remunerations/smic', { effectiveFrom: '2026-06-10', hourly: '12,50' });
    const e = await createEstablishment(t.em(), { name: 'Centre de test de la paie' });
    await createUser(t.em(), 'coordinator', { email: 'paie@exemple.fr', establishments: [e] });
    const b = new Browser(t.app);
    await b.login('paie@exemple.fr', TEST_PASSWORD);
    const w = await createWorkshop(t.em(), e);
    const post = await createPost(t.em(), w);
    const person = await createDetainee(t.em(), e, { arrivalDate: '2026-01-05' });
    await b.post(`/personnes/${person.id}/affectations`, { postId: String(post.id), contractReference: 'CEP-P', startsOn: '2026-06-01' });
    const a = await t.em().findOneOrFail(Assignment, { detainee: person.id });
    for (const day of ['2026-06-09', '2026-06-11']) {
      const key = `c-a${a.id}-${day}`;
      expect((await b.post('/pointage/cellule', { cell: key, [key]: '7h', version: '0' }, { 'HX-Request': 'true' })).status).toBe(200);
    }
    await b.post(`/ateliers/${w.id}/pointage/validation?semaine=2026-06-08`);
    // 7 × 12,02 × 0,45 = 37,863 and 7 × 12,50 × 0,45 = 39,375: 77,238 € → 77,24 €.
    const page = await b.get(`/etablissements/${e.id}/paie?mois=2026-06`);
    const row = page.doc.querySelector('#paie tbody tr');
    expect(row?.textContent).toContain('14 h');
    // The rates exact (three decimals at least): 12,02 × 45 % = 5,409 €; 12,50 × 45 % = 5,625 €.
    expect(row?.textContent).toContain('5,409 € / 5,625 €');
    expect(row?.textContent).toContain('77,24 €');
  });

  it('pays a post’s own rate when it is above the floor', async () => {
    const e = await createEstablishment(t.em(), { name: 'Centre du taux' });
    await createUser(t.em(), 'coordinator', { email: 'taux@exemple.fr', establishments: [e] });
    const b = new Browser(t.app);
    await b.login('taux@exemple.fr', TEST_PASSWORD);
    const w = await createWorkshop(t.em(), e);
    await b.post(`/ateliers/${w.id}/postes`, { code: 'TAUX-01', title: 'Chef d’équipe', weeklyHours: '35', payCategory: 'production', payRate: '50' });
    const post = await t.em().findOneOrFail(Post, { code: 'TAUX-01' });
    const person = await createDetainee(t.em(), e, { arrivalDate: '2026-01-05' });
    await b.post(`/personnes/${person.id}/affectations`, { postId: String(post.id), contractReference: 'CEP-T', startsOn: '2026-03-02' });
    const a = await t.em().findOneOrFail(Assignment, { detainee: person.id });
    const key = `c-a${a.id}-2026-03-03`;
    await b.post('/pointage/cellule', { cell: key, [key]: '7h', version: '0' }, { 'HX-Request': 'true' });
    await b.post(`/ateliers/${w.id}/pointage/validation?semaine=2026-03-02`);
    // 7 h × 12,02 € × 50 % = 42,07 €.
    const page = await b.get(`/etablissements/${e.id}/paie?mois=2026-03`);
    expect(page.doc.querySelector('#paie tbody tr')?.textContent).toContain('42,07 €');
  });

  // Last of the file: it leaves validated weeks up to 3 January 2027.
  it('look only at validated weeks with time in them: an empty week validated on 28 December does not block the January SMIC', async () => {
    // Issue 16, item 8: the empty week of 28 December 2026, validated in one workshop.
    const e = await createEstablishment(t.em(), { name: 'Centre de la semaine vide' });
    const w = await createWorkshop(t.em(), e);
    await t
      .em()
      .execute(`insert into timesheet_week (establishment_id, workshop_id, week_start, status, validated_at) values (?, ?, '2026-12-28', 'validated', now())`, [
        e.id,
        w.id,
      ]);
    const accepted = await admin.post('/admin/remunerations/smic', { effectiveFrom: '2026-12-31', hourly: '12,30' });
    expect(accepted.status).toBe(303);
    // The same week with time in it does block a SMIC within it (the pay of validated time never changes).
    const post = await createPost(t.em(), w);
    const person = await createDetainee(t.em(), e, { arrivalDate: '2026-01-05' });
    const [a] = await t.em().execute<{ id: number }[]>(
      `insert into assignment (establishment_id, detainee_id, post_id, contract_reference, starts_on, trial_ends_on, weekly_minutes, pay_category)
         values (?, ?, ?, 'CEP-VIDE', '2026-12-01', '2026-12-01', 2100, 'production') returning id`,
      [e.id, person.id, post.id],
    );
    await t.em().execute(`update timesheet_week set status = 'open', validated_at = null where workshop_id = ?`, [w.id]);
    await t
      .em()
      .execute(
        `insert into time_entry (establishment_id, detainee_id, assignment_id, workshop_id, day, kind, minutes) values (?, ?, ?, ?, '2026-12-29', 'work', 420)`,
        [e.id, person.id, a?.id, w.id],
      );
    await t.em().execute(`update timesheet_week set status = 'validated', validated_at = now() where workshop_id = ?`, [w.id]);
    const refused = await admin.post('/admin/remunerations/smic', { effectiveFrom: '2027-01-02', hourly: '12,50' });
    expect(refused.status).toBe(422);
    expect(refused.doc.querySelector('#smic-effectiveFrom-erreur')?.textContent).toBe(
      'Des semaines sont validées jusqu’au 03/01/2027 : la date d’effet doit être postérieure.',
    );
  });
});
