import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Candidacy } from '../../src/candidacies/entities.ts';
import { waitingLists } from '../../src/candidacies/service.ts';
import { saveCpuSitting } from '../../src/committees/cpu.ts';
import { Committee, CommitteeMember, CpuOpinion, Meeting } from '../../src/committees/entities.ts';
import { createMeeting } from '../../src/committees/meetings.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { Scope } from '../../src/platform/scope.ts';
import { User } from '../../src/users/entities.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let home: Establishment;
let workshop: Workshop;
let coordinatorUser: User;
let secretaryUser: User;
let cpu: Committee;
let meetingId: number;
let coordinator: Browser;
let secretary: Browser;
let outsider: Browser;
let coordinatorScope: Scope;
let secretaryScope: Scope;
let serial = 0;

/** A candidacy waiting for the CPU's opinion, for the workshop, submitted before the sitting. */
async function waiting(lastName = `Attente${++serial}`): Promise<Candidacy> {
  const em = t.em();
  const detainee = await createDetainee(em, home, { lastName, prisonNumber: `CPU${++serial}` });
  const candidacy = em.create(Candidacy, {
    establishment: home,
    detainee,
    target: 'workshop',
    workshop: workshop.id,
    proposedBy: 'cpip',
    submittedOn: '2026-11-10',
    motivation: 'Souhaite apprendre un métier',
  });
  await em.flush();
  return candidacy;
}

const statusOf = async (id: number) => (await t.em().findOneOrFail(Candidacy, id)).status;
const opinionsIn = (meeting: number) => t.em().count(CpuOpinion, { meeting });

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  home = await createEstablishment(em, { name: 'Arras' });
  const far = await createEstablishment(em, { name: 'Lille' });
  workshop = await createWorkshop(em, home, { name: 'Reliure' });
  coordinatorUser = await createUser(em, 'coordinator', { establishments: [home] });
  secretaryUser = await createUser(em, 'committee', { establishments: [home] });
  const outsiderUser = await createUser(em, 'coordinator', { establishments: [far] });
  cpu = em.create(Committee, { kind: 'cpu', name: 'CPU d’Arras', code: 'CPU-ARRAS', quorum: null });
  cpu.establishments.set([home]);
  await em.flush();
  em.create(CommitteeMember, { committee: cpu, user: coordinatorUser, role: 'chair' });
  em.create(CommitteeMember, { committee: cpu, user: secretaryUser, role: 'secretary' });
  await em.flush();
  coordinatorScope = new Scope(coordinatorUser.id, 'coordinator', [home.id], null);
  secretaryScope = new Scope(secretaryUser.id, 'committee', [home.id], null);
  const meeting = await createMeeting(t.em(), coordinatorScope, cpu.id, { day: '2026-11-26', time: '09:30', place: 'Salle de la CPU', videoLink: '' });
  meetingId = meeting.id;
  coordinator = new Browser(t.app);
  await coordinator.login(coordinatorUser.email, TEST_PASSWORD);
  secretary = new Browser(t.app);
  await secretary.login(secretaryUser.email, TEST_PASSWORD);
  outsider = new Browser(t.app);
  await outsider.login(outsiderUser.email, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('the CPU sitting', () => {
  it('a CPU meeting gets the item « Avis sur les candidatures » at creation', async () => {
    const page = await coordinator.get(`/reunions/${meetingId}/preparation`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Avis sur les candidatures');
    expect(page.doc.querySelector(`a[href="/reunions/${meetingId}/cpu"]`)).not.toBeNull();
  });

  it('saves three opinions at once: statuses, CPU day and waiting list follow; a blank row stays waiting', async () => {
    const [a, b, c, d] = [await waiting('Favorable'), await waiting('Refus'), await waiting('Favorable2'), await waiting('Blanc')];
    const page = await coordinator.get(`/reunions/${meetingId}/cpu`);
    expect(page.doc.querySelectorAll('[data-cpu-row]').length).toBeGreaterThanOrEqual(4);
    const reply = await coordinator.post(`/reunions/${meetingId}/cpu`, {
      [`opinion-${a.id}`]: 'favourable',
      [`reason-${a.id}`]: '',
      [`opinion-${b.id}`]: 'unfavourable',
      [`reason-${b.id}`]: 'Projet à préciser',
      [`opinion-${c.id}`]: 'favourable',
      [`opinion-${d.id}`]: '',
    });
    expect(reply.status, reply.html.slice(0, 400)).toBe(303);
    const stored = await t.em().find(Candidacy, { id: { $in: [a.id, b.id, c.id, d.id] } }, { orderBy: { id: 'asc' } });
    expect(stored.map((x) => [x.status, x.cpuOpinion, x.cpuOn])).toEqual([
      ['approved', 'favourable', '2026-11-26'],
      ['refused', 'unfavourable', '2026-11-26'],
      ['approved', 'favourable', '2026-11-26'],
      ['submitted', null, null],
    ]);
    const opinions = await t.em().find(CpuOpinion, { meeting: meetingId }, { orderBy: { candidacy: { id: 'asc' } } });
    expect(opinions.map((o) => [o.candidacy.id, o.opinion, o.reason])).toEqual([
      [a.id, 'favourable', ''],
      [b.id, 'unfavourable', 'Projet à préciser'],
      [c.id, 'favourable', ''],
    ]);
    const list = (await waitingLists(t.em(), coordinatorScope, home.id, '2026-11-30')).byWorkshop.get(workshop.id) ?? [];
    expect(list.map((x) => x.id).sort((x, y) => x - y)).toEqual([a.id, c.id]);
    const after = await coordinator.get(`/reunions/${meetingId}/cpu`);
    expect(after.doc.querySelectorAll('#avis-donnes tbody tr').length).toBe(3);
    expect(after.doc.querySelector(`#candidature-${d.id}`)).not.toBeNull();
    expect(after.doc.querySelector(`#candidature-${a.id}`)).toBeNull();
  });

  it('one invalid row refuses the whole save, with the error next to that row, and stores nothing', async () => {
    const [good, bad] = [await waiting(), await waiting()];
    const before = await opinionsIn(meetingId);
    const reply = await coordinator.post(`/reunions/${meetingId}/cpu`, {
      [`opinion-${good.id}`]: 'favourable',
      [`opinion-${bad.id}`]: 'unfavourable',
      [`reason-${bad.id}`]: '   ',
    });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector(`#champ-cpu-${bad.id}-erreur`)?.textContent).toContain('motif');
    const tooLong = await coordinator.post(`/reunions/${meetingId}/cpu`, { [`opinion-${good.id}`]: 'favourable', [`reason-${good.id}`]: 'x'.repeat(301) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.doc.querySelector(`#champ-cpu-${good.id}-erreur`)?.textContent).toContain('300');
    expect([await statusOf(good.id), await statusOf(bad.id)]).toEqual(['submitted', 'submitted']);
    expect(await opinionsIn(meetingId)).toBe(before);
  });

  it('a candidacy decided meanwhile refuses the save, and the other rows stay waiting', async () => {
    const [decided, other] = [await waiting(), await waiting()];
    const em = t.em();
    const c = await em.findOneOrFail(Candidacy, decided.id);
    c.close('withdrawn', '2026-11-20', 'Transféré');
    await em.flush();
    const before = await opinionsIn(meetingId);
    const reply = await coordinator.post(`/reunions/${meetingId}/cpu`, { [`opinion-${decided.id}`]: 'favourable', [`opinion-${other.id}`]: 'favourable' });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector(`#champ-cpu-${decided.id}-erreur`)?.textContent).toContain('déjà prononcée');
    expect(await statusOf(other.id)).toBe('submitted');
    expect(await opinionsIn(meetingId)).toBe(before);
  });

  it('hides names from a member who does not see individual data: « Candidature n° … »', async () => {
    const named = await waiting('Confidentiel');
    const hidden = await secretary.get(`/reunions/${meetingId}/cpu`);
    expect(hidden.status).toBe(200);
    expect(hidden.html).not.toContain('CONFIDENTIEL');
    expect(hidden.doc.querySelector(`#candidature-${named.id} th`)?.textContent).toBe(`Candidature n° ${named.id}`);
    // The motivation is free text about the person: it stays with those who see names.
    expect(hidden.doc.querySelector(`#candidature-${named.id}`)?.textContent).not.toContain('Souhaite apprendre un métier');
    const shown = await coordinator.get(`/reunions/${meetingId}/cpu`);
    expect(shown.doc.querySelector(`#candidature-${named.id} th`)?.textContent).toContain('CONFIDENTIEL');
    expect(shown.doc.querySelector(`#candidature-${named.id}`)?.textContent).toContain('Souhaite apprendre un métier');
  });

  it('withdraws an opinion given by mistake while the minutes are a draft: the candidacy waits again; not once it moved on', async () => {
    const c = await waiting();
    expect((await coordinator.post(`/reunions/${meetingId}/cpu`, { [`opinion-${c.id}`]: 'favourable' })).status).toBe(303);
    expect(await statusOf(c.id)).toBe('approved');
    expect((await outsider.post(`/reunions/${meetingId}/cpu/${c.id}/retrait`)).status).toBe(404);
    expect((await coordinator.post(`/reunions/${meetingId}/cpu/${c.id}/retrait`)).status).toBe(303);
    const back = await t.em().findOneOrFail(Candidacy, c.id, { refresh: true });
    expect([back.status, back.cpuOpinion, back.cpuOn]).toEqual(['submitted', null, null]);
    expect(await t.em().count(CpuOpinion, { candidacy: c.id })).toBe(0);
    // Given again, then the candidacy moves on (assigned): the opinion stays.
    expect(
      (await coordinator.post(`/reunions/${meetingId}/cpu`, { [`opinion-${c.id}`]: 'unfavourable', [`reason-${c.id}`]: 'Projet à préciser' })).status,
    ).toBe(303);
    await t.em().getConnection().execute(`update candidacy set status = 'withdrawn', closed_reason = 'Retrait' where id = ?`, [c.id]);
    expect((await coordinator.post(`/reunions/${meetingId}/cpu/${c.id}/retrait`)).status).toBe(409);
    expect(await t.em().count(CpuOpinion, { candidacy: c.id })).toBe(1);
  });

  it('answers 404 to outsiders, and on a meeting that is not a CPU’s', async () => {
    const c = await waiting();
    expect((await outsider.get(`/reunions/${meetingId}/cpu`)).status).toBe(404);
    expect((await outsider.post(`/reunions/${meetingId}/cpu`, { [`opinion-${c.id}`]: 'favourable' })).status).toBe(404);
    expect(await statusOf(c.id)).toBe('submitted');
    const em = t.em();
    const technical = em.create(Committee, { kind: 'technical', name: 'Comité technique d’Arras', code: 'CT-ARRAS', quorum: null });
    technical.establishments.set([home]);
    await em.flush();
    const other = em.create(Meeting, { committee: technical, startsAt: new Date('2026-11-27T09:00:00Z'), place: 'Salle' });
    await em.flush();
    expect((await coordinator.get(`/reunions/${other.id}/cpu`)).status).toBe(404);
  });

  it('once the minutes are approved, the sitting is read-only and a save is refused, storing nothing', async () => {
    const c = await waiting();
    const em = t.em();
    const approved = await createMeeting(em, coordinatorScope, cpu.id, { day: '2026-11-27', time: '09:30', place: 'Salle', videoLink: '' });
    Object.assign(approved, {
      status: 'approved',
      submittedAt: new Date(),
      approvedOn: '2026-11-28',
      approvedAt: new Date(),
      approvedBy: em.getReference(User, coordinatorUser.id),
    });
    await em.flush();
    const page = await coordinator.get(`/reunions/${approved.id}/cpu`);
    expect(page.doc.querySelector('#seance-cpu')).toBeNull();
    const reply = await coordinator.post(`/reunions/${approved.id}/cpu`, { [`opinion-${c.id}`]: 'favourable' });
    expect(reply.status).toBe(409);
    expect(await statusOf(c.id)).toBe('submitted');
    expect(await opinionsIn(approved.id)).toBe(0);
  });

  it('two secretaries saving the same candidacy at once: one wins, never two opinions (20 times)', async () => {
    for (let round = 0; round < 20; round++) {
      const c = await waiting();
      const form = (opinion: string) => ({ [`opinion-${c.id}`]: opinion, [`reason-${c.id}`]: 'Avis de la séance' });
      const results = await Promise.allSettled([
        saveCpuSitting(t.em(), coordinatorScope, meetingId, form('favourable')),
        saveCpuSitting(t.em(), secretaryScope, meetingId, form('unfavourable')),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await t.em().count(CpuOpinion, { candidacy: c.id })).toBe(1);
      const stored = await t.em().findOneOrFail(Candidacy, c.id);
      const opinion = await t.em().findOneOrFail(CpuOpinion, { candidacy: c.id });
      expect(stored.cpuOpinion).toBe(opinion.opinion);
    }
  });
});
