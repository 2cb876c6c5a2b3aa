import { z } from 'zod';
import { nameField } from '../platform/fields.ts';
import { ROLES } from '../platform/roles.ts';

const id = z.string().regex(/^\d+$/).transform(Number);

const arrayOf = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export const userForm = z
  .object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, 'Indiquez l’adresse électronique.')
      .pipe(z.email('Indiquez une adresse électronique valide, par exemple prenom.nom@justice.fr.')),
    displayName: nameField({
      min: 2,
      max: 120,
      missing: 'Indiquez le prénom et le nom (au moins 2 caractères).',
      tooLong: 'Le nom ne peut pas dépasser 120 caractères.',
    }),
    role: z.enum(ROLES, 'Choisissez un rôle dans la liste.'),
    establishmentIds: arrayOf(id),
    partnerId: z
      .union([z.literal('').transform(() => null), id])
      .optional()
      .transform((v) => v ?? null),
    /** « Administrateur de la structure » (a checkbox): kept for a partner only. */
    partnerAdmin: z
      .string()
      .optional()
      .transform((v) => v === '1'),
    password: z
      .string()
      .optional()
      .transform((v) => (v ? v : undefined)),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'coordinator' && v.establishmentIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['establishmentIds'], message: 'Cochez au moins un établissement pour un coordinateur.' });
    }
    if (v.role === 'partner' && v.partnerId == null) {
      ctx.addIssue({ code: 'custom', path: ['partnerId'], message: 'Choisissez la structure partenaire de cette personne.' });
    }
  });

export type UserInput = z.infer<typeof userForm>;
