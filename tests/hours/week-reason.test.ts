import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * The reason for hours beyond the contract, a public holiday or a Sunday belongs to the
 * person's week (issue 18, item 6): asked on that person's row when a save needs it, the
 * refused cell saved again with it, kept with the row, shown after a reload and to the
 * validator, and never taken for another person's save.
 */

let t: TestContext;
const MONDAY = '2026-03-02';
const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'];
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

/** A workshop with two people on 35 h contracts from 2 March 2026, and its coordinator. */
async function sheet() {
  const mine = await createEstablishment(t.em());
  const workshop = await createWorkshop(t.em(), mine, { name: 'Reliure', partner: await createPartner(t.em()) });
  const coordinator = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [mine] }));
  const people = [];
  for (const [i, lastName] of ['Aubert', 'Bernard'].entries()) {
    const post = await createPost(t.em(), workshop, { code: `WR${mine.id}-REL-0${i + 1}` });
    const person = await createDetainee(t.em(), mine, { lastName, firstName: 'Jean', prisonNumber: `WR${i}`, arrivalDate: '2025-10-01' });
    await coordinator.post(`/personnes/${person.id}/affectations`, {
      postId: String(post.id),
      contractReference: `CEP-${i}`,
      startsOn: MONDAY,
      weeklyHours: '35',
    });
    people.push(await t.em().findOneOrFail(Assignment, { detainee: person.id }));
  }
  const [a, b] = people as [Assignment, Assignment];
  const key = (x: Assignment, day: string) => `c-a${x.id}-${day}`;
  /** A cell saved as htmx posts it: the whole grid form (`form`: the other fields), `cell` naming the one that changed. */
  const save = (x: Assignment, day: string, value: string, form: Record<string, string> = {}, version = '0') =>
    coordinator.post('/pointage/cellule', { ...form, cell: key(x, day), [key(x, day)]: value, version }, HX);
  const grid = () => coordinator.get(`/ateliers/${workshop.id}/pointage?semaine=${MONDAY}`);
  return { workshop, partner: workshop.partner, coordinator, a, b, key, save, grid };
}

/** Monday to Friday at 7 h: the contract's 35 h. */
async function fullWeek(s: Awaited<ReturnType<typeof sheet>>, x: Assignment) {
  for (const day of DAYS.slice(0, 5)) expect((await s.save(x, day, '7')).status).toBe(200);
}

describe('the reason of a person’s week', () => {
  it('is asked on that person’s row, saves the refused cell with it, and is shown after a reload and to the validator', async () => {
    const s = await sheet();
    await fullWeek(s, s.a);
    const page = await s.grid();
    expect(page.doc.querySelector('#overtimeReason')).toBeNull();
    expect(page.doc.querySelector(`#motif-ligne-a${s.a.id}`)?.hasAttribute('hidden')).toBe(true);
    // Saturday 2 h: 37 h, beyond the contract. The answer asks the reason on Aubert's row, for that cell.
    const refused = await s.save(s.a, DAYS[5] as string, '2h');
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('indiquez le motif des heures supplémentaires');
    const ask = refused.doc.querySelector(`#motif-ligne-a${s.a.id}`);
    expect(ask?.querySelector('label')?.textContent).toContain('Motif pour AUBERT Jean');
    expect(ask?.querySelector(`input[name=motif-a${s.a.id}]`)).not.toBeNull();
    const button = ask?.querySelector('button');
    expect(button?.getAttribute('hx-post')).toBe('/pointage/cellule');
    expect(button?.getAttribute('hx-target')).toBe(`#td-${s.key(s.a, DAYS[5] as string)}`);
    expect(JSON.parse(button?.getAttribute('hx-vals') ?? '{}')).toEqual({ cell: s.key(s.a, DAYS[5] as string), version: 0 });
    // The button posts the grid form again: the typed cell and the row's reason.
    const saved = await s.save(s.a, DAYS[5] as string, '2h', { [`motif-a${s.a.id}`]: 'Commande urgente de la médiathèque' });
    expect(saved.status).toBe(200);
    expect(saved.doc.querySelector(`#motif-ligne-a${s.a.id}`)?.textContent).toContain('Motif des heures au-delà de 35h : Commande urgente de la médiathèque');
    // Kept with the row: on each of its entries, their versions untouched (a cell shown before still saves).
    const entries = await t.em().fork().find(TimeEntry, { assignment: s.a.id });
    expect(entries.map((e) => e.overtimeReason)).toEqual(Array(6).fill('Commande urgente de la médiathèque'));
    expect((await s.save(s.a, DAYS[0] as string, '6h', {}, '1')).status).toBe(200);
    // After a reload, and once validated, the row says why the week is beyond 35 h.
    const reload = await s.grid();
    expect(reload.doc.querySelector(`#motif-ligne-a${s.a.id}`)?.textContent).toContain('Motif des heures au-delà de 35h : Commande urgente de la médiathèque');
    expect(reload.doc.querySelector(`#motif-ligne-a${s.b.id}`)?.hasAttribute('hidden')).toBe(true);
    expect((await s.coordinator.post(`/ateliers/${s.workshop.id}/pointage/validation?semaine=${MONDAY}`)).status).toBe(303);
    const validated = await s.grid();
    expect(validated.doc.querySelector(`#motif-ligne-a${s.a.id}`)?.textContent).toContain('Commande urgente de la médiathèque');
  });

  it('is never taken for another person’s save, even posted with the same form', async () => {
    const s = await sheet();
    await fullWeek(s, s.a);
    await fullWeek(s, s.b);
    const reasonOfA = { [`motif-a${s.a.id}`]: 'Inventaire' };
    expect((await s.save(s.a, DAYS[5] as string, '2h', reasonOfA)).status).toBe(200);
    // Bernard's Saturday, posted with the whole grid form (Aubert's reason in it): refused, asked on Bernard's row.
    const refused = await s.save(s.b, DAYS[5] as string, '2h', reasonOfA);
    expect(refused.status).toBe(422);
    expect(refused.doc.querySelector(`#motif-ligne-b${s.b.id}, #motif-ligne-a${s.b.id}`)?.querySelector('input')?.getAttribute('name')).toBe(
      `motif-a${s.b.id}`,
    );
    expect(await t.em().fork().count(TimeEntry, { assignment: s.b.id, day: DAYS[5] })).toBe(0);
    // Even a reason stored on Aubert's row does not cover Bernard's week.
    expect((await s.save(s.b, DAYS[6] as string, '1h', reasonOfA)).status).toBe(422);
  });

  it('is kept from the partner, who is told neither the contract nor what the coordination wrote', async () => {
    const s = await sheet();
    await fullWeek(s, s.a);
    expect((await s.save(s.a, DAYS[5] as string, '2h', { [`motif-a${s.a.id}`]: 'Rattrapage après la visite médicale' })).status).toBe(200);
    expect((await s.grid()).doc.querySelector(`#motif-ligne-a${s.a.id}`)?.textContent).toContain('Rattrapage après la visite médicale');
    if (!s.partner) throw new Error('the workshop has a partner');
    const partner = await signedIn(await createUser(t.em(), 'partner', { partner: s.partner }));
    const seen = await partner.get(`/ateliers/${s.workshop.id}/pointage?semaine=${MONDAY}`);
    expect(seen.status).toBe(200);
    expect(seen.html).not.toContain('Rattrapage après la visite médicale');
    expect(seen.doc.querySelector(`#motif-ligne-a${s.a.id}`)?.hasAttribute('hidden')).toBe(true);
  });

  it('is named for what it covers: a reason kept on a week within the contract is the week’s, not a holiday’s', async () => {
    const s = await sheet();
    // Five days of 7 h saved with a reason typed on the row although none was needed.
    for (const day of DAYS.slice(0, 5)) expect((await s.save(s.a, day, '7', { [`motif-a${s.a.id}`]: 'Semaine de formation' })).status).toBe(200);
    const row = (await s.grid()).doc.querySelector(`#motif-ligne-a${s.a.id}`)?.textContent ?? '';
    expect(row).toContain('Motif indiqué pour la semaine : Semaine de formation');
    expect(row).not.toContain('férié');
  });

  it('over 300 characters, is refused beside the row’s reason in French, and nothing is saved', async () => {
    const s = await sheet();
    await fullWeek(s, s.a);
    const refused = await s.save(s.a, DAYS[5] as string, '2h', { [`motif-a${s.a.id}`]: 'x'.repeat(301) });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Le motif tient en 300 caractères au plus');
    expect(refused.doc.querySelector(`#motif-ligne-a${s.a.id} input[name=motif-a${s.a.id}]`)).not.toBeNull();
    expect(await t.em().fork().count(TimeEntry, { assignment: s.a.id, day: DAYS[5] })).toBe(0);
  });

  it('without JavaScript: the week is refused with the field on the row, then saved with the row’s reason', async () => {
    const s = await sheet();
    const form = (reasons: Record<string, string>) => {
      const values: Record<string, string> = { ...reasons };
      for (const [i, day] of DAYS.slice(0, 6).entries()) {
        values[s.key(s.a, day)] = i === 5 ? '2h' : '7h';
        values[`v${s.key(s.a, day).slice(1)}`] = '0';
      }
      return values;
    };
    const refused = await s.coordinator.post(`/ateliers/${s.workshop.id}/pointage?semaine=${MONDAY}`, form({ [`motif-a${s.b.id}`]: 'Autre personne' }));
    expect(refused.status).toBe(422);
    expect(refused.doc.querySelector(`#motif-a${s.a.id}-erreur`)?.textContent).toContain('Indiquez le motif pour cette personne');
    expect(refused.doc.querySelector(`#${s.key(s.a, DAYS[5] as string)}`)?.getAttribute('value')).toBe('2h');
    expect(await t.em().fork().count(TimeEntry, { assignment: s.a.id })).toBe(0);
    const saved = await s.coordinator.post(`/ateliers/${s.workshop.id}/pointage?semaine=${MONDAY}`, form({ [`motif-a${s.a.id}`]: 'Salon du livre' }));
    expect(saved.status).toBe(303);
    expect((await s.grid()).doc.querySelector(`#motif-ligne-a${s.a.id}`)?.textContent).toContain('Salon du livre');
  });
});
