import type { Day } from '../platform/calendar.ts';
import type { AuditedTable } from '../platform/feature.ts';
import { formatBasisPoints, formatEuros, formatMinutes, formatNumber, formatShortDate, formatShortDay } from '../platform/format.ts';

/** A value as the trail shows it: words, and the page of the record it names when it names one. */
export interface Shown {
  text: string;
  href?: string;
}

/** The names of the records a page of the trail mentions: by table, then by id. */
export type RecordNames = Map<string, Map<string, Shown>>;

const clock = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Paris' });

/** An instant in Paris, the way a log reads: « 30/11/2026 à 14:05 ». */
export function formatAuditInstant(at: Date): string {
  return `${formatShortDate(at)} à ${clock.format(at)}`;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/** A value left empty: a creation does not list it. */
export function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** One stored value in French: its code's label, its record's name, or the number or date its kind says. */
export function showValue(table: AuditedTable | undefined, field: string, value: unknown, names: RecordNames): Shown {
  if (isEmpty(value)) return { text: '—' };
  if (typeof value === 'boolean') return { text: value ? 'Oui' : 'Non' };
  const target = table?.references?.[field];
  if (target) return names.get(target)?.get(String(value)) ?? { text: `n° ${String(value)}` };
  const label = typeof value === 'string' ? table?.values?.[field]?.[value] : undefined;
  if (label) return { text: label };
  return { text: byKind(table?.kinds?.[field], value) };
}

function byKind(kind: string | undefined, value: unknown): string {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
  if (n !== undefined) {
    if (kind === 'minutes') return formatMinutes(n);
    if (kind === 'basisPoints') return formatBasisPoints(n);
    if (kind === 'percent') return `${formatNumber(n)} %`;
    if (kind === 'cents') return formatEuros(n);
    if (kind === 'hours') return `${formatNumber(n)} h`;
    if (kind === 'centidays') return `${formatNumber(n / 100)} j`;
    return typeof value === 'number' ? formatNumber(n) : String(value);
  }
  if (typeof value === 'string' && (kind === 'instant' || INSTANT.test(value))) {
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? value : formatAuditInstant(at);
  }
  if (typeof value === 'string' && DAY.test(value)) return formatShortDay(value as Day);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
