import { Migration } from '@mikro-orm/migrations';

/**
 * Leave policies (issue 19): one row per version of an establishment's policy, in force from
 * its date until the next one. Quantities of leave in hundredths of a day; every field checked
 * here so that no script can store a policy the ledger could not read.
 */
export class Migration20261130170000_leave_policy extends Migration {
  override up(): void {
    this.addSql(`
      create table leave_policy (
        id serial primary key,
        establishment_id integer not null references establishment (id),
        effective_from date not null,
        name text not null check (name = btrim(name) and length(name) between 2 and 120),
        basis text not null check (basis in ('month', 'hours')),
        days_per_month integer not null check (days_per_month between 0 and 3100),
        month_min_days integer check (month_min_days between 1 and 31),
        month_min_minutes integer check (month_min_minutes between 1 and 44640),
        days_per_block integer not null check (days_per_block between 0 and 3100),
        block_minutes integer not null check (block_minutes between 0 and 44640),
        period_start text not null check (
          period_start ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
          and period_start not in ('02-29', '02-30', '02-31', '04-31', '06-31', '09-31', '11-31')
        ),
        rounding text not null check (rounding in ('half_day_up', 'day_up', 'none')),
        yearly_cap_days integer check (yearly_cap_days between 0 and 36600),
        carry_over_days integer check (carry_over_days between 0 and 36600),
        carry_over_months integer check (carry_over_months between 1 and 120),
        paid boolean not null default true,
        pay_rate_basis_points integer not null check (pay_rate_basis_points between 0 and 20000),
        allow_advance boolean not null default false,
        settlement text not null check (settlement in ('paid_out', 'lost')),
        version integer not null default 1,
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        constraint leave_policy_month_threshold check (
          basis <> 'month' or ((month_min_days is null) <> (month_min_minutes is null) and days_per_month > 0)
        ),
        constraint leave_policy_hours_block check (basis <> 'hours' or (block_minutes > 0 and days_per_block > 0)),
        constraint leave_policy_establishment_from unique (establishment_id, effective_from)
      );
      create trigger leave_policy_audit after insert or update or delete on leave_policy
        for each row execute function audit_row_change();
    `);
  }
}
