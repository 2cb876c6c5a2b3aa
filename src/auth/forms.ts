import { z } from 'zod';

export const loginForm = z.object({
  email: z.string().trim().min(1, 'Indiquez votre adresse électronique.').max(254, 'Adresse trop longue.'),
  password: z.string().min(1, 'Indiquez votre mot de passe.').max(256, 'Mot de passe trop long.'),
  retour: z.string().optional(),
});

export const passwordForm = z
  .object({
    current: z.string().min(1, 'Indiquez votre mot de passe actuel.'),
    next: z.string().min(1, 'Choisissez un nouveau mot de passe.'),
    confirmation: z.string().min(1, 'Saisissez à nouveau le nouveau mot de passe.'),
  })
  .refine((v) => v.next === v.confirmation, { path: ['confirmation'], message: 'Les deux saisies du nouveau mot de passe ne sont pas identiques.' });

/** The first password a person chooses, replacing the temporary one: asked twice, no current password (they just typed it). */
export const choosePasswordForm = z
  .object({
    next: z.string().min(1, 'Choisissez un nouveau mot de passe.'),
    confirmation: z.string().min(1, 'Saisissez à nouveau le nouveau mot de passe.'),
  })
  .refine((v) => v.next === v.confirmation, { path: ['confirmation'], message: 'Les deux saisies du nouveau mot de passe ne sont pas identiques.' });
