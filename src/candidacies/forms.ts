import { z } from 'zod';
import { dayField } from '../platform/fields.ts';
import { PROPOSERS } from './entities.ts';

/** The target is one select whose values say their kind: "atelier:12", "poste:34", "session:5". */
export const candidacyForm = z.object({
  target: z
    .string()
    .regex(/^(atelier|poste|session):\d+$/, 'Choisissez l’atelier, le poste ou la session demandés.')
    .transform((v) => {
      const [kind, id] = v.split(':');
      return { kind: kind === 'atelier' ? 'workshop' : kind === 'poste' ? 'post' : 'session', id: Number(id) } as const;
    }),
  proposedBy: z.enum(PROPOSERS, 'Indiquez qui propose cette candidature.'),
  submittedOn: dayField('Indiquez la date de la demande.'),
  motivation: z.string().trim().max(2000, 'La motivation ne peut pas dépasser 2 000 caractères.').default(''),
});
export type CandidacyInput = z.infer<typeof candidacyForm>;

export const cpuForm = z.object({
  opinion: z.enum(['favourable', 'unfavourable'], 'Indiquez l’avis de la CPU.'),
  on: dayField('Indiquez la date de la CPU.'),
});

export const withdrawalForm = z.object({
  on: dayField('Indiquez la date du retrait.'),
  reason: z.string().trim().min(2, 'Indiquez pourquoi la candidature est retirée.').max(300, '300 caractères au plus.'),
});

export const rankForm = z.object({
  rank: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, 'Indiquez un rang, par exemple 1 pour la tête de liste.')
    .transform(Number)
    .pipe(z.number().min(1, 'Le rang commence à 1.')),
  reason: z.string().trim().min(5, 'Expliquez en quelques mots pourquoi vous déplacez cette personne.').max(300, '300 caractères au plus.'),
});
