import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlDatabase, type SqlDatabase, seedWorld, updateRow, type World } from '../support/sql.ts';

/**
 * The trigger audit_row_change writes the audit row of every change of an audited table,
 * whoever writes it (tests/audit/audit.test.ts: the trail itself refuses UPDATE, DELETE and
 * TRUNCATE). Straight at the database, each change rolled back.
 */

let db: SqlDatabase;
let w: World;

beforeAll(async () => {
  db = await createSqlDatabase();
  w = await seedWorld(db);
});
afterAll(() => db.close());

interface AuditRow {
  action: string;
  entity: string;
  entity_id: string;
  establishment_id: number | null;
  actor_id: number | null;
  request_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Runs `statements` as the seeded user within request "req-1", and returns the audit rows they wrote; rolled back. */
async function auditOf(...statements: Array<[string, unknown[]]>): Promise<AuditRow[]> {
  await db.client.query('begin');
  try {
    await db.client.query(`select set_config('atelier.actor_id', $1, true), set_config('atelier.request_id', 'req-1', true)`, [String(w.user)]);
    const { rows: last } = await db.client.query<{ id: string }>('select coalesce(max(id), 0) as id from audit_event');
    for (const [sql, params] of statements) await db.client.query(sql, params);
    const { rows } = await db.client.query<AuditRow>(
      'select action, entity, entity_id, establishment_id, actor_id, request_id, before, after from audit_event where id > $1 order by id',
      [last[0]?.id],
    );
    return rows;
  } finally {
    await db.client.query('rollback');
  }
}

type RowKey = Exclude<keyof World, 'elsewhere'>;
/** table, seeded row, a change, whether the row carries its establishment. */
const AUDITED: Array<[string, RowKey, Record<string, unknown>, boolean]> = [
  ['establishment', 'establishment', { capacity: 181 }, true],
  ['partner', 'partner', { contact_name: 'Mme Leroy' }, false],
  ['app_user', 'user', { display_name: 'Camille Autre' }, false],
  ['pay_floor', 'payFloor', { floor_basis_points: 4600 }, false],
  ['absence_reason', 'absenceReason', { label: 'Rendez-vous médical ou dentaire' }, true],
  ['working_time_setting', 'workingTimeSetting', { max_daily_minutes: 540 }, true],
  ['leave_policy', 'leavePolicy', { yearly_cap_days: 1400 }, true],
  ['leave_request', 'leaveRequest', { comment: 'Visite familiale' }, true],
  ['leave_adjustment', 'leaveAdjustment', { reason: 'Jour reporté, corrigé' }, true],
  ['workshop', 'workshop', { opening_hours: 'lun.–jeu. 8h–12h' }, true],
  ['post', 'post', { title: 'Relieuse' }, true],
  ['training_programme', 'programme', { hours: 150 }, false],
  ['training_session', 'session', { places: 3 }, true],
  ['detainee', 'detainee', { cpip_name: 'M. Dupont' }, true],
  ['candidacy', 'candidacy', { motivation: 'Apprendre un métier' }, true],
  ['assignment', 'assignment', { trial_change_reason: 'Prolongation' }, true],
  ['assignment_suspension', 'suspension', { note: 'Certificat reçu' }, true],
  ['enrollment', 'enrollment', { drop_reason: 'Note' }, true],
  ['smic_rate', 'smicRate', { hourly_cents: 1203 }, false],
  ['timesheet_week', 'week', { reopen_reason: 'Erreur de saisie' }, true],
  ['time_entry', 'timeEntry', { minutes: 480 }, true],
  ['committee', 'committee', { quorum: 4 }, false],
  ['committee_member', 'committeeMember', { role: 'secretary' }, false],
  ['committee_meeting', 'meeting', { place: 'Salle du greffe' }, false],
  ['committee_decision', 'decision', { text: 'Ouvrir deux postes' }, false],
  ['action_item', 'actionItem', { comment: 'Devis demandé' }, false],
  ['cpu_opinion', 'cpuOpinion', { reason: 'Projet cohérent' }, false],
  ['partner_contact', 'partnerContact', { phone: '02 98 00 00 00' }, false],
  ['partner_agreement', 'partnerAgreement', { title: 'Atelier de reliure' }, true],
  ['partner_invitation', 'partnerInvitation', { display_name: 'Alex Collègue-Martin' }, false],
  ['activity_entry', 'activityEntry', { quantity: 130 }, true],
  ['assignment_skill', 'assignmentSkill', { label: 'Reliure à la japonaise' }, true],
  ['attestation', 'attestation', { sha256: 'e'.repeat(64) }, true],
  ['evaluation_report', 'evaluationReport', { error: 'Relu en comité technique' }, true],
  ['evaluation_report_comment', 'evaluationReportComment', { body: 'Chiffres relus deux fois.' }, true],
];

describe('the audit trail', () => {
  it('covers every table that has an audit trigger', async () => {
    const { rows } = await db.client.query<{ table: string }>(
      `select c.relname as table from pg_trigger t join pg_proc p on p.oid = t.tgfoid join pg_class c on c.oid = t.tgrelid
        where p.proname = 'audit_row_change' order by 1`,
    );
    expect(rows.map((r) => r.table)).toEqual([...AUDITED.map(([table]) => table), 'establishment_membership'].sort());
  });

  it.each(AUDITED)('records a change of %s with its author, request, establishment and both versions', async (table, row, change, tenant) => {
    const rows = await auditOf(updateRow(table, w[row], change));
    const own = rows.filter((r) => r.entity === table);
    expect(own).toHaveLength(1);
    const [column, value] = Object.entries(change)[0] as [string, unknown];
    expect(own[0]).toMatchObject({
      action: 'update',
      entity_id: String(w[row]),
      actor_id: w.user,
      request_id: 'req-1',
      establishment_id: tenant ? w.establishment : null,
      after: expect.objectContaining({ [column]: value }),
    });
    expect(own[0]?.before?.[column]).not.toEqual(value);
  });

  it('records a membership under « user/establishment »', async () => {
    const rows = await auditOf([`insert into establishment_membership (user_id, establishment_id) values ($1, $2)`, [w.user, w.establishment]]);
    expect(rows).toEqual([expect.objectContaining({ action: 'create', entity: 'establishment_membership', entity_id: `${w.user}/${w.establishment}` })]);
  });

  it('never copies a password hash, and writes nothing when nothing changed', async () => {
    const [event] = await auditOf(updateRow('app_user', w.user, { password_hash: 'scrypt$autre', display_name: 'Camille Autre' }));
    expect(event?.before).not.toHaveProperty('password_hash');
    expect(event?.after).not.toHaveProperty('password_hash');
    expect(await auditOf(updateRow('establishment', w.establishment, { capacity: 180 }))).toEqual([]);
  });

  it('never copies an invitation’s token hash', async () => {
    const [event] = await auditOf(updateRow('partner_invitation', w.partnerInvitation, { token_hash: 'b'.repeat(64), display_name: 'Alex Autre' }));
    expect(event?.after).toMatchObject({ display_name: 'Alex Autre' });
    expect(event?.before).not.toHaveProperty('token_hash');
    expect(event?.after).not.toHaveProperty('token_hash');
  });

  it('never copies a report’s PDF nor its figures, nor the progress of its generation', async () => {
    const [event] = await auditOf(
      updateRow('evaluation_report', w.evaluationReport, {
        status: 'shared',
        shared_by_id: w.user,
        shared_at: '2026-04-03T08:00:00Z',
        pdf: Buffer.from('%PDF-2'),
        pdf_sha256: 'c'.repeat(64),
      }),
    );
    expect(event?.after).toMatchObject({ status: 'shared', pdf_sha256: 'c'.repeat(64) });
    for (const column of ['pdf', 'figures', 'step', 'progress']) {
      expect(event?.before).not.toHaveProperty(column);
      expect(event?.after).not.toHaveProperty(column);
    }
  });

  it('names archiving and restoring', async () => {
    const rows = await auditOf(
      updateRow('workshop', w.workshop, { archived_at: '2026-06-01T00:00:00Z' }),
      updateRow('workshop', w.workshop, { archived_at: null }),
    );
    expect(rows.map((r) => r.action)).toEqual(['archive', 'restore']);
  });
});
