import type { EntityManager } from '@mikro-orm/postgresql';
import type { Day } from '../platform/calendar.ts';

/**
 * One set of indicators (issue 22 item 1), read by the dashboard, every report PDF and the CSV
 * exports. Each indicator is declared once with its French label, its formula in words, its
 * unit and its scope rule (the methodology annex prints them), and computed by its family's one
 * SQL query (no entity hydration), as of its period: never from the wall clock.
 */

/** What is measured: the establishments (always given: the caller resolved its access), optionally narrowed to workshops or one partner's workshops. */
export interface IndicatorScope {
  establishmentIds: readonly number[];
  /** Only these workshops (their posts, holders, hours, log). */
  workshopIds?: readonly number[];
  /** Only this partner's workshops (the log: the entries it wrote). */
  partnerId?: number;
}

/** Inclusive calendar days, Europe/Paris. */
export interface Period {
  from: Day;
  to: Day;
}

export const FAMILIES = ['posts', 'training', 'people', 'work', 'flows', 'leave', 'partners', 'steering'] as const;
export type Family = (typeof FAMILIES)[number];
export const FAMILY_LABELS: Record<Family, string> = {
  posts: 'Postes',
  training: 'Formation',
  people: 'Personnes',
  work: 'Travail et rémunération',
  flows: 'Flux',
  leave: 'Congés',
  partners: 'Activité des structures partenaires',
  steering: 'Pilotage',
};

/**
 * How a value reads: a count, a number of days (or post-days), minutes (shown as hours), a
 * percentage (0 to 100, two decimals), cents (shown in euros), hundredths of a day (leave).
 */
export type Unit = 'count' | 'days' | 'minutes' | 'percent' | 'cents' | 'centidays';

export interface IndicatorDefinition {
  /** Stable code, used in CSV headers and tests: `posts.occupancy_rate`. */
  key: string;
  family: Family;
  /** French label, as the dashboard and the PDF print it. */
  label: string;
  /** The formula in words (French), for the methodology annex. */
  formula: string;
  unit: Unit;
  /** What the scope and the period select (French), for the methodology annex. */
  scopeRule: string;
}

/** One line of a breakdown (by reason, by unit, by severity…): its French label and value. */
export interface BreakdownLine {
  key: string;
  label: string;
  value: number;
  /** When it differs from the indicator's (a distribution of durations counts people). */
  unit?: Unit;
}

export interface IndicatorValue {
  key: string;
  /** Null when it cannot be computed for this scope and period (a rate over zero): `skipped` says why. */
  value: number | null;
  breakdown?: BreakdownLine[];
  /** What the indicator had to leave out, in French (the data-quality section lists them). */
  skipped?: string[];
}

/** A family: its definitions and the one function computing all of them. */
export interface IndicatorFamily {
  family: Family;
  definitions: readonly IndicatorDefinition[];
  compute: (em: EntityManager, scope: IndicatorScope, period: Period) => Promise<IndicatorValue[]>;
}

/** A rate in percent with two decimals, null over zero. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10000) / 100;
}
