import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditedTable, AuditNaming } from '../platform/feature.ts';
import { formatShortDay, theWorkshop } from '../platform/format.ts';

/**
 * Rows of another table that belong to a record's history: those whose `column` holds the
 * record's id, or (with `through`) the id of a row of `through` that points to the record.
 */
interface RelatedRows {
  table: string;
  column: string;
  through?: { table: string; column: string };
  /** Which of those rows count: a condition on the row's last recorded values (`v`, jsonb), never from the request. */
  only?: (v: string) => string;
  /** How the row is named in that history, where the record it belongs to goes without saying. */
  naming: AuditNaming;
}

const POST_OF_ASSIGNMENT = `(select concat(p.code, ' (', p.title, ')') from assignment a join post p on p.id = a.post_id where a.id = t.assignment_id)`;

/**
 * What happened to a person is their candidacies, assignments (with their suspensions and
 * ends), training enrollments and the corrections of their validated weeks; a workshop's
 * history holds its posts. Typed cells of a person's timesheet are left out: a year of them is
 * thousands of rows that say less than the pay statement; the corrections after validation
 * (`is_adjustment`) are the attributed changes a coordinator looks for.
 */
const RELATED: Record<string, RelatedRows[]> = {
  detainee: [
    {
      table: 'candidacy',
      column: 'detainee_id',
      naming: {
        select: `t.target, (select w.name from workshop w where w.id = t.workshop_id) as workshop,
          (select concat(p.code, ' (', p.title, ')') from post p where p.id = t.post_id) as post,
          (select pr.title from training_session s join training_programme pr on pr.id = s.programme_id where s.id = t.session_id) as session`,
        text: (r) =>
          r.target === 'post'
            ? `Candidature au poste ${r.post}`
            : r.target === 'session'
              ? `Candidature à la formation ${r.session}`
              : `Candidature à ${theWorkshop(String(r.workshop))}`,
      },
    },
    {
      table: 'assignment',
      column: 'detainee_id',
      naming: {
        select: `(select concat(p.code, ' (', p.title, ')') from post p where p.id = t.post_id) as post`,
        text: (r) => `Affectation au poste ${r.post}`,
      },
    },
    {
      table: 'assignment_suspension',
      column: 'assignment_id',
      through: { table: 'assignment', column: 'detainee_id' },
      naming: { select: `${POST_OF_ASSIGNMENT} as post`, text: (r) => `Suspension de l’affectation au poste ${r.post}` },
    },
    {
      table: 'enrollment',
      column: 'detainee_id',
      naming: {
        select: `(select pr.title from training_session s join training_programme pr on pr.id = s.programme_id where s.id = t.session_id) as title`,
        text: (r) => `Inscription à la formation ${r.title}`,
      },
    },
    {
      table: 'time_entry',
      column: 'detainee_id',
      only: (v) => `(${v}->>'is_adjustment')::boolean`,
      naming: { select: `t.day::text as day`, text: (r) => `Correction du pointage du ${formatShortDay(String(r.day))}` },
    },
  ],
  workshop: [
    {
      table: 'post',
      column: 'workshop_id',
      naming: { select: 't.code, t.title', text: (r) => `Poste ${r.code} (${r.title})` },
    },
  ],
};

/** The tables that belong to `table`'s records; `table` comes from the request, so only a declared one counts. */
function relatedTo(table: string): RelatedRows[] {
  return Object.hasOwn(RELATED, table) ? (RELATED[table] ?? []) : [];
}

/**
 * The row's last recorded values: after a change, or as it was when deleted. The columns that
 * tie a row to its record (`detainee_id`, `assignment_id`, `workshop_id`) are not changed once set,
 * so its last values say where it belongs.
 */
const LAST = 'coalesce(e.after, e.before)';

/**
 * The SQL condition (on `audit_event e`) of a record's history: its own rows, and the rows of
 * the tables that belong to it, found in the rows' recorded values (so a deleted row stays).
 * Its parameters are the record's table and id, then its id once per related table.
 */
export function historyCondition(table: string, id: string): { sql: string; params: string[] } {
  const related = relatedTo(table);
  const parts = related.map((r) => {
    const points = r.through
      ? // An array, not `in (select …)`: the index on the recorded id then finds the rows (`= any` in its condition).
        `${LAST}->>'${r.column}' = any(array(select a.entity_id from audit_event a where a.entity = '${r.through.table}'
           and coalesce(a.after, a.before)->>'${r.through.column}' = ?))`
      : `${LAST}->>'${r.column}' = ?`;
    return `(e.entity = '${r.table}' and ${points}${r.only ? ` and ${r.only(LAST)}` : ''})`;
  });
  return { sql: ['(e.entity = ? and e.entity_id = ?)', ...parts].join(' or '), params: [table, id, ...related.map(() => id)] };
}

/** The ids of the events of a record's history, its related rows' included. */
export async function historyEventIds(em: EntityManager, table: string, id: string): Promise<number[]> {
  const history = historyCondition(table, id);
  const rows = await em.getConnection().execute<Array<{ id: string }>>(`select e.id from audit_event e where ${history.sql}`, history.params);
  return rows.map((r) => Number(r.id));
}

/**
 * The tables as a record's history names them: the related rows by their own naming ( « Affectation au
 * poste … »), none of their references (the record they belong to goes without saying).
 */
export function historyNamings(table: string, tables: Record<string, AuditedTable>): Record<string, AuditedTable> {
  return Object.fromEntries(
    relatedTo(table).flatMap((r) => {
      const known = tables[r.table];
      return known ? [[r.table, { ...known, references: {}, naming: r.naming }]] : [];
    }),
  );
}
