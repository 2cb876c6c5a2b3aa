import { z } from 'zod';
import { dayField, nameField } from '../platform/fields.ts';
import { isCertificationCode, normaliseCertificationCode } from './rules.ts';

const wholeNumber = (missing: string, notNumber: string) => z.string().trim().min(1, missing).regex(/^\d+$/, notNumber).transform(Number);

export const programmeForm = z.object({
  title: nameField({ min: 2, max: 160, missing: 'Indiquez l’intitulé de la formation.', tooLong: 'L’intitulé ne peut pas dépasser 160 caractères.' }),
  provider: z.string().trim().min(2, 'Indiquez l’organisme de formation.').max(160, 'Le nom de l’organisme ne peut pas dépasser 160 caractères.'),
  certificationCode: z
    .string()
    .default('')
    .transform(normaliseCertificationCode)
    .refine((v) => v === '' || isCertificationCode(v), 'Écrivez le code RNCP ou RS tel qu’au répertoire, par exemple RNCP35321 ou RS5462.')
    .transform((v) => (v === '' ? null : v)),
  hours: wholeNumber('Indiquez la durée de la formation en heures.', 'La durée est un nombre entier d’heures, par exemple 140.').pipe(
    z.number().min(1, 'La durée est d’au moins une heure.').max(3000, 'La durée ne peut pas dépasser 3 000 heures.'),
  ),
});
export type ProgrammeInput = z.infer<typeof programmeForm>;

export const sessionForm = z
  .object({
    programmeId: z.string().regex(/^\d+$/, 'Choisissez la formation.').transform(Number),
    startsOn: dayField('Indiquez la date de début.'),
    endsOn: dayField('Indiquez la date de fin.'),
    places: wholeNumber('Indiquez le nombre de places.', 'Le nombre de places est un nombre entier, par exemple 12.').pipe(
      z.number().min(1, 'Une session compte au moins une place.').max(500, 'Une session ne peut pas dépasser 500 places.'),
    ),
    paid: z
      .string()
      .optional()
      .transform((v) => v === 'on' || v === '1' || v === 'true'),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'], message: 'La date de fin ne peut pas précéder la date de début.' });
export type SessionInput = z.infer<typeof sessionForm>;
