import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry, TimesheetWeek } from '../../src/hours/entities.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

let t: TestContext;
let e: Establishment;
let w: Workshop;
let coordinator: Browser;
let admin: Browser;
const HX = { 'HX-Request': 'true' };

beforeAll(async () => {
  t = await createTestContext();
  e = await createEstablishment(t.em());
  w = await createWorkshop(t.em(), e, { partner: await createPartner(t.em()) });
  await createUser(t.em(), 'coordinator', { email: 'coord@exemple.fr', establishments: [e] });
  await createUser(t.em(), 'admin', { email: 'admin@exemple.fr' });
  coordinator = new Browser(t.app);
  admin = new Browser(t.app);
  await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
  await admin.login('admin@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

async function assigned(lastName: string, prisonNumber: string) {
  const person = await createDetainee(t.em(), e, { lastName, prisonNumber, arrivalDate: '2025-10-01' });
  const post = await createPost(t.em(), w);
  await coordinator.post(`/personnes/${person.id}/affectations`, { postId: String(post.id), contractReference: 'CEP-G', startsOn: '2026-03-02' });
  return t.em().findOneOrFail(Assignment, { detainee: person.id });
}
const save = (a: Assignment, day: string, value: string, version = '0') =>
  coordinator.post('/pointage/cellule', { cell: `c-a${a.id}-${day}`, [`c-a${a.id}-${day}`]: value, version }, HX);

describe('validated weeks stay as they were', () => {
  it('refuses adjustments that break the limits or fall on a day without work', async () => {
    const a = await assigned('Ajusté', 'G1');
    for (const day of ['2026-03-02', '2026-03-03']) expect((await save(a, day, '7h')).status).toBe(200);
    expect((await save(a, '2026-03-04', 'MED')).status).toBe(200);
    await coordinator.post(`/ateliers/${w.id}/pointage/validation?semaine=2026-03-02`);
    const adjust = (day: string, value: string) =>
      coordinator.post(`/ateliers/${w.id}/pointage/ajustement?semaine=2026-03-02`, {
        holder: `a${a.id}`,
        day,
        value,
        reason: 'Correction de la feuille papier',
      });
    // (An absent day now takes hours: tests/hours/corrections.test.ts.)
    for (const [day, value] of [
      ['2026-03-02', '11h'],
      ['2026-03-01', '2h'],
    ]) {
      await adjust(day as string, value as string);
    }
    expect(await t.em().count(TimeEntry, { assignment: a.id, isAdjustment: true })).toBe(0);
    await adjust('2026-03-02', '8h');
    expect(await t.em().count(TimeEntry, { assignment: a.id, isAdjustment: true })).toBe(1);
  });

  it('cannot be changed in the database by moving an entry out of the week, nor get an adjustment while open', async () => {
    const a = await assigned('Verrou', 'G4');
    expect((await save(a, '2026-04-21', '7h')).status).toBe(200);
    expect((await coordinator.post(`/ateliers/${w.id}/pointage/validation?semaine=2026-04-20`)).status).toBe(303);
    const entry = await t.em().findOneOrFail(TimeEntry, { assignment: a.id, day: '2026-04-21', isAdjustment: false });
    await expect(adminClient(t.db.url, (c) => c.query("update time_entry set day = '2026-04-28' where id = $1", [entry.id]))).rejects.toThrow(
      /Cette semaine est validée/,
    );
    await expect(
      adminClient(t.db.url, (c) =>
        c.query(
          `insert into time_entry (establishment_id, detainee_id, assignment_id, workshop_id, day, kind, minutes, is_adjustment, adjustment_reason)
           select establishment_id, detainee_id, assignment_id, workshop_id, '2026-04-28', 'work', 60, true, 'hors validation' from time_entry where id = $1`,
          [entry.id],
        ),
      ),
    ).rejects.toThrow(/ne porte que sur une semaine validée/);
  });
});

describe('races and odd input answer cleanly', () => {
  it('two saves of the same empty cell: one wins, the other is told, no 500', async () => {
    const a = await assigned('Course', 'G2');
    const [x, y] = await Promise.all([save(a, '2026-03-09', '7h'), save(a, '2026-03-09', '6h')]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    expect(await t.em().count(TimeEntry, { assignment: a.id, day: '2026-03-09' })).toBe(1);
  });

  it('two validations of the same week at once: one validates, the other is told', async () => {
    const [x, y] = await Promise.all([
      coordinator.post(`/ateliers/${w.id}/pointage/validation?semaine=2026-03-16`),
      admin.post(`/ateliers/${w.id}/pointage/validation?semaine=2026-03-16`),
    ]);
    expect([x.status, y.status]).toEqual([303, 303]);
    const page = await coordinator.get(`/ateliers/${w.id}/pointage?semaine=2026-03-16`);
    expect(page.html).toContain('Semaine validée');
  });

  it('a week validated already is not validated again: the first validation keeps its author and time', async () => {
    const validation = `/ateliers/${w.id}/pointage/validation?semaine=2026-04-13`;
    expect((await coordinator.post(validation)).status).toBe(303);
    const first = await t.em().findOneOrFail(TimesheetWeek, { workshop: w.id, weekStart: '2026-04-13' });
    const again = await admin.post(validation);
    expect(again.status).toBe(303);
    expect((await admin.get(again.location ?? '')).html).toContain('Cette semaine est déjà validée.');
    const after = await t.em().findOneOrFail(TimesheetWeek, { workshop: w.id, weekStart: '2026-04-13' });
    expect({ by: after.validatedBy?.id, at: after.validatedAt, version: after.version }).toEqual({
      by: first.validatedBy?.id,
      at: first.validatedAt,
      version: first.version,
    });
  });

  it('answers a non-existent day with 404 and a non-existent month with this month', async () => {
    const a = await assigned('Calendrier', 'G5');
    expect((await save(a, '2026-02-31', '7h')).status).toBe(404);
    expect((await save(a, '0000-01-01', '7h')).status).toBe(404);
    expect((await coordinator.get(`/etablissements/${e.id}/paie?mois=2026-13`)).status).toBe(200);
  });
});

describe('copying and importing', () => {
  it('copies only what the limits allow', async () => {
    const a = await assigned('Copié', 'G3');
    for (const day of ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27']) await save(a, day, '7h');
    await save(a, '2026-04-05', '8h');
    await coordinator.post(`/ateliers/${w.id}/pointage/copie?semaine=2026-03-30`);
    const week = await t.em().find(TimeEntry, { assignment: a.id, day: { $gte: '2026-03-30', $lte: '2026-04-05' } });
    expect(week.reduce((n, x) => n + x.minutes, 0)).toBeLessThanOrEqual(35 * 60);
  });

  it('never reveals the name of someone outside the workshop', async () => {
    const elsewhere = await createWorkshop(t.em(), e);
    const post = await createPost(t.em(), elsewhere);
    const other = await createDetainee(t.em(), e, { lastName: 'Confidentiel', prisonNumber: 'SECRET1', arrivalDate: '2025-10-01' });
    await coordinator.post(`/personnes/${other.id}/affectations`, { postId: String(post.id), contractReference: 'CEP-S', startsOn: '2026-03-02' });
    // The coordinator reads the assignment's message (which names the person, to them) on the person's page.
    await coordinator.get(`/personnes/${other.id}`);
    const form = new FormData();
    form.append('_csrf', coordinator.csrf);
    form.append('fichier', new File(['Numéro d’écrou;Date;Durée\r\nSECRET1;03/03/2026;7h\r\n'], 'h.csv'));
    const res = await t.app.request(`/ateliers/${w.id}/pointage/import`, {
      method: 'POST',
      body: form,
      headers: { Cookie: [...coordinator.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    const html = await res.text();
    expect(html).toContain('aucune personne affectée à cet atelier');
    expect(html).not.toContain('CONFIDENTIEL');
  });

  it('refuses a SMIC that would take effect within a validated week', async () => {
    expect((await coordinator.post(`/ateliers/${w.id}/pointage/validation?semaine=2026-05-04`)).status).toBe(303);
    const reply = await admin.post('/admin/remunerations/smic', { effectiveFrom: '2026-03-01', hourly: '13' });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#smic-effectiveFrom-erreur')?.textContent).toContain('la date d’effet doit être postérieure');
  });
});
