import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionItem, ActionUpdate, Attendance, Committee, CommitteeMember, Meeting, MeetingItem } from '../../src/committees/entities.ts';
import { followUpOf } from '../../src/committees/meetings.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { User } from '../../src/users/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let home: Establishment;
let secretaryUser: User;
let memberUser: User;
let committee: Committee;
let otherCommittee: Committee;
let secretary: Browser;
let member: Browser;
let outsider: Browser;
let first: Meeting;
const actions: Record<'open' | 'progress' | 'done' | 'dropped' | 'elsewhere', number> = { open: 0, progress: 0, done: 0, dropped: 0, elsewhere: 0 };

async function browserFor(user: User): Promise<Browser> {
  const b = new Browser(t.app);
  await b.login(user.email, TEST_PASSWORD);
  return b;
}

/** POSTs the new-meeting form; returns the new meeting's id from the redirect. */
async function newMeeting(b: Browser, committeeId: number, form: Record<string, string>): Promise<number> {
  const reply = await b.post(`/comites/${committeeId}/reunions`, form);
  expect(reply.status, reply.html.slice(0, 500)).toBe(303);
  const m = /^\/reunions\/(\d+)\/preparation$/.exec(reply.location ?? '');
  expect(m).not.toBeNull();
  return Number(m?.[1]);
}

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  home = await createEstablishment(em, { name: 'Brest' });
  const far = await createEstablishment(em, { name: 'Lille' });
  secretaryUser = await createUser(em, 'committee', { establishments: [home] });
  memberUser = await createUser(em, 'partner');
  const outsiderUser = await createUser(em, 'coordinator', { establishments: [far] });
  committee = em.create(Committee, { kind: 'technical', name: 'Comité technique de Brest', code: 'CT-BREST', quorum: 4 });
  committee.establishments.set([home]);
  otherCommittee = em.create(Committee, { kind: 'other', name: 'Groupe de travail', code: 'GT-BREST', quorum: null });
  otherCommittee.establishments.set([home]);
  await em.flush();
  em.create(CommitteeMember, { committee, user: secretaryUser, role: 'secretary' });
  em.create(CommitteeMember, { committee, user: memberUser, role: 'member' });
  for (const name of ['Alice Martin', 'Bruno Petit', 'Chloé Roux', 'David Noir']) em.create(CommitteeMember, { committee, name, organisation: 'SPIP' });
  first = em.create(Meeting, { committee, startsAt: new Date('2026-09-10T12:00:00Z'), place: 'Salle 1' });
  const otherMeeting = em.create(Meeting, { committee: otherCommittee, startsAt: new Date('2026-09-11T12:00:00Z'), place: 'Salle 2' });
  await em.flush();
  const action = (title: string, status: ActionItem['status'], c = committee, m = first) => em.create(ActionItem, { committee: c, meeting: m, title, status });
  const created = {
    open: action('Demander les devis', 'open'),
    progress: action('Former les encadrants', 'in_progress'),
    done: action('Installer la presse', 'done'),
    dropped: action('Visiter Rennes', 'dropped'),
    elsewhere: action('Action d’un autre comité', 'open', otherCommittee, otherMeeting),
  };
  await em.flush();
  for (const [k, a] of Object.entries(created)) actions[k as keyof typeof actions] = a.id;
  secretary = await browserFor(secretaryUser);
  member = await browserFor(memberUser);
  outsider = await browserFor(outsiderUser);
});
afterAll(() => t.close());

describe('setting up a meeting', () => {
  it('starts at the local time typed in Paris, summer time included', async () => {
    const id = await newMeeting(secretary, committee.id, { day: '2026-10-01', time: '14:30', place: 'Salle du conseil', videoLink: '' });
    const meeting = await t.em().findOneOrFail(Meeting, id);
    expect(meeting.startsAt.toISOString()).toBe('2026-10-01T12:30:00.000Z');
  });

  it('corrects a typo in its date, time or place while the minutes are a draft; the form shows it in Paris time', async () => {
    const id = await newMeeting(secretary, committee.id, { day: '2026-10-08', time: '09:15', place: 'Sale 2', videoLink: '' });
    const setup = await secretary.get(`/reunions/${id}/preparation`);
    expect(setup.doc.querySelector('#reunion-time')?.getAttribute('value')).toBe('09:15');
    expect(setup.doc.querySelector('#reunion-day')?.getAttribute('value')).toBe('2026-10-08');
    const saved = await secretary.post(`/reunions/${id}/modification`, { day: '2026-10-09', time: '10:00', place: 'Salle 2', videoLink: '' });
    expect(saved.status).toBe(303);
    const meeting = await t.em().findOneOrFail(Meeting, id, { refresh: true });
    expect([meeting.startsAt.toISOString(), meeting.place]).toEqual(['2026-10-09T08:00:00.000Z', 'Salle 2']);
    const refused = await secretary.post(`/reunions/${id}/modification`, { day: '2026-10-09', time: '10:00', place: '', videoLink: 'http://x' });
    expect(refused.status).toBe(422);
    expect((await t.em().findOneOrFail(Meeting, id, { refresh: true })).place).toBe('Salle 2');
    expect((await member.post(`/reunions/${id}/modification`, { day: '2026-10-09', time: '11:00', place: 'Ici', videoLink: '' })).status).toBe(403);
  });

  it('refuses a video link that is not https and a meeting without place nor link, next to the field, storing nothing', async () => {
    const before = await t.em().count(Meeting, { committee: committee.id });
    const reply = await secretary.post(`/comites/${committee.id}/reunions`, {
      day: '2026-10-02',
      time: '10:00',
      place: '',
      videoLink: 'http://visio.exemple.fr/x',
    });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#champ-videoLink-erreur')?.textContent).toContain('https://');
    const none = await secretary.post(`/comites/${committee.id}/reunions`, { day: '2026-10-02', time: '10:00', place: '', videoLink: '' });
    expect(none.status).toBe(422);
    expect(none.doc.querySelector('#champ-place-erreur')?.textContent).toContain('lieu ou un lien');
    expect(await t.em().count(Meeting, { committee: committee.id })).toBe(before);
  });

  it('brings in exactly the open and in-progress action items of earlier meetings, as the first item « Suivi des actions »', async () => {
    const id = await newMeeting(secretary, committee.id, { day: '2026-10-08', time: '09:00', place: 'Salle 1', videoLink: '' });
    const items = await t.em().find(MeetingItem, { meeting: id }, { orderBy: { position: 'asc' } });
    expect(items.map((i) => [i.position, i.kind, i.title])).toEqual([[1, 'follow_up', 'Suivi des actions']]);
    const carried = (await followUpOf(t.em(), id)).map((r) => r.action.id).sort((a, b) => a - b);
    expect(carried).toEqual([actions.open, actions.progress].sort((a, b) => a - b));
    const page = await secretary.get(`/reunions/${id}/preparation`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Demander les devis');
    expect(page.html).toContain('Former les encadrants');
    expect(page.html).not.toContain('Installer la presse');
    expect(page.html).not.toContain('Visiter Rennes');
    expect(page.html).not.toContain('Action d’un autre comité');
  });

  it('keeps the agenda in order: add, move up, remove closes the gap', async () => {
    const id = await newMeeting(secretary, committee.id, { day: '2026-10-15', time: '09:00', place: 'Salle 1', videoLink: '' });
    for (const title of ['Budget', 'Recrutement', 'Bilan']) {
      expect((await secretary.post(`/reunions/${id}/points`, { title, presenter: 'La direction', expectedMinutes: '15' })).status).toBe(303);
    }
    const missing = await secretary.post(`/reunions/${id}/points`, { title: ' ', presenter: '', expectedMinutes: '900' });
    expect(missing.status).toBe(422);
    expect(missing.doc.querySelector('#nouveau-point-title-erreur')?.textContent).toContain('intitulé');
    expect(missing.doc.querySelector('#nouveau-point-expectedMinutes-erreur')?.textContent).toContain('600');
    const byTitle = async () => {
      const items = await t.em().find(MeetingItem, { meeting: id }, { orderBy: { position: 'asc' } });
      return { titles: items.map((i) => `${i.position}:${i.title}`), id: (title: string) => items.find((i) => i.title === title)?.id };
    };
    const before = await byTitle();
    expect(before.titles).toEqual(['1:Suivi des actions', '2:Budget', '3:Recrutement', '4:Bilan']);
    expect((await secretary.post(`/reunions/${id}/points/${before.id('Bilan')}/deplacement`, { direction: 'up' })).status).toBe(303);
    expect((await byTitle()).titles).toEqual(['1:Suivi des actions', '2:Budget', '3:Bilan', '4:Recrutement']);
    expect((await secretary.post(`/reunions/${id}/points/${before.id('Budget')}/suppression`)).status).toBe(303);
    expect((await byTitle()).titles).toEqual(['1:Suivi des actions', '2:Bilan', '3:Recrutement']);
    const followUp = before.id('Suivi des actions');
    expect((await secretary.post(`/reunions/${id}/points/${followUp}/suppression`)).status).toBe(409);
    expect(
      (await secretary.post(`/reunions/${id}/points/${before.id('Bilan')}`, { title: 'Bilan annuel', presenter: 'M. Le Goff', expectedMinutes: '30' })).status,
    ).toBe(303);
    const edited = await t.em().findOneOrFail(MeetingItem, before.id('Bilan') as number);
    expect([edited.title, edited.presenter, edited.expectedMinutes]).toEqual(['Bilan annuel', 'M. Le Goff', 30]);
  });

  it('records attendance and shows the quorum; a representation without a name is refused, nothing stored', async () => {
    const id = await newMeeting(secretary, committee.id, { day: '2026-10-22', time: '09:00', place: 'Salle 1', videoLink: '' });
    const members = await t.em().find(CommitteeMember, { committee: committee.id }, { orderBy: { id: 'asc' } });
    const [m1, m2, m3, m4, m5, m6] = members.map((m) => m.id);
    const form = (extra: Record<string, string>) => ({
      [`status-${m1}`]: 'present',
      [`status-${m2}`]: 'present',
      [`status-${m3}`]: 'present',
      [`status-${m4}`]: 'represented',
      [`representedBy-${m4}`]: 'Émilie Blanc',
      [`status-${m5}`]: 'excused',
      [`status-${m6}`]: 'absent',
      ...extra,
    });
    const refused = await secretary.post(`/reunions/${id}/presences`, form({ [`representedBy-${m4}`]: '' }));
    expect(refused.status).toBe(422);
    expect(refused.doc.querySelector(`#champ-presence-${m4}-erreur`)?.textContent).toContain('qui représente');
    expect(await t.em().count(Attendance, { meeting: id })).toBe(0);

    expect((await secretary.post(`/reunions/${id}/presences`, form({}))).status).toBe(303);
    const page = await secretary.get(`/reunions/${id}/preparation`);
    expect(page.doc.querySelector('#quorum')?.textContent).toBe('Quorum atteint : 4 présents ou représentés sur 4 requis');
    expect(await t.em().count(Attendance, { meeting: id })).toBe(6);

    expect((await secretary.post(`/reunions/${id}/presences`, form({ [`status-${m1}`]: 'absent' }))).status).toBe(303);
    const after = await secretary.get(`/reunions/${id}/preparation`);
    expect(after.doc.querySelector('#quorum')?.textContent).toBe('Quorum non atteint : 3 présents ou représentés sur 4 requis');
  });
});

describe('following up action items', () => {
  it('stores one update per meeting and action, applies it, and the history shows every meeting that touched it', async () => {
    const second = await newMeeting(secretary, committee.id, { day: '2026-11-05', time: '09:00', place: 'Salle 1', videoLink: '' });
    const htmx = { 'HX-Request': 'true' };
    const once = await secretary.post(`/reunions/${second}/actions/${actions.open}`, { status: 'in_progress', comment: 'Un devis reçu' }, htmx);
    expect(once.status).toBe(200);
    expect(once.html).toContain('Enregistré');
    const again = await secretary.post(`/reunions/${second}/actions/${actions.open}`, { status: 'in_progress', comment: 'Deux devis reçus' }, htmx);
    expect(again.status).toBe(200);
    expect(await t.em().count(ActionUpdate, { actionItem: actions.open, meeting: second })).toBe(1);
    let action = await t.em().findOneOrFail(ActionItem, actions.open);
    expect([action.status, action.comment]).toEqual(['in_progress', 'Deux devis reçus']);

    const third = await newMeeting(secretary, committee.id, { day: '2026-11-19', time: '09:00', place: 'Salle 1', videoLink: '' });
    expect((await secretary.post(`/reunions/${third}/actions/${actions.open}`, { status: 'done', comment: 'Commande passée' })).status).toBe(303);
    action = await t.em().findOneOrFail(ActionItem, actions.open);
    expect([action.status, action.comment]).toEqual(['done', 'Commande passée']);

    const history = await secretary.get(`/actions/${actions.open}`);
    expect(history.status).toBe(200);
    const lines = [...history.doc.querySelectorAll('#historique li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(lines[0]).toBe('Réunion du 10 septembre 2026 à 14h00 : action décidée');
    expect(lines).toContain('Réunion du 5 novembre 2026 à 09h00 : En cours, Deux devis reçus');
    expect(lines.at(-1)).toBe('Réunion du 19 novembre 2026 à 09h00 : Faite, Commande passée');

    // Done now: the next meeting no longer carries it.
    const fourth = await newMeeting(secretary, committee.id, { day: '2026-12-03', time: '09:00', place: 'Salle 1', videoLink: '' });
    expect((await followUpOf(t.em(), fourth)).map((r) => r.action.id)).toEqual([actions.progress]);
  });

  it('refuses an unknown status next to the row, and an action the meeting did not carry answers 404', async () => {
    const id = await newMeeting(secretary, committee.id, { day: '2026-12-10', time: '09:00', place: 'Salle 1', videoLink: '' });
    const bad = await secretary.post(`/reunions/${id}/actions/${actions.progress}`, { status: 'lost', comment: '' }, { 'HX-Request': 'true' });
    expect(bad.status).toBe(422);
    expect(bad.doc.querySelector(`#action-${actions.progress}-erreur`)?.textContent).toContain('état');
    expect((await secretary.post(`/reunions/${id}/actions/${actions.dropped}`, { status: 'open', comment: '' })).status).toBe(404);
    expect((await t.em().findOneOrFail(ActionItem, actions.dropped)).status).toBe('dropped');
  });
});

describe('who may', () => {
  it('a member who is not secretary nor chair reads the set-up but may not change it', async () => {
    expect((await member.get(`/reunions/${first.id}/preparation`)).status).toBe(200);
    expect((await member.post(`/reunions/${first.id}/points`, { title: 'Intrusion', presenter: '', expectedMinutes: '' })).status).toBe(403);
    expect((await member.get(`/comites/${committee.id}/reunions/nouvelle`)).status).toBe(403);
  });

  it('anyone outside the committee gets 404 on its meetings and action items', async () => {
    expect((await outsider.get(`/reunions/${first.id}/preparation`)).status).toBe(404);
    expect((await outsider.get(`/actions/${actions.open}`)).status).toBe(404);
    expect((await outsider.post(`/comites/${committee.id}/reunions`, { day: '2026-10-01', time: '10:00', place: 'Ici', videoLink: '' })).status).toBe(404);
    expect((await secretary.get(`/actions/${actions.elsewhere}`)).status).toBe(404);
  });

  it('an outsider’s refused follow-up update is a 404 too, never the action’s row (it once answered with it)', async () => {
    const id = await newMeeting(secretary, committee.id, { day: '2026-12-11', time: '09:00', place: 'Salle 1', videoLink: '' });
    for (const [status, comment] of [
      ['bogus', undefined],
      ['open', undefined],
    ] as const) {
      const values: Record<string, string> = { status };
      if (comment !== undefined) values.comment = comment;
      const answer = await outsider.post(`/reunions/${id}/actions/${actions.progress}`, values, { 'HX-Request': 'true' });
      expect(answer.status).toBe(404);
      expect(answer.html).not.toContain('action-');
    }
  });
});
