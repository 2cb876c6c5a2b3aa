import type { EntityManager } from '@mikro-orm/postgresql';
import { Establishment } from '../establishments/entities.ts';
import type { Day } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, StaleRecordError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { type CommitteeAccess, committeeAccess } from './access.ts';
import { ActionItem, Committee, CommitteeMember, Decision, Meeting } from './entities.ts';
import type { CommitteeInput, MemberInput } from './forms.ts';

/** Action items still to do: open or in progress. */
export const OPEN_ACTION_STATUSES = ['open', 'in_progress'] as const;

export interface CommitteeRow {
  committee: Committee;
  establishments: string[];
  nextMeeting: Date | null;
  openActions: number;
}

/**
 * The ids of the committees the caller sees (docs/rules.md, Committees): every one for an
 * admin; for a coordinator, those touching their establishments; for anyone, those they are
 * a current member of.
 */
async function visibleCommitteeIds(em: EntityManager, scope: Scope): Promise<number[] | null> {
  if (scope.isAdmin) return null;
  const establishments = scope.role === 'coordinator' && scope.establishmentIds.length > 0 ? [...scope.establishmentIds] : [0];
  const rows = await em.getConnection().execute<{ id: number }[]>(
    `select c.id from committee c
      where exists (select 1 from committee_member m where m.committee_id = c.id and m.user_id = ? and m.left_at is null)
         or exists (select 1 from committee_establishment ce where ce.committee_id = c.id and ce.establishment_id in (?))`,
    [scope.userId, establishments],
  );
  return rows.map((r) => r.id);
}

/** The committees the caller sees, by kind then name, with their next meeting and open action items. */
export async function listCommittees(em: EntityManager, scope: Scope, now: Date, { archived = false } = {}): Promise<CommitteeRow[]> {
  const ids = await visibleCommitteeIds(em, scope);
  const where = { archivedAt: archived ? { $ne: null } : null, ...(ids ? { id: { $in: ids } } : {}) };
  const committees = await em.find(Committee, where, { populate: ['establishments'], orderBy: { kind: 'asc', name: 'asc' } });
  if (committees.length === 0) return [];
  const ids2 = committees.map((c) => c.id);
  const conn = em.getConnection();
  const next = await conn.execute<{ committee_id: number; at: Date }[]>(
    'select committee_id, min(starts_at) as at from committee_meeting where starts_at >= ? and committee_id in (?) group by committee_id',
    [now, ids2],
  );
  const open = await conn.execute<{ committee_id: number; n: number }[]>(
    `select committee_id, count(*)::int as n from action_item where status in ('open', 'in_progress') and committee_id in (?) group by committee_id`,
    [ids2],
  );
  const nextBy = new Map(next.map((r) => [r.committee_id, new Date(r.at)]));
  const openBy = new Map(open.map((r) => [r.committee_id, r.n]));
  return committees.map((committee) => ({
    committee,
    establishments: committee.establishments
      .getItems()
      .map((e) => e.name)
      .sort(),
    nextMeeting: nextBy.get(committee.id) ?? null,
    openActions: openBy.get(committee.id) ?? 0,
  }));
}

/** The establishments a manager may put in a committee's scope. */
export async function establishmentChoices(em: EntityManager, scope: Scope): Promise<Establishment[]> {
  scope.must(scope.managesEstablishments);
  const ids = scope.visibleEstablishmentIds();
  return em.find(Establishment, { archivedAt: null, ...(ids ? { id: { $in: [...ids] } } : {}) }, { orderBy: { name: 'asc' } });
}

/** A CPU gives its opinion for one establishment; the establishments must all be the caller's (404 otherwise, as if unknown). */
async function checkedEstablishments(em: EntityManager, scope: Scope, input: CommitteeInput): Promise<Establishment[]> {
  if (input.establishments.some((id) => !scope.canManageEstablishment(id))) throw new NotFoundError();
  const establishments = await em.find(Establishment, { id: { $in: input.establishments } });
  if (establishments.length !== input.establishments.length) throw new NotFoundError();
  if (input.kind === 'cpu' && establishments.length !== 1) {
    throw new FieldErrors({ establishments: 'Une CPU donne son avis pour un seul établissement : choisissez-en un seul.' });
  }
  return establishments;
}

function apply(committee: Committee, input: CommitteeInput, establishments: Establishment[]): void {
  committee.kind = input.kind;
  committee.name = input.name;
  committee.code = input.code;
  committee.quorum = input.quorum;
  committee.establishments.set(establishments);
}

export async function createCommittee(em: EntityManager, scope: Scope, input: CommitteeInput): Promise<Committee> {
  scope.must(scope.managesEstablishments);
  return em.transactional(async (tx) => {
    const establishments = await checkedEstablishments(tx, scope, input);
    const committee = tx.create(Committee, { kind: input.kind, name: input.name, code: input.code, createdBy: scope.userId });
    apply(committee, input, establishments);
    await flushGuarded(tx);
    return committee;
  });
}

/** The committee as its manager may change it: 404 when the caller does not see it, 403 when they only read it. */
export async function managedCommittee(em: EntityManager, scope: Scope, id: number): Promise<CommitteeAccess> {
  const access = await committeeAccess(em, scope, id);
  scope.must(access.canManage);
  return access;
}

export async function updateCommittee(em: EntityManager, scope: Scope, id: number, input: CommitteeInput, version: number): Promise<Committee> {
  return em.transactional(async (tx) => {
    const { committee } = await managedCommittee(tx, scope, id);
    if (committee.version !== version) throw new StaleRecordError();
    // Its decision numbers are printed in approved minutes: the code they start with stays.
    if (input.code !== committee.code && (await tx.count(Decision, { committee, number: { $ne: null } })) > 0)
      throw new FieldErrors({ code: `Des décisions sont déjà numérotées ${committee.code}-… dans des comptes rendus approuvés : le code ne change plus.` });
    apply(committee, input, await checkedEstablishments(tx, scope, input));
    await flushGuarded(tx);
    return committee;
  });
}

/** Archived, never deleted: its meetings, minutes and decisions stay readable. */
export async function setCommitteeArchived(em: EntityManager, scope: Scope, id: number, archived: boolean, now: Date): Promise<Committee> {
  const { committee } = await managedCommittee(em, scope, id);
  committee.archivedAt = archived ? now : null;
  await flushGuarded(em);
  return committee;
}

/** Active users a manager may add: any for an admin; for a coordinator, their establishments' users, partners and committee members. */
export async function memberChoices(em: EntityManager, scope: Scope, committee: Committee): Promise<User[]> {
  const current = await em.find(CommitteeMember, { committee, leftAt: null, user: { $ne: null } });
  const taken = current.map((m) => m.user?.id ?? 0);
  const where: Record<string, unknown> = { active: true, id: { $nin: [0, ...taken] } };
  if (!scope.isAdmin) {
    const establishments = scope.establishmentIds.length > 0 ? [...scope.establishmentIds] : [0];
    where.$or = [{ role: { $in: ['partner', 'committee'] } }, { establishments: { $in: establishments } }];
  }
  return em.find(User, where, { populate: ['partner'], orderBy: { displayName: 'asc' } });
}

/** Adds a member; a user who left comes back in their former row (one row per user and committee). */
export async function addMember(em: EntityManager, scope: Scope, committeeId: number, input: MemberInput): Promise<CommitteeMember> {
  return em.transactional(async (tx) => {
    const { committee } = await managedCommittee(tx, scope, committeeId);
    const details = { organisation: input.organisation, function: input.function, email: input.email, role: input.role };
    if (input.who === 'external') {
      const member = tx.create(CommitteeMember, { committee, name: input.name, ...details });
      await flushGuarded(tx);
      return member;
    }
    const user = (await memberChoices(tx, scope, committee)).find((u) => u.id === Number(input.userId));
    if (!user) throw new FieldErrors({ userId: 'Choisissez la personne dans la liste : elle est peut-être déjà membre.' });
    const former = await tx.findOne(CommitteeMember, { committee, user });
    const member = former ?? tx.create(CommitteeMember, { committee, user, ...details });
    Object.assign(member, { ...details, leftAt: null });
    await flushGuarded(tx);
    return member;
  });
}

/** The member leaves the committee; their row stays, for the history of its meetings. */
export async function removeMember(em: EntityManager, scope: Scope, committeeId: number, memberId: number, now: Date): Promise<CommitteeMember> {
  const { committee } = await managedCommittee(em, scope, committeeId);
  const member = Number.isSafeInteger(memberId) ? await em.findOne(CommitteeMember, { id: memberId, committee, leftAt: null }, { populate: ['user'] }) : null;
  if (!member) throw new NotFoundError();
  member.leftAt = now;
  await flushGuarded(em);
  return member;
}

export interface CommitteePage {
  access: CommitteeAccess;
  establishments: string[];
  members: CommitteeMember[];
  meetings: Meeting[];
  openActions: ActionItem[];
  decisions: Decision[];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** Everything the committee's page shows; the decision register filtered by text and year. */
export async function committeePage(em: EntityManager, scope: Scope, id: number, filters: { q?: string; year?: number }): Promise<CommitteePage> {
  const access = await committeeAccess(em, scope, id);
  const committee = access.committee;
  const members = await em.find(CommitteeMember, { committee, leftAt: null }, { populate: ['user', 'user.partner'], orderBy: { createdAt: 'asc', id: 'asc' } });
  const meetings = await em.find(Meeting, { committee }, { orderBy: { startsAt: 'desc' } });
  const openActions = await em.find(
    ActionItem,
    { committee, status: { $in: [...OPEN_ACTION_STATUSES] } },
    { populate: ['owner', 'owner.user', 'meeting'], orderBy: { dueOn: 'asc nulls last', id: 'asc' } },
  );
  const decisionWhere: Record<string, unknown> = { committee, number: { $ne: null } };
  if (filters.year) decisionWhere.year = filters.year;
  if (filters.q) decisionWhere.text = { $ilike: `%${escapeLike(filters.q)}%` };
  const decisions = await em.find(Decision, decisionWhere, { populate: ['meeting'], orderBy: { year: 'desc', number: 'desc' } });
  const establishments = committee.establishments
    .getItems()
    .map((e) => e.name)
    .sort();
  return { access, establishments, members, meetings, openActions, decisions };
}

/** The caller's open and in-progress action items, across their committees: the overdue first (earliest due first). */
export async function myActions(em: EntityManager, scope: Scope): Promise<ActionItem[]> {
  return em.find(
    ActionItem,
    { owner: { user: scope.userId, leftAt: null }, committee: { archivedAt: null }, status: { $in: [...OPEN_ACTION_STATUSES] } },
    { populate: ['committee', 'meeting', 'owner'], orderBy: { dueOn: 'asc nulls last', id: 'asc' } },
  );
}

export interface MyCommittee {
  committee: Committee;
  membership: CommitteeMember;
  nextMeeting: Meeting | null;
  /** Submitted minutes: for the chair to approve, for the others to read. */
  submitted: Meeting[];
}

/** The committees the caller is a member of, with their next meeting and the minutes waiting for them. */
export async function myCommittees(em: EntityManager, scope: Scope, now: Date): Promise<MyCommittee[]> {
  const memberships = await em.find(
    CommitteeMember,
    { user: scope.userId, leftAt: null, committee: { archivedAt: null } },
    { populate: ['committee'], orderBy: { committee: { name: 'asc' } } },
  );
  if (memberships.length === 0) return [];
  const committees = memberships.map((m) => m.committee);
  const meetings = await em.find(
    Meeting,
    { committee: { $in: committees }, $or: [{ startsAt: { $gte: now } }, { status: 'submitted' }] },
    { orderBy: { startsAt: 'asc' } },
  );
  return memberships.map((membership) => {
    const own = meetings.filter((m) => m.committee.id === membership.committee.id);
    return {
      committee: membership.committee,
      membership,
      nextMeeting: own.find((m) => m.startsAt >= now) ?? null,
      submitted: own.filter((m) => m.status === 'submitted'),
    };
  });
}

/** Whether an action item is late on `today`. */
export function isOverdue(action: { dueOn?: string | null }, today: Day): boolean {
  return !!action.dueOn && action.dueOn < today;
}
