import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { addLeaveAdjustment, type LeaveAdjustmentInput, removeLeaveAdjustment } from '../../src/leave/adjustments.ts';
import { leaveBalanceOf } from '../../src/leave/balance.ts';
import { LeavePolicy } from '../../src/leave/entities.ts';
import { INSERRE_PRESET } from '../../src/leave/policy.ts';
import { policyVersionsOf } from '../../src/leave/service.ts';
import { fixedClock, plusDays, weekDays } from '../../src/platform/calendar.ts';
import { FieldErrors, ForbiddenError, NotFoundError } from '../../src/platform/errors.ts';
import { formatShortDay } from '../../src/platform/format.ts';
import { Scope } from '../../src/platform/scope.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * Manual leave adjustments (issue 19, item 2). Every person below holds a post from 1 October
 * 2026 and has worked every weekday of October and November, validated up to the week of 23
 * November: under InSERRE's figures (1 day per month of 10 days worked) +1 j on 31 October and
 * +1 j on 30 November, so 2 j (200) on 1 December 2026, "today".
 */

const TODAY = '2026-12-01';
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock(TODAY) });
});
afterAll(() => t.close());

let n = 0;
async function person({ policyFrom = '2026-01-01' }: { policyFrom?: string } = {}) {
  n++;
  const em = t.em();
  const mine = await createEstablishment(em);
  const partner = await createPartner(em);
  const workshop = await createWorkshop(em, mine, { name: 'Reliure', partner });
  const post = await createPost(em, workshop, { code: `J${n}-REL-01` });
  const detainee = await createDetainee(em, mine, { prisonNumber: `J${String(n).padStart(4, '0')}`, arrivalDate: '2026-09-01' });
  const user = await createUser(em, 'coordinator', { establishments: [mine] });
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  const made = await browser.post(`/personnes/${detainee.id}/affectations`, {
    postId: String(post.id),
    contractReference: `CEP-J${n}`,
    startsOn: '2026-10-01',
    weeklyHours: '35',
  });
  expect(made.status).toBeLessThan(400);
  const assignment = await t.em().findOneOrFail(Assignment, { detainee: detainee.id });
  const fork = t.em();
  fork.create(LeavePolicy, { ...INSERRE_PRESET, name: 'InSERRE test', establishment: mine.id, effectiveFrom: policyFrom });
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
  return { mine, partner, workshop, detainee, assignment, user, coordinator, browser };
}

const adjustment = (days: number, more: Partial<LeaveAdjustmentInput> = {}): LeaveAdjustmentInput => ({
  day: TODAY,
  days,
  reason: 'Jour reporté de l’établissement précédent',
  ...more,
});

const stored = (detaineeId: number) =>
  t
    .em()
    .getConnection()
    .execute<{ id: number; centidays: number; reason: string }[]>(`select id, centidays, reason from leave_adjustment where detainee_id = ? order by id`, [
      detaineeId,
    ]);

async function balanceToday(p: Awaited<ReturnType<typeof person>>) {
  const b = await leaveBalanceOf(t.em(), p.coordinator, p.detainee.id, await policyVersionsOf(t.em(), p.mine.id), TODAY);
  return b.balanceToday;
}

/** The balance the person page shows, and the sum of the movements it lists. */
async function shown(browser: Browser, detaineeId: number) {
  const page = await browser.get(`/personnes/${detaineeId}`);
  expect(page.status).toBe(200);
  const rows = [...page.doc.querySelectorAll('#conges-mouvements tbody tr')];
  return {
    page,
    balance: page.doc.querySelector('#conges-solde strong')?.textContent?.trim(),
    sum: rows.reduce((total, r) => total + Number(r.getAttribute('data-centidays')), 0),
    adjustments: rows.filter((r) => r.querySelector('td:nth-child(2)')?.textContent === 'Ajustement'),
  };
}

async function refusal(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FieldErrors);
  return (error as FieldErrors).fields;
}

describe('manual adjustments', () => {
  it('are added and removed from the person page: the balance shown stays the sum of the movements listed, and the audit trail keeps the reason', async () => {
    const p = await person();
    const before = await shown(p.browser, p.detainee.id);
    expect(before.balance).toBe('2 jours');
    expect(before.page.doc.querySelector<HTMLInputElement>('#ajustement-day')?.getAttribute('value')).toBe(TODAY);

    const added = await p.browser.post(`/personnes/${p.detainee.id}/conges/ajustements`, { day: TODAY, days: '+1', reason: 'Jour reporté de Brest' });
    expect(added.status).toBe(303);
    expect(added.location).toBe(`/personnes/${p.detainee.id}#conges`);
    const half = await p.browser.post(`/personnes/${p.detainee.id}/conges/ajustements`, {
      day: '2026-11-02',
      days: '-0,5',
      reason: 'Demi-journée prise en octobre',
    });
    expect(half.status).toBe(303);

    const [plus, minus] = await stored(p.detainee.id);
    expect([plus?.centidays, minus?.centidays]).toEqual([100, -50]);
    const after = await shown(p.browser, p.detainee.id);
    // 2 + 1 − 0,5, by hand.
    expect(after.balance).toBe('2,5 jours');
    expect(after.sum).toBe(250);
    expect(after.page.html).toContain('L’ajustement de −0,5 j est enregistré. Le solde est maintenant de 2,5 jours.');
    const [createdOn] = await t
      .em()
      .getConnection()
      .execute<{ on: string }[]>(`select to_char(created_at at time zone 'Europe/Paris', 'YYYY-MM-DD') as on from leave_adjustment where id = ?`, [plus?.id]);
    expect(after.adjustments.map((r) => r.querySelector('td:nth-child(4)')?.textContent)).toEqual([
      expect.stringContaining(`−0,5 j : ajustement par ${p.user.displayName} le ${formatShortDay(createdOn?.on)}, motif : Demi-journée prise en octobre`),
      expect.stringContaining(`+1 j : ajustement par ${p.user.displayName} le ${formatShortDay(createdOn?.on)}, motif : Jour reporté de Brest`),
    ]);

    // « Supprimer » on the +1: a POST with its confirmation, back to 1,5 j.
    const remove = after.adjustments[1]?.querySelector('form');
    expect(remove?.getAttribute('action')).toBe(`/conges/ajustements/${plus?.id}/suppression`);
    expect(remove?.getAttribute('data-confirm')).toContain('Supprimer cet ajustement ?');
    const removed = await p.browser.post(`/conges/ajustements/${plus?.id}/suppression`);
    expect(removed.status).toBe(303);
    const last = await shown(p.browser, p.detainee.id);
    expect(last.balance).toBe('1,5 jour');
    expect(last.sum).toBe(150);
    expect(last.page.html).toContain('L’ajustement est supprimé. Le solde est maintenant de 1,5 jour.');
    expect((await stored(p.detainee.id)).map((r) => r.id)).toEqual([minus?.id]);
    // Removing it again: it is gone.
    expect((await p.browser.post(`/conges/ajustements/${plus?.id}/suppression`)).status).toBe(404);

    const audit = await t
      .em()
      .getConnection()
      .execute<{ action: string; reason: string; actor_id: number; establishment_id: number }[]>(
        `select action, coalesce(after->>'reason', before->>'reason') as reason, actor_id, establishment_id from audit_event
          where entity = 'leave_adjustment' and entity_id = ? order by id`,
        [String(plus?.id)],
      );
    expect(audit.map((a) => [a.action, a.reason, a.actor_id, a.establishment_id])).toEqual([
      [expect.stringMatching(/insert|create/i), 'Jour reporté de Brest', p.user.id, p.mine.id],
      [expect.stringMatching(/delete/i), 'Jour reporté de Brest', p.user.id, p.mine.id],
    ]);
  });

  it('takes the balance below zero when the coordination says so, and says the new balance', async () => {
    const p = await person();
    const reply = await p.browser.post(`/personnes/${p.detainee.id}/conges/ajustements`, { day: TODAY, days: '-5', reason: 'Congés pris avant le transfert' });
    expect(reply.status).toBe(303);
    const after = await shown(p.browser, p.detainee.id);
    expect(after.page.html).toContain('Le solde devient négatif : −3 jours aujourd’hui.');
    expect(after.sum).toBe(-300);
    expect(await balanceToday(p)).toBe(-300);
  });

  it('refuses, next to the field and storing nothing: no number, zero, not a half day, beyond 60 days, no reason, a day before the first post, after today, after the leaving, without a policy', async () => {
    const p = await person();
    const post = (form: Record<string, string>) =>
      p.browser.post(`/personnes/${p.detainee.id}/conges/ajustements`, { day: TODAY, days: '1', reason: 'Correction du compteur', ...form });
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ days: '' }, 'days', 'Indiquez le nombre de jours : « +1 » ajoute un jour, « -0,5 » retire une demi-journée.'],
      [{ days: 'deux' }, 'days', 'Saisissez un nombre de jours, comme « +1 », « -0,5 » ou « 2 ».'],
      [{ days: '0' }, 'days', 'Un ajustement de 0 jour ne change rien : indiquez un nombre de jours, positif ou négatif.'],
      [{ days: '0,25' }, 'days', 'Un ajustement se fait par demi-journée : 0,5, 1, 1,5…'],
      [{ days: '-60,5' }, 'days', 'Un ajustement tient en 60 jours au plus, dans un sens ou dans l’autre.'],
      [{ reason: ' ab ' }, 'reason', 'Indiquez le motif de l’ajustement (3 caractères au moins) : il figure dans le compteur.'],
      [{ reason: 'x'.repeat(301) }, 'reason', 'Le motif tient en 300 caractères au plus.'],
      [{ reason: 'Ligne\u0007 cachée' }, 'reason', 'Ce champ contient un caractère invisible ou de contrôle : retapez-le.'],
      [{ day: '30/09/2026' }, 'day', 'Saisissez une date (jj/mm/aaaa).'],
      [{ day: '2026-09-30' }, 'day', 'La personne n’occupe un poste dans l’établissement que depuis le 01/10/2026 : choisissez une date à partir de ce jour.'],
      [{ day: '2026-12-02' }, 'day', 'Un ajustement porte sur aujourd’hui ou une date passée.'],
    ];
    for (const [form, field, message] of cases) {
      const reply = await post(form);
      expect(reply.status, JSON.stringify(form)).toBe(422);
      expect(reply.doc.querySelector(`#ajustement-${field}-erreur`)?.textContent?.trim(), JSON.stringify(form)).toBe(message);
      // The form comes back with what was typed.
      if (field === 'days') expect(reply.doc.querySelector('#ajustement-days')?.getAttribute('value')).toBe(form.days);
    }
    expect(await stored(p.detainee.id)).toEqual([]);

    const late = await person({ policyFrom: '2026-11-01' });
    expect((await refusal(addLeaveAdjustment(t.em(), late.coordinator, late.detainee.id, adjustment(100, { day: '2026-10-15' }), TODAY))).day).toBe(
      'Aucune politique de congés n’est en vigueur le 15/10/2026 dans cet établissement.',
    );
    expect(await stored(late.detainee.id)).toEqual([]);

    const gone = await person();
    await t.em().execute(`update assignment set ended_on = '2026-11-20', end_reason = 'release' where id = ?`, [gone.assignment.id]);
    await t.em().execute(`update detainee set status = 'released', left_on = '2026-11-20' where id = ?`, [gone.detainee.id]);
    expect((await refusal(addLeaveAdjustment(t.em(), gone.coordinator, gone.detainee.id, adjustment(100, { day: '2026-11-23' }), TODAY))).day).toBe(
      'La personne a quitté l’établissement le 20/11/2026 : choisissez une date jusqu’à ce jour.',
    );
    expect(await stored(gone.detainee.id)).toEqual([]);

    const never = await createDetainee(t.em(), p.mine, { prisonNumber: `J${String(n).padStart(4, '0')}X`, arrivalDate: '2026-09-01' });
    expect((await refusal(addLeaveAdjustment(t.em(), p.coordinator, never.id, adjustment(100), TODAY))).day).toBe(
      'La personne n’a encore occupé aucun poste dans l’établissement : il n’y a pas de compteur de congés à ajuster.',
    );
  });

  it('answers 404 to another establishment’s coordinator and 403 to a partner or a committee member, adding or removing', async () => {
    const p = await person();
    const { adjustment: mine } = await addLeaveAdjustment(t.em(), p.coordinator, p.detainee.id, adjustment(100), TODAY);
    const other = await person();
    const form = { day: TODAY, days: '1', reason: 'Tentative d’ailleurs' };
    expect((await other.browser.post(`/personnes/${p.detainee.id}/conges/ajustements`, form)).status).toBe(404);
    expect((await other.browser.post(`/conges/ajustements/${mine.id}/suppression`)).status).toBe(404);

    const partnerUser = await createUser(t.em(), 'partner', { partner: p.partner });
    const partner = new Browser(t.app);
    await partner.login(partnerUser.email, TEST_PASSWORD);
    expect((await partner.post(`/personnes/${p.detainee.id}/conges/ajustements`, form)).status).toBe(403);
    expect((await partner.post(`/conges/ajustements/${mine.id}/suppression`)).status).toBe(403);
    const committee = new Scope(partnerUser.id, 'committee', [], null);
    await expect(addLeaveAdjustment(t.em(), committee, p.detainee.id, adjustment(100), TODAY)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeLeaveAdjustment(t.em(), other.coordinator, mine.id, TODAY)).rejects.toBeInstanceOf(NotFoundError);
    expect((await stored(p.detainee.id)).map((r) => r.id)).toEqual([mine.id]);
    expect(await stored(other.detainee.id)).toEqual([]);
  });

  it('two adjustments at once are both kept, and each reports the balance the other left (20 times)', async () => {
    const p = await person();
    let expected = 200;
    for (let i = 0; i < 20; i++) {
      const [a, b] = await Promise.all([
        addLeaveAdjustment(t.em(), p.coordinator, p.detainee.id, adjustment(100, { reason: `Course ${i} a` }), TODAY),
        addLeaveAdjustment(t.em(), p.coordinator, p.detainee.id, adjustment(-50, { reason: `Course ${i} b` }), TODAY),
      ]);
      // One went first and saw its own change only; the second saw both: never two reports of one change each.
      const reports = [a.balance, b.balance].sort((x, y) => x - y);
      expect([
        [expected - 50, expected + 50],
        [expected + 50, expected + 100],
      ]).toContainEqual(reports);
      expected += 50;
    }
    const rows = await stored(p.detainee.id);
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.reason)).size).toBe(40);
    expect(await balanceToday(p)).toBe(200 + 20 * 50);
  });
});
