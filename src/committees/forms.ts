import { z } from 'zod';
import { nameField, optionalNameField } from '../platform/fields.ts';
import { COMMITTEE_KINDS, MEMBER_ROLES } from './entities.ts';

/** A field a form may send once, several times or not at all, as a list. */
const list = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

export const committeeForm = z.object({
  kind: z.enum(COMMITTEE_KINDS, 'Choisissez le type de comité dans la liste.'),
  name: nameField({ min: 2, max: 120, missing: 'Indiquez le nom du comité (au moins 2 caractères).', tooLong: 'Le nom ne peut pas dépasser 120 caractères.' }),
  code: z
    .string()
    .trim()
    .toUpperCase()
    .min(1, 'Indiquez le code des décisions, par exemple CT-BREST.')
    .max(24, 'Le code ne peut pas dépasser 24 caractères.')
    .regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, 'Le code s’écrit en lettres sans accent et chiffres, séparés par des tirets : par exemple CT-BREST.'),
  quorum: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 200), 'Le quorum est un nombre de membres entre 1 et 200, ou laissez vide.')
    .transform((v) => (v === '' ? null : Number(v))),
  establishments: list
    .pipe(z.array(z.string().regex(/^\d{1,9}$/, 'Choisissez les établissements dans la liste.')).min(1, 'Choisissez au moins un établissement.'))
    .transform((ids) => [...new Set(ids.map(Number))]),
});
export type CommitteeInput = z.infer<typeof committeeForm>;

export const memberForm = z
  .object({
    who: z.enum(['user', 'external'], 'Indiquez s’il s’agit d’un utilisateur d’Atelier ou d’une personne extérieure.'),
    userId: z.string().trim().default(''),
    name: optionalNameField(120, 'Le nom ne peut pas dépasser 120 caractères.'),
    organisation: optionalNameField(160, 'L’organisme ne peut pas dépasser 160 caractères.'),
    function: optionalNameField(120, 'La fonction ne peut pas dépasser 120 caractères.'),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .default('')
      .refine(
        (v) => v === '' || (v.length <= 254 && z.email().safeParse(v).success),
        'Indiquez une adresse électronique valide, par exemple nom@organisme.fr.',
      ),
    role: z.enum(MEMBER_ROLES, 'Choisissez le rôle dans le comité.'),
  })
  .superRefine((v, ctx) => {
    if (v.who === 'user' && !/^\d{1,9}$/.test(v.userId)) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'Choisissez la personne dans la liste.' });
    if (v.who === 'external' && v.name.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Indiquez le nom de la personne extérieure (au moins 2 caractères).' });
    }
  });
export type MemberInput = z.infer<typeof memberForm>;

/** The register's filters: a text and a year, both optional. */
export function registerFilters(query: Record<string, string>): { q?: string; year?: number } {
  const q = query.q?.trim().slice(0, 200) || undefined;
  const year = /^\d{4}$/.test(query.annee ?? '') ? Number(query.annee) : undefined;
  return { q, year };
}
