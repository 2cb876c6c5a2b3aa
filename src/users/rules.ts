import type { Role } from '../platform/roles.ts';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Why `password` is not acceptable for the account `email`, in French; null when it is. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Choisissez un mot de passe d’au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Le mot de passe ne peut pas dépasser ${PASSWORD_MAX_LENGTH} caractères.`;
  if (password.trim().length !== password.length) return 'Le mot de passe ne doit ni commencer ni finir par une espace.';
  const lowered = password.toLowerCase();
  if (lowered === email.toLowerCase() || lowered === email.split('@')[0]?.toLowerCase()) {
    return 'Le mot de passe ne doit pas reprendre l’adresse électronique.';
  }
  if (new Set(password).size < 4) return 'Ce mot de passe est trop répétitif : variez les caractères.';
  return null;
}

/** Normalises an email address the way accounts store it. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Roles whose account lists establishments: a coordinator coordinates them, a committee
 * member follows them (their aggregates only; Scope keeps individual data closed).
 */
export function hasEstablishments(role: Role): boolean {
  return role === 'coordinator' || role === 'committee';
}
