import { Migration } from '@mikro-orm/migrations';

/**
 * A password an administrator set (a new account, a reset) is temporary: the person chooses
 * their own at the first login (issue 18, item 19). Existing accounts keep theirs.
 */
export class Migration20261130154000_must_change_password extends Migration {
  override up(): void {
    this.addSql('alter table app_user add column must_change_password boolean not null default false;');
  }
}
