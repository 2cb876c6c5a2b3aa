import { tz } from '@date-fns/tz';
import { addDays, isValid, parseISO } from 'date-fns';
import type { AuditFilters } from './service.ts';

/** A day typed in a filter ("2026-11-26"), as the start of that day in Paris; undefined when it is not a real day. */
function dayStart(v: string | undefined): Date | undefined {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = parseISO(v, { in: tz('Europe/Paris') });
  // Years past 2999 are no day of the trail, and « au 31/12/9999 » + 1 day is a year PostgreSQL cannot read.
  return isValid(d) && d.getFullYear() >= 1900 && d.getFullYear() <= 2999 ? d : undefined;
}

/** The furthest page one may ask for: its offset stays far inside PostgreSQL's bigint. */
const LAST_READABLE_PAGE = 1_000_000;

/** `?page=` as a page number from 1; beyond the furthest page, or unreadable, it is ignored (page 1). */
function pageNumber(v: string | undefined): number {
  const page = /^\d{1,7}$/.test(v ?? '') ? Number(v) : 1;
  return page >= 1 && page <= LAST_READABLE_PAGE ? page : 1;
}

/** The audit trail's filters, read from the query string; a filter that cannot be read is ignored. */
export function auditFilters(q: Record<string, string>): AuditFilters {
  const to = dayStart(q.au);
  return {
    entity: q.objet || undefined,
    action: q.action || undefined,
    actorId: /^\d+$/.test(q.auteur ?? '') ? Number(q.auteur) : undefined,
    entityId: q.id?.trim() || undefined,
    from: dayStart(q.du),
    // "Au 26/11" includes that whole day.
    to: to ? addDays(to, 1) : undefined,
    page: pageNumber(q.page?.trim()),
  };
}
