import { z } from 'zod';
import type { Day } from '../platform/calendar.ts';
import { dayField, optionalDayField } from '../platform/fields.ts';
import { PAY_CATEGORIES, parseHours, weeklyHoursProblem } from '../workshops/rules.ts';
import { END_REASONS, SUSPENSION_REASONS } from './entities.ts';

const optionalHours = z
  .string()
  .trim()
  .default('')
  .transform((v, ctx) => {
    if (v === '') return null;
    const minutes = parseHours(v);
    const problem = minutes === null ? 'Écrivez la durée en heures, par exemple 35, 17h30 ou 17,5.' : weeklyHoursProblem(minutes);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return minutes;
  });

export const assignmentForm = z
  .object({
    postId: z.string().regex(/^\d+$/, 'Choisissez le poste.').transform(Number),
    contractReference: z.string().trim().min(1, 'Indiquez la référence du contrat d’emploi pénitentiaire.').max(40, '40 caractères au plus.'),
    startsOn: dayField('Indiquez la date de début.'),
    contractEndsOn: optionalDayField,
    weeklyHours: optionalHours,
    payCategory: z
      .enum([...PAY_CATEGORIES, ''], 'Choisissez la catégorie de rémunération.')
      .default('')
      .transform((v) => (v === '' ? null : v)),
  })
  .refine((v) => v.contractEndsOn === null || v.contractEndsOn >= v.startsOn, {
    path: ['contractEndsOn'],
    message: 'La fin du contrat ne peut pas précéder son début.',
  });
export type AssignmentInput = z.infer<typeof assignmentForm>;

/**
 * « Enregistrer quand même » on a change over days that already hold time: posted again with
 * the form, it turns that time into « heures hors contrat » (unpaid, to correct).
 */
export const confirmOutsideField = z
  .string()
  .optional()
  .transform((v) => v === '1');

export const endForm = z.object({
  on: dayField('Indiquez la date de fin.'),
  reason: z.enum(END_REASONS, 'Choisissez le motif de fin.'),
  note: z.string().trim().max(300, '300 caractères au plus.').default(''),
  confirmOutside: confirmOutsideField,
});

export const suspensionForm = z
  .object({
    startsOn: dayField('Indiquez le début de la suspension.'),
    endsOn: optionalDayField,
    reason: z.enum(SUSPENSION_REASONS, 'Choisissez le motif de la suspension.'),
    note: z.string().trim().max(300, '300 caractères au plus.').default(''),
    confirmOutside: confirmOutsideField,
  })
  .refine((v) => v.endsOn === null || v.endsOn >= v.startsOn, { path: ['endsOn'], message: 'La fin de la suspension ne peut pas précéder son début.' });

export const trialForm = z.object({
  trialEndsOn: dayField('Indiquez la nouvelle fin de la période d’essai.'),
  reason: z.string().trim().min(5, 'Expliquez en quelques mots pourquoi la période d’essai change.').max(300, '300 caractères au plus.'),
});

export const resumeForm = z.object({ on: dayField('Indiquez la date de reprise.') });

export const enrollmentForm = z.object({
  sessionId: z.string().regex(/^\d+$/, 'Choisissez la session.').transform(Number),
  startsOn: dayField('Indiquez la date d’entrée en formation.'),
});

export const completionForm = z.object({
  on: dayField('Indiquez la date de fin de formation.'),
  certified: z.enum(['oui', 'non'], 'Indiquez si la certification est obtenue.').transform((v) => v === 'oui'),
});

export const dropForm = z.object({
  on: dayField('Indiquez la date de l’abandon.'),
  reason: z.string().trim().min(2, 'Indiquez le motif de l’abandon.').max(300, '300 caractères au plus.'),
});

/** Enrolling from the board's waiting list: the entry day the button carries, today when it carries none. */
export const enrollmentFromListForm = (today: Day) =>
  z.object({ startsOn: z.preprocess((v) => v || today, dayField('Indiquez la date d’entrée en formation.')) });
