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
