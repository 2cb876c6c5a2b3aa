import { indicatorDefinitions } from '../indicators/catalogue.ts';
import type { BreakdownLine, IndicatorValue, Unit } from '../indicators/definition.ts';
import { formatChange, formatIndicator } from '../indicators/format.ts';
import type { ReportData, ReportFigure } from './report-data.ts';

/**
 * Small-cell suppression for what a report shares (DOMAIN.md § Personal data): a count of people
 * or events from 1 to 4 prints « < 5 » (0 prints « 0 »: nobody points at no one), and when a
 * printed total minus the other printed cells would give a masked one back, a second cell is
 * masked (« masqué »): the smallest other non-zero one, or the total when there is none. Days
 * of absence by reason are person-days (events, some of them sensitive: a medical appointment, a
 * court summons) and are masked as counts. A rate of people printed beside its count of people
 * (the access rate on the last day, beside the people present that day) gives back how many had
 * an activity and how many had none: it is masked (« masqué ») when either is from 1 to 4. Other
 * rates, hours, days and money are not masked. Pure functions: the renderer asks them for every
 * cell.
 */

export const THRESHOLD = 5;
export const SMALL = '< 5';
export const HIDDEN = 'masqué';

/**
 * `shown`: printed as it is; `small`: a count from 1 to 4 (« < 5 »); `complement`: hidden so
 * that a small cell cannot be recomputed (« masqué »).
 */
export type Mark = 'shown' | 'small' | 'complement';

/**
 * Counts of things, not of people: posts and post-days, committee meetings, decisions and
 * actions, training sessions and places, the partners' entries, goods produced, sessions given
 * and events held. Nobody can be recognised in them, and masking them would hide the steering's
 * own work from the committee. Counts of people (present, workers, trainees, assignments, waits,
 * candidacies, incidents) are masked.
 */
const NOT_PEOPLE = new Set([
  'training.sessions',
  'training.places',
  'partners.production_entries',
  'partners.production_by_unit',
  'partners.production_by_customer',
  'partners.training_sessions',
  'partners.events',
]);
const QUANTITIES = { has: (key: string) => key.startsWith('posts.') || key.startsWith('steering.') || NOT_PEOPLE.has(key) };

/** Counted though not in people: each day of absence is one person's day. */
const EVENTS_IN_DAYS = new Set(['work.absence_days']);

/**
 * Rates of people over a count of people printed in the same report: the rate times the count
 * gives the people in the rate's numerator, and the count minus them the others.
 */
const RATES_OF_PEOPLE: Record<string, string> = { 'people.access_rate_end': 'people.present_end' };

/** The two parts a rate of people splits its count into (with, without), as a reader would work them out. */
function partsOf(ratePercent: number | null, count: number | null): [number, number] | null {
  if (ratePercent === null || count === null) return null;
  const part = Math.round((ratePercent * count) / 100);
  return [part, count - part];
}

interface Cell {
  value: number | null;
  mark: Mark;
}

/** A total (printed above or beside its parts) and the parts it sums. */
interface Group {
  total: Cell | null;
  lines: Cell[];
}

const isSmall = (value: number | null) => value !== null && value > 0 && value < THRESHOLD;
const cell = (value: number | null): Cell => ({ value, mark: isSmall(value) ? 'small' : 'shown' });

/**
 * Masks, in every group, the cell that would give a single masked one back, until nothing
 * changes: a cell shared by two groups (an establishment's total, above its breakdown and above
 * its workshops) masked by one counts as masked in the other.
 */
function settle(groups: readonly Group[]): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const g of groups) {
      if (g.total?.mark !== 'shown') continue; // no total, or already masked
      const masked = g.lines.filter((c) => c.mark !== 'shown');
      if (masked.length !== 1) continue;
      const candidates = g.lines.filter((c) => c.mark === 'shown' && c.value !== null && c.value !== 0);
      const smallest = candidates.reduce<Cell | null>((min, c) => (min === null || (c.value ?? 0) < (min.value ?? 0) ? c : min), null);
      (smallest ?? g.total).mark = 'complement';
      changed = true;
    }
  }
}

/** How a counted cell prints, given its mark (shown: in its unit, a count unless said). */
export function printCount(value: number | null, mark: Mark, unit: Unit = 'count'): string {
  if (mark === 'small') return SMALL;
  if (mark === 'complement') return HIDDEN;
  return formatIndicator(unit, value);
}

/**
 * One breakdown of counts on its own, with its total printed above it (or not): what each cell
 * prints. `suppressGroup(7, [2, 5, 0])` → total « 7 », lines « < 5 », « masqué », « 0 ».
 */
export function suppressGroup(total: number | null, lines: ReadonlyArray<number | null>, { totalPrinted = true } = {}): { total: string; lines: string[] } {
  const t = cell(total);
  const cells = lines.map(cell);
  settle([{ total: totalPrinted ? t : null, lines: cells }]);
  return { total: printCount(t.value, t.mark), lines: cells.map((c) => printCount(c.value, c.mark)) };
}

type When = 'now' | 'before';

/** Every value a report prints, masked where it must be: the renderer reads its cells here only. */
export interface PrintedFigures {
  /** The indicator's value (`now`) or previous value (`before`), for the establishment or one workshop. */
  value(key: string, when: When, workshopId?: number): string;
  /** One line of the indicator's breakdown. */
  line(key: string, lineKey: string, when: When, workshopId?: number): string;
  /** The change from the previous period; empty when either side is masked (it would give it back). */
  change(key: string, workshopId?: number, lineKey?: string): string;
  /** A plain count of people outside any breakdown (the data-quality section's). */
  count(value: number): string;
  /** Whether a cell is masked (a chart draws no bar for it). */
  masked(key: string, when: When, workshopId?: number, lineKey?: string): boolean;
}

interface Entry {
  unit: Unit;
  value: number | null;
  cell: Cell | null;
}

/** The unit of an indicator, and whether its cells count people or events (the only ones masked). */
function unitsOf() {
  const units = new Map(indicatorDefinitions().map((d) => [d.key, d.unit]));
  const counted = (key: string, unit: Unit) => (unit === 'count' && !QUANTITIES.has(key)) || EVENTS_IN_DAYS.has(key);
  return { unitOf: (key: string): Unit => units.get(key) ?? 'count', counted };
}

/**
 * Plans the suppression of a whole report: each establishment figure with its breakdown, each
 * workshop's figure with its own, and the workshops' rows of a count below the establishment's
 * value (and each breakdown line below the establishment's line), for the period and the
 * previous one.
 */
export function printedFigures(data: ReportData): PrintedFigures {
  const { unitOf, counted } = unitsOf();
  const entries = new Map<string, Entry>();
  const id = (key: string, when: When, workshopId?: number, lineKey?: string) => `${workshopId ?? '-'}|${when}|${key}|${lineKey ?? ''}`;
  const groups: Group[] = [];

  const add = (unit: Unit, isCounted: boolean, value: number | null, at: string): Cell | null => {
    const c = isCounted ? cell(value) : null;
    entries.set(at, { unit, value, cell: c });
    return c;
  };

  const register = (key: string, figure: ReportFigure, workshopId?: number) => {
    const unit = unitOf(key);
    for (const when of ['now', 'before'] as const) {
      const total = add(unit, counted(key, unit), when === 'now' ? figure.value : figure.previous, id(key, when, workshopId));
      const breakdown: BreakdownLine[] = (when === 'now' ? figure.breakdown : figure.previousBreakdown) ?? [];
      const lines = breakdown.map((l) => add(l.unit ?? unit, counted(key, l.unit ?? unit), l.value, id(key, when, workshopId, l.key)));
      const countedLines = lines.filter((c): c is Cell => c !== null);
      // The indicator's own value printed above its lines is their total when both count.
      if (countedLines.length > 0) groups.push({ total: total, lines: countedLines });
    }
  };

  // In key order: the figures read back from jsonb come in another order, and must mask the same cells.
  const sorted = (figures: Record<string, ReportFigure>) => Object.entries(figures).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, figure] of sorted(data.figures)) register(key, figure);
  for (const w of data.workshops) for (const [key, figure] of sorted(w.figures)) register(key, figure, w.id);

  // The workshops' rows of a count (and of each breakdown line) sum to the establishment's.
  for (const [at, entry] of entries) {
    if (!at.startsWith('-|') || !entry.cell) continue;
    const rest = at.slice(1);
    const rows = data.workshops.map((w) => entries.get(`${w.id}${rest}`)?.cell).filter((c): c is Cell => Boolean(c));
    if (rows.length > 0) groups.push({ total: entry.cell, lines: rows });
  }
  settle(groups);

  // A rate of people whose parts a reader could work out from its printed count: hidden.
  const hiddenRates = new Set<string>();
  for (const [at, entry] of entries) {
    const [workshop, when, key, lineKey] = at.split('|') as [string, When, string, string];
    const countKey = RATES_OF_PEOPLE[key];
    if (!countKey || lineKey !== '') continue;
    const parts = partsOf(entry.value, entries.get(`${workshop}|${when}|${countKey}|`)?.value ?? null);
    if (parts?.some(isSmall)) hiddenRates.add(at);
  }

  const print = (at: string): string => {
    const entry = entries.get(at);
    if (!entry) return '—';
    if (hiddenRates.has(at)) return HIDDEN;
    return entry.cell ? printCount(entry.value, entry.cell.mark, entry.unit) : formatIndicator(entry.unit, entry.value);
  };
  const isMasked = (at: string) => hiddenRates.has(at) || (entries.get(at)?.cell?.mark ?? 'shown') !== 'shown';

  return {
    value: (key, when, workshopId) => print(id(key, when, workshopId)),
    line: (key, lineKey, when, workshopId) => {
      // A line the other period has and this one lacks counted nothing here.
      const other = entries.get(id(key, when === 'now' ? 'before' : 'now', workshopId, lineKey));
      const at = id(key, when, workshopId, lineKey);
      return !entries.has(at) && other ? formatIndicator(other.unit, 0) : print(at);
    },
    change: (key, workshopId, lineKey) => {
      const now = entries.get(id(key, 'now', workshopId, lineKey));
      const before = entries.get(id(key, 'before', workshopId, lineKey));
      if (!now && !before) return '';
      if (isMasked(id(key, 'now', workshopId, lineKey)) || isMasked(id(key, 'before', workshopId, lineKey))) return '';
      const unit = (now ?? before)?.unit ?? 'count';
      const missing = lineKey ? 0 : null;
      return formatChange(unit, now?.value ?? missing, before?.value ?? missing);
    },
    count: (value) => printCount(value, isSmall(value) ? 'small' : 'shown'),
    masked: (key, when, workshopId, lineKey) => isMasked(id(key, when, workshopId, lineKey)),
  };
}

/**
 * The same suppression for values read outside a report (no workshop rows): what a committee
 * member's dashboard and indicators CSV print, so that they show no more than the shared
 * report does (DOMAIN.md § Personal data: pseudonymise everything shared with committees).
 */
export function printedValues(now: ReadonlyMap<string, IndicatorValue>, before?: ReadonlyMap<string, IndicatorValue>): PrintedFigures {
  const figures: Record<string, ReportFigure> = {};
  for (const [key, v] of now) {
    const p = before?.get(key);
    const figure: ReportFigure = { value: v.value, previous: p?.value ?? null };
    if (v.breakdown) figure.breakdown = v.breakdown;
    if (p?.breakdown) figure.previousBreakdown = p.breakdown;
    figures[key] = figure;
  }
  return printedFigures({ figures, workshops: [] } as unknown as ReportData);
}
