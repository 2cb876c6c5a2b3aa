import type { Feature } from '../platform/feature.ts';
import { ROLE_LABELS } from '../platform/roles.ts';
import { LoginAttempt, User, UserSession } from './entities.ts';
import { userRoutes } from './routes.tsx';

export const usersFeature: Feature = {
  name: 'users',
  entities: [User, UserSession, LoginAttempt],
  audited: {
    app_user: {
      label: 'Utilisateur',
      columns: {
        email: 'Adresse électronique',
        display_name: 'Prénom et nom',
        role: 'Rôle',
        partner_id: 'Structure partenaire',
        partner_admin: 'Administrateur de la structure',
        active: 'Actif',
        password_changed_at: 'Mot de passe changé le',
        must_change_password: 'Mot de passe provisoire à remplacer',
      },
      values: { role: ROLE_LABELS },
      references: { partner_id: 'partner' },
      naming: { select: 't.display_name', text: (r) => String(r.display_name), href: (r) => `/admin/utilisateurs/${r.id}/modifier` },
    },
    establishment_membership: {
      label: 'Rattachement à un établissement',
      columns: { user_id: 'Utilisateur', establishment_id: 'Établissement' },
      references: { user_id: 'app_user', establishment_id: 'establishment' },
      keyless: true,
    },
  },
  constraints: {
    app_user_email_unique: { message: 'Un compte existe déjà avec cette adresse électronique.', field: 'email' },
  },
  menu: [{ href: '/admin/utilisateurs', label: 'Utilisateurs', roles: ['admin'] }],
  routes: [{ path: '/admin/utilisateurs', app: userRoutes }],
};
