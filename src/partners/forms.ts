import { z } from 'zod';
import { nameField, optionalNameField } from '../platform/fields.ts';
import { PARTNER_KINDS } from './entities.ts';
import { isValidSiret, normaliseSiret } from './rules.ts';

export const partnerForm = z.object({
  name: nameField({
    min: 2,
    max: 160,
    missing: 'Indiquez le nom de la structure (au moins 2 caractères).',
    tooLong: 'Le nom ne peut pas dépasser 160 caractères.',
  }),
  kind: z.enum(PARTNER_KINDS, 'Choisissez le type de structure dans la liste.'),
  siret: z
    .string()
    .default('')
    .transform(normaliseSiret)
    .refine((v) => v === '' || /^\d{14}$/.test(v), 'Le SIRET compte 14 chiffres (les espaces sont acceptés).')
    .refine(
      (v) => v === '' || !/^\d{14}$/.test(v) || isValidSiret(v),
      'Ce SIRET n’existe pas : sa clé de contrôle est fausse. Vérifiez-le sur l’avis de situation SIRENE.',
    )
    .transform((v) => (v === '' ? null : v)),
  contactName: optionalNameField(120, 'Le nom du contact ne peut pas dépasser 120 caractères.'),
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .default('')
    .refine((v) => v === '' || z.email().safeParse(v).success, 'Indiquez une adresse électronique valide, par exemple contact@association.fr.'),
  contactPhone: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || /^(\+33\s?|0)[1-9]([\s.-]?\d{2}){4}$/.test(v), 'Indiquez un numéro à 10 chiffres, par exemple 02 98 00 00 00.'),
});

export type PartnerInput = z.infer<typeof partnerForm>;
