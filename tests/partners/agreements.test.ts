import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemoData } from '../../src/demo/data.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { PartnerAgreement } from '../../src/partners/profile-entities.ts';
import { type Clock, type Day, plusDays, toDay } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, fieldError, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createUser, TEST_PASSWORD, TEST_PASSWORD_HASH_COST } from '../support/factories.ts';

/** Issue 21, item 5: agreements kept by the establishments' managers, read by their partner, reminded on both homes. */

const TODAY = '2026-11-30';
let current = new Date(`${TODAY}T09:00:00Z`);
const clock: Clock = { now: () => new Date(current.getTime()), today: () => toDay(current) };

let t: TestContext;
let arras: Establishment;
let brest: Establishment;
let reliures: Partner;
let jardins: Partner;
let admin: Browser;
let coordArras: Browser;
let coordBrest: Browser;
let reliuresStaff: Browser;
let jardinsStaff: Browser;
let committee: Browser;

const sql = <T>(query: string, params: unknown[] = []) => t.em().getConnection().execute<T[]>(query, params);
const agreementsOf = (partner: Partner) => t.em().find(PartnerAgreement, { partner }, { orderBy: { id: 'asc' } });

async function signedIn(email: string): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(email, TEST_PASSWORD)).status).toBe(303);
  return b;
}

/** An agreement stored directly (the reminders' tests set their dates around today). */
async function stored(partner: Partner, establishment: Establishment, reference: string, startsOn: Day, endsOn: Day): Promise<PartnerAgreement> {
  const em = t.em();
  const a = em.create(PartnerAgreement, {
    partner: partner.id,
    establishment: establishment.id,
    reference,
    startsOn,
    endsOn,
    notes: 'Note interne du service',
  });
  await em.flush();
  return a;
}

const form = (over: Record<string, string> = {}) => ({
  establishmentId: String(arras.id),
  reference: 'ARR-2026-01',
  title: 'Atelier reliure',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  signedOn: '2025-12-15',
  notes: '',
  ...over,
});

beforeAll(async () => {
  t = await createTestContext({}, { clock });
  const em = t.em();
  arras = await createEstablishment(em, { name: 'Arras' });
  brest = await createEstablishment(em, { name: 'Brest' });
  reliures = await createPartner(em, { name: 'Reliures solidaires' });
  jardins = await createPartner(em, { name: 'Jardins de l’Artois' });
  await createUser(em, 'admin', { email: 'admin@atelier.fr' });
  await createUser(em, 'coordinator', { email: 'coord@arras.fr', establishments: [arras] });
  await createUser(em, 'coordinator', { email: 'coord@brest.fr', establishments: [brest] });
  await createUser(em, 'partner', { email: 'chef@reliures.fr', partner: reliures, partnerAdmin: true });
  await createUser(em, 'partner', { email: 'chef@jardins.fr', partner: jardins, partnerAdmin: true });
  await createUser(em, 'committee', { email: 'comite@arras.fr', establishments: [arras] });
  admin = await signedIn('admin@atelier.fr');
  coordArras = await signedIn('coord@arras.fr');
  coordBrest = await signedIn('coord@brest.fr');
  reliuresStaff = await signedIn('chef@reliures.fr');
  jardinsStaff = await signedIn('chef@jardins.fr');
  committee = await signedIn('comite@arras.fr');
});
afterAll(() => t.close());
beforeEach(async () => {
  current = new Date(`${TODAY}T09:00:00Z`);
  await sql('delete from partner_agreement');
});

describe('agreements kept by the establishment’s coordinators', () => {
  it('adds, lists, edits and removes an agreement of their establishment, audited', async () => {
    const base = `/partenaires/${reliures.id}/conventions`;
    const added = await coordArras.post(base, form({ notes: 'Renouvellement à préparer' }));
    expect([added.status, added.location]).toEqual([303, base]);
    const [a] = await agreementsOf(reliures);
    expect(a).toMatchObject({
      reference: 'ARR-2026-01',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      signedOn: '2025-12-15',
      notes: 'Renouvellement à préparer',
    });
    const row = (await coordArras.get(base)).doc.querySelector(`#convention-${a?.id}`)?.textContent ?? '';
    expect(row).toContain('ARR-2026-01');
    expect(row).toContain('Arras');
    expect(row).toContain('31/12/2026');
    // 2026-11-30 → 2026-12-31: 31 days.
    expect(row).toContain('Se termine dans 31 jours');

    const edit = await coordArras.get(`${base}/${a?.id}`);
    expect(edit.status).toBe(200);
    expect(edit.doc.querySelector<HTMLInputElement>('#champ-reference')?.getAttribute('value')).toBe('ARR-2026-01');
    const saved = await coordArras.post(`${base}/${a?.id}`, form({ reference: 'ARR-2026-01-bis', endsOn: '2027-06-30', version: String(a?.version) }));
    expect(saved.status).toBe(303);
    const [changed] = await agreementsOf(reliures);
    expect([changed?.reference, changed?.endsOn, changed?.version]).toEqual(['ARR-2026-01-bis', '2027-06-30', (a?.version ?? 0) + 1]);
    // Someone saved meanwhile: the old version is refused and nothing changes.
    const stale = await coordArras.post(`${base}/${a?.id}`, form({ reference: 'Périmée', version: String(a?.version) }));
    expect(stale.status).toBe(409);
    expect((await agreementsOf(reliures))[0]?.reference).toBe('ARR-2026-01-bis');

    expect((await coordArras.post(`${base}/${a?.id}/suppression`)).status).toBe(303);
    expect(await agreementsOf(reliures)).toEqual([]);
    const audit = await sql<{ action: string }>(`select action from audit_event where entity = 'partner_agreement' and entity_id = ? order by id`, [
      String(a?.id),
    ]);
    expect(audit.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
  });

  it('hides another establishment’s agreements from a coordinator (404), and refuses one for an establishment outside their scope', async () => {
    const inBrest = await stored(reliures, brest, 'BRE-2026-01', '2026-01-01', '2027-12-31');
    const inArras = await stored(reliures, arras, 'ARR-2026-07', '2026-01-01', '2027-12-31');
    const base = `/partenaires/${reliures.id}/conventions`;
    const list = (await coordArras.get(base)).doc.querySelector('#conventions')?.textContent ?? '';
    expect(list).toContain('ARR-2026-07');
    expect(list).not.toContain('BRE-2026-01');
    expect((await coordArras.get(`${base}/${inBrest.id}`)).status).toBe(404);
    expect((await coordArras.post(`${base}/${inBrest.id}`, form({ version: '1' }))).status).toBe(404);
    expect((await coordArras.post(`${base}/${inBrest.id}/suppression`)).status).toBe(404);
    // Moving one's agreement to another establishment, or adding one there: 404 too, nothing stored.
    expect((await coordArras.post(`${base}/${inArras.id}`, form({ establishmentId: String(brest.id), version: '1' }))).status).toBe(404);
    expect((await coordArras.post(base, form({ establishmentId: String(brest.id), reference: 'BRE-X' }))).status).toBe(404);
    // The agreement under another partner's address: 404.
    expect((await coordArras.get(`/partenaires/${jardins.id}/conventions/${inArras.id}`)).status).toBe(404);
    expect((await agreementsOf(reliures)).map((a) => [a.reference, a.establishment.id])).toEqual([
      ['BRE-2026-01', brest.id],
      ['ARR-2026-07', arras.id],
    ]);
    // Its own coordinator and the admins see it.
    expect((await coordBrest.get(`${base}/${inBrest.id}`)).status).toBe(200);
    const all = (await admin.get(base)).doc.querySelector('#conventions')?.textContent ?? '';
    expect(all).toContain('BRE-2026-01');
    expect(all).toContain('ARR-2026-07');
    // The select offers only the coordinator's establishments.
    const options = [...(await coordArras.get(base)).doc.querySelectorAll('#champ-establishmentId option')].map((o) => o.textContent);
    expect(options).toEqual(['Choisissez', 'Arras']);
  });

  it('is closed to partners and committee members (403)', async () => {
    expect((await reliuresStaff.get(`/partenaires/${reliures.id}/conventions`)).status).toBe(403);
    expect((await reliuresStaff.post(`/partenaires/${reliures.id}/conventions`, form())).status).toBe(403);
    expect((await committee.get(`/partenaires/${reliures.id}/conventions`)).status).toBe(403);
    expect(await agreementsOf(reliures)).toEqual([]);
  });

  it('refuses an end before the start, a signature after today, a missing reference and a reference already used, next to the field', async () => {
    const base = `/partenaires/${reliures.id}/conventions`;
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ startsOn: '2026-06-01', endsOn: '2026-05-31' }, 'endsOn', 'La fin de la convention ne peut pas précéder son début.'],
      [{ signedOn: '2026-12-01' }, 'signedOn', 'La date de signature ne peut pas être après aujourd’hui.'],
      [{ reference: ' ' }, 'reference', 'Indiquez la référence de la convention (au moins 2 caractères).'],
      [{ startsOn: '31/02/2026' }, 'startsOn', 'Indiquez une date valide, au format jj/mm/aaaa.'],
    ];
    for (const [over, field, message] of cases) {
      const reply = await coordArras.post(base, form(over));
      expect(reply.status).toBe(422);
      expect(fieldError(reply.doc, field)).toBe(message);
    }
    // Signed today: accepted (Paris today from the clock).
    expect((await coordArras.post(base, form({ signedOn: TODAY }))).status).toBe(303);
    const again = await coordArras.post(base, form({ reference: 'arr-2026-01', title: 'Doublon' }));
    expect(again.status).toBe(422);
    expect(fieldError(again.doc, 'reference')).toBe('Une convention de cette structure porte déjà cette référence dans cet établissement.');
    expect((await agreementsOf(reliures)).map((a) => a.reference)).toEqual(['ARR-2026-01']);
    // The same reference in another establishment, or for another partner: allowed.
    expect((await coordBrest.post(base, form({ establishmentId: String(brest.id) }))).status).toBe(303);
    expect((await coordArras.post(`/partenaires/${jardins.id}/conventions`, form())).status).toBe(303);
  });
});

describe('a partner reads its own agreements', () => {
  it('lists them on « Ma structure » with their state, opens one without its notes, and gets 404 for another partner’s', async () => {
    const ending = await stored(reliures, arras, 'ARR-2026-02', '2026-01-01', plusDays(TODAY, 12));
    await stored(reliures, brest, 'BRE-2024-01', '2024-01-01', '2025-12-31');
    const other = await stored(jardins, arras, 'JAR-2026-01', '2026-01-01', '2027-12-31');
    const page = await reliuresStaff.get('/structure');
    const list = page.doc.querySelector('#liste-conventions')?.textContent ?? '';
    expect(list).toContain('ARR-2026-02');
    expect(list).toContain('Se termine dans 12 jours');
    expect(page.doc.querySelector('#liste-conventions')?.querySelectorAll('tbody tr')[1]?.textContent).toContain('Terminée');
    expect(list).not.toContain('JAR-2026-01');
    const one = await reliuresStaff.get(`/structure/conventions/${ending.id}`);
    expect(one.status).toBe(200);
    expect(one.doc.querySelector('#convention')?.textContent).toContain('Arras');
    expect(one.html).not.toContain('Note interne du service');
    expect(page.html).not.toContain('Note interne du service');
    expect((await reliuresStaff.get(`/structure/conventions/${other.id}`)).status).toBe(404);
    expect((await jardinsStaff.get(`/structure/conventions/${ending.id}`)).status).toBe(404);
  });
});

describe('reminders on both homes', () => {
  const reminders = async (b: Browser) => (await b.get('/')).doc.querySelector('#conventions-a-renouveler')?.textContent ?? '';

  it('reminds an agreement ending in 60 days to its coordinators, the admins and its partner, not at 61 days', async () => {
    await stored(reliures, arras, 'ARR-60', '2026-01-01', plusDays(TODAY, 60));
    await stored(jardins, arras, 'ARR-61', '2026-01-01', plusDays(TODAY, 61));
    // 2026-11-30 + 60 days = 2027-01-29.
    const text = 'La convention ARR-60 avec Reliures solidaires (Arras) se termine le 29 janvier 2027 (dans 60 jours)';
    for (const b of [coordArras, admin, reliuresStaff]) {
      const shown = await reminders(b);
      expect(shown).toContain(text);
      expect(shown).not.toContain('ARR-61');
    }
    expect(await reminders(coordBrest)).toBe('');
    expect(await reminders(jardinsStaff)).toBe('');
    expect(await reminders(committee)).toBe('');
    const home = await coordArras.get('/');
    expect(home.doc.querySelector('#conventions-a-renouveler a')?.getAttribute('href')).toBe(`/partenaires/${reliures.id}/conventions`);
    const partnerHome = await reliuresStaff.get('/');
    expect(partnerHome.doc.querySelector('#conventions-a-renouveler a')?.getAttribute('href')).toBe('/structure#conventions');
    // A day later, the one at 61 days comes within 60.
    current = new Date('2026-12-01T09:00:00Z');
    expect(await reminders(jardinsStaff)).toContain('La convention ARR-61 avec Jardins de l’Artois (Arras) se termine le 30 janvier 2027 (dans 60 jours)');
    expect(await reminders(reliuresStaff)).toContain('(dans 59 jours)');
  });

  it('says nothing when a later agreement of the same partner and establishment takes over, nor once it ended; today counts', async () => {
    await stored(reliures, arras, 'ARR-OLD', '2026-01-01', plusDays(TODAY, 10));
    await stored(reliures, arras, 'ARR-NEW', plusDays(TODAY, 11), plusDays(TODAY, 400));
    await stored(reliures, brest, 'BRE-PAST', '2026-01-01', plusDays(TODAY, -1));
    await stored(jardins, brest, 'BRE-TODAY', '2026-01-01', TODAY);
    expect(await reminders(admin)).not.toContain('ARR-OLD');
    expect(await reminders(admin)).not.toContain('BRE-PAST');
    expect(await reminders(admin)).toContain('BRE-TODAY avec Jardins de l’Artois (Brest) se termine le 30 novembre 2026 (aujourd’hui)');
    expect(await reminders(reliuresStaff)).toBe('');
    // A later one in another establishment does not take over.
    await sql('delete from partner_agreement where reference = ?', ['ARR-NEW']);
    await stored(reliures, brest, 'BRE-NEW', '2026-01-01', plusDays(TODAY, 400));
    expect(await reminders(reliuresStaff)).toContain('ARR-OLD');
  });
});

describe('the demo', () => {
  it('has the Brest book-binding association’s agreement ending within 60 days, reminded on both homes', async () => {
    const demo = await createTestContext({}, { clock });
    try {
      expect(await loadDemoData(demo.em(), TEST_PASSWORD_HASH_COST, new Date(`${TODAY}T10:00:00Z`))).toBe(true);
      const soon = await demo
        .em()
        .getConnection()
        .execute<{ partner: string; city: string; days: number }[]>(
          `select p.name as partner, e.city, (a.ends_on - ?::date) as days from partner_agreement a
             join partner p on p.id = a.partner_id join establishment e on e.id = a.establishment_id
            where a.ends_on between ?::date and ?::date + 60`,
          [TODAY, TODAY, TODAY],
        );
      expect(soon).toEqual([{ partner: 'Reliures Solidaires — association (démo)', city: 'Brest', days: 45 }]);
      expect(await demo.em().count(PartnerAgreement, {})).toBeGreaterThan(3);
      for (const email of ['partenaire@atelier.test', 'coordination@atelier.test']) {
        const b = new Browser(demo.app);
        expect((await b.login(email, DEMO_PASSWORD)).status).toBe(303);
        expect((await b.get('/')).doc.querySelector('#conventions-a-renouveler')?.textContent).toContain('(dans 45 jours)');
      }
      const b = new Browser(demo.app);
      await b.login('partenaire@atelier.test', DEMO_PASSWORD);
      expect((await b.get('/structure')).doc.querySelectorAll('#liste-contacts tbody tr').length).toBe(2);
    } finally {
      await demo.close();
    }
  }, 60_000);
});
