import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { plusDays } from '../../src/platform/calendar.ts';
import { readCsv } from '../../src/platform/csv.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * Corrections of a validated week (issue 18, items 5 and 7): a day of hours corrected to an
 * absence reason counts as that absence; an absence corrected to hours counts as hours; a
 * refused correction keeps what was typed and names the person; a bare number is read as
 * minutes aloud, and two digits ask to be confirmed.
 */

let t: TestContext;
let admin: Browser;
const MONDAY = '2026-03-02';
const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'];
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

/** A workshop with one person on a 35 h contract from 2 March 2026, and its coordinator. */
async function sheet(prisonNumber = 'COR1') {
  const mine = await createEstablishment(t.em());
  const workshop = await createWorkshop(t.em(), mine, { name: 'Reliure', partner: await createPartner(t.em()) });
  const post = await createPost(t.em(), workshop, { code: `${prisonNumber}-REL-01` });
  const person = await createDetainee(t.em(), mine, { lastName: 'Relieur', firstName: 'Jean', prisonNumber, arrivalDate: '2025-10-01' });
  const coordinator = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [mine] }));
  await coordinator.post(`/personnes/${person.id}/affectations`, { postId: String(post.id), contractReference: 'CEP-C1', startsOn: MONDAY, weeklyHours: '35' });
  const assignment = await t.em().findOneOrFail(Assignment, { detainee: person.id });
  const key = (day: string) => `c-a${assignment.id}-${day}`;
  const save = (day: string, value: string, version = '0') => coordinator.post('/pointage/cellule', { cell: key(day), [key(day)]: value, version }, HX);
  const adjust = (day: string, value: string, extra: Record<string, string> = {}) =>
    coordinator.post(`/ateliers/${workshop.id}/pointage/ajustement?semaine=${MONDAY}`, {
      holder: `a${assignment.id}`,
      day,
      value,
      reason: 'Feuille papier du chef d’atelier',
      ...extra,
    });
  const dayRows = (day: string) =>
    t
      .em()
      .fork()
      .find(TimeEntry, { assignment: assignment.id, day }, { orderBy: { id: 'asc' } });
  const grid = () => coordinator.get(`/ateliers/${workshop.id}/pointage?semaine=${MONDAY}`);
  const pay = async () => {
    const res = await coordinator.get(`/etablissements/${mine.id}/paie.csv?mois=2026-03`);
    const { header, rows } = readCsv(res.html);
    const row = rows.find((r) => r[1] === prisonNumber) ?? [];
    return (column: string) => row[header.indexOf(column)];
  };
  return { mine, workshop, assignment, coordinator, key, save, adjust, dayRows, grid, pay };
}

/** Monday to Friday typed (7 h, or what `values` says), then the week validated. */
async function validatedWeek(s: Awaited<ReturnType<typeof sheet>>, values = ['7', '7', '7', '7', '7']) {
  for (const [i, value] of values.entries()) expect((await s.save(DAYS[i] as string, value)).status).toBe(200);
  expect((await s.coordinator.post(`/ateliers/${s.workshop.id}/pointage/validation?semaine=${MONDAY}`)).status).toBe(303);
}

async function suspend(s: Awaited<ReturnType<typeof sheet>>, from: string, to: string) {
  await t
    .em()
    .fork()
    .execute(`insert into assignment_suspension (establishment_id, assignment_id, starts_on, ends_on, reason) values (?, ?, ?, ?, 'sickness')`, [
      s.mine.id,
      s.assignment.id,
      from,
      to,
    ]);
}

describe('a correction after validation', () => {
  it('turns a day of hours into sickness within its suspension: counted as one day of « M », its hours gone from pay', async () => {
    const s = await sheet();
    await validatedWeek(s);
    // Sickness suspends the contract: without the suspension, the form asks to record it too (tests/hours/sickness-correction.test.ts).
    const refused = await s.adjust(DAYS[1] as string, 'm');
    expect(refused.status).toBe(422);
    expect(refused.doc.querySelector('#ajustement-suspend-erreur')?.textContent).toContain('RELIEUR Jean, mardi 03/03/2026 : maladie (M) suspend le contrat');
    expect(await s.dayRows(DAYS[1] as string)).toHaveLength(1);
    await suspend(s, DAYS[1] as string, DAYS[1] as string);
    expect((await s.adjust(DAYS[1] as string, 'm')).status).toBe(303);
    const rows = await s.dayRows(DAYS[1] as string);
    expect(rows.map((r) => [r.kind, r.minutes, r.absenceCode, r.isAdjustment])).toEqual([
      ['work', 420, null, false],
      ['work', -420, null, true],
      ['absence', 0, 'M', true],
    ]);
    // The grid shows the original value, the correction and the week's new total: 4 × 7 h.
    const page = await s.grid();
    expect(page.doc.querySelector(`#td-${s.key(DAYS[1] as string)}`)?.textContent).toContain('corrigé en M');
    // The day reads as it now stands (M), its original 7h struck through beside it.
    expect(page.doc.querySelector(`#td-${s.key(DAYS[1] as string)} del`)?.textContent).toBe('7h');
    expect(page.doc.querySelector(`#td-${s.key(DAYS[1] as string)} strong`)?.textContent).toBe('M');
    expect(page.doc.querySelector(`#total-a${s.assignment.id}`)?.textContent).toContain('28h');
    // Pay: one day of sickness, 28 validated hours at the exact rate: 28 × 5,409 € = 151,452 € → 151,45 €.
    const column = await s.pay();
    expect(column('Jours maladie')).toBe('1');
    expect(column('Heures validées')).toBe('28');
    expect(column('Taux horaire brut (€)')).toBe('5,409');
    expect(column('Brut (€)')).toBe('151,45');
    // The same correction again is refused: the day holds the code already.
    const again = await s.adjust(DAYS[1] as string, 'M');
    expect(again.status).toBe(422);
    expect(again.html).toContain('la journée porte déjà le code M');
  });

  it('turns an absence into hours: no longer counted as an absence, paid as worked', async () => {
    const s = await sheet('COR2');
    await validatedWeek(s, ['7', '7', 'AI', '7', '7']);
    expect((await s.pay())('Jours absence injustifiée')).toBe('1');
    expect((await s.adjust(DAYS[2] as string, '7h')).status).toBe(303);
    const page = await s.grid();
    const cell = page.doc.querySelector(`#td-${s.key(DAYS[2] as string)}`)?.textContent ?? '';
    expect(cell).toContain('absence levée');
    expect(cell).toContain('ajusté +7h');
    expect(page.doc.querySelector(`#td-${s.key(DAYS[2] as string)} del`)?.textContent).toBe('AI');
    expect(page.doc.querySelector(`#td-${s.key(DAYS[2] as string)} strong`)?.textContent).toBe('7h');
    expect(page.doc.querySelector(`#total-a${s.assignment.id}`)?.textContent).toContain('35h');
    const column = await s.pay();
    expect(column('Jours absence injustifiée')).toBeUndefined();
    // 35 × 5,409 € = 189,315 € → 189,32 €.
    expect(column('Heures validées')).toBe('35');
    expect(column('Brut (€)')).toBe('189,32');
  });

  it('qualifies an absence into another reason, and a reopened week keeps the corrected day', async () => {
    const s = await sheet('COR3');
    await validatedWeek(s, ['7', '7', '7', 'AI', '7']);
    expect((await s.adjust(DAYS[3] as string, 'MED')).status).toBe(303);
    expect((await s.pay())('Jours absence injustifiée')).toBeUndefined();
    await suspend(s, DAYS[4] as string, DAYS[4] as string);
    expect((await s.adjust(DAYS[4] as string, 'M')).status).toBe(303);
    // Reopened, each day folds into one entry as corrected.
    expect((await admin.post(`/ateliers/${s.workshop.id}/pointage/reouverture?semaine=${MONDAY}`, { reason: 'Erreur de saisie' })).status).toBe(303);
    const entries = await t
      .em()
      .fork()
      .find(TimeEntry, { assignment: s.assignment.id }, { orderBy: { day: 'asc' } });
    expect(entries.map((e) => [e.day, e.kind, e.minutes, e.absenceCode, e.isAdjustment])).toEqual([
      [DAYS[0], 'work', 420, null, false],
      [DAYS[1], 'work', 420, null, false],
      [DAYS[2], 'work', 420, null, false],
      [DAYS[3], 'absence', 0, 'MED', false],
      [DAYS[4], 'absence', 0, 'M', false],
    ]);
  });

  it('refused, keeps what was typed and names the person and the day', async () => {
    const s = await sheet('COR4');
    await validatedWeek(s);
    const refused = await s.adjust(DAYS[0] as string, '11h', { reason: 'Inventaire annuel' });
    expect(refused.status).toBe(422);
    expect(refused.doc.querySelector('#ajustement [role=alert]')?.textContent).toContain('Rien n’est enregistré pour RELIEUR Jean, lundi 02/03/2026');
    expect(refused.doc.querySelector('#ajustement-value-erreur')?.textContent).toContain('RELIEUR Jean, lundi 02/03/2026 : Lundi : 11h dépasse la limite');
    expect(refused.doc.querySelector('#ajustement-value')?.getAttribute('value')).toBe('11h');
    expect(refused.doc.querySelector('#ajustement-reason')?.getAttribute('value')).toBe('Inventaire annuel');
    expect(refused.doc.querySelector('#ajustement-holder option[selected]')?.getAttribute('value')).toBe(`a${s.assignment.id}`);
    expect(refused.doc.querySelector('#ajustement-day option[selected]')?.getAttribute('value')).toBe(DAYS[0]);
    // A field left empty: its message next to it, the rest kept.
    const empty = await s.adjust(DAYS[2] as string, '8h', { reason: '' });
    expect(empty.status).toBe(422);
    expect(empty.doc.querySelector('#ajustement-reason-erreur')?.textContent).toContain('Indiquez le motif de l’ajustement.');
    expect(empty.doc.querySelector('#ajustement-value')?.getAttribute('value')).toBe('8h');
    expect(empty.doc.querySelector('#ajustement-day option[selected]')?.getAttribute('value')).toBe(DAYS[2]);
    expect(await t.em().fork().count(TimeEntry, { assignment: s.assignment.id, isAdjustment: true })).toBe(0);
  });

  it('reads a bare number above 24 as minutes aloud, and asks to confirm two digits', async () => {
    const s = await sheet('COR5');
    await validatedWeek(s);
    const asked = await s.adjust(DAYS[3] as string, '35');
    expect(asked.status).toBe(422);
    expect(asked.doc.querySelector('#ajustement-lecture')?.textContent).toBe('Lu : 35 min');
    expect(asked.doc.querySelector('#ajustement-confirmed-erreur')?.textContent).toContain('« 35 » se lit 35 min');
    expect(asked.doc.querySelector('label[for=ajustement-confirmed]')?.textContent).toContain('Confirmer 35 min');
    expect(await t.em().fork().count(TimeEntry, { assignment: s.assignment.id, isAdjustment: true })).toBe(0);
    // Confirmed for another value than the one typed: still asked.
    expect((await s.adjust(DAYS[3] as string, '45', { confirmed: '35' })).status).toBe(422);
    expect((await s.adjust(DAYS[3] as string, '35', { confirmed: '35' })).status).toBe(303);
    expect((await s.dayRows(DAYS[3] as string)).map((r) => r.minutes)).toEqual([420, 35 - 420]);
    // Three digits are deliberate minutes: taken at once.
    expect((await s.adjust(DAYS[4] as string, '450')).status).toBe(303);
    expect((await s.dayRows(DAYS[4] as string)).map((r) => r.minutes)).toEqual([420, 30]);
  });
});

describe('the grid cell', () => {
  it('shows how a bare number was read', async () => {
    const s = await sheet('COR6');
    const saved = await s.save(DAYS[0] as string, '45');
    expect(saved.status).toBe(200);
    expect(saved.doc.querySelector(`#${s.key(DAYS[0] as string)}-lecture`)?.textContent).toBe('Lu : 45 min');
    expect(saved.doc.querySelector(`#${s.key(DAYS[0] as string)}`)?.getAttribute('aria-describedby')).toContain('-lecture');
    expect((await s.dayRows(DAYS[0] as string))[0]?.minutes).toBe(45);
    const hours = await s.save(DAYS[1] as string, '7');
    expect(hours.doc.querySelector(`#${s.key(DAYS[1] as string)}-lecture`)).toBeNull();
  });
});

describe('two corrections of the same day at once', () => {
  it('20 times: one is recorded, the other is told the day holds it already', async () => {
    const s = await sheet('COR7');
    const em = t.em().fork();
    for (let week = 0; week < 20; week++) {
      const monday = plusDays('2026-03-09', 7 * week);
      em.create(TimeEntry, {
        establishment: s.mine.id,
        detainee: s.assignment.detainee.id,
        assignment: s.assignment.id,
        workshop: s.workshop.id,
        day: monday,
        kind: 'absence',
        absenceCode: 'AI',
        minutes: 0,
      });
    }
    await em.flush();
    // The entries made their week rows (trigger time_entry_lock): validated as a coordinator would.
    await em.execute(`update timesheet_week set status = 'validated', validated_at = now() where workshop_id = ?`, [s.workshop.id]);
    for (let week = 0; week < 20; week++) {
      const monday = plusDays('2026-03-09', 7 * week);
      const post = () =>
        s.coordinator.post(`/ateliers/${s.workshop.id}/pointage/ajustement?semaine=${monday}`, {
          holder: `a${s.assignment.id}`,
          day: monday,
          value: '7h',
          reason: 'Présent en réalité',
        });
      const statuses = (await Promise.all([post(), post()])).map((r) => r.status).sort();
      expect(statuses, monday).toEqual([303, 422]);
      expect(
        (await s.dayRows(monday)).map((r) => [r.kind, r.minutes]),
        monday,
      ).toEqual([
        ['absence', 0],
        ['work', 420],
      ]);
    }
  });
});
