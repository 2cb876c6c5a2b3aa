import { Migration } from '@mikro-orm/migrations';

/**
 * An archived post holds no one (issue 17, item 2). The services check it before archiving,
 * but without a lock an assignment committed meanwhile slipped past; PostgreSQL now checks it
 * as the post row is archived, whoever writes (the app, a second instance, a script).
 *
 * The two sides queue on the post row: `assignment_guard` reads it `for share` before a new
 * assignment goes in, and archiving it takes its row lock before this trigger runs, so
 * whichever comes second sees the other's committed row and is refused.
 *
 * « Holds » is the services' `heldOnOrAfter(today)`: no end, or an end today or later, today
 * being the Paris day. Rows already in breach are not changed (restoring such a post still works).
 */
export class Migration20261130130000_post_archive_guard extends Migration {
  override up(): void {
    this.addSql(`
      create function post_archive_guard() returns trigger language plpgsql as $$
      begin
        if old.archived_at is null and new.archived_at is not null and exists (
             select 1 from assignment a
              where a.post_id = new.id and (a.ended_on is null or a.ended_on >= (now() at time zone 'Europe/Paris')::date)) then
          raise exception 'atelier: Le poste % est occupé : mettez fin à l’affectation avant de l’archiver.', new.code
            using errcode = 'check_violation';
        end if;
        return new;
      end $$;
      create trigger post_archive_guard before update of archived_at on post
        for each row execute function post_archive_guard();

      -- Nor does an ended contract come back to life on a post archived since (an end cancelled or moved later).
      create function assignment_archived_post() returns trigger language plpgsql as $$
      declare
        post_archived_at timestamptz;
      begin
        if old.ended_on is null or (new.ended_on is not null and (new.ended_on <= old.ended_on
             or new.ended_on < (now() at time zone 'Europe/Paris')::date)) then
          return new;
        end if;
        -- The post row locked like a new assignment does, so an archive in flight finishes first.
        select archived_at into post_archived_at from post where id = new.post_id for share;
        if post_archived_at is not null then
          raise exception 'atelier: Le poste de cette affectation est archivé : restaurez-le avant de prolonger l’affectation.'
            using errcode = 'check_violation';
        end if;
        return new;
      end $$;
      create trigger assignment_archived_post before update of ended_on on assignment
        for each row execute function assignment_archived_post();
    `);
  }
}
