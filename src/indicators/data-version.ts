import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The version of the data the indicators read, as one string: the newest audit row (every
 * change of an audited table writes one; the reports' own rows left out), with the number of
 * audit rows among the last 1,000 ids (a transaction committing after a later one still changes
 * it), and the follow-ups of action items and the committees' establishments, which the
 * steering family reads and the audit trail does not cover. Same data, same version; a change
 * anywhere, a new one. A report prints it; the dashboard's cache is keyed by it.
 */
export async function dataVersionOf(em: EntityManager): Promise<string> {
  const [row] = await em.execute<Array<{ version: string }>>(
    `with recent as (select coalesce(max(id), 0) as last from audit_event where entity not like 'evaluation_report%')
     select (select coalesce(max(a.id), 0) || '.' || count(*) from audit_event a, recent
              where a.id > recent.last - 1000 and a.entity not like 'evaluation_report%')
         || '.' || (select coalesce(max(id), 0) || '.' || count(*) from action_update)
         || '.' || (select count(*) from committee_establishment) as version`,
  );
  return row?.version ?? '0.0.0.0.0';
}

/**
 * What is kept by data version (a month's pay statement, an establishment's leave histories):
 * one bounded cache per database (ORM), a value per key, the key holding the data version it
 * was read at, so that it is never served stale. A computation that fails is not kept, and a
 * caller that found it failing (its transaction rolled back) computes again.
 */
export function keptPerDatabase<T>(size: number): (em: EntityManager, key: string, compute: () => Promise<T>) => Promise<T> {
  const caches = new WeakMap<object, Map<string, Promise<T>>>();
  const kept = (em: EntityManager, key: string, compute: () => Promise<T>): Promise<T> => {
    const cache = caches.get(em.config) ?? new Map<string, Promise<T>>();
    caches.set(em.config, cache);
    const found = cache.get(key);
    if (found) return found.catch(() => kept(em, key, compute));
    if (cache.size >= size) cache.clear();
    const computing = compute();
    cache.set(key, computing);
    computing.catch(() => cache.delete(key));
    return computing;
  };
  return kept;
}
