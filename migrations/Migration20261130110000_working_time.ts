import { Migration } from '@mikro-orm/migrations';

/**
 * Working time that holds: the establishment's settings with effective dates (defaults from
 * the code pénitentiaire when none), Alsace-Moselle's holidays, the reason for work on a
 * public holiday or a Sunday, and the daily, weekly and days-a-week limits checked again by
 * PostgreSQL at commit, across all of a person's sheets (R412-51), so that no second writer
 * nor script can pass them.
 */
export class Migration20261130110000_working_time extends Migration {
  override up(): void {
    this.addSql(`
      alter table establishment add column alsace_moselle boolean not null default false;

      -- R412-61, R412-62: why someone works on a Sunday (urgent works) or a public holiday.
      alter table time_entry add column day_reason text not null default '' check (length(day_reason) <= 300);

      create table working_time_setting (
        id serial primary key,
        establishment_id integer not null references establishment (id),
        effective_from date not null,
        max_daily_minutes integer not null check (max_daily_minutes between 60 and 600),
        max_weekly_minutes integer not null check (max_weekly_minutes between 60 and 2880),
        max_worked_days integer not null check (max_worked_days between 1 and 6),
        full_time_minutes integer not null check (full_time_minutes between 60 and 2100),
        overtime_first_tier_minutes integer not null check (overtime_first_tier_minutes between 0 and 2880),
        overtime_first_tier_percent integer not null check (overtime_first_tier_percent between 25 and 100),
        overtime_beyond_percent integer not null check (overtime_beyond_percent between 50 and 100),
        yearly_overtime_cap_minutes integer not null check (yearly_overtime_cap_minutes between 0 and 13200),
        complementary_first_tier_percent integer not null check (complementary_first_tier_percent between 10 and 100),
        complementary_second_tier_percent integer not null check (complementary_second_tier_percent between 25 and 100),
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        constraint working_time_setting_establishment_from unique (establishment_id, effective_from)
      );
      create trigger working_time_setting_audit after insert or update or delete on working_time_setting
        for each row execute function audit_row_change();

      -- At commit, the person's ISO week of the saved entry, all sheets together: no day over the
      -- daily limit, no week over the weekly one, no more worked days than allowed.
      create function time_entry_limits() returns trigger language plpgsql as $$
      declare
        monday date := date_trunc('week', new.day)::date;
        max_daily integer := 600;
        max_weekly integer := 2880;
        max_days integer := 6;
        worst integer;
        total integer;
        worked integer;
      begin
        if new.kind = 'absence' then return null; end if;
        select s.max_daily_minutes, s.max_weekly_minutes, s.max_worked_days into max_daily, max_weekly, max_days
          from working_time_setting s
          where s.establishment_id = new.establishment_id and s.effective_from <= new.day
          order by s.effective_from desc limit 1;
        if not found then max_daily := 600; max_weekly := 2880; max_days := 6; end if;
        select coalesce(max(m), 0), coalesce(sum(m), 0), count(*) filter (where m > 0) into worst, total, worked
          from (
            select sum(e.minutes) as m from time_entry e
            where e.detainee_id = new.detainee_id and e.kind in ('work', 'training')
              and e.day between monday and monday + 6
            group by e.day
          ) d;
        if worst > max_daily then
          raise exception 'atelier: Une journée compterait % min de travail et de formation : au plus % min par jour (code pénitentiaire, art. R412-51).', worst, max_daily;
        end if;
        if total > max_weekly then
          raise exception 'atelier: La semaine compterait % min : au plus % min par semaine (code pénitentiaire, art. R412-51).', total, max_weekly;
        end if;
        if worked > max_days then
          raise exception 'atelier: % jours travaillés dans la semaine : au plus %, le repos hebdomadaire est obligatoire (code pénitentiaire, art. R412-51 et R412-61).', worked, max_days;
        end if;
        return null;
      end $$;
      create constraint trigger time_entry_limits after insert or update of minutes, day, kind, detainee_id on time_entry
        deferrable initially deferred for each row execute function time_entry_limits();
    `);
  }
}
