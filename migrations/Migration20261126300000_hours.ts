import { Migration } from '@mikro-orm/migrations';

/** Weekly timesheets: time entries per person and day, weeks validated by a coordinator, the SMIC over time. */
export class Migration20261126300000_hours extends Migration {
  override up(): void {
    this.addSql(`
      -- A post may pay above the floor of its category (D412-64): its own share of the SMIC.
      -- The assignment keeps the rate its contract was signed with: a later change of the post
      -- does not change the pay of months already worked.
      alter table post add column pay_basis_points integer check (pay_basis_points between 1 and 10000);
      alter table assignment add column pay_basis_points integer check (pay_basis_points between 1 and 10000);

      create table smic_rate (
        id serial primary key,
        effective_from date not null unique,
        hourly_cents integer not null check (hourly_cents between 100 and 10000),
        created_at timestamptz not null default now()
      );
      insert into smic_rate (effective_from, hourly_cents) values ('2024-11-01', 1188), ('2026-01-01', 1202);

      create table timesheet_week (
        id serial primary key,
        establishment_id integer not null references establishment (id),
        workshop_id integer references workshop (id),
        session_id integer references training_session (id),
        week_start date not null check (extract(isodow from week_start) = 1),
        status text not null default 'open' check (status in ('open', 'validated')),
        validated_by_id integer references app_user (id),
        validated_at timestamptz,
        reopened_by_id integer references app_user (id),
        reopened_at timestamptz,
        reopen_reason text not null default '' check (length(reopen_reason) <= 300),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        check ((workshop_id is null) <> (session_id is null)),
        check ((status = 'validated') = (validated_at is not null))
      );
      create unique index timesheet_week_workshop_unique on timesheet_week (workshop_id, week_start) where workshop_id is not null;
      create unique index timesheet_week_session_unique on timesheet_week (session_id, week_start) where session_id is not null;

      create table time_entry (
        id serial primary key,
        establishment_id integer not null,
        detainee_id integer not null,
        assignment_id integer references assignment (id),
        enrollment_id integer references enrollment (id),
        workshop_id integer references workshop (id),
        session_id integer references training_session (id),
        day date not null,
        kind text not null check (kind in ('work', 'training', 'absence')),
        minutes integer not null default 0 check (minutes between -1440 and 1440),
        absence_code text check (absence_code in ('AJ', 'AI', 'M', 'AT', 'CP', 'EX', 'S', 'F')),
        overtime_reason text not null default '' check (length(overtime_reason) <= 300),
        -- A correction after validation is a new row, attributed and explained; the original stays.
        is_adjustment boolean not null default false,
        adjustment_reason text not null default '' check (length(adjustment_reason) <= 300),
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        foreign key (detainee_id, establishment_id) references detainee (id, establishment_id),
        check ((assignment_id is null) <> (enrollment_id is null)),
        check ((assignment_id is null) = (workshop_id is null)),
        check ((enrollment_id is null) = (session_id is null)),
        check ((kind = 'absence') = (absence_code is not null)),
        check (kind = 'absence' or is_adjustment or minutes > 0),
        check (not is_adjustment or length(btrim(adjustment_reason)) > 0)
      );
      create unique index time_entry_assignment_day on time_entry (assignment_id, day) where not is_adjustment and assignment_id is not null;
      create unique index time_entry_enrollment_day on time_entry (enrollment_id, day) where not is_adjustment and enrollment_id is not null;
      create index time_entry_month_idx on time_entry (establishment_id, day);
      create index time_entry_workshop_idx on time_entry (workshop_id, day);

      -- Validated is final: the entries of a validated week cannot change; corrections are new adjustment rows.
      -- The week row is created if missing and share-locked, so a validation waits for saves in flight
      -- (and a save waits for a validation): no entry slips into a week its validator never saw.
      create function time_entry_lock() returns trigger language plpgsql as $$
      declare
        subject time_entry%rowtype;
        monday date;
        state text;
      begin
        -- Moving an entry out of a week is a change of that week too.
        if tg_op = 'UPDATE' and (old.day <> new.day or old.workshop_id is distinct from new.workshop_id or old.session_id is distinct from new.session_id) then
          monday := old.day - (extract(isodow from old.day)::integer - 1);
          if exists (select 1 from timesheet_week w where w.week_start = monday and w.status = 'validated'
                       and (w.workshop_id = old.workshop_id or w.session_id = old.session_id)) then
            raise exception 'atelier: Cette semaine est validée : elle ne se modifie plus. Enregistrez un ajustement motivé.' using errcode = 'check_violation';
          end if;
        end if;
        subject := case when tg_op = 'DELETE' then old else new end;
        -- An entry belongs to the sheet of its assignment's workshop or its enrollment's session.
        if tg_op <> 'DELETE' and subject.assignment_id is not null and subject.workshop_id is distinct from
             (select p.workshop_id from assignment a join post p on p.id = a.post_id where a.id = subject.assignment_id) then
          raise exception 'atelier: Ce pointage ne correspond pas à l’atelier de l’affectation.' using errcode = 'check_violation';
        end if;
        if tg_op <> 'DELETE' and subject.enrollment_id is not null and subject.session_id is distinct from
             (select e.session_id from enrollment e where e.id = subject.enrollment_id) then
          raise exception 'atelier: Ce pointage ne correspond pas à la session de l’inscription.' using errcode = 'check_violation';
        end if;
        monday := subject.day - (extract(isodow from subject.day)::integer - 1);
        if subject.workshop_id is not null then
          insert into timesheet_week (establishment_id, workshop_id, week_start) values (subject.establishment_id, subject.workshop_id, monday)
            on conflict (workshop_id, week_start) where workshop_id is not null do nothing;
          select status into state from timesheet_week where workshop_id = subject.workshop_id and week_start = monday for share;
        else
          insert into timesheet_week (establishment_id, session_id, week_start) values (subject.establishment_id, subject.session_id, monday)
            on conflict (session_id, week_start) where session_id is not null do nothing;
          select status into state from timesheet_week where session_id = subject.session_id and week_start = monday for share;
        end if;
        if subject.is_adjustment and tg_op = 'INSERT' then
          if state <> 'validated' then
            raise exception 'atelier: Un ajustement ne porte que sur une semaine validée : corrigez directement la case.' using errcode = 'check_violation';
          end if;
          return new;
        end if;
        if state = 'validated' then
          raise exception 'atelier: Cette semaine est validée : elle ne se modifie plus. Enregistrez un ajustement motivé.' using errcode = 'check_violation';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$;
      create trigger time_entry_lock before insert or update or delete on time_entry
        for each row execute function time_entry_lock();

      create trigger smic_rate_audit after insert or update or delete on smic_rate for each row execute function audit_row_change();
      create trigger timesheet_week_audit after insert or update or delete on timesheet_week for each row execute function audit_row_change();
      create trigger time_entry_audit after insert or update or delete on time_entry for each row execute function audit_row_change();
    `);
  }
}
