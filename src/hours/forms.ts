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
    // The reason typed on the cell's own row only: another row's field never reaches this save.
    overtimeReason: one(values, `motif-${match[1]}${match[2]}`).trim(),
  };
}

/** A row's reason field: "motif-a12" is the reason of assignment 12's week. */
const REASON_KEY = /^motif-([ae]\d+)$/;

/** The whole week posted without JavaScript: each cell of the form, with the version it was shown at ("v-a12-…"), and each row's reason. */
export function weekPost(values: FormValues): WeekPost {
  const cells = new Map<string, { value: string; seenVersion: number }>();
  const reasons = new Map<string, string>();
  for (const key of Object.keys(values)) {
    if (CELL_KEY.test(key)) cells.set(key, { value: one(values, key), seenVersion: Number(one(values, `v${key.slice(1)}`) || 0) });
    const row = REASON_KEY.exec(key);
    if (row && one(values, key).trim()) reasons.set(row[1] as string, one(values, key).trim());
  }
  return { cells, reasons };
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
  value: text(1, 'Indiquez la durée corrigée (0 pour aucune heure) ou un code d’absence.'),
  /** The value whose reading as minutes was confirmed (« 35 »): the confirm box repeats it. */
  confirmed: z.preprocess((v) => v ?? '', z.string().trim()),
  /** « Enregistrer aussi la suspension du contrat pour ce jour »: a sick day known after validation, in one step. */
  suspend: z.preprocess((v) => v === '1', z.boolean()),
});
