import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveMinutes } from '../../src/committees/approval.ts';
import {
  ActionItem,
  Attendance,
  Committee,
  CommitteeMember,
  CpuOpinion,
  Decision,
  Meeting,
  MeetingItem,
  MinutesEdition,
} from '../../src/committees/entities.ts';
import { minutesDocument } from '../../src/committees/minutes.ts';
import { Establishment } from '../../src/establishments/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { Scope } from '../../src/platform/scope.ts';
import type { User } from '../../src/users/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createUser, createWaitingCandidacy, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

const clock = fixedClock('2026-11-26');
const HTMX = { 'HX-Request': 'true' };

let t: TestContext;
let brest: Establishment;
let chairUser: User;
let committee: Committee;
let chair: Browser;
let secretary: Browser;
let member: Browser;
let outsider: Browser;
let partner: Browser;
let first: Meeting;
let second: Meeting;
let bilan: MeetingItem;
let projets: MeetingItem;
let suite: MeetingItem;

async function browserFor(user: User): Promise<Browser> {
  const b = new Browser(t.app);
  await b.login(user.email, TEST_PASSWORD);
  return b;
}

async function meetingWithItems(c: Committee, startsAt: string, titles: string[]): Promise<{ meeting: Meeting; items: MeetingItem[] }> {
  const em = t.em();
  const meeting = em.create(Meeting, { committee: c.id, startsAt: new Date(startsAt), place: 'Salle du conseil' });
  const items = titles.map((title, i) => em.create(MeetingItem, { meeting, position: i + 1, title }));
  await em.flush();
  return { meeting, items };
}

async function itemVersion(itemId: number): Promise<number> {
  return (await t.em().findOneOrFail(MeetingItem, itemId)).version;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'minutes-'));
  const file = path.join(dir, 'cr.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

async function sql(query: string, params: unknown[] = []): Promise<unknown> {
  return t.em().getConnection().execute(query, params);
}

beforeAll(async () => {
  t = await createTestContext({}, { clock });
  const em = t.em();
  brest = await createEstablishment(em, { name: 'Brest' });
  chairUser = await createUser(em, 'committee', { displayName: 'Claire Dupont', establishments: [brest] });
  const secretaryUser = await createUser(em, 'committee', { displayName: 'Samuel Secret', establishments: [brest] });
  const memberUser = await createUser(em, 'committee', { displayName: 'Mona Membre', establishments: [brest] });
  const outsiderUser = await createUser(em, 'committee', { establishments: [brest] });
  const partnerUser = await createUser(em, 'partner');
  committee = em.create(Committee, { kind: 'technical', name: 'Comité technique de Brest', code: 'CT-BREST', quorum: 2 });
  committee.establishments.set([brest]);
  await em.flush();
  em.create(CommitteeMember, { committee, user: chairUser, role: 'chair' });
  em.create(CommitteeMember, { committee, user: secretaryUser, role: 'secretary' });
  em.create(CommitteeMember, { committee, user: memberUser, role: 'member' });
  const alice = em.create(CommitteeMember, { committee, name: 'Alice Martin', organisation: 'SPIP du Finistère' });
  await em.flush();
  const one = await meetingWithItems(committee, '2026-03-10T13:00:00Z', ['Bilan du trimestre', 'Projets de l’atelier']);
  const two = await meetingWithItems(committee, '2026-06-09T12:00:00Z', ['Suite des projets']);
  [first, bilan, projets, second, suite] = [one.meeting, one.items[0] as MeetingItem, one.items[1] as MeetingItem, two.meeting, two.items[0] as MeetingItem];
  const em2 = t.em();
  em2.create(Attendance, { meeting: first.id, member: alice.id, status: 'present' });
  await em2.flush();
  chair = await browserFor(chairUser);
  secretary = await browserFor(secretaryUser);
  member = await browserFor(memberUser);
  outsider = await browserFor(outsiderUser);
  partner = await browserFor(partnerUser);
});
afterAll(() => t.close());

describe('the meeting page while the minutes are written', () => {
  it('saves an item’s text as it is typed and says « Enregistré à … » with the next version', async () => {
    const page = await secretary.get(`/reunions/${first.id}`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector(`#texte-point-${bilan.id}`)?.getAttribute('hx-post')).toBe(`/reunions/${first.id}/points/${bilan.id}/texte`);
    const reply = await secretary.post(`/reunions/${first.id}/points/${bilan.id}/texte`, { discussion: 'Le trimestre est bon.', version: '1' }, HTMX);
    expect(reply.status).toBe(200);
    expect(reply.doc.documentElement.textContent).toMatch(/Enregistré à \d{2} h \d{2}/);
    expect(reply.doc.querySelector('input[name=version]')?.getAttribute('value')).toBe('2');
    expect((await t.em().findOneOrFail(MeetingItem, bilan.id)).discussion).toBe('Le trimestre est bon.');
  });

  it('refuses a save based on a stale version (409), shows the stored text and keeps the typed one, never overwriting', async () => {
    const stale = await secretary.post(`/reunions/${first.id}/points/${bilan.id}/texte`, { discussion: 'Mon texte à moi.', version: '1' }, HTMX);
    expect(stale.status).toBe(409);
    expect(stale.doc.documentElement.textContent).toContain('Non enregistré : quelqu’un d’autre a modifié ce point');
    expect(stale.doc.documentElement.textContent).toContain('Le trimestre est bon.');
    // The hidden version stays the typed text's: the next autosave cannot overwrite silently either.
    expect(stale.doc.querySelector('input[name=version]')?.getAttribute('value')).toBe('1');
    expect((await t.em().findOneOrFail(MeetingItem, bilan.id)).discussion).toBe('Le trimestre est bon.');
    const plain = await secretary.post(`/reunions/${first.id}/points/${bilan.id}/texte`, { discussion: 'Mon texte à moi.', version: '1' });
    expect(plain.status).toBe(409);
    expect(plain.doc.querySelector(`#texte-point-${bilan.id}`)?.textContent).toBe('Mon texte à moi.');
  });

  it('renders a reader’s text safely: a <script> comes out escaped, « - » lines as a list', async () => {
    const discussion = 'Le trimestre est bon. <script>alert(1)</script>\n\n- premier constat\n- second <b>constat</b>';
    const saved = await secretary.post(`/reunions/${first.id}/points/${bilan.id}/texte`, { discussion, version: String(await itemVersion(bilan.id)) }, HTMX);
    expect(saved.status).toBe(200);
    const page = await member.get(`/reunions/${first.id}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>alert(1)');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.doc.querySelector(`#texte-point-${bilan.id}`)).toBeNull();
    const items = [...page.doc.querySelectorAll(`#point-${bilan.id} .atelier-minutes-text li`)].map((li) => li.textContent);
    expect(items).toEqual(['premier constat', 'second <b>constat</b>']);
  });

  it('adds decisions and actions without leaving the page: the item’s block comes back, « n° en attente d’approbation »', async () => {
    const owner = await t.em().findOneOrFail(CommitteeMember, { committee: committee.id, name: 'Alice Martin' });
    const b = await secretary.post(`/reunions/${first.id}/points/${projets.id}/decisions`, { text: 'Ouvrir un second atelier' }, HTMX);
    expect(b.status).toBe(200);
    expect(b.doc.querySelector(`#suites-point-${projets.id}`)?.textContent).toContain('n° en attente d’approbation');
    const a = await secretary.post(`/reunions/${first.id}/points/${bilan.id}/decisions`, { text: 'Valider le bilan' }, HTMX);
    expect(a.status).toBe(200);
    const action = await secretary.post(
      `/reunions/${first.id}/points/${projets.id}/actions`,
      { title: 'Demander les devis', ownerMemberId: String(owner.id), dueOn: '2026-04-01', status: 'open' },
      HTMX,
    );
    expect(action.status).toBe(200);
    expect(action.doc.querySelector(`#suites-point-${projets.id}`)).not.toBeNull();
    const refused = await secretary.post(
      `/reunions/${first.id}/points/${projets.id}/actions`,
      { title: '', ownerMemberId: '', dueOn: '', status: 'open' },
      HTMX,
    );
    expect(refused.status).toBe(422);
    expect(refused.doc.querySelector(`#nouvelle-action-${projets.id}-title-erreur`)?.textContent).toBe('Indiquez l’action à mener.');
  });

  it('edits and removes a decision and an action through the forms the page renders (their addresses included)', async () => {
    const owner = await t.em().findOneOrFail(CommitteeMember, { committee: committee.id, name: 'Alice Martin' });
    await secretary.post(`/reunions/${first.id}/points/${projets.id}/decisions`, { text: 'Décision provisoire' }, HTMX);
    await secretary.post(
      `/reunions/${first.id}/points/${projets.id}/actions`,
      { title: 'Action provisoire', ownerMemberId: String(owner.id), dueOn: '2026-04-01', status: 'open' },
      HTMX,
    );
    const decision = await t.em().findOneOrFail(Decision, { meeting: first.id, text: 'Décision provisoire' });
    const action = await t.em().findOneOrFail(ActionItem, { meeting: first.id, title: 'Action provisoire' });
    const formsOf = async () => {
      const page = await secretary.get(`/reunions/${first.id}`);
      return [...page.doc.querySelectorAll(`#suites-point-${projets.id} form`)].map((f) => f.getAttribute('action') ?? '');
    };
    const forms = await formsOf();
    const edit = (kind: string, id: number) => forms.find((a) => a.endsWith(`/${kind}/${id}`)) ?? '';
    const remove = (kind: string, id: number) => forms.find((a) => a.endsWith(`/${kind}/${id}/suppression`)) ?? '';
    expect((await secretary.post(edit('decisions', decision.id), { text: 'Décision reformulée' }, HTMX)).status).toBe(200);
    expect((await t.em().findOneOrFail(Decision, decision.id)).text).toBe('Décision reformulée');
    const changed = await secretary.post(
      edit('actions', action.id),
      { title: 'Action reformulée', ownerMemberId: String(owner.id), dueOn: '2026-04-15', status: 'in_progress' },
      HTMX,
    );
    expect(changed.status).toBe(200);
    expect(await t.em().findOneOrFail(ActionItem, action.id)).toMatchObject({ title: 'Action reformulée', dueOn: '2026-04-15', status: 'in_progress' });
    expect((await secretary.post(remove('decisions', decision.id), {}, HTMX)).status).toBe(200);
    expect((await secretary.post(remove('actions', action.id), {}, HTMX)).status).toBe(200);
    expect(await t.em().count(Decision, { id: decision.id })).toBe(0);
    expect(await t.em().count(ActionItem, { id: action.id })).toBe(0);
  });

  it('refuses to remove an agenda item that holds decisions or actions (they would vanish from the page)', async () => {
    const refused = await secretary.post(`/reunions/${first.id}/points/${projets.id}/suppression`, {});
    expect(refused.status).toBe(409);
    expect(await t.em().count(MeetingItem, { id: projets.id })).toBe(1);
  });
});

describe('approving the minutes', () => {
  it('is the chair’s alone (403 otherwise), after submission to the members, on a date given (422 next to the field)', async () => {
    const early = await chair.post(`/reunions/${first.id}/approbation`, { approvedOn: '2026-11-26' });
    expect(early.status).toBe(409);
    expect(early.doc.querySelector('.fr-alert--error')?.textContent).toContain('Soumettez d’abord le compte rendu aux membres');
    expect((await secretary.post(`/reunions/${first.id}/soumission`)).status).toBe(303);
    expect((await t.em().findOneOrFail(Meeting, first.id)).status).toBe('submitted');
    const locked = await secretary.post(
      `/reunions/${first.id}/points/${bilan.id}/texte`,
      { discussion: 'x', version: String(await itemVersion(bilan.id)) },
      HTMX,
    );
    expect(locked.status).toBe(409);
    expect((await member.post(`/reunions/${first.id}/approbation`, { approvedOn: '2026-11-26' })).status).toBe(403);
    expect((await secretary.post(`/reunions/${first.id}/approbation`, { approvedOn: '2026-11-26' })).status).toBe(403);
    // Not before the meeting, not in the future (today is 26/11/2026 here).
    const before = await chair.post(`/reunions/${first.id}/approbation`, { approvedOn: '2020-01-01' });
    expect(before.status).toBe(422);
    expect(before.doc.querySelector('#approbation-approvedOn-erreur')?.textContent).toContain('au plus tôt le jour de la réunion');
    const future = await chair.post(`/reunions/${first.id}/approbation`, { approvedOn: '2026-12-01' });
    expect(future.status).toBe(422);
    expect(future.doc.querySelector('#approbation-approvedOn-erreur')?.textContent).toContain('dans le futur');
    const undated = await chair.post(`/reunions/${first.id}/approbation`, { approvedOn: '' });
    expect(undated.status).toBe(422);
    expect(undated.doc.querySelector('#approbation-approvedOn-erreur')?.textContent?.trim()).toBe('Indiquez la date d’approbation.');
    expect((await t.em().findOneOrFail(Meeting, first.id)).status).toBe('submitted');
  });

  it('numbers the decisions CT-BREST-2026-01, -02 in agenda order, and the next meeting’s continue at -03', async () => {
    expect((await chair.post(`/reunions/${first.id}/approbation`, { approvedOn: '2026-11-26' })).status).toBe(303);
    const numbered = await t.em().find(Decision, { meeting: first.id }, { orderBy: { number: 'asc' } });
    expect(numbered.map((d) => [d.text, d.year, d.number])).toEqual([
      ['Valider le bilan', 2026, 1],
      ['Ouvrir un second atelier', 2026, 2],
    ]);
    const page = await member.get(`/reunions/${first.id}`);
    expect(page.doc.documentElement.textContent).toContain('Approuvé le 26 novembre 2026 par Claire Dupont');
    expect(page.doc.documentElement.textContent).toContain('CT-BREST-2026-01');

    await secretary.post(`/reunions/${second.id}/points/${suite.id}/decisions`, { text: 'Recruter un encadrant' });
    await secretary.post(`/reunions/${second.id}/soumission`);
    expect((await chair.post(`/reunions/${second.id}/approbation`, { approvedOn: '2026-11-26' })).status).toBe(303);
    const next = await t.em().findOneOrFail(Decision, { meeting: second.id });
    expect(next.number).toBe(3);
  });

  it('serves the stored PDF byte for byte (its SHA-256 as ETag), naming the attendance and the decision numbers', async () => {
    const edition = await t.em().findOneOrFail(MinutesEdition, { meeting: first.id, edition: 1 }, { populate: ['pdf'] });
    const stored = new Uint8Array(edition.pdf as Uint8Array);
    expect(sha256(stored)).toBe(edition.sha256);
    const res = await t.app.request(`/reunions/${first.id}/compte-rendu.pdf`, {
      headers: { Cookie: [...member.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    expect(res.headers.get('ETag')).toBe(`"${edition.sha256}"`);
    const served = new Uint8Array(await res.arrayBuffer());
    expect(sha256(served)).toBe(edition.sha256);
    const text = pdfText(served);
    expect(text).toContain('Alice Martin');
    expect(text).toContain('CT-BREST-2026-01');
    expect(text).toContain('CT-BREST-2026-02');
  });

  it('is refused by the database once approved: items, decisions, attendance, editions (straight SQL)', async () => {
    await expect(sql('update meeting_item set discussion = ? where id = ?', ['changé', bilan.id])).rejects.toThrow(/approuvé/);
    await expect(sql('update committee_decision set text = ? where meeting_id = ?', ['changée', first.id])).rejects.toThrow(/approuvé|numéro/);
    await expect(sql("update meeting_attendance set status = 'absent' where meeting_id = ?", [first.id])).rejects.toThrow(/approuvé/);
    await expect(sql('update minutes_edition set sha256 = ? where meeting_id = ?', ['0'.repeat(64), first.id])).rejects.toThrow(/ne se modifie/);
    await expect(sql('delete from minutes_edition where meeting_id = ?', [first.id])).rejects.toThrow(/ne se modifie/);
    expect((await t.em().findOneOrFail(MeetingItem, bilan.id)).discussion).toContain('Le trimestre est bon.');
    // No action added to approved minutes; a correction never moves them in the same statement.
    await expect(
      sql("insert into action_item (committee_id, meeting_id, title) values (?, ?, 'ajout après approbation')", [committee.id, first.id]),
    ).rejects.toThrow(/approuvé/);
    await expect(sql("update committee_meeting set status = 'draft', edition = edition + 1, place = 'Ailleurs' where id = ?", [first.id])).rejects.toThrow(
      /ne changent pas/,
    );
    expect((await t.em().findOneOrFail(Meeting, first.id, { refresh: true })).status).toBe('approved');
  });

  it('numbers two meetings approved at once without gap or duplicate (20 times)', async () => {
    const race = t.em().create(Committee, { kind: 'other', name: 'Comité de la course', code: 'RACE', quorum: null });
    race.establishments.set([t.em().getReference(Establishment, brest.id)]);
    await t.em().persist(race).flush();
    const em = t.em();
    em.create(CommitteeMember, { committee: race.id, user: chairUser.id, role: 'chair' });
    await em.flush();
    const scope = new Scope(chairUser.id, 'committee', [brest.id], null);
    for (let round = 0; round < 20; round++) {
      const meetings = await Promise.all(
        [0, 1].map(async (k) => {
          const { meeting, items } = await meetingWithItems(race, `2027-0${1 + k}-1${round % 10}T09:00:00Z`, ['Point unique']);
          const em = t.em();
          for (const text of ['Première décision', 'Seconde décision'])
            em.create(Decision, { committee: race.id, meeting: meeting.id, item: items[0]?.id, text });
          await em.flush();
          await sql("update committee_meeting set status = 'submitted', submitted_at = now() where id = ?", [meeting.id]);
          return meeting;
        }),
      );
      await Promise.all(meetings.map((m) => approveMinutes(t.em(), scope, m.id, { approvedOn: '2027-03-01' }, fixedClock('2027-03-01'))));
    }
    const numbers = (await t.em().find(Decision, { committee: race.id }, { orderBy: { number: 'asc' } })).map((d) => d.number);
    expect(numbers).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });
});

describe('correcting approved minutes', () => {
  let firstSha: string;

  it('reopens them as version 2, keeping version 1 byte for byte, and shows what changed', async () => {
    firstSha = (await t.em().findOneOrFail(MinutesEdition, { meeting: first.id, edition: 1 })).sha256;
    expect((await secretary.post(`/reunions/${first.id}/correction`, { reason: 'Coquille' })).status).toBe(403);
    expect((await chair.post(`/reunions/${first.id}/correction`, { reason: 'Oubli d’une décision' })).status).toBe(303);
    const meeting = await t.em().findOneOrFail(Meeting, first.id);
    expect([meeting.status, meeting.edition]).toEqual(['draft', 2]);
    const text = 'Le trimestre est très bon.\n\n- premier constat';
    expect(
      (await secretary.post(`/reunions/${first.id}/points/${bilan.id}/texte`, { discussion: text, version: String(await itemVersion(bilan.id)) }, HTMX)).status,
    ).toBe(200);
    await secretary.post(`/reunions/${first.id}/points/${bilan.id}/decisions`, { text: 'Publier le bilan' }, HTMX);
    const page = await member.get(`/reunions/${first.id}`);
    expect(page.doc.documentElement.textContent).toContain('Version 2 en cours de correction (motif de la correction : Oubli d’une décision)');
    const changes = page.doc.querySelector(`#point-${bilan.id}`);
    expect([...(changes?.querySelectorAll('ins') ?? [])].map((e) => e.textContent)).toEqual(
      expect.arrayContaining(['Le trimestre est très bon.', 'Publier le bilan']),
    );
    expect([...(changes?.querySelectorAll('del') ?? [])].map((e) => e.textContent)).toContain('- premier constat\n- second <b>constat</b>');
    const kept = await t.em().findOneOrFail(MinutesEdition, { meeting: first.id, edition: 1 }, { populate: ['pdf'] });
    expect(sha256(new Uint8Array(kept.pdf as Uint8Array))).toBe(firstSha);
    const cookie = { Cookie: [...member.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    const official = await t.app.request(`/reunions/${first.id}/compte-rendu.pdf`, { headers: cookie });
    expect(sha256(new Uint8Array(await official.arrayBuffer()))).toBe(firstSha);
    const draft = await t.app.request(`/reunions/${first.id}/compte-rendu.pdf?projet=1`, { headers: cookie });
    expect(pdfText(new Uint8Array(await draft.arrayBuffer()))).toContain('Projet');
  });

  it('approved again, numbers only the new decision and stores version 2; the archive lists both', async () => {
    await secretary.post(`/reunions/${first.id}/soumission`);
    expect((await chair.post(`/reunions/${first.id}/approbation`, { approvedOn: '2026-11-26' })).status).toBe(303);
    const decisions = await t.em().find(Decision, { meeting: first.id }, { orderBy: { number: 'asc' } });
    expect(decisions.map((d) => [d.text, d.number])).toEqual([
      ['Valider le bilan', 1],
      ['Ouvrir un second atelier', 2],
      ['Publier le bilan', 4],
    ]);
    const editions = await t.em().find(MinutesEdition, { meeting: first.id }, { orderBy: { edition: 'asc' } });
    expect(editions.map((e) => e.edition)).toEqual([1, 2]);
    expect(editions[0]?.sha256).toBe(firstSha);
    const v1 = await t.app.request(`/reunions/${first.id}/compte-rendu.pdf?version=1`, {
      headers: { Cookie: [...member.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(sha256(new Uint8Array(await v1.arrayBuffer()))).toBe(firstSha);
    const page = await member.get(`/reunions/${first.id}`);
    expect(page.doc.documentElement.textContent).toContain(firstSha);
    expect(page.doc.documentElement.textContent).toContain(editions[1]?.sha256 ?? 'missing');
  });
});

describe('the minutes kept at approval', () => {
  it('never name a detained person: the CPU item says how many opinions went which way, with candidacy numbers', async () => {
    const em = t.em();
    const cpu = em.create(Committee, { kind: 'cpu', name: 'CPU de Brest', code: 'CPU-BREST', quorum: null });
    cpu.establishments.set([em.getReference(Establishment, brest.id)]);
    await em.flush();
    const person = await createDetainee(em, em.getReference(Establishment, brest.id), { lastName: 'LAMBERT', firstName: 'Sofiane' });
    const other = await createDetainee(em, em.getReference(Establishment, brest.id), { lastName: 'MOREAU', firstName: 'Yanis' });
    const workshop = await createWorkshop(em, em.getReference(Establishment, brest.id));
    const candidacies = [await createWaitingCandidacy(em, person, workshop), await createWaitingCandidacy(em, other, workshop)];
    const { meeting } = await meetingWithItems(cpu, '2026-05-05T08:00:00Z', ['Avis sur les candidatures']);
    const em2 = t.em();
    await em2.nativeUpdate(MeetingItem, { meeting: meeting.id }, { kind: 'cpu', discussion: 'LAMBERT Sofiane : projet solide.' });
    em2.create(CpuOpinion, { meeting: meeting.id, candidacy: candidacies[0]?.id as number, opinion: 'favourable' });
    em2.create(CpuOpinion, { meeting: meeting.id, candidacy: candidacies[1]?.id as number, opinion: 'unfavourable', reason: 'Projet à préciser' });
    await em2.flush();
    const doc = await minutesDocument(t.em(), meeting.id);
    const json = JSON.stringify(doc);
    expect(json).not.toMatch(/LAMBERT|Sofiane|MOREAU|Yanis/);
    expect(doc.content.items[0]?.discussion).toBe(
      `1 avis favorable, 1 avis défavorable.\n\n- Candidature n° ${candidacies[0]?.id} : favorable\n- Candidature n° ${candidacies[1]?.id} : défavorable`,
    );
  });
});

describe('who sees the meeting', () => {
  it('answers 404 to a committee account that is not a member, and to a partner', async () => {
    expect((await outsider.get(`/reunions/${first.id}`)).status).toBe(404);
    expect((await partner.get(`/reunions/${first.id}`)).status).toBe(404);
    expect((await partner.get(`/reunions/${first.id}/compte-rendu.pdf`)).status).toBe(404);
  });

  it('lets a member read but not write (403), and gives a draft’s PDF marked « Projet »', async () => {
    expect((await member.get(`/reunions/${second.id}`)).status).toBe(200);
    const { meeting, items } = await meetingWithItems(committee, '2026-10-01T12:00:00Z', ['Point']);
    const reply = await member.post(`/reunions/${meeting.id}/points/${items[0]?.id}/texte`, { discussion: 'x', version: '1' }, HTMX);
    expect(reply.status).toBe(403);
    const preview = await t.app.request(`/reunions/${meeting.id}/compte-rendu.pdf`, {
      headers: { Cookie: [...member.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(preview.headers.get('Content-Type')).toBe('application/pdf');
    expect(preview.headers.get('ETag')).toBeNull();
    expect(pdfText(new Uint8Array(await preview.arrayBuffer()))).toContain('Projet');
  });
});
