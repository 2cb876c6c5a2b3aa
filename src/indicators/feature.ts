import type { Feature } from '../platform/feature.ts';
import { indicatorCsvRoutes } from './csv-routes.ts';
import { indicatorRoutes } from './routes.tsx';

/** The evaluation's indicators (issue 22): one module read by the dashboard, the reports and the exports. */
export const indicatorsFeature: Feature = {
  name: 'indicators',
  menu: [{ href: '/indicateurs', label: 'Indicateurs', roles: ['admin', 'coordinator', 'committee', 'partner'] }],
  routes: [
    { path: '/', app: indicatorCsvRoutes },
    { path: '/indicateurs', app: indicatorRoutes },
  ],
};
