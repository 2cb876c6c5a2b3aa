import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment, Suspension } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { plusDays } from '../../src/platform/calendar.ts';
import { readCsv } from '../../src/platform/csv.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * A sick day known after validation, in one step (issue 18, item 5): the correction to « M »
 * or « AT » on a day without a suspension asks to record the suspension too; checked, the
 * suspension (new, or an adjacent one of the same reason extended) and the absence are
 * recorded together, or nothing is.
 */

let t: TestContext;
const MONDAY = '2026-03-02';
const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'];
const HX = { 'HX-Request': 'true' };
const REASON = 'Arrêt maladie reçu après validation';

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

/** A workshop with one person on a 35 h contract from `startsOn`, and its coordinator. */
async function sheet(prisonNumber: string, startsOn = MONDAY) {
  const mine = await createEstablishment(t.em());
  const workshop = await createWorkshop(t.em(), mine, { name: 'Reliure', partner: await createPartner(t.em()) });
  const post = await createPost(t.em(), workshop, { code: `${prisonNumber}-REL-01` });
  const person = await createDetainee(t.em(), mine, { lastName: 'Relieur', firstName: 'Jean', prisonNumber, arrivalDate: '2025-10-01' });
  const user = await createUser(t.em(), 'coordinator', { establishments: [mine] });
  const coordinator = await signedIn(user);
  await coordinator.post(`/personnes/${person.id}/affectations`, { postId: String(post.id), contractReference: 'CEP-C1', startsOn, weeklyHours: '35' });
  const assignment = await t.em().findOneOrFail(Assignment, { detainee: person.id });
  const key = (day: string) => `c-a${assignment.id}-${day}`;
  const save = (day: string, value: string) => coordinator.post('/pointage/cellule', { cell: key(day), [key(day)]: value, version: '0' }, HX);
  const adjust = (day: string, value: string, extra: Record<string, string> = {}, monday = MONDAY) =>
    coordinator.post(`/ateliers/${workshop.id}/pointage/ajustement?semaine=${monday}`, { holder: `a${assignment.id}`, day, value, reason: REASON, ...extra });
  const dayRows = (day: string) =>
    t
      .em()
      .fork()
      .find(TimeEntry, { assignment: assignment.id, day }, { orderBy: { id: 'asc' } });
  const suspensions = async () =>
    (
      await t
        .em()
        .fork()
        .find(Suspension, { assignment: assignment.id }, { orderBy: { startsOn: 'asc' } })
    ).map((s) => [s.startsOn, s.endsOn ?? null, s.reason]);
  const suspend = (from: string, to: string | null, reason = 'sickness') =>
    t
      .em()
      .fork()
      .execute(`insert into assignment_suspension (establishment_id, assignment_id, starts_on, ends_on, reason) values (?, ?, ?, ?, ?)`, [
        mine.id,
        assignment.id,
        from,
        to,
        reason,
      ]);
  const pay = async () => {
    const res = await coordinator.get(`/etablissements/${mine.id}/paie.csv?mois=2026-03`);
    const { header, rows } = readCsv(res.html);
    const row = rows.find((r) => r[1] === prisonNumber) ?? [];
    return (column: string) => row[header.indexOf(column)];
  };
  return { mine, user, workshop, assignment, coordinator, key, save, adjust, dayRows, suspensions, suspend, pay };
}

type Sheet = Awaited<ReturnType<typeof sheet>>;

/** The days typed (7 h each, or what `values` says, from `first`), then the week validated. */
async function validatedWeek(s: Sheet, values = ['7', '7', '7', '7', '7'], first = 0) {
  for (const [i, value] of values.entries()) expect((await s.save(DAYS[first + i] as string, value)).status).toBe(200);
  expect((await s.coordinator.post(`/ateliers/${s.workshop.id}/pointage/validation?semaine=${MONDAY}`)).status).toBe(303);
}

describe('a day corrected to sickness without a suspension', () => {
  it('asks to record the suspension too, keeping what was typed, and stores nothing', async () => {
    const s = await sheet('SIC1');
    await validatedWeek(s);
    const asked = await s.adjust(DAYS[1] as string, 'm');
    expect(asked.status).toBe(422);
    expect(asked.doc.querySelector('#ajustement-suspend-erreur')?.textContent).toContain('RELIEUR Jean, mardi 03/03/2026 : maladie (M) suspend le contrat');
    expect(asked.doc.querySelector('label[for=ajustement-suspend]')?.textContent).toContain(
      'Enregistrer aussi la suspension du contrat pour ce jour (arrêt maladie / accident du travail)',
    );
    expect(asked.doc.querySelector('#ajustement-suspend')?.hasAttribute('checked')).toBe(false);
    expect(asked.doc.querySelector('#ajustement-value')?.getAttribute('value')).toBe('m');
    expect(asked.doc.querySelector('#ajustement-reason')?.getAttribute('value')).toBe(REASON);
    expect(asked.doc.querySelector('#ajustement-day option[selected]')?.getAttribute('value')).toBe(DAYS[1]);
    expect(asked.doc.querySelector('#ajustement [role=alert]')?.textContent).toContain('Rien n’est enregistré pour RELIEUR Jean, mardi 03/03/2026');
    expect(await s.dayRows(DAYS[1] as string)).toHaveLength(1);
    expect(await s.suspensions()).toEqual([]);
  });

  it('checked: the suspension for that day and the « M » in one step, counted as one sickness day in pay', async () => {
    const s = await sheet('SIC2');
    await validatedWeek(s);
    const done = await s.adjust(DAYS[1] as string, 'm', { suspend: '1' });
    expect(done.status).toBe(303);
    expect(await s.suspensions()).toEqual([[DAYS[1], DAYS[1], 'sickness']]);
    expect((await s.dayRows(DAYS[1] as string)).map((r) => [r.kind, r.minutes, r.absenceCode, r.isAdjustment])).toEqual([
      ['work', 420, null, false],
      ['work', -420, null, true],
      ['absence', 0, 'M', true],
    ]);
    const page = await s.coordinator.get(`/ateliers/${s.workshop.id}/pointage?semaine=${MONDAY}`);
    expect(page.html).toContain('RELIEUR Jean, mardi 03/03/2026 : corrigé en arrêt maladie ; suspension du contrat enregistrée pour ce jour');
    // The suspension's creation is in the audit trail, attributed to the coordinator.
    const audit = await t
      .em()
      .fork()
      .execute(`select actor_id, action from audit_event where entity = 'assignment_suspension' and establishment_id = ?`, [s.mine.id]);
    expect(audit.map((a) => [a.actor_id, a.action])).toEqual([[s.user.id, 'create']]);
    // Pay: one sickness day, 4 × 7 h = 28 validated hours at 5,409 €: 28 × 5,409 = 151,452 € → 151,45 €.
    const column = await s.pay();
    expect(column('Jours maladie')).toBe('1');
    expect(column('Heures validées')).toBe('28');
    expect(column('Taux horaire brut (€)')).toBe('5,409');
    expect(column('Brut (€)')).toBe('151,45');
  });

  it('a work accident: its own suspension reason', async () => {
    const s = await sheet('SIC3');
    await validatedWeek(s);
    expect((await s.adjust(DAYS[3] as string, 'AT', { suspend: '1' })).status).toBe(303);
    expect(await s.suspensions()).toEqual([[DAYS[3], DAYS[3], 'work_accident']]);
    const page = await s.coordinator.get(`/ateliers/${s.workshop.id}/pointage?semaine=${MONDAY}`);
    expect(page.html).toContain('RELIEUR Jean, jeudi 05/03/2026 : corrigé en accident du travail ; suspension du contrat enregistrée pour ce jour');
  });

  it('extends an adjacent suspension of the same reason instead of adding one beside it', async () => {
    const s = await sheet('SIC4');
    await validatedWeek(s, ['7', '7', '7', '7', '7']);
    // Monday's sickness suspension recorded after validation, Monday corrected within it.
    await s.suspend(DAYS[0] as string, DAYS[0] as string);
    expect((await s.adjust(DAYS[0] as string, 'M')).status).toBe(303);
    // Tuesday: the day after it.
    expect((await s.adjust(DAYS[1] as string, 'M', { suspend: '1' })).status).toBe(303);
    expect(await s.suspensions()).toEqual([[DAYS[0], DAYS[1], 'sickness']]);
    const page = await s.coordinator.get(`/ateliers/${s.workshop.id}/pointage?semaine=${MONDAY}`);
    expect(page.html).toContain('RELIEUR Jean, mardi 03/03/2026 : corrigé en arrêt maladie ; suspension du contrat prolongée pour ce jour');
    // An open suspension from Friday: Thursday brings its start forward.
    await s.suspend(DAYS[4] as string, null);
    expect((await s.adjust(DAYS[3] as string, 'M', { suspend: '1' })).status).toBe(303);
    expect(await s.suspensions()).toEqual([
      [DAYS[0], DAYS[1], 'sickness'],
      [DAYS[3], null, 'sickness'],
    ]);
    // Wednesday sits between the two: the earlier one extended, no overlap.
    expect((await s.adjust(DAYS[2] as string, 'M', { suspend: '1' })).status).toBe(303);
    expect(await s.suspensions()).toEqual([
      [DAYS[0], DAYS[2], 'sickness'],
      [DAYS[3], null, 'sickness'],
    ]);
    expect((await s.pay())('Jours maladie')).toBe('4');
  });

  it('a suspension of another reason next to it is not extended: a sickness one is added', async () => {
    const s = await sheet('SIC5');
    await validatedWeek(s);
    await s.suspend(DAYS[0] as string, DAYS[0] as string, 'disciplinary');
    expect((await s.adjust(DAYS[1] as string, 'M', { suspend: '1' })).status).toBe(303);
    expect(await s.suspensions()).toEqual([
      [DAYS[0], DAYS[0], 'disciplinary'],
      [DAYS[1], DAYS[1], 'sickness'],
    ]);
  });

  it('a day outside the contract is still refused, even checked', async () => {
    const s = await sheet('SIC6', DAYS[2] as string);
    await validatedWeek(s, ['7', '7', '7'], 2);
    const refused = await s.adjust(DAYS[0] as string, 'M', { suspend: '1' });
    expect(refused.status).toBe(422);
    expect(refused.doc.querySelector('#ajustement-value-erreur')?.textContent).toContain('RELIEUR Jean, lundi 02/03/2026 : ce jour est « hors contrat »');
    expect(await s.dayRows(DAYS[0] as string)).toHaveLength(0);
    expect(await s.suspensions()).toEqual([]);
  });

  it('all or nothing: the absence refused by the database after the suspension was written leaves neither', async () => {
    const s = await sheet('SIC7');
    await validatedWeek(s);
    // A refusal at the last write (the absence entry), for this assignment only: the suspension and the hours' difference go with it.
    const em = t.em().fork();
    await em.execute(`create function sic7_refuse() returns trigger language plpgsql as $$
      begin
        if new.assignment_id = ${s.assignment.id} and new.kind = 'absence' then
          raise exception 'atelier: Refus de test.' using errcode = 'check_violation';
        end if;
        return new;
      end $$`);
    await em.execute('create trigger sic7_refuse before insert on time_entry for each row execute function sic7_refuse()');
    try {
      const refused = await s.adjust(DAYS[1] as string, 'M', { suspend: '1' });
      expect(refused.status).toBe(409);
      expect(refused.doc.querySelector('#ajustement [role=alert]')?.textContent).toContain(
        'Rien n’est enregistré pour RELIEUR Jean, mardi 03/03/2026 : Refus de test.',
      );
    } finally {
      await em.execute('drop trigger sic7_refuse on time_entry; drop function sic7_refuse()');
    }
    expect(await s.suspensions()).toEqual([]);
    expect((await s.dayRows(DAYS[1] as string)).map((r) => r.minutes)).toEqual([420]);
  });
});

describe('two such corrections of the same day at once', () => {
  it('20 times: one suspension and one « M », the other told the day holds it already', async () => {
    const s = await sheet('SIC8');
    const em = t.em().fork();
    for (let week = 0; week < 20; week++) {
      const monday = plusDays('2026-03-09', 7 * week);
      em.create(TimeEntry, {
        establishment: s.mine.id,
        detainee: s.assignment.detainee.id,
        assignment: s.assignment.id,
        workshop: s.workshop.id,
        day: monday,
        kind: 'work',
        minutes: 420,
      });
    }
    await em.flush();
    await em.execute(`update timesheet_week set status = 'validated', validated_at = now() where workshop_id = ?`, [s.workshop.id]);
    for (let week = 0; week < 20; week++) {
      const monday = plusDays('2026-03-09', 7 * week);
      const post = () => s.adjust(monday, 'M', { suspend: '1' }, monday);
      const statuses = (await Promise.all([post(), post()])).map((r) => r.status).sort();
      expect(statuses, monday).toEqual([303, 422]);
      expect(
        (await s.dayRows(monday)).map((r) => [r.kind, r.minutes, r.absenceCode]),
        monday,
      ).toEqual([
        ['work', 420, null],
        ['work', -420, null],
        ['absence', 0, 'M'],
      ]);
    }
    const mondays = Array.from({ length: 20 }, (_, week) => plusDays('2026-03-09', 7 * week));
    expect(await s.suspensions()).toEqual(mondays.map((d) => [d, d, 'sickness']));
  });
});
