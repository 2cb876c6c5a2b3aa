import { defineEntity, p } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Establishment } from '../establishments/entities.ts';
import { findEstablishment } from '../establishments/service.ts';
import type { Day } from '../platform/calendar.ts';
import { dayField } from '../platform/fields.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { LEGAL_MAJORATIONS, type MajorationPolicy } from './majorations.ts';
import { DEFAULT_LIMITS, type WorkingTimeLimits } from './rules.ts';

/**
 * An establishment's working time from a date on (code pénitentiaire R412-50 to R412-62):
 * limits and majoration rates. Without a row, the code's own figures apply.
 */
const WorkingTimeSettingSchema = defineEntity({
  name: 'WorkingTimeSetting',
  tableName: 'working_time_setting',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    effectiveFrom: p.string().columnType('date'),
    maxDailyMinutes: p.integer(),
    maxWeeklyMinutes: p.integer(),
    maxWorkedDays: p.integer(),
    fullTimeMinutes: p.integer(),
    overtimeFirstTierMinutes: p.integer(),
    overtimeFirstTierPercent: p.integer(),
    overtimeBeyondPercent: p.integer(),
    yearlyOvertimeCapMinutes: p.integer(),
    complementaryFirstTierPercent: p.integer(),
    complementarySecondTierPercent: p.integer(),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class WorkingTimeSetting extends WorkingTimeSettingSchema.class {}
WorkingTimeSettingSchema.setClass(WorkingTimeSetting);

export interface WorkingTime {
  limits: WorkingTimeLimits;
  policy: MajorationPolicy;
  /** The date the figures are in force from; null: the code pénitentiaire's defaults. */
  effectiveFrom: Day | null;
}

export const LEGAL_WORKING_TIME: WorkingTime = { limits: DEFAULT_LIMITS, policy: LEGAL_MAJORATIONS, effectiveFrom: null };

/** The establishment's working time in force on `day`: its latest version not after it, else the law's. */
export async function workingTimeOn(em: EntityManager, establishmentId: number, day: Day): Promise<WorkingTime> {
  const row = await em.findOne(WorkingTimeSetting, { establishment: establishmentId, effectiveFrom: { $lte: day } }, { orderBy: { effectiveFrom: 'desc' } });
  return row ? workingTimeOf(row) : LEGAL_WORKING_TIME;
}

/**
 * Every version of the establishment's working time at once, for a reader of many weeks (the
 * pay statement): `on(day)` answers as `workingTimeOn` would, with one query in all.
 */
export async function workingTimesOf(em: EntityManager, establishmentId: number): Promise<(day: Day) => WorkingTime> {
  const rows = await em.find(WorkingTimeSetting, { establishment: establishmentId }, { orderBy: { effectiveFrom: 'desc' } });
  const versions = rows.map(workingTimeOf);
  return (day) => versions.find((v) => v.effectiveFrom !== null && v.effectiveFrom <= day) ?? LEGAL_WORKING_TIME;
}

function workingTimeOf(row: WorkingTimeSetting): WorkingTime {
  return {
    limits: { maxDailyMinutes: row.maxDailyMinutes, maxWeeklyMinutes: row.maxWeeklyMinutes, maxWorkedDays: row.maxWorkedDays },
    policy: {
      fullTimeMinutes: row.fullTimeMinutes,
      overtimeFirstTierMinutes: row.overtimeFirstTierMinutes,
      overtimeFirstTierPercent: row.overtimeFirstTierPercent,
      overtimeBeyondPercent: row.overtimeBeyondPercent,
      yearlyOvertimeCapMinutes: row.yearlyOvertimeCapMinutes,
      complementaryFirstTierPercent: row.complementaryFirstTierPercent,
      complementarySecondTierPercent: row.complementarySecondTierPercent,
    },
    effectiveFrom: row.effectiveFrom,
  };
}

/** Whole hours between `min` and `max`, with French messages; stored in minutes. */
const hours = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Indiquez ${label}.`)
    .regex(/^\d{1,4}$/, `Indiquez ${label} en heures entières.`)
    .transform(Number)
    .pipe(z.number().min(min, `Au moins ${min} h.`).max(max, `Au plus ${max} h (code pénitentiaire).`))
    .transform((h) => h * 60);
const whole = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Indiquez ${label}.`)
    .regex(/^\d{1,3}$/, `Indiquez ${label} en nombre entier.`)
    .transform(Number)
    .pipe(z.number().min(min, `Au moins ${min} : le code pénitentiaire ne permet pas moins.`).max(max, `Au plus ${max}.`));

/**
 * A version of an establishment's working time from a date. An establishment may be stricter
 * than the law, never looser: at most 10 h a day, 48 h a week, 6 days (R412-51, R412-61);
 * majorations at least those of R412-54 and R412-56.
 */
export const workingTimeForm = z.object({
  effectiveFrom: dayField('Indiquez la date d’effet.'),
  maxDailyMinutes: hours('la durée maximale par jour', 1, 10),
  maxWeeklyMinutes: hours('la durée maximale par semaine', 1, 48),
  maxWorkedDays: whole('le nombre maximal de jours travaillés', 1, 999).pipe(
    z.number().max(6, 'Au plus 6 jours : le repos hebdomadaire est obligatoire (art. R412-61).'),
  ),
  fullTimeMinutes: hours('la durée du temps plein', 1, 35),
  overtimeFirstTierMinutes: hours('les heures majorées au premier taux', 0, 48),
  overtimeFirstTierPercent: whole('la majoration des premières heures supplémentaires', 25, 100),
  overtimeBeyondPercent: whole('la majoration des heures supplémentaires suivantes', 50, 100),
  yearlyOvertimeCapMinutes: hours('le plafond annuel d’heures supplémentaires', 0, 220),
  complementaryFirstTierPercent: whole('la majoration des heures complémentaires jusqu’au dixième', 10, 100),
  complementarySecondTierPercent: whole('la majoration des heures complémentaires au-delà du dixième', 25, 100),
});
export type WorkingTimeInput = z.infer<typeof workingTimeForm>;

/** An administrator, or the establishment's coordinator. */
export function canEditWorkingTime(scope: Scope, establishmentId: number): boolean {
  return scope.canEditReferenceData || scope.canManageEstablishment(establishmentId);
}

/** The page: the establishment, its versions (newest first), the figures in force today. */
export async function workingTimePage(em: EntityManager, scope: Scope, establishmentId: number, today: Day) {
  const establishment = await findEstablishment(em, scope, establishmentId);
  const versions = await em.find(WorkingTimeSetting, { establishment: establishmentId }, { orderBy: { effectiveFrom: 'desc' } });
  return { establishment, versions, inForce: await workingTimeOn(em, establishmentId, today), canEdit: canEditWorkingTime(scope, establishmentId) };
}

/** Adds a version from a date (audited by the database's trigger); the days before it keep the former figures. */
export async function addWorkingTime(em: EntityManager, scope: Scope, establishmentId: number, input: WorkingTimeInput): Promise<WorkingTimeSetting> {
  const establishment = await findEstablishment(em, scope, establishmentId);
  scope.must(canEditWorkingTime(scope, establishmentId));
  const setting = em.create(WorkingTimeSetting, { ...input, establishment, createdBy: em.getReference(User, scope.userId) });
  await flushGuarded(em);
  return setting;
}
