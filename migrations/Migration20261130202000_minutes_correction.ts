import { Migration } from '@mikro-orm/migrations';

/**
 * Why approved minutes were reopened (issue 20, item 5): the reason given for the edition being
 * corrected, shown on the meeting page and kept in the audit trail with each change of it.
 */
export class Migration20261130202000_minutes_correction extends Migration {
  override up(): void {
    this.addSql(`
      alter table committee_meeting add column correction_reason text not null default ''
        check (length(correction_reason) <= 500 and correction_reason !~ '[[:cntrl:]]');
    `);
  }
}
