import type { EntityManager } from '@mikro-orm/postgresql';
import { firstDayOf, lastDayOf, type Month, monthOf, plusMonths } from '../platform/calendar.ts';
import { computeIndicators } from './catalogue.ts';
import type { Family, IndicatorScope, IndicatorValue } from './definition.ts';
import type { ReportingPeriod } from './periods.ts';

/** The months a chart over time shows: the period's own when it has three or more, else the six months ending with it. */
export function chartMonths(period: ReportingPeriod): Month[] {
  const last = monthOf(period.to);
  const first = period.kind === 'month' ? monthOf(plusMonths(firstDayOf(last), -5)) : monthOf(period.from);
  const months: Month[] = [];
  for (let m = first; m <= last; m = monthOf(plusMonths(firstDayOf(m), 1))) months.push(m);
  return months;
}

/**
 * The values of `keys` month by month: one computation of the keys' families per month (so a
 * year's chart costs twelve), never per person or per post.
 */
export async function monthlyValues(
  em: EntityManager,
  scope: IndicatorScope,
  months: readonly Month[],
  keys: readonly string[],
): Promise<Array<Map<string, IndicatorValue>>> {
  const families = [...new Set(keys.map((k) => k.split('.')[0] as Family))];
  return Promise.all(months.map((m) => computeIndicators(em, scope, { from: firstDayOf(m), to: lastDayOf(m) }, families)));
}
