import { Migration } from '@mikro-orm/migrations';

/**
 * Leave requests (issue 19, item 4): a person's days off asked for within one assignment,
 * decided by a coordinator. `days` is the count the service computed (working days, Monday to
 * Friday, public holidays excluded, a half day 50), in hundredths of a day, kept so that the
 * ledger reads what was decided. A person never has two requests asked for or approved on
 * overlapping dates (a half day included: one request per day).
 */
export class Migration20261130180000_leave_request extends Migration {
  override up(): void {
    this.addSql(`
      create table leave_request (
        id serial primary key,
        establishment_id integer not null,
        detainee_id integer not null,
        assignment_id integer not null,
        starts_on date not null,
        ends_on date not null,
        starts_afternoon boolean not null default false,
        ends_morning boolean not null default false,
        days integer not null check (days between 50 and 36600),
        reason text not null check (reason in ('leave', 'authorised_absence')),
        comment text not null default '' check (length(comment) <= 300),
        status text not null default 'requested' check (status in ('requested', 'approved', 'refused', 'cancelled')),
        decided_by_id integer references app_user (id),
        decided_at timestamptz,
        refusal_reason text not null default '' check (length(refusal_reason) <= 300),
        cancelled_by_id integer references app_user (id),
        cancelled_at timestamptz,
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        version integer not null default 1,
        foreign key (detainee_id, establishment_id) references detainee (id, establishment_id),
        foreign key (assignment_id, establishment_id) references assignment (id, establishment_id),
        constraint leave_request_dates check (ends_on >= starts_on),
        constraint leave_request_half_days check (starts_on < ends_on or not (starts_afternoon and ends_morning)),
        constraint leave_request_decided check (status not in ('approved', 'refused') or (decided_at is not null and decided_by_id is not null)),
        constraint leave_request_refusal_reason check ((status = 'refused') = (length(btrim(refusal_reason)) > 0)),
        constraint leave_request_cancelled check ((status = 'cancelled') = (cancelled_at is not null)),
        constraint leave_request_overlap exclude using gist (detainee_id with =, daterange(starts_on, ends_on, '[]') with &&)
          where (status in ('requested', 'approved'))
      );
      create index leave_request_pending_idx on leave_request (establishment_id, status);
      create index leave_request_assignment_idx on leave_request (assignment_id);
      create trigger leave_request_audit after insert or update or delete on leave_request
        for each row execute function audit_row_change();
    `);
  }
}
