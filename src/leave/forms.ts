import { z } from 'zod';
import { dayField, nameField } from '../platform/fields.ts';
import type { LeavePolicyTerms } from './policy.ts';

/**
 * The form of a new version of a leave policy. Days are typed as people write them (« 2,5 »)
 * and stored in hundredths of a day; hours typed in whole hours are stored in minutes; the
 * start of the reference period is typed « jj/mm » and stored "MM-DD".
 */

const DAYS = /^\d{1,3}([,.]\d{1,2})?$/;
const toCentidays = (v: string) => Math.round(Number(v.replace(',', '.')) * 100);

/** Days that may stay empty (null). */
const optionalDays = (label: string, max: number) =>
  z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || DAYS.test(v), `Indiquez ${label} en jours, par exemple 2,5, ou laissez vide.`)
    .transform((v) => (v === '' ? null : toCentidays(v)))
    .pipe(
      z
        .number()
        .max(max * 100, `Au plus ${max} jours.`)
        .nullable(),
    );

/** A whole number between `min` and `max` that may stay empty (null). */
const optionalWhole = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || /^\d{1,4}$/.test(v), `Indiquez ${label} en nombre entier, ou laissez vide.`)
    .transform((v) => (v === '' ? null : Number(v)))
    .pipe(z.number().min(min, `Au moins ${min}.`).max(max, `Au plus ${max}.`).nullable());

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** « 01/06 » → "06-01"; 29 February is refused (a period must start every year). */
const periodStartField = z
  .string()
  .trim()
  .min(1, 'Indiquez le premier jour de la période de référence.')
  .transform((v, ctx) => {
    const m = /^(\d{1,2})\/(\d{1,2})$/.exec(v);
    const day = Number(m?.[1]);
    const month = Number(m?.[2]);
    if (!m || month < 1 || month > 12 || day < 1 || day > (MONTH_LENGTHS[month - 1] ?? 0)) {
      ctx.addIssue({ code: 'custom', message: 'Indiquez un jour de l’année au format jj/mm, par exemple 01/06 (le 29/02 n’existe pas chaque année).' });
      return z.NEVER;
    }
    return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  });

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'oui');

export const leavePolicyForm = z
  .object({
    effectiveFrom: dayField('Indiquez la date d’effet.'),
    name: nameField({
      min: 2,
      max: 120,
      missing: 'Indiquez le nom de la politique, par exemple « InSERRE Arras v2 ».',
      tooLong: 'Le nom tient en 120 caractères.',
    }),
    basis: z.enum(['month', 'hours'], { error: 'Choisissez comment les congés s’acquièrent.' }),
    daysPerMonth: optionalDays('les jours acquis par mois', 31),
    monthMinDays: optionalWhole('le nombre de jours travaillés qui fait compter un mois', 1, 31),
    monthMinHours: optionalWhole('les heures travaillées qui font compter un mois', 1, 744),
    daysPerBlock: optionalDays('les jours acquis par tranche d’heures', 31),
    blockHours: optionalWhole('la tranche d’heures travaillées', 1, 744),
    periodStart: periodStartField,
    rounding: z.enum(['half_day_up', 'day_up', 'none'], { error: 'Choisissez l’arrondi.' }),
    yearlyCapDays: optionalDays('le plafond annuel', 366),
    carryOverDays: optionalDays('le report', 366),
    carryOverMonths: optionalWhole('la durée du report en mois', 1, 120),
    paid: checkbox,
    payRatePercent: z
      .string()
      .trim()
      .min(1, 'Indiquez le taux de rémunération des congés, en %.')
      .regex(/^\d{1,3}([,.]\d{1,2})?$/, 'Indiquez le taux en %, par exemple 100.')
      // « 100 » % is 10000 per ten-thousand, the same hundredths as days.
      .transform(toCentidays)
      .pipe(z.number().max(20000, 'Au plus 200 %.')),
    allowAdvance: checkbox,
    settlement: z.enum(['paid_out', 'lost'], { error: 'Choisissez ce que devient le solde à la sortie.' }),
  })
  .superRefine((v, ctx) => {
    const at = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.basis === 'month') {
      if (!v.daysPerMonth) at('daysPerMonth', 'Indiquez les jours acquis par mois, par exemple 2,5.');
      if ((v.monthMinDays === null) === (v.monthMinHours === null)) {
        at('monthMinDays', 'Indiquez soit un nombre de jours travaillés, soit un nombre d’heures (l’un des deux).');
      }
    } else {
      if (!v.daysPerBlock) at('daysPerBlock', 'Indiquez les jours acquis par tranche d’heures, par exemple 1.');
      if (!v.blockHours) at('blockHours', 'Indiquez la tranche d’heures travaillées, par exemple 80.');
    }
  });
export type LeavePolicyInput = z.infer<typeof leavePolicyForm>;

/** The input as stored terms: the fields of the other basis cleared. */
export function termsOf(input: LeavePolicyInput): LeavePolicyTerms {
  const month = input.basis === 'month';
  return {
    name: input.name,
    basis: input.basis,
    daysPerMonth: month ? (input.daysPerMonth ?? 0) : 0,
    monthMinDays: month ? input.monthMinDays : null,
    monthMinMinutes: month && input.monthMinHours !== null ? input.monthMinHours * 60 : null,
    daysPerBlock: month ? 0 : (input.daysPerBlock ?? 0),
    blockMinutes: month ? 0 : (input.blockHours ?? 0) * 60,
    periodStart: input.periodStart,
    rounding: input.rounding,
    yearlyCapDays: input.yearlyCapDays,
    carryOverDays: input.carryOverDays,
    carryOverMonths: input.carryOverMonths,
    paid: input.paid,
    payRateBasisPoints: input.payRatePercent,
    allowAdvance: input.allowAdvance,
    settlement: input.settlement,
  };
}

/** Centidays as typed in the form: 250 → « 2,5 », 1200 → « 12 ». */
export function daysInput(centidays: number | null): string {
  if (centidays === null) return '';
  return String(centidays / 100).replace('.', ',');
}

/** Terms as the form's values, to prefill it. */
export function formValuesOf(terms: LeavePolicyTerms, effectiveFrom = ''): Record<string, string> {
  const [month, day] = terms.periodStart.split('-');
  return {
    effectiveFrom,
    name: terms.name,
    basis: terms.basis,
    daysPerMonth: daysInput(terms.basis === 'month' ? terms.daysPerMonth : null),
    monthMinDays: terms.monthMinDays === null ? '' : String(terms.monthMinDays),
    monthMinHours: terms.monthMinMinutes === null ? '' : String(Math.round(terms.monthMinMinutes / 60)),
    daysPerBlock: daysInput(terms.basis === 'hours' ? terms.daysPerBlock : null),
    blockHours: terms.basis === 'hours' ? String(Math.round(terms.blockMinutes / 60)) : '',
    periodStart: `${day}/${month}`,
    rounding: terms.rounding,
    yearlyCapDays: daysInput(terms.yearlyCapDays),
    carryOverDays: daysInput(terms.carryOverDays),
    carryOverMonths: terms.carryOverMonths === null ? '' : String(terms.carryOverMonths),
    paid: terms.paid ? 'oui' : '',
    payRatePercent: daysInput(terms.payRateBasisPoints),
    allowAdvance: terms.allowAdvance ? 'oui' : '',
    settlement: terms.settlement,
  };
}
