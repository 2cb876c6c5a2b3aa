import { z } from 'zod';
import { parseDay } from './calendar.ts';

/** A required date field ("2026-11-26" from an `<input type="date">`), with `missing` as its message when empty. */
export const dayField = (missing: string) =>
  z
    .string()
    .trim()
    .min(1, missing)
    .transform((v, ctx) => {
      const parsed = parseDay(v);
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: 'Indiquez une date valide, au format jj/mm/aaaa.' });
        return z.NEVER;
      }
      return parsed;
    });

/** A date field that may stay empty (null). */
export const optionalDayField = z
  .string()
  .trim()
  .default('')
  .transform((v, ctx) => {
    if (v === '') return null;
    const parsed = parseDay(v);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: 'Indiquez une date valide, au format jj/mm/aaaa, ou laissez vide.' });
      return z.NEVER;
    }
    return parsed;
  });

/** The version a form was rendered with, for optimistic locking. */
export const versionField = z.object({
  version: z.coerce.number().int().min(1, 'Version de la fiche manquante : rechargez la page.'),
});
