import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { FieldErrors } from '../platform/errors.ts';
import { dayField } from '../platform/fields.ts';
import { formatShortDay } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { PayFloor } from '../workshops/entities.ts';
import { PAY_CATEGORIES } from '../workshops/rules.ts';
import { SmicRate } from './entities.ts';

/** "12,02" → 1202 cents; "45" or "33,5" → 4500 or 3350 basis points. */
const decimal = (message: string, scale: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,3}([.,]\d{1,2})?$/, message)
    .transform((v) => Math.round(Number(v.replace(',', '.')) * scale));

export const smicForm = z.object({
  effectiveFrom: dayField('Indiquez la date d’effet.'),
  hourly: decimal('Indiquez le SMIC horaire brut en euros, par exemple 12,02.', 100).pipe(
    z.number().min(100, 'Le SMIC horaire doit dépasser 1 €.').max(10000, 'Montant invraisemblable : vérifiez-le.'),
  ),
});

export const floorForm = z.object({
  category: z.enum(PAY_CATEGORIES, 'Choisissez la catégorie.'),
  effectiveFrom: dayField('Indiquez la date d’effet.'),
  percent: decimal('Indiquez un pourcentage du SMIC, par exemple 45 ou 33,5.', 100).pipe(
    z.number().min(1, 'Le plancher est d’au moins 0,01 %.').max(10000, 'Le plancher ne peut pas dépasser 100 % du SMIC.'),
  ),
});

export async function referenceData(em: EntityManager, scope: Scope) {
  scope.must(scope.managesEstablishments);
  const [smic, floors] = await Promise.all([
    em.find(SmicRate, {}, { orderBy: { effectiveFrom: 'desc' } }),
    em.find(PayFloor, {}, { orderBy: { category: 'asc', effectiveFrom: 'desc' } }),
  ]);
  return { smic, floors };
}

/**
 * A new value cannot take effect within a week already validated: the pay of validated time
 * never changes. Only weeks with time in them count: validating an empty week (28 December
 * in one workshop) must not block the next January's SMIC everywhere.
 */
async function assertAfterValidatedWeeks(em: EntityManager, effectiveFrom: string): Promise<void> {
  const [row] = await em.execute<{ last: string | null }[]>(
    `select to_char(max(w.week_start) + 6, 'YYYY-MM-DD') as last from timesheet_week w
      where w.status = 'validated'
        and exists (select 1 from time_entry e
                     where (e.workshop_id = w.workshop_id or e.session_id = w.session_id)
                       and e.day between w.week_start and w.week_start + 6)`,
  );
  if (row?.last && effectiveFrom <= row.last) {
    throw new FieldErrors({
      effectiveFrom: `Des semaines sont validées jusqu’au ${formatShortDay(row.last)} : la date d’effet doit être postérieure.`,
    });
  }
}

/** Reference data with effective dates: a new value is added, never changed in place. */
export async function addSmic(em: EntityManager, scope: Scope, input: z.infer<typeof smicForm>): Promise<SmicRate> {
  scope.must(scope.canEditReferenceData);
  await assertAfterValidatedWeeks(em, input.effectiveFrom);
  const rate = em.create(SmicRate, { effectiveFrom: input.effectiveFrom, hourlyCents: input.hourly });
  await flushGuarded(em);
  return rate;
}

export async function addFloor(em: EntityManager, scope: Scope, input: z.infer<typeof floorForm>): Promise<PayFloor> {
  scope.must(scope.canEditReferenceData);
  await assertAfterValidatedWeeks(em, input.effectiveFrom);
  const floor = em.create(PayFloor, { category: input.category, effectiveFrom: input.effectiveFrom, floorBasisPoints: input.percent });
  await flushGuarded(em);
  return floor;
}
