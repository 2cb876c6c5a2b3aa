import { z } from 'zod';
import { parseDay } from './calendar.ts';
import { CONTROL_CHARACTER_MESSAGE } from './forms.ts';

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

/**
 * What makes a name unreadable or deceptive on screen: controls, format characters (zero-width
 * space, the bidi marks, overrides and isolates U+200E/F, U+202A–202E, U+2066–2069), line
 * separators and the blank « letters » (Hangul fillers, blank Braille). The zero-width joiner
 * and non-joiner stay: some scripts write names with them.
 */
const INVISIBLE_IN_NAME = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800]/u;

/**
 * A name (person, account, workshop, structure…): trimmed, `min` to `max` characters, no
 * invisible or control character, and at least one letter a reader can see.
 */
export const nameField = ({ min = 1, max, missing, tooLong }: { min?: number; max: number; missing: string; tooLong: string }) =>
  z
    .string()
    .trim()
    .min(min, missing)
    .max(max, tooLong)
    .refine((v) => !INVISIBLE_IN_NAME.test(v), CONTROL_CHARACTER_MESSAGE)
    .refine((v) => v === '' || /\p{L}/u.test(v), 'Un nom doit contenir au moins une lettre.');

/** A name that may stay empty (a contact, an officer), held to the same rules when given. */
export const optionalNameField = (max: number, tooLong: string) => nameField({ min: 0, max, missing: '', tooLong }).default('');
