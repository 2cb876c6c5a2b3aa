import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { balanceAt, leaveMovements } from '../../src/leave/accrual.ts';
import { leaveBalanceOf } from '../../src/leave/balance.ts';
import { LeavePolicy, LeaveRequest } from '../../src/leave/entities.ts';
import { INSERRE_PRESET } from '../../src/leave/policy.ts';
import { approveLeaveRequest, cancelLeaveRequest, leaveRequestInput, refuseLeaveRequest, requestLeave, workingDays } from '../../src/leave/requests.ts';
import { policyVersionsOf } from '../../src/leave/service.ts';
import { fixedClock, plusDays, weekDays } from '../../src/platform/calendar.ts';
import { FieldErrors, NotFoundError, RuleError } from '../../src/platform/errors.ts';
import { Scope } from '../../src/platform/scope.ts';
import { User } from '../../src/users/entities.ts';
import { Browser, createTestContext, parse, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * Leave requests (issue 19, item 4). Every person below has worked every weekday of October and
 * November 2026, validated: under InSERRE's figures (1 day per month of 10 days worked) that is
 * +1 j on 31 October (22 days) and +1 j on 30 November (20 days: the week of 30 November is open), so 2 j (200) from 30 November. "Today" is
 * 1 December 2026; the weeks from 30 November are open.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-12-01') });
});
afterAll(() => t.close());

let n = 0;
async function person({ policy = true }: { policy?: boolean } = {}) {
  n++;
  const em = t.em();
  const mine = await createEstablishment(em);
  const partner = await createPartner(em);
  const workshop = await createWorkshop(em, mine, { name: 'Reliure', partner });
  const post = await createPost(em, workshop, { code: `R${n}-REL-01` });
  const detainee = await createDetainee(em, mine, { prisonNumber: `R${String(n).padStart(4, '0')}`, arrivalDate: '2026-09-01' });
  const user = await createUser(em, 'coordinator', { establishments: [mine] });
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  const made = await browser.post(`/personnes/${detainee.id}/affectations`, {
    postId: String(post.id),
    contractReference: `CEP-R${n}`,
    startsOn: '2026-10-01',
    weeklyHours: '35',
  });
  expect(made.status).toBeLessThan(400);
  const assignment = await t.em().findOneOrFail(Assignment, { detainee: detainee.id });
  if (policy) {
    const fork = t.em();
    fork.create(LeavePolicy, { ...INSERRE_PRESET, name: 'InSERRE test', establishment: mine.id, effectiveFrom: '2026-01-01' });
    await fork.flush();
  }
  const fork = t.em();
  const mondays: string[] = [];
  for (let monday = '2026-09-28'; monday <= '2026-11-23'; monday = plusDays(monday, 7)) {
    mondays.push(monday);
    for (const day of weekDays(monday)
      .slice(0, 5)
      .filter((d) => d >= '2026-10-01'))
      fork.create(TimeEntry, {
        establishment: mine.id,
        detainee: detainee.id,
        assignment: assignment.id,
        workshop: workshop.id,
        day,
        kind: 'work',
        minutes: 420,
      });
  }
  await fork.flush();
  for (const weekStart of mondays)
    await t.em().execute(
      `insert into timesheet_week (establishment_id, workshop_id, week_start, status, validated_at, validated_by_id) values (?, ?, ?, 'validated', now(), ?)
           on conflict (workshop_id, week_start) where workshop_id is not null do update set status = 'validated', validated_at = now(), validated_by_id = excluded.validated_by_id`,
      [mine.id, workshop.id, weekStart, user.id],
    );
  const coordinator = new Scope(user.id, 'coordinator', [mine.id], null);
  const partnerUser = await createUser(t.em(), 'partner', { partner });
  const partnerScope = new Scope(partnerUser.id, 'partner', [], partner.id);
  return { mine, partner, workshop, post, detainee, assignment, user, coordinator, partnerScope, browser };
}

const leave = leaveRequestInput;

/** The field errors a refused call carries. */
async function refusal(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FieldErrors);
  return (error as FieldErrors).fields;
}

const live = (detaineeId: number) =>
  t.em().getConnection().execute<{ id: number; status: string }[]>(`select id, status from leave_request where detainee_id = ? order by id`, [detaineeId]);

describe('working days', () => {
  it('counts Monday to Friday, public holidays out, half days 0,5', () => {
    // Thu 24 Dec, Fri 25 (Christmas), Sat, Sun, Mon 28: 2 days.
    expect(workingDays('2026-12-24', '2026-12-28', { startsAfternoon: false, endsMorning: false })).toBe(200);
    expect(workingDays('2026-12-24', '2026-12-28', { startsAfternoon: true, endsMorning: false })).toBe(150);
    expect(workingDays('2026-12-24', '2026-12-28', { startsAfternoon: true, endsMorning: true })).toBe(100);
    // Alsace-Moselle: 26 December is a holiday too, but a Saturday in 2026; Good Friday 26 March 2027 out.
    expect(workingDays('2027-03-25', '2027-03-26', { startsAfternoon: false, endsMorning: false })).toBe(200);
    expect(workingDays('2027-03-25', '2027-03-26', { startsAfternoon: false, endsMorning: false }, true)).toBe(100);
    expect(workingDays('2026-12-05', '2026-12-06', { startsAfternoon: false, endsMorning: false })).toBe(0);
  });
});

describe('leave taken in the ledger', () => {
  it('uses carried-over days first: only the unused ones expire', () => {
    // Every weekday of January to May 2026 worked: +1 j a month, 5 j carried on 1 June (up to 5 j, for 6 months).
    const days = [];
    for (let d = '2026-01-01'; d <= '2026-05-31'; d = plusDays(d, 1))
      if (![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())) days.push({ day: d, workedMinutes: 420, absence: null, disciplinary: false });
    const policy = { ...INSERRE_PRESET, name: 'InSERRE test', id: 1, establishmentId: 1, effectiveFrom: '2025-01-01', version: 1 };
    const ms = leaveMovements({
      policies: [policy],
      days,
      span: { from: '2026-01-01', to: null },
      asOf: '2026-12-31',
      taken: [{ day: '2026-07-06', centidays: 200, explanation: 'congé du 06/07/2026 au 07/07/2026, approuvé par Camille' }],
    });
    expect(ms.filter((m) => m.kind !== 'accrual').map((m) => [m.day, m.kind, m.centidays])).toEqual([
      ['2026-06-01', 'carry_over', 0],
      ['2026-07-06', 'taken', -200],
      ['2026-12-01', 'expiry', -300],
    ]);
    // 5 − 2 − 3, by hand.
    expect(balanceAt(ms, '2026-12-31')).toBe(0);
  });
});

describe('asking for leave', () => {
  it('refuses, next to the field and storing nothing: balance, pending days, overlap, validated week, outside the assignment, no policy, no working day', async () => {
    const p = await person();
    // 7–11 December: 5 days for 2 held.
    expect((await refusal(requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-07', '2026-12-11')))).startsOn).toBe(
      'Solde insuffisant : 5 j demandés, 2 j disponibles au 07/12/2026 (demandes en attente déduites).',
    );
    // One day asked for: 1 left for the next request.
    await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-07', '2026-12-07'));
    expect((await refusal(requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-14', '2026-12-15')))).startsOn).toBe(
      'Solde insuffisant : 2 j demandés, 1 j disponibles au 14/12/2026 (demandes en attente déduites).',
    );
    // A day and a half does not fit; the morning of the 14th does (0,5 j), and then the afternoon of the 15th (0,5 j).
    expect((await refusal(requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-14', '2026-12-15', { endsMorning: true })))).startsOn).toContain(
      '1,5 j demandés',
    );
    expect((await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-14', '2026-12-14', { endsMorning: true }))).days).toBe(50);
    expect((await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-15', '2026-12-15', { startsAfternoon: true }))).days).toBe(50);
    expect((await refusal(requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-16', '2026-12-16', { endsMorning: true })))).startsOn).toContain(
      '0 j disponibles',
    );
    expect(
      (await refusal(requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-04', '2026-12-08', { reason: 'authorised_absence' })))).startsOn,
    ).toBe('Une autre demande de cette personne couvre déjà ces dates (du 07/12/2026 au 07/12/2026).');
    expect(
      (await refusal(requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-11-27', '2026-12-01', { reason: 'authorised_absence' })))).startsOn,
    ).toBe('La semaine du 23/11/2026 est déjà validée pour cet atelier : ses jours ne peuvent plus recevoir de congé.');
    expect(
      (await refusal(requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-09-28', '2026-10-02', { reason: 'authorised_absence' })))).startsOn,
    ).toBe('La personne n’occupe aucun poste le 28/09/2026 : un congé se prend pendant une affectation.');
    await t.em().execute(`update assignment set contract_ends_on = '2026-12-31' where id = ?`, [p.assignment.id]);
    expect(
      (await refusal(requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-30', '2027-01-04', { reason: 'authorised_absence' })))).endsOn,
    ).toBe('L’affectation se termine le 31/12/2026 : le congé doit finir au plus tard ce jour-là.');
    expect(
      (await refusal(requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-19', '2026-12-20', { reason: 'authorised_absence' })))).startsOn,
    ).toBe('Ces dates ne comptent aucun jour ouvré (du lundi au vendredi, hors jours fériés).');
    // An authorised absence takes nothing from the balance.
    expect((await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-21', '2026-12-24', { reason: 'authorised_absence' }))).days).toBe(400);
    expect((await live(p.detainee.id)).map((r) => r.status)).toEqual(['requested', 'requested', 'requested', 'requested']);

    const q = await person({ policy: false });
    expect((await refusal(requestLeave(t.em(), q.coordinator, q.detainee.id, leave('2026-12-07', '2026-12-07')))).startsOn).toBe(
      'Aucune politique de congés n’est en vigueur le 07/12/2026 dans cet établissement.',
    );
    expect(await live(q.detainee.id)).toEqual([]);
  });

  it('takes more than the balance when the policy allows an advance', async () => {
    const p = await person();
    await t.em().execute(`update leave_policy set allow_advance = true where establishment_id = ?`, [p.mine.id]);
    const r = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-07', '2026-12-11'));
    await approveLeaveRequest(t.em(), p.coordinator, r.id);
    const b = await leaveBalanceOf(t.em(), p.coordinator, p.detainee.id, await policyVersionsOf(t.em(), p.mine.id), '2026-12-01', '2026-12-31');
    expect(b.balance).toBe(200 - 500);
  });
});

describe('deciding', () => {
  it('approves (a « congé pris » movement, the balance the sum of the movements), refuses with a reason, cancels before the start', async () => {
    const p = await person();
    const a = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-03', '2026-12-04'));
    const approved = await approveLeaveRequest(t.em(), p.coordinator, a.id);
    expect(approved.status).toBe('approved');
    const policies = await policyVersionsOf(t.em(), p.mine.id);
    const b = await leaveBalanceOf(t.em(), p.coordinator, p.detainee.id, policies, '2026-12-01', '2026-12-31');
    expect(b.movements.map((m) => [m.day, m.kind, m.centidays, m.explanation])).toEqual([
      ['2026-10-31', 'accrual', 100, '+1 j : octobre 2026, 22 jours travaillés ≥ 10 — politique InSERRE test v1'],
      ['2026-11-30', 'accrual', 100, '+1 j : novembre 2026, 20 jours travaillés ≥ 10 — politique InSERRE test v1'],
      ['2026-12-03', 'taken', -200, `−2 j : congé du 03/12/2026 au 04/12/2026, approuvé par ${p.user.displayName}`],
    ]);
    // 100 + 100 − 200, counted by hand; and the sum of the movements listed.
    expect(b.balance).toBe(0);
    expect(b.balance).toBe(b.movements.reduce((s, m) => s + m.centidays, 0));
    expect(balanceAt(b.movements, '2026-12-02')).toBe(200);
    // Nothing left: another day is refused.
    expect((await refusal(requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-07', '2026-12-07')))).startsOn).toContain('0 j disponibles');
    // Already decided: approving again is refused.
    await expect(approveLeaveRequest(t.em(), p.coordinator, a.id)).rejects.toBeInstanceOf(RuleError);
    // Cancelled before it starts: the days come back.
    await cancelLeaveRequest(t.em(), p.coordinator, a.id, '2026-12-01');
    const after = await leaveBalanceOf(t.em(), p.coordinator, p.detainee.id, policies, '2026-12-01', '2026-12-31');
    expect(after.balance).toBe(200);
    expect(after.movements.some((m) => m.kind === 'taken')).toBe(false);
    // Refused with its reason; a started leave cannot be cancelled.
    const r = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-07', '2026-12-07'));
    const refused = await refuseLeaveRequest(t.em(), p.coordinator, r.id, 'Atelier en commande urgente cette semaine');
    expect([refused.status, refused.refusalReason]).toEqual(['refused', 'Atelier en commande urgente cette semaine']);
    const s = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-08', '2026-12-08'));
    await approveLeaveRequest(t.em(), p.coordinator, s.id);
    await expect(cancelLeaveRequest(t.em(), p.coordinator, s.id, '2026-12-08')).rejects.toThrow(
      'Ce congé a commencé le 08/12/2026 : il ne peut plus être annulé.',
    );
    // The audit trail holds each change, by its author.
    const audit = await t
      .em()
      .getConnection()
      .execute<{ action: string; status: string; actor_id: number }[]>(
        `select action, after->>'status' as status, actor_id from audit_event where entity = 'leave_request' and entity_id in (?, ?, ?) order by id`,
        [String(a.id), String(r.id), String(s.id)],
      );
    expect(audit.map((e) => e.status)).toEqual(['requested', 'approved', 'cancelled', 'requested', 'refused', 'requested', 'approved']);
  });

  it('another establishment’s coordinator gets 404 on a request; a partner cannot decide', async () => {
    const p = await person();
    const q = await person();
    const a = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-03', '2026-12-03'));
    await expect(approveLeaveRequest(t.em(), q.coordinator, a.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(requestLeave(t.em(), q.coordinator, p.detainee.id, leave('2026-12-07', '2026-12-07'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(refuseLeaveRequest(t.em(), p.partnerScope, a.id, 'Non')).rejects.toThrow();
    expect((await live(p.detainee.id)).map((r) => r.status)).toEqual(['requested']);
  });
});

describe('the partner', () => {
  it('asks for its workshops’ people only, and never reads the balance', async () => {
    const p = await person();
    const q = await person();
    const made = await requestLeave(t.em(), p.partnerScope, p.detainee.id, leave('2026-12-03', '2026-12-03'));
    expect(made.status).toBe('requested');
    // Another partner's person, or on a day the person holds no post in its workshops: 404.
    await expect(requestLeave(t.em(), q.partnerScope, p.detainee.id, leave('2026-12-07', '2026-12-07'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(requestLeave(t.em(), p.partnerScope, p.detainee.id, leave('2026-09-28', '2026-09-28'))).rejects.toBeInstanceOf(NotFoundError);
    const fields = await refusal(requestLeave(t.em(), p.partnerScope, p.detainee.id, leave('2026-12-07', '2026-12-11')));
    expect(fields.startsOn).toBe('Solde de congés insuffisant pour ces dates : la coordination peut vous renseigner.');
    expect(JSON.stringify(fields)).not.toMatch(/\d j/);
  });
});

describe('under concurrency', () => {
  it('never takes more than the balance: two requests or two approvals at once, 20 times, one refused', async () => {
    const p = await person();
    for (let round = 0; round < 20; round++) {
      // Two requests of 1,5 j for 2 j held, at once: one passes (the same working days each round, the earlier ones cancelled).
      const monday = '2027-01-04';
      const created = await Promise.allSettled([
        requestLeave(t.em(), p.coordinator, p.detainee.id, leave(monday, plusDays(monday, 1), { endsMorning: true })),
        requestLeave(t.em(), p.coordinator, p.detainee.id, leave(plusDays(monday, 7), plusDays(monday, 8), { endsMorning: true })),
      ]);
      expect(created.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(created.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(FieldErrors);
      await t
        .em()
        .execute(`update leave_request set status = 'cancelled', cancelled_at = now() where detainee_id = ? and status = 'requested'`, [p.detainee.id]);
      // Two requests stored as a script would (each fits alone), approved at once: one refused.
      const ids: number[] = [];
      for (const start of [monday, plusDays(monday, 7)]) {
        const [row] = await t
          .em()
          .execute<{ id: number }[]>(
            `insert into leave_request (establishment_id, detainee_id, assignment_id, starts_on, ends_on, ends_morning, days, reason) values (?, ?, ?, ?, ?, true, 150, 'leave') returning id`,
            [p.mine.id, p.detainee.id, p.assignment.id, start, plusDays(start, 1)],
          );
        ids.push(Number(row?.id));
      }
      const approved = await Promise.allSettled(ids.map((id) => approveLeaveRequest(t.em(), p.coordinator, id)));
      expect(approved.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = approved.find((r) => r.status === 'rejected');
      expect(rejected?.status === 'rejected' && (rejected.reason as FieldErrors).fields.decision).toContain('Solde insuffisant');
      // Cancelled as a script would: its CP taken out of the timesheet first (time_entry_leave_guard).
      await t.em().execute(`delete from time_entry where assignment_id = ? and absence_code = 'CP'`, [p.assignment.id]);
      await t
        .em()
        .execute(`update leave_request set status = 'cancelled', cancelled_at = now() where detainee_id = ? and status in ('requested', 'approved')`, [
          p.detainee.id,
        ]);
    }
    expect(await t.em().count(LeaveRequest, { detainee: p.detainee.id, status: 'approved' })).toBe(0);
  });
});

describe('the screens', () => {
  it('the person page lists the requests and asks for one; a refusal is said next to the field; the queue decides in one click (htmx row)', async () => {
    const p = await person();
    const refused = await p.browser.post(`/personnes/${p.detainee.id}/conges/demandes`, { startsOn: '2026-12-07', endsOn: '2026-12-11', reason: 'leave' });
    expect(refused.status).toBe(422);
    expect(refused.doc.querySelector('#conge-startsOn-erreur')?.textContent).toContain('Solde insuffisant : 5 j demandés, 2 j disponibles');
    const made = await p.browser.post(`/personnes/${p.detainee.id}/conges/demandes`, {
      startsOn: '2026-12-07',
      endsOn: '2026-12-08',
      endsMorning: 'on',
      reason: 'leave',
      comment: 'Visite familiale',
    });
    expect(made.status).toBe(303);
    const page = (await p.browser.get(`/personnes/${p.detainee.id}`)).doc;
    expect(page.querySelector('#conges-demandes-liste tbody tr')?.textContent).toContain('du 07/12/2026 au 08/12/2026 (matin)');
    const queue = (await p.browser.get(`/etablissements/${p.mine.id}/conges/demandes`)).doc;
    const row = queue.querySelector('#conges-file tbody tr');
    expect(row?.textContent).toContain('1,5 j');
    const requestId = row?.id.replace('demande-', '');
    const approved = await p.browser.post(`/conges/demandes/${requestId}/approuver`, {}, { 'HX-Request': 'true' });
    expect(approved.status).toBe(200);
    expect(parse(`<table><tbody>${approved.html}</tbody></table>`).querySelector('tr')?.getAttribute('data-status')).toBe('approved');
    // The person page: today (1 December) still 2 days; at 31 December 2 − 1,5, the movement listed.
    const after = (await p.browser.get(`/personnes/${p.detainee.id}?conges=2026-12-31`)).doc;
    expect(after.querySelector('#conges-solde strong')?.textContent).toBe('2 jours');
    expect(after.querySelector('#conges-solde-date')?.textContent).toBe('0,5 jour');
    expect(after.querySelector('#conges-mouvements')?.textContent).toContain('−1,5 j : congé du 07/12/2026 au 08/12/2026');
    // Another coordinator's queue or decision: 404.
    const q = await person();
    expect((await q.browser.get(`/etablissements/${p.mine.id}/conges/demandes`)).status).toBe(404);
    expect((await q.browser.post(`/conges/demandes/${requestId}/annuler`, {}, { 'HX-Request': 'true' })).status).toBe(404);
    // A refusal without its reason is said in the row.
    const second = await requestLeave(t.em(), p.coordinator, p.detainee.id, leave('2026-12-09', '2026-12-09', { endsMorning: true }));
    const noReason = await p.browser.post(`/conges/demandes/${second.id}/refuser`, { refusalReason: ' ' }, { 'HX-Request': 'true' });
    expect(noReason.status).toBe(422);
    expect(noReason.html).toContain('Indiquez le motif du refus.');
  });

  it('the partner picks among its workshop’s people (name and post), another partner gets 404, the balance is never shown', async () => {
    const p = await person();
    const q = await person();
    const partner = new Browser(t.app);
    const partnerUser = await t.em().findOneOrFail(User, p.partnerScope.userId);
    await partner.login(partnerUser.email, TEST_PASSWORD);
    const form = await partner.get(`/ateliers/${p.workshop.id}/conges/nouvelle`);
    expect(form.status).toBe(200);
    const options = [...form.doc.querySelectorAll('#conge-detaineeId option')].map((o) => o.textContent);
    expect(options.filter((o) => o?.includes('—'))).toEqual([`${p.detainee.lastName.toUpperCase()} ${p.detainee.firstName} — ${p.post.title}`]);
    expect((await partner.get(`/ateliers/${q.workshop.id}/conges/nouvelle`)).status).toBe(404);
    const other = await partner.post(`/ateliers/${p.workshop.id}/conges/nouvelle`, {
      detaineeId: String(q.detainee.id),
      startsOn: '2026-12-07',
      endsOn: '2026-12-07',
      reason: 'leave',
    });
    expect(other.status).toBe(422);
    expect(other.doc.querySelector('#conge-detaineeId-erreur')?.textContent).toBe('Choisissez une personne de cet atelier.');
    const tooMuch = await partner.post(`/ateliers/${p.workshop.id}/conges/nouvelle`, {
      detaineeId: String(p.detainee.id),
      startsOn: '2026-12-07',
      endsOn: '2026-12-11',
      reason: 'leave',
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.html).toContain('Solde de congés insuffisant pour ces dates');
    expect(tooMuch.html).not.toContain('disponibles');
    const made = await partner.post(`/ateliers/${p.workshop.id}/conges/nouvelle`, {
      detaineeId: String(p.detainee.id),
      startsOn: '2026-12-07',
      endsOn: '2026-12-07',
      reason: 'leave',
    });
    expect(made.status).toBe(303);
    expect((await live(p.detainee.id)).map((r) => r.status)).toEqual(['requested']);
    // The partner decides nothing.
    expect((await partner.post(`/conges/demandes/${(await live(p.detainee.id))[0]?.id}/approuver`)).status).toBe(403);
  });

  it('the database refuses two live requests of a person on overlapping dates', async () => {
    const p = await person();
    const insert = (from: string, to: string) =>
      t
        .em()
        .execute(
          `insert into leave_request (establishment_id, detainee_id, assignment_id, starts_on, ends_on, days, reason) values (?, ?, ?, ?, ?, 100, 'leave')`,
          [p.mine.id, p.detainee.id, p.assignment.id, from, to],
        );
    await insert('2026-12-07', '2026-12-08');
    await expect(insert('2026-12-08', '2026-12-09')).rejects.toThrow(/leave_request_overlap/);
    await t
      .em()
      .execute(`update leave_request set status = 'refused', refusal_reason = 'Non', decided_at = now(), decided_by_id = ? where detainee_id = ?`, [
        p.user.id,
        p.detainee.id,
      ]);
    await insert('2026-12-08', '2026-12-09');
  });
});
