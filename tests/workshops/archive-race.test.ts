import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { Post } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { createSqlDatabase, type SqlDatabase, seedWorld, type World } from '../support/sql.ts';

/**
 * Issue 17, item 2: archiving a post while someone is being assigned to it never leaves an
 * archived post with a holder. PostgreSQL guards both sides (`post_archive_guard`;
 * `assignment_guard` and `assignment_archived_post`), so a script or a second instance cannot pass either.
 */

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

describe('archiving a post and assigning someone to it at once', () => {
  it('20 times: never an archived post with a holder', async () => {
    const mine = await createEstablishment(t.em());
    const workshop = await createWorkshop(t.em(), mine, { name: 'Reliure', partner: await createPartner(t.em()) });
    const user = await createUser(t.em(), 'coordinator', { establishments: [mine] });
    const [archiver, assigner] = [await signedIn(user), await signedIn(user)];
    const outcomes = { archived: 0, assigned: 0 };
    for (let round = 0; round < 20; round++) {
      const post = await createPost(t.em(), workshop);
      const person = await createDetainee(t.em(), mine, { arrivalDate: '2025-10-01' });
      const [archived, assigned] = await Promise.all([
        archiver.post(`/postes/${post.id}/archivage`),
        assigner.post(`/personnes/${person.id}/affectations`, {
          postId: String(post.id),
          contractReference: `CEP-RACE-${round}`,
          startsOn: '2026-01-05',
          weeklyHours: '20',
        }),
      ]);
      expect(archived.status).toBeLessThan(500);
      expect(assigned.status).toBeLessThan(500);
      const stored = await t.em().findOneOrFail(Post, post.id);
      const holders = await t.em().count(Assignment, { post: post.id });
      expect({ round, archived: stored.archivedAt !== null, holders }).not.toMatchObject({ archived: true, holders: 1 });
      if (stored.archivedAt) outcomes.archived++;
      if (holders) outcomes.assigned++;
      expect(outcomes.archived + outcomes.assigned).toBe(round + 1);
    }
  });
});

describe('the guards in PostgreSQL', () => {
  let db: SqlDatabase;
  let sw: World;
  beforeAll(async () => {
    db = await createSqlDatabase();
    sw = await seedWorld(db);
  });
  afterAll(() => db.close());

  it('refuse to archive a post someone holds, and accept it once the contract has ended', async () => {
    const archive: [string, unknown[]] = ['update post set archived_at = now() where id = $1', [sw.post]];
    expect((await db.attempt(archive))?.message).toMatch(/atelier: .*occupé/);
    expect(
      await db.attempt(['update assignment set ended_on = $2, end_reason = $3 where id = $1', [sw.assignment, '2026-03-31', 'end_of_contract']], archive),
    ).toBeNull();
  });

  it('refuse an assignment on an archived post', async () => {
    const { rows } = await db.client.query<{ id: number }>(
      `insert into post (establishment_id, workshop_id, code, title, weekly_minutes, pay_category, archived_at)
       select establishment_id, workshop_id, 'ARCH-01', title, weekly_minutes, pay_category, now() from post where id = $1 returning id`,
      [sw.post],
    );
    const archived = rows[0]?.id;
    const insert: [string, unknown[]] = [
      `insert into assignment (establishment_id, detainee_id, post_id, contract_reference, starts_on, trial_ends_on, weekly_minutes, pay_category)
       select establishment_id, detainee_id, $2, 'CEP-ARCH', '2027-01-04', '2027-01-17', 600, pay_category from assignment where id = $1`,
      [sw.assignment, archived],
    ];
    expect((await db.attempt(insert))?.message).toMatch(/atelier: .*archivé/);
  });

  it('refuse to bring an ended contract back on a post archived since, and accept a shorter end', async () => {
    const end = (day: string | null): [string, unknown[]] => [
      'update assignment set ended_on = $2, end_reason = case when $2::date is null then null else end_reason end where id = $1',
      [sw.assignment, day],
    ];
    const ended: [string, unknown[]] = ['update assignment set ended_on = $2, end_reason = $3 where id = $1', [sw.assignment, '2026-03-31', 'end_of_contract']];
    const archive: [string, unknown[]] = ['update post set archived_at = now() where id = $1', [sw.post]];
    expect((await db.attempt(ended, archive, end(null)))?.message).toMatch(/atelier: Le poste de cette affectation est archivé/);
    expect((await db.attempt(ended, archive, end('2099-12-31')))?.message).toMatch(/atelier: Le poste de cette affectation est archivé/);
    expect(await db.attempt(ended, archive, end('2026-03-20'))).toBeNull();
  });
});
