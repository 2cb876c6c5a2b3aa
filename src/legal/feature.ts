import type { Feature } from '../platform/feature.ts';
import { legalRoutes } from './routes.tsx';

/** The notices every page's footer links to: open to anyone, signed in or not. */
export const legalFeature: Feature = {
  name: 'legal',
  routes: [{ path: '/', app: legalRoutes, public: true }],
};
