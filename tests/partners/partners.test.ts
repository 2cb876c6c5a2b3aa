import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/audit/entities.ts';
import { Partner } from '../../src/partners/entities.ts';
import { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let coordinator: Browser;
const HX = { 'HX-Request': 'true' };

beforeAll(async () => {
  t = await createTestContext();
  const e = await createEstablishment(t.em());
  await createUser(t.em(), 'coordinator', { email: 'coord@exemple.fr', establishments: [e] });
  coordinator = new Browser(t.app);
  await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

const form = (over: Record<string, string> = {}) => ({
  name: 'Les Ateliers du Ponant',
  kind: 'aci',
  siret: '732 829 320 00074',
  contactName: 'Anne Marin',
  contactEmail: 'Anne.Marin@ponant.fr',
  contactPhone: '02 98 00 00 00',
  ...over,
});

describe('partners', () => {
  // Already known: the name and SIRET that a new structure cannot take.
  beforeAll(async () => {
    const em = t.em();
    em.create(Partner, { name: 'Reliures du Léon', kind: 'association', siret: '44205678000012' });
    await em.flush();
  });

  it('are created with the SIRET stored as 14 digits and the email in lower case, and audited', async () => {
    const reply = await coordinator.post('/partenaires', form());
    expect(reply.status).toBe(303);
    const partner = await t.em().findOneOrFail(Partner, { name: 'Les Ateliers du Ponant' });
    expect(partner).toMatchObject({ siret: '73282932000074', contactEmail: 'anne.marin@ponant.fr', kind: 'aci' });
    const list = await coordinator.get('/partenaires');
    expect(list.doc.querySelector(`#partenaire-${partner.id}`)?.textContent).toContain('732 829 320 00074');
    expect(await t.em().count(AuditEvent, { entity: 'partner', entityId: String(partner.id), action: 'create' })).toBe(1);
  });

  it.each([
    [{ name: '' }, 'name', 'Indiquez le nom de la structure (au moins 2 caractères).'],
    [{ kind: 'cooperative' }, 'kind', 'Choisissez le type de structure dans la liste.'],
    [{ siret: '7328293200007' }, 'siret', 'Le SIRET compte 14 chiffres (les espaces sont acceptés).'],
    [{ siret: '73282932000075' }, 'siret', 'Ce SIRET n’existe pas : sa clé de contrôle est fausse. Vérifiez-le sur l’avis de situation SIRENE.'],
    [{ siret: '442 056 780 00012' }, 'siret', 'Une autre structure porte déjà ce SIRET.'],
    [{ name: 'reliures du léon' }, 'name', 'Une structure porte déjà ce nom (peut-être archivée).'],
    [{ contactEmail: 'anne@' }, 'contactEmail', 'Indiquez une adresse électronique valide, par exemple contact@association.fr.'],
    [{ contactPhone: '12' }, 'contactPhone', 'Indiquez un numéro à 10 chiffres, par exemple 02 98 00 00 00.'],
  ])('refuse %o with the message next to the field, storing nothing', async (change, field, message) => {
    const before = await t.em().count(Partner, {});
    const reply = await coordinator.post('/partenaires', form({ name: 'Structure nouvelle', siret: '', ...change }), HX);
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector(`#nouveau-partenaire-${field}-erreur`)?.textContent).toBe(message);
    expect(await t.em().count(Partner, {})).toBe(before);
  });

  it('accept no SIRET at all (a prison’s general service has none)', async () => {
    expect((await coordinator.post('/partenaires', form({ name: 'Service général', kind: 'service_general', siret: '' }))).status).toBe(303);
    expect((await t.em().findOneOrFail(Partner, { name: 'Service général' })).siret).toBeNull();
  });

  it('cannot be archived while they run a workshop; can be once it is archived, and restored', async () => {
    const partner = await createPartner(t.em(), { name: 'Structure occupée' });
    const workshop = await createWorkshop(t.em(), await createEstablishment(t.em()), { partner });
    const refused = await coordinator.post(`/partenaires/${partner.id}/archivage`);
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('anime encore 1 atelier');
    await t.em().nativeUpdate(Workshop, { id: workshop.id }, { archivedAt: new Date() });
    expect((await coordinator.post(`/partenaires/${partner.id}/archivage`)).status).toBe(303);
    const archived = await coordinator.get('/partenaires?archives=1');
    expect(archived.doc.querySelector('#liste-partenaires')?.textContent).toContain('Structure occupée');
    expect((await coordinator.post(`/partenaires/${partner.id}/restauration`)).status).toBe(303);
    expect((await t.em().findOneOrFail(Partner, partner.id)).archivedAt).toBeNull();
  });

  it('are edited inline', async () => {
    const partner = await createPartner(t.em(), { name: 'À corriger' });
    const row = await coordinator.get(`/partenaires/${partner.id}/modifier`, HX);
    expect(row.doc.querySelector(`#modifier-partenaire-${partner.id}-name`)?.getAttribute('value')).toBe('À corriger');
    const saved = await coordinator.post(`/partenaires/${partner.id}`, { ...form({ name: 'Corrigée', siret: '' }), version: String(partner.version) }, HX);
    expect(saved.status).toBe(200);
    expect(saved.doc.querySelector(`#partenaire-${partner.id} th`)?.textContent).toContain('Corrigée');
  });

  it('are managed by administrators and coordinators only', async () => {
    for (const role of ['partner', 'committee'] as const) {
      const user = await createUser(t.em(), role);
      const b = new Browser(t.app);
      await b.login(user.email, TEST_PASSWORD);
      expect((await b.get('/partenaires')).status).toBe(403);
      expect((await b.post('/partenaires', form({ name: `Par ${role}`, siret: '' }))).status).toBe(403);
    }
    expect(await t.em().count(Partner, { name: { $like: 'Par %' } })).toBe(0);
  });
});
