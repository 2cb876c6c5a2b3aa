import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { Post, Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/** The post's category is the floor (code pénitentiaire D412-64), in the services, in PostgreSQL, and for the rows that predate it. */

let t: TestContext;
let home: Establishment;
let coordinator: Browser;

beforeAll(async () => {
  t = await createTestContext();
  home = await createEstablishment(t.em());
  const user = await createUser(t.em(), 'coordinator', { establishments: [home] });
  coordinator = new Browser(t.app);
  await coordinator.login(user.email, TEST_PASSWORD);
});
afterAll(() => t.close());

const sql = (query: string, params: unknown[] = []) => t.em().getConnection().execute(query, params);

/** A workshop outside insertion, with a general-service post of `category`. */
async function generalPost(category: 'general_1' | 'general_2' | 'general_3') {
  const workshop = await createWorkshop(t.em(), home);
  const em = t.em();
  const w = await em.findOneOrFail(Workshop, workshop.id);
  w.iaeType = 'none';
  await em.flush();
  const post = await createPost(t.em(), w);
  const p = await em.findOneOrFail(Post, post.id);
  p.payCategory = category;
  await em.flush();
  return p;
}

const assignForm = (postId: number, payCategory: string) => ({
  postId: String(postId),
  contractReference: 'CEP-2026-0900',
  startsOn: '2026-03-02',
  payCategory,
});

describe('an assignment’s pay category', () => {
  it('below its production post’s (20 % < 45 %) is refused next to the field, naming D412-64, and nothing is stored', async () => {
    const post = await createPost(t.em(), await createWorkshop(t.em(), home));
    const person = await createDetainee(t.em(), home);
    const reply = await coordinator.post(`/personnes/${person.id}/affectations`, assignForm(post.id, 'general_3'));
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#affectation-payCategory-erreur')?.textContent).toBe(
      'La catégorie « Service général, classe III » paie moins que celle du poste (« Production (concession, régie, insertion) ») : la catégorie du poste est un plancher (code pénitentiaire, art. D412-64).',
    );
    expect(await t.em().count(Assignment, { detainee: person.id })).toBe(0);
  });

  it.each([
    ['general_1', 'general_2', 422, '25 % < 33 %'],
    ['general_2', 'general_3', 422, '20 % < 25 %'],
    ['general_2', 'general_2', 303, 'the post’s own'],
    ['general_2', 'general_1', 303, '33 % > 25 %'],
    ['general_3', 'production', 303, '45 % > 20 %'],
  ] as const)('on a %s post, a %s contract answers %i (%s)', async (postCategory, category, status, _why) => {
    const post = await generalPost(postCategory);
    const person = await createDetainee(t.em(), home);
    expect((await coordinator.post(`/personnes/${person.id}/affectations`, assignForm(post.id, category))).status).toBe(status);
    expect(await t.em().count(Assignment, { detainee: person.id })).toBe(status === 303 ? 1 : 0);
  });

  it('is refused by PostgreSQL below the post’s, from a script too (trigger assignment_category_floor)', async () => {
    const post = await createPost(t.em(), await createWorkshop(t.em(), home));
    const person = await createDetainee(t.em(), home);
    const insert = (category: string) =>
      sql(
        `insert into assignment (establishment_id, detainee_id, post_id, contract_reference, starts_on, trial_ends_on, weekly_minutes, pay_category)
         values (?, ?, ?, 'CEP-S', '2026-03-02', '2026-03-02', 1200, ?) returning id`,
        [home.id, person.id, post.id, category],
      );
    await expect(insert('general_1')).rejects.toThrow(/ne peut pas payer moins que celle de son poste \(code pénitentiaire, art\. D412-64\)/);
    const [row] = (await insert('production')) as Array<{ id: number }>;
    await expect(sql(`update assignment set pay_category = 'general_3' where id = ?`, [row?.id])).rejects.toThrow(/D412-64/);
  });
});

describe('a post’s category', () => {
  it('is not raised above the contract of the person who holds the post, and nothing changes', async () => {
    const post = await generalPost('general_3');
    const person = await createDetainee(t.em(), home, { lastName: 'Titulaire' });
    expect((await coordinator.post(`/personnes/${person.id}/affectations`, assignForm(post.id, 'general_3'))).status).toBe(303);
    const fresh = await t.em().findOneOrFail(Post, post.id);
    const form = { code: fresh.code, title: fresh.title, weeklyHours: '35', payCategory: 'general_1', version: String(fresh.version) };
    const reply = await coordinator.post(`/postes/${post.id}`, form, { 'HX-Request': 'true' });
    expect(reply.status).toBe(422);
    expect(reply.html).toContain(`Le contrat de ${person.fullName()} sur ce poste paierait moins que cette catégorie`);
    expect((await t.em().findOneOrFail(Post, post.id)).payCategory).toBe('general_3');
    // From a script too (trigger post_category_guard).
    await expect(sql(`update post set pay_category = 'general_1' where id = ?`, [post.id])).rejects.toThrow(/paierait moins que cette catégorie.*D412-64/);
    expect(
      (await coordinator.post(`/postes/${post.id}`, { ...form, payCategory: 'general_3', title: 'Agent d’entretien' }, { 'HX-Request': 'true' })).status,
    ).toBe(200);
  });
});

describe('a post in an insertion workshop', () => {
  it('is refused by PostgreSQL outside production, and the workshop cannot become ACI with one (triggers post_category_guard, workshop_iae_production)', async () => {
    const aci = await createWorkshop(t.em(), home);
    await expect(
      sql(
        `insert into post (establishment_id, workshop_id, title, code, weekly_minutes, pay_category) values (?, ?, 'Agent', 'ACI-SG-01', 2100, 'general_3')`,
        [home.id, aci.id],
      ),
    ).rejects.toThrow(/ne reçoit que des postes de production/);
    const sg = await generalPost('general_3');
    await expect(sql(`update workshop set iae_type = 'aci' where id = ?`, [sg.workshop.id])).rejects.toThrow(/postes hors production/);
    await expect(sql(`update workshop set name = 'Service général renommé' where id = ?`, [sg.workshop.id])).resolves.toBeDefined();
  });
});

describe('rows that predate the guards', () => {
  it('are not changed but flagged: on the person’s page, on the board, and in the view category_floor_problem; other edits still pass', async () => {
    const aci = await createWorkshop(t.em(), home);
    const post = await createPost(t.em(), aci);
    const person = await createDetainee(t.em(), home, { lastName: 'Ancien' });
    expect((await coordinator.post(`/personnes/${person.id}/affectations`, assignForm(post.id, 'production'))).status).toBe(303);
    const assignment = await t.em().findOneOrFail(Assignment, { detainee: person.id });
    // As the data stood before the migration: a production post overridden at class III.
    await sql('alter table assignment disable trigger assignment_category_floor');
    await sql(`update assignment set pay_category = 'general_3' where id = ?`, [assignment.id]);
    await sql('alter table assignment enable trigger assignment_category_floor');

    const page = await coordinator.get(`/personnes/${person.id}`);
    expect(page.doc.querySelector(`#affectation-${assignment.id} .atelier-category-warning`)?.textContent).toMatch(
      /À corriger : La catégorie « Service général, classe III » paie moins que celle du poste.*D412-64/,
    );
    const board = await coordinator.get(`/etablissements/${home.id}/tableau`);
    expect(board.doc.querySelector(`#postes-atelier-${aci.id} .atelier-category-warning`)?.textContent).toMatch(/À corriger/);
    const listed = (await sql('select kind, assignment_id from category_floor_problem where establishment_id = ?', [home.id])) as Array<{
      kind: string;
      assignment_id: number | null;
    }>;
    expect(listed).toContainEqual({ kind: 'assignment', assignment_id: assignment.id });
    expect((await t.em().findOneOrFail(Assignment, assignment.id)).payCategory).toBe('general_3');
    await expect(sql(`update assignment set end_note = 'relu' where id = ?`, [assignment.id])).resolves.toBeDefined();
  });
});
