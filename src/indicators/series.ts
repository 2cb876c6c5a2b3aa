import type { EntityManager } from '@mikro-orm/postgresql';
import { firstDayOf, lastDayOf, type Month, monthOf, plusMonths } from '../platform/calendar.ts';
import { INDICATOR_FAMILIES } from './catalogue.ts';
import type { IndicatorScope, IndicatorValue } from './definition.ts';
import { monthlyAccessRates } from './people.ts';
import type { ReportingPeriod } from './periods.ts';
import { monthlyHours } from './work.ts';

/** The months a chart over time shows: the period's own when it has three or more, else the six months ending with it. */
export function chartMonths(period: ReportingPeriod): Month[] {
  const last = monthOf(period.to);
  const first = period.kind === 'month' ? monthOf(plusMonths(firstDayOf(last), -5)) : monthOf(period.from);
  const months: Month[] = [];
  for (let m = first; m <= last; m = monthOf(plusMonths(firstDayOf(m), 1))) months.push(m);
  return months;
}

/**
 * Keys read for all the months in one statement, each month's value being the family's for that
 * month alone: the work family's hours (no pay statement, no query per month) and the access rate.
 */
const IN_ONE_STATEMENT: Array<{
  keys: readonly string[];
  read: (em: EntityManager, scope: IndicatorScope, months: readonly Month[]) => Promise<IndicatorValue[][]>;
}> = [
  {
    keys: ['work.worked_minutes', 'work.trained_minutes'],
    read: async (em, scope, months) => (await monthlyHours(em, scope, months)).map((m) => [...m.values()]),
  },
  { keys: ['people.access_rate'], read: async (em, scope, months) => (await monthlyAccessRates(em, scope, months)).map((v) => [v]) },
];

/**
 * The values of `keys` month by month (only those keys). The hours and the access rate come from
 * one statement each over all the months (IN_ONE_STATEMENT); any other family asked is computed
 * once per month (a year's chart: twelve), never per person or per post. Each month's values
 * are those of `computeIndicators` for that month alone.
 */
export async function monthlyValues(
  em: EntityManager,
  scope: IndicatorScope,
  months: readonly Month[],
  keys: readonly string[],
): Promise<Array<Map<string, IndicatorValue>>> {
  const wanted = new Set(keys);
  const grouped = IN_ONE_STATEMENT.filter((g) => g.keys.some((k) => wanted.has(k)));
  const inOne = new Set(grouped.flatMap((g) => g.keys));
  const others = INDICATOR_FAMILIES.filter((f) => keys.some((k) => !inOne.has(k) && k.startsWith(`${f.family}.`)));
  const [fromGroups, perMonth] = await Promise.all([
    Promise.all(grouped.map((g) => g.read(em, scope, months))),
    Promise.all(
      months.map(async (m) => {
        const period = { from: firstDayOf(m), to: lastDayOf(m) };
        return (await Promise.all(others.map((f) => f.compute(em, scope, period)))).flat();
      }),
    ),
  ]);
  return months.map((_, i) => {
    const values = [...(perMonth[i] ?? []), ...fromGroups.flatMap((g) => g[i] ?? [])].filter((v) => wanted.has(v.key));
    return new Map(values.map((v) => [v.key, v]));
  });
}
