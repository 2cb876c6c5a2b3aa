/**
 * The activity log's figures for the evaluation reports (issue 21 item 7, read by issue 22's
 * reports): pure SQL aggregates over `activity_entry`, one query per family, no entity loaded.
 *
 * Common rules (the reports' methodology quotes them):
 * - an entry counts on its day (`day`), in its month 'YYYY-MM', for its workshop;
 * - the period is inclusive: `from` ≤ day ≤ `to`;
 * - an entry corrected by a later entry never counts (its correction counts instead);
 * - `establishmentIds: null` means every establishment; a list restricts to those;
 *   `workshopIds` and `partnerId` restrict further when given (the partner is the workshop's
 *   partner when the entry was written).
 *
 * These are raw counts, for the caller's scope (the caller checks who may read which
 * establishments): a report shared outside the establishment must print any count below 5 in a
 * breakdown as « < 5 » and hide the cell that would give it back (DOMAIN.md § Personal data);
 * incidents by severity, workshop and month are often that small.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Day } from '../platform/calendar.ts';
import { intArray } from '../platform/sql.ts';
import type { CustomerKind, Severity, VisitorKind } from './labels.ts';
import { notCorrected } from './service.ts';

export interface FiguresFilter {
  establishmentIds: number[] | null;
  workshopIds?: number[];
  partnerId?: number;
  from: Day;
  to: Day;
}

/** The `where` clause shared by every family, for the entries aliased `e` of `kind`. */
function whereOf(kind: string, f: FiguresFilter): { sql: string; params: unknown[] } {
  const sql = `e.kind = ? and e.day between ? and ?
    and (?::int[] is null or e.establishment_id = any(?::int[]))
    and (?::int[] is null or e.workshop_id = any(?::int[]))
    and (?::int is null or e.partner_id = ?)
    and ${notCorrected('e')}`;
  const establishments = f.establishmentIds ? intArray(f.establishmentIds) : null;
  const workshops = f.workshopIds ? intArray(f.workshopIds) : null;
  const partner = f.partnerId ?? null;
  return { sql, params: [kind, f.from, f.to, establishments, establishments, workshops, workshops, partner, partner] };
}

async function rowsOf<T>(em: EntityManager, select: string, kind: string, groupBy: string, f: FiguresFilter): Promise<T[]> {
  const where = whereOf(kind, f);
  return em
    .getConnection()
    .execute<T[]>(
      `select e.workshop_id as "workshopId", to_char(e.day, 'YYYY-MM') as month, ${select} from activity_entry e where ${where.sql} group by e.workshop_id, month, ${groupBy} order by e.workshop_id, month, ${groupBy}`,
      where.params,
    );
}

export interface ProductionTotal {
  workshopId: number;
  month: string;
  /** The unit as written, lower-cased and trimmed: « Livres » and « livres » add up. */
  unit: string;
  customerKind: CustomerKind;
  /** Sum of the quantities (two decimals), in `unit`. */
  quantity: number;
  /** Number of production entries summed. */
  entries: number;
}

/**
 * Production: per workshop, month, unit (lower-cased, trimmed) and customer kind, the sum of the
 * quantities produced and the number of entries. Quantities of different units are never added.
 */
export async function productionTotals(em: EntityManager, f: FiguresFilter): Promise<ProductionTotal[]> {
  const rows = await rowsOf<Omit<ProductionTotal, 'quantity'> & { quantity: string }>(
    em,
    `lower(btrim(e.unit)) as unit, e.customer_kind as "customerKind", sum(e.quantity)::text as quantity, count(*)::int as entries`,
    'production',
    'lower(btrim(e.unit)), e.customer_kind',
    f,
  );
  return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
}

export interface TrainingDelivered {
  workshopId: number;
  month: string;
  /** Sum of the sessions' lengths, in minutes. */
  minutes: number;
  /** Number of training entries (one entry = one session delivered). */
  sessions: number;
  /** Sum of the sessions' participants (a person at two sessions counts twice). */
  participants: number;
}

/** Training delivered: per workshop and month, the hours delivered (in minutes), the sessions and the participants summed. */
export async function trainingDelivered(em: EntityManager, f: FiguresFilter): Promise<TrainingDelivered[]> {
  return rowsOf<TrainingDelivered>(
    em,
    `sum(e.minutes)::int as minutes, count(*)::int as sessions, sum(e.participants)::int as participants`,
    'training',
    'month',
    f,
  );
}

export interface EventCount {
  workshopId: number;
  month: string;
  visitorKind: VisitorKind;
  /** Number of event or visit entries. */
  count: number;
}

/** Events and visits: per workshop, month and kind of visitor, the number of entries. */
export async function eventCounts(em: EntityManager, f: FiguresFilter): Promise<EventCount[]> {
  return rowsOf<EventCount>(em, `e.visitor_kind as "visitorKind", count(*)::int as count`, 'event', 'e.visitor_kind', f);
}

export interface IncidentCount {
  workshopId: number;
  month: string;
  severity: Severity;
  /** Number of incident entries. */
  count: number;
}

/** Incidents: per workshop, month and severity, the number of entries. */
export async function incidentCounts(em: EntityManager, f: FiguresFilter): Promise<IncidentCount[]> {
  return rowsOf<IncidentCount>(em, `e.severity, count(*)::int as count`, 'incident', 'e.severity', f);
}
