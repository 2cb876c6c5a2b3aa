import { z } from 'zod';
import { REPORT_STATUSES } from './entities.ts';

/** « Demander un rapport d'évaluation »: an establishment among the caller's, and a period code (checked as ended by the service). */
export const reportRequestForm = z.object({
  etablissement: z
    .string()
    .regex(/^[0-9]{1,9}$/, 'Choisissez l’établissement.')
    .transform(Number),
  periode: z.string().regex(/^[0-9]{4}(-(0[1-9]|1[0-2]|T[1-4]))?$/, 'Choisissez une période dans la liste.'),
});

/** A reviewer's comment on a section: empty deletes it. */
export const reportCommentForm = z.object({
  commentaire: z.string().trim().max(2000, 'Écrivez le commentaire en 2 000 caractères au plus.'),
});

/** The list's filters, read leniently from the address: anything unreadable is no filter. */
export const reportFilters = z.object({
  etablissement: z
    .string()
    .regex(/^[0-9]{1,9}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
  statut: z.enum(REPORT_STATUSES).optional().catch(undefined),
});
