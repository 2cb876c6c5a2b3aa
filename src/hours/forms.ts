import { z } from 'zod';
import { type Day, parseDay } from '../platform/calendar.ts';
import { NotFoundError } from '../platform/errors.ts';
import { type FormValues, one } from '../platform/forms.ts';
import type { CellInput, WeekPost } from './service.ts';

/** A cell's name in the grid form: "c-a12-2026-11-23" is assignment 12 on 23 November ("e": an enrollment). */
const CELL_KEY = /^c-([ae])(\d+)-(\d{4}-\d{2}-\d{2})$/;

/** The cell htmx posts: the whole grid form comes, and `cell` names the one that changed; a forged name is a page that does not exist. */
export function cellPost(values: FormValues): CellInput {
  const key = one(values, 'cell');
  const match = CELL_KEY.exec(key);
  const day = match ? parseDay(match[3] as string) : null;
  if (!match || !day) throw new NotFoundError();
  return {
    holder: { kind: match[1] as 'a' | 'e', id: Number(match[2]) },
    day,
    value: one(values, key),
    seenVersion: Number(one(values, 'version') || 0),
    overtimeReason: one(values, 'overtimeReason'),
  };
}

/** The whole week posted without JavaScript: each cell of the form, with the version it was shown at ("v-a12-…"). */
export function weekPost(values: FormValues): WeekPost {
  const cells = new Map<string, { value: string; seenVersion: number }>();
  for (const key of Object.keys(values)) {
    if (CELL_KEY.test(key)) cells.set(key, { value: one(values, key), seenVersion: Number(one(values, `v${key.slice(1)}`) || 0) });
  }
  return { cells, overtimeReason: one(values, 'overtimeReason') };
}

/** What was typed in each cell of a refused week, to show it again beside its error. */
export function typedCells(values: FormValues): Record<string, string> {
  return Object.fromEntries([...weekPost(values).cells].map(([key, cell]) => [key, cell.value]));
}

/** A text of at least `min` characters; an absent field reads as empty, so it gets `message` too. */
const text = (min: number, message: string) => z.preprocess((v) => v ?? '', z.string().trim().min(min, message));

export const reopeningForm = z.object({ reason: text(5, 'Indiquez le motif de la réouverture.') });

export const adjustmentForm = z.object({
  reason: text(5, 'Indiquez le motif de l’ajustement.'),
  day: z.preprocess(
    (v) => v ?? '',
    z.string().transform((v, ctx): Day => {
      const day = parseDay(v);
      if (!day) ctx.addIssue({ code: 'custom', message: 'Choisissez le jour à corriger.' });
      return day ?? z.NEVER;
    }),
  ),
  holder: z.preprocess(
    (v) => v ?? '',
    z
      .string()
      .regex(/^[ae]\d+$/, 'Choisissez la personne.')
      .transform((v) => ({ kind: v[0] as 'a' | 'e', id: Number(v.slice(1)) })),
  ),
  value: z.preprocess((v) => v ?? '', z.string()),
});
