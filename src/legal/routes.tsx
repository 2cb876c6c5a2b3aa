import { Hono } from 'hono';
import { AccessibilityPage } from '../../views/legal/accessibility.tsx';
import { LegalNoticePage } from '../../views/legal/legal-notice.tsx';
import { PersonalDataPage } from '../../views/legal/personal-data.tsx';
import type { AppEnv } from '../platform/context.ts';
import { renderPage } from '../platform/render.tsx';

export const legalRoutes = new Hono<AppEnv>();

legalRoutes.get('/accessibilite', (c) => renderPage(c, 'Déclaration d’accessibilité', <AccessibilityPage />));
legalRoutes.get('/mentions-legales', (c) => renderPage(c, 'Mentions légales', <LegalNoticePage />));
legalRoutes.get('/donnees-personnelles', (c) => renderPage(c, 'Données personnelles', <PersonalDataPage />));
