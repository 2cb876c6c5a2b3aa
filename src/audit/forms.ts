import { tz } from '@date-fns/tz';
import { addDays, isValid, parseISO } from 'date-fns';
import type { AuditFilters } from './service.ts';

/** A day typed in a filter ("2026-11-26"), as the start of that day in Paris; undefined when it is not a real day. */
function dayStart(v: string | undefined): Date | undefined {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = parseISO(v, { in: tz('Europe/Paris') });
  return isValid(d) && d.getFullYear() >= 1900 && d.getFullYear() <= 9999 ? d : undefined;
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
    page: Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1),
  };
}
