import type { EntityManager } from '@mikro-orm/postgresql';
import { type Day, systemClock } from '../platform/calendar.ts';
import { Scope } from '../platform/scope.ts';
import { generateReport } from '../reports/generate.ts';
import { askablePeriods, requestReport, saveComment, shareReport } from '../reports/service.ts';

/**
 * The last ended quarter's « Rapport d'évaluation » of the Brest pilot, generated, reviewed
 * with a comment and shared with its committee (issue 22): what the demo committee member finds
 * beside the dashboard. Generated here, through the worker's own function, as the worker would.
 */
export async function createDemoReports(em: EntityManager, today: Day): Promise<void> {
  const [coordinator] = await em.execute<Array<{ id: number }>>(`select id from app_user where email = 'coordination@atelier.test'`);
  const establishments = await em.execute<Array<{ id: number; kind: string }>>('select id, kind from establishment order by id');
  const brest = establishments.find((e) => e.kind !== 'inserre');
  if (!coordinator || !brest) return;
  const coordination = new Scope(
    coordinator.id,
    'coordinator',
    establishments.map((e) => e.id),
    null,
  );
  // Shared now, after it was generated (the pages show both instants).
  const clock = systemClock;
  const quarter = askablePeriods(today).quarters[0];
  if (!quarter) return;
  const { id } = await requestReport(em, coordination, { establishmentId: brest.id, period: quarter.code }, clock);
  if ((await generateReport({ em }, id)) !== 'generated') return;
  await saveComment(
    em,
    coordination,
    id,
    'synthese',
    'Trimestre de montée en charge de l’atelier reliure : l’accès au travail progresse, les postes vacants sont en cours de pourvoi avec la structure partenaire.',
  );
  await shareReport(em, coordination, id, clock);
}
