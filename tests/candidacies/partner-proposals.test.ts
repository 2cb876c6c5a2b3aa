import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { Candidacy } from '../../src/candidacies/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, fieldError, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * A partner proposes a person present in its workshop's establishment (issue 21, item 3):
 * a search by name that shows names only, a submitted candidacy « proposée par la structure »,
 * each refusal, the scope of the route, and the same person proposed twice at once.
 */
const TODAY = '2026-03-10';
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock(TODAY) });
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

/** The workshop « Reliure » of a partner, its establishment's people, someone elsewhere, someone who left. */
async function world() {
  const em = t.em();
  const mine = await createEstablishment(em);
  const elsewhere = await createEstablishment(em);
  const partner = await createPartner(em);
  const reliure = await createWorkshop(em, mine, { name: 'Reliure', partner });
  const eric = await createDetainee(em, mine, { lastName: 'Lefèvre', firstName: 'Éric' });
  const anne = await createDetainee(em, mine, { lastName: 'Lefebvre', firstName: 'Anne' });
  const holder = await createDetainee(em, mine, { lastName: 'Lefèvre', firstName: 'Hugo' });
  const gone = await createDetainee(em, mine, { lastName: 'Lefèvre', firstName: 'Marc' });
  const far = await createDetainee(em, elsewhere, { lastName: 'Lefèvre', firstName: 'Paul' });
  await adminClient(t.db.url, (c) => c.query(`update detainee set status = 'released', left_on = '2026-03-01' where id = $1`, [gone.id]));
  const post = await createPost(em, reliure, { code: 'REL-01', title: 'Relieur' });
  em.create(Assignment, {
    establishment: mine.id,
    detainee: holder.id,
    post: post.id,
    contractReference: 'CEP-HOLD',
    startsOn: '2026-02-02',
    trialEndsOn: '2026-02-02',
    weeklyMinutes: 35 * 60,
    payCategory: 'production',
  });
  await em.flush();
  const partnerUser = await signedIn(await createUser(em, 'partner', { partner }));
  const coordinator = await signedIn(await createUser(em, 'coordinator', { establishments: [mine] }));
  return { mine, elsewhere, partner, reliure, eric, anne, holder, gone, far, partnerUser, coordinator };
}

const names = (doc: Document) => [...doc.querySelectorAll('#resultats .fr-radio-group label')].map((l) => l.textContent?.trim());
const url = (w: { id: number }, q = '') => `/ateliers/${w.id}/candidats${q ? `?q=${encodeURIComponent(q)}` : ''}`;

describe('the search among the establishment’s present people', () => {
  it('finds names whatever the case and accents, present people of the establishment only, and shows nothing but « NOM Prénom »', async () => {
    const { reliure, partnerUser, eric, anne, holder } = await world();
    const page = await partnerUser.get(url(reliure, 'LEFEVRE'));
    expect(page.status).toBe(200);
    expect(names(page.doc)).toEqual(['LEFÈVRE Éric', 'LEFÈVRE Hugo']);
    const wide = await partnerUser.get(url(reliure, 'lef'));
    expect(names(wide.doc)).toEqual(['LEFEBVRE Anne', 'LEFÈVRE Éric', 'LEFÈVRE Hugo']);
    // Nothing else about them: no prison number, birth date, arrival, status or post.
    const results = wide.doc.querySelector('#resultats')?.textContent ?? '';
    for (const p of [eric, anne, holder]) expect(wide.html).not.toContain(p.prisonNumber);
    expect(results).not.toMatch(/1990|2026|présent|relieur|REL-01|écrou/i);
    expect(wide.html).not.toMatch(/Marc|Paul/);
    expect(wide.html).toContain('Proposer pour l’atelier Reliure');
  });

  it('asks for two letters, and for a narrower search beyond 20 names', async () => {
    const { mine, reliure, partnerUser } = await world();
    const short = await partnerUser.get(url(reliure, 'l'));
    expect(names(short.doc)).toEqual([]);
    expect(short.html).toContain('au moins deux lettres');
    for (let i = 0; i < 21; i++) await createDetainee(t.em(), mine, { lastName: 'Martin', firstName: `Jean${String.fromCharCode(97 + i)}` });
    const many = await partnerUser.get(url(reliure, 'martin'));
    expect(names(many.doc)).toHaveLength(20);
    expect(many.html).toContain('précisez votre recherche');
  });
});

describe('proposing a candidate', () => {
  it('makes a submitted candidacy for the workshop, proposed by the partner, dated today, listed as « Déposée »', async () => {
    const { mine, reliure, eric, partnerUser, coordinator } = await world();
    const res = await partnerUser.post(url(reliure), { detaineeId: String(eric.id), motivation: 'Très soigneux, a déjà relié des livres.', q: 'lef' });
    expect(res.status).toBe(303);
    const stored = await t.em().find(Candidacy, { detainee: eric.id });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      target: 'workshop',
      proposedBy: 'partner',
      status: 'submitted',
      submittedOn: TODAY,
      motivation: 'Très soigneux, a déjà relié des livres.',
    });
    expect(stored[0]?.workshop?.id).toBe(reliure.id);
    const page = await partnerUser.get(url(reliure));
    const row = page.doc.querySelector('#propositions tbody tr')?.textContent ?? '';
    expect(row).toContain('LEFÈVRE Éric');
    expect(row).toContain('Déposée');
    // The coordinator sees it on the person's page as proposed by the structure.
    const person = await coordinator.get(`/personnes/${eric.id}`);
    expect(person.status).toBe(200);
    expect(person.html).toContain('proposée par la structure');
    // Once on the waiting list, the board says so too.
    await adminClient(t.db.url, (c) =>
      c.query(`update candidacy set status = 'approved', cpu_opinion = 'favourable', cpu_on = $2 where detainee_id = $1`, [eric.id, TODAY]),
    );
    const board = await coordinator.get(`/etablissements/${mine.id}/tableau`);
    expect(board.status).toBe(200);
    expect(board.doc.querySelector(`#attente-${stored[0]?.id}`)?.textContent).toContain('proposée par la structure');
  });

  it('refuses a second pending candidacy, a person holding a post of the workshop, and a motivation too long, next to the field', async () => {
    const { reliure, eric, holder, partnerUser } = await world();
    expect((await partnerUser.post(url(reliure), { detaineeId: String(eric.id), q: 'lef' })).status).toBe(303);
    const again = await partnerUser.post(url(reliure), { detaineeId: String(eric.id), q: 'lef' });
    expect(again.status).toBe(422);
    expect(fieldError(again.doc, 'detaineeId')).toBe('Cette personne a déjà une candidature en cours pour cet atelier.');
    // Once on the waiting list, still pending.
    await adminClient(t.db.url, (c) =>
      c.query(`update candidacy set status = 'approved', cpu_opinion = 'favourable', cpu_on = $2 where detainee_id = $1`, [eric.id, TODAY]),
    );
    expect((await partnerUser.post(url(reliure), { detaineeId: String(eric.id), q: 'lef' })).status).toBe(422);
    const holding = await partnerUser.post(url(reliure), { detaineeId: String(holder.id), q: 'lef' });
    expect(holding.status).toBe(422);
    expect(fieldError(holding.doc, 'detaineeId')).toBe('Cette personne occupe déjà un poste de cet atelier.');
    // The search is shown again with the person still chosen.
    expect(holding.doc.querySelector(`#personne-${holder.id}`)?.hasAttribute('checked')).toBe(true);
    const long = await partnerUser.post(url(reliure), { detaineeId: String(holder.id), motivation: 'x'.repeat(501), q: 'lef' });
    expect(long.status).toBe(422);
    expect(fieldError(long.doc, 'motivation')).toBe('La motivation ne peut pas dépasser 500 caractères.');
    const none = await partnerUser.post(url(reliure), { q: 'lef' });
    expect(none.status).toBe(422);
    expect(fieldError(none.doc, 'detaineeId')).toBe('Choisissez la personne à proposer.');
    expect(await t.em().count(Candidacy, { detainee: { $in: [eric.id, holder.id] } })).toBe(1);
  });

  it('answers 404 for a person who left or is in another establishment, without saying why', async () => {
    const { reliure, gone, far, partnerUser } = await world();
    for (const p of [gone, far]) {
      const res = await partnerUser.post(url(reliure), { detaineeId: String(p.id) });
      expect(res.status).toBe(404);
      expect(res.doc.querySelector('main')?.textContent).not.toMatch(/sorti|libér|transf|établissement/i);
    }
    expect((await partnerUser.post(url(reliure), { detaineeId: '999999' })).status).toBe(404);
    expect(await t.em().count(Candidacy, { detainee: { $in: [gone.id, far.id] } })).toBe(0);
  });

  it('shows the partner its candidacies’ states in its own words, never the CPU’s reasons', async () => {
    const { reliure, eric, anne, partnerUser } = await world();
    for (const p of [eric, anne]) expect((await partnerUser.post(url(reliure), { detaineeId: String(p.id) })).status).toBe(303);
    await adminClient(t.db.url, async (c) => {
      await c.query(
        `update candidacy set status = 'refused', cpu_opinion = 'unfavourable', cpu_on = $2, closed_on = $2, closed_reason = 'Projet de formation prioritaire' where detainee_id = $1`,
        [eric.id, TODAY],
      );
      await c.query(`update candidacy set status = 'withdrawn', closed_on = $2, closed_reason = 'Transfert annoncé' where detainee_id = $1`, [anne.id, TODAY]);
    });
    const page = await partnerUser.get(url(reliure));
    const rows = [...page.doc.querySelectorAll('#propositions tbody tr')].map((r) => r.textContent ?? '');
    expect(rows.find((r) => r.includes('Éric'))).toContain('Non retenue');
    expect(rows.find((r) => r.includes('Anne'))).toContain('Close');
    expect(page.html).not.toMatch(/prioritaire|Transfert|défavorable|unfavourable/i);
  });
});

describe('who may propose', () => {
  it('answers 404 to another partner and to committee members, 403 to coordinators and admins', async () => {
    const { reliure, eric, coordinator } = await world();
    const other = await signedIn(await createUser(t.em(), 'partner'));
    expect((await other.get(url(reliure, 'lef'))).status).toBe(404);
    expect((await other.post(url(reliure), { detaineeId: String(eric.id) })).status).toBe(404);
    const committee = await signedIn(await createUser(t.em(), 'committee'));
    expect((await committee.get(url(reliure, 'lef'))).status).toBe(404);
    expect((await committee.post(url(reliure), { detaineeId: String(eric.id) })).status).toBe(404);
    expect((await coordinator.get(url(reliure, 'lef'))).status).toBe(403);
    expect((await coordinator.post(url(reliure), { detaineeId: String(eric.id) })).status).toBe(403);
    const admin = await signedIn(await createUser(t.em(), 'admin'));
    expect((await admin.get(url(reliure, 'lef'))).status).toBe(403);
    expect(await t.em().count(Candidacy, { detainee: eric.id })).toBe(0);
  });

  it('makes one candidacy when the same person is proposed 20 times at once', async () => {
    const { reliure, anne, partnerUser } = await world();
    const answers = await Promise.all(Array.from({ length: 20 }, () => partnerUser.post(url(reliure), { detaineeId: String(anne.id) })));
    expect(answers.filter((a) => a.status === 303)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(19);
    expect(await t.em().count(Candidacy, { detainee: anne.id })).toBe(1);
  });
});
