import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { importWeekHours } from '../../src/hours/import.ts';
import { CellError, copyLastWeek, saveCell } from '../../src/hours/service.ts';
import { LeavePolicy } from '../../src/leave/entities.ts';
import { INSERRE_PRESET } from '../../src/leave/policy.ts';
import { approveLeaveRequest, cancelLeaveRequest, leaveRequestInput, requestLeave } from '../../src/leave/requests.ts';
import { fixedClock, plusDays } from '../../src/platform/calendar.ts';
import { FieldErrors } from '../../src/platform/errors.ts';
import { Scope } from '../../src/platform/scope.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * Approved leave in the timesheet (issue 19, item 4). « Today » is Tuesday 1 December 2026; the
 * policy allows an advance, so that no balance stands in the way. The leave of the first tests
 * runs from Wednesday 23 December (afternoon only) to Tuesday 29 December (morning only): its
 * full working days are Thursday 24 and Monday 28 (Friday 25 is Christmas, 26–27 a weekend).
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-12-01') });
});
afterAll(() => t.close());

const HX = { 'HX-Request': 'true' };
let n = 0;

async function person() {
  n++;
  const mine = await createEstablishment(t.em());
  const partner = await createPartner(t.em());
  const workshop = await createWorkshop(t.em(), mine, { name: 'Reliure', partner });
  const post = await createPost(t.em(), workshop, { code: `LT${n}-REL-01` });
  const detainee = await createDetainee(t.em(), mine, { prisonNumber: `LT${String(n).padStart(4, '0')}`, arrivalDate: '2026-09-01' });
  const user = await createUser(t.em(), 'coordinator', { establishments: [mine] });
  const coordinatorBrowser = new Browser(t.app);
  await coordinatorBrowser.login(user.email, TEST_PASSWORD);
  const made = await coordinatorBrowser.post(`/personnes/${detainee.id}/affectations`, {
    postId: String(post.id),
    contractReference: `CEP-LT${n}`,
    startsOn: '2026-11-02',
    weeklyHours: '35',
  });
  expect(made.status).toBeLessThan(400);
  const assignment = await t.em().findOneOrFail(Assignment, { detainee: detainee.id });
  const fork = t.em();
  fork.create(LeavePolicy, { ...INSERRE_PRESET, allowAdvance: true, name: 'InSERRE test', establishment: mine.id, effectiveFrom: '2026-01-01' });
  await fork.flush();
  const partnerUser = await createUser(t.em(), 'partner', { partner });
  const partnerBrowser = new Browser(t.app);
  await partnerBrowser.login(partnerUser.email, TEST_PASSWORD);
  const coordinator = new Scope(user.id, 'coordinator', [mine.id], null);
  const partnerScope = new Scope(partnerUser.id, 'partner', [], partner.id);
  const key = (day: string) => `c-a${assignment.id}-${day}`;
  /** A cell typed in the grid (htmx), by `browser`. */
  const type = (browser: Browser, day: string, value: string, version = '0') =>
    browser.post('/pointage/cellule', { cell: key(day), [key(day)]: value, version }, HX);
  return { mine, workshop, detainee, assignment, coordinator, partnerScope, coordinatorBrowser, partnerBrowser, key, type };
}

const leave = leaveRequestInput;

/** The assignment's ordinary entries, day → CP, another code, or minutes. */
async function entries(assignmentId: number): Promise<Record<string, string | number>> {
  const rows = await t
    .em()
    .getConnection()
    .execute<{ day: string; absence_code: string | null; minutes: number }[]>(
      `select to_char(day, 'YYYY-MM-DD') as day, absence_code, minutes from time_entry where assignment_id = ? and not is_adjustment order by day`,
      [assignmentId],
    );
  return Object.fromEntries(rows.map((r) => [r.day, r.absence_code ?? r.minutes]));
}

const statusOf = async (id: number) =>
  (await t.em().getConnection().execute<{ status: string }[]>('select status from leave_request where id = ?', [id]))[0]?.status;

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

const CHRISTMAS_LEAVE = leave('2026-12-23', '2026-12-29', { startsAfternoon: true, endsMorning: true, comment: 'Visite familiale au parloir' });

describe('approved leave in the timesheet', () => {
  it('writes CP on each full working day, not on the half days, the weekend nor a public holiday', async () => {
    const p = await person();
    const request = await requestLeave(t.em(), p.coordinator, p.detainee.id, CHRISTMAS_LEAVE);
    expect(await entries(p.assignment.id)).toEqual({});
    await approveLeaveRequest(t.em(), p.coordinator, request.id);
    expect(await entries(p.assignment.id)).toEqual({ '2026-12-24': 'CP', '2026-12-28': 'CP' });
  });

  it('shows those days locked in the grid (« Congé » to the partner, never the code nor the comment), the half days editable', async () => {
    const p = await person();
    const request = await requestLeave(t.em(), p.coordinator, p.detainee.id, CHRISTMAS_LEAVE);
    await approveLeaveRequest(t.em(), p.coordinator, request.id);
    const title = 'Congé approuvé du 23/12/2026 au 29/12/2026 : pour le modifier, la coordination annule la demande.';
    for (const [browser, shown] of [
      [p.coordinatorBrowser, 'CP'],
      [p.partnerBrowser, 'Congé'],
    ] as const) {
      const page = await browser.get(`/ateliers/${p.workshop.id}/pointage?semaine=2026-12-21`);
      expect(page.status).toBe(200);
      const locked = page.doc.querySelector(`#td-${p.key('2026-12-24')}`);
      expect(locked?.getAttribute('title')).toBe(title);
      expect(locked?.querySelector('input')).toBeNull();
      expect(locked?.querySelector('span')?.textContent).toBe(shown);
      // The half day: an input, marked « ½ congé ».
      const half = page.doc.querySelector(`#td-${p.key('2026-12-23')}`);
      expect(half?.querySelector('input')).not.toBeNull();
      expect(half?.textContent).toContain('½ congé');
      // Christmas within the leave: locked, empty.
      expect(page.doc.querySelector(`#td-${p.key('2026-12-25')} input`)).toBeNull();
      // The header links to the request form.
      expect(page.doc.querySelector('#demander-conge')?.getAttribute('href')).toBe(`/ateliers/${p.workshop.id}/conges/nouvelle`);
      expect(page.html).not.toContain('Visite familiale');
    }
    const partnerPage = await p.partnerBrowser.get(`/ateliers/${p.workshop.id}/pointage?semaine=2026-12-21`);
    expect(partnerPage.doc.querySelector('#pointage tbody')?.textContent).not.toMatch(/\bCP\b/);
    const next = await p.coordinatorBrowser.get(`/ateliers/${p.workshop.id}/pointage?semaine=2026-12-28`);
    expect(next.doc.querySelector(`#td-${p.key('2026-12-28')}`)?.getAttribute('title')).toBe(title);
    expect(next.doc.querySelector(`#td-${p.key('2026-12-29')} input`)).not.toBeNull();
  });

  it('refuses hours (or anything) typed on a day of approved leave, to the coordinator and to the partner', async () => {
    const p = await person();
    const request = await requestLeave(t.em(), p.coordinator, p.detainee.id, CHRISTMAS_LEAVE);
    await approveLeaveRequest(t.em(), p.coordinator, request.id);
    const version = String((await t.em().findOneOrFail(TimeEntry, { assignment: p.assignment.id, day: '2026-12-24' })).version);
    for (const [browser, value] of [
      [p.coordinatorBrowser, '7h'],
      [p.coordinatorBrowser, ''],
      [p.coordinatorBrowser, 'MED'],
      [p.partnerBrowser, '3h30'],
      [p.partnerBrowser, ''],
    ] as const) {
      const res = await p.type(browser, '2026-12-24', value, version);
      expect(res.status).toBe(422);
      expect(res.html).toContain('Congé approuvé du 23/12/2026 au 29/12/2026 : pour le modifier, la coordination annule la demande.');
    }
    // The half day takes hours.
    expect((await p.type(p.partnerBrowser, '2026-12-23', '3h30')).status).toBe(200);
    expect(await entries(p.assignment.id)).toEqual({ '2026-12-23': 210, '2026-12-24': 'CP', '2026-12-28': 'CP' });
  });

  it('refuses CP typed without an approved request, with a link to the request form', async () => {
    const p = await person();
    const coordinator = await p.type(p.coordinatorBrowser, '2026-12-07', 'CP');
    expect(coordinator.status).toBe(422);
    const error = coordinator.doc.querySelector('.fr-error-text');
    expect(error?.textContent).toContain('Le code CP (congé) demande une demande de congé approuvée pour ce jour : faites la demande.');
    expect(error?.querySelector('a')?.getAttribute('href')).toBe(`/personnes/${p.detainee.id}#conges`);
    const partner = await p.type(p.partnerBrowser, '2026-12-07', 'cp');
    expect(partner.status).toBe(422);
    expect(partner.doc.querySelector('.fr-error-text a')?.getAttribute('href')).toBe(`/ateliers/${p.workshop.id}/conges/nouvelle`);
    // A request still waiting is no approval; nor is a half day.
    const waiting = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-07', '2026-12-08', { endsMorning: true }));
    expect((await p.type(p.coordinatorBrowser, '2026-12-07', 'CP')).status).toBe(422);
    await approveLeaveRequest(t.em(), p.coordinator, waiting.id);
    expect((await p.type(p.coordinatorBrowser, '2026-12-08', 'CP')).status).toBe(422);
    expect(await entries(p.assignment.id)).toEqual({ '2026-12-07': 'CP' });
    const error2 = await refusal(
      saveCell(t.em(), p.partnerScope, { holder: { kind: 'a', id: p.assignment.id }, day: '2026-12-09', value: 'CP', seenVersion: 0, overtimeReason: '' }),
    );
    expect(error2).toBeInstanceOf(CellError);
    expect((error2 as CellError).link?.href).toBe(`/ateliers/${p.workshop.id}/conges/nouvelle`);
  });

  it('refuses CP in an import, naming the line, and stores nothing', async () => {
    const p = await person();
    const text = `Numéro d’écrou;Date;Durée\n${p.detainee.prisonNumber};07/12/2026;7h\n${p.detainee.prisonNumber};08/12/2026;CP\n`;
    const result = await importWeekHours(t.em(), p.coordinator, p.workshop.id, text, { dryRun: false, week: '2026-12-07', pageMonday: '2026-12-07' });
    expect(result.ok).toBe(false);
    expect(result.rows.map((r) => r.problem)).toEqual([
      null,
      expect.stringContaining('08/12/2026 : Le code CP (congé) demande une demande de congé approuvée pour ce jour'),
    ]);
    expect(await entries(p.assignment.id)).toEqual({});
  });

  it('does not copy CP from last week, nor onto a day of leave', async () => {
    const p = await person();
    const request = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-07', '2026-12-07'));
    await approveLeaveRequest(t.em(), p.coordinator, request.id);
    expect((await p.type(p.coordinatorBrowser, '2026-12-08', '7h')).status).toBe(200);
    expect(await copyLastWeek(t.em(), p.coordinator, { workshopId: p.workshop.id }, '2026-12-14')).toBe(1);
    expect(await entries(p.assignment.id)).toEqual({ '2026-12-07': 'CP', '2026-12-08': 420, '2026-12-15': 420 });
    // Leave on Monday 21 and Tuesday 22: the copy of the week of the 14th leaves them as they are.
    const next = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-21', '2026-12-22'));
    await approveLeaveRequest(t.em(), p.coordinator, next.id);
    expect(await copyLastWeek(t.em(), p.coordinator, { workshopId: p.workshop.id }, '2026-12-21')).toBe(0);
    expect((await entries(p.assignment.id))['2026-12-22']).toBe('CP');
  });

  it('cancelled, takes the leave back out of the grid: the cells are editable again', async () => {
    const p = await person();
    const request = await requestLeave(t.em(), p.coordinator, p.detainee.id, CHRISTMAS_LEAVE);
    await approveLeaveRequest(t.em(), p.coordinator, request.id);
    await cancelLeaveRequest(t.em(), p.coordinator, request.id, '2026-12-01');
    expect(await entries(p.assignment.id)).toEqual({});
    const page = await p.coordinatorBrowser.get(`/ateliers/${p.workshop.id}/pointage?semaine=2026-12-21`);
    expect(page.doc.querySelector(`#td-${p.key('2026-12-24')} input`)).not.toBeNull();
    expect(page.doc.querySelector(`#td-${p.key('2026-12-24')}`)?.getAttribute('title')).toBeNull();
    expect((await p.type(p.partnerBrowser, '2026-12-24', '7h')).status).toBe(200);
  });

  it('refuses the approval when hours are typed on one of its days, naming it; an absence there becomes CP', async () => {
    const p = await person();
    expect((await p.type(p.coordinatorBrowser, '2026-12-08', 'AI')).status).toBe(200);
    expect((await p.type(p.partnerBrowser, '2026-12-09', '7h')).status).toBe(200);
    const request = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-07', '2026-12-11'));
    const error = await refusal(approveLeaveRequest(t.em(), p.coordinator, request.id));
    expect((error as FieldErrors).fields.decision).toBe(
      'Des heures sont saisies le 09/12/2026 pour cette personne : effacez-les dans la feuille de temps ou modifiez la demande avant d’approuver.',
    );
    expect(await statusOf(request.id)).toBe('requested');
    expect(await entries(p.assignment.id)).toEqual({ '2026-12-08': 'AI', '2026-12-09': 420 });
    // The hours cleared, the approval goes through: the absence typed on the 8th becomes CP.
    const version = String((await t.em().findOneOrFail(TimeEntry, { assignment: p.assignment.id, day: '2026-12-09' })).version);
    expect((await p.type(p.coordinatorBrowser, '2026-12-09', '', version)).status).toBe(200);
    await approveLeaveRequest(t.em(), p.coordinator, request.id);
    expect(await entries(p.assignment.id)).toEqual({ '2026-12-07': 'CP', '2026-12-08': 'CP', '2026-12-09': 'CP', '2026-12-10': 'CP', '2026-12-11': 'CP' });
  });

  it('refuses the approval when one of its weeks was validated meanwhile', async () => {
    const p = await person();
    const request = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-11-30', '2026-12-02'));
    await adminClient(t.db.url, (c) =>
      c.query(
        `insert into timesheet_week (establishment_id, workshop_id, week_start, status, validated_at, validated_by_id) values ($1, $2, '2026-11-30', 'validated', now(), $3)`,
        [p.mine.id, p.workshop.id, p.coordinator.userId],
      ),
    );
    const error = await refusal(approveLeaveRequest(t.em(), p.coordinator, request.id));
    expect((error as FieldErrors).fields.decision).toBe(
      'La semaine du 30/11/2026 est déjà validée pour cet atelier : ses jours ne peuvent plus recevoir de congé.',
    );
    expect(await statusOf(request.id)).toBe('requested');
    expect(await entries(p.assignment.id)).toEqual({});
  });

  it('is held by the database too: CP without approved leave, hours over approved leave, an approval over hours', async () => {
    const p = await person();
    const request = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-07', '2026-12-08'));
    const insert = (day: string, kind: string, minutes: number, code: string | null) =>
      adminClient(t.db.url, (c) =>
        c.query(
          `insert into time_entry (establishment_id, detainee_id, assignment_id, workshop_id, day, kind, minutes, absence_code) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [p.mine.id, p.detainee.id, p.assignment.id, p.workshop.id, day, kind, minutes, code],
        ),
      );
    // Asked for, not approved: CP refused.
    await expect(insert('2026-12-07', 'absence', 0, 'CP')).rejects.toThrow(
      /Le code CP \(congé\) demande une demande de congé approuvée pour ce jour \(le 07\/12\/2026\)/,
    );
    await insert('2026-12-08', 'work', 420, null);
    // Approved straight in the database over the hours of the 8th: refused at commit.
    const approve = () =>
      adminClient(t.db.url, (c) =>
        c.query(`update leave_request set status = 'approved', decided_by_id = $1, decided_at = now() where id = $2`, [p.coordinator.userId, request.id]),
      );
    await expect(approve()).rejects.toThrow(/Des heures sont saisies le 08\/12\/2026/);
    await adminClient(t.db.url, (c) => c.query(`delete from time_entry where assignment_id = $1`, [p.assignment.id]));
    await approve();
    // Approved: hours refused, CP accepted; the request cancelled while its CP is there: refused.
    await expect(insert('2026-12-07', 'work', 420, null)).rejects.toThrow(/Congé approuvé le 07\/12\/2026/);
    await insert('2026-12-07', 'absence', 0, 'CP');
    await expect(
      adminClient(t.db.url, (c) => c.query(`update leave_request set status = 'cancelled', cancelled_at = now() where id = $1`, [request.id])),
    ).rejects.toThrow(/porte encore le code CP sans congé approuvé/);
  });

  it('never keeps both an approval and hours typed on its day at the same moment (20 times)', async () => {
    const p = await person();
    let approved = 0;
    let typed = 0;
    // Twenty working days of January and February 2027, one request each, approved as the partner types hours that day.
    const days: string[] = [];
    for (let d = '2027-01-04'; days.length < 20; d = plusDays(d, 1)) if (![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())) days.push(d);
    // The approval starts 0 to 16 ms after the save, in turn, so that each wins sometimes.
    const delayed = <T>(ms: number, run: () => Promise<T>) => new Promise<void>((resolve) => setTimeout(resolve, ms)).then(run);
    for (const [i, day] of days.entries()) {
      const request = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave(day, day));
      const [approval, save] = await Promise.allSettled([
        delayed([0, 4, 8, 16][i % 4] as number, () => approveLeaveRequest(t.em(), p.coordinator, request.id)),
        delayed(0, () =>
          saveCell(t.em(), p.partnerScope, { holder: { kind: 'a', id: p.assignment.id }, day, value: '7h', seenVersion: 0, overtimeReason: '' }),
        ),
      ]);
      const status = await statusOf(request.id);
      const cell = (await entries(p.assignment.id))[day];
      if (status === 'approved') {
        approved++;
        expect(cell).toBe('CP');
        // Refused with the grid's message, never a deadlock nor a 500.
        expect(save.status === 'rejected' && save.reason).toBeInstanceOf(CellError);
      } else {
        typed++;
        expect(status).toBe('requested');
        expect(cell).toBe(420);
        expect(approval.status === 'rejected' && approval.reason).toBeInstanceOf(FieldErrors);
      }
    }
    expect(approved + typed).toBe(20);
  });
});
