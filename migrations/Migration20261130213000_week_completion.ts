import { Migration } from '@mikro-orm/migrations';

/**
 * « Semaine complète » (issue 21): the partner's signal says « what you will validate is what
 * we entered ». Any change of a cell of the week afterwards (whoever makes it, by the grid,
 * the whole-week form, the copy of last week, an import, a leave decision) clears the signal
 * in the same transaction, and so does reopening a validated week: the partner signals again.
 *
 * The trigger runs before `time_entry_lock` (triggers fire in name order) and takes the week
 * row for update: a signal in flight (which holds the row while it counts the missing cells)
 * finishes first and is then cleared; a save in flight finishes before a signal counts.
 */
export class Migration20261130213000_week_completion extends Migration {
  override up(): void {
    this.addSql(`
      create function time_entry_completion() returns trigger language plpgsql as $$
      declare
        subject time_entry%rowtype;
        monday date;
        completed timestamptz;
      begin
        subject := case when tg_op = 'DELETE' then old else new end;
        if subject.workshop_id is null or subject.is_adjustment then
          return subject;
        end if;
        monday := subject.day - (extract(isodow from subject.day)::integer - 1);
        insert into timesheet_week (establishment_id, workshop_id, week_start) values (subject.establishment_id, subject.workshop_id, monday)
          on conflict (workshop_id, week_start) where workshop_id is not null do nothing;
        select completed_at into completed from timesheet_week
         where workshop_id = subject.workshop_id and week_start = monday and status = 'open' for no key update;
        if completed is not null then
          update timesheet_week set completed_at = null, completed_by_id = null, updated_at = now()
           where workshop_id = subject.workshop_id and week_start = monday;
        end if;
        -- An entry moved out of a week changes that week too.
        if tg_op = 'UPDATE' and old.workshop_id is not null and not old.is_adjustment
           and (old.day <> new.day or old.workshop_id is distinct from new.workshop_id) then
          update timesheet_week set completed_at = null, completed_by_id = null, updated_at = now()
           where workshop_id = old.workshop_id and week_start = old.day - (extract(isodow from old.day)::integer - 1)
             and status = 'open' and completed_at is not null;
        end if;
        return subject;
      end $$;
      create trigger time_entry_completion before insert or update or delete on time_entry
        for each row execute function time_entry_completion();

      create function timesheet_week_reopen_completion() returns trigger language plpgsql as $$
      begin
        if old.status = 'validated' and new.status = 'open' then
          new.completed_at := null;
          new.completed_by_id := null;
        end if;
        return new;
      end $$;
      create trigger timesheet_week_reopen_completion before update of status on timesheet_week
        for each row execute function timesheet_week_reopen_completion();
    `);
  }
}
