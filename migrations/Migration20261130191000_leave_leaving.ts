import { Migration } from '@mikro-orm/migrations';

/**
 * Leave requests closed by a release or a transfer (issue 19, item 6): the leaving refuses the
 * requests still asked for and cancels the approved ones starting after the leaving day, and
 * marks them, so that cancelling the leaving (the way back from a mistake) restores exactly
 * those. Only a refused or cancelled request carries the mark.
 */
export class Migration20261130191000_leave_leaving extends Migration {
  override up(): void {
    this.addSql(`
      alter table leave_request add column closed_by_leaving boolean not null default false;
      alter table leave_request add constraint leave_request_closed_by_leaving check (not closed_by_leaving or status in ('refused', 'cancelled'));
    `);
  }
}
