import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { plusDays } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * Issue 17, item 1: clearing a cell checks the version it was shown at, like a save does, so a
 * clear and a save of the same cell at once never both win (the save silently erased).
 */

let t: TestContext;
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

describe('a cleared cell and a concurrent save', () => {
  it('clear ∥ save 8 at the same version, 20 times: one wins, the other gets 409, never both 200 with the 8 gone', async () => {
    const mine = await createEstablishment(t.em());
    const workshop = await createWorkshop(t.em(), mine, { name: 'Reliure', partner: await createPartner(t.em()) });
    const post = await createPost(t.em(), workshop);
    const person = await createDetainee(t.em(), mine, { arrivalDate: '2025-10-01' });
    const user = await createUser(t.em(), 'coordinator', { establishments: [mine] });
    const [clearer, saver] = [await signedIn(user), await signedIn(user)];
    const signed = await clearer.post(`/personnes/${person.id}/affectations`, {
      postId: String(post.id),
      contractReference: 'CEP-CLEAR',
      startsOn: '2026-01-05',
      weeklyHours: '35',
    });
    expect(signed.status).toBeLessThan(400);
    const a = await t.em().findOneOrFail(Assignment, { detainee: person.id, post: post.id });
    const cell = (key: string, value: string, version: number, by: Browser) =>
      by.post('/pointage/cellule', { cell: key, [key]: value, version: String(version) }, HX);
    const entryOn = (day: string) => t.em().findOne(TimeEntry, { assignment: a.id, day, isAdjustment: false });

    let bothWon = 0;
    for (let round = 0; round < 20; round++) {
      // Tuesday of each week from 6 January 2026, holding 5 h at version 1 before the race.
      const day = plusDays('2026-01-06', 7 * round);
      const key = `c-a${a.id}-${day}`;
      expect((await cell(key, '5', 0, clearer)).status).toBe(200);
      const shown = (await entryOn(day))?.version as number;
      expect(shown).toBeGreaterThan(0);
      const [cleared, saved] = await Promise.all([cell(key, '', shown, clearer), cell(key, '8', shown, saver)]);
      const stored = await entryOn(day);
      if (cleared.status === 200 && saved.status === 200) bothWon++;
      if (stored) {
        expect(stored.minutes).toBe(480);
        expect(saved.status).toBe(200);
        expect(cleared.status).toBe(409);
      } else {
        expect(cleared.status).toBe(200);
        expect(saved.status).toBe(409);
      }
    }
    expect(bothWon).toBe(0);
  });
});
