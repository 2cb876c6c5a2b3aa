/**
 * A committee's meetings before and while they sit (issue 20, items 2 and 4's carry-over): the
 * date and place, the agenda in order, who attended, the quorum, and the follow-up of the
 * action items earlier meetings left open. Everything here changes only while the minutes are a
 * draft; the database refuses it once they are approved (committee_minutes_lock).
 */
import { TZDate } from '@date-fns/tz';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { PARIS } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, RuleError } from '../platform/errors.ts';
import { dayField } from '../platform/fields.ts';
import { type FormValues, one } from '../platform/forms.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { type CommitteeAccess, committeeAccess, meetingAccess } from './access.ts';
import {
  ACTION_STATUSES,
  ActionItem,
  type ActionStatus,
  ActionUpdate,
  ATTENDANCE_STATUSES,
  Attendance,
  type AttendanceStatus,
  CommitteeMember,
  Meeting,
  MeetingItem,
  memberName,
} from './entities.ts';

// ——— Forms ———

const line = (max: number, tooLong: string) => z.string().trim().default('').pipe(z.string().max(max, tooLong));

export const meetingForm = z
  .object({
    day: dayField('Indiquez la date de la réunion.'),
    time: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Indiquez l’heure de début, par exemple 14:00.'),
    place: line(200, 'Le lieu tient en 200 caractères.'),
    videoLink: line(500, 'Le lien tient en 500 caractères.').refine(
      (v) => v === '' || /^https:\/\/[^\s]+$/.test(v),
      'Le lien de visioconférence commence par https:// et ne contient pas d’espace.',
    ),
  })
  .refine((v) => v.place !== '' || v.videoLink !== '', { path: ['place'], message: 'Indiquez un lieu ou un lien de visioconférence.' });
export type MeetingInput = z.infer<typeof meetingForm>;

export const itemForm = z.object({
  title: z.string().trim().min(2, 'Indiquez l’intitulé du point.').max(200, 'L’intitulé tient en 200 caractères.'),
  presenter: line(120, 'Le nom tient en 120 caractères.'),
  expectedMinutes: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || /^\d{1,3}$/.test(v), 'Indiquez une durée en minutes, par exemple 20, ou laissez vide.')
    .transform((v) => (v === '' ? null : Number(v)))
    .pipe(z.number().min(1, 'Au moins 1 minute.').max(600, 'Au plus 600 minutes.').nullable()),
});
export type ItemInput = z.infer<typeof itemForm>;

export const followUpForm = z.object({
  status: z.enum(ACTION_STATUSES, { error: 'Choisissez l’état de l’action.' }),
  comment: line(1000, 'Le commentaire tient en 1 000 caractères.'),
});
export type FollowUpInput = z.infer<typeof followUpForm>;

/** A local date and time in Paris as the instant it names (summer time included), whatever the machine's time zone. */
export function parisInstant(day: string, time: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, PARIS).getTime());
}

/** « 14:05 », the time of an instant in Paris, for a time field. */
export function parisTime(at: Date): string {
  const t = new TZDate(at, PARIS);
  return `${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}`;
}

// ——— Meetings ———

export const FOLLOW_UP_TITLE = 'Suivi des actions';
export const CPU_ITEM_TITLE = 'Avis sur les candidatures';

/** The committee a meeting is set up for; 403 unless the caller takes its minutes. */
export async function committeeForNewMeeting(em: EntityManager, scope: Scope, committeeId: number): Promise<CommitteeAccess> {
  const access = await committeeAccess(em, scope, committeeId);
  scope.must(access.canTakeMinutes);
  if (access.committee.archivedAt) throw new RuleError('Ce comité est archivé : il ne tient plus de réunion.', 409);
  return access;
}

/**
 * Sets up a meeting. Its agenda opens with « Suivi des actions » when earlier meetings left
 * action items open or in progress (each one carried in as this meeting's look at it, which the
 * follow-up then updates), and a CPU's meeting gets « Avis sur les candidatures ».
 */
export async function createMeeting(em: EntityManager, scope: Scope, committeeId: number, input: MeetingInput): Promise<Meeting> {
  const { committee } = await committeeForNewMeeting(em, scope, committeeId);
  return em.transactional(async (tx) => {
    const meeting = tx.create(Meeting, {
      committee: committee.id,
      startsAt: parisInstant(input.day, input.time),
      place: input.place,
      videoLink: input.videoLink,
      createdBy: tx.getReference(User, scope.userId),
    });
    const open = await tx.find(ActionItem, { committee: committee.id, status: { $in: ['open', 'in_progress'] } }, { orderBy: { id: 'asc' } });
    let position = 0;
    if (open.length > 0) tx.create(MeetingItem, { meeting, position: ++position, kind: 'follow_up', title: FOLLOW_UP_TITLE });
    for (const action of open)
      tx.create(ActionUpdate, { actionItem: action, meeting, status: action.status, comment: action.comment, createdBy: tx.getReference(User, scope.userId) });
    if (committee.kind === 'cpu') tx.create(MeetingItem, { meeting, position: ++position, kind: 'cpu', title: CPU_ITEM_TITLE });
    await flushGuarded(tx);
    return meeting;
  });
}

/** A typo in a meeting's date, time, place or link is corrected while its minutes are a draft. */
export async function editMeeting(em: EntityManager, scope: Scope, meetingId: number, input: MeetingInput): Promise<Meeting> {
  const { meeting } = await draftMeeting(em, scope, meetingId);
  meeting.startsAt = parisInstant(input.day, input.time);
  meeting.place = input.place;
  meeting.videoLink = input.videoLink;
  await flushGuarded(em);
  return meeting;
}

/** The meeting, for a change of its set-up: 403 unless the caller takes its minutes, 409 once the minutes left the draft. */
async function draftMeeting(em: EntityManager, scope: Scope, meetingId: number) {
  const access = await meetingAccess(em, scope, meetingId);
  scope.must(access.canTakeMinutes);
  if (access.meeting.status !== 'draft') {
    throw new RuleError('Le compte rendu n’est plus un brouillon : l’ordre du jour et les présences ne changent plus.', 409);
  }
  return access;
}

// ——— Agenda ———

export async function agendaOf(em: EntityManager, meetingId: number): Promise<MeetingItem[]> {
  return em.find(MeetingItem, { meeting: meetingId }, { orderBy: { position: 'asc' } });
}

export async function addItem(em: EntityManager, scope: Scope, meetingId: number, input: ItemInput): Promise<MeetingItem> {
  const { meeting } = await draftMeeting(em, scope, meetingId);
  return em.transactional(async (tx) => {
    // The meeting's row locked: two items added at once get two positions.
    await tx.findOneOrFail(Meeting, meeting.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const last = await tx.findOne(MeetingItem, { meeting: meeting.id }, { orderBy: { position: 'desc' } });
    if ((last?.position ?? 0) >= 200) throw new RuleError('L’ordre du jour compte déjà 200 points.', 422);
    const item = tx.create(MeetingItem, { meeting: meeting.id, position: (last?.position ?? 0) + 1, kind: 'topic', ...input });
    await flushGuarded(tx);
    return item;
  });
}

async function itemOf(em: EntityManager, scope: Scope, meetingId: number, itemId: number): Promise<MeetingItem> {
  await draftMeeting(em, scope, meetingId);
  const item = Number.isSafeInteger(itemId) ? await em.findOne(MeetingItem, { id: itemId, meeting: meetingId }) : null;
  if (!item) throw new NotFoundError();
  return item;
}

/** Title, presenter and expected duration; « Suivi des actions » and the CPU's item keep their title. */
export async function editItem(em: EntityManager, scope: Scope, meetingId: number, itemId: number, input: ItemInput): Promise<MeetingItem> {
  const item = await itemOf(em, scope, meetingId, itemId);
  if (item.kind === 'topic') item.title = input.title;
  item.presenter = input.presenter;
  item.expectedMinutes = input.expectedMinutes;
  await flushGuarded(em);
  return item;
}

/** Swaps the item with the one above or below it (positions are unique, checked at commit). */
export async function moveItem(em: EntityManager, scope: Scope, meetingId: number, itemId: number, direction: 'up' | 'down'): Promise<void> {
  await itemOf(em, scope, meetingId, itemId);
  await em.transactional(async (tx) => {
    const items = await tx.find(MeetingItem, { meeting: meetingId }, { orderBy: { position: 'asc' }, refresh: true });
    const i = items.findIndex((it) => it.id === itemId);
    const j = direction === 'up' ? i - 1 : i + 1;
    const [a, b] = [items[i], items[j]];
    if (!a || !b) return;
    [a.position, b.position] = [b.position, a.position];
    await flushGuarded(tx);
  });
}

/** Removes a topic and closes the gap; « Suivi des actions » and the CPU's item stay. */
export async function removeItem(em: EntityManager, scope: Scope, meetingId: number, itemId: number): Promise<void> {
  const item = await itemOf(em, scope, meetingId, itemId);
  if (item.kind !== 'topic') throw new RuleError('Ce point fait partie de toute réunion de ce comité : il ne se retire pas.', 409);
  // Its decisions and actions would lose their point, and vanish from the page while staying in the minutes.
  const [held] = await em.execute<{ n: number }[]>(
    `select (select count(*) from committee_decision where item_id = ?) + (select count(*) from action_item where item_id = ?) as n`,
    [itemId, itemId],
  );
  if (Number(held?.n ?? 0) > 0)
    throw new RuleError('Ce point porte des décisions ou des actions : retirez-les d’abord, ou gardez le point et renommez-le.', 409);
  await em.transactional(async (tx) => {
    const items = await tx.find(MeetingItem, { meeting: meetingId }, { orderBy: { position: 'asc' }, refresh: true });
    const removed = items.find((it) => it.id === itemId);
    if (!removed) return;
    tx.remove(removed);
    let position = 0;
    for (const it of items) if (it !== removed) it.position = ++position;
    await flushGuarded(tx);
  });
}

// ——— Attendance and quorum ———

export interface AttendanceRow {
  member: CommitteeMember;
  name: string;
  status: AttendanceStatus | null;
  representedBy: string;
}

/** « Claire Dupont » for a user of the app, the typed name for an external member. */

/** One row per current member, with what was recorded for this meeting. */
export async function attendanceOf(em: EntityManager, meeting: Meeting): Promise<AttendanceRow[]> {
  const members = await em.find(CommitteeMember, { committee: meeting.committee.id, leftAt: null }, { populate: ['user'], orderBy: { id: 'asc' } });
  const recorded = new Map((await em.find(Attendance, { meeting: meeting.id })).map((a) => [a.member.id, a]));
  return members.map((member) => {
    const a = recorded.get(member.id);
    return { member, name: memberName(member), status: a?.status ?? null, representedBy: a?.representedBy ?? '' };
  });
}

export interface Quorum {
  required: number;
  counted: number;
  reached: boolean;
}

/** Members present or represented, against the committee's quorum; null when it sets none. */
export function quorumOf(required: number | null | undefined, statuses: ReadonlyArray<AttendanceStatus | null>): Quorum | null {
  if (!required) return null;
  const counted = statuses.filter((s) => s === 'present' || s === 'represented').length;
  return { required, counted, reached: counted >= required };
}

/** « Quorum atteint : 5 présents ou représentés sur 4 requis ». */
export function quorumSentence(q: Quorum): string {
  const counted = `${q.counted} ${q.counted > 1 ? 'présents ou représentés' : 'présent ou représenté'}`;
  return `Quorum ${q.reached ? 'atteint' : 'non atteint'} : ${counted} sur ${q.required} requis`;
}

/**
 * The attendance form: `status-<member id>` (present, excused, absent, represented, or empty for
 * not recorded) and `representedBy-<member id>`, required when represented.
 */
export async function saveAttendance(em: EntityManager, scope: Scope, meetingId: number, values: FormValues): Promise<void> {
  const { meeting } = await draftMeeting(em, scope, meetingId);
  const rows = await attendanceOf(em, meeting);
  const errors: Record<string, string> = {};
  const wanted = rows.map(({ member }) => {
    const status = one(values, `status-${member.id}`);
    const representedBy = one(values, `representedBy-${member.id}`).trim();
    if (status !== '' && !(ATTENDANCE_STATUSES as readonly string[]).includes(status)) errors[`status-${member.id}`] = 'Choisissez une présence.';
    else if (status === 'represented' && representedBy.length < 2) errors[`representedBy-${member.id}`] = 'Indiquez qui représente ce membre.';
    else if (representedBy.length > 120) errors[`representedBy-${member.id}`] = 'Le nom tient en 120 caractères.';
    return { member, status: status as AttendanceStatus | '', representedBy: status === 'represented' ? representedBy : '' };
  });
  if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
  await em.transactional(async (tx) => {
    const existing = new Map((await tx.find(Attendance, { meeting: meeting.id })).map((a) => [a.member.id, a]));
    for (const w of wanted) {
      const a = existing.get(w.member.id);
      if (w.status === '') {
        if (a) tx.remove(a);
      } else if (a) {
        a.status = w.status;
        a.representedBy = w.representedBy;
      } else {
        tx.create(Attendance, { meeting: meeting.id, member: w.member.id, status: w.status, representedBy: w.representedBy });
      }
    }
    await flushGuarded(tx);
  });
}

// ——— Follow-up of action items ———

export interface FollowUpRow {
  action: ActionItem;
  owner: string;
  /** This meeting's look at it: the status and comment it set. */
  status: ActionStatus;
  comment: string;
  /** The meeting it was decided in. */
  origin: Meeting;
}

/** The action items this meeting follows up: those it carried in at its creation (open or in progress then). */
export async function followUpOf(em: EntityManager, meetingId: number): Promise<FollowUpRow[]> {
  const updates = await em.find(
    ActionUpdate,
    { meeting: meetingId },
    { populate: ['actionItem', 'actionItem.owner', 'actionItem.owner.user', 'actionItem.meeting'], orderBy: { actionItem: { id: 'asc' } } },
  );
  return updates.map((u) => ({
    action: u.actionItem,
    owner: u.actionItem.owner ? memberName(u.actionItem.owner) : '',
    status: u.status,
    comment: u.comment,
    origin: u.actionItem.meeting,
  }));
}

/**
 * This meeting's update of one carried action item: replaces the meeting's previous one and
 * becomes the item's status and comment. The action's row is locked so that two updates of the
 * same item apply in turn.
 */
export async function updateFollowUp(em: EntityManager, scope: Scope, meetingId: number, actionId: number, input: FollowUpInput): Promise<void> {
  const { meeting } = await draftMeeting(em, scope, meetingId);
  await em.transactional(async (tx) => {
    const action = Number.isSafeInteger(actionId)
      ? await tx.findOne(ActionItem, { id: actionId, committee: meeting.committee.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
      : null;
    const update = action ? await tx.findOne(ActionUpdate, { actionItem: action.id, meeting: meeting.id }) : null;
    if (!action || !update) throw new NotFoundError();
    update.status = input.status;
    update.comment = input.comment;
    update.createdBy = tx.getReference(User, scope.userId);
    action.status = input.status;
    action.comment = input.comment;
    await flushGuarded(tx);
  });
}

export interface ActionHistory {
  action: ActionItem;
  access: CommitteeAccess;
  owner: string;
  /** Oldest first: where it was decided, then each meeting that looked at it. */
  entries: Array<{ meeting: Meeting; kind: 'origin' | 'update'; status: ActionStatus | null; comment: string }>;
}

/** Every meeting that touched an action item: its origin and each follow-up, by date. 404 outside the committee's readers. */
export async function actionHistory(em: EntityManager, scope: Scope, actionId: number): Promise<ActionHistory> {
  const action = Number.isSafeInteger(actionId) ? await em.findOne(ActionItem, actionId, { populate: ['meeting', 'owner', 'owner.user'] }) : null;
  if (!action) throw new NotFoundError();
  const access = await committeeAccess(em, scope, action.committee.id);
  const updates = await em.find(ActionUpdate, { actionItem: action.id }, { populate: ['meeting'] });
  const entries: ActionHistory['entries'] = [
    { meeting: action.meeting, kind: 'origin' as const, status: null, comment: '' },
    ...updates.map((u) => ({ meeting: u.meeting, kind: 'update' as const, status: u.status, comment: u.comment })),
  ].sort((a, b) => a.meeting.startsAt.getTime() - b.meeting.startsAt.getTime() || (a.kind === 'origin' ? -1 : 1));
  return { action, access, owner: action.owner ? memberName(action.owner) : '', entries };
}

// ——— The set-up page ———

export interface MeetingSetup {
  access: CommitteeAccess & { meeting: Meeting };
  items: MeetingItem[];
  attendance: AttendanceRow[];
  quorum: Quorum | null;
  followUp: FollowUpRow[];
  /** Agenda and attendance change: a draft, and the caller takes the minutes. */
  editable: boolean;
}

export async function meetingSetup(em: EntityManager, scope: Scope, meetingId: number): Promise<MeetingSetup> {
  const access = await meetingAccess(em, scope, meetingId);
  const attendance = await attendanceOf(em, access.meeting);
  return {
    access,
    items: await agendaOf(em, meetingId),
    attendance,
    quorum: quorumOf(
      access.committee.quorum,
      attendance.map((a) => a.status),
    ),
    followUp: await followUpOf(em, meetingId),
    editable: access.canTakeMinutes && access.meeting.status === 'draft',
  };
}
