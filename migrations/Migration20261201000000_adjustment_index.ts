import { Migration } from '@mikro-orm/migrations';

/**
 * An absence corrected after validation no longer counts: the pay statement, the work
 * indicators and the leave ledger ask, for every entry of the month, whether a later adjustment
 * exists on the same assignment and day. Without an index on that, each asking read every entry
 * of the establishment's day (the demo's October: 1,215 entries × ~56 rows, 17 of the pay
 * statement's 22 ms). Adjustments are few: a partial index holds just them.
 */
export class Migration20261201000000_adjustment_index extends Migration {
  override up(): void {
    this.addSql(`create index time_entry_adjustment_idx on time_entry (assignment_id, day, id) where is_adjustment;`);
  }
}
