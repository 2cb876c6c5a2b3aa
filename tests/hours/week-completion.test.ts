import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import type { User } from '../../src/users/entities.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type Reply, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * Wednesday 2 December 2026. In « Reliure » (partner « Reliures du Nord »), RELIEUR Paul holds
 * a post since Monday 2 November. Each test takes a week of its own: its cells entered by the
 * test, then « Semaine complète » given, refused, withdrawn or cleared.
 */
const TODAY = '2026-12-02';
const HX = { 'HX-Request': 'true' };

let t: TestContext;
let mine: Establishment;
let reliure: Workshop;
let paul: Assignment;
let partnerUser: User;
let partner: Browser;
let colleague: Browser;
let coordinator: Browser;
let admin: Browser;
let otherPartner: Browser;
let coordinatorElsewhere: Browser;
let committee: Browser;

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  expect((await browser.login(user.email, TEST_PASSWORD)).status).toBe(303);
  return browser;
}

async function assign(workshop: Workshop, detainee: Detainee, startsOn: string): Promise<Assignment> {
  const post = await createPost(t.em(), workshop, { code: `REL-${detainee.id}`, title: 'Relieur' });
  const em = t.em();
  em.create(Assignment, {
    establishment: workshop.establishment.id,
    detainee: detainee.id,
    post: post.id,
    contractReference: `CEP-SECRET-${detainee.id}`,
    startsOn,
    trialEndsOn: startsOn,
    weeklyMinutes: 1200,
    payCategory: 'production',
  });
  await em.flush();
  return em.findOneOrFail(Assignment, { post: post.id }, { populate: ['detainee'] });
}

async function hours(assignment: Assignment, days: string[], minutes = 240) {
  const em = t.em();
  for (const day of days) {
    em.create(TimeEntry, {
      establishment: mine.id,
      detainee: assignment.detainee.id,
      assignment: assignment.id,
      workshop: reliure.id,
      day,
      kind: 'work',
      minutes,
    });
  }
  await em.flush();
}

const weekDays = (monday: string) =>
  [0, 1, 2, 3, 4].map((i) => new Date(Date.UTC(2026, Number(monday.slice(5, 7)) - 1, Number(monday.slice(8, 10)) + i)).toISOString().slice(0, 10));
const signal = (b: Browser, monday: string, back = 'pointage', headers = {}) =>
  b.post(`/ateliers/${reliure.id}/pointage/semaine-complete?semaine=${monday}`, { retour: back }, headers);
const withdraw = (b: Browser, monday: string, back = 'pointage', headers = {}) =>
  b.post(`/ateliers/${reliure.id}/pointage/semaine-complete/retrait?semaine=${monday}`, { retour: back }, headers);

async function weekRow(monday: string) {
  return adminClient(t.db.url, async (c) => {
    const { rows } = await c.query<{ id: number; status: string; completed_at: Date | null; completed_by_id: number | null }>(
      'select id, status, completed_at, completed_by_id from timesheet_week where workshop_id = $1 and week_start = $2',
      [reliure.id, monday],
    );
    return rows;
  });
}

/** The message the next page shows (the flash after a redirect). */
async function flashAfter(b: Browser, reply: Reply): Promise<string> {
  expect(reply.status).toBe(303);
  const page = await b.get(reply.location ?? '/');
  return page.doc.querySelector('#messages')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock(TODAY) });
  mine = await createEstablishment(t.em(), { name: 'InSERRE d’Arras (test)' });
  const elsewhere = await createEstablishment(t.em(), { name: 'Maison d’arrêt voisine (test)' });
  const ours = await createPartner(t.em(), { name: 'Reliures du Nord' });
  reliure = await createWorkshop(t.em(), mine, { name: 'Reliure', partner: ours });
  paul = await assign(reliure, await createDetainee(t.em(), mine, { lastName: 'Relieur', firstName: 'Paul', arrivalDate: '2026-10-01' }), '2026-11-02');
  partnerUser = await createUser(t.em(), 'partner', { partner: ours, displayName: 'Nadia Reliures' });
  partner = await signedIn(partnerUser);
  colleague = await signedIn(await createUser(t.em(), 'partner', { partner: ours, displayName: 'Omar Reliures' }));
  coordinator = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [mine] }));
  admin = await signedIn(await createUser(t.em(), 'admin'));
  otherPartner = await signedIn(await createUser(t.em(), 'partner'));
  coordinatorElsewhere = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [elsewhere] }));
  committee = await signedIn(await createUser(t.em(), 'committee', { establishments: [mine] }));
});
afterAll(() => t.close());

describe('« Semaine complète »', () => {
  it('is refused while cells are missing, says how many, and stores nothing', async () => {
    await hours(paul, weekDays('2026-11-02').slice(0, 3));
    // The partner's sheet offers the button; the refusal says what is missing.
    const sheet = await partner.get(`/ateliers/${reliure.id}/pointage?semaine=2026-11-02`);
    expect(sheet.doc.querySelector(`form[action="/ateliers/${reliure.id}/pointage/semaine-complete?semaine=2026-11-02"] button`)?.textContent?.trim()).toBe(
      'Semaine complète',
    );
    const refused = await signal(partner, '2026-11-02');
    expect(await flashAfter(partner, refused)).toContain('Il manque encore 2 cases dans la semaine du 02/11/2026');
    expect((await weekRow('2026-11-02'))[0]?.completed_at).toBeNull();
    // With htmx from the home, the week's cell comes back with the reason and a link to the sheet.
    const fragment = await signal(partner, '2026-11-23', 'accueil', HX);
    expect(fragment.status).toBe(422);
    const cell = fragment.doc.querySelector(`#semaine-${reliure.id}-2026-11-23`);
    expect(cell?.querySelector('[role="alert"]')?.textContent).toContain('Il manque encore 5 cases dans la semaine du 23/11/2026');
    expect(cell?.querySelector('[role="alert"] a')?.getAttribute('href')).toBe(`/ateliers/${reliure.id}/pointage?semaine=2026-11-23`);
    expect(await weekRow('2026-11-23')).toEqual([]);
  });

  it('is given by the workshop’s partner once every cell is filled, and then shows on the sheet', async () => {
    await hours(paul, weekDays('2026-11-02').slice(3));
    const done = await signal(partner, '2026-11-02');
    expect(done.location).toBe(`/ateliers/${reliure.id}/pointage?semaine=2026-11-02`);
    expect(await flashAfter(partner, done)).toContain('La coordination est prévenue');
    const [row] = await weekRow('2026-11-02');
    expect(row?.completed_at).toBeInstanceOf(Date);
    expect(row?.completed_by_id).toBe(partnerUser.id);
    const sheet = await coordinator.get(`/ateliers/${reliure.id}/pointage?semaine=2026-11-02`);
    expect(sheet.doc.querySelector('#semaine-signalee')?.textContent).toMatch(/Semaine signalée complète par Nadia Reliures le 02\/12\/2026/);
    const own = await partner.get(`/ateliers/${reliure.id}/pointage?semaine=2026-11-02`);
    expect(own.doc.querySelector('#semaine-signalee button')?.textContent?.trim()).toBe('Retirer le signalement');
    expect(own.html).not.toContain(`action="/ateliers/${reliure.id}/pointage/semaine-complete?semaine=2026-11-02"`);
    // The coordinator sees it but has no button to give or withdraw it.
    expect(sheet.html).not.toContain('semaine-complete');
  });

  it('is refused when already given, naming who gave it', async () => {
    const again = await signal(colleague, '2026-11-02');
    expect(await flashAfter(colleague, again)).toContain('Cette semaine est déjà signalée complète par Nadia Reliures le 02/12/2026.');
  });

  it('is cleared by a change of any cell of the week, in the same transaction as the change', async () => {
    const key = `c-a${paul.id}-2026-11-04`;
    const entry = await t.em().findOneOrFail(TimeEntry, { assignment: paul.id, day: '2026-11-04' });
    const saved = await partner.post('/pointage/cellule', { cell: key, [key]: '3h', version: String(entry.version) }, HX);
    expect(saved.status).toBe(200);
    expect((await weekRow('2026-11-02'))[0]?.completed_at).toBeNull();
    // The coordinator changing a cell clears it too; so does a change written outside the app.
    expect((await signal(partner, '2026-11-02')).status).toBe(303);
    expect((await weekRow('2026-11-02'))[0]?.completed_at).toBeInstanceOf(Date);
    await adminClient(t.db.url, (c) => c.query(`update time_entry set minutes = 200 where assignment_id = $1 and day = '2026-11-05'`, [paul.id]));
    expect((await weekRow('2026-11-02'))[0]?.completed_at).toBeNull();
    // A refused change stores nothing, the signal included.
    expect((await signal(partner, '2026-11-02')).status).toBe(303);
    await expect(
      adminClient(t.db.url, (c) =>
        c.query(`update time_entry set minutes = 200, workshop_id = $2 where assignment_id = $1 and day = '2026-11-05'`, [paul.id, reliure.id + 1000]),
      ),
    ).rejects.toThrow();
    expect((await weekRow('2026-11-02'))[0]?.completed_by_id).toBe(partnerUser.id);
  });

  it('is withdrawn by the partner while the week is not validated, and only once', async () => {
    const home = await withdraw(partner, '2026-11-02', 'accueil');
    expect(home.location).toBe('/');
    expect(await flashAfter(partner, home)).toContain('Le signalement de la semaine est retiré.');
    expect((await weekRow('2026-11-02'))[0]?.completed_at).toBeNull();
    expect(await flashAfter(partner, await withdraw(partner, '2026-11-02'))).toContain('Cette semaine n’est pas signalée complète.');
  });

  it('is refused for a week not begun, and for a validated week; a validated week’s signal stays and is no longer withdrawn', async () => {
    expect(await flashAfter(partner, await signal(partner, '2026-12-07'))).toContain('La semaine du 07/12/2026 n’a pas commencé');
    expect(await weekRow('2026-12-07')).toEqual([]);
    await hours(paul, weekDays('2026-11-09'));
    expect((await signal(partner, '2026-11-09')).status).toBe(303);
    expect((await coordinator.post(`/ateliers/${reliure.id}/pointage/validation?semaine=2026-11-09`)).status).toBe(303);
    expect(await flashAfter(partner, await signal(partner, '2026-11-09'))).toContain('Cette semaine est déjà validée');
    expect(await flashAfter(partner, await withdraw(partner, '2026-11-09'))).toContain('Cette semaine est validée : son signalement ne se retire plus.');
    expect((await weekRow('2026-11-09'))[0]).toMatchObject({ status: 'validated', completed_by_id: partnerUser.id });
    // Reopened by an administrator, the week waits for a new signal.
    expect((await admin.post(`/ateliers/${reliure.id}/pointage/reouverture?semaine=2026-11-09`, { reason: 'Erreur de saisie' })).status).toBe(303);
    expect((await weekRow('2026-11-09'))[0]).toMatchObject({ status: 'open', completed_at: null, completed_by_id: null });
  });

  it('answers htmx on the home with the week’s cell, its new state and the withdraw button', async () => {
    await hours(paul, weekDays('2026-11-23'));
    const cell = await signal(partner, '2026-11-23', 'accueil', HX);
    expect(cell.status).toBe(200);
    const div = cell.doc.querySelector(`#semaine-${reliure.id}-2026-11-23`);
    expect(div?.textContent).toContain('Signalée complète');
    expect(div?.textContent).toContain('par Nadia Reliures le 02/12/2026');
    expect(div?.querySelector('button')?.textContent?.trim()).toBe('Retirer le signalement');
    expect(div?.querySelector('form')?.getAttribute('hx-post')).toBe(`/ateliers/${reliure.id}/pointage/semaine-complete/retrait?semaine=2026-11-23`);
    expect(cell.html).not.toContain('<html');
  });

  it('lets only the workshop’s partner give it: its establishment’s managers 403, anyone else 404', async () => {
    expect((await signal(coordinator, '2026-11-16')).status).toBe(403);
    expect((await signal(admin, '2026-11-16')).status).toBe(403);
    expect((await withdraw(coordinator, '2026-11-23')).status).toBe(403);
    expect((await signal(otherPartner, '2026-11-16')).status).toBe(404);
    expect((await withdraw(otherPartner, '2026-11-23')).status).toBe(404);
    expect((await signal(coordinatorElsewhere, '2026-11-16')).status).toBe(404);
    expect((await signal(committee, '2026-11-16')).status).toBe(404);
    // Without the CSRF token, nothing.
    expect((await partner.post(`/ateliers/${reliure.id}/pointage/semaine-complete?semaine=2026-11-16`, { _csrf: '' })).status).toBe(403);
    expect((await weekRow('2026-11-23'))[0]?.completed_by_id).toBe(partnerUser.id);
  });
});

describe('the coordinator’s home', () => {
  it('shows a week signalled complete first among the weeks to validate, with who signalled it and when', async () => {
    await hours(paul, weekDays('2026-11-16'));
    const home = await coordinator.get('/');
    const weeks = [...home.doc.querySelectorAll(`#pointage-${mine.id} li`)].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(weeks).toEqual([
      'Reliure, semaine du 23/11 : Semaine complète, signalée par Nadia Reliures le 02/12/2026 : à valider',
      'Reliure, semaine du 30/11 : 2 cases à remplir',
      'Reliure, semaine du 16/11 : à valider',
      'Reliure, semaine du 09/11 : à valider',
      'Reliure, semaine du 02/11 : à valider',
    ]);
    expect(home.doc.querySelector(`#pointage-${mine.id} li a`)?.getAttribute('href')).toBe(`/ateliers/${reliure.id}/pointage?semaine=2026-11-23`);
  });
});

describe('races', () => {
  it('twenty signals of the same week at once make one week row and one signal; the others are told it is already given', async () => {
    // This week, every weekday entered (Thursday and Friday ahead), its row removed: the signals race to create it too.
    await hours(
      paul,
      weekDays('2026-11-30').filter((d) => d > '2026-12-01'),
    );
    await hours(paul, ['2026-11-30', '2026-12-01']);
    await adminClient(t.db.url, (c) => c.query(`delete from timesheet_week where workshop_id = $1 and week_start = '2026-11-30'`, [reliure.id]));
    const browsers = [partner, colleague];
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => signal(browsers[i % 2] as Browser, '2026-11-30', 'accueil', HX)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(409)]);
    expect(replies.filter((r) => r.html.includes('Cette semaine est déjà signalée complète'))).toHaveLength(19);
    const rows = await weekRow('2026-11-30');
    expect(rows).toHaveLength(1);
    const audit = await adminClient(t.db.url, (c) =>
      c.query<{ n: number }>(
        `select count(*)::int as n from audit_event where entity = 'timesheet_week' and entity_id = $1::text
            and (before is null or before ->> 'completed_at' is null) and after ->> 'completed_at' is not null`,
        [String(rows[0]?.id)],
      ),
    );
    expect(audit.rows[0]?.n).toBe(1);
  });

  it('a change of a cell waiting on a signal in flight clears it once the signal is committed', async () => {
    const [week] = await weekRow('2026-11-23');
    await adminClient(t.db.url, (c) => c.query('update timesheet_week set completed_at = null, completed_by_id = null where id = $1', [week?.id]));
    await adminClient(t.db.url, async (signalling) => {
      // The signal's transaction, as the service runs it: the week row locked, then marked.
      await signalling.query('begin');
      await signalling.query('select id from timesheet_week where id = $1 for update', [week?.id]);
      await signalling.query('update timesheet_week set completed_at = now(), completed_by_id = $2 where id = $1', [week?.id, partnerUser.id]);
      const change = adminClient(t.db.url, (c) => c.query(`update time_entry set minutes = 230 where assignment_id = $1 and day = '2026-11-26'`, [paul.id]));
      // The change waits for the signal's lock (read from a third connection: a transaction sees a frozen pg_stat_activity).
      const waiting = () =>
        adminClient(
          t.db.url,
          async (c) =>
            (await c.query(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`)).rows[0]?.n,
        );
      await expect.poll(waiting, { timeout: 10_000 }).toBe(1);
      await signalling.query('commit');
      expect((await change).rowCount).toBe(1);
    });
    expect((await weekRow('2026-11-23'))[0]?.completed_at).toBeNull();
  });

  it('a signal and a change of a cell at once, twenty times: a signal never stands with a cell changed after it', async () => {
    const [week] = await weekRow('2026-11-23');
    const entry = await t.em().findOneOrFail(TimeEntry, { assignment: paul.id, day: '2026-11-25' });
    let kept = 0;
    for (let i = 0; i < 20; i++) {
      await adminClient(t.db.url, (c) => c.query('update timesheet_week set completed_at = null, completed_by_id = null where id = $1', [week?.id]));
      const [reply] = await Promise.all([
        signal(partner, '2026-11-23', 'accueil', HX),
        adminClient(t.db.url, (c) => c.query('update time_entry set minutes = case when minutes = 240 then 241 else 240 end where id = $1', [entry.id])),
      ]);
      expect(reply.status).toBe(200);
      const { rows } = await adminClient(t.db.url, (c) =>
        c.query<{ change: number; signal: number | null; completed: Date | null }>(
          `select (select max(id) from audit_event where entity = 'time_entry' and entity_id = $1) as change,
                  (select max(id) from audit_event where entity = 'timesheet_week' and entity_id = $2
                      and before ->> 'completed_at' is null and after ->> 'completed_at' is not null) as signal,
                  (select completed_at from timesheet_week where id = $3) as completed`,
          [String(entry.id), String(week?.id), week?.id],
        ),
      );
      const state = rows[0];
      if (state?.completed) {
        kept += 1;
        expect(Number(state.signal)).toBeGreaterThan(Number(state.change));
      }
    }
    // Both orders happen on a shared machine; whichever it was, the rule held.
    expect(kept).toBeLessThanOrEqual(20);
  });
});
