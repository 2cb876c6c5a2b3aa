import type { EntityManager } from '@mikro-orm/postgresql';
import { Assignment, type EndReason, Enrollment, Suspension } from '../../src/assignments/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { LeavePolicy } from '../../src/leave/entities.ts';
import { INSERRE_PRESET } from '../../src/leave/policy.ts';
import { type Day, mondayOf } from '../../src/platform/calendar.ts';
import { TrainingProgramme } from '../../src/training/entities.ts';
import type { Post, Workshop } from '../../src/workshops/entities.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createSession, createUser, createWorkshop } from './factories.ts';

/**
 * The one hand-built scenario of issue 22 (§ Tests): a small establishment over the third quarter
 * of 2026 (1 July → 30 September, 92 days), with the second quarter (1 April → 30 June, 91 days)
 * as the « période précédente », and August (31 days) as a month. tests/indicators/scenario.test.ts
 * computes every indicator on it by hand; tests/reports/scenario-pdf.test.ts reads its report back.
 *
 * Establishment « Centre Scénario » (InSERRE), leave policy InSERRE (1 day per month with at least
 * 10 days worked, credited on the month's last day; leave not paid so that the gross pay is work only).
 * Workshops: Cuisine (partner « Régie Cuisine ») with posts C1 C2 C3 (codes CUI-1…); Reliure (ESS partner
 * « Reliures Solidaires ») with posts R1 R2 (REL-1, REL-2). Every post created on 1 January 2026, 35 h a week,
 * production category (45 % of the SMIC 12,02 € = 5,409 €/h). Everybody arrived on 5 January 2026
 * unless said otherwise.
 *
 * | who | post / session           | what, which days                                                                                  |
 * | --- | ------------------------ | ------------------------------------------------------------------------------------------------- |
 * | P1  | C1                       | holds 04/05 → ; hours 06–10/07 7 h a day, 20–24/07 8 h a day (5 h at +25 %), CJ on 27/07;        |
 * |     |                          | half a day of leave on 10/08 (approved)                                                           |
 * | P2  | C2                       | holds 01/04 → 17/07, ended by release, left the establishment 17/07; hours 06–10/07 7 h a day,   |
 * |     |                          | 13/07 7 h, MED 15/07, AI 16 and 17/07                                                             |
 * | P3  | C2                       | favourable CPU 06/07, assigned 03/08 (C2 vacant 18/07 → 02/08: 16 days); holds 03/08 →; no hours   |
 * | P4  | R1                       | holds 01/04 → 14/08, ended by resignation; hours 06–10/07 7 h a day                               |
 * | P5  | R1                       | favourable CPU 15/06 (post R1), assigned 01/09 (R1 vacant 15/08 → 31/08: 17 days); no hours       |
 * | P6  | R2                       | holds 01/06 →, suspended 10/08 → 21/08; hours 06–10/07 7 h a day (validated), 07–11/09 7 h a day |
 * |     |                          | (week left NOT validated)                                                                         |
 * | P7  | session « Agent de       | enrolled 06/07, completed 25/09 (the session's last day), certified; 6 h of training a day       |
 * |     | restauration » (RNCP)    | 06–10/07 (session week validated)                                                                 |
 * | P8  | same session             | enrolled 06/07, dropped 31/07; nothing since                                                      |
 * | P9  | —                        | arrived 10/09; favourable CPU 20/09 for Reliure, still waiting on 30/09                           |
 * | P10 | —                        | nothing ever; unfavourable CPU 20/08 for Cuisine (refused)                                        |
 * | P11 | —                        | arrived 27/09 (3 days without activity on 30/09: not counted)                                     |
 * | P12 | C3                       | holds 01/04 → 30/06, end of contract; nothing since (C3 has no holder in the quarter)          |
 * | —   | C3                       | frozen on 01/08, reopened on 01/09 (audit trail): vacant and open in July and September only    |
 *
 * The session runs 06/07 → 25/09 with 8 places. Weeks validated: Cuisine 06/07, 13/07, 20/07,
 * 27/07; Reliure 06/07; the session's 06/07. Reliure's week of 07/09 is open (not validated).
 *
 * Partners' log (Reliure unless said): 15/06 production 10 livres (public); 10/07 production 120
 * livres (public); 12/08 production 30 « Livres » (company); 20/08 production 500 livres (public)
 * corrected the same day to 50; 15/09 Cuisine production 200 repas (internal); 25/08 training
 * « Sécurité » 2 h, 5 participants; 18/09 event (employer); incidents: 22/07 minor, 05/08
 * moderate (Cuisine), 02/09 minor.
 *
 * Technical committee of the establishment: meetings 20/06 (M1), 09/07 (M2), 17/09 (M3).
 * Decisions: M1 n° 1; M2 n° 2 and 3; M3 n° 4 and one not numbered (minutes not approved).
 * Actions: A1 decided at M1, open, due 31/07, never followed up; A2 decided at M2, in progress,
 * due 15/12; A3 decided at M2 (open), done at M3, due 30/09; A4 decided at M1 (open), done at M2.
 */

export interface IndicatorScenario {
  establishmentId: number;
  cuisineId: number;
  reliureId: number;
  partnerId: number;
  sessionId: number;
  coordinatorId: number;
  people: Record<`P${number}`, number>;
}

export const SCENARIO_QUARTER = { from: '2026-07-01', to: '2026-09-30' } as const;
export const SCENARIO_AUGUST = { from: '2026-08-01', to: '2026-08-31' } as const;
export const SCENARIO_PREVIOUS = { from: '2026-04-01', to: '2026-06-30' } as const;

const weekdays = (from: Day, to: Day): Day[] => {
  const days: Day[] = [];
  for (let d = new Date(`${from}T12:00:00Z`); d <= new Date(`${to}T12:00:00Z`); d.setUTCDate(d.getUTCDate() + 1))
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
  return days;
};

export async function buildIndicatorScenario(em: EntityManager): Promise<IndicatorScenario> {
  const sql = (text: string, values: unknown[] = []) => em.getConnection().execute(text, values);
  const id = async (text: string, values: unknown[]) => ((await sql(`${text} returning id`, values)) as Array<{ id: number }>)[0]?.id ?? 0;

  const establishment = await createEstablishment(em, { name: 'Centre Scénario', capacity: 20 });
  const coordinator = await createUser(em, 'coordinator', { establishments: [establishment], displayName: 'Claire Coordinatrice' });
  em.create(LeavePolicy, { ...INSERRE_PRESET, paid: false, name: 'InSERRE', establishment: establishment.id, effectiveFrom: '2026-01-01' });
  await em.flush();
  const cuisine = await createWorkshop(em, establishment, { name: 'Cuisine', partner: await createPartner(em, { name: 'Régie Cuisine' }) });
  const partner = await createPartner(em, { name: 'Reliures Solidaires' });
  const reliure = await createWorkshop(em, establishment, { name: 'Reliure', partner });
  const post = async (workshop: Workshop, code: string) => {
    const p = await createPost(em, workshop, { code, title: code.startsWith('CUI') ? 'Commis de cuisine' : 'Relieur' });
    await sql(`update post set created_at = '2026-01-01 09:00 Europe/Paris' where id = ?`, [p.id]);
    return p;
  };
  const [c1, c2, c3] = [await post(cuisine, 'CUI-1'), await post(cuisine, 'CUI-2'), await post(cuisine, 'CUI-3')];
  const [r1, r2] = [await post(reliure, 'REL-1'), await post(reliure, 'REL-2')];
  // C3 frozen on 1 August and reopened on 1 September, as the audit trail records it (its only history of freezing).
  for (const [at, from, to] of [
    ['2026-08-01 09:00 Europe/Paris', 'open', 'frozen'],
    ['2026-09-01 09:00 Europe/Paris', 'frozen', 'open'],
  ] as const) {
    await sql(
      `insert into audit_event (occurred_at, action, entity, entity_id, establishment_id, before, after) values (?::timestamptz, 'update', 'post', ?, ?, ?::jsonb, ?::jsonb)`,
      [at, String(c3.id), establishment.id, JSON.stringify({ id: c3.id, status: from }), JSON.stringify({ id: c3.id, status: to })],
    );
    await sql('update post set status = ? where id = ?', [to, c3.id]);
  }

  const people: Record<string, Detainee> = {};
  for (let n = 1; n <= 12; n++) {
    const arrivalDate = n === 9 ? '2026-09-10' : n === 11 ? '2026-09-27' : '2026-01-05';
    people[`P${n}`] = await createDetainee(em, establishment, { lastName: `Personne${n}`, prisonNumber: `SC${n}`, arrivalDate });
  }
  const who = (p: string) => people[p] as Detainee;

  const assign = async (p: string, target: Post, startsOn: Day, endedOn: Day | null = null, endReason: EndReason | null = null) => {
    const a = em.create(Assignment, {
      establishment: establishment.id,
      detainee: who(p).id,
      post: target.id,
      contractReference: `CEP-${p}`,
      startsOn,
      trialEndsOn: startsOn,
      weeklyMinutes: 2100,
      payCategory: 'production',
      endedOn,
      endReason,
    });
    await em.flush();
    return a;
  };
  const a1 = await assign('P1', c1, '2026-05-04');
  const a2 = await assign('P2', c2, '2026-04-01', '2026-07-17', 'release');
  await sql(`update detainee set status = 'released', left_on = '2026-07-17', left_reason = 'Libération' where id = ?`, [who('P2').id]);
  await assign('P3', c2, '2026-08-03');
  const a4 = await assign('P4', r1, '2026-04-01', '2026-08-14', 'resignation');
  await assign('P5', r1, '2026-09-01');
  const a6 = await assign('P6', r2, '2026-06-01');
  em.create(Suspension, { establishment: establishment.id, assignment: a6.id, startsOn: '2026-08-10', endsOn: '2026-08-21', reason: 'sickness' });
  await em.flush();
  await assign('P12', c3, '2026-04-01', '2026-06-30', 'end_of_contract');

  // Hours: each value is hours of work, or an absence code.
  const typed = (a: Assignment, workshop: Workshop, days: Record<Day, number | string>) => {
    for (const [day, value] of Object.entries(days))
      em.create(TimeEntry, {
        establishment: establishment.id,
        detainee: a.detainee.id,
        assignment: a.id,
        workshop: workshop.id,
        day,
        kind: typeof value === 'number' ? 'work' : 'absence',
        minutes: typeof value === 'number' ? value * 60 : 0,
        absenceCode: typeof value === 'number' ? null : value,
      });
  };
  const each = (from: Day, to: Day, value: number | string) => Object.fromEntries(weekdays(from, to).map((d) => [d, value]));
  typed(a1, cuisine, { ...each('2026-07-06', '2026-07-10', 7), ...each('2026-07-20', '2026-07-24', 8), '2026-07-27': 'CJ' });
  typed(a2, cuisine, { ...each('2026-07-06', '2026-07-10', 7), '2026-07-13': 7, '2026-07-15': 'MED', '2026-07-16': 'AI', '2026-07-17': 'AI' });
  typed(a4, reliure, each('2026-07-06', '2026-07-10', 7));
  typed(a6, reliure, { ...each('2026-07-06', '2026-07-10', 7), ...each('2026-09-07', '2026-09-11', 7) });
  await em.flush();

  // Training: a certifying programme, one session, a completion and a drop-out.
  const programme = em.create(TrainingProgramme, { title: 'Agent de restauration', provider: 'GRETA', certificationCode: 'RNCP12345', hours: 300 });
  await em.flush();
  const session = await createSession(em, establishment, programme, { startsOn: '2026-07-06', endsOn: '2026-09-25', places: 8 });
  const e7 = em.create(Enrollment, { establishment: establishment.id, session: session.id, detainee: who('P7').id, startsOn: '2026-07-06' });
  em.create(Enrollment, { establishment: establishment.id, session: session.id, detainee: who('P8').id, startsOn: '2026-07-06' });
  await em.flush();
  for (const day of weekdays('2026-07-06', '2026-07-10'))
    em.create(TimeEntry, {
      establishment: establishment.id,
      detainee: who('P7').id,
      enrollment: e7.id,
      session: session.id,
      day,
      kind: 'training',
      minutes: 360,
    });
  await em.flush();
  await sql(`update enrollment set status = 'completed', ended_on = '2026-09-25', certified = true where session_id = ? and detainee_id = ?`, [
    session.id,
    who('P7').id,
  ]);
  await sql(`update enrollment set status = 'dropped', ended_on = '2026-07-31', drop_reason = 'Abandon' where session_id = ? and detainee_id = ?`, [
    session.id,
    who('P8').id,
  ]);

  // Weeks: validated, but Reliure's week of 7 September left open.
  const week = async (column: 'workshop_id' | 'session_id', owner: number, monday: Day, validated = true) =>
    sql(
      `insert into timesheet_week (establishment_id, ${column}, week_start, status, validated_at, validated_by_id) values (?, ?, ?, ?, ?, ?)
         on conflict (${column}, week_start) where ${column} is not null
         do update set status = excluded.status, validated_at = excluded.validated_at, validated_by_id = excluded.validated_by_id`,
      [establishment.id, owner, monday, validated ? 'validated' : 'open', validated ? new Date() : null, validated ? coordinator.id : null],
    );
  for (const monday of ['2026-07-06', '2026-07-13', '2026-07-20', '2026-07-27']) await week('workshop_id', cuisine.id, monday);
  await week('workshop_id', reliure.id, '2026-07-06');
  await week('workshop_id', reliure.id, mondayOf('2026-09-07'), false);
  await week('session_id', session.id, '2026-07-06');

  // Leave: half a day on 10 August (the morning), approved.
  await sql(
    `insert into leave_request (establishment_id, detainee_id, assignment_id, starts_on, ends_on, ends_morning, days, reason, status, decided_by_id, decided_at)
     values (?, ?, ?, '2026-08-10', '2026-08-10', true, 50, 'leave', 'approved', ?, now())`,
    [establishment.id, who('P1').id, a1.id, coordinator.id],
  );

  // Candidacies (workshop or post).
  const candidacy = async (p: string, target: { workshop: Workshop } | { post: Post }, status: string, opinion: string, cpuOn: Day, closedOn: Day | null) =>
    sql(
      `insert into candidacy (establishment_id, detainee_id, target, workshop_id, post_id, proposed_by, submitted_on, status, cpu_opinion, cpu_on, closed_on)
       values (?, ?, ?, ?, ?, 'self', '2026-05-01', ?, ?, ?, ?)`,
      [
        establishment.id,
        who(p).id,
        'workshop' in target ? 'workshop' : 'post',
        'workshop' in target ? target.workshop.id : null,
        'post' in target ? target.post.id : null,
        status,
        opinion,
        cpuOn,
        closedOn,
      ],
    );
  await candidacy('P3', { workshop: cuisine }, 'assigned', 'favourable', '2026-07-06', '2026-08-03');
  await candidacy('P5', { post: r1 }, 'assigned', 'favourable', '2026-06-15', '2026-09-01');
  await candidacy('P9', { workshop: reliure }, 'approved', 'favourable', '2026-09-20', null);
  await candidacy('P10', { workshop: cuisine }, 'refused', 'unfavourable', '2026-08-20', '2026-08-20');

  // The partners' log.
  const entry = (workshop: Workshop, day: Day, kind: string, fields: Record<string, unknown> = {}) => {
    const row: Record<string, unknown> = {
      establishment_id: establishment.id,
      workshop_id: workshop.id,
      partner_id: workshop.partner.id,
      day,
      kind,
      ...fields,
    };
    const columns = Object.keys(row);
    return id(`insert into activity_entry (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`, Object.values(row));
  };
  await entry(reliure, '2026-06-15', 'production', { quantity: 10, unit: 'livres', customer_kind: 'public' });
  await entry(reliure, '2026-07-10', 'production', { quantity: 120, unit: 'livres', customer_kind: 'public' });
  await entry(reliure, '2026-08-12', 'production', { quantity: 30, unit: 'Livres', customer_kind: 'company' });
  const wrong = await entry(reliure, '2026-08-20', 'production', { quantity: 500, unit: 'livres', customer_kind: 'public' });
  await entry(reliure, '2026-08-20', 'production', { quantity: 50, unit: 'livres', customer_kind: 'public', corrects_id: wrong });
  await entry(cuisine, '2026-09-15', 'production', { quantity: 200, unit: 'repas', customer_kind: 'internal' });
  await entry(reliure, '2026-08-25', 'training', { topic: 'Sécurité', minutes: 120, participants: 5 });
  await entry(reliure, '2026-09-18', 'event', { visitor_kind: 'employer' });
  await entry(reliure, '2026-07-22', 'incident', { severity: 'minor', description: 'Coupure légère' });
  await entry(cuisine, '2026-08-05', 'incident', { severity: 'moderate', description: 'Brûlure' });
  await entry(reliure, '2026-09-02', 'incident', { severity: 'minor', description: 'Chute d’une pile' });

  // The technical committee.
  const committee = await id(`insert into committee (kind, name, code) values ('technical', 'Comité technique Scénario', 'CT-SC')`, []);
  await sql('insert into committee_establishment (committee_id, establishment_id) values (?, ?)', [committee, establishment.id]);
  const meeting = (at: string) => id('insert into committee_meeting (committee_id, starts_at) values (?, ?::timestamptz)', [committee, at]);
  const m1 = await meeting('2026-06-20 10:00 Europe/Paris');
  const m2 = await meeting('2026-07-09 10:00 Europe/Paris');
  const m3 = await meeting('2026-09-17 10:00 Europe/Paris');
  const decision = (m: number, n: number | null) =>
    id(`insert into committee_decision (committee_id, meeting_id, text, year, number) values (?, ?, 'Décision', ?, ?)`, [
      committee,
      m,
      n === null ? null : 2026,
      n,
    ]);
  await decision(m1, 1);
  await decision(m2, 2);
  await decision(m2, 3);
  await decision(m3, 4);
  await decision(m3, null);
  const action = (m: number, status: string, due: Day) =>
    id(`insert into action_item (committee_id, meeting_id, title, status, due_on) values (?, ?, 'Action', ?, ?)`, [committee, m, status, due]);
  const update = (a: number, m: number, status: string) =>
    id('insert into action_update (action_item_id, meeting_id, status) values (?, ?, ?)', [a, m, status]);
  await action(m1, 'open', '2026-07-31');
  await action(m2, 'in_progress', '2026-12-15');
  const a3 = await action(m2, 'done', '2026-09-30');
  await update(a3, m3, 'done');
  const a4x = await action(m1, 'done', '2026-08-31');
  await update(a4x, m2, 'done');

  return {
    establishmentId: establishment.id,
    cuisineId: cuisine.id,
    reliureId: reliure.id,
    partnerId: partner.id,
    sessionId: session.id,
    coordinatorId: coordinator.id,
    people: Object.fromEntries(Object.entries(people).map(([k, d]) => [k, d.id])) as Record<`P${number}`, number>,
  };
}
