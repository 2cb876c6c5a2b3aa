import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { type Day, mondayOf } from '../../src/platform/calendar.ts';
import { readCsv } from '../../src/platform/csv.ts';
import type { Post, Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

const H = 60;
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

async function hire(mine: Establishment, post: Post, person: Detainee, weeklyHours: number) {
  const em = t.em();
  const a = em.create(Assignment, {
    establishment: mine.id,
    detainee: person.id,
    post: post.id,
    contractReference: `CEP-${post.id}`,
    startsOn: '2026-01-05',
    trialEndsOn: '2026-01-05',
    weeklyMinutes: weeklyHours * H,
    payCategory: 'production',
  });
  await em.flush();
  return a;
}

/** Hours typed on the given days, their weeks validated. */
async function typed(a: Assignment, workshop: Workshop, days: Day[], hours: number) {
  const em = t.em();
  for (const day of days)
    em.create(TimeEntry, {
      establishment: a.establishment.id,
      detainee: a.detainee.id,
      assignment: a.id,
      workshop: workshop.id,
      day,
      kind: 'work',
      minutes: hours * H,
    });
  await em.flush();
  for (const monday of new Set(days.map(mondayOf)))
    await em.getConnection().execute(
      `insert into timesheet_week (establishment_id, workshop_id, week_start, status, validated_at) values (?, ?, ?, 'validated', now())
       on conflict (workshop_id, week_start) where workshop_id is not null do update set status = 'validated', validated_at = now()`,
      [a.establishment.id, workshop.id, monday],
    );
}

/** « 5,409 » → 5409 thousandths; « 486,81 » → 48681 cents. */
const thousandths = (text: string) => Math.round(Number(text.replace(',', '.')) * 1000);
const cents = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);

describe('the hourly rate and the accounting export', () => {
  it('shows the exact rate, so that hours × rate gives the amount paid, and splits the CSV by workshop, structure and post', async () => {
    const em = t.em();
    const mine = await createEstablishment(em);
    const bindery = await createWorkshop(em, mine, { name: 'Reliure', partner: await createPartner(em, { name: 'Reliures du Léon' }) });
    const joinery = await createWorkshop(em, mine, { name: 'Menuiserie', partner: await createPartner(em, { name: 'Bois d’ici' }) });
    const person = await createDetainee(em, mine, { lastName: 'Exact', prisonNumber: 'RATE1', arrivalDate: '2025-10-01' });
    const binder = await createPost(em, bindery, { code: 'REL-01', title: 'Relieur' });
    const joiner = await createPost(em, joinery, { code: 'MEN-01', title: 'Menuisier' });
    const coordinator = new Browser(t.app);
    await coordinator.login((await createUser(em, 'coordinator', { establishments: [mine] })).email, TEST_PASSWORD);

    // March 2026, production at 45 % of a 12,02 € SMIC: 5,409 €/h. Bindery: 18 days × 5 h = 90 h (25 h a week at most);
    // joinery: 2 days × 2 h = 4 h. No week passes 35 h: no majoration.
    const binding = await hire(mine, binder, person, 25);
    const joining = await hire(mine, joiner, person, 10);
    const weekdays = (monday: number, n: number) => Array.from({ length: n }, (_, i) => `2026-03-${String(monday + i).padStart(2, '0')}`);
    await typed(binding, bindery, [...weekdays(2, 5), ...weekdays(9, 5), ...weekdays(16, 5), ...weekdays(23, 3)], 5);
    await typed(joining, joinery, weekdays(2, 2), 2);
    // By hand: 90 × 5,409 = 486,81 € (5,41 € would give 486,90 €); 4 × 5,409 = 21,636 → 21,64 €; the person: 94 × 5,409 = 508,446 → 508,45 €.

    const page = await coordinator.get(`/etablissements/${mine.id}/paie?mois=2026-03`);
    expect(page.status).toBe(200);
    const row = page.doc.querySelector('#paie tbody tr')?.textContent ?? '';
    expect(row).toContain('5,409 €');
    expect(row).not.toContain('5,41 €');
    expect(row).toContain('508,45 €');

    const res = await t.app.request(`/etablissements/${mine.id}/paie.csv?mois=2026-03`, {
      headers: { Cookie: [...coordinator.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    const { header, rows } = readCsv(await res.text());
    expect(header.slice(0, 7)).toEqual(['Mois', 'Numéro d’écrou', 'Nom', 'Prénom', 'Atelier', 'Structure', 'Poste']);
    const cell = (r: string[] | undefined, name: string) => r?.[header.indexOf(name)] ?? '';
    expect(rows).toHaveLength(2);
    const byPost = Object.fromEntries(rows.map((r) => [cell(r, 'Poste'), r]));
    const bound = byPost['REL-01 Relieur'];
    const joined = byPost['MEN-01 Menuisier'];
    expect([cell(bound, 'Atelier'), cell(bound, 'Structure')]).toEqual(['Reliure', 'Reliures du Léon']);
    expect([cell(joined, 'Atelier'), cell(joined, 'Structure')]).toEqual(['Menuiserie', 'Bois d’ici']);
    expect(cell(bound, 'Heures validées')).toBe('90');
    expect(cell(bound, 'Taux horaire brut (€)')).toBe('5,409');
    expect(cell(bound, 'Brut (€)')).toBe('486,81');
    expect(cell(joined, 'Heures validées')).toBe('4');
    expect(cell(joined, 'Brut (€)')).toBe('21,64');
    // What the accountant does: hours × rate, rounded to the cent, is the amount in the file.
    for (const r of [bound, joined]) {
      const computed = Math.round((Number(cell(r, 'Heures validées')) * thousandths(cell(r, 'Taux horaire brut (€)'))) / 10);
      expect(computed).toBe(cents(cell(r, 'Brut (€)')));
    }
  });
});
