import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemoData } from '../../src/demo/data.ts';
import { DEMO_COLLEAGUE } from '../../src/demo/team.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { formatShortDate } from '../../src/platform/format.ts';
import { User, UserSession } from '../../src/users/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createUser, TEST_PASSWORD, TEST_PASSWORD_HASH_COST } from '../support/factories.ts';

/** Issue 21, item 5: a partner's administrators manage their colleagues' accounts; the admins' form names them. */

const LAST = 'La structure doit garder au moins un administrateur actif : nommez d’abord un autre administrateur parmi vos collègues.';

let t: TestContext;
let arras: Establishment;
let reliures: Partner;
let chef: User;
let membre: User;
let stranger: User;
let coordinator: User;
let admin: Browser;

const fresh = (id: number) => t.em().findOneOrFail(User, id);

async function signedIn(email: string): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(email, TEST_PASSWORD)).status).toBe(303);
  return b;
}

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  arras = await createEstablishment(em, { name: 'Arras' });
  reliures = await createPartner(em, { name: 'Reliures solidaires' });
  const jardins = await createPartner(em, { name: 'Jardins de l’Artois' });
  chef = await createUser(em, 'partner', { email: 'chef@reliures.fr', displayName: 'Claire Chef', partner: reliures, partnerAdmin: true });
  membre = await createUser(em, 'partner', { email: 'membre@reliures.fr', displayName: 'Marc Membre', partner: reliures });
  stranger = await createUser(em, 'partner', { email: 'chef@jardins.fr', partner: jardins, partnerAdmin: true });
  coordinator = await createUser(em, 'coordinator', { email: 'coord@arras.fr', establishments: [arras] });
  await createUser(em, 'admin', { email: 'admin@atelier.fr' });
  admin = await signedIn('chef@reliures.fr');
});
afterAll(() => t.close());

describe('the team', () => {
  it('lists the organisation’s accounts with their role, state and last password change, and only those', async () => {
    const page = await admin.get('/structure/equipe');
    expect(page.status).toBe(200);
    const rows = [...page.doc.querySelectorAll('#equipe-comptes tbody tr')].map((r) =>
      [...r.querySelectorAll('th, td')].slice(0, 3).map((c) => c.textContent?.trim()),
    );
    expect(rows).toEqual([
      ['Claire Chefvous', `chef@reliures.frMot de passe changé le ${formatShortDate(new Date())}`, 'Administrateur de la structure Actif'],
      ['Marc Membre', `membre@reliures.frMot de passe changé le ${formatShortDate(new Date())}`, 'Membre Actif'],
    ]);
    expect(page.html).not.toContain('chef@jardins.fr');
  });

  it('lets the administrator deactivate a colleague (signed out at once) and reactivate them', async () => {
    const colleague = await signedIn('membre@reliures.fr');
    const reply = await admin.post(`/structure/equipe/${membre.id}/desactivation`, { retour: '/structure' });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe('/structure#equipe');
    expect((await fresh(membre.id)).active).toBe(false);
    expect(await t.em().count(UserSession, { user: membre.id })).toBe(0);
    expect((await colleague.get('/structure/equipe')).status).toBe(303);
    expect((await new Browser(t.app).login('membre@reliures.fr', TEST_PASSWORD)).status).toBe(422);
    const back = await admin.post(`/structure/equipe/${membre.id}/reactivation`);
    expect(back.location).toBe('/structure/equipe');
    expect((await fresh(membre.id)).active).toBe(true);
    expect((await admin.get('/structure/equipe')).html).toContain('Le compte de Marc Membre est réactivé.');
  });

  it('never lets the administrator deactivate itself', async () => {
    const reply = await admin.post(`/structure/equipe/${chef.id}/desactivation`);
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('main')?.textContent).toContain('Vous ne pouvez pas désactiver votre propre compte.');
    expect((await fresh(chef.id)).active).toBe(true);
  });

  it.each([
    ['another organisation’s user', () => stranger.id],
    ['a coordinator', () => coordinator.id],
    ['no one', () => 999999],
  ])('answers 404 for %s, changing nothing', async (_who, id) => {
    for (const action of ['desactivation', 'reactivation', 'administrateur', 'administrateur/retrait']) {
      expect((await admin.post(`/structure/equipe/${id()}/${action}`)).status).toBe(404);
    }
    const other = await fresh(stranger.id);
    expect([other.active, other.partnerAdmin]).toEqual([true, true]);
  });

  it('refuses a plain member every team action (403)', async () => {
    const colleague = await signedIn('membre@reliures.fr');
    expect((await colleague.post(`/structure/equipe/${chef.id}/desactivation`)).status).toBe(403);
    expect((await colleague.post(`/structure/equipe/${membre.id}/administrateur`)).status).toBe(403);
    expect((await fresh(chef.id)).active).toBe(true);
    expect((await fresh(membre.id)).partnerAdmin).toBe(false);
  });

  it('makes a colleague an administrator and unmakes one, never leaving the organisation without one', async () => {
    expect((await admin.post(`/structure/equipe/${chef.id}/administrateur/retrait`)).status).toBe(409);
    expect((await fresh(chef.id)).partnerAdmin).toBe(true);
    expect((await admin.post(`/structure/equipe/${membre.id}/administrateur`)).status).toBe(303);
    expect((await fresh(membre.id)).partnerAdmin).toBe(true);
    // Now two: the colleague may step down the first one, then not itself.
    const second = await signedIn('membre@reliures.fr');
    expect((await second.post(`/structure/equipe/${chef.id}/administrateur/retrait`)).status).toBe(303);
    const alone = await second.post(`/structure/equipe/${membre.id}/administrateur/retrait`);
    expect(alone.status).toBe(409);
    expect(alone.doc.querySelector('main')?.textContent).toContain(LAST);
    // The first one, no longer an administrator, manages nothing any more.
    expect((await admin.post(`/structure/equipe/${membre.id}/desactivation`)).status).toBe(403);
    expect((await second.post(`/structure/equipe/${chef.id}/administrateur`)).status).toBe(303);
    expect((await second.post(`/structure/equipe/${membre.id}/administrateur/retrait`)).status).toBe(303);
    expect([(await fresh(chef.id)).partnerAdmin, (await fresh(membre.id)).partnerAdmin]).toEqual([true, false]);
  });

  it('keeps one administrator when two remove each other at the same time, 20 times over', async () => {
    const other = await createUser(t.em(), 'partner', { email: 'second@reliures.fr', partner: reliures, partnerAdmin: true });
    let second = await signedIn('second@reliures.fr');
    for (let round = 0; round < 20; round++) {
      await t.em().nativeUpdate(User, { id: { $in: [chef.id, other.id] } }, { partnerAdmin: true, active: true });
      const [a, b] = await Promise.all([
        admin.post(`/structure/equipe/${other.id}/${round % 2 ? 'desactivation' : 'administrateur/retrait'}`),
        second.post(`/structure/equipe/${chef.id}/${round % 2 ? 'desactivation' : 'administrateur/retrait'}`),
      ]);
      expect([a.status, b.status].filter((s) => s === 303)).toHaveLength(1);
      const admins = await t.em().count(User, { partner: reliures.id, partnerAdmin: true, active: true });
      expect(admins).toBe(1);
      // Sessions closed by a deactivation: sign in again for the next round.
      if (round % 2) {
        await t.em().nativeUpdate(User, { id: { $in: [chef.id, other.id] } }, { partnerAdmin: true, active: true });
        admin = await signedIn('chef@reliures.fr');
        second = await signedIn('second@reliures.fr');
      }
    }
    await t.em().nativeUpdate(User, { id: other.id }, { partnerAdmin: false, active: false });
    await t.em().nativeUpdate(User, { id: chef.id }, { partnerAdmin: true, active: true });
  });
});

describe('the administrators’ account form', () => {
  let root: Browser;
  beforeAll(async () => {
    root = await signedIn('admin@atelier.fr');
  });

  it('names a partner account « Administrateur de la structure », and keeps the flag off other roles', async () => {
    const form = await root.get('/admin/utilisateurs/nouveau');
    expect(form.doc.querySelector('label[for=champ-partnerAdmin]')?.textContent).toContain('Administrateur de la structure');
    const created = await root.post('/admin/utilisateurs', {
      displayName: 'Ada Admin',
      email: 'ada@reliures.fr',
      role: 'partner',
      partnerId: String(reliures.id),
      partnerAdmin: '1',
      password: 'provisoire-2026',
    });
    expect(created.status).toBe(303);
    const ada = await t.em().findOneOrFail(User, { email: 'ada@reliures.fr' });
    expect(ada.partnerAdmin).toBe(true);
    const edit = await root.get(`/admin/utilisateurs/${ada.id}/modifier`);
    expect(edit.doc.querySelector('#champ-partnerAdmin')?.hasAttribute('checked')).toBe(true);
    await root.post(`/admin/utilisateurs/${ada.id}`, {
      displayName: 'Ada Admin',
      email: 'ada@reliures.fr',
      role: 'partner',
      partnerId: String(reliures.id),
      version: String(ada.version),
    });
    expect((await fresh(ada.id)).partnerAdmin).toBe(false);
    await root.post('/admin/utilisateurs', {
      displayName: 'Cora Coord',
      email: 'cora@exemple.fr',
      role: 'coordinator',
      establishmentIds: [String(arras.id)],
      partnerAdmin: '1',
      password: 'provisoire-2026',
    });
    expect((await t.em().findOneOrFail(User, { email: 'cora@exemple.fr' })).partnerAdmin).toBe(false);
  });
});

describe('the demo', () => {
  it('makes partenaire@atelier.test its association’s administrator, with a plain colleague and an invitation waiting', async () => {
    const demo = await createTestContext();
    try {
      expect(await loadDemoData(demo.em(), TEST_PASSWORD_HASH_COST, new Date('2026-11-30T10:00:00Z'))).toBe(true);
      const [paul, zoe] = await Promise.all([
        demo.em().findOneOrFail(User, { email: 'partenaire@atelier.test' }),
        demo.em().findOneOrFail(User, { email: DEMO_COLLEAGUE.email }),
      ]);
      expect(paul.partnerAdmin).toBe(true);
      expect([zoe.role, zoe.partner?.id, zoe.partnerAdmin]).toEqual(['partner', paul.partner?.id, false]);
      const b = new Browser(demo.app);
      expect((await b.login('partenaire@atelier.test', DEMO_PASSWORD)).status).toBe(303);
      const team = await b.get('/structure/equipe');
      expect(team.doc.querySelector('#equipe-comptes')?.textContent).toContain('Zoé Collègue (démo)');
      expect(team.doc.querySelector('#equipe-invitations')?.textContent).toContain('nouvelle.recrue@exemple.fr');
      const colleague = new Browser(demo.app);
      expect((await colleague.login(DEMO_COLLEAGUE.email, DEMO_PASSWORD)).status).toBe(303);
      expect((await colleague.get('/structure/equipe')).doc.querySelector('#equipe-invitations')).toBeNull();
    } finally {
      await demo.close();
    }
  }, 60_000);
});
