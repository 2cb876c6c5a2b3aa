import { defineEntity, p } from '@mikro-orm/core';
import { Assignment, Enrollment } from '../assignments/entities.ts';
import { Detainee } from '../detainees/entities.ts';
import { Establishment } from '../establishments/entities.ts';
import { TrainingSession } from '../training/entities.ts';
import { User } from '../users/entities.ts';
import { Workshop } from '../workshops/entities.ts';

const SmicRateSchema = defineEntity({
  name: 'SmicRate',
  tableName: 'smic_rate',
  properties: {
    id: p.integer().primary(),
    effectiveFrom: p.string().columnType('date'),
    hourlyCents: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class SmicRate extends SmicRateSchema.class {}
SmicRateSchema.setClass(SmicRate);

const TimesheetWeekSchema = defineEntity({
  name: 'TimesheetWeek',
  tableName: 'timesheet_week',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    workshop: p.manyToOne(Workshop).nullable(),
    session: p.manyToOne(TrainingSession).nullable(),
    weekStart: p.string().columnType('date'),
    status: p.enum(['open', 'validated'] as const).default('open'),
    validatedBy: p.manyToOne(User).nullable(),
    validatedAt: p.datetime().nullable(),
    reopenedBy: p.manyToOne(User).nullable(),
    reopenedAt: p.datetime().nullable(),
    reopenReason: p.string().default(''),
    /** « Semaine complète »: the partner told the coordinator the week is ready to validate. */
    completedAt: p.datetime().nullable(),
    completedBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export class TimesheetWeek extends TimesheetWeekSchema.class {
  isValidated(): boolean {
    return this.status === 'validated';
  }
}
TimesheetWeekSchema.setClass(TimesheetWeek);

const TimeEntrySchema = defineEntity({
  name: 'TimeEntry',
  tableName: 'time_entry',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    detainee: p.manyToOne(Detainee),
    assignment: p.manyToOne(Assignment).nullable(),
    enrollment: p.manyToOne(Enrollment).nullable(),
    workshop: p.manyToOne(Workshop).nullable(),
    session: p.manyToOne(TrainingSession).nullable(),
    day: p.string().columnType('date'),
    kind: p.enum(['work', 'training', 'absence'] as const),
    minutes: p.integer().default(0),
    absenceCode: p.string().nullable(),
    overtimeReason: p.string().default(''),
    /** Why the person works on a public holiday (R412-62) or a Sunday (urgent works, R412-61). */
    dayReason: p.string().default(''),
    isAdjustment: p.boolean().default(false),
    adjustmentReason: p.string().default(''),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export class TimeEntry extends TimeEntrySchema.class {}
TimeEntrySchema.setClass(TimeEntry);
