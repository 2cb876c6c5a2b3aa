import { defineEntity, p } from '@mikro-orm/core';
import { Assignment } from '../assignments/entities.ts';
import { Detainee } from '../detainees/entities.ts';
import { Establishment } from '../establishments/entities.ts';
import { User } from '../users/entities.ts';
import type { AccrualBasis, LeaveRounding, LeaveSettlement } from './policy.ts';

/**
 * One version of an establishment's leave policy (`LeavePolicyTerms` as columns), in force
 * from `effectiveFrom` until the next version. A version is never changed in place: a new one
 * is added from a date, and the ledger is recomputed from the versions.
 */
const LeavePolicySchema = defineEntity({
  name: 'LeavePolicy',
  tableName: 'leave_policy',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    effectiveFrom: p.string().columnType('date'),
    name: p.string(),
    basis: p.enum(['month', 'hours'] as const satisfies readonly AccrualBasis[]),
    daysPerMonth: p.integer(),
    monthMinDays: p.integer().nullable(),
    monthMinMinutes: p.integer().nullable(),
    daysPerBlock: p.integer(),
    blockMinutes: p.integer(),
    periodStart: p.string(),
    rounding: p.enum(['half_day_up', 'day_up', 'none'] as const satisfies readonly LeaveRounding[]),
    yearlyCapDays: p.integer().nullable(),
    carryOverDays: p.integer().nullable(),
    carryOverMonths: p.integer().nullable(),
    paid: p.boolean(),
    payRateBasisPoints: p.integer(),
    allowAdvance: p.boolean(),
    settlement: p.enum(['paid_out', 'lost'] as const satisfies readonly LeaveSettlement[]),
    version: p.integer().version(),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class LeavePolicy extends LeavePolicySchema.class {}
LeavePolicySchema.setClass(LeavePolicy);

/**
 * A person's leave asked for within one assignment (issue 19, item 4): from `startsOn` to
 * `endsOn`, the first day from the afternoon only, the last day in the morning only; `days` in
 * hundredths of a working day. Decided by a coordinator; an approved request becomes a « leave
 * taken » movement of the ledger.
 */
const LeaveRequestSchema = defineEntity({
  name: 'LeaveRequest',
  tableName: 'leave_request',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    detainee: p.manyToOne(Detainee),
    assignment: p.manyToOne(Assignment),
    startsOn: p.string().columnType('date'),
    endsOn: p.string().columnType('date'),
    startsAfternoon: p.boolean().default(false),
    endsMorning: p.boolean().default(false),
    days: p.integer(),
    reason: p.enum(['leave', 'authorised_absence'] as const),
    comment: p.string().default(''),
    status: p.enum(['requested', 'approved', 'refused', 'cancelled'] as const).default('requested'),
    decidedBy: p.manyToOne(User).nullable(),
    decidedAt: p.datetime().nullable(),
    refusalReason: p.string().default(''),
    cancelledBy: p.manyToOne(User).nullable(),
    cancelledAt: p.datetime().nullable(),
    /** Refused or cancelled by the person's release or transfer: cancelling the leaving restores it. */
    closedByLeaving: p.boolean().default(false),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});
export class LeaveRequest extends LeaveRequestSchema.class {}
LeaveRequestSchema.setClass(LeaveRequest);

/**
 * A coordinator's manual correction of a person's leave balance (issue 19, item 2): signed, in
 * hundredths of a day (half days), on `day`, with its mandatory reason. Removed when mistaken,
 * never edited; the audit trail keeps both.
 */
const LeaveAdjustmentSchema = defineEntity({
  name: 'LeaveAdjustment',
  tableName: 'leave_adjustment',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    detainee: p.manyToOne(Detainee),
    day: p.string().columnType('date'),
    centidays: p.integer(),
    reason: p.string(),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class LeaveAdjustment extends LeaveAdjustmentSchema.class {}
LeaveAdjustmentSchema.setClass(LeaveAdjustment);
