import type { EntityManager } from '@mikro-orm/postgresql';
import { Establishment } from '../establishments/entities.ts';
import type { Scope } from '../platform/scope.ts';
import { Workshop } from '../workshops/entities.ts';
import { indicatorScopeFor } from './access.ts';
import { computeIndicators, INDICATOR_FAMILIES } from './catalogue.ts';
import { dataVersionOf } from './data-version.ts';
import { type BreakdownLine, FAMILY_LABELS, type Family, type IndicatorDefinition, type IndicatorScope, type IndicatorValue } from './definition.ts';
import { previousPeriod, type ReportingPeriod } from './periods.ts';
import { chartMonths, monthlyValues } from './series.ts';

export interface DashboardRow {
  definition: IndicatorDefinition;
  value: IndicatorValue | undefined;
  previous: IndicatorValue | undefined;
}

export interface Dashboard {
  period: ReportingPeriod;
  previous: ReportingPeriod;
  scope: IndicatorScope;
  /** What the figures cover, in words: « Maison d’arrêt de Brest », « tous vos établissements (2) », « Atelier reliure ». */
  scopeLabel: string;
  asked: { establishmentId?: number; workshopId?: number };
  families: Array<{ family: Family; label: string; rows: DashboardRow[] }>;
  /** The charts' data: months over time, and the period's breakdowns. */
  charts: DashboardCharts;
  /** What the caller may pick: establishments, or (a partner) its workshops. */
  establishments: Array<{ id: number; name: string }>;
  workshops: Array<{ id: number; name: string }>;
}

export interface DashboardCharts {
  months: string[];
  worked: Array<number | null>;
  trained: Array<number | null>;
  occupancy: Array<number | null>;
  access: Array<number | null>;
  endReasons: BreakdownLine[];
  waits: BreakdownLine[];
}

/** The keys the charts over time read, month by month. */
const CHART_KEYS = ['work.worked_minutes', 'work.trained_minutes', 'posts.occupancy_rate', 'people.access_rate'] as const;

type Figures = [Map<string, IndicatorValue>, Map<string, IndicatorValue>, Array<Map<string, IndicatorValue>>];

/**
 * The figures of a scope and a period (and the previous one, and the charts' months), kept in
 * memory by data version: the same data gives the same figures, and any change gives a new
 * version (src/indicators/data-version.ts), so a figure is never served stale, from any
 * instance. Bounded; a computation that failed is not kept.
 */
const FIGURES_CACHE = new Map<string, Promise<Figures>>();
const FIGURES_CACHE_SIZE = 200;

async function figuresOf(em: EntityManager, scope: IndicatorScope, period: ReportingPeriod, previous: ReportingPeriod, months: string[]): Promise<Figures> {
  const key = `${await dataVersionOf(em)}|${JSON.stringify(scope)}|${period.code}`;
  const found = FIGURES_CACHE.get(key);
  if (found) return found;
  const computed = Promise.all([computeIndicators(em, scope, period), computeIndicators(em, scope, previous), monthlyValues(em, scope, months, CHART_KEYS)]);
  if (FIGURES_CACHE.size >= FIGURES_CACHE_SIZE) FIGURES_CACHE.delete(FIGURES_CACHE.keys().next().value as string);
  FIGURES_CACHE.set(key, computed);
  computed.catch(() => FIGURES_CACHE.delete(key));
  return computed;
}

/**
 * The dashboard of a scope for a period, with the previous period beside each figure: two
 * computations of every family, whatever the number of people, posts or entries.
 */
export async function dashboardOf(
  em: EntityManager,
  scope: Scope,
  asked: { establishmentId?: number; workshopId?: number },
  period: ReportingPeriod,
): Promise<Dashboard> {
  const resolved = await indicatorScopeFor(em, scope, {
    establishmentIds: asked.establishmentId === undefined ? undefined : [asked.establishmentId],
    workshopId: asked.workshopId,
  });
  const previous = previousPeriod(period);
  const months = chartMonths(period);
  const [[now, before, monthly], establishments, workshops] = await Promise.all([
    figuresOf(em, resolved, period, previous, months),
    scope.isPartnerStaff
      ? Promise.resolve([] as Establishment[])
      : em.find(Establishment, scope.aggregateEstablishmentIds() === null ? {} : { id: { $in: [...(scope.aggregateEstablishmentIds() ?? [])] } }, {
          orderBy: { name: 'asc' },
        }),
    scope.isPartnerStaff ? em.find(Workshop, { partner: scope.partnerId ?? 0 }, { orderBy: { name: 'asc' } }) : Promise.resolve([] as Workshop[]),
  ]);
  const families = INDICATOR_FAMILIES.map((f) => ({
    family: f.family,
    label: FAMILY_LABELS[f.family],
    rows: f.definitions.map((definition) => ({ definition, value: now.get(definition.key), previous: before.get(definition.key) })),
  }));
  const named = (ids: readonly number[], all: Array<{ id: number; name: string }>) => all.filter((x) => ids.includes(x.id)).map((x) => x.name);
  const single =
    asked.workshopId !== undefined && resolved.workshopIds?.length === 1
      ? await em.findOne(Workshop, resolved.workshopIds[0] as number, { populate: ['establishment'] })
      : null;
  const scopeLabel = single
    ? `${single.name} (${single.establishment.name})`
    : scope.isPartnerStaff
      ? `tous vos ateliers (${workshops.length})`
      : resolved.establishmentIds.length === 1
        ? (named(resolved.establishmentIds, establishments)[0] ?? '')
        : `tous vos établissements (${resolved.establishmentIds.length})`;
  const series = (key: (typeof CHART_KEYS)[number]) => monthly.map((m) => m.get(key)?.value ?? null);
  const charts: DashboardCharts = {
    months,
    worked: series('work.worked_minutes'),
    trained: series('work.trained_minutes'),
    occupancy: series('posts.occupancy_rate'),
    access: series('people.access_rate'),
    endReasons: (now.get('flows.assignments_ended')?.breakdown ?? []).filter((b) => b.value > 0),
    waits: now.get('flows.median_wait_days')?.breakdown ?? [],
  };
  return {
    period,
    previous,
    scope: resolved,
    scopeLabel,
    charts,
    asked,
    families,
    establishments: establishments.map((e) => ({ id: e.id, name: e.name })),
    workshops: workshops.map((w) => ({ id: w.id, name: w.name })),
  };
}
