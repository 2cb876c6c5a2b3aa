import { z } from 'zod';
import { CONTROL_CHARACTER_MESSAGE, hasControlCharacter } from '../platform/forms.ts';

/** A skill noted on an assignment: « Conduite d’un chariot élévateur », 2 to 120 characters. */
export const skillForm = z.object({
  label: z
    .string()
    .trim()
    .min(1, 'Indiquez la compétence observée, par exemple « Utilisation d’un massicot ».')
    .min(2, 'Écrivez la compétence en au moins 2 caractères.')
    .max(120, 'Écrivez la compétence en 120 caractères au plus.')
    .refine((v) => !hasControlCharacter(v), CONTROL_CHARACTER_MESSAGE),
});

export type SkillInput = z.infer<typeof skillForm>;
