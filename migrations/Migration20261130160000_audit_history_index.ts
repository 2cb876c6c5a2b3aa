import { Migration } from '@mikro-orm/migrations';

/**
 * A record's « Historique » (issue 18, item 15) finds the rows that belong to a person or a
 * workshop by the id recorded in their values (`src/audit/history.ts`): indexed, so that
 * opening it does not read the whole trail of those tables as it grows.
 */
export class Migration20261130160000_audit_history_index extends Migration {
  override up(): void {
    for (const column of ['detainee_id', 'assignment_id', 'workshop_id']) {
      this.addSql(`create index audit_event_${column}_idx on audit_event (entity, (coalesce(after, before)->>'${column}'));`);
    }
  }
}
