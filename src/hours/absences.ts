import { defineEntity, p } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Establishment } from '../establishments/entities.ts';
import { findEstablishment } from '../establishments/service.ts';
import { FieldErrors } from '../platform/errors.ts';
import { dayField } from '../platform/fields.ts';
import { formatShortDay } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { type AbsenceReasonRow, absenceDayProblem, offeredOn, reasonOn } from './absence-rules.ts';
import { type CellReading, readCell } from './rules.ts';

/**
 * Absence reasons: reference data per establishment with effective dates, like the SMIC. A
 * reason is never changed in place: a new version of its code is added from a date, or the
 * code is closed from a date (`offered = false`). Seeded by the database for every
 * establishment (migration and trigger `establishment_absence_reasons`).
 */
const AbsenceReasonSchema = defineEntity({
  name: 'AbsenceReason',
  tableName: 'absence_reason',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    code: p.string(),
    label: p.string(),
    legalItem: p.string().nullable(),
    justified: p.boolean().default(true),
    paid: p.boolean().default(false),
    countsForLeave: p.boolean().default(false),
    requiresSuspension: p.boolean().default(false),
    offered: p.boolean().default(true),
    effectiveFrom: p.string().columnType('date'),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class AbsenceReason extends AbsenceReasonSchema.class {}
AbsenceReasonSchema.setClass(AbsenceReason);

export type { AbsenceReasonRow };
export { reasonOn };

/** Every version of every reason of an establishment, oldest first (pure rows for `reasonOn`, `offeredOn`). */
export async function absenceReasonsOf(em: EntityManager, establishmentId: number): Promise<AbsenceReasonRow[]> {
  const rows = await em.find(AbsenceReason, { establishment: establishmentId }, { orderBy: { code: 'asc', effectiveFrom: 'asc' } });
  return rows.map((r) => ({
    code: r.code,
    label: r.label,
    legalItem: r.legalItem ?? null,
    justified: r.justified,
    paid: r.paid,
    countsForLeave: r.countsForLeave,
    requiresSuspension: r.requiresSuspension,
    offered: r.offered,
    effectiveFrom: String(r.effectiveFrom).slice(0, 10),
  }));
}

/**
 * Reads a typed cell with the codes offered that day; a code that exists but is closed, or
 * does not exist that day, is explained rather than read as a bad duration.
 */
export function readCellWithReasons(input: string, reasons: readonly AbsenceReasonRow[], day: string): CellReading {
  const reading = readCell(
    input,
    offeredOn(reasons, day).map((r) => r.code),
  );
  if (reading.ok) return reading;
  const typed = input.trim().toUpperCase();
  const known = reasonOn(reasons, typed, day);
  if (known && !known.offered) {
    return {
      ok: false,
      error: `Le code d’absence « ${typed} » n’est plus proposé depuis le ${formatShortDay(known.effectiveFrom)} : choisissez un autre motif.`,
    };
  }
  return reading;
}

/** Why an absence can't be typed that day of that row (see `absenceDayProblem`), or null. */
export function absenceProblem(reasons: readonly AbsenceReasonRow[], code: string, day: string, state: { suspended: boolean; contract: boolean }) {
  const reason = reasonOn(reasons, code, day);
  if (!reason) return `Le code d’absence « ${code} » n’est pas un motif de cet établissement le ${formatShortDay(day)}.`;
  return absenceDayProblem(reason, state);
}

export const ABSENCE_FLAGS = {
  justified: 'Absence justifiée',
  paid: 'Payée comme des heures travaillées',
  countsForLeave: 'Compte comme travaillée pour les congés',
  requiresSuspension: 'Exige une suspension de l’affectation (maladie, accident du travail)',
  offered: 'Proposé à la saisie (décoché : le code est fermé à partir de la date d’effet)',
} as const;
type Flag = keyof typeof ABSENCE_FLAGS;

/** A new version of a reason from a date (or the closing of its code from a date). */
export const absenceReasonForm = z.object({
  code: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{1,6}$/, 'Le code s’écrit en 1 à 6 lettres capitales, sans accent (par exemple MED).')),
  label: z.string().trim().min(2, 'Indiquez le libellé du motif.').max(120, 'Le libellé tient en 120 caractères.'),
  legalItem: z
    .string()
    .trim()
    .max(200, 'La référence tient en 200 caractères.')
    .optional()
    .transform((v) => (v ? v : null)),
  effectiveFrom: dayField('Indiquez la date d’effet.'),
  /** The checked boxes of `ABSENCE_FLAGS`. */
  flags: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((f): f is Flag => f in ABSENCE_FLAGS))),
});
export type AbsenceReasonInput = z.infer<typeof absenceReasonForm>;

/** The page of an establishment's reasons: every version, the establishment, and whether the caller may add. */
export async function absenceReasonsPage(em: EntityManager, scope: Scope, establishmentId: number) {
  const establishment = await findEstablishment(em, scope, establishmentId);
  const reasons = await em.find(AbsenceReason, { establishment: establishmentId }, { orderBy: { code: 'asc', effectiveFrom: 'desc' } });
  return { establishment, reasons, canEdit: canEditReasons(scope, establishmentId) };
}

/** An administrator, or the establishment's coordinator. */
export function canEditReasons(scope: Scope, establishmentId: number): boolean {
  return scope.canEditReferenceData || scope.canManageEstablishment(establishmentId);
}

/**
 * Adds a version of a reason from a date: a new code, new flags for an existing one, or its
 * closing (`offered` unchecked). Entries already typed keep the version in force on their day.
 */
export async function addAbsenceReason(em: EntityManager, scope: Scope, establishmentId: number, input: AbsenceReasonInput): Promise<AbsenceReason> {
  const establishment = await findEstablishment(em, scope, establishmentId);
  scope.must(canEditReasons(scope, establishmentId));
  const rows = await absenceReasonsOf(em, establishmentId);
  const has = (f: Flag) => input.flags.has(f);
  if (!has('offered') && !reasonOn(rows, input.code, input.effectiveFrom)) {
    throw new FieldErrors({ code: `Le code ${input.code} n’existe pas à cette date : il n’y a rien à fermer.` });
  }
  const reason = em.create(AbsenceReason, {
    establishment,
    code: input.code,
    label: input.label,
    legalItem: input.legalItem,
    justified: has('justified'),
    paid: has('paid'),
    countsForLeave: has('countsForLeave'),
    requiresSuspension: has('requiresSuspension'),
    offered: has('offered'),
    effectiveFrom: input.effectiveFrom,
    createdBy: em.getReference(User, scope.userId),
  });
  await flushGuarded(em);
  return reason;
}
