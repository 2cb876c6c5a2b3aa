import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Assignment } from '../assignments/entities.ts';
import { findDetainee } from '../detainees/service.ts';
import { heldSql } from '../holdings/service.ts';
import type { Clock, Day } from '../platform/calendar.ts';
import { NotFoundError, RuleError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { intArray } from '../platform/sql.ts';
import { User } from '../users/entities.ts';
import type { Workshop } from '../workshops/entities.ts';
import { findWorkshop } from '../workshops/service.ts';
import type { AttestationData } from './attestation.pdf.ts';
import { renderAttestation } from './attestation.pdf.ts';
import { AssignmentSkill, Attestation } from './entities.ts';
import type { SkillInput } from './forms.ts';

/** A skill as the pages and the attestation show it. */
export interface SkillRow {
  id: number;
  assignmentId: number;
  label: string;
  notedOn: Day;
  notedById: number;
  notedBy: string;
}

/** One person holding a post, with the skills noted on that assignment. */
export interface HolderRow {
  assignmentId: number;
  person: string;
  post: string;
  skills: SkillRow[];
}

// ——— Skills ———

/** The skills noted on `assignmentIds`, oldest first: one query. */
async function skillsOf(em: EntityManager, assignmentIds: readonly number[]): Promise<SkillRow[]> {
  if (assignmentIds.length === 0) return [];
  const rows = await em
    .getConnection()
    .execute<{ id: number; assignment_id: number; label: string; noted_on: string; noted_by_id: number; noted_by: string }[]>(
      `select s.id, s.assignment_id, s.label, to_char(s.noted_on, 'YYYY-MM-DD') as noted_on, s.noted_by_id, u.display_name as noted_by
       from assignment_skill s join app_user u on u.id = s.noted_by_id
      where s.assignment_id = any(?::int[]) order by s.noted_on, s.id`,
      [intArray(assignmentIds)],
    );
  return rows.map((r) => ({ id: r.id, assignmentId: r.assignment_id, label: r.label, notedOn: r.noted_on, notedById: r.noted_by_id, notedBy: r.noted_by }));
}

/** The people holding a post of the workshop today, by name and post only (what a partner may see), with their skills. */
export async function workshopSkills(em: EntityManager, scope: Scope, workshopId: number, today: Day): Promise<{ workshop: Workshop; holders: HolderRow[] }> {
  const workshop = await findWorkshop(em, scope, workshopId);
  const rows = await em.getConnection().execute<{ assignment_id: number; person: string; post: string }[]>(
    `select a.id as assignment_id, upper(d.last_name) || ' ' || d.first_name as person, p.title as post
       from assignment a join post p on p.id = a.post_id join detainee d on d.id = a.detainee_id
      where p.workshop_id = ? and ${heldSql('a')}
      order by d.last_name, d.first_name, a.id`,
    [workshop.id, today, today],
  );
  const skills = await skillsOf(
    em,
    rows.map((r) => r.assignment_id),
  );
  return {
    workshop,
    holders: rows.map((r) => ({
      assignmentId: r.assignment_id,
      person: r.person,
      post: r.post,
      skills: skills.filter((s) => s.assignmentId === r.assignment_id),
    })),
  };
}

/**
 * The assignment on which the caller may note a skill: the establishment's coordinators (and
 * admins) any assignment of it, ended ones too; a partner only someone holding a post of its
 * workshop today. Anything else answers 404.
 */
async function notableAssignment(em: EntityManager, scope: Scope, assignmentId: number, today: Day): Promise<Assignment> {
  const a = Number.isSafeInteger(assignmentId) ? await em.findOne(Assignment, assignmentId, { populate: ['post.workshop', 'detainee'] }) : null;
  if (!a) throw new NotFoundError();
  if (scope.canManageEstablishment(a.establishment.id)) return a;
  const held = a.startsOn <= today && (a.endedOn == null || a.endedOn >= today);
  if (scope.isPartnerStaff && a.post.workshop.partner.id === scope.partnerId && held) return a;
  throw new NotFoundError();
}

/** One assignment's skills, for its page (coordinators; a partner while the person holds a post of its workshop). */
export async function assignmentSkills(
  em: EntityManager,
  scope: Scope,
  assignmentId: number,
  today: Day,
): Promise<{ establishmentId: number; detaineeId: number; holder: HolderRow }> {
  const a = await notableAssignment(em, scope, assignmentId, today);
  const holder = { assignmentId: a.id, person: a.detainee.fullName(), post: a.post.title, skills: await skillsOf(em, [a.id]) };
  return { establishmentId: a.establishment.id, detaineeId: a.detainee.id, holder };
}

/** Notes a skill on the assignment, on today's date, by the caller. */
export async function noteSkill(em: EntityManager, scope: Scope, assignmentId: number, input: SkillInput, today: Day): Promise<AssignmentSkill> {
  const a = await notableAssignment(em, scope, assignmentId, today);
  const skill = em.create(AssignmentSkill, {
    establishment: a.establishment.id,
    assignment: a.id,
    label: input.label,
    notedOn: today,
    notedBy: em.getReference(User, scope.userId),
  });
  await flushGuarded(em);
  return skill;
}

/** Whether the caller may remove the skill: the establishment's coordinators any time; a partner's user only what they noted today. */
export function canRemoveSkill(scope: Scope, establishmentId: number, skill: { notedById: number; notedOn: Day }, today: Day): boolean {
  return scope.canManageEstablishment(establishmentId) || (skill.notedById === scope.userId && skill.notedOn === today);
}

/**
 * Removes a skill (canRemoveSkill), on an assignment the caller may note skills on: a slip
 * the partner corrects the same day; later, the coordinator. Returns the assignment it was on.
 */
export async function removeSkill(em: EntityManager, scope: Scope, skillId: number, today: Day): Promise<number> {
  const skill = Number.isSafeInteger(skillId) ? await em.findOne(AssignmentSkill, skillId) : null;
  if (!skill) throw new NotFoundError();
  const a = await notableAssignment(em, scope, skill.assignment.id, today);
  if (!canRemoveSkill(scope, a.establishment.id, { notedById: skill.notedBy.id, notedOn: skill.notedOn }, today)) {
    throw new RuleError('Vous ne pouvez retirer que les compétences que vous avez notées aujourd’hui : demandez-le au coordinateur de l’établissement.', 409);
  }
  em.remove(skill);
  await flushGuarded(em);
  return a.id;
}

// ——— The attestation ———

/** What the attestation prints, in three queries: the posts with their validated hours, the trainings, the skills. */
export async function attestationData(em: EntityManager, scope: Scope, detaineeId: number, clock: Clock): Promise<AttestationData> {
  const detainee = await findDetainee(em, scope, detaineeId);
  const connection = em.getConnection();
  const [posts, trainings, issuer] = await Promise.all([
    // Hours worked: the validated work of the assignment on its payable days (src/hours/pay-rules.ts
    // isPayable: held that day, outside every suspension, not after the person left), adjustments included.
    connection.execute<{ id: number; title: string; workshop: string; partner: string; starts_on: string; ended_on: string | null; minutes: number }[]>(
      `select a.id, p.title, w.name as workshop, pa.name as partner, to_char(a.starts_on, 'YYYY-MM-DD') as starts_on, to_char(a.ended_on, 'YYYY-MM-DD') as ended_on,
              coalesce((select sum(e.minutes) from time_entry e
                         where e.assignment_id = a.id and e.kind = 'work'
                           and e.day >= a.starts_on and (a.ended_on is null or e.day <= a.ended_on)
                           and (d.status = 'present' or d.left_on is null or e.day <= d.left_on)
                           and not exists (select 1 from assignment_suspension s where s.assignment_id = a.id
                                             and e.day >= s.starts_on and (s.ends_on is null or e.day <= s.ends_on))
                           and exists (select 1 from timesheet_week tw where tw.workshop_id = e.workshop_id and tw.status = 'validated'
                                         and tw.week_start = e.day - (extract(isodow from e.day)::integer - 1))), 0)::int as minutes
         from assignment a join detainee d on d.id = a.detainee_id join post p on p.id = a.post_id
              join workshop w on w.id = p.workshop_id join partner pa on pa.id = w.partner_id
        where a.detainee_id = ? order by a.starts_on, a.id`,
      [detainee.id],
    ),
    // Trainings followed: abandoned ones are left out (the attestation states what was followed).
    connection.execute<
      {
        title: string;
        provider: string;
        starts_on: string;
        ended_on: string | null;
        status: 'enrolled' | 'completed';
        certified: boolean | null;
        certification_code: string | null;
      }[]
    >(
      `select tp.title, tp.provider, to_char(en.starts_on, 'YYYY-MM-DD') as starts_on, to_char(en.ended_on, 'YYYY-MM-DD') as ended_on,
              en.status, en.certified, tp.certification_code
         from enrollment en join training_session s on s.id = en.session_id join training_programme tp on tp.id = s.programme_id
        where en.detainee_id = ? and en.status <> 'dropped' order by en.starts_on, en.id`,
      [detainee.id],
    ),
    em.findOneOrFail(User, scope.userId),
  ]);
  const skills = await skillsOf(
    em,
    posts.map((p) => p.id),
  );
  return {
    person: { name: detainee.fullName(), birthDate: detainee.birthDate },
    establishment: detainee.establishment.name,
    posts: posts.map((p) => ({ title: p.title, workshop: p.workshop, partner: p.partner, from: p.starts_on, to: p.ended_on, minutes: p.minutes })),
    trainings: trainings.map((t) => ({
      title: t.title,
      provider: t.provider,
      from: t.starts_on,
      to: t.ended_on,
      status: t.status,
      certification: t.status === 'completed' && t.certified && t.certification_code ? t.certification_code : null,
    })),
    skills: skills.map((s) => ({ label: s.label, post: posts.find((p) => p.id === s.assignmentId)?.title ?? '', notedOn: s.notedOn })),
    issuer: issuer.displayName,
    issuedOn: clock.today(),
    issuedAt: clock.now(),
  };
}

/** Issues the attestation: renders it, records who issued it for whom with the SHA-256 of its bytes, and returns the bytes. */
export async function issueAttestation(em: EntityManager, scope: Scope, detaineeId: number, clock: Clock): Promise<{ bytes: Buffer; name: string }> {
  const data = await attestationData(em, scope, detaineeId, clock);
  const bytes = await toBuffer(renderAttestation(data));
  const detainee = await findDetainee(em, scope, detaineeId);
  em.create(Attestation, {
    establishment: detainee.establishment.id,
    detainee: detainee.id,
    issuedBy: em.getReference(User, scope.userId),
    issuedAt: data.issuedAt,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
  await flushGuarded(em);
  return { bytes, name: `attestation-${detainee.id}-${data.issuedOn}.pdf` };
}

/** One attestation issued, as the person page lists it. */
export interface IssuedAttestation {
  issuedAt: Date;
  issuedBy: string;
  sha256: string;
}

/** The attestations issued for the person, newest first (for the person page): one query. */
export async function attestationsOf(em: EntityManager, detaineeId: number): Promise<IssuedAttestation[]> {
  const rows = await em.getConnection().execute<{ issued_at: Date; issued_by: string; sha256: string }[]>(
    `select a.issued_at, u.display_name as issued_by, a.sha256 from attestation a join app_user u on u.id = a.issued_by_id
      where a.detainee_id = ? order by a.issued_at desc, a.id desc`,
    [detaineeId],
  );
  return rows.map((r) => ({ issuedAt: new Date(r.issued_at), issuedBy: r.issued_by, sha256: r.sha256 }));
}

function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
