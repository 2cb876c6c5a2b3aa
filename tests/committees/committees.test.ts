import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionItem, Committee, type CommitteeKind, CommitteeMember, Decision, Meeting, type MemberRole } from '../../src/committees/entities.ts';
import { Establishment } from '../../src/establishments/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import type { User } from '../../src/users/entities.ts';
import { Browser, createTestContext, fieldError, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';

/**
 * Committees (issue 20; docs/rules.md § Committees), through HTTP on a real database.
 * Today is Wednesday 2 December 2026 (noon in Paris).
 */
const TODAY = '2026-12-02';

let t: TestContext;
let brest: Establishment;
let arras: Establishment;
const users = {} as Record<'admin' | 'coordBrest' | 'coordArras' | 'partnerIn' | 'partnerOut' | 'committeeIn' | 'committeeOut', User>;
const browsers = {} as Record<keyof typeof users, Browser>;

async function signedIn(user: User): Promise<Browser> {
  const browser = new Browser(t.app);
  expect((await browser.login(user.email, TEST_PASSWORD)).status).toBe(303);
  return browser;
}

const committeeCount = async () => t.em().count(Committee, {});

/** A committee straight in the database, with `members` as users of the app (role per user). */
async function committee(code: string, establishments: Establishment[], members: Array<[User, MemberRole]> = [], kind: CommitteeKind = 'technical') {
  const em = t.em();
  const c = em.create(Committee, { kind, name: `Comité ${code}`, code });
  c.establishments.set(establishments.map((e) => em.getReference(Establishment, e.id)));
  await em.flush();
  for (const [user, role] of members) em.create(CommitteeMember, { committee: c.id, user: user.id, role });
  await em.flush();
  return c;
}

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock(TODAY) });
  const em = t.em();
  brest = await createEstablishment(em, { name: 'Centre pénitentiaire de Brest' });
  arras = await createEstablishment(em, { name: 'InSERRE Arras' });
  users.admin = await createUser(em, 'admin');
  users.coordBrest = await createUser(em, 'coordinator', { establishments: [brest], displayName: 'Camille Brest' });
  users.coordArras = await createUser(em, 'coordinator', { establishments: [arras], displayName: 'Dominique Arras' });
  users.partnerIn = await createUser(em, 'partner', { displayName: 'Paule Partenaire' });
  users.partnerOut = await createUser(em, 'partner');
  users.committeeIn = await createUser(em, 'committee', { displayName: 'Claire Comité' });
  users.committeeOut = await createUser(em, 'committee');
  for (const key of Object.keys(users) as Array<keyof typeof users>) browsers[key] = await signedIn(users[key]);
});
afterAll(() => t.close());

describe('creating a committee', () => {
  const form = (over: Record<string, string | string[]> = {}) => ({
    kind: 'technical',
    name: 'Comité technique de Brest',
    code: 'ct-brest',
    quorum: '4',
    establishments: [String(brest.id)],
    ...over,
  });

  it('lets a coordinator create one in their establishment, the code in capitals, audited with its author', async () => {
    const reply = await browsers.coordBrest.post('/comites', form());
    expect(reply.status).toBe(303);
    const stored = await t.em().findOneOrFail(Committee, { code: 'CT-BREST' }, { populate: ['establishments'] });
    expect(reply.location).toBe(`/comites/${stored.id}`);
    expect(stored.quorum).toBe(4);
    expect(stored.establishments.getItems().map((e) => e.id)).toEqual([brest.id]);
    const audit = await t
      .em()
      .getConnection()
      .execute<{ actor_id: number }[]>(`select actor_id from audit_event where entity = 'committee' and entity_id = ? and action = 'create'`, [
        String(stored.id),
      ]);
    expect(audit).toEqual([{ actor_id: users.coordBrest.id }]);
    const page = await browsers.coordBrest.get(reply.location ?? '');
    expect(page.doc.querySelector('h1')?.textContent).toBe('Comité technique de Brest');
    expect(page.doc.querySelector('main')?.textContent ?? page.html).toContain('Quorum : 4 membres');
    expect(page.doc.querySelector('a[href$="/reunions/nouvelle"]')?.textContent).toContain('Nouvelle réunion');
  });

  it('refuses a code another committee uses, next to the field, and stores nothing', async () => {
    const before = await committeeCount();
    const reply = await browsers.coordBrest.post('/comites', form({ name: 'Autre comité', code: 'CT-BREST' }));
    expect(reply.status).toBe(422);
    expect(fieldError(reply.doc, 'code')).toMatch(/Un autre comité utilise déjà ce code/);
    expect(await committeeCount()).toBe(before);
  });

  it('refuses a code that is not capitals, digits and dashes', async () => {
    const reply = await browsers.coordBrest.post('/comites', form({ code: 'CT BREST' }));
    expect(reply.status).toBe(422);
    expect(fieldError(reply.doc, 'code')).toMatch(/tirets/);
  });

  it('refuses a CPU for two establishments, and a committee for none', async () => {
    const before = await committeeCount();
    const two = await browsers.admin.post('/comites', form({ kind: 'cpu', code: 'CPU-DOUBLE', establishments: [String(brest.id), String(arras.id)] }));
    expect(two.status).toBe(422);
    expect(two.doc.querySelector('#champ-establishments-erreur')?.textContent).toMatch(/Une CPU donne son avis pour un seul établissement/);
    const none = await browsers.admin.post('/comites', form({ code: 'CT-VIDE', establishments: [] }));
    expect(none.status).toBe(422);
    expect(none.doc.querySelector('#champ-establishments-erreur')?.textContent).toMatch(/au moins un établissement/);
    expect(await committeeCount()).toBe(before);
  });

  it('answers 404 to a coordinator naming an establishment outside their scope, and stores nothing', async () => {
    const before = await committeeCount();
    const reply = await browsers.coordBrest.post('/comites', form({ code: 'CT-ARRAS', establishments: [String(arras.id)] }));
    expect(reply.status).toBe(404);
    const mixed = await browsers.coordBrest.post('/comites', form({ code: 'CT-MIXTE', establishments: [String(brest.id), String(arras.id)] }));
    expect(mixed.status).toBe(404);
    expect(await committeeCount()).toBe(before);
  });

  it('edits a committee with its version; a stale form gets 409 and the current values', async () => {
    const stored = await t.em().findOneOrFail(Committee, { code: 'CT-BREST' });
    const edit = await browsers.coordBrest.get(`/comites/${stored.id}/modifier`);
    expect(edit.doc.querySelector<HTMLInputElement>('#champ-code')?.getAttribute('value')).toBe('CT-BREST');
    const saved = await browsers.coordBrest.post(
      `/comites/${stored.id}`,
      form({ name: 'Comité technique du CP de Brest', quorum: '', version: String(stored.version) }),
    );
    expect(saved.status).toBe(303);
    const after = await t.em().findOneOrFail(Committee, stored.id);
    expect([after.name, after.quorum]).toEqual(['Comité technique du CP de Brest', null]);
    const stale = await browsers.coordBrest.post(`/comites/${stored.id}`, form({ name: 'Ancien nom', version: String(stored.version) }));
    expect(stale.status).toBe(409);
    expect(stale.doc.querySelector<HTMLInputElement>('#champ-name')?.getAttribute('value')).toBe('Comité technique du CP de Brest');
    expect((await t.em().findOneOrFail(Committee, stored.id)).name).toBe('Comité technique du CP de Brest');
  });

  it('is refused to partners and committee members (403)', async () => {
    expect((await browsers.partnerIn.post('/comites', form({ code: 'CT-X' }))).status).toBe(403);
    expect((await browsers.committeeIn.get('/comites/nouveau')).status).toBe(403);
  });
});

describe('members', () => {
  let c: Committee;
  beforeAll(async () => {
    c = await committee('CT-MEMBRES', [brest]);
  });
  const members = async () => t.em().find(CommitteeMember, { committee: c.id }, { orderBy: { id: 'asc' } });

  it('adds a user of the app and an external member, each with their role', async () => {
    const user = await browsers.coordBrest.post(`/comites/${c.id}/membres`, { who: 'user', userId: String(users.partnerIn.id), role: 'chair' });
    expect(user.status).toBe(303);
    const external = await browsers.coordBrest.post(`/comites/${c.id}/membres`, {
      who: 'external',
      name: 'Jeanne Martin',
      organisation: 'France Travail',
      function: 'Conseillère',
      email: 'Jeanne.Martin@francetravail.fr',
      role: 'secretary',
    });
    expect(external.status).toBe(303);
    expect((await members()).map((m) => [m.user?.id ?? null, m.name, m.email, m.role])).toEqual([
      [users.partnerIn.id, '', '', 'chair'],
      [null, 'Jeanne Martin', 'jeanne.martin@francetravail.fr', 'secretary'],
    ]);
    const page = await browsers.coordBrest.get(`/comites/${c.id}`);
    const rows = [...page.doc.querySelectorAll('#table-membres tbody tr')].map((r) => r.textContent ?? '');
    expect(rows[0]).toContain('Paule Partenaire');
    expect(rows[0]).toContain('Président');
    expect(rows[1]).toContain('France Travail');
    expect(rows[1]).toContain('Secrétaire');
  });

  it('refuses a second chair next to the role, a member without a name, and a user outside the list', async () => {
    const second = await browsers.coordBrest.post(`/comites/${c.id}/membres`, { who: 'external', name: 'Paul Durand', role: 'chair' });
    expect(second.status).toBe(422);
    expect(fieldError(second.doc, 'role')).toMatch(/déjà un président/);
    const nameless = await browsers.coordBrest.post(`/comites/${c.id}/membres`, { who: 'external', name: ' ', role: 'member' });
    expect(fieldError(nameless.doc, 'name')).toMatch(/Indiquez le nom/);
    // Another establishment's coordinator is not among a Brest coordinator's choices.
    const outside = await browsers.coordBrest.post(`/comites/${c.id}/membres`, { who: 'user', userId: String(users.coordArras.id), role: 'member' });
    expect(outside.status).toBe(422);
    expect(fieldError(outside.doc, 'userId')).toMatch(/Choisissez la personne dans la liste/);
    expect(await members()).toHaveLength(2);
  });

  it('removes a member (kept with the date they left), which frees the chair for another', async () => {
    const chair = (await members())[0] as CommitteeMember;
    expect((await browsers.coordBrest.post(`/comites/${c.id}/membres/${chair.id}/retrait`)).status).toBe(303);
    const left = await t.em().findOneOrFail(CommitteeMember, chair.id);
    expect(left.leftAt).toEqual(fixedClock(TODAY).now());
    expect((await browsers.coordBrest.post(`/comites/${c.id}/membres`, { who: 'external', name: 'Paul Durand', role: 'chair' })).status).toBe(303);
    // Back as a plain member, in their former row.
    expect((await browsers.coordBrest.post(`/comites/${c.id}/membres`, { who: 'user', userId: String(users.partnerIn.id), role: 'member' })).status).toBe(303);
    const again = await t.em().findOneOrFail(CommitteeMember, chair.id);
    expect([again.leftAt, again.role]).toEqual([null, 'member']);
  });

  it('keeps one chair when twenty are added at once', async () => {
    const racing = await committee('CT-COURSE', [brest]);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        browsers.admin.post(`/comites/${racing.id}/membres`, { who: 'external', name: `Présidente n° ${i + 1}`, role: 'chair' }),
      ),
    );
    expect(replies.filter((r) => r.status === 303)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 422)).toHaveLength(19);
    expect(await t.em().count(CommitteeMember, { committee: racing.id, role: 'chair', leftAt: null })).toBe(1);
  });
});

describe('who sees a committee', () => {
  let brestOnly: Committee;
  let both: Committee;
  beforeAll(async () => {
    brestOnly = await committee(
      'CT-VUE',
      [brest],
      [
        [users.partnerIn, 'member'],
        [users.committeeIn, 'chair'],
      ],
    );
    both = await committee('COPIL-29-62', [brest, arras], [], 'departmental');
  });

  it.each([
    ['admin', 200],
    ['coordBrest', 200],
    ['coordArras', 404],
    ['partnerIn', 200],
    ['partnerOut', 404],
    ['committeeIn', 200],
    ['committeeOut', 404],
  ] as const)('%s reading a Brest committee: %i', async (who, status) => {
    expect((await browsers[who].get(`/comites/${brestOnly.id}`)).status).toBe(status);
  });

  it.each([
    ['admin', 200],
    ['coordBrest', 403],
    ['coordArras', 403],
    // Members of the Brest committee only are not members of this one.
    ['partnerIn', 404],
    ['committeeIn', 404],
    ['partnerOut', 404],
    ['committeeOut', 404],
  ] as const)('%s editing a committee of Brest and Arras: %i', async (who, status) => {
    expect((await browsers[who].get(`/comites/${both.id}/modifier`)).status).toBe(status);
  });

  it('lets a coordinator read a committee that touches their establishment but not manage it', async () => {
    const page = await browsers.coordArras.get(`/comites/${both.id}`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#ajout-membre')).toBeNull();
    expect((await browsers.coordArras.post(`/comites/${both.id}/archivage`)).status).toBe(403);
  });

  it('lists to each the committees they see, by kind', async () => {
    const names = async (who: keyof typeof browsers) => [...(await browsers[who].get('/comites')).doc.querySelectorAll('tbody th a')].map((a) => a.textContent);
    // Back in « CT-MEMBRES » as a plain member (above), and in « CT-VUE ».
    expect(await names('partnerIn')).toEqual(['Comité CT-MEMBRES', 'Comité CT-VUE']);
    expect(await names('committeeOut')).toEqual([]);
    expect(await names('coordArras')).toEqual(['Comité COPIL-29-62']);
    expect(await names('coordBrest')).toEqual(expect.arrayContaining(['Comité CT-VUE', 'Comité COPIL-29-62', 'Comité technique du CP de Brest']));
    expect((await browsers.committeeOut.get('/comites')).doc.querySelector('#aucun-comite')?.textContent).toMatch(/aucun comité/);
    expect((await browsers.partnerIn.get('/comites')).doc.querySelector('a[href="/comites/nouveau"]')).toBeNull();
  });

  it('shows a member without managing rights no way to edit', async () => {
    const page = await browsers.committeeIn.get(`/comites/${brestOnly.id}`);
    expect(page.doc.querySelector(`a[href="/comites/${brestOnly.id}/modifier"]`)).toBeNull();
    expect((await browsers.committeeIn.post(`/comites/${brestOnly.id}/membres`, { who: 'external', name: 'Intrus', role: 'member' })).status).toBe(403);
  });

  it('archives a committee (kept, never deleted) and restores it', async () => {
    expect((await browsers.coordBrest.post(`/comites/${brestOnly.id}/archivage`)).status).toBe(303);
    expect((await t.em().findOneOrFail(Committee, brestOnly.id)).archivedAt).not.toBeNull();
    expect((await browsers.partnerIn.get(`/comites/${brestOnly.id}`)).status).toBe(200);
    expect((await browsers.coordBrest.post(`/comites/${brestOnly.id}/restauration`)).status).toBe(303);
    expect((await t.em().findOneOrFail(Committee, brestOnly.id)).archivedAt).toBeNull();
  });
});

describe('the decision register', () => {
  let c: Committee;
  const meetings: Meeting[] = [];
  beforeAll(async () => {
    c = await committee('CT-REG', [brest]);
    const em = t.em();
    for (const at of ['2025-11-05T09:00:00Z', '2026-03-04T09:00:00Z', '2026-10-07T09:00:00Z'])
      meetings.push(em.create(Meeting, { committee: c.id, startsAt: new Date(at) }));
    await em.flush();
    const decide = (m: Meeting, text: string, year: number | null, number: number | null) =>
      em.create(Decision, { committee: c.id, meeting: m, text, year, number });
    decide(meetings[0] as Meeting, 'Ouvrir un atelier de reliure', 2025, 1);
    decide(meetings[1] as Meeting, 'Recruter un encadrant technique', 2026, 1);
    decide(meetings[2] as Meeting, 'Étendre la reliure au samedi', 2026, 2);
    decide(meetings[2] as Meeting, 'Reliure : brouillon pas encore numéroté', null, null);
    await em.flush();
  });
  const register = async (query = '') => {
    const page = await browsers.coordBrest.get(`/comites/${c.id}${query}`);
    return [...page.doc.querySelectorAll('#table-decisions tbody tr')].map((r) => [
      r.querySelector('th')?.textContent,
      r.querySelector('a')?.getAttribute('href'),
    ]);
  };

  it('lists every numbered decision, newest first, each linking to its meeting', async () => {
    expect(await register()).toEqual([
      ['CT-REG-2026-02', `/reunions/${meetings[2]?.id}`],
      ['CT-REG-2026-01', `/reunions/${meetings[1]?.id}`],
      ['CT-REG-2025-01', `/reunions/${meetings[0]?.id}`],
    ]);
  });

  it('keeps the code its numbered decisions print: changing it is refused next to the field', async () => {
    const stored = await t.em().findOneOrFail(Committee, c.id, { populate: ['establishments'] });
    const refused = await browsers.coordBrest.post(`/comites/${c.id}`, {
      kind: stored.kind,
      name: stored.name,
      code: 'CT-AUTRE',
      quorum: '',
      establishments: [String(brest.id)],
      version: String(stored.version),
    });
    expect(refused.status).toBe(422);
    expect(refused.doc.querySelector('#champ-code-erreur')?.textContent).toContain('le code ne change plus');
    expect((await t.em().findOneOrFail(Committee, c.id, { refresh: true })).code).toBe('CT-REG');
  });

  it('searches by text (any case) and filters by year', async () => {
    expect((await register('?q=RELIURE')).map(([n]) => n)).toEqual(['CT-REG-2026-02', 'CT-REG-2025-01']);
    expect((await register('?q=reliure&annee=2026')).map(([n]) => n)).toEqual(['CT-REG-2026-02']);
    expect((await register('?annee=2025')).map(([n]) => n)).toEqual(['CT-REG-2025-01']);
    expect((await register('?q=100%')).map(([n]) => n)).toEqual([]);
  });
});

describe('the committee account’s home and « Mes actions »', () => {
  let chairOf: Committee;
  let memberOf: Committee;
  let past: Meeting;
  beforeAll(async () => {
    const other = await createUser(t.em(), 'committee', { displayName: 'Autre membre' });
    chairOf = await committee('COPIL-HOME', [brest], [[users.committeeOut, 'chair']], 'departmental');
    memberOf = await committee(
      'CT-HOME',
      [arras],
      [
        [users.committeeOut, 'member'],
        [other, 'chair'],
      ],
    );
    const em = t.em();
    past = em.create(Meeting, {
      committee: chairOf.id,
      startsAt: new Date('2026-11-18T09:00:00Z'),
      status: 'submitted',
      submittedAt: new Date('2026-11-20T09:00:00Z'),
    });
    em.create(Meeting, { committee: chairOf.id, startsAt: new Date('2026-12-16T13:30:00Z'), place: 'Préfecture du Finistère' });
    em.create(Meeting, { committee: chairOf.id, startsAt: new Date('2027-01-20T13:30:00Z') });
    em.create(Meeting, {
      committee: memberOf.id,
      startsAt: new Date('2026-11-25T09:00:00Z'),
      status: 'submitted',
      submittedAt: new Date('2026-11-26T09:00:00Z'),
    });
    await em.flush();
    const mine = await em.findOneOrFail(CommitteeMember, { committee: chairOf.id, user: users.committeeOut.id });
    const mineToo = await em.findOneOrFail(CommitteeMember, { committee: memberOf.id, user: users.committeeOut.id });
    const theirs = await em.findOneOrFail(CommitteeMember, { committee: memberOf.id, user: other.id });
    const act = (committeeId: number, owner: CommitteeMember, title: string, dueOn: string | null, status: 'open' | 'in_progress' | 'done' | 'dropped') =>
      em.create(ActionItem, { committee: committeeId, meeting: past, title, owner, dueOn, status });
    act(chairOf.id, mine, 'Relancer France Travail', '2026-12-20', 'open');
    act(chairOf.id, mine, 'Envoyer le bilan', '2026-11-30', 'in_progress');
    act(memberOf.id, mineToo, 'Préparer la visite', null, 'open');
    act(memberOf.id, mineToo, 'Chiffrer les postes', '2026-10-01', 'done');
    act(memberOf.id, theirs, 'Action d’un autre', '2026-11-01', 'open');
    await em.flush();
  });

  it('lists their committees with the next meeting and the minutes waiting: to approve as chair, to read as member', async () => {
    const home = await browsers.committeeOut.get('/');
    const block = home.doc.querySelector('#mes-comites')?.textContent ?? '';
    expect(block).toContain('Comité COPIL-HOME');
    expect(block).toContain('Prochaine réunion : 16 décembre 2026 à 14h30, Préfecture du Finistère');
    expect(block).toMatch(/Compte rendu du 18\/11\/2026 : à approuver/);
    expect(block).toMatch(/Compte rendu du 25\/11\/2026 : soumis aux membres, à relire/);
    expect(block).not.toContain('Vous n’êtes membre d’aucun comité');
  });

  it('tells a committee account with no committee so; a partner’s home has no such block', async () => {
    const alone = await signedIn(await createUser(t.em(), 'committee'));
    expect((await alone.get('/')).doc.querySelector('#mes-comites')?.textContent).toContain('Vous n’êtes membre d’aucun comité');
    expect((await browsers.partnerOut.get('/')).doc.querySelector('#mes-comites')).toBeNull();
  });

  it('shows their open action items on the home, the overdue first, and all of them on « Mes actions »', async () => {
    const home = await browsers.committeeOut.get('/');
    const items = [...home.doc.querySelectorAll('#mes-actions-accueil li')].map((li) => li.textContent ?? '');
    expect(items).toEqual([
      expect.stringMatching(/^Envoyer le bilan \(Comité COPIL-HOME\) : avant le 30\/11\/2026\s*En retard$/),
      expect.stringMatching(/^Relancer France Travail \(Comité COPIL-HOME\) : avant le 20\/12\/2026$/),
      expect.stringMatching(/^Préparer la visite \(Comité CT-HOME\) : sans échéance$/),
    ]);
    const page = await browsers.committeeOut.get('/mes-actions');
    const rows = [...page.doc.querySelectorAll('#mes-actions tbody tr')].map((r) => [...r.children].map((cell) => cell.textContent?.trim()));
    expect(rows.map((r) => [r[0], r[1], r[4]])).toEqual([
      ['Envoyer le bilan', 'Comité COPIL-HOME', 'En cours'],
      ['Relancer France Travail', 'Comité COPIL-HOME', 'À faire'],
      ['Préparer la visite', 'Comité CT-HOME', 'À faire'],
    ]);
    expect(page.doc.querySelector('#mes-actions tbody tr a[href^="/reunions/"]')?.getAttribute('href')).toBe(`/reunions/${past.id}`);
  });

  it('shows the committee’s open action items, the overdue marked', async () => {
    const page = await browsers.admin.get(`/comites/${chairOf.id}`);
    const rows = [...page.doc.querySelectorAll('#table-actions tbody tr')].map((r) => r.textContent ?? '');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/Envoyer le bilan.*Claire|Envoyer le bilan/);
    expect(rows[0]).toContain('En retard');
    expect(rows[1]).not.toContain('En retard');
  });

  it('forgets the actions of a committee the user left', async () => {
    const left = await committee('CT-LEFT', [brest], [[users.committeeOut, 'member']]);
    const em = t.em();
    const meeting = em.create(Meeting, { committee: left.id, startsAt: new Date('2026-10-01T08:00:00Z') });
    const mine = await em.findOneOrFail(CommitteeMember, { committee: left.id, user: users.committeeOut.id });
    em.create(ActionItem, { committee: left.id, meeting, title: 'Action d’un comité quitté', owner: mine, dueOn: null, status: 'open' });
    await em.flush();
    expect((await browsers.committeeOut.get('/mes-actions')).html).toContain('Action d’un comité quitté');
    mine.leftAt = new Date();
    await em.flush();
    expect((await browsers.committeeOut.get('/mes-actions')).html).not.toContain('Action d’un comité quitté');
  });

  it('gives a user without action items an empty « Mes actions »', async () => {
    const page = await browsers.partnerOut.get('/mes-actions');
    expect(page.doc.querySelector('#aucune-action')).not.toBeNull();
  });
});
