import { z } from 'zod';
import { confirmOutsideField } from '../assignments/forms.ts';
import { dayField, nameField, optionalDayField, optionalNameField } from '../platform/fields.ts';

const text = (max: number, message: string) => z.string().trim().max(max, message).default('');

export const detaineeForm = z
  .object({
    prisonNumber: z
      .string()
      .trim()
      .toUpperCase()
      .min(1, 'Indiquez le numéro d’écrou.')
      .regex(/^[0-9A-Z]{1,12}$/, 'Le numéro d’écrou compte 1 à 12 chiffres ou lettres, sans espace ni tiret.'),
    lastName: nameField({ max: 80, missing: 'Indiquez le nom.', tooLong: 'Le nom ne peut pas dépasser 80 caractères.' }),
    firstName: nameField({ max: 80, missing: 'Indiquez le prénom.', tooLong: 'Le prénom ne peut pas dépasser 80 caractères.' }),
    birthDate: dayField('Indiquez la date de naissance.'),
    arrivalDate: dayField('Indiquez la date d’arrivée dans l’établissement.'),
    expectedReleaseDate: optionalDayField,
    officerName: optionalNameField(120, '120 caractères au plus.'),
    officerContact: text(120, '120 caractères au plus.'),
    cpipName: optionalNameField(120, '120 caractères au plus.'),
    cpipContact: text(120, '120 caractères au plus.'),
    referentName: optionalNameField(120, '120 caractères au plus.'),
    referentContact: text(120, '120 caractères au plus.'),
  })
  .refine((v) => v.birthDate < v.arrivalDate, { path: ['birthDate'], message: 'La date de naissance doit précéder la date d’arrivée.' })
  .refine((v) => v.expectedReleaseDate === null || v.expectedReleaseDate >= v.arrivalDate, {
    path: ['expectedReleaseDate'],
    message: 'La date de libération prévue ne peut pas précéder l’arrivée.',
  });
export type DetaineeInput = z.infer<typeof detaineeForm>;

export const leavingForm = z.object({
  on: dayField('Indiquez la date de sortie.'),
  reason: z.string().trim().max(300, '300 caractères au plus.').default(''),
  confirmOutside: confirmOutsideField,
});
export type LeavingInput = z.infer<typeof leavingForm>;
