import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry, TimesheetWeek } from '../../src/hours/entities.ts';
import { fixedClock, plusDays } from '../../src/platform/calendar.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, parse, type Reply, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;

beforeAll(async () => {
  // A Monday: every week of 2026 before it has started, so any of them can be validated.
  t = await createTestContext({}, { clock: fixedClock('2026-11-30') });
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

/** Each test's own workshop, with MAR1 on a 35 h contract since 5 January 2026, its coordinator and its partner signed in. */
async function sheet() {
  const em = t.em();
  const mine = await createEstablishment(em);
  const partner = await createPartner(em);
  const workshop = await createWorkshop(em, mine, { name: 'Reliure', partner });
  const post = await createPost(em, workshop);
  const person = await createDetainee(em, mine, { lastName: 'Relieur', prisonNumber: 'MAR1', arrivalDate: '2025-10-01' });
  const assignment = em.create(Assignment, {
    establishment: mine.id,
    detainee: person.id,
    post: post.id,
    contractReference: `CEP-${post.id}`,
    startsOn: '2026-01-05',
    trialEndsOn: '2026-01-05',
    weeklyMinutes: 2100,
    payCategory: 'production',
  });
  await em.flush();
  const coordinator = await signedIn(await createUser(em, 'coordinator', { establishments: [mine] }));
  const partnerUser = await signedIn(await createUser(em, 'partner', { partner }));
  const entries = () => t.em().find(TimeEntry, { assignment: assignment.id }, { orderBy: { day: 'asc' } });
  return { workshop, assignment, coordinator, partnerUser, entries };
}

/** The file posted from the import form, with the week chosen in its picker when given. */
async function upload(workshop: Workshop, b: Browser, csv: string, week?: string): Promise<Reply> {
  const form = new FormData();
  form.append('_csrf', b.csrf);
  if (week !== undefined) form.append('semaine', week);
  form.append('fichier', new File([csv], 'heures.csv', { type: 'text/csv' }));
  const res = await t.app.request(`/ateliers/${workshop.id}/pointage/import?semaine=2026-11-30`, {
    method: 'POST',
    body: form,
    headers: { Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  const html = await res.text();
  return { status: res.status, headers: res.headers, html, doc: parse(html), location: res.headers.get('Location') };
}

/** What the confirmation button posts: the checked file and the week, as the preview holds them. */
function confirmationOf(reply: Reply): Record<string, string> {
  const form = reply.doc.querySelector('#confirmer-import');
  const field = (name: string) => (form?.querySelector(`input[name="${name}"]`) as HTMLInputElement | null)?.getAttribute('value') ?? '';
  return { contenu: field('contenu'), semaine: field('semaine') };
}

const problems = (reply: Reply) => [...reply.doc.querySelectorAll('#lignes-a-corriger tbody tr')].map((tr) => tr.querySelector('td')?.textContent);
const weeksShown = (reply: Reply) => [...reply.doc.querySelectorAll('#semaines-importees li')].map((li) => li.textContent?.trim());
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const perDay = (lines: string[]) => ['Numéro d’écrou;Date;Durée', ...lines].join('\r\n');

describe('a file in the per-day layout', () => {
  it('may span a month: each week is checked, the preview names them, and all rows are stored in one go', async () => {
    const { workshop, partnerUser, entries } = await sheet();
    // Three weeks of March 2026: 9, 10 and 17 March, then 23 and 27 March.
    const csv = perDay(['MAR1;09/03/2026;7h', 'MAR1;10/03/2026;6h30', 'MAR1;17/03/2026;7h', 'MAR1;23/03/2026;CJ', 'MAR1;27/03/2026;3,5']);
    const preview = await upload(workshop, partnerUser, csv, '2026-11-30');
    expect(preview.status).toBe(200);
    expect(weeksShown(preview)).toEqual([
      'Semaine du lundi 9 mars 2026 : 2 lignes',
      'Semaine du lundi 16 mars 2026 : 1 ligne',
      'Semaine du lundi 23 mars 2026 : 2 lignes',
    ]);
    expect(preview.doc.querySelector('#confirmer-import')?.textContent).toContain('Les 5 lignes sont correctes');
    // The week picked (30 November) is not what a file with dates fills: the page names the file's weeks.
    expect(preview.doc.querySelector('#semaine-importee')?.textContent?.trim()).toBe(
      '3 semaines, de la semaine du lundi 9 mars 2026 à celle du lundi 23 mars 2026',
    );
    expect(await entries()).toEqual([]);

    const confirmed = await partnerUser.post(`/ateliers/${workshop.id}/pointage/import/confirmation`, confirmationOf(preview));
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`/ateliers/${workshop.id}/pointage?semaine=2026-03-09`);
    const grid = await partnerUser.get(confirmed.location ?? '');
    expect(grid.doc.querySelector('#messages')?.textContent).toContain('5 lignes d’heures importées : 3 semaines, du 9 mars 2026 au 23 mars 2026.');
    expect((await entries()).map((e) => [e.day, e.minutes, e.absenceCode])).toEqual([
      ['2026-03-09', 420, null],
      ['2026-03-10', 390, null],
      ['2026-03-17', 420, null],
      ['2026-03-23', 0, 'CJ'],
      ['2026-03-27', 210, null],
    ]);
  });

  it('refuses the rows of a validated week by the week’s name, and stores nothing of the other weeks', async () => {
    const { workshop, coordinator, partnerUser, entries } = await sheet();
    expect((await coordinator.post(`/ateliers/${workshop.id}/pointage/validation?semaine=2026-03-02`)).status).toBe(303);
    const csv = perDay(['MAR1;27/02/2026;7h', 'MAR1;03/03/2026;7h', 'MAR1;04/03/2026;7h', 'MAR1;09/03/2026;7h']);
    const preview = await upload(workshop, partnerUser, csv);
    expect(preview.status).toBe(422);
    const refused =
      'La semaine du 2 mars 2026 est validée : elle ne se modifie plus. Retirez ses lignes du fichier ou demandez un ajustement à la coordination.';
    expect(problems(preview)).toEqual([refused, refused]);
    expect(weeksShown(preview)).toEqual([
      'Semaine du lundi 23 février 2026 : 1 ligne',
      'Semaine du lundi 2 mars 2026 : 2 lignes (semaine validée)',
      'Semaine du lundi 9 mars 2026 : 1 ligne',
    ]);
    const forced = await partnerUser.post(`/ateliers/${workshop.id}/pointage/import/confirmation`, { contenu: csv });
    expect(forced.status).toBe(422);
    expect(forced.html).toContain('La semaine du 2 mars 2026 est validée');
    expect(await entries()).toEqual([]);
  });

  it('stores nothing when one row of the last week is refused', async () => {
    const { workshop, coordinator, entries } = await sheet();
    const csv = perDay(['MAR1;07/04/2026;7h', 'MAR1;08/04/2026;7h', 'MAR1;14/04/2026;7h', 'MAR1;21/04/2026;11h']);
    const forced = await coordinator.post(`/ateliers/${workshop.id}/pointage/import/confirmation`, { contenu: csv });
    expect(forced.status).toBe(422);
    expect(problems(forced)).toEqual(['RELIEUR Jean, 21/04/2026 : Mardi : 11h dépasse la limite de 10h par jour.']);
    expect(await entries()).toEqual([]);
  });
});

describe('a file in the grid layout', () => {
  it('shows the week it fills before anything else, defaulting to the page’s week', async () => {
    const { workshop, coordinator } = await sheet();
    const page = await coordinator.get(`/ateliers/${workshop.id}/pointage/import?semaine=2026-12-02`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#semaine-importee')?.textContent?.trim()).toBe('Semaine du lundi 30 novembre 2026');
    const picker = page.doc.querySelector('form input[name="semaine"]');
    expect(picker?.getAttribute('type')).toBe('date');
    expect(picker?.getAttribute('value')).toBe('2026-11-30');
    // The week comes first: before the file field.
    const fields = [...page.doc.querySelectorAll('#import-heures input:not([type="hidden"])')].map((i) => i.getAttribute('name'));
    expect(fields).toEqual(['semaine', 'fichier']);
  });

  it('fills the week chosen in the picker, whatever the page’s week', async () => {
    const { workshop, partnerUser, entries } = await sheet();
    const csv = ['Numéro d’écrou;Lundi;Mardi;Mercredi;Jeudi;Vendredi;Samedi;Dimanche', 'MAR1;7h;7h;;CJ;6h30;;'].join('\r\n');
    // A Wednesday chosen: the file fills its week, from Monday 9 March.
    const preview = await upload(workshop, partnerUser, csv, '2026-03-11');
    expect(preview.status).toBe(200);
    expect(preview.doc.querySelector('#semaine-importee')?.textContent?.trim()).toBe('Semaine du lundi 9 mars 2026');
    expect(weeksShown(preview)).toEqual(['Semaine du lundi 9 mars 2026 : 4 lignes']);
    expect(confirmationOf(preview).semaine).toBe('2026-03-09');
    const confirmed = await partnerUser.post(`/ateliers/${workshop.id}/pointage/import/confirmation?semaine=2026-11-30`, confirmationOf(preview));
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`/ateliers/${workshop.id}/pointage?semaine=2026-03-09`);
    expect((await entries()).map((e) => [e.day, e.minutes, e.absenceCode])).toEqual([
      ['2026-03-09', 420, null],
      ['2026-03-10', 420, null],
      ['2026-03-12', 0, 'CJ'],
      ['2026-03-13', 390, null],
    ]);
  });

  it('refuses an unreadable week next to its field, and stores nothing', async () => {
    const { workshop, partnerUser, entries } = await sheet();
    const csv = ['Numéro d’écrou;Lundi;Mardi;Mercredi;Jeudi;Vendredi;Samedi;Dimanche', 'MAR1;7h;;;;;;'].join('\r\n');
    const reply = await upload(workshop, partnerUser, csv, '2026-02-31');
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#semaine-erreur')?.textContent).toBe('Indiquez une date valide, au format jj/mm/aaaa.');
    expect(reply.doc.querySelector('input[name="semaine"]')?.getAttribute('aria-describedby')).toBe('semaine-erreur');
    expect(reply.doc.querySelector('#confirmer-import')).toBeNull();
    expect(await entries()).toEqual([]);
  });
});

describe('an import raced with the validation of one of its weeks', () => {
  it('is stored whole or not at all, 20 times', async () => {
    const { workshop, coordinator, partnerUser, assignment } = await sheet();
    for (let i = 0; i < 20; i++) {
      // Two weeks each time, a Wednesday in each (no public holiday falls on one in 2026 before November).
      const first = plusDays('2026-01-07', 14 * i);
      const second = plusDays(first, 7);
      const csv = perDay([`MAR1;${first.split('-').reverse().join('/')};7h`, `MAR1;${second.split('-').reverse().join('/')};7h`]);
      const [imported, validated] = await Promise.all([
        partnerUser.post(`/ateliers/${workshop.id}/pointage/import/confirmation`, { contenu: csv }),
        // The validation starts a little later each time, so that it lands before, during and after the import.
        delay((i % 5) * 150).then(() => coordinator.post(`/ateliers/${workshop.id}/pointage/validation?semaine=${plusDays(second, -2)}`)),
      ]);
      expect(validated.status).toBe(303);
      expect([303, 409, 422]).toContain(imported.status);
      const stored = await t.em().count(TimeEntry, { assignment: assignment.id, day: { $in: [first, second] } });
      expect(stored).toBe(imported.status === 303 ? 2 : 0);
      const week = await t.em().findOneOrFail(TimesheetWeek, { workshop: workshop.id, weekStart: plusDays(second, -2) });
      expect(week.status).toBe('validated');
    }
  });
});
