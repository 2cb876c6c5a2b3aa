import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { adminClient } from './pg.ts';

/**
 * A fresh database cloned from the migrated template, reached with plain SQL and no ORM:
 * for the tests that go straight at the database's own guards (CHECKs, keys, triggers),
 * the way a script or a second instance would.
 */
export interface SqlDatabase {
  url: string;
  /** One connection for the file; `attempt` keeps each statement inside a rolled-back transaction. */
  client: pg.Client;
  /**
   * Runs `statements` in a transaction that is always rolled back, and returns the error
   * PostgreSQL raised, or null when it accepted them all. Deferred constraint triggers fire
   * too (`set constraints all immediate`), as they would at commit.
   */
  attempt(...statements: Array<string | [string, unknown[]]>): Promise<pg.DatabaseError | null>;
  /** Inserts a row and returns its id (committed: fixtures shared by the tests of a file). */
  insert(table: string, row: Record<string, unknown>): Promise<number>;
  close(): Promise<void>;
}

export async function createSqlDatabase(): Promise<SqlDatabase> {
  const maintenanceUrl = inject('maintenanceUrl');
  const template = inject('templateDatabase');
  const name = `atelier_test_${template.split('_').pop()}_${randomBytes(5).toString('hex')}`;
  await adminClient(maintenanceUrl, (c) => c.query(`create database ${name} template ${template}`));
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    client,
    attempt: async (...statements) => {
      await client.query('begin');
      try {
        for (const s of statements) await (typeof s === 'string' ? client.query(s) : client.query(s[0], s[1]));
        await client.query('set constraints all immediate');
        return null;
      } catch (e) {
        if (e instanceof pg.DatabaseError) return e;
        throw e;
      } finally {
        await client.query('rollback');
      }
    },
    insert: async (table, row) => {
      const columns = Object.keys(row);
      const { rows } = await client.query<{ id: number }>(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
        Object.values(row),
      );
      return (rows[0] as { id: number }).id;
    },
    close: async () => {
      await client.end();
      await adminClient(maintenanceUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** `update table set a = $1, b = $2 where id = $3` for one row, as a statement for `attempt`. */
export function updateRow(table: string, id: number, set: Record<string, unknown>): [string, unknown[]] {
  const columns = Object.keys(set);
  return [`update ${table} set ${columns.map((c, i) => `${c} = $${i + 1}`).join(', ')} where id = $${columns.length + 1}`, [...Object.values(set), id]];
}

/** One row of each table, consistent with every guard, on dates of 2026. */
export interface World {
  establishment: number;
  /** Another establishment, with its own workshop, post, session and person: for the composite foreign keys. */
  elsewhere: { establishment: number; workshop: number; post: number; session: number; detainee: number };
  partner: number;
  user: number;
  workshop: number;
  post: number;
  programme: number;
  session: number;
  /** Present since 2026-01-05. */
  detainee: number;
  candidacy: number;
  /** From 2026-03-02, 20 h a week, on `post`. */
  assignment: number;
  suspension: number;
  /** In `session` from 2026-02-02. */
  enrollment: number;
  /** 7 h on Tuesday 2026-03-03 under `assignment`, in the open week of 2026-03-02. */
  timeEntry: number;
  week: number;
  smicRate: number;
  payFloor: number;
  /** The establishment's « MED » reason, seeded by the database with every establishment. */
  absenceReason: number;
  /** The establishment's working time from 2099-01-01 (the code's figures: no effect on the dates the tests use). */
  workingTimeSetting: number;
  /** The establishment's leave policy from 2099-01-01 (InSERRE's figures). */
  leavePolicy: number;
  /** 1,5 j of leave asked for under `assignment`, 6 April 2026 and the morning of the 7th. */
  leaveRequest: number;
  /** +1 j added by hand to `detainee` on 1 April 2026. */
  leaveAdjustment: number;
  /** The establishment's technical committee (code CT-TEST), `user` its chair. */
  committee: number;
  committeeMember: number;
  /** A draft meeting of `committee` on 2026-03-05, with one agenda item, `committeeMember` present. */
  meeting: number;
  meetingItem: number;
  decision: number;
  actionItem: number;
  actionUpdate: number;
  /** The meeting's opinion on `candidacy`. */
  cpuOpinion: number;
  minutesEdition: number;
  /** A contact of `partner`. */
  partnerContact: number;
  /** `partner`'s agreement with the establishment, 2026. */
  partnerAgreement: number;
  /** A pending invitation of a colleague to `partner`, sent by `user`. */
  partnerInvitation: number;
  /** 120 books rebound in `workshop` on 2026-03-03, for a public body. */
  activityEntry: number;
  /** « Reliure à la main » noted on `assignment`. */
  assignmentSkill: number;
  /** An attestation issued for `detainee` by `user`. */
  attestation: number;
  /** The establishment's « Rapport d'évaluation » of 2026-T1, a draft asked by `user`. */
  evaluationReport: number;
  /** `user`'s comment on its « synthese » section. */
  evaluationReportComment: number;
}

export async function seedWorld(db: SqlDatabase): Promise<World> {
  const establishment = await db.insert('establishment', { name: 'InSERRE de test', kind: 'inserre', city: 'Arras', capacity: 180 });
  const partner = await db.insert('partner', { name: 'Association de test', kind: 'association' });
  const user = await db.insert('app_user', { email: 'coord@exemple.fr', display_name: 'Camille Test', password_hash: 'x', role: 'coordinator' });
  const workshop = await db.insert('workshop', {
    establishment_id: establishment,
    partner_id: partner,
    name: 'Reliure',
    activity: 'Reliure de livres',
    iae_type: 'aci',
  });
  const post = await db.insert('post', {
    establishment_id: establishment,
    workshop_id: workshop,
    title: 'Relieur',
    code: 'REL-01',
    weekly_minutes: 2100,
    pay_category: 'production',
  });
  const programme = await db.insert('training_programme', { title: 'CAP Reliure', provider: 'GRETA', hours: 140 });
  const session = await db.insert('training_session', {
    establishment_id: establishment,
    programme_id: programme,
    starts_on: '2026-01-05',
    ends_on: '2026-12-31',
    places: 2,
  });
  const person = (establishmentId: number, prisonNumber: string) =>
    db.insert('detainee', {
      establishment_id: establishmentId,
      prison_number: prisonNumber,
      last_name: 'Martin',
      first_name: 'Jean',
      birth_date: '1990-01-01',
      arrival_date: '2026-01-05',
    });
  const detainee = await person(establishment, 'A1');
  const candidacy = await db.insert('candidacy', {
    establishment_id: establishment,
    detainee_id: detainee,
    target: 'workshop',
    workshop_id: workshop,
    proposed_by: 'self',
    submitted_on: '2026-01-10',
  });
  const assignment = await db.insert('assignment', {
    establishment_id: establishment,
    detainee_id: detainee,
    post_id: post,
    contract_reference: 'CEP-1',
    starts_on: '2026-03-02',
    trial_ends_on: '2026-03-15',
    weekly_minutes: 1200,
    pay_category: 'production',
  });
  const suspension = await db.insert('assignment_suspension', {
    establishment_id: establishment,
    assignment_id: assignment,
    starts_on: '2026-05-04',
    ends_on: '2026-05-08',
    reason: 'sickness',
  });
  const enrollment = await db.insert('enrollment', { establishment_id: establishment, detainee_id: detainee, session_id: session, starts_on: '2026-02-02' });
  const timeEntry = await db.insert('time_entry', {
    establishment_id: establishment,
    detainee_id: detainee,
    assignment_id: assignment,
    workshop_id: workshop,
    day: '2026-03-03',
    kind: 'work',
    minutes: 420,
  });
  const week = await one(db, `select id from timesheet_week where workshop_id = $1 and week_start = '2026-03-02'`, [workshop]);
  const smicRate = await one(db, `select id from smic_rate where effective_from = '2026-01-01'`, []);
  const payFloor = await one(db, `select id from pay_floor where category = 'production'`, []);
  const absenceReason = await one(db, `select id from absence_reason where establishment_id = $1 and code = 'MED'`, [establishment]);
  const workingTimeSetting = await db.insert('working_time_setting', {
    establishment_id: establishment,
    effective_from: '2099-01-01',
    max_daily_minutes: 600,
    max_weekly_minutes: 2880,
    max_worked_days: 6,
    full_time_minutes: 2100,
    overtime_first_tier_minutes: 480,
    overtime_first_tier_percent: 25,
    overtime_beyond_percent: 50,
    yearly_overtime_cap_minutes: 13200,
    complementary_first_tier_percent: 10,
    complementary_second_tier_percent: 25,
  });
  const leavePolicy = await db.insert('leave_policy', {
    establishment_id: establishment,
    effective_from: '2099-01-01',
    name: 'InSERRE Arras v1',
    basis: 'month',
    days_per_month: 100,
    month_min_days: 10,
    days_per_block: 0,
    block_minutes: 0,
    period_start: '06-01',
    rounding: 'half_day_up',
    yearly_cap_days: 1200,
    carry_over_days: 500,
    carry_over_months: 6,
    pay_rate_basis_points: 10000,
    settlement: 'lost',
  });
  const leaveRequest = await db.insert('leave_request', {
    establishment_id: establishment,
    detainee_id: detainee,
    assignment_id: assignment,
    starts_on: '2026-04-06',
    ends_on: '2026-04-07',
    ends_morning: true,
    days: 150,
    reason: 'leave',
  });
  const leaveAdjustment = await db.insert('leave_adjustment', {
    establishment_id: establishment,
    detainee_id: detainee,
    day: '2026-04-01',
    centidays: 100,
    reason: 'Jour reporté de l’établissement précédent',
  });
  const committee = await db.insert('committee', { kind: 'technical', name: 'Comité technique de test', code: 'CT-TEST' });
  await db.client.query('insert into committee_establishment (committee_id, establishment_id) values ($1, $2)', [committee, establishment]);
  const committeeMember = await db.insert('committee_member', { committee_id: committee, user_id: user, role: 'chair' });
  const meeting = await db.insert('committee_meeting', { committee_id: committee, starts_at: '2026-03-05T09:00:00Z', place: 'Salle 1' });
  const meetingItem = await db.insert('meeting_item', { meeting_id: meeting, position: 1, title: 'Bilan du trimestre' });
  await db.client.query(`insert into meeting_attendance (meeting_id, member_id, status) values ($1, $2, 'present')`, [meeting, committeeMember]);
  const decision = await db.insert('committee_decision', {
    committee_id: committee,
    meeting_id: meeting,
    item_id: meetingItem,
    text: 'Ouvrir un second poste',
  });
  const actionItem = await db.insert('action_item', {
    committee_id: committee,
    meeting_id: meeting,
    item_id: meetingItem,
    title: 'Chiffrer le second poste',
    owner_member_id: committeeMember,
    due_on: '2026-04-01',
  });
  const actionUpdate = await db.insert('action_update', { action_item_id: actionItem, meeting_id: meeting, status: 'in_progress' });
  const cpuOpinion = await db.insert('cpu_opinion', { meeting_id: meeting, candidacy_id: candidacy, opinion: 'favourable' });
  const minutesEdition = await db.insert('minutes_edition', {
    meeting_id: meeting,
    edition: 1,
    content: '{}',
    pdf: Buffer.from('%PDF-1.4'),
    sha256: 'a'.repeat(64),
    approved_on: '2026-03-06',
    approved_at: '2026-03-06T10:00:00Z',
    approved_by_id: user,
  });

  const otherEstablishment = await db.insert('establishment', { name: 'Maison d’arrêt voisine', kind: 'maison_arret', city: 'Brest', capacity: 254 });
  const otherWorkshop = await db.insert('workshop', {
    establishment_id: otherEstablishment,
    partner_id: partner,
    name: 'Cuisine',
    activity: 'Cuisine collective',
    iae_type: 'none',
  });
  const elsewhere = {
    establishment: otherEstablishment,
    workshop: otherWorkshop,
    post: await db.insert('post', {
      establishment_id: otherEstablishment,
      workshop_id: otherWorkshop,
      title: 'Commis',
      code: 'CUI-01',
      weekly_minutes: 2100,
      pay_category: 'general_1',
    }),
    session: await db.insert('training_session', {
      establishment_id: otherEstablishment,
      programme_id: programme,
      starts_on: '2026-01-05',
      ends_on: '2026-12-31',
      places: 10,
    }),
    detainee: await person(otherEstablishment, 'B1'),
  };
  const partnerContact = await db.insert('partner_contact', { partner_id: partner, name: 'Mme Leroy', function: 'Directrice' });
  const partnerAgreement = await db.insert('partner_agreement', {
    partner_id: partner,
    establishment_id: establishment,
    reference: 'CONV-2026-01',
    starts_on: '2026-01-01',
    ends_on: '2026-12-31',
  });
  const partnerInvitation = await db.insert('partner_invitation', {
    partner_id: partner,
    email: 'collegue@exemple.fr',
    display_name: 'Alex Collègue',
    token_hash: 'a'.repeat(64),
    expires_at: '2099-01-01T00:00:00Z',
    created_by_id: user,
  });
  const activityEntry = await db.insert('activity_entry', {
    establishment_id: establishment,
    workshop_id: workshop,
    partner_id: partner,
    day: '2026-03-03',
    kind: 'production',
    quantity: 120,
    unit: 'livres reliés',
    customer_kind: 'public',
  });
  const assignmentSkill = await db.insert('assignment_skill', {
    establishment_id: establishment,
    assignment_id: assignment,
    label: 'Reliure à la main',
    noted_on: '2026-03-10',
    noted_by_id: user,
  });
  const attestation = await db.insert('attestation', { establishment_id: establishment, detainee_id: detainee, issued_by_id: user, sha256: 'd'.repeat(64) });
  const evaluationReport = await db.insert('evaluation_report', {
    establishment_id: establishment,
    period: '2026-T1',
    period_from: '2026-01-01',
    period_to: '2026-03-31',
    version: 1,
    status: 'draft',
    requested_by_id: user,
    generated_at: '2026-04-02T08:00:00Z',
    data_version: 1,
    figures: '{}',
    figures_sha256: 'a'.repeat(64),
    pdf: Buffer.from('%PDF-1.7'),
    pdf_sha256: 'b'.repeat(64),
  });
  const evaluationReportComment = await db.insert('evaluation_report_comment', {
    establishment_id: establishment,
    report_id: evaluationReport,
    section: 'synthese',
    body: 'Chiffres relus.',
    author_id: user,
  });
  return {
    establishment,
    elsewhere,
    partner,
    user,
    workshop,
    post,
    programme,
    session,
    detainee,
    candidacy,
    assignment,
    suspension,
    enrollment,
    timeEntry,
    week,
    smicRate,
    payFloor,
    absenceReason,
    workingTimeSetting,
    leavePolicy,
    leaveRequest,
    leaveAdjustment,
    committee,
    committeeMember,
    meeting,
    meetingItem,
    decision,
    actionItem,
    actionUpdate,
    cpuOpinion,
    minutesEdition,
    partnerContact,
    partnerAgreement,
    partnerInvitation,
    activityEntry,
    assignmentSkill,
    attestation,
    evaluationReport,
    evaluationReportComment,
  };
}

async function one(db: SqlDatabase, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.client.query<{ id: number }>(sql, params);
  if (!rows[0]) throw new Error(`no row for ${sql}`);
  return rows[0].id;
}
