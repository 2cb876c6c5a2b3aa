import { z } from 'zod';
import { nameField } from '../platform/fields.ts';
import { ESTABLISHMENT_KINDS } from './entities.ts';

export const establishmentForm = z.object({
  name: nameField({
    min: 2,
    max: 120,
    missing: 'Indiquez le nom de l’établissement (au moins 2 caractères).',
    tooLong: 'Le nom ne peut pas dépasser 120 caractères.',
  }),
  kind: z.enum(ESTABLISHMENT_KINDS, 'Choisissez le type d’établissement dans la liste.'),
  city: z.string().trim().min(1, 'Indiquez la commune de l’établissement.').max(120, 'La commune ne peut pas dépasser 120 caractères.'),
  capacity: z
    .string()
    .trim()
    .min(1, 'Indiquez la capacité (nombre de places).')
    .regex(/^\d+$/, 'La capacité est un nombre entier de places, sans espace ni virgule (par exemple 180).')
    .transform(Number)
    .pipe(z.number().int().min(1, 'La capacité doit être d’au moins une place.').max(5000, 'La capacité ne peut pas dépasser 5 000 places.')),
  /** Alsace-Moselle's local law: Good Friday and 26 December are public holidays too (R412-62). */
  alsaceMoselle: z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === 'true'),
});

export type EstablishmentInput = z.infer<typeof establishmentForm>;
