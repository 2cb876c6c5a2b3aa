import { Migration } from '@mikro-orm/migrations';

/**
 * Committees (issue 20): the CPU, technical and steering committees, their members (users of
 * the app or external people), meetings with agenda, attendance and minutes, decisions numbered
 * per committee and year at approval, action items carried from meeting to meeting, the CPU
 * sitting's opinions, and each approved edition of the minutes kept with its PDF and SHA-256.
 *
 * Approved minutes are final: the database refuses any change to an approved meeting's items,
 * attendance, decisions, opinions and action updates, and to any edition once written; the only
 * way out of « approved » is an amendment (back to draft as the next edition, the approved
 * edition staying as it was).
 */
export class Migration20261130200000_committees extends Migration {
  override up(): void {
    this.addSql(`
      create table committee (
        id serial primary key,
        kind text not null check (kind in ('cpu', 'technical', 'departmental', 'regional', 'other')),
        name text not null check (length(btrim(name)) >= 2 and length(name) <= 120 and name !~ '[[:cntrl:]]'),
        -- The prefix of its decision numbers: CT-BREST → CT-BREST-2026-07.
        code text not null check (code ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$' and length(code) <= 24),
        -- Members present (or represented) needed for the committee to sit; null: no quorum.
        quorum integer check (quorum between 1 and 200),
        archived_at timestamptz,
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        version integer not null default 1,
        constraint committee_code_unique unique (code)
      );

      create table committee_establishment (
        committee_id integer not null references committee (id) on delete cascade,
        establishment_id integer not null references establishment (id),
        primary key (committee_id, establishment_id)
      );
      create index committee_establishment_establishment_idx on committee_establishment (establishment_id);

      create table committee_member (
        id serial primary key,
        committee_id integer not null references committee (id) on delete cascade,
        -- A user of the app, or an external member described by name, organisation, function and e-mail.
        user_id integer references app_user (id),
        name text not null default '' check (length(name) <= 120 and name !~ '[[:cntrl:]]'),
        organisation text not null default '' check (length(organisation) <= 160 and organisation !~ '[[:cntrl:]]'),
        function text not null default '' check (length(function) <= 120 and function !~ '[[:cntrl:]]'),
        email text not null default '' check (length(email) <= 254 and (email = '' or email ~ '^[^@[:space:]]+@[^@[:space:]]+$')),
        role text not null default 'member' check (role in ('chair', 'secretary', 'member')),
        left_at timestamptz,
        created_at timestamptz not null default now(),
        version integer not null default 1,
        constraint committee_member_who check ((user_id is not null and name = '') or (user_id is null and length(btrim(name)) >= 2)),
        constraint committee_member_user_unique unique (committee_id, user_id)
      );

      create table committee_meeting (
        id serial primary key,
        committee_id integer not null references committee (id),
        starts_at timestamptz not null,
        place text not null default '' check (length(place) <= 200 and place !~ '[[:cntrl:]]'),
        video_link text not null default '' check (length(video_link) <= 500 and (video_link = '' or video_link ~ '^https://[^[:space:]]+$')),
        status text not null default 'draft' check (status in ('draft', 'submitted', 'approved')),
        -- 1 for the first minutes; an amendment of approved minutes is the next edition.
        edition integer not null default 1 check (edition >= 1),
        submitted_at timestamptz,
        submitted_by_id integer references app_user (id),
        approved_on date,
        approved_at timestamptz,
        approved_by_id integer references app_user (id),
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        version integer not null default 1,
        constraint committee_meeting_approved check (status <> 'approved' or (approved_on is not null and approved_at is not null and approved_by_id is not null)),
        constraint committee_meeting_submitted check (status = 'draft' or submitted_at is not null)
      );
      create index committee_meeting_committee_idx on committee_meeting (committee_id, starts_at);

      create table meeting_item (
        id serial primary key,
        meeting_id integer not null references committee_meeting (id) on delete cascade,
        position integer not null check (position between 1 and 200),
        -- topic: an agenda item; follow_up: « Suivi des actions »; cpu: the CPU's candidacies.
        kind text not null default 'topic' check (kind in ('topic', 'follow_up', 'cpu')),
        title text not null check (length(btrim(title)) >= 2 and length(title) <= 200 and title !~ '[[:cntrl:]]'),
        presenter text not null default '' check (length(presenter) <= 120 and presenter !~ '[[:cntrl:]]'),
        expected_minutes integer check (expected_minutes between 1 and 600),
        -- The discussion: plain text, paragraphs and « - » lists, rendered escaped.
        discussion text not null default '' check (length(discussion) <= 20000),
        version integer not null default 1,
        constraint meeting_item_position_unique unique (meeting_id, position) deferrable initially deferred
      );

      create table meeting_attendance (
        meeting_id integer not null references committee_meeting (id) on delete cascade,
        member_id integer not null references committee_member (id) on delete cascade,
        status text not null check (status in ('present', 'excused', 'absent', 'represented')),
        represented_by text not null default '' check (length(represented_by) <= 120 and represented_by !~ '[[:cntrl:]]'),
        constraint meeting_attendance_represented check ((status = 'represented') = (length(btrim(represented_by)) >= 2)),
        primary key (meeting_id, member_id)
      );

      create table committee_decision (
        id serial primary key,
        committee_id integer not null references committee (id),
        meeting_id integer not null references committee_meeting (id) on delete cascade,
        item_id integer references meeting_item (id) on delete set null,
        text text not null check (length(btrim(text)) >= 2 and length(text) <= 2000),
        -- Numbered when the minutes are approved: per committee and year of the meeting, 1, 2, 3… without gap.
        year integer check (year between 2000 and 2200),
        number integer check (number between 1 and 9999),
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        version integer not null default 1,
        constraint committee_decision_numbered check ((year is null) = (number is null)),
        constraint committee_decision_number_unique unique (committee_id, year, number)
      );

      create table action_item (
        id serial primary key,
        committee_id integer not null references committee (id),
        -- The meeting and item where it was decided.
        meeting_id integer not null references committee_meeting (id) on delete cascade,
        item_id integer references meeting_item (id) on delete set null,
        title text not null check (length(btrim(title)) >= 2 and length(title) <= 300 and title !~ '[[:cntrl:]]'),
        owner_member_id integer references committee_member (id),
        due_on date,
        status text not null default 'open' check (status in ('open', 'in_progress', 'done', 'dropped')),
        comment text not null default '' check (length(comment) <= 1000),
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1
      );
      create index action_item_committee_idx on action_item (committee_id, status);
      create index action_item_owner_idx on action_item (owner_member_id, status);

      -- Every meeting that touched an action item: its status and comment then.
      create table action_update (
        id serial primary key,
        action_item_id integer not null references action_item (id) on delete cascade,
        meeting_id integer not null references committee_meeting (id) on delete cascade,
        status text not null check (status in ('open', 'in_progress', 'done', 'dropped')),
        comment text not null default '' check (length(comment) <= 1000),
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        constraint action_update_unique unique (action_item_id, meeting_id)
      );

      -- The CPU sitting: the opinion given on each candidacy in that meeting.
      create table cpu_opinion (
        id serial primary key,
        meeting_id integer not null references committee_meeting (id),
        candidacy_id integer not null references candidacy (id),
        opinion text not null check (opinion in ('favourable', 'unfavourable')),
        reason text not null default '' check (length(reason) <= 300 and reason !~ '[[:cntrl:]]'),
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        constraint cpu_opinion_candidacy_unique unique (candidacy_id)
      );

      -- Each approved edition of a meeting's minutes: what was approved (JSON) and the exact PDF bytes served ever after.
      create table minutes_edition (
        id serial primary key,
        meeting_id integer not null references committee_meeting (id),
        edition integer not null check (edition >= 1),
        content jsonb not null,
        pdf bytea not null,
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        approved_on date not null,
        approved_at timestamptz not null,
        approved_by_id integer not null references app_user (id),
        constraint minutes_edition_unique unique (meeting_id, edition)
      );

      -- Approved minutes are final (DOMAIN.md, Committees).
      create function committee_meeting_lock() returns trigger language plpgsql as $$
      begin
        if old.status = 'approved' and not (new.status = 'draft' and new.edition = old.edition + 1) then
          if row(new.committee_id, new.starts_at, new.place, new.video_link, new.status, new.edition, new.approved_on)
             is distinct from row(old.committee_id, old.starts_at, old.place, old.video_link, old.status, old.edition, old.approved_on) then
            raise exception 'atelier: Ce compte rendu est approuvé : il ne se modifie plus. Pour le corriger, créez une version modifiée.'
              using errcode = '23514', constraint = 'committee_meeting_lock';
          end if;
        end if;
        return new;
      end $$;
      create trigger committee_meeting_lock before update on committee_meeting
        for each row execute function committee_meeting_lock();

      create function committee_minutes_lock() returns trigger language plpgsql as $$
      declare
        meeting integer := case when tg_op = 'DELETE' then old.meeting_id else new.meeting_id end;
      begin
        if exists (select 1 from committee_meeting m where m.id = meeting and m.status = 'approved')
           or (tg_op = 'UPDATE' and old.meeting_id <> new.meeting_id
               and exists (select 1 from committee_meeting m where m.id = old.meeting_id and m.status = 'approved')) then
          raise exception 'atelier: Ce compte rendu est approuvé : il ne se modifie plus. Pour le corriger, créez une version modifiée.'
            using errcode = '23514', constraint = 'committee_minutes_lock';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$;
      create trigger meeting_item_lock before insert or update or delete on meeting_item
        for each row execute function committee_minutes_lock();
      create trigger meeting_attendance_lock before insert or update or delete on meeting_attendance
        for each row execute function committee_minutes_lock();
      create trigger action_update_lock before insert or update or delete on action_update
        for each row execute function committee_minutes_lock();
      create trigger cpu_opinion_lock before insert or update or delete on cpu_opinion
        for each row execute function committee_minutes_lock();

      -- A decision of approved minutes never changes, and a numbered one is never removed (no gap).
      create function committee_decision_lock() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.number is not null then
            raise exception 'atelier: Une décision numérotée ne se supprime pas : la numérotation reste sans trou.'
              using errcode = '23514', constraint = 'committee_decision_lock';
          end if;
          if exists (select 1 from committee_meeting m where m.id = old.meeting_id and m.status = 'approved') then
            raise exception 'atelier: Ce compte rendu est approuvé : il ne se modifie plus. Pour le corriger, créez une version modifiée.'
              using errcode = '23514', constraint = 'committee_decision_lock';
          end if;
          return old;
        end if;
        if tg_op = 'UPDATE' and old.number is not null and row(new.year, new.number) is distinct from row(old.year, old.number) then
          raise exception 'atelier: Le numéro d’une décision ne change plus une fois donné.'
            using errcode = '23514', constraint = 'committee_decision_lock';
        end if;
        -- Numbering happens in the approving transaction, before the meeting's status changes.
        if exists (select 1 from committee_meeting m where m.id = new.meeting_id and m.status = 'approved') then
          raise exception 'atelier: Ce compte rendu est approuvé : il ne se modifie plus. Pour le corriger, créez une version modifiée.'
            using errcode = '23514', constraint = 'committee_decision_lock';
        end if;
        return new;
      end $$;
      create trigger committee_decision_lock before insert or update or delete on committee_decision
        for each row execute function committee_decision_lock();

      -- What an action item asks, of whom and by when is set by the minutes that decided it.
      create function action_item_lock() returns trigger language plpgsql as $$
      begin
        if (tg_op = 'DELETE' or row(new.title, new.owner_member_id, new.due_on, new.meeting_id) is distinct from row(old.title, old.owner_member_id, old.due_on, old.meeting_id))
           and exists (select 1 from committee_meeting m where m.id = old.meeting_id and m.status = 'approved') then
          raise exception 'atelier: Cette action vient d’un compte rendu approuvé : son intitulé, son responsable et son échéance ne changent plus.'
            using errcode = '23514', constraint = 'action_item_lock';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$;
      create trigger action_item_lock before update or delete on action_item
        for each row execute function action_item_lock();

      create function minutes_edition_final() returns trigger language plpgsql as $$
      begin
        raise exception 'atelier: Une version approuvée du compte rendu ne se modifie ni ne se supprime.'
          using errcode = '23514', constraint = 'minutes_edition_final';
      end $$;
      create trigger minutes_edition_final before update or delete on minutes_edition
        for each row execute function minutes_edition_final();

      create trigger committee_audit after insert or update or delete on committee for each row execute function audit_row_change();
      create trigger committee_member_audit after insert or update or delete on committee_member for each row execute function audit_row_change();
      create trigger committee_meeting_audit after insert or update or delete on committee_meeting for each row execute function audit_row_change();
      create trigger committee_decision_audit after insert or update or delete on committee_decision for each row execute function audit_row_change();
      create trigger action_item_audit after insert or update or delete on action_item for each row execute function audit_row_change();
      create trigger cpu_opinion_audit after insert or update or delete on cpu_opinion for each row execute function audit_row_change();
    `);
  }
}
