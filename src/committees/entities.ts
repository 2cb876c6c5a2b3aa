import { defineEntity, p } from '@mikro-orm/core';
import { Candidacy } from '../candidacies/entities.ts';
import { Establishment } from '../establishments/entities.ts';
import { User } from '../users/entities.ts';

/**
 * Committees (issue 20; DOMAIN.md § Committees). The schema and its locks are in
 * migrations/Migration20261130200000_committees.ts: approved minutes are final in the database.
 */

export const COMMITTEE_KINDS = ['cpu', 'technical', 'departmental', 'regional', 'other'] as const;
export type CommitteeKind = (typeof COMMITTEE_KINDS)[number];
export const COMMITTEE_KIND_LABELS: Record<CommitteeKind, string> = {
  cpu: 'Commission pluridisciplinaire unique (CPU)',
  technical: 'Comité technique d’établissement',
  departmental: 'Comité de pilotage départemental',
  regional: 'Comité de pilotage régional',
  other: 'Autre comité',
};

export const MEMBER_ROLES = ['chair', 'secretary', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = { chair: 'Président', secretary: 'Secrétaire', member: 'Membre' };

export const MEETING_STATUSES = ['draft', 'submitted', 'approved'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  draft: 'Brouillon',
  submitted: 'Soumis aux membres',
  approved: 'Approuvé',
};

export const ITEM_KINDS = ['topic', 'follow_up', 'cpu'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const ATTENDANCE_STATUSES = ['present', 'excused', 'absent', 'represented'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: 'Présent',
  excused: 'Excusé',
  absent: 'Absent',
  represented: 'Représenté',
};

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'À faire',
  in_progress: 'En cours',
  done: 'Faite',
  dropped: 'Abandonnée',
};

const CommitteeSchema = defineEntity({
  name: 'Committee',
  tableName: 'committee',
  properties: {
    id: p.integer().primary(),
    kind: p.enum(COMMITTEE_KINDS),
    name: p.string(),
    code: p.string(),
    quorum: p.integer().nullable(),
    establishments: p.manyToMany(Establishment).pivotTable('committee_establishment').joinColumn('committee_id').inverseJoinColumn('establishment_id').owner(),
    archivedAt: p.datetime().nullable(),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});
export class Committee extends CommitteeSchema.class {}
CommitteeSchema.setClass(Committee);

/** A member: a user of the app (any role), or an external person (name, organisation, function, e-mail). */
const CommitteeMemberSchema = defineEntity({
  name: 'CommitteeMember',
  tableName: 'committee_member',
  properties: {
    id: p.integer().primary(),
    committee: p.manyToOne(Committee),
    user: p.manyToOne(User).nullable(),
    name: p.string().default(''),
    organisation: p.string().default(''),
    function: p.string().default(''),
    email: p.string().default(''),
    role: p.enum(MEMBER_ROLES).default('member'),
    leftAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});
export class CommitteeMember extends CommitteeMemberSchema.class {}
CommitteeMemberSchema.setClass(CommitteeMember);

/** The name a member goes by: the user's, or the external member's. */
export const memberName = (m: CommitteeMember): string => m.user?.displayName ?? m.name;

const MeetingSchema = defineEntity({
  name: 'Meeting',
  tableName: 'committee_meeting',
  properties: {
    id: p.integer().primary(),
    committee: p.manyToOne(Committee),
    startsAt: p.datetime(),
    place: p.string().default(''),
    videoLink: p.string().default(''),
    status: p.enum(MEETING_STATUSES).default('draft'),
    edition: p.integer().default(1),
    /** Why the approved edition before this one was reopened; '' for a first edition. */
    correctionReason: p.string().default(''),
    submittedAt: p.datetime().nullable(),
    submittedBy: p.manyToOne(User).nullable(),
    approvedOn: p.string().columnType('date').nullable(),
    approvedAt: p.datetime().nullable(),
    approvedBy: p.manyToOne(User).nullable(),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});
export class Meeting extends MeetingSchema.class {}
MeetingSchema.setClass(Meeting);

const MeetingItemSchema = defineEntity({
  name: 'MeetingItem',
  tableName: 'meeting_item',
  properties: {
    id: p.integer().primary(),
    meeting: p.manyToOne(Meeting),
    position: p.integer(),
    kind: p.enum(ITEM_KINDS).default('topic'),
    title: p.string(),
    presenter: p.string().default(''),
    expectedMinutes: p.integer().nullable(),
    discussion: p.text().default(''),
    version: p.integer().version(),
  },
});
export class MeetingItem extends MeetingItemSchema.class {}
MeetingItemSchema.setClass(MeetingItem);

const AttendanceSchema = defineEntity({
  name: 'Attendance',
  tableName: 'meeting_attendance',
  properties: {
    meeting: p.manyToOne(Meeting).primary(),
    member: p.manyToOne(CommitteeMember).primary(),
    status: p.enum(ATTENDANCE_STATUSES),
    representedBy: p.string().default(''),
  },
});
export class Attendance extends AttendanceSchema.class {}
AttendanceSchema.setClass(Attendance);

const DecisionSchema = defineEntity({
  name: 'Decision',
  tableName: 'committee_decision',
  properties: {
    id: p.integer().primary(),
    committee: p.manyToOne(Committee),
    meeting: p.manyToOne(Meeting),
    item: p.manyToOne(MeetingItem).nullable(),
    text: p.text(),
    year: p.integer().nullable(),
    number: p.integer().nullable(),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});
export class Decision extends DecisionSchema.class {}
DecisionSchema.setClass(Decision);

/** « CT-BREST-2026-07 », or null while the minutes are not approved. */
export function decisionNumber(code: string, d: { year?: number | null; number?: number | null }): string | null {
  return d.year && d.number ? `${code}-${d.year}-${String(d.number).padStart(2, '0')}` : null;
}

const ActionItemSchema = defineEntity({
  name: 'ActionItem',
  tableName: 'action_item',
  properties: {
    id: p.integer().primary(),
    committee: p.manyToOne(Committee),
    meeting: p.manyToOne(Meeting),
    item: p.manyToOne(MeetingItem).nullable(),
    title: p.string(),
    owner: p.manyToOne(CommitteeMember).fieldName('owner_member_id').nullable(),
    dueOn: p.string().columnType('date').nullable(),
    status: p.enum(ACTION_STATUSES).default('open'),
    comment: p.string().default(''),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export class ActionItem extends ActionItemSchema.class {}
ActionItemSchema.setClass(ActionItem);

/** A meeting's look at an action item: its status and comment then (the item's history). */
const ActionUpdateSchema = defineEntity({
  name: 'ActionUpdate',
  tableName: 'action_update',
  properties: {
    id: p.integer().primary(),
    actionItem: p.manyToOne(ActionItem),
    meeting: p.manyToOne(Meeting),
    status: p.enum(ACTION_STATUSES),
    comment: p.string().default(''),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class ActionUpdate extends ActionUpdateSchema.class {}
ActionUpdateSchema.setClass(ActionUpdate);

const CpuOpinionSchema = defineEntity({
  name: 'CpuOpinion',
  tableName: 'cpu_opinion',
  properties: {
    id: p.integer().primary(),
    meeting: p.manyToOne(Meeting),
    candidacy: p.manyToOne(Candidacy),
    opinion: p.enum(['favourable', 'unfavourable'] as const),
    reason: p.string().default(''),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class CpuOpinion extends CpuOpinionSchema.class {}
CpuOpinionSchema.setClass(CpuOpinion);

/** An approved edition of a meeting's minutes: what was approved, and the PDF served ever after. */
const MinutesEditionSchema = defineEntity({
  name: 'MinutesEdition',
  tableName: 'minutes_edition',
  properties: {
    id: p.integer().primary(),
    meeting: p.manyToOne(Meeting),
    edition: p.integer(),
    content: p.json<MinutesContent>(),
    pdf: p.blob().lazy(),
    sha256: p.string(),
    approvedOn: p.string().columnType('date'),
    approvedAt: p.datetime(),
    approvedBy: p.manyToOne(User),
  },
});
export class MinutesEdition extends MinutesEditionSchema.class {}
MinutesEditionSchema.setClass(MinutesEdition);

/** What an edition of the minutes said, kept as approved (to show what an amendment changed). */
export interface MinutesContent {
  attendance: Array<{ name: string; organisation: string; role: MemberRole; status: AttendanceStatus; representedBy: string }>;
  items: Array<{ position: number; kind: ItemKind; title: string; presenter: string; discussion: string }>;
  decisions: Array<{ number: string; item: number | null; text: string }>;
  actions: Array<{ id: number; title: string; owner: string; dueOn: string | null; status: ActionStatus; comment: string }>;
}

/** Everything the minutes PDF prints: the meeting's header, its content, and the approval when there is one. */
export interface MinutesDocument {
  committee: { name: string; kind: CommitteeKind; code: string; quorum: number | null };
  /** The establishments of the committee's scope, by name. */
  establishments: string[];
  startsAt: Date;
  place: string;
  videoLink: string;
  edition: number;
  content: MinutesContent;
  /** « 03/12/2026 », by « Claire Dupont (présidente) »; null for a draft. */
  approval: { on: string; by: string } | null;
}
