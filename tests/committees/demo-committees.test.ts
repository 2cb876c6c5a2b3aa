import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/demo/data.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TEST_PASSWORD_HASH_COST } from '../support/factories.ts';

/** The demo's committees (issue 20, item 8): approved minutes with their editions, actions followed in every state, CPU sittings. */

const TODAY = '2026-11-30';
const run = promisify(execFile);
let t: TestContext;
let dir: string;
beforeAll(async () => {
  t = await createTestContext();
  dir = await mkdtemp(path.join(tmpdir(), 'atelier-demo-committees-'));
  expect(await loadDemoData(t.em(), TEST_PASSWORD_HASH_COST, new Date(`${TODAY}T10:00:00Z`))).toBe(true);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await t.close();
});

const query = <T>(sql: string, params: unknown[] = []) => t.em().getConnection().execute<T[]>(sql, params);

describe('demo committees', () => {
  it('holds a CPU and a technical committee per establishment, and one departmental steering committee on both', async () => {
    const rows = await query<{ kind: string; code: string; establishments: number }>(
      `select c.kind, c.code, count(ce.establishment_id)::int as establishments
         from committee c join committee_establishment ce on ce.committee_id = c.id group by c.id order by c.code`,
    );
    expect(rows).toEqual([
      { kind: 'departmental', code: 'COPIL-DEP', establishments: 2 },
      { kind: 'cpu', code: 'CPU-ARRAS', establishments: 1 },
      { kind: 'cpu', code: 'CPU-BREST', establishments: 1 },
      { kind: 'technical', code: 'CT-ARRAS', establishments: 1 },
      { kind: 'technical', code: 'CT-BREST', establishments: 1 },
    ]);
  });

  it('makes comite@ a member of the steering committee, the coordinator its chair, and the partner account a member of Brest’s technical committee', async () => {
    const rows = await query<{ code: string; email: string; role: string }>(
      `select c.code, u.email, m.role from committee_member m join committee c on c.id = m.committee_id join app_user u on u.id = m.user_id
        order by c.code, u.email`,
    );
    expect(rows).toContainEqual({ code: 'COPIL-DEP', email: 'comite@atelier.test', role: 'member' });
    expect(rows).toContainEqual({ code: 'COPIL-DEP', email: 'coordination@atelier.test', role: 'chair' });
    expect(rows).toContainEqual({ code: 'CT-BREST', email: 'partenaire@atelier.test', role: 'member' });
    expect(rows.filter((r) => r.email === 'partenaire@atelier.test').map((r) => r.code)).toEqual(['CT-BREST']);
    const [externals] = await query<{ n: number }>(
      `select count(*)::int as n from committee_member m join committee c on c.id = m.committee_id
        where c.code = 'COPIL-DEP' and m.user_id is null and m.organisation in ('France Travail', 'Mission locale', 'Éducation nationale', 'Unité sanitaire')`,
    );
    expect(externals?.n).toBe(4);
    // Each demo account that sits on a committee has an action still open, for « Mes actions ».
    const owners = await query<{ email: string }>(
      `select distinct u.email from action_item a join committee_member m on m.id = a.owner_member_id join app_user u on u.id = m.user_id
        where a.status in ('open', 'in_progress') order by u.email`,
    );
    expect(owners.map((o) => o.email)).toEqual(['comite@atelier.test', 'coordination@atelier.test', 'partenaire@atelier.test']);
  });

  it('has three approved past meetings per committee (one sitting per CPU) and one coming draft each', async () => {
    const rows = await query<{ code: string; past_approved: number; coming_drafts: number; other: number }>(
      `select c.code,
              count(*) filter (where m.starts_at < ?::date and m.status = 'approved')::int as past_approved,
              count(*) filter (where m.starts_at > ?::date and m.status = 'draft')::int as coming_drafts,
              count(*) filter (where not ((m.starts_at < ?::date and m.status = 'approved') or (m.starts_at > ?::date and m.status = 'draft')))::int as other
         from committee c join committee_meeting m on m.committee_id = c.id group by c.code order by c.code`,
      [TODAY, TODAY, TODAY, TODAY],
    );
    expect(rows).toEqual([
      { code: 'COPIL-DEP', past_approved: 3, coming_drafts: 1, other: 0 },
      { code: 'CPU-ARRAS', past_approved: 1, coming_drafts: 1, other: 0 },
      { code: 'CPU-BREST', past_approved: 1, coming_drafts: 1, other: 0 },
      { code: 'CT-ARRAS', past_approved: 3, coming_drafts: 1, other: 0 },
      { code: 'CT-BREST', past_approved: 3, coming_drafts: 1, other: 0 },
    ]);
    // The coming meetings have an agenda but no text yet.
    const [written] = await query<{ n: number }>(
      `select count(*)::int as n from meeting_item i join committee_meeting m on m.id = i.meeting_id where m.status = 'draft' and i.discussion <> ''`,
    );
    expect(written?.n).toBe(0);
  });

  it('numbers the decisions of each committee and year 1, 2, 3… without gap, all of them', async () => {
    const rows = await query<{ committee_id: number; year: number | null; number: number | null }>(
      'select committee_id, year, number from committee_decision order by committee_id, year, number',
    );
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(rows.filter((r) => r.number === null)).toEqual([]);
    const groups = new Map<string, number[]>();
    for (const r of rows) groups.set(`${r.committee_id}-${r.year}`, [...(groups.get(`${r.committee_id}-${r.year}`) ?? []), r.number as number]);
    for (const numbers of groups.values()) expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it('stores an edition for every approved meeting, whose SHA-256 is that of its PDF bytes', async () => {
    const rows = await query<{ id: number; edition: number | null; pdf: Buffer | null; sha256: string | null }>(
      `select m.id, e.edition, e.pdf, e.sha256 from committee_meeting m left join minutes_edition e on e.meeting_id = m.id and e.edition = m.edition
        where m.status = 'approved' order by m.id`,
    );
    expect(rows).toHaveLength(11);
    for (const r of rows) {
      expect(r.edition, `meeting ${r.id}`).toBe(1);
      expect(
        createHash('sha256')
          .update(r.pdf as Buffer)
          .digest('hex'),
      ).toBe(r.sha256);
    }
    // One of them read back: the approval line and the numbered decisions are in the PDF.
    const [steering] = await query<{ pdf: Buffer }>(
      `select e.pdf from minutes_edition e join committee_meeting m on m.id = e.meeting_id join committee c on c.id = m.committee_id
        where c.code = 'COPIL-DEP' order by m.starts_at limit 1`,
    );
    const file = path.join(dir, 'copil.pdf');
    await writeFile(file, steering?.pdf as Buffer);
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    expect(stdout).toContain('COPIL-DEP-2026-01');
    expect(stdout).toMatch(/Approuvé le \d\d\/\d\d\/2026 par Camille Coordination \(démo\) \(présidence\)/);
    expect(stdout).not.toContain('Projet');
  });

  it('follows the action items from meeting to meeting, in every state', async () => {
    const statuses = await query<{ status: string; n: number }>('select status, count(*)::int as n from action_item group by status order by status');
    expect(statuses.map((s) => s.status)).toEqual(['done', 'dropped', 'in_progress', 'open']);
    // Each later meeting's « Suivi des actions » looked at the earlier actions still open; an item's status is its latest update.
    const stale = await query<{ id: number }>(
      `select a.id from action_item a
        join lateral (select u.status from action_update u join committee_meeting m on m.id = u.meeting_id
                       where u.action_item_id = a.id order by m.starts_at desc limit 1) last on true
        where last.status <> a.status`,
    );
    expect(stale).toEqual([]);
    const [updates] = await query<{ n: number; elsewhere: number }>(
      `select count(*)::int as n, count(*) filter (where u.meeting_id <> a.meeting_id)::int as elsewhere
         from action_update u join action_item a on a.id = u.action_item_id`,
    );
    // 16 in the past meetings' follow-up, and the 8 actions still open or in progress carried into the coming meetings.
    expect(updates?.n).toBe(24);
    expect(updates?.elsewhere).toBe(24);
    const [carried] = await query<{ n: number }>(
      `select count(*)::int as n from action_update u join committee_meeting m on m.id = u.meeting_id where m.status = 'draft'`,
    );
    const [open] = await query<{ n: number }>(`select count(*)::int as n from action_item where status in ('open', 'in_progress')`);
    expect(carried?.n).toBe(open?.n);
  });

  it('records each CPU sitting’s opinions on candidacies, which follow them', async () => {
    const rows = await query<{ code: string; opinion: string; status: string; cpu_opinion: string; same_day: boolean }>(
      `select c.code, o.opinion, d.status, d.cpu_opinion, d.cpu_on = (m.starts_at at time zone 'Europe/Paris')::date as same_day
         from cpu_opinion o join committee_meeting m on m.id = o.meeting_id join committee c on c.id = m.committee_id join candidacy d on d.id = o.candidacy_id
        order by c.code, o.id`,
    );
    for (const code of ['CPU-ARRAS', 'CPU-BREST']) {
      const mine = rows.filter((r) => r.code === code);
      expect(mine.map((r) => [r.opinion, r.status])).toEqual([
        ['favourable', 'approved'],
        ['favourable', 'approved'],
        ['unfavourable', 'refused'],
      ]);
      expect(mine.every((r) => r.cpu_opinion === r.opinion && r.same_day)).toBe(true);
    }
    // Nobody asks for the workshop they already work in: people at work asked for a training session.
    const odd = await query<{ id: number }>(
      `select d.id from cpu_opinion o join candidacy d on d.id = o.candidacy_id
        where d.target <> 'session' and exists (select 1 from assignment a where a.detainee_id = d.detainee_id and a.ended_on is null)`,
    );
    expect(odd).toEqual([]);
  });
  it('keeps an action followed up in later approved minutes as it was, even while its own minutes are corrected (the database)', async () => {
    const [followed] = await query<{ id: number; meeting_id: number }>(
      `select a.id, a.meeting_id from action_item a
        where exists (select 1 from action_update u join committee_meeting m on m.id = u.meeting_id
                       where u.action_item_id = a.id and u.meeting_id <> a.meeting_id and m.status = 'approved')
        order by a.id limit 1`,
    );
    expect(followed).toBeDefined();
    // Its own minutes reopened for a correction (the one change approved minutes allow).
    await query(`update committee_meeting set status = 'draft', edition = edition + 1 where id = ?`, [followed?.meeting_id]);
    await expect(query(`update action_item set title = 'Réécrite après coup' where id = ?`, [followed?.id])).rejects.toThrow(
      /suivie dans un compte rendu approuvé/,
    );
    await expect(query(`update action_item set due_on = '2020-01-01' where id = ?`, [followed?.id])).rejects.toThrow(/suivie/);
  });
});
