import type { EntityManager } from '@mikro-orm/postgresql';
import type { Family, IndicatorDefinition, IndicatorFamily, IndicatorScope, IndicatorValue, Period } from './definition.ts';
import { flowsFamily } from './flows.ts';
import { leaveFamily } from './leave.ts';
import { partnersFamily } from './partners.ts';
import { peopleFamily } from './people.ts';
import { postsFamily } from './posts.ts';
import { steeringFamily } from './steering.ts';
import { trainingFamily } from './training.ts';
import { workFamily } from './work.ts';

/**
 * Every family of indicators, in the order the dashboard and the reports show them. A family
 * is added here (one import, one line) and nowhere else.
 */
export const INDICATOR_FAMILIES: readonly IndicatorFamily[] = [
  postsFamily,
  trainingFamily,
  peopleFamily,
  workFamily,
  flowsFamily,
  leaveFamily,
  partnersFamily,
  steeringFamily,
];

/** Every indicator's definition, for the methodology annex and the CSV headers. */
export function indicatorDefinitions(): IndicatorDefinition[] {
  return INDICATOR_FAMILIES.flatMap((f) => f.definitions);
}

/** The values of the families asked (all by default) for a scope and a period: one query per family, run together. */
export async function computeIndicators(
  em: EntityManager,
  scope: IndicatorScope,
  period: Period,
  families: readonly Family[] = INDICATOR_FAMILIES.map((f) => f.family),
): Promise<Map<string, IndicatorValue>> {
  if (period.to < period.from) throw new Error('indicators: the period ends before it starts');
  const chosen = INDICATOR_FAMILIES.filter((f) => families.includes(f.family));
  const results = await Promise.all(chosen.map((f) => f.compute(em, scope, period)));
  return new Map(results.flat().map((v) => [v.key, v]));
}
