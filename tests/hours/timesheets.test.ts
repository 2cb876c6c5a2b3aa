import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { readCsv } from '../../src/platform/csv.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

let t: TestContext;
let admin: Browser;
// A week of January 2026 and its days, Monday first.
const MONDAY = '2026-01-05';
const DAYS = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11'];
const HX = { 'HX-Request': 'true' };

beforeAll(async () => {
  t = await createTestContext();
  admin = await signedIn(await createUser(t.em(), 'admin'));
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

/**
 * What each test starts from, its own: an establishment (so its pay page shows this test's
 * people only), a partner's workshop with one post, MTZ1 on a 35 h contract since 2025-12-01,
 * and the coordinator and the partner signed in.
 */
async function sheet() {
  const mine = await createEstablishment(t.em());
  const partner = await createPartner(t.em());
  const workshop = await createWorkshop(t.em(), mine, { name: 'Reliure', partner });
  const post = await createPost(t.em(), workshop, { code: 'MTZ-REL-01' });
  const person = await createDetainee(t.em(), mine, { lastName: 'Relieur', prisonNumber: 'MTZ1', arrivalDate: '2025-10-01' });
  const coordinator = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [mine] }));
  const partnerUser = await signedIn(await createUser(t.em(), 'partner', { partner }));
  await coordinator.post(`/personnes/${person.id}/affectations`, {
    postId: String(post.id),
    contractReference: 'CEP-MTZ-1',
    startsOn: '2025-12-01',
    weeklyHours: '35',
  });
  const assignment = await t.em().findOneOrFail(Assignment, { detainee: person.id });
  const key = (day: string) => `c-a${assignment.id}-${day}`;
  const save = (b: Browser, day: string, value: string, version = '0', extra: Record<string, string> = {}) =>
    b.post('/pointage/cellule', { cell: key(day), [key(day)]: value, version, ...extra }, HX);
  return { mine, workshop, assignment, coordinator, partnerUser, key, save };
}
type Sheet = Awaited<ReturnType<typeof sheet>>;

/** The partner types the week of 5 January: 7 + 7 + 7 + 7,5 + 6,5 = 35 h, and with `overtime` 2 h more on Saturday, with its reason. */
async function typeWeek({ save, partnerUser, assignment }: Sheet, { overtime = false } = {}) {
  for (const [i, value] of ['7', '7h', '7:00', '7,5', '6h30'].entries()) expect((await save(partnerUser, DAYS[i] as string, value)).status).toBe(200);
  if (overtime) expect((await save(partnerUser, DAYS[5] as string, '2h', '0', { [`motif-a${assignment.id}`]: 'Commande de la médiathèque' })).status).toBe(200);
}

/** The week typed with its overtime, validated by the coordinator. */
async function validatedWeek(s: Sheet) {
  await typeWeek(s, { overtime: true });
  expect((await s.coordinator.post(`/ateliers/${s.workshop.id}/pointage/validation?semaine=${MONDAY}`)).status).toBe(303);
}

describe('the weekly timesheet', () => {
  it('takes a week typed by the partner, cell by cell, with the totals in the answer', async () => {
    const { workshop, assignment, coordinator, partnerUser, key, save } = await sheet();
    const replies = [];
    for (const [i, value] of ['7', '7h', '7:00', '7,5', '6h30'].entries()) replies.push(await save(partnerUser, DAYS[i] as string, value));
    for (const r of replies) expect(r.status).toBe(200);
    const last = replies.at(-1);
    expect(last?.doc.querySelector(`#${key(DAYS[4] as string)}`)?.getAttribute('value')).toBe('6h30');
    expect(last?.html).toContain('<template hx type="partial"'.replace('<template hx type="partial"', '<hx-partial'));
    expect(last?.doc.querySelector(`#total-a${assignment.id}`)?.textContent).toBe('35h');
    const entries = await t.em().find(TimeEntry, { assignment: assignment.id }, { orderBy: { day: 'asc' } });
    expect(entries.map((e) => e.minutes)).toEqual([420, 420, 420, 450, 390]);
    const page = await coordinator.get(`/ateliers/${workshop.id}/pointage?semaine=2026-01-07`);
    expect(page.doc.querySelector('#totaux-jours')?.textContent).toContain('35h');
  });

  it.each([
    ['3h75', 'Écrivez une durée comme 3h30'],
    // A partner is told the limits in force, not the person's day total (which may count other sheets).
    ['11h', 'au plus 10h par jour'],
  ])('refuses %j on the cell itself, storing nothing', async (value, message) => {
    const { assignment, partnerUser, key, save } = await sheet();
    const reply = await save(partnerUser, DAYS[5] as string, value);
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector(`#${key(DAYS[5] as string)}-erreur`)?.textContent).toContain(message);
    expect(reply.doc.querySelector(`#${key(DAYS[5] as string)}`)?.getAttribute('value')).toBe(value);
    expect(await t.em().count(TimeEntry, { assignment: assignment.id, day: DAYS[5] })).toBe(0);
  });

  it('asks for a reason beyond the contract’s hours, and accepts the overtime with one', async () => {
    const s = await sheet();
    const { partnerUser, save, assignment } = s;
    await typeWeek(s);
    const refused = await save(partnerUser, DAYS[5] as string, '2h');
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('indiquez le motif des heures supplémentaires');
    expect((await save(partnerUser, DAYS[5] as string, '2h', '0', { [`motif-a${assignment.id}`]: 'Commande de la médiathèque' })).status).toBe(200);
  });

  it('refuses time outside the contract’s dates (a partner is not told why)', async () => {
    const { assignment, partnerUser, coordinator } = await sheet();
    const post = (b: Browser) =>
      b.post('/pointage/cellule', { cell: `c-a${assignment.id}-2025-11-28`, [`c-a${assignment.id}-2025-11-28`]: '7', version: '0' }, HX);
    const reply = await post(coordinator);
    expect(reply.status).toBe(422);
    expect(reply.html).toContain('hors des dates du contrat');
    const partners = await post(partnerUser);
    expect(partners.status).toBe(422);
    expect(partners.html).toContain('Ce jour ne prend pas de saisie pour cette personne.');
  });

  it('answers a conflict when two people save the same cell from the same version', async () => {
    const { assignment, coordinator, partnerUser, key, save } = await sheet();
    const day = DAYS[6] as string;
    expect((await save(coordinator, day, 'med', '0')).status).toBe(200);
    const late = await save(partnerUser, day, '4h', '0');
    expect(late.status).toBe(409);
    expect(late.doc.querySelector(`#${key(day)}-erreur`)?.textContent).toBe(
      'Quelqu’un a enregistré une absence dans cette case entre-temps : vérifiez la valeur puis saisissez à nouveau.',
    );
    // A partner sees an absence, never its reason.
    expect(late.doc.querySelector(`#${key(day)}`)?.getAttribute('value')).toBe('Absent');
    const entry = await t.em().findOneOrFail(TimeEntry, { assignment: assignment.id, day });
    expect(entry.absenceCode).toBe('MED');
    expect((await save(partnerUser, day, '', String(entry.version))).status).toBe(200);
    expect(await t.em().count(TimeEntry, { assignment: assignment.id, day })).toBe(0);
  });

  it('is validated by a coordinator, then locked for everyone, by the database too; a correction is an adjustment', async () => {
    const s = await sheet();
    const { workshop, assignment, coordinator, partnerUser, key, save } = s;
    await typeWeek(s, { overtime: true });
    expect((await partnerUser.post(`/ateliers/${workshop.id}/pointage/validation?semaine=${MONDAY}`)).status).toBe(403);
    expect((await coordinator.post(`/ateliers/${workshop.id}/pointage/validation?semaine=${MONDAY}`)).status).toBe(303);
    const entry = await t.em().findOneOrFail(TimeEntry, { assignment: assignment.id, day: DAYS[0] });
    const refused = await save(partnerUser, DAYS[0] as string, '8h', String(entry.version));
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Semaine validée');
    await expect(adminClient(t.db.url, (c) => c.query('update time_entry set minutes = 480 where id = $1', [entry.id]))).rejects.toThrow(
      /Cette semaine est validée/,
    );
    await expect(adminClient(t.db.url, (c) => c.query('delete from time_entry where id = $1', [entry.id]))).rejects.toThrow(/Cette semaine est validée/);

    expect(
      (
        await coordinator.post(`/ateliers/${workshop.id}/pointage/ajustement?semaine=${MONDAY}`, {
          holder: `a${assignment.id}`,
          day: DAYS[0] as string,
          value: '8h',
          reason: 'Oubli de la dernière heure',
        })
      ).status,
    ).toBe(303);
    const day = await t.em().find(TimeEntry, { assignment: assignment.id, day: DAYS[0] }, { orderBy: { id: 'asc' } });
    expect(day.map((e) => [e.minutes, e.isAdjustment, e.adjustmentReason])).toEqual([
      [420, false, ''],
      [60, true, 'Oubli de la dernière heure'],
    ]);
    const page = await coordinator.get(`/ateliers/${workshop.id}/pointage?semaine=${MONDAY}`);
    expect(page.doc.querySelector(`#td-${key(DAYS[0] as string)}`)?.textContent).toContain('ajusté +1h');
    // 38 h on a 35 h contract: 3 h of overtime (R412-54), shown under the week's total.
    expect(page.doc.querySelector(`#total-a${assignment.id}`)?.textContent).toBe('38hdont heures supplémentaires : 3h');
  });

  it('is reopened only by an administrator, with a reason', async () => {
    const s = await sheet();
    const { workshop, assignment, coordinator, partnerUser, save } = s;
    await validatedWeek(s);
    const adjustment = { holder: `a${assignment.id}`, day: DAYS[0] as string, value: '8h', reason: 'Oubli de la dernière heure' };
    expect((await coordinator.post(`/ateliers/${workshop.id}/pointage/ajustement?semaine=${MONDAY}`, adjustment)).status).toBe(303);
    expect((await coordinator.post(`/ateliers/${workshop.id}/pointage/reouverture?semaine=${MONDAY}`, { reason: 'Erreur de saisie' })).status).toBe(403);
    expect((await admin.post(`/ateliers/${workshop.id}/pointage/reouverture?semaine=${MONDAY}`, { reason: 'Erreur de saisie du lundi' })).status).toBe(303);
    const entry = await t.em().findOneOrFail(TimeEntry, { assignment: assignment.id, day: DAYS[0], isAdjustment: false });
    // The adjustment was folded into Monday's entry: the day shows 8h, and one value only.
    expect(entry.minutes).toBe(480);
    expect(await t.em().count(TimeEntry, { assignment: assignment.id, day: DAYS[0], isAdjustment: true })).toBe(0);
    expect((await save(partnerUser, DAYS[0] as string, '7h', String(entry.version))).status).toBe(200);
    expect((await coordinator.post(`/ateliers/${workshop.id}/pointage/validation?semaine=${MONDAY}`)).status).toBe(303);
  });

  it('copies last week’s durations into the next week', async () => {
    const s = await sheet();
    const { workshop, assignment, coordinator } = s;
    await validatedWeek(s);
    expect((await coordinator.post(`/ateliers/${workshop.id}/pointage/copie?semaine=2026-01-12`)).status).toBe(303);
    const copied = await t.em().find(TimeEntry, { assignment: assignment.id, day: { $gte: '2026-01-12', $lte: '2026-01-18' } }, { orderBy: { day: 'asc' } });
    expect(copied.map((e) => e.minutes)).toEqual([420, 420, 420, 450, 390, 120]);
  });

  it('is hidden from committee members and from another partner', async () => {
    const { workshop, save } = await sheet();
    const committee = await createUser(t.em(), 'committee');
    const c = new Browser(t.app);
    await c.login(committee.email, TEST_PASSWORD);
    expect((await c.get(`/ateliers/${workshop.id}/pointage`)).status).toBe(404);
    const other = await createUser(t.em(), 'partner');
    const o = new Browser(t.app);
    await o.login(other.email, TEST_PASSWORD);
    expect((await o.get(`/ateliers/${workshop.id}/pointage`)).status).toBe(404);
    expect((await save(o, DAYS[2] as string, '1h')).status).toBe(404);
  });
});

describe('pay', () => {
  it('pays validated time only, rounded once per person and month, and exports it for accounting cell by cell', async () => {
    // January 2026: validated week of 5 Jan, 7+7+7+7,5+6,5 = 35 h, +2 h overtime Saturday = 37 h at 45 % of 12,02 € =
    // 5,409 €/h: 35 h × 5,409 = 189,315 + 2 h × 5,409 × 1,25 = 13,5225 (R412-54) → 202,8375 → 202,84 €.
    // The week of 12 Jan, copied from it, is not validated: pending. (Pay cases: tests/hours/pay.test.ts.)
    const s = await sheet();
    const { mine, workshop, coordinator } = s;
    await validatedWeek(s);
    expect((await coordinator.post(`/ateliers/${workshop.id}/pointage/copie?semaine=2026-01-12`)).status).toBe(303);
    const page = await coordinator.get(`/etablissements/${mine.id}/paie?mois=2026-01`);
    const row = page.doc.querySelector('#paie tbody tr');
    expect(row?.textContent).toContain('37 h');
    expect(row?.textContent).toContain('5,409 €');
    expect(row?.textContent).toContain('202,84 €');
    expect(page.html).toContain('ne sont pas encore validées');
    expect(page.doc.querySelector('#paie-ateliers tbody tr')?.textContent).toContain('202,84 €');
    const res = await t.app.request(`/etablissements/${mine.id}/paie.csv?mois=2026-01`, {
      headers: { Cookie: [...coordinator.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    const { header, rows } = readCsv(await res.text());
    expect(header.slice(0, 9)).toEqual([
      'Mois',
      'Numéro d’écrou',
      'Nom',
      'Prénom',
      'Atelier',
      'Structure',
      'Poste',
      'Heures validées',
      'Heures en attente de validation',
    ]);
    expect(header.slice(-2)).toEqual(['Taux horaire brut (€)', 'Brut (€)']);
    expect(rows[0]?.slice(0, 4)).toEqual(['01/2026', 'MTZ1', 'Relieur', 'Jean']);
    expect(rows[0]?.slice(7, 9)).toEqual(['37', '37']);
    expect(rows[0]?.slice(-2)).toEqual(['5,409', '202,84']);
  });

  it('is for coordinators and administrators only', async () => {
    const { mine, partnerUser } = await sheet();
    expect((await partnerUser.get(`/etablissements/${mine.id}/paie`)).status).toBe(403);
  });
});

describe('the training timesheet', () => {
  it('takes the time of the people enrolled in a session, within its dates, for coordinators only', async () => {
    const { mine, coordinator, partnerUser } = await sheet();
    const { createProgramme, createSession } = await import('../support/factories.ts');
    const { Enrollment } = await import('../../src/assignments/entities.ts');
    const session = await createSession(t.em(), mine, await createProgramme(t.em(), { title: 'CAP Reliure' }), {
      startsOn: '2026-01-06',
      endsOn: '2026-06-30',
    });
    const learner = await createDetainee(t.em(), mine, { lastName: 'Apprenti', arrivalDate: '2025-12-01' });
    await coordinator.post(`/personnes/${learner.id}/inscriptions`, { sessionId: String(session.id), startsOn: '2026-01-06' });
    const enrollment = await t.em().findOneOrFail(Enrollment, { detainee: learner.id });
    const page = await coordinator.get(`/sessions/${session.id}/pointage?semaine=${MONDAY}`);
    expect(page.doc.querySelector('h1')?.textContent).toContain('Pointage de formation');
    expect(page.doc.querySelector(`#td-c-e${enrollment.id}-${DAYS[0]}`)?.textContent).toContain('Hors formation');
    const k = `c-e${enrollment.id}-${DAYS[1]}`;
    const saved = await coordinator.post('/pointage/cellule', { cell: k, [k]: '3h', version: '0' }, HX);
    expect(saved.status).toBe(200);
    expect(saved.doc.querySelector(`#total-e${enrollment.id}`)?.textContent).toBe('3h');
    expect(await t.em().findOneOrFail(TimeEntry, { enrollment: enrollment.id })).toMatchObject({ kind: 'training', minutes: 180, day: DAYS[1] });
    expect((await partnerUser.get(`/sessions/${session.id}/pointage`)).status).toBe(404);
    expect((await coordinator.post(`/sessions/${session.id}/pointage/validation?semaine=${MONDAY}`)).status).toBe(303);
    const pay = await coordinator.get(`/etablissements/${mine.id}/paie?mois=2026-01`);
    const row = [...pay.doc.querySelectorAll('#paie tbody tr')].find((tr) => tr.textContent?.includes('APPRENTI'));
    expect(row?.querySelector('td:nth-child(4)')?.textContent).toBe('3 h');
    expect(row?.textContent).toContain('0,00 €');
  });
});

describe('importing a week of hours', () => {
  function upload(workshop: Workshop, b: Browser, csv: string) {
    const form = new FormData();
    form.append('_csrf', b.csrf);
    form.append('fichier', new File([csv], 'heures.csv', { type: 'text/csv' }));
    return t.app.request(`/ateliers/${workshop.id}/pointage/import`, {
      method: 'POST',
      body: form,
      headers: { Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
  }

  it('explains every bad row and stores nothing, then imports a good file in one go', async () => {
    const { workshop, assignment, partnerUser } = await sheet();
    const before = await t.em().count(TimeEntry, {});
    const bad = [
      'Numéro d’écrou;Date;Durée',
      'MTZ1;02/02/2026;7h',
      'INCONNU;03/02/2026;7h',
      'MTZ1;04/02/2026;trois heures',
      'MTZ1;05/02/2026;11h',
      'MTZ1;29/02/2026;7h',
    ].join('\r\n');
    const res = await upload(workshop, partnerUser, bad);
    expect(res.status).toBe(422);
    const { parse } = await import('../support/app.ts');
    const doc = parse(await res.text());
    const rows = [...doc.querySelectorAll('#lignes-a-corriger tbody tr')].map((tr) => [
      tr.querySelector('th')?.textContent,
      tr.querySelector('td')?.textContent,
    ]);
    expect(rows.map((r) => r[0])).toEqual(['3', '4', '5', '6']);
    expect(rows[0]?.[1]).toBe('Numéro d’écrou « INCONNU » : aucune personne affectée à cet atelier le 03/02/2026.');
    expect(rows[1]?.[1]).toContain('Écrivez une durée comme 3h30');
    expect(rows[2]?.[1]).toContain('au plus 10h par jour');
    expect(rows[3]?.[1]).toBe('Date « 29/02/2026 » illisible : écrivez-la jj/mm/aaaa.');
    expect(await t.em().count(TimeEntry, {})).toBe(before);

    const good = ['Numéro d’écrou;Date;Durée', 'MTZ1;02/02/2026;7h', 'mtz1;03/02/2026;7,5', 'MTZ1;04/02/2026;PAR'].join('\r\n');
    expect((await upload(workshop, partnerUser, good)).status).toBe(200);
    expect(await t.em().count(TimeEntry, {})).toBe(before);
    const confirmed = await partnerUser.post(`/ateliers/${workshop.id}/pointage/import/confirmation`, { contenu: good });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`/ateliers/${workshop.id}/pointage?semaine=2026-02-02`);
    const entries = await t.em().find(TimeEntry, { assignment: assignment.id, day: { $gte: '2026-02-02', $lte: '2026-02-08' } }, { orderBy: { day: 'asc' } });
    expect(entries.map((e) => [e.day, e.kind, e.minutes, e.absenceCode])).toEqual([
      ['2026-02-02', 'work', 420, null],
      ['2026-02-03', 'work', 450, null],
      ['2026-02-04', 'absence', 0, 'PAR'],
    ]);
  });
});

describe('importing the grid layout', () => {
  it('reads « Numéro d’écrou ; Lundi … Dimanche » for the week being imported', async () => {
    const { workshop, assignment, partnerUser } = await sheet();
    const csv = ['Numéro d’écrou;Lundi;Mardi;Mercredi;Jeudi;Vendredi;Samedi;Dimanche', 'MTZ1;7h;7h;;CJ;6h30;;'].join('\r\n');
    const form = new FormData();
    form.append('_csrf', partnerUser.csrf);
    form.append('fichier', new File([csv], 'grille.csv', { type: 'text/csv' }));
    const res = await t.app.request(`/ateliers/${workshop.id}/pointage/import?semaine=2026-02-09`, {
      method: 'POST',
      body: form,
      headers: { Cookie: [...partnerUser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.status).toBe(200);
    expect((await partnerUser.post(`/ateliers/${workshop.id}/pointage/import/confirmation?semaine=2026-02-09`, { contenu: csv })).status).toBe(303);
    const entries = await t.em().find(TimeEntry, { assignment: assignment.id, day: { $gte: '2026-02-09', $lte: '2026-02-15' } }, { orderBy: { day: 'asc' } });
    expect(entries.map((e) => [e.day, e.minutes, e.absenceCode])).toEqual([
      ['2026-02-09', 420, null],
      ['2026-02-10', 420, null],
      ['2026-02-12', 0, 'CJ'],
      ['2026-02-13', 390, null],
    ]);
  });
});
