import type { Feature } from '../platform/feature.ts';
import { authRoutes } from './routes.tsx';

/** Signing in and out; its session middleware (`./session.ts`) runs before every feature. */
export const authFeature: Feature = {
  name: 'auth',
  // Public: the login page; the account pages check the session themselves.
  routes: [{ path: '/', app: authRoutes, public: true }],
};
