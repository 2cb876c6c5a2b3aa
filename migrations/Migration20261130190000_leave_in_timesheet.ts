import { Migration } from '@mikro-orm/migrations';

/**
 * Approved leave in the timesheet (issue 19, item 4). A day of an assignment is « on leave »
 * when an approved « Congé » request of that assignment covers it as a full day (Monday to
 * Friday, not the first day taken from the afternoon nor the last day kept to the morning).
 * Whoever writes (the grid, an import, a script, an approval racing a save), at commit:
 * - an ordinary entry (not an adjustment) coded CP stands on a day on leave;
 * - an ordinary entry on a day on leave is that CP absence (no hours typed over approved leave).
 * Checked from both sides: the entry as written (time_entry_leave_guard) and the request as
 * decided (leave_request_timesheet_guard: approving finds no other entry on its days, cancelling
 * leaves no CP behind). Both are deferred: the approval writes its status, then its entries;
 * the cancellation its status, then deletes its entries. Public holidays are not known to the
 * database: a holiday within approved leave counts as a day on leave here (the service writes
 * no CP there and locks the cell empty).
 */
export class Migration20261130190000_leave_in_timesheet extends Migration {
  override up(): void {
    this.addSql(`
      create function leave_day_of(assignment integer, on_day date) returns boolean language sql stable as $$
        select extract(isodow from on_day) < 6 and exists (
          select 1 from leave_request r
           where r.assignment_id = leave_day_of.assignment and r.reason = 'leave' and r.status = 'approved'
             and on_day between r.starts_on and r.ends_on
             and not (on_day = r.starts_on and r.starts_afternoon) and not (on_day = r.ends_on and r.ends_morning))
      $$;

      create function time_entry_leave_guard() returns trigger language plpgsql as $$
      declare
        entry time_entry%rowtype;
      begin
        -- Read again at commit: the row as it stands then (changed or deleted since) is what counts.
        select * into entry from time_entry where id = new.id;
        if not found or entry.is_adjustment or entry.assignment_id is null then
          return null;
        end if;
        if entry.absence_code = 'CP' and not leave_day_of(entry.assignment_id, entry.day) then
          raise exception 'atelier: Le code CP (congé) demande une demande de congé approuvée pour ce jour (le %) : faites la demande.',
            to_char(entry.day, 'DD/MM/YYYY') using errcode = 'check_violation';
        end if;
        if entry.absence_code is distinct from 'CP' and leave_day_of(entry.assignment_id, entry.day) then
          raise exception 'atelier: Congé approuvé le % : cette case ne prend pas d’heures ; pour la modifier, la coordination annule la demande.',
            to_char(entry.day, 'DD/MM/YYYY') using errcode = 'check_violation';
        end if;
        return null;
      end $$;
      create constraint trigger time_entry_leave_guard after insert or update of day, kind, absence_code, assignment_id, is_adjustment on time_entry
        deferrable initially deferred for each row when (not new.is_adjustment and new.assignment_id is not null)
        execute function time_entry_leave_guard();

      create function leave_request_timesheet_guard() returns trigger language plpgsql as $$
      declare
        request leave_request%rowtype;
        found_day date;
        found_code text;
      begin
        select * into request from leave_request where id = new.id;
        if not found then
          return null;
        end if;
        select e.day, e.absence_code into found_day, found_code from time_entry e
         where e.assignment_id = request.assignment_id and not e.is_adjustment and e.day between request.starts_on and request.ends_on
           and (e.absence_code is not distinct from 'CP') <> leave_day_of(e.assignment_id, e.day)
         order by e.day limit 1;
        if found_day is null then
          return null;
        end if;
        if found_code = 'CP' then
          raise exception 'atelier: Le % porte encore le code CP sans congé approuvé : retirez-le de la feuille de temps.',
            to_char(found_day, 'DD/MM/YYYY') using errcode = 'check_violation';
        end if;
        raise exception 'atelier: Des heures sont saisies le % pour cette personne : effacez-les dans la feuille de temps ou modifiez la demande avant d’approuver.',
          to_char(found_day, 'DD/MM/YYYY') using errcode = 'check_violation';
      end $$;
      create constraint trigger leave_request_timesheet_guard after insert or update of status, starts_on, ends_on, starts_afternoon, ends_morning, assignment_id, reason
        on leave_request deferrable initially deferred for each row when (new.reason = 'leave')
        execute function leave_request_timesheet_guard();
    `);
  }
}
