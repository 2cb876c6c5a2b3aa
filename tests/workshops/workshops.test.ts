import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/audit/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { mondayOf, plusDays, systemClock } from '../../src/platform/calendar.ts';
import { Post, Workshop } from '../../src/workshops/entities.ts';

const todayInParis = () => systemClock.today();

import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let mine: Establishment;
let other: Establishment;
let partner: Partner;
let coordinator: Browser;
let coordinatorId: number;
let outsider: Browser;
let partnerUser: Browser;

const HX = { 'HX-Request': 'true' };

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  mine = await createEstablishment(em, { name: 'InSERRE de Troyes' });
  other = await createEstablishment(em, { name: 'Maison d’arrêt de Lorient' });
  partner = await createPartner(em, { name: 'Reliures du Léon' });
  coordinatorId = (await createUser(em, 'coordinator', { email: 'coord@exemple.fr', establishments: [mine] })).id;
  await createUser(em, 'coordinator', { email: 'autre@exemple.fr', establishments: [other] });
  await createUser(em, 'partner', { email: 'partenaire@exemple.fr', partner });
  coordinator = new Browser(t.app);
  outsider = new Browser(t.app);
  partnerUser = new Browser(t.app);
  await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
  await outsider.login('autre@exemple.fr', TEST_PASSWORD);
  await partnerUser.login('partenaire@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

const workshopForm = (over: Record<string, string> = {}) => ({
  name: 'Atelier menuiserie',
  activity: 'Fabrication de mobilier',
  partnerId: String(partner.id),
  iaeType: 'aci',
  openingHours: 'lun.–ven. 8h–16h',
  ...over,
});
const postForm = (over: Record<string, string> = {}) => ({
  code: 'tro-men-01',
  title: 'Menuisier d’agencement',
  weeklyHours: '17h30',
  payCategory: 'production',
  ...over,
});

describe('workshops', () => {
  // Already there: the name a new workshop of the establishment cannot take.
  beforeAll(async () => {
    await createWorkshop(t.em(), mine, { name: 'Atelier tissage', partner });
  });

  it('are created by the coordinator, with an audit row naming them', async () => {
    const reply = await coordinator.post(`/etablissements/${mine.id}/ateliers`, workshopForm());
    expect(reply.status).toBe(303);
    const workshop = await t.em().findOneOrFail(Workshop, { name: 'Atelier menuiserie' }, { populate: ['partner'] });
    expect(reply.location).toBe(`/ateliers/${workshop.id}`);
    expect(workshop.partner.name).toBe('Reliures du Léon');
    const [audit] = await t.em().find(AuditEvent, { entity: 'workshop', entityId: String(workshop.id) });
    expect(audit).toMatchObject({ action: 'create', establishmentId: mine.id });
    expect(audit?.actor?.id).toBe(coordinatorId);
  });

  it('answer htmx with the refreshed section: the new row and a fresh add row', async () => {
    const reply = await coordinator.post(`/etablissements/${mine.id}/ateliers`, workshopForm({ name: 'Atelier couture' }), HX);
    expect(reply.status).toBe(201);
    expect(reply.doc.querySelector('#section-ateliers .fr-alert--success')?.textContent).toContain('Atelier couture');
    const names = [...reply.doc.querySelectorAll('#liste-ateliers tbody th[scope=row] a')].map((a) => a.textContent);
    expect(names).toContain('Atelier couture');
    expect(reply.doc.querySelector('#nouvel-atelier-name')?.getAttribute('value')).toBe('');
  });

  it.each([
    [{ name: '' }, 'name', 'Indiquez le nom de l’atelier (au moins 2 caractères).'],
    [{ activity: 'x' }, 'activity', 'Décrivez l’activité en quelques mots, par exemple « réparation de vélos ».'],
    [{ partnerId: '' }, 'partnerId', 'Choisissez la structure qui anime l’atelier.'],
    [{ partnerId: '999999' }, 'partnerId', 'Cette structure n’existe plus ou est archivée : choisissez-en une autre.'],
    [{ iaeType: 'autre' }, 'iaeType', 'Choisissez le type d’insertion par l’activité économique.'],
    [{ name: 'atelier TISSAGE' }, 'name', 'Un atelier de cet établissement porte déjà ce nom (peut-être archivé).'],
  ])('refuse %o with the message next to the field in the add row, storing nothing', async (change, field, message) => {
    const before = await t.em().count(Workshop, {});
    const reply = await coordinator.post(`/etablissements/${mine.id}/ateliers`, workshopForm({ name: 'Atelier neuf', ...change }), HX);
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector(`#nouvel-atelier-${field}-erreur`)?.textContent).toBe(message);
    expect(await t.em().count(Workshop, {})).toBe(before);
  });

  it('are edited inline: the editable row, then the saved row, both as fragments', async () => {
    const w = await createWorkshop(t.em(), mine, { name: 'Atelier à renommer', partner });
    const edit = await coordinator.get(`/ateliers/${w.id}/modifier`, HX);
    expect(edit.doc.querySelector('tr.atelier-row--editing')).not.toBeNull();
    expect(edit.doc.querySelector(`#modifier-atelier-${w.id}-name`)?.getAttribute('value')).toBe('Atelier à renommer');
    const bad = await coordinator.post(`/ateliers/${w.id}`, { ...workshopForm({ name: '' }), version: String(w.version) }, HX);
    expect(bad.status).toBe(422);
    expect(bad.doc.querySelector(`#modifier-atelier-${w.id}-name-erreur`)?.textContent).toMatch(/Indiquez le nom/);
    const saved = await coordinator.post(`/ateliers/${w.id}`, { ...workshopForm({ name: 'Atelier renommé' }), version: String(w.version) }, HX);
    expect(saved.status).toBe(200);
    expect(saved.doc.querySelector(`tr#atelier-${w.id} th`)?.textContent).toContain('Atelier renommé');
    expect(saved.doc.querySelector('.fr-badge--success')?.textContent).toBe('Enregistré');
    const stale = await coordinator.post(`/ateliers/${w.id}`, { ...workshopForm({ name: 'Trop tard' }), version: String(w.version) }, HX);
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('modifiée par quelqu’un d’autre');
    expect((await t.em().findOneOrFail(Workshop, w.id)).name).toBe('Atelier renommé');
  });

  it('are edited without JavaScript too: a page with the editable row, then a redirect', async () => {
    const w = await createWorkshop(t.em(), mine, { partner });
    const page = await coordinator.get(`/ateliers/${w.id}/modifier`);
    expect(page.doc.querySelector('header')).not.toBeNull();
    expect(page.doc.querySelector(`form#modifier-atelier-${w.id}`)?.getAttribute('action')).toBe(`/ateliers/${w.id}`);
    const reply = await coordinator.post(`/ateliers/${w.id}`, { ...workshopForm({ name: 'Sans JavaScript' }), version: String(w.version) });
    expect(reply.status).toBe(303);
  });

  it('are archived with their posts, and restored with exactly those posts', async () => {
    const w = await createWorkshop(t.em(), mine, { partner });
    const kept = await createPost(t.em(), w, { code: 'ARC-01' });
    const alreadyArchived = await createPost(t.em(), w, { code: 'ARC-02' });
    await coordinator.post(`/postes/${alreadyArchived.id}/archivage`);
    expect((await coordinator.post(`/ateliers/${w.id}/archivage`)).status).toBe(303);
    expect(await t.em().count(Post, { workshop: w.id, archivedAt: null })).toBe(0);
    expect((await coordinator.post(`/ateliers/${w.id}/restauration`)).status).toBe(303);
    const posts = await t.em().find(Post, { workshop: w.id }, { orderBy: { code: 'asc' } });
    expect(posts.map((p) => [p.code, p.archivedAt === null])).toEqual([
      [kept.code, true],
      [alreadyArchived.code, false],
    ]);
    const actions = (await t.em().find(AuditEvent, { entity: 'workshop', entityId: String(w.id) }, { orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['create', 'archive', 'restore']);
  });
});

describe('posts', () => {
  let workshop: Workshop;
  beforeAll(async () => {
    workshop = await createWorkshop(t.em(), mine, { name: 'Atelier des postes', partner });
    await createPost(t.em(), workshop, { code: 'TRO-DEJA-01' });
  });

  it('are created with the code normalised and the hours read in minutes', async () => {
    // A workshop of its own: the code offered next follows this workshop's codes only.
    const workshop = await createWorkshop(t.em(), mine, { partner });
    const reply = await coordinator.post(`/ateliers/${workshop.id}/postes`, postForm());
    expect(reply.status).toBe(303);
    const post = await t.em().findOneOrFail(Post, { code: 'TRO-MEN-01' });
    expect(post).toMatchObject({ title: 'Menuisier d’agencement', weeklyMinutes: 1050, payCategory: 'production', status: 'open' });
    const page = await coordinator.get(`/ateliers/${workshop.id}`);
    const row = page.doc.querySelector(`#poste-${post.id}`);
    expect(row?.textContent).toContain('17 h 30');
    expect(row?.textContent).toContain('plancher 45 % du SMIC');
    expect(page.doc.querySelector('#nouveau-poste-code')?.getAttribute('value')).toBe('TRO-MEN-02');
  });

  it('answer htmx with the section holding the new post', async () => {
    const reply = await coordinator.post(`/ateliers/${workshop.id}/postes`, postForm({ code: 'TRO-MEN-02', title: 'Ébéniste' }), HX);
    expect(reply.status).toBe(201);
    expect(reply.doc.querySelector('#section-postes .fr-alert--success')?.textContent).toContain('TRO-MEN-02');
    expect(reply.doc.querySelector('#liste-postes tbody')?.textContent).toContain('Ébéniste');
  });

  it.each([
    [{ code: '' }, 'code', 'Indiquez un code de poste, par exemple ARR-VEL-01.'],
    [{ code: 'AB' }, 'code', 'Le code compte de 3 à 20 caractères, par exemple ARR-VEL-01.'],
    [{ code: 'ÉBÉ-01' }, 'code', 'Le code ne contient que des lettres sans accent, des chiffres et des tirets simples, par exemple ARR-VEL-01.'],
    [{ code: 'tro-deja-01' }, 'code', 'Ce code est déjà celui d’un autre poste de l’établissement (peut-être archivé) : choisissez-en un autre.'],
    [{ title: '' }, 'title', 'Indiquez l’intitulé du poste (au moins 2 caractères).'],
    [{ weeklyHours: 'dix' }, 'weeklyHours', 'Écrivez la durée en heures, par exemple 35, 17h30 ou 17,5.'],
    [{ weeklyHours: '8' }, 'weeklyHours', 'Un poste compte au moins 10 h par semaine (temps partiel minimal).'],
    [{ weeklyHours: '39' }, 'weeklyHours', 'Un poste compte au plus 35 h par semaine (temps plein).'],
    [{ payCategory: 'classe IV' }, 'payCategory', 'Choisissez la catégorie de rémunération.'],
    [{ payRate: 'cinquante' }, 'payRate', 'Indiquez un pourcentage du SMIC, par exemple 50, ou laissez vide pour le plancher.'],
    [{ payRate: '40' }, 'payRate', 'Le taux ne peut pas être inférieur au plancher de la catégorie (45 % du SMIC).'],
  ])('refuse %o with the message in the add row and store nothing', async (change, field, message) => {
    const before = await t.em().count(Post, {});
    const reply = await coordinator.post(`/ateliers/${workshop.id}/postes`, postForm({ code: 'TRO-NEW-01', ...change }), HX);
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector(`#nouveau-poste-${field}-erreur`)?.textContent).toBe(message);
    expect(await t.em().count(Post, {})).toBe(before);
  });

  it('propose the workshop’s usual hours in the add form, 35 h in a workshop without posts', async () => {
    const empty = await createWorkshop(t.em(), mine, { name: 'Atelier sans poste', partner });
    const proposed = async (w: Workshop) =>
      (await coordinator.get(`/ateliers/${w.id}`)).doc.querySelector<HTMLInputElement>('#nouveau-poste-weeklyHours')?.getAttribute('value');
    expect(await proposed(empty)).toBe('35');
    const partTime = await createWorkshop(t.em(), mine, { name: 'Atelier à 24 h', partner });
    for (const code of ['TRO-VIN-01', 'TRO-VIN-02', 'TRO-VIN-03']) await createPost(t.em(), partTime, { code, weeklyMinutes: 24 * 60 });
    await createPost(t.em(), partTime, { code: 'TRO-VIN-04', weeklyMinutes: 35 * 60 });
    expect(await proposed(partTime)).toBe('24');
  });

  it('may pay above the floor of their category', async () => {
    expect((await coordinator.post(`/ateliers/${workshop.id}/postes`, postForm({ code: 'TRO-TAUX-01', payRate: '52,5' }))).status).toBe(303);
    expect((await t.em().findOneOrFail(Post, { code: 'TRO-TAUX-01' })).payBasisPoints).toBe(5250);
    const page = await coordinator.get(`/ateliers/${workshop.id}`);
    expect([...page.doc.querySelectorAll('#liste-postes tbody tr')].find((tr) => tr.textContent?.includes('TRO-TAUX-01'))?.textContent).toContain(
      '52,5 % du SMIC (plancher 45 %)',
    );
  });

  it('may reuse a code of another establishment', async () => {
    const elsewhere = await createWorkshop(t.em(), other, { partner });
    await createPost(t.em(), elsewhere, { code: 'TRO-SHARED-01' });
    expect((await coordinator.post(`/ateliers/${workshop.id}/postes`, postForm({ code: 'TRO-SHARED-01' }))).status).toBe(303);
  });

  it('are edited inline in one cell across the table, keeping the table’s columns', async () => {
    const post = await createPost(t.em(), workshop, { code: 'TRO-EDIT-01' });
    const columns = (await coordinator.get(`/ateliers/${workshop.id}`)).doc.querySelectorAll('#liste-postes thead th').length;
    const narrow = await coordinator.get(`/postes/${post.id}/modifier`, HX);
    const wide = await coordinator.get(`/postes/${post.id}/modifier?atelier=1`, HX);
    expect(narrow.doc.querySelector('tr > td')?.getAttribute('colspan')).toBe(String(columns));
    expect(wide.doc.querySelector('tr > td')?.getAttribute('colspan')).toBe(String(columns));
    expect(wide.doc.querySelector(`#modifier-poste-${post.id}-weeklyHours`)).not.toBeNull();
    const saved = await coordinator.post(
      `/postes/${post.id}?atelier=1`,
      { ...postForm({ code: 'TRO-EDIT-01', title: 'Intitulé revu' }), version: String(post.version) },
      HX,
    );
    expect(saved.status).toBe(200);
    expect(saved.doc.querySelector(`#poste-${post.id}`)?.textContent).toContain('Intitulé revu');
    expect(saved.doc.querySelectorAll('tr > *').length).toBe(columns);
  });

  it('are frozen, reopened, archived and restored; the list filters follow', async () => {
    const post = await createPost(t.em(), workshop, { code: 'TRO-GEL-01' });
    expect((await coordinator.post(`/postes/${post.id}/gel`, { retour: `/ateliers/${workshop.id}` })).location).toBe(`/ateliers/${workshop.id}`);
    const frozen = await coordinator.get(`/etablissements/${mine.id}/postes?etat=frozen`);
    expect([...frozen.doc.querySelectorAll('#liste-postes tbody th')].map((th) => th.textContent)).toEqual(['TRO-GEL-01']);
    await coordinator.post(`/postes/${post.id}/ouverture`);
    expect((await t.em().findOneOrFail(Post, post.id)).status).toBe('open');
    await coordinator.post(`/postes/${post.id}/archivage`);
    const archived = await coordinator.get(`/etablissements/${mine.id}/postes?archives=1`);
    expect(archived.doc.querySelector('#liste-postes')?.textContent).toContain('TRO-GEL-01');
    await coordinator.post(`/postes/${post.id}/restauration`);
    const actions = (await t.em().find(AuditEvent, { entity: 'post', entityId: String(post.id) }, { orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['create', 'update', 'update', 'archive', 'restore']);
  });

  it('cannot be restored while their workshop is archived', async () => {
    const w = await createWorkshop(t.em(), mine, { partner });
    const post = await createPost(t.em(), w);
    await coordinator.post(`/postes/${post.id}/archivage`);
    await coordinator.post(`/ateliers/${w.id}/archivage`);
    const reply = await coordinator.post(`/postes/${post.id}/restauration`);
    expect(reply.status).toBe(409);
    expect(reply.html).toContain('L’atelier de ce poste est archivé : restaurez l’atelier d’abord.');
  });

  it('are refused in an archived workshop with the rule’s message in the section, storing nothing', async () => {
    const w = await createWorkshop(t.em(), mine, { partner });
    await coordinator.post(`/ateliers/${w.id}/archivage`);
    const reply = await coordinator.post(`/ateliers/${w.id}/postes`, postForm({ code: 'TRO-ARCH-01' }), HX);
    expect(reply.status).toBe(409);
    expect(reply.doc.querySelector('#section-postes .fr-alert--error')?.textContent).toBe('Cet atelier est archivé : restaurez-le avant d’y créer un poste.');
    expect(await t.em().count(Post, { code: 'TRO-ARCH-01' })).toBe(0);
  });

  it('are edited without JavaScript, back to the list they came from; a stale save keeps that way back', async () => {
    const post = await createPost(t.em(), workshop, { code: 'TRO-RET-01' });
    const back = `/etablissements/${mine.id}/postes?q=RET`;
    const fields = { ...postForm({ code: 'TRO-RET-01' }), version: String(post.version), retour: back };
    const saved = await coordinator.post(`/postes/${post.id}`, { ...fields, title: 'Premier intitulé' });
    expect(saved.location).toBe(back);
    const stale = await coordinator.post(`/postes/${post.id}`, { ...fields, title: 'Second intitulé' });
    expect(stale.status).toBe(409);
    expect(stale.doc.querySelector(`#modifier-poste-${post.id}-title`)?.getAttribute('value')).toBe('Premier intitulé');
    expect(stale.doc.querySelector(`form#modifier-poste-${post.id} input[name=retour]`)?.getAttribute('value')).toBe(back);
  });

  it('belong to their workshop’s establishment: the database refuses another one', async () => {
    const em = t.em();
    em.create(Post, { establishment: other, workshop, title: 'Égaré', code: 'LOST-01', weeklyMinutes: 2100, payCategory: 'production', status: 'open' });
    await expect(em.flush()).rejects.toThrow(/foreign key/);
  });
});

describe('the establishment’s timesheets page', () => {
  it('links each workshop’s sheet of this week and last week, under the establishment’s one menu', async () => {
    const page = await coordinator.get(`/etablissements/${mine.id}/pointage`);
    expect(page.status).toBe(200);
    const links = [...page.doc.querySelectorAll('#pointage-ateliers a')].map((a) => a.getAttribute('href'));
    const tissage = await t.em().findOneOrFail(Workshop, { name: 'Atelier tissage' });
    expect(links).toContain(`/ateliers/${tissage.id}/pointage?semaine=${mondayOf(todayInParis())}`);
    expect(links).toContain(`/ateliers/${tissage.id}/pointage?semaine=${plusDays(mondayOf(todayInParis()), -7)}`);
    const menu = [...page.doc.querySelectorAll('#menu-etablissement a')].map((a) => a.textContent);
    expect(menu).toEqual(expect.arrayContaining(['Vue d’ensemble', 'Tableau des affectations', 'Sans activité', 'Personnes', 'Ateliers', 'Pointage']));
    expect(page.doc.querySelector('#menu-etablissement a[aria-current="page"]')?.textContent).toBe('Pointage');
    expect((await outsider.get(`/etablissements/${mine.id}/pointage`)).status).toBe(404);
  });
});

describe('scope', () => {
  it('answers 404 to a coordinator of another establishment, and stores nothing', async () => {
    const w = await createWorkshop(t.em(), mine, { partner });
    const post = await createPost(t.em(), w);
    expect((await outsider.get(`/etablissements/${mine.id}/ateliers`)).status).toBe(404);
    expect((await outsider.get(`/etablissements/${mine.id}/postes`)).status).toBe(404);
    expect((await outsider.get(`/ateliers/${w.id}`)).status).toBe(404);
    expect((await outsider.get(`/postes/${post.id}/modifier`)).status).toBe(404);
    const before = await t.em().count(Workshop, {});
    expect((await outsider.post(`/etablissements/${mine.id}/ateliers`, workshopForm({ name: 'Intrus' }))).status).toBe(404);
    expect((await outsider.post(`/ateliers/${w.id}/postes`, postForm({ code: 'INTRUS-01' }))).status).toBe(404);
    expect((await outsider.post(`/postes/${post.id}/archivage`)).status).toBe(404);
    expect(await t.em().count(Workshop, {})).toBe(before);
    expect((await t.em().findOneOrFail(Post, post.id)).archivedAt).toBeNull();
  });

  it('lets a partner read its own workshops without changing them, and nothing else', async () => {
    const own = await createWorkshop(t.em(), mine, { name: 'Atelier du partenaire', partner });
    const foreign = await createWorkshop(t.em(), mine, { name: 'Atelier d’un autre' });
    const structure = await partnerUser.get('/structure');
    expect(structure.doc.querySelector('#mes-ateliers')?.textContent).toContain('Atelier du partenaire');
    expect(structure.doc.querySelector('#mes-ateliers')?.textContent).not.toContain('Atelier d’un autre');
    const page = await partnerUser.get(`/ateliers/${own.id}`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#nouveau-poste-code')).toBeNull();
    expect(page.html).not.toContain('Archiver l’atelier');
    expect((await partnerUser.get(`/ateliers/${foreign.id}`)).status).toBe(404);
    expect((await partnerUser.post(`/ateliers/${own.id}/postes`, postForm({ code: 'PART-01' }))).status).toBe(403);
    expect((await partnerUser.get(`/etablissements/${mine.id}/ateliers`)).status).toBe(403);
  });
});

describe('query budget', () => {
  it('renders the workshop list and the post list in a fixed number of queries, whatever their size', async () => {
    const w = await createWorkshop(t.em(), mine, { partner });
    for (let i = 0; i < 5; i++) await createPost(t.em(), w);
    await coordinator.get('/'); // shows, and so clears, any message an earlier test left in the session
    t.db.queries.length = 0;
    await coordinator.get(`/etablissements/${mine.id}/ateliers`);
    const small = t.db.queries.length;
    const w2 = await createWorkshop(t.em(), mine);
    for (let i = 0; i < 10; i++) await createPost(t.em(), w2);
    t.db.queries.length = 0;
    await coordinator.get(`/etablissements/${mine.id}/ateliers`);
    expect(t.db.queries.length).toBe(small);
    expect(small).toBeLessThanOrEqual(10);
    t.db.queries.length = 0;
    await coordinator.get(`/etablissements/${mine.id}/postes`);
    expect(t.db.queries.length).toBeLessThanOrEqual(10);
  });
});

describe('an insertion workshop (ACI, EI) takes production posts only (D412-64)', () => {
  it('refuses a general-service post there, in the add row and when edited, and stores nothing', async () => {
    const aci = await createWorkshop(t.em(), mine, { partner });
    const before = await t.em().count(Post, {});
    const reply = await coordinator.post(`/ateliers/${aci.id}/postes`, postForm({ code: 'ACI-GEN-01', payCategory: 'general_3' }), HX);
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#nouveau-poste-payCategory-erreur')?.textContent).toMatch(/que des postes de production.*art\. D412-64/);
    expect(await t.em().count(Post, {})).toBe(before);
    const post = await createPost(t.em(), aci, { code: 'ACI-PROD-01' });
    const edit = await coordinator.post(
      `/postes/${post.id}`,
      { ...postForm({ code: 'ACI-PROD-01', payCategory: 'general_1' }), version: String(post.version) },
      HX,
    );
    expect(edit.status).toBe(422);
    expect(edit.html).toMatch(/que des postes de production/);
    expect((await t.em().findOneOrFail(Post, post.id)).payCategory).toBe('production');
  });

  it('accepts a general-service post in a workshop outside insertion, which cannot then become ACI', async () => {
    const w = await createWorkshop(t.em(), mine, { partner });
    const em = t.em();
    const found = await em.findOneOrFail(Workshop, w.id);
    found.iaeType = 'none';
    await em.flush();
    expect((await coordinator.post(`/ateliers/${w.id}/postes`, postForm({ code: 'SG-III-01', payCategory: 'general_3' }))).status).toBe(303);
    const reply = await coordinator.post(
      `/ateliers/${w.id}`,
      { ...workshopForm({ name: 'Service général', iaeType: 'ei' }), version: String(found.version) },
      HX,
    );
    expect(reply.status).toBe(422);
    expect(reply.html).toMatch(/changez d’abord la catégorie de SG-III-01/);
    expect((await t.em().findOneOrFail(Workshop, w.id)).iaeType).toBe('none');
  });
});
