import { z } from 'zod';
import { nameField } from '../platform/fields.ts';
import { POST_STATUSES } from './entities.ts';
import { IAE_TYPES, normalisePostCode, PAY_CATEGORIES, parseHours, postCodeProblem, weeklyHoursProblem } from './rules.ts';
import type { PostFilters, WorkshopFilters } from './service.ts';

export const workshopForm = z.object({
  name: nameField({
    min: 2,
    max: 120,
    missing: 'Indiquez le nom de l’atelier (au moins 2 caractères).',
    tooLong: 'Le nom ne peut pas dépasser 120 caractères.',
  }),
  activity: z
    .string()
    .trim()
    .min(2, 'Décrivez l’activité en quelques mots, par exemple « réparation de vélos ».')
    .max(200, 'L’activité ne peut pas dépasser 200 caractères.'),
  partnerId: z.string().regex(/^\d+$/, 'Choisissez la structure qui anime l’atelier.').transform(Number),
  iaeType: z.enum(IAE_TYPES, 'Choisissez le type d’insertion par l’activité économique.'),
  openingHours: z.string().trim().max(300, 'Les horaires ne peuvent pas dépasser 300 caractères.').default(''),
});
export type WorkshopInput = z.infer<typeof workshopForm>;

export const postForm = z.object({
  title: nameField({
    min: 2,
    max: 120,
    missing: 'Indiquez l’intitulé du poste (au moins 2 caractères).',
    tooLong: 'L’intitulé ne peut pas dépasser 120 caractères.',
  }),
  code: z
    .string()
    .transform(normalisePostCode)
    .superRefine((code, ctx) => {
      const problem = code === '' ? 'Indiquez un code de poste, par exemple ARR-VEL-01.' : postCodeProblem(code);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  weeklyHours: z
    .string()
    .trim()
    .min(1, 'Indiquez la durée hebdomadaire, par exemple 35 ou 17h30.')
    .transform((v, ctx) => {
      const minutes = parseHours(v);
      if (minutes === null) {
        ctx.addIssue({ code: 'custom', message: 'Écrivez la durée en heures, par exemple 35, 17h30 ou 17,5.' });
        return z.NEVER;
      }
      const problem = weeklyHoursProblem(minutes);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return minutes;
    }),
  payCategory: z.enum(PAY_CATEGORIES, 'Choisissez la catégorie de rémunération.'),
  payRate: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || /^\d{1,3}([.,]\d{1,2})?$/.test(v), 'Indiquez un pourcentage du SMIC, par exemple 50, ou laissez vide pour le plancher.')
    .transform((v) => (v === '' ? null : Math.round(Number(v.replace(',', '.')) * 100))),
});
export type PostInput = z.infer<typeof postForm>;

/** The workshop list's filters, from its query string; a value it does not know filters nothing. */
export function workshopFilters(query: Record<string, string>): WorkshopFilters {
  return {
    q: query.q?.trim() || undefined,
    partnerId: /^\d+$/.test(query.structure ?? '') ? Number(query.structure) : undefined,
    archived: query.archives === '1',
  };
}

/** The post list's filters, from its query string; a value it does not know filters nothing. */
export function postFilters(query: Record<string, string>): PostFilters {
  return {
    q: query.q?.trim() || undefined,
    workshopId: /^\d+$/.test(query.atelier ?? '') ? Number(query.atelier) : undefined,
    status: POST_STATUSES.find((s) => s === query.etat),
    payCategory: PAY_CATEGORIES.find((p) => p === query.categorie),
    archived: query.archives === '1',
  };
}
