import { defineEntity, p } from '@mikro-orm/core';
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
