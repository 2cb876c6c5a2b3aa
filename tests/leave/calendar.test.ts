import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * A workshop's month of leave (issue 19, item 5): days typed « CP » are leave days, weekends and
 * holidays are marked (November 2026: Sunday 1 and Wednesday 11 are holidays), the workshop's
 * partner sees names, posts and « Congé » only, another partner gets a 404.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-11-20') });
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

async function workshop() {
  const em = t.em();
  const mine = await createEstablishment(em);
  const partner = await createPartner(em);
  const shop = await createWorkshop(em, mine, { name: 'Menuiserie', partner });
  const user = await createUser(em, 'coordinator', { establishments: [mine] });
  const coordinator = await signedIn(user);
  let n = 0;
  /** A person assigned from `startsOn`, with `cells` typed (7 h or an absence code). */
  const person = async (lastName: string, cells: Record<string, number | string>, startsOn = '2026-10-01') => {
    n += 1;
    const post = await createPost(t.em(), shop, { code: `MEN-${mine.id}-${n}` });
    const detainee = await createDetainee(t.em(), mine, { lastName, prisonNumber: `C${mine.id}X${n}`, arrivalDate: '2026-09-01' });
    const made = await coordinator.post(`/personnes/${detainee.id}/affectations`, {
      postId: String(post.id),
      contractReference: `CEP-${n}`,
      startsOn,
      weeklyHours: '35',
    });
    expect(made.status).toBeLessThan(400);
    const assignment = await t.em().findOneOrFail(Assignment, { detainee: detainee.id });
    // CP stands only on a day of approved leave (trigger time_entry_leave_guard): one approved request per CP day.
    for (const [day, cell] of Object.entries(cells))
      if (cell === 'CP')
        await t.em().execute(
          `insert into leave_request (establishment_id, detainee_id, assignment_id, starts_on, ends_on, days, reason, status, decided_by_id, decided_at)
             values (?, ?, ?, ?, ?, 100, 'leave', 'approved', ?, now())`,
          [mine.id, detainee.id, assignment.id, day, day, user.id],
        );
    const fork = t.em();
    for (const [day, cell] of Object.entries(cells))
      fork.create(TimeEntry, {
        establishment: mine.id,
        detainee: detainee.id,
        assignment: assignment.id,
        workshop: shop.id,
        day,
        kind: typeof cell === 'number' ? 'work' : 'absence',
        minutes: typeof cell === 'number' ? cell : 0,
        absenceCode: typeof cell === 'number' ? null : cell,
      });
    await fork.flush();
    return { detainee, post };
  };
  return { mine, partner, shop, coordinator, person };
}

const leaveDays = (doc: Document, detaineeId: number) =>
  [...doc.querySelectorAll(`#conges-${detaineeId} td.atelier-cal--leave`)].map((td) => td.getAttribute('data-day'));

describe('the month calendar of leave', () => {
  it('marks the days typed CP, weekends and holidays, with one row per person holding a post that month', async () => {
    const w = await workshop();
    const alpha = await w.person('Alpha', { '2026-11-02': 'CP', '2026-11-03': 'CP', '2026-11-04': 420, '2026-11-05': 'AI' });
    const bravo = await w.person('Bravo', { '2026-11-16': 'CP' });
    // Assigned from December: not in November's calendar.
    const later = await w.person('Zulu', {}, '2026-12-01');
    const res = await w.coordinator.get(`/ateliers/${w.shop.id}/conges?mois=2026-11`);
    expect(res.status).toBe(200);
    expect(leaveDays(res.doc, alpha.detainee.id)).toEqual(['2026-11-02', '2026-11-03']);
    expect(leaveDays(res.doc, bravo.detainee.id)).toEqual(['2026-11-16']);
    expect(res.doc.querySelector(`#conges-${later.detainee.id}`)).toBeNull();
    const heads = [...res.doc.querySelectorAll('#calendrier-conges thead th')].slice(1);
    expect(heads).toHaveLength(30);
    const classOf = (day: number) => heads[day - 1]?.getAttribute('class') ?? '';
    // Holidays: 1 November (a Sunday, also a weekend) and 11 November (a Wednesday).
    expect(heads.filter((h) => h.classList.contains('atelier-cal--holiday')).map((h) => heads.indexOf(h) + 1)).toEqual([1, 11]);
    expect(heads[10]?.textContent).toContain('férié');
    expect(classOf(7)).toContain('atelier-cal--weekend');
    expect(classOf(9)).toContain('atelier-cal--week');
    expect(classOf(10)).not.toContain('atelier-cal--weekend');
    expect(res.doc.querySelector('#calendrier-conges caption')?.textContent).toContain('novembre 2026');
    expect(res.doc.querySelectorAll('#calendrier-conges tbody th[scope="row"]')).toHaveLength(2);
    expect(res.doc.querySelector('#legende-conges')?.textContent).toContain('Jour férié');
    // A month that is not one: the current month (November 2026).
    const fallback = await w.coordinator.get(`/ateliers/${w.shop.id}/conges?mois=2026-13`);
    expect(leaveDays(fallback.doc, alpha.detainee.id)).toEqual(['2026-11-02', '2026-11-03']);
  });

  it('marks the weekdays of approved leave requests, not those still waiting or refused', async () => {
    const w = await workshop();
    const charlie = await w.person('Charlie', {});
    const assignment = await t.em().findOneOrFail(Assignment, { detainee: charlie.detainee.id });
    const decider = await createUser(t.em(), 'coordinator', { establishments: [w.mine] });
    await adminClient(t.db.url, (c) =>
      c.query(
        `insert into leave_request (establishment_id, detainee_id, assignment_id, starts_on, ends_on, days, reason, status, decided_by_id, decided_at, refusal_reason)
         values ($1, $2, $3, '2026-11-19', '2026-11-23', 300, 'leave', 'approved', $4, now(), ''),
                ($1, $2, $3, '2026-11-25', '2026-11-25', 100, 'leave', 'requested', null, null, ''),
                ($1, $2, $3, '2026-11-26', '2026-11-26', 100, 'leave', 'refused', $4, now(), 'Atelier fermé')`,
        [w.mine.id, charlie.detainee.id, assignment.id, decider.id],
      ),
    );
    const res = await w.coordinator.get(`/ateliers/${w.shop.id}/conges?mois=2026-11`);
    // Thursday 19, Friday 20 and Monday 23: the weekend between is not leave.
    expect(leaveDays(res.doc, charlie.detainee.id)).toEqual(['2026-11-19', '2026-11-20', '2026-11-23']);
  });

  it('shows the workshop’s partner names, posts and « Congé » only; another partner gets a 404', async () => {
    const w = await workshop();
    const alpha = await w.person('Alpha', { '2026-11-02': 'CP', '2026-11-05': 'AI' });
    const partner = await signedIn(await createUser(t.em(), 'partner', { partner: w.partner }));
    const res = await partner.get(`/ateliers/${w.shop.id}/conges?mois=2026-11`);
    expect(res.status).toBe(200);
    const row = res.doc.querySelector(`#conges-${alpha.detainee.id}`);
    expect(row?.querySelector('th')?.textContent).toContain('ALPHA Jean');
    expect(row?.querySelector('th')?.textContent).toContain(alpha.post.code);
    expect([...(row?.querySelectorAll('td') ?? [])].map((td) => td.textContent?.trim()).filter(Boolean)).toEqual(['CCongé']);
    const main = res.doc.querySelector('main')?.textContent ?? '';
    expect(main).not.toContain(alpha.detainee.prisonNumber);
    expect(main).not.toContain(w.mine.name);
    const other = await signedIn(await createUser(t.em(), 'partner', { partner: await createPartner(t.em()) }));
    expect((await other.get(`/ateliers/${w.shop.id}/conges?mois=2026-11`)).status).toBe(404);
    const stranger = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [await createEstablishment(t.em())] }));
    expect((await stranger.get(`/ateliers/${w.shop.id}/conges`)).status).toBe(404);
    // The workshop page links to its calendar.
    const page = await w.coordinator.get(`/ateliers/${w.shop.id}`);
    expect([...page.doc.querySelectorAll('a')].some((a) => a.getAttribute('href') === `/ateliers/${w.shop.id}/conges`)).toBe(true);
  });
});
