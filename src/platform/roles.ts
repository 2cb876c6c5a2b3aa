/** The four kinds of account; what each may do is asked of `Scope`, never listed at call sites. */
export const ROLES = ['admin', 'coordinator', 'partner', 'committee'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administration',
  coordinator: 'Coordination',
  partner: 'Partenaire',
  committee: 'Membre de comité',
};
