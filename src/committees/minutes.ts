/**
 * The minutes of a meeting while they are written (issue 20, items 4 and 7): each agenda item's
 * discussion saved as it is typed, its decisions and action items, and the snapshot of it all
 * that approval keeps (`minutesDocument`). Only those who take the minutes write, and only a
 * draft; the database refuses any change once the minutes are approved.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { toDay } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, RuleError, StaleRecordError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { type CommitteeAccess, meetingAccess } from './access.ts';
import {
  ActionItem,
  type ActionStatus,
  ActionUpdate,
  Attendance,
  CommitteeMember,
  CpuOpinion,
  Decision,
  decisionNumber,
  Meeting,
  MeetingItem,
  type MemberRole,
  type MinutesContent,
  type MinutesDocument,
  MinutesEdition,
  memberName,
} from './entities.ts';
import { type FollowUpRow, followUpOf } from './meetings.ts';

type MeetingAccess = CommitteeAccess & { meeting: Meeting };

/** The meeting for someone who takes its minutes, while they are a draft (403 for a reader, 409 once submitted). */
export async function draftAccess(em: EntityManager, scope: Scope, meetingId: number): Promise<MeetingAccess> {
  const access = await meetingAccess(em, scope, meetingId);
  scope.must(access.canTakeMinutes);
  if (access.meeting.status !== 'draft') {
    throw new RuleError(
      access.meeting.status === 'approved'
        ? 'Ce compte rendu est approuvé : il ne se modifie plus. Pour le corriger, créez une version modifiée.'
        : 'Ce compte rendu est soumis aux membres : reprenez la rédaction pour le modifier.',
      409,
    );
  }
  return access;
}

async function itemOf(em: EntityManager, meeting: Meeting, itemId: number): Promise<MeetingItem> {
  const item = Number.isSafeInteger(itemId) ? await em.findOne(MeetingItem, { id: itemId, meeting }) : null;
  if (!item) throw new NotFoundError();
  return item;
}

export const DISCUSSION_CONFLICT =
  'Non enregistré : quelqu’un d’autre a modifié ce point pendant que vous écriviez. Votre texte reste dans le champ ; voici le texte enregistré.';

/** Someone saved the item's text since this person loaded it: their text is not saved, the other one is shown. */
export class DiscussionConflict extends StaleRecordError {
  constructor() {
    super(DISCUSSION_CONFLICT);
  }
}

/** Saves an item's discussion if nobody saved it since `version`; throws DiscussionConflict otherwise. */
export async function saveDiscussion(
  em: EntityManager,
  scope: Scope,
  meetingId: number,
  itemId: number,
  input: { discussion: string; version: number },
): Promise<MeetingItem> {
  const { meeting } = await draftAccess(em, scope, meetingId);
  const item = await itemOf(em, meeting, itemId);
  if (item.version !== input.version) throw new DiscussionConflict();
  if (item.discussion === input.discussion) return item;
  item.discussion = input.discussion;
  try {
    await flushGuarded(em);
  } catch (error) {
    // Saved by someone else between the read and the write (the version column said so).
    if (error instanceof Error && error.name === 'OptimisticLockError') {
      throw new DiscussionConflict();
    }
    throw error;
  }
  return item;
}

export async function addDecision(em: EntityManager, scope: Scope, meetingId: number, itemId: number, text: string): Promise<void> {
  const { meeting } = await draftAccess(em, scope, meetingId);
  const item = await itemOf(em, meeting, itemId);
  em.create(Decision, { committee: meeting.committee, meeting, item, text, createdBy: scope.userId });
  await flushGuarded(em);
}

async function decisionOf(em: EntityManager, meeting: Meeting, itemId: number, decisionId: number): Promise<Decision> {
  const decision =
    Number.isSafeInteger(decisionId) && Number.isSafeInteger(itemId) ? await em.findOne(Decision, { id: decisionId, meeting, item: itemId }) : null;
  if (!decision) throw new NotFoundError();
  return decision;
}

export async function updateDecision(em: EntityManager, scope: Scope, meetingId: number, itemId: number, decisionId: number, text: string): Promise<void> {
  const { meeting } = await draftAccess(em, scope, meetingId);
  const decision = await decisionOf(em, meeting, itemId, decisionId);
  decision.text = text;
  await flushGuarded(em);
}

/** Removes a decision not numbered yet; a numbered one stays (the database refuses too: no gap). */
export async function removeDecision(em: EntityManager, scope: Scope, meetingId: number, itemId: number, decisionId: number): Promise<void> {
  const { meeting } = await draftAccess(em, scope, meetingId);
  const decision = await decisionOf(em, meeting, itemId, decisionId);
  if (decision.number !== null && decision.number !== undefined) {
    throw new RuleError('Une décision numérotée ne se supprime pas : la numérotation reste sans trou. Modifiez son texte si besoin.', 409);
  }
  em.remove(decision);
  await flushGuarded(em);
}

export interface ActionInput {
  title: string;
  ownerMemberId: number | null;
  dueOn: string | null;
  status: ActionStatus;
}

/** The owner chosen in the form, who must be a current member of the committee. */
async function ownerOf(em: EntityManager, meeting: Meeting, ownerMemberId: number | null): Promise<CommitteeMember | null> {
  if (ownerMemberId === null) return null;
  const owner = await em.findOne(CommitteeMember, { id: ownerMemberId, committee: meeting.committee, leftAt: null });
  if (!owner) throw new FieldErrors({ ownerMemberId: 'Choisissez le responsable parmi les membres du comité.' });
  return owner;
}

export async function addAction(em: EntityManager, scope: Scope, meetingId: number, itemId: number, input: ActionInput): Promise<void> {
  const { meeting } = await draftAccess(em, scope, meetingId);
  const item = await itemOf(em, meeting, itemId);
  const owner = await ownerOf(em, meeting, input.ownerMemberId);
  em.create(ActionItem, {
    committee: meeting.committee,
    meeting,
    item,
    title: input.title,
    owner,
    dueOn: input.dueOn,
    status: input.status,
    createdBy: scope.userId,
  });
  await flushGuarded(em);
}

async function actionOf(em: EntityManager, meeting: Meeting, itemId: number, actionId: number): Promise<ActionItem> {
  const action = Number.isSafeInteger(actionId) && Number.isSafeInteger(itemId) ? await em.findOne(ActionItem, { id: actionId, meeting, item: itemId }) : null;
  if (!action) throw new NotFoundError();
  return action;
}

export async function updateAction(em: EntityManager, scope: Scope, meetingId: number, itemId: number, actionId: number, input: ActionInput): Promise<void> {
  const { meeting } = await draftAccess(em, scope, meetingId);
  const action = await actionOf(em, meeting, itemId, actionId);
  action.title = input.title;
  action.owner = await ownerOf(em, meeting, input.ownerMemberId);
  action.dueOn = input.dueOn;
  action.status = input.status;
  await flushGuarded(em);
}

export async function removeAction(em: EntityManager, scope: Scope, meetingId: number, itemId: number, actionId: number): Promise<void> {
  const { meeting } = await draftAccess(em, scope, meetingId);
  em.remove(await actionOf(em, meeting, itemId, actionId));
  await flushGuarded(em);
}

/** One agenda item with what was decided under it. */
export interface ItemView {
  item: MeetingItem;
  decisions: Array<{ id: number; text: string; number: string | null }>;
  actions: ActionItem[];
}

/** Everything the meeting page shows. */
export interface MeetingPageData {
  access: MeetingAccess;
  /** May write: takes the minutes, and they are a draft. */
  canEdit: boolean;
  items: ItemView[];
  attendance: Attendance[];
  members: Array<readonly [string, string]>;
  /** The approved editions, latest last. */
  editions: Array<{ edition: number; approvedOn: string; approvedBy: string; sha256: string }>;
  /** An amendment in progress: what each part said in the last approved edition. */
  approvedContent: MinutesContent | null;
  /** What the minutes say now, in the shape of an edition (to compare with the approved one). */
  currentContent: MinutesContent | null;
  /** The action items of earlier meetings this meeting follows up (« Suivi des actions »). */
  followUp: FollowUpRow[];
}

export async function meetingPage(em: EntityManager, scope: Scope, meetingId: number): Promise<MeetingPageData> {
  const access = await meetingAccess(em, scope, meetingId);
  const { meeting } = access;
  const items = await em.find(MeetingItem, { meeting }, { orderBy: { position: 'asc' } });
  const blocks = await itemBlocks(em, meeting, items);
  const attendance = await em.find(Attendance, { meeting }, { populate: ['member.user'], orderBy: { member: { id: 'asc' } } });
  const members = await em.find(CommitteeMember, { committee: meeting.committee, leftAt: null }, { populate: ['user'], orderBy: { id: 'asc' } });
  const editions = await em.find(MinutesEdition, { meeting }, { populate: ['approvedBy'], orderBy: { edition: 'asc' } });
  await em.populate(meeting, ['approvedBy']);
  const last = editions.at(-1);
  const amending = meeting.status !== 'approved' && last !== undefined;
  return {
    access,
    canEdit: access.canTakeMinutes && meeting.status === 'draft',
    items: blocks,
    attendance,
    members: members.map((m) => [String(m.id), m.organisation ? `${memberName(m)} (${m.organisation})` : memberName(m)] as const),
    editions: editions.map((e) => ({ edition: e.edition, approvedOn: e.approvedOn, approvedBy: e.approvedBy.displayName, sha256: e.sha256 })),
    approvedContent: amending ? last.content : null,
    currentContent: amending ? await minutesContent(em, meeting) : null,
    followUp: items.some((i) => i.kind === 'follow_up') ? await followUpOf(em, meeting.id) : [],
  };
}

async function itemBlocks(em: EntityManager, meeting: Meeting, items: MeetingItem[]): Promise<ItemView[]> {
  const decisions = await em.find(Decision, { meeting }, { orderBy: { id: 'asc' } });
  const actions = await em.find(ActionItem, { meeting }, { populate: ['owner.user'], orderBy: { id: 'asc' } });
  const code = meeting.committee.code;
  return items.map((item) => ({
    item,
    decisions: decisions.filter((d) => d.item?.id === item.id).map((d) => ({ id: d.id, text: d.text, number: decisionNumber(code, d) })),
    actions: actions.filter((a) => a.item?.id === item.id),
  }));
}

/** One item's decisions and actions, as the page shows them under it (the block htmx swaps). */
export async function itemBlock(em: EntityManager, scope: Scope, meetingId: number, itemId: number): Promise<{ data: MeetingPageData; block: ItemView }> {
  const data = await meetingPage(em, scope, meetingId);
  const block = data.items.find((b) => b.item.id === itemId);
  if (!block) throw new NotFoundError();
  return { data, block };
}

/** The year a meeting's decisions are numbered in: the meeting's, in Paris. */
export function meetingYear(meeting: Meeting): number {
  return Number(toDay(meeting.startsAt).slice(0, 4));
}

/**
 * What the minutes say, as an edition keeps it. Detained people are never named: the CPU's
 * item says how many opinions went which way and the candidacies' numbers only.
 */
export async function minutesContent(em: EntityManager, meeting: Meeting): Promise<MinutesContent> {
  const code = meeting.committee.code;
  const items = await em.find(MeetingItem, { meeting }, { orderBy: { position: 'asc' } });
  const attendance = await em.find(Attendance, { meeting }, { populate: ['member.user'], orderBy: { member: { id: 'asc' } } });
  const decisions = await em.find(Decision, { meeting }, { populate: ['item'], orderBy: { id: 'asc' } });
  const actions = await em.find(ActionItem, { meeting }, { populate: ['owner.user'], orderBy: { id: 'asc' } });
  const followed = await em.find(
    ActionUpdate,
    { meeting, actionItem: { meeting: { $ne: meeting } } },
    { populate: ['actionItem.owner.user'], orderBy: { id: 'asc' } },
  );
  const opinions = await em.find(CpuOpinion, { meeting }, { orderBy: { candidacy: 'asc' } });
  const position = (d: Decision) => d.item?.position ?? Number.MAX_SAFE_INTEGER;
  return {
    attendance: attendance.map((a) => ({
      name: memberName(a.member),
      organisation: a.member.organisation,
      role: a.member.role,
      status: a.status,
      representedBy: a.representedBy,
    })),
    items: items.map((i) => ({
      position: i.position,
      kind: i.kind,
      title: i.title,
      presenter: i.presenter,
      discussion: i.kind === 'cpu' ? cpuSummary(opinions) : i.discussion,
    })),
    decisions: [...decisions]
      .sort((a, b) => position(a) - position(b) || (a.number ?? 0) - (b.number ?? 0) || a.id - b.id)
      .map((d) => ({ number: decisionNumber(code, d) ?? '', item: d.item?.position ?? null, text: d.text })),
    actions: [
      ...actions.map((a) => ({
        id: a.id,
        title: a.title,
        owner: a.owner ? memberName(a.owner) : '',
        dueOn: a.dueOn ?? null,
        status: a.status,
        comment: a.comment,
      })),
      ...followed.map(({ actionItem: a, status, comment }) => ({
        id: a.id,
        title: a.title,
        owner: a.owner ? memberName(a.owner) : '',
        dueOn: a.dueOn ?? null,
        status,
        comment,
      })),
    ],
  };
}

/** « 3 avis favorables, 1 défavorable », then each candidacy by its number only. */
function cpuSummary(opinions: CpuOpinion[]): string {
  const favourable = opinions.filter((o) => o.opinion === 'favourable').length;
  const unfavourable = opinions.length - favourable;
  const count = (n: number, word: string) => `${n} avis ${word}${n > 1 ? 's' : ''}`;
  const lines = opinions.map((o) => `- Candidature n° ${o.candidacy.id} : ${o.opinion === 'favourable' ? 'favorable' : 'défavorable'}`);
  return [`${count(favourable, 'favorable')}, ${count(unfavourable, 'défavorable')}.`, ...(lines.length > 0 ? ['', ...lines] : [])].join('\n');
}

const APPROVER_ROLE = { chair: 'présidence', secretary: 'secrétariat', member: 'membre' } as const;

/** Everything the minutes PDF prints; `approval` when the meeting is approved, null for a draft (« Projet »). */
export async function minutesDocument(em: EntityManager, meetingId: number): Promise<MinutesDocument> {
  const m = await em.findOneOrFail(Meeting, meetingId, { populate: ['committee.establishments', 'approvedBy'], refresh: true });
  const committee = m.committee;
  let approval: MinutesDocument['approval'] = null;
  if (m.status === 'approved' && m.approvedBy && m.approvedOn) {
    const membership = await em.findOne(CommitteeMember, { committee, user: m.approvedBy.id, leftAt: null });
    const role: MemberRole | null = membership?.role ?? null;
    approval = { on: m.approvedOn, by: `${m.approvedBy.displayName} (${role ? APPROVER_ROLE[role] : 'coordination'})` };
  }
  return {
    committee: { name: committee.name, kind: committee.kind, code: committee.code, quorum: committee.quorum ?? null },
    establishments: committee.establishments
      .getItems()
      .map((e) => e.name)
      .sort((a, b) => a.localeCompare(b, 'fr')),
    startsAt: m.startsAt,
    place: m.place,
    videoLink: m.videoLink,
    edition: m.edition,
    content: await minutesContent(em, m),
    approval,
  };
}

/** A line of a comparison: kept, removed (in the approved edition only) or added (in the correction only). */
export type DiffLine = { kind: 'same' | 'removed' | 'added'; text: string };

/** The lines of `before` and `after` in order, each marked kept, removed or added (longest common subsequence). */
export function lineDiff(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  // common[i * (m + 1) + j]: the length of the longest common subsequence of before[i…] and after[j…].
  const common = new Int32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => common[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) common[i * (m + 1) + j] = before[i] === after[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      lines.push({ kind: 'same', text: before[i] ?? '' });
      i++;
      j++;
    } else if (j < m && (i === n || at(i, j + 1) >= at(i + 1, j))) lines.push({ kind: 'added', text: after[j++] ?? '' });
    else lines.push({ kind: 'removed', text: before[i++] ?? '' });
  }
  return lines;
}

/** A discussion as paragraphs (separated by blank lines), to compare two editions paragraph by paragraph. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
