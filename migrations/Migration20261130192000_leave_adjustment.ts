import { Migration } from '@mikro-orm/migrations';

/**
 * Manual leave adjustments (issue 19, item 2): a coordinator's correction of a person's
 * balance, signed, on a day, with its reason, attributed and audited. Half days only (a
 * multiple of 50 hundredths, as requests count them), never zero, at most 60 days either way;
 * the reason is 3 to 300 characters without control characters. A mistake is removed (the
 * audit trail keeps it), never edited.
 */
export class Migration20261130192000_leave_adjustment extends Migration {
  override up(): void {
    this.addSql(`
      create table leave_adjustment (
        id serial primary key,
        establishment_id integer not null,
        detainee_id integer not null,
        day date not null,
        centidays integer not null,
        reason text not null check (length(btrim(reason)) >= 3 and length(reason) <= 300 and reason !~ '[[:cntrl:]]'),
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        foreign key (detainee_id, establishment_id) references detainee (id, establishment_id),
        constraint leave_adjustment_amount check (centidays <> 0 and centidays between -6000 and 6000 and centidays % 50 = 0)
      );
      create index leave_adjustment_detainee_idx on leave_adjustment (detainee_id, day);
      create trigger leave_adjustment_audit after insert or update or delete on leave_adjustment
        for each row execute function audit_row_change();
    `);
  }
}
