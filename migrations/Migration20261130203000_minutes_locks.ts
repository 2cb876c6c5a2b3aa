import { Migration } from '@mikro-orm/migrations';

/**
 * Approved minutes, final in every way a review found open (issue 20, item 5):
 * - reopening approved minutes for a correction changes their status and edition only, never
 *   their committee, date, place or link in the same statement;
 * - no action item is added to approved minutes, and an action item decided in them keeps its
 *   committee, meeting, item, wording, owner and due date;
 * - an action item that a later meeting's approved minutes followed up keeps its wording, owner,
 *   due date and state as they were then, even while its own minutes are being corrected (its
 *   state moves on only through a later meeting's follow-up, written while that meeting's
 *   minutes are a draft).
 */
export class Migration20261130203000_minutes_locks extends Migration {
  override up(): void {
    this.addSql(`
      create or replace function committee_meeting_lock() returns trigger language plpgsql as $$
      begin
        if old.status = 'approved' then
          if new.status = 'draft' and new.edition = old.edition + 1 then
            if row(new.committee_id, new.starts_at, new.place, new.video_link) is distinct from row(old.committee_id, old.starts_at, old.place, old.video_link) then
              raise exception 'atelier: Une correction rouvre le compte rendu tel qu’il était : la date, le lieu et le comité ne changent pas en même temps.'
                using errcode = '23514', constraint = 'committee_meeting_lock';
            end if;
          elsif row(new.committee_id, new.starts_at, new.place, new.video_link, new.status, new.edition, new.approved_on)
                is distinct from row(old.committee_id, old.starts_at, old.place, old.video_link, old.status, old.edition, old.approved_on) then
            raise exception 'atelier: Ce compte rendu est approuvé : il ne se modifie plus. Pour le corriger, créez une version modifiée.'
              using errcode = '23514', constraint = 'committee_meeting_lock';
          end if;
        end if;
        return new;
      end $$;

      create or replace function action_item_lock() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          if exists (select 1 from committee_meeting m where m.id = new.meeting_id and m.status = 'approved') then
            raise exception 'atelier: Ce compte rendu est approuvé : il ne se modifie plus. Pour le corriger, créez une version modifiée.'
              using errcode = '23514', constraint = 'action_item_lock';
          end if;
          return new;
        end if;
        if (tg_op = 'DELETE'
            or row(new.committee_id, new.meeting_id, new.item_id, new.title, new.owner_member_id, new.due_on)
               is distinct from row(old.committee_id, old.meeting_id, old.item_id, old.title, old.owner_member_id, old.due_on))
           and exists (select 1 from committee_meeting m where m.id = old.meeting_id and m.status = 'approved') then
          raise exception 'atelier: Cette action vient d’un compte rendu approuvé : son intitulé, son responsable et son échéance ne changent plus.'
            using errcode = '23514', constraint = 'action_item_lock';
        end if;
        -- Followed up in a later meeting's approved minutes: what it was then stays true there.
        if tg_op = 'UPDATE'
           and row(new.title, new.owner_member_id, new.due_on) is distinct from row(old.title, old.owner_member_id, old.due_on)
           and exists (select 1 from action_update u join committee_meeting m on m.id = u.meeting_id
                        where u.action_item_id = old.id and u.meeting_id <> old.meeting_id and m.status = 'approved') then
          raise exception 'atelier: Cette action a été suivie dans un compte rendu approuvé depuis : son intitulé, son responsable et son échéance ne changent plus.'
            using errcode = '23514', constraint = 'action_item_lock';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$;
      drop trigger action_item_lock on action_item;
      create trigger action_item_lock before insert or update or delete on action_item
        for each row execute function action_item_lock();
    `);
  }
}
