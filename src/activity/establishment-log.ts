/**
 * The establishment's « Journal d’activité » (issue 21 item 6): every partner's entries in one
 * establishment, for its coordinators and the admins (anyone else: 404), filtered by period,
 * kind, workshop and partner, newest first, a page at a time (one query for the page, one for the
 * counts), with its CSV export. Corrected entries are listed, marked « Corrigée », and counted
 * nowhere (the counts, the CSV and the report figures leave them out).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Establishment } from '../establishments/entities.ts';
import { findEstablishment } from '../establishments/service.ts';
import { type Day, firstDayOf, lastDayOf, monthOf, parseDay } from '../platform/calendar.ts';
import { toExcelCsv } from '../platform/csv.ts';
import { NotFoundError } from '../platform/errors.ts';
import { formatPlainHours } from '../platform/format.ts';
import type { Scope } from '../platform/scope.ts';
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  type ActivityKind,
  CUSTOMER_KIND_LABELS,
  type CustomerKind,
  SEVERITY_LABELS,
  type Severity,
  VISITOR_KIND_LABELS,
  type VisitorKind,
} from './labels.ts';
import { notCorrected } from './service.ts';

/** Lines per page. */
export const PAGE_SIZE = 100;

export interface LogFilter {
  from: Day;
  to: Day;
  kind: ActivityKind | null;
  workshopId: number | null;
  partnerId: number | null;
  page: number;
}

const idOf = (v: string | undefined): number | null => {
  const n = Number(v);
  return v && Number.isSafeInteger(n) && n > 0 ? n : null;
};

/** The filters from the query string (du, au, type, atelier, structure, page); the current month by default. */
export function logFilterOf(q: Record<string, string | undefined>, today: Day): LogFilter {
  let from = parseDay(q.du ?? '') ?? firstDayOf(monthOf(today));
  let to = parseDay(q.au ?? '') ?? lastDayOf(monthOf(today));
  if (from > to) [from, to] = [to, from];
  const kind = ACTIVITY_KINDS.includes(q.type as ActivityKind) ? (q.type as ActivityKind) : null;
  const page = Math.max(1, Math.min(idOf(q.page) ?? 1, 100_000));
  return { from, to, kind, workshopId: idOf(q.atelier), partnerId: idOf(q.structure), page };
}

/** The filter as a query string, for links (paging, CSV). */
export function filterQuery(f: LogFilter, page?: number): string {
  const params = new URLSearchParams({ du: f.from, au: f.to });
  if (f.kind) params.set('type', f.kind);
  if (f.workshopId) params.set('atelier', String(f.workshopId));
  if (f.partnerId) params.set('structure', String(f.partnerId));
  if (page && page > 1) params.set('page', String(page));
  return params.toString();
}

export interface EstablishmentLogRow {
  id: number;
  day: Day;
  workshopId: number;
  workshop: string;
  partner: string;
  kind: ActivityKind;
  quantity: string | null;
  unit: string;
  customerKind: CustomerKind | null;
  topic: string;
  minutes: number | null;
  participants: number | null;
  visitorKind: VisitorKind | null;
  severity: Severity | null;
  description: string;
  author: string;
  correctsId: number | null;
  /** The entry that corrects this one: then it counts nowhere. */
  correctedById: number | null;
}

const SELECT = `
  select e.id, to_char(e.day, 'YYYY-MM-DD') as day, e.workshop_id as "workshopId", w.name as workshop, p.name as partner,
         e.kind, e.quantity::text as quantity, e.unit, e.customer_kind as "customerKind", e.topic, e.minutes, e.participants,
         e.visitor_kind as "visitorKind", e.severity, e.description, coalesce(u.display_name, '') as author,
         e.corrects_id as "correctsId", c.id as "correctedById"
    from activity_entry e
    join workshop w on w.id = e.workshop_id
    join partner p on p.id = e.partner_id
    left join app_user u on u.id = e.created_by_id
    left join activity_entry c on c.corrects_id = e.id`;

/** The `where` clause of the filter, for the entries aliased `e`. */
function whereOf(establishmentId: number, f: LogFilter): { sql: string; params: unknown[] } {
  return {
    sql: `e.establishment_id = ? and e.day between ? and ? and (?::text is null or e.kind = ?)
      and (?::int is null or e.workshop_id = ?) and (?::int is null or e.partner_id = ?)`,
    params: [establishmentId, f.from, f.to, f.kind, f.kind, f.workshopId, f.workshopId, f.partnerId, f.partnerId],
  };
}

/** The establishment, when the caller manages it (admins, its coordinators); anyone else: 404. */
async function managedEstablishment(em: EntityManager, scope: Scope, establishmentId: number): Promise<Establishment> {
  if (!Number.isSafeInteger(establishmentId) || !scope.canManageEstablishment(establishmentId)) throw new NotFoundError();
  return findEstablishment(em, scope, establishmentId);
}

export interface EstablishmentLog {
  establishment: Establishment;
  filter: LogFilter;
  rows: EstablishmentLogRow[];
  /** Counted entries (not corrected) per kind, for the filtered set. */
  counts: Record<ActivityKind, number>;
  /** Every line of the filtered set, corrected ones included (for paging). */
  lines: number;
  pages: number;
  workshops: { id: number; name: string }[];
  partners: { id: number; name: string }[];
}

/** One page of the establishment's log with its counts and the filters' choices: four queries, whatever the number of entries. */
export async function establishmentLog(em: EntityManager, scope: Scope, establishmentId: number, filter: LogFilter): Promise<EstablishmentLog> {
  const establishment = await managedEstablishment(em, scope, establishmentId);
  const conn = em.getConnection();
  const where = whereOf(establishment.id, filter);
  const countRows = await conn.execute<{ kind: ActivityKind; counted: number; lines: number }[]>(
    `select e.kind, (count(*) filter (where ${notCorrected('e')}))::int as counted, count(*)::int as lines
       from activity_entry e where ${where.sql} group by e.kind`,
    where.params,
  );
  const counts = Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, 0])) as Record<ActivityKind, number>;
  let lines = 0;
  for (const r of countRows) {
    counts[r.kind] = r.counted;
    lines += r.lines;
  }
  const pages = Math.max(1, Math.ceil(lines / PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  const rows = await conn.execute<EstablishmentLogRow[]>(
    `${SELECT} where ${where.sql} order by e.day desc, e.created_at desc, e.id desc limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`,
    where.params,
  );
  const workshops = await conn.execute<{ id: number; name: string }[]>('select id, name from workshop where establishment_id = ? order by lower(name), id', [
    establishment.id,
  ]);
  const partners = await conn.execute<{ id: number; name: string }[]>(
    `select p.id, p.name from partner p
      where exists (select 1 from activity_entry e where e.partner_id = p.id and e.establishment_id = ?)
         or exists (select 1 from workshop w where w.partner_id = p.id and w.establishment_id = ?)
      order by lower(p.name), p.id`,
    [establishment.id, establishment.id],
  );
  return { establishment, filter: { ...filter, page }, rows, counts, lines, pages, workshops, partners };
}

/** Every counted entry of the filtered set (corrected ones left out), for the CSV. */
export async function establishmentLogForCsv(em: EntityManager, scope: Scope, establishmentId: number, filter: LogFilter): Promise<EstablishmentLogRow[]> {
  const establishment = await managedEstablishment(em, scope, establishmentId);
  const where = whereOf(establishment.id, filter);
  return em
    .getConnection()
    .execute<EstablishmentLogRow[]>(`${SELECT} where ${where.sql} and ${notCorrected('e')} order by e.day desc, e.created_at desc, e.id desc`, where.params);
}

export const CSV_HEADER = [
  'Date',
  'Atelier',
  'Structure',
  'Type',
  'Quantité',
  'Unité',
  'Type de client',
  'Sujet',
  'Heures',
  'Participants',
  'Visiteurs',
  'Gravité',
  'Description',
  'Écrite par',
  'Corrige l’entrée n°',
] as const;

const decimal = (text: string | null) => (text === null ? '' : String(Number(text)).replace('.', ','));
const hours = (minutes: number | null) => (minutes === null ? '' : formatPlainHours(minutes));

/** The CSV for Excel: `;`, UTF-8 with a BOM, decimal comma, French dates (JJ/MM/AAAA), hours in decimal hours. */
export function establishmentLogCsv(rows: readonly EstablishmentLogRow[]): string {
  return toExcelCsv(
    CSV_HEADER,
    rows.map((r) => [
      r.day.split('-').reverse().join('/'),
      r.workshop,
      r.partner,
      ACTIVITY_KIND_LABELS[r.kind],
      decimal(r.quantity),
      r.unit,
      r.customerKind ? CUSTOMER_KIND_LABELS[r.customerKind] : '',
      r.topic,
      hours(r.minutes),
      r.participants,
      r.visitorKind ? VISITOR_KIND_LABELS[r.visitorKind] : '',
      r.severity ? SEVERITY_LABELS[r.severity] : '',
      r.description,
      r.author,
      r.correctsId,
    ]),
  );
}
