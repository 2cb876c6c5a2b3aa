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
        partner_id: 'Structure partenaire (n°)',
        active: 'Actif',
        password_changed_at: 'Mot de passe changé le',
      },
      values: { role: ROLE_LABELS },
    },
    establishment_membership: {
      label: 'Rattachement à un établissement',
      columns: { user_id: 'Utilisateur (n°)', establishment_id: 'Établissement (n°)' },
      keyless: true,
    },
  },
  constraints: {
    app_user_email_unique: { message: 'Un compte existe déjà avec cette adresse électronique.', field: 'email' },
  },
  menu: [{ href: '/admin/utilisateurs', label: 'Utilisateurs', roles: ['admin'] }],
  routes: [{ path: '/admin/utilisateurs', app: userRoutes }],
};
