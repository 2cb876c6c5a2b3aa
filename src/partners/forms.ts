import { z } from 'zod';
import { dayField, nameField, optionalDayField, optionalNameField, versionField } from '../platform/fields.ts';
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

// ——— The partner's profile (issue 21): its details, contacts and agreements. ———

const maxText = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).default('');

/** A website: empty, or an http(s) address (« www.exemple.fr » gets its https://). */
const websiteField = z
  .string()
  .trim()
  .default('')
  .transform((v) => (v === '' || /^https?:\/\//i.test(v) ? v : `https://${v}`))
  .refine((v) => v.length <= 200, 'L’adresse du site ne peut pas dépasser 200 caractères.')
  .refine((v) => {
    if (v === '') return true;
    try {
      const url = new URL(v);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
    } catch {
      return false;
    }
  }, 'Indiquez l’adresse du site, par exemple https://www.association.fr.');

/** What a partner's administrator edits of its organisation (name, kind and SIRET stay the catalogue's). */
export const organisationForm = z.object({
  address: maxText(300, 'L’adresse ne peut pas dépasser 300 caractères.'),
  website: websiteField,
  description: maxText(1000, 'La présentation ne peut pas dépasser 1 000 caractères.'),
  contactName: partnerForm.shape.contactName,
  contactEmail: partnerForm.shape.contactEmail,
  contactPhone: partnerForm.shape.contactPhone,
  ...versionField.shape,
});
export type OrganisationInput = z.infer<typeof organisationForm>;

/** A person to reach at the organisation. */
export const contactForm = z.object({
  name: nameField({
    min: 2,
    max: 120,
    missing: 'Indiquez le nom du contact (au moins 2 caractères).',
    tooLong: 'Le nom ne peut pas dépasser 120 caractères.',
  }),
  function: maxText(120, 'La fonction ne peut pas dépasser 120 caractères.'),
  email: partnerForm.shape.contactEmail,
  phone: partnerForm.shape.contactPhone,
});
export type ContactInput = z.infer<typeof contactForm>;
export const contactEditForm = contactForm.extend(versionField.shape);

/** An agreement (« convention ») with one establishment; its signature date is checked against today by the service. */
const agreementFields = z.object({
  establishmentId: z.coerce
    .number('Choisissez l’établissement dans la liste.')
    .int('Choisissez l’établissement dans la liste.')
    .positive('Choisissez l’établissement dans la liste.'),
  reference: z
    .string()
    .trim()
    .min(2, 'Indiquez la référence de la convention (au moins 2 caractères).')
    .max(80, 'La référence ne peut pas dépasser 80 caractères.'),
  title: maxText(200, 'L’objet ne peut pas dépasser 200 caractères.'),
  startsOn: dayField('Indiquez la date de début de la convention.'),
  endsOn: dayField('Indiquez la date de fin de la convention.'),
  signedOn: optionalDayField,
  notes: maxText(1000, 'Les notes ne peuvent pas dépasser 1 000 caractères.'),
});
const endsAfterStart = (a: { startsOn: string; endsOn: string }) => a.endsOn >= a.startsOn;
const ENDS_BEFORE_START = { path: ['endsOn'], message: 'La fin de la convention ne peut pas précéder son début.' };
export const agreementForm = agreementFields.refine(endsAfterStart, ENDS_BEFORE_START);
export const agreementEditForm = agreementFields.extend(versionField.shape).refine(endsAfterStart, ENDS_BEFORE_START);
export type AgreementInput = z.infer<typeof agreementForm>;
