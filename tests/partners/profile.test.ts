import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Establishment } from '../../src/establishments/entities.ts';
import { Partner } from '../../src/partners/entities.ts';
import { PartnerContact } from '../../src/partners/profile-entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, fieldError, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/** Issue 21, item 5: « Ma structure », the partner's profile: details and contacts kept by its administrator. */

let t: TestContext;
let arras: Establishment;
let reliures: Partner;
let jardins: Partner;
let chef: Browser;
let member: Browser;
let otherChef: Browser;
let coordinator: Browser;
let committee: Browser;

const sql = <T>(query: string, params: unknown[] = []) => t.em().getConnection().execute<T[]>(query, params);
const fresh = (p: Partner) => t.em().findOneOrFail(Partner, p.id);
const contactsOf = (p: Partner) => t.em().find(PartnerContact, { partner: p }, { orderBy: { id: 'asc' } });

async function signedIn(email: string): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(email, TEST_PASSWORD)).status).toBe(303);
  return b;
}

const details = async (over: Record<string, string> = {}) => ({
  address: '12 rue de la Reliure, 29200 Brest',
  website: 'www.reliures.example.org',
  description: 'Reliure et restauration de livres.',
  contactName: 'Anne Colle',
  contactEmail: 'Direction@Reliures.example.org',
  contactPhone: '02 98 00 00 02',
  version: String((await fresh(reliures)).version),
  ...over,
});

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-11-30') });
  const em = t.em();
  arras = await createEstablishment(em, { name: 'Arras' });
  reliures = await createPartner(em, { name: 'Reliures solidaires' });
  jardins = await createPartner(em, { name: 'Jardins de l’Artois' });
  await createWorkshop(em, arras, { name: 'Atelier reliure', partner: reliures });
  await createWorkshop(em, arras, { name: 'Espaces verts', partner: jardins });
  await createUser(em, 'partner', { email: 'chef@reliures.fr', partner: reliures, partnerAdmin: true });
  await createUser(em, 'partner', { email: 'membre@reliures.fr', partner: reliures });
  await createUser(em, 'partner', { email: 'chef@jardins.fr', partner: jardins, partnerAdmin: true });
  await createUser(em, 'coordinator', { email: 'coord@arras.fr', establishments: [arras] });
  await createUser(em, 'committee', { email: 'comite@arras.fr', establishments: [arras] });
  chef = await signedIn('chef@reliures.fr');
  member = await signedIn('membre@reliures.fr');
  otherChef = await signedIn('chef@jardins.fr');
  coordinator = await signedIn('coord@arras.fr');
  committee = await signedIn('comite@arras.fr');
});
afterAll(() => t.close());
beforeEach(async () => {
  await sql('delete from partner_contact');
});

describe('« Ma structure »', () => {
  it('shows its own organisation, its workshops and its team, never another partner’s; closed to the other roles', async () => {
    const page = await member.get('/structure');
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('h1')?.textContent).toBe('Reliures solidaires');
    const workshops = page.doc.querySelector('#mes-ateliers')?.textContent ?? '';
    expect(workshops).toContain('Atelier reliure');
    expect(workshops).not.toContain('Espaces verts');
    expect(page.doc.querySelector('#equipe')?.textContent).toContain('chef@reliures.fr');
    expect(page.html).not.toContain('Jardins de l’Artois');
    expect(page.html).not.toContain('chef@jardins.fr');
    // A plain member reads, without a form.
    expect(page.doc.querySelector('#form-coordonnees')).toBeNull();
    expect(page.doc.querySelector('#ajout-contact')).toBeNull();
    expect((await chef.get('/structure')).doc.querySelector('#form-coordonnees')).not.toBeNull();
    expect((await coordinator.get('/structure')).status).toBe(403);
    expect((await committee.get('/structure')).status).toBe(403);
  });

  it('lets its administrator edit the details (name, kind and SIRET stay read-only), and refuses a plain member with 403', async () => {
    const before = await fresh(reliures);
    const refused = await member.post('/structure', await details());
    expect(refused.status).toBe(403);
    expect((await fresh(reliures)).address).toBe(before.address);

    const saved = await chef.post('/structure', { ...(await details()), name: 'Autre nom', kind: 'scop', siret: '73282932000074' });
    expect([saved.status, saved.location]).toEqual([303, '/structure#coordonnees']);
    const after = await fresh(reliures);
    expect(after).toMatchObject({
      name: 'Reliures solidaires',
      kind: 'association',
      siret: null,
      address: '12 rue de la Reliure, 29200 Brest',
      website: 'https://www.reliures.example.org',
      contactEmail: 'direction@reliures.example.org',
      version: before.version + 1,
    });
    const shown = (await member.get('/structure')).doc.querySelector('#structure-coordonnees')?.textContent ?? '';
    expect(shown).toContain('12 rue de la Reliure');
    // The other partner is untouched.
    expect((await fresh(jardins)).address).toBe('');
    // A stale version: 409, nothing changed.
    const stale = await chef.post('/structure', { ...(await details()), address: 'Périmée', version: String(before.version) });
    expect(stale.status).toBe(409);
    expect((await fresh(reliures)).address).toBe('12 rue de la Reliure, 29200 Brest');
  });

  it('shows the details’ errors next to their fields and stores nothing', async () => {
    const before = await fresh(reliures);
    const reply = await chef.post(
      '/structure',
      await details({ website: 'pas un site', contactEmail: 'anne@', contactPhone: '12', description: 'x'.repeat(1001), address: 'Nouvelle adresse' }),
    );
    expect(reply.status).toBe(422);
    expect(fieldError(reply.doc, 'website')).toBe('Indiquez l’adresse du site, par exemple https://www.association.fr.');
    expect(fieldError(reply.doc, 'contactEmail')).toBe('Indiquez une adresse électronique valide, par exemple contact@association.fr.');
    expect(fieldError(reply.doc, 'contactPhone')).toBe('Indiquez un numéro à 10 chiffres, par exemple 02 98 00 00 00.');
    expect(fieldError(reply.doc, 'description')).toBe('La présentation ne peut pas dépasser 1 000 caractères.');
    // What was typed comes back in the form.
    expect(reply.doc.querySelector('#champ-address')?.textContent).toBe('Nouvelle adresse');
    expect((await fresh(reliures)).version).toBe(before.version);
  });
});

describe('contacts', () => {
  it('are added, edited and removed by the administrator, audited; a plain member gets 403', async () => {
    const added = await chef.post('/structure/contacts', { name: 'Anne Colle', function: 'Directrice', email: 'Anne@Reliures.fr', phone: '02 98 00 00 02' });
    expect([added.status, added.location]).toEqual([303, '/structure#contacts']);
    const [anne] = await contactsOf(reliures);
    expect(anne).toMatchObject({ name: 'Anne Colle', function: 'Directrice', email: 'anne@reliures.fr' });
    const list = (await member.get('/structure')).doc.querySelector('#liste-contacts')?.textContent ?? '';
    expect(list).toContain('Anne Colle');
    expect(list).toContain('Directrice');

    expect((await member.post('/structure/contacts', { name: 'Intrus' })).status).toBe(403);
    expect((await member.get(`/structure/contacts/${anne?.id}`)).status).toBe(403);
    expect((await member.post(`/structure/contacts/${anne?.id}`, { name: 'Intrus', version: '1' })).status).toBe(403);
    expect((await member.post(`/structure/contacts/${anne?.id}/suppression`)).status).toBe(403);

    expect((await chef.get(`/structure/contacts/${anne?.id}`)).doc.querySelector<HTMLInputElement>('#champ-name')?.getAttribute('value')).toBe('Anne Colle');
    const edited = await chef.post(`/structure/contacts/${anne?.id}`, {
      name: 'Anne Colle-Martin',
      function: 'Présidente',
      email: '',
      phone: '',
      version: String(anne?.version),
    });
    expect(edited.status).toBe(303);
    expect((await contactsOf(reliures))[0]).toMatchObject({ name: 'Anne Colle-Martin', function: 'Présidente', email: '' });
    const stale = await chef.post(`/structure/contacts/${anne?.id}`, { name: 'Périmée', version: String(anne?.version) });
    expect(stale.status).toBe(409);

    expect((await chef.post(`/structure/contacts/${anne?.id}/suppression`)).status).toBe(303);
    expect(await contactsOf(reliures)).toEqual([]);
    const audit = await sql<{ action: string }>(`select action from audit_event where entity = 'partner_contact' and entity_id = ? order by id`, [
      String(anne?.id),
    ]);
    expect(audit.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
  });

  it('of another partner answer 404 to an administrator, and are never shown', async () => {
    const em = t.em();
    const theirs = em.create(PartnerContact, { partner: jardins.id, name: 'Léa Semis', email: 'lea@jardins.fr' });
    await em.flush();
    expect((await chef.get(`/structure/contacts/${theirs.id}`)).status).toBe(404);
    expect((await chef.post(`/structure/contacts/${theirs.id}`, { name: 'Piratée', version: '1' })).status).toBe(404);
    expect((await chef.post(`/structure/contacts/${theirs.id}/suppression`)).status).toBe(404);
    expect((await chef.get('/structure')).html).not.toContain('Léa Semis');
    expect((await otherChef.get('/structure')).doc.querySelector('#liste-contacts')?.textContent).toContain('Léa Semis');
    expect((await contactsOf(jardins)).map((c) => c.name)).toEqual(['Léa Semis']);
  });

  it('refuses a missing name, a wrong e-mail or phone, next to the field, and stores nothing', async () => {
    const reply = await chef.post('/structure/contacts', { name: ' ', function: 'f'.repeat(121), email: 'anne@', phone: '12' });
    expect(reply.status).toBe(422);
    expect(fieldError(reply.doc, 'name')).toBe('Indiquez le nom du contact (au moins 2 caractères).');
    expect(fieldError(reply.doc, 'function')).toBe('La fonction ne peut pas dépasser 120 caractères.');
    expect(fieldError(reply.doc, 'email')).toBe('Indiquez une adresse électronique valide, par exemple contact@association.fr.');
    expect(fieldError(reply.doc, 'phone')).toBe('Indiquez un numéro à 10 chiffres, par exemple 02 98 00 00 00.');
    expect(await contactsOf(reliures)).toEqual([]);
  });
});
