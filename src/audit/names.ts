import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditedTable } from '../platform/feature.ts';
import { intArray } from '../platform/sql.ts';
import type { AuditEvent } from './entities.ts';
import type { RecordNames } from './values.ts';

/** The ids, by table, of the records that `events` are about or point to. */
export function mentionedRecords(events: readonly AuditEvent[], tables: Record<string, AuditedTable>): Map<string, Set<number>> {
  const ids = new Map<string, Set<number>>();
  const add = (table: string, id: unknown) => {
    const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : undefined;
    if (n === undefined || !tables[table]?.naming) return;
    ids.set(table, (ids.get(table) ?? new Set()).add(n));
  };
  for (const e of events) {
    add(e.entity, e.entityId);
    for (const [column, target] of Object.entries(tables[e.entity]?.references ?? {})) {
      add(target, e.before?.[column]);
      add(target, e.after?.[column]);
    }
  }
  return ids;
}

/**
 * The names of the records `events` mention, read with one query per table whatever the
 * number of events; a record deleted since keeps its number only.
 */
export async function recordNames(em: EntityManager, events: readonly AuditEvent[], tables: Record<string, AuditedTable>): Promise<RecordNames> {
  const names: RecordNames = new Map();
  for (const [table, ids] of mentionedRecords(events, tables)) {
    const naming = tables[table]?.naming;
    if (!naming) continue;
    // The table and its SQL come from the features' declarations, never from the request.
    const rows = await em
      .getConnection()
      .execute<Record<string, unknown>[]>(`select t.id, ${naming.select} from ${table} t where t.id = any(?::int[])`, [intArray([...ids])]);
    names.set(table, new Map(rows.map((row) => [String(row.id), { text: naming.text(row), href: naming.href?.(row) }])));
  }
  return names;
}
