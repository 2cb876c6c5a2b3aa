import type { Feature } from '../platform/feature.ts';
import { ROLES } from '../platform/roles.ts';
import { homeRoutes } from './routes.tsx';

export const homeFeature: Feature = {
  name: 'home',
  menu: [
    { href: '/', label: 'Accueil', roles: ROLES },
    { href: '/structure', label: 'Ma structure', roles: ['partner'] },
  ],
  routes: [{ path: '/', app: homeRoutes }],
};
