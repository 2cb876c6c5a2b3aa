import { Migration } from '@mikro-orm/migrations';

/**
 * A committee has at most one chair and one secretary among its current members: the database
 * holds it (two coordinators adding a chair at once cannot both succeed). A member who left
 * keeps their role in the history without blocking their successor.
 */
export class Migration20261130201000_committee_roles extends Migration {
  override up(): void {
    this.addSql(`
      create unique index committee_member_one_chair on committee_member (committee_id) where role = 'chair' and left_at is null;
      create unique index committee_member_one_secretary on committee_member (committee_id) where role = 'secretary' and left_at is null;
    `);
  }
}
