import { Migration } from '@mikro-orm/migrations';

/**
 * People, candidacies and waiting lists, assignments to posts under a contract, their
 * suspensions, and training enrollments. The invariants are held here as well as in the
 * services: a second instance, a script or a race must not break them.
 */
export class Migration20261126200000_people extends Migration {
  override up(): void {
    this.addSql(`
      create extension if not exists btree_gist;
      create extension if not exists unaccent;

      create table detainee (
        id serial primary key,
        establishment_id integer not null references establishment (id),
        prison_number text not null check (prison_number ~ '^[0-9A-Z]{1,12}$'),
        last_name text not null check (length(btrim(last_name)) between 1 and 80),
        first_name text not null check (length(btrim(first_name)) between 1 and 80),
        birth_date date not null,
        arrival_date date not null,
        expected_release_date date,
        status text not null default 'present' check (status in ('present', 'released', 'transferred')),
        left_on date,
        left_reason text not null default '' check (length(left_reason) <= 300),
        officer_name text not null default '' check (length(officer_name) <= 120),
        officer_contact text not null default '' check (length(officer_contact) <= 120),
        cpip_name text not null default '' check (length(cpip_name) <= 120),
        cpip_contact text not null default '' check (length(cpip_contact) <= 120),
        referent_user_id integer references app_user (id),
        referent_name text not null default '' check (length(referent_name) <= 120),
        referent_contact text not null default '' check (length(referent_contact) <= 120),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        unique (id, establishment_id),
        check (birth_date < arrival_date),
        check (expected_release_date is null or expected_release_date >= arrival_date),
        check ((status = 'present') = (left_on is null)),
        check (left_on is null or left_on >= arrival_date)
      );
      create unique index detainee_prison_number_unique on detainee (establishment_id, prison_number);
      create index detainee_name_idx on detainee (establishment_id, lower(last_name), lower(first_name));

      alter table post add constraint post_id_establishment_unique unique (id, establishment_id);
      alter table training_session add constraint training_session_id_establishment_unique unique (id, establishment_id);

      create table candidacy (
        id serial primary key,
        establishment_id integer not null,
        detainee_id integer not null,
        target text not null check (target in ('workshop', 'post', 'session')),
        workshop_id integer references workshop (id),
        post_id integer references post (id),
        session_id integer references training_session (id),
        proposed_by text not null check (proposed_by in ('self', 'cpip', 'referent', 'partner')),
        submitted_on date not null,
        motivation text not null default '' check (length(motivation) <= 2000),
        status text not null default 'submitted' check (status in ('submitted', 'approved', 'assigned', 'refused', 'withdrawn', 'expired')),
        cpu_opinion text check (cpu_opinion in ('favourable', 'unfavourable')),
        cpu_on date,
        pinned_rank integer check (pinned_rank >= 1),
        pinned_reason text not null default '' check (length(pinned_reason) <= 300),
        pinned_by_id integer references app_user (id),
        pinned_at timestamptz,
        closed_on date,
        closed_reason text not null default '' check (length(closed_reason) <= 300),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        foreign key (detainee_id, establishment_id) references detainee (id, establishment_id),
        -- What is asked for belongs to the person's establishment.
        foreign key (workshop_id, establishment_id) references workshop (id, establishment_id),
        foreign key (post_id, establishment_id) references post (id, establishment_id),
        foreign key (session_id, establishment_id) references training_session (id, establishment_id),
        check ((target = 'workshop') = (workshop_id is not null)),
        check ((target = 'post') = (post_id is not null)),
        check ((target = 'session') = (session_id is not null)),
        check ((cpu_opinion is null) = (cpu_on is null)),
        check (status not in ('approved', 'assigned') or cpu_opinion = 'favourable'),
        check (cpu_on is null or cpu_on >= submitted_on)
      );
      create index candidacy_detainee_idx on candidacy (detainee_id);
      create index candidacy_waiting_idx on candidacy (establishment_id, status);

      create table assignment (
        id serial primary key,
        establishment_id integer not null,
        detainee_id integer not null,
        post_id integer not null,
        candidacy_id integer references candidacy (id),
        contract_reference text not null check (length(btrim(contract_reference)) between 1 and 40),
        starts_on date not null,
        contract_ends_on date,
        trial_ends_on date not null,
        trial_change_reason text not null default '' check (length(trial_change_reason) <= 300),
        weekly_minutes integer not null check (weekly_minutes between 600 and 2100),
        pay_category text not null check (pay_category in ('production', 'general_1', 'general_2', 'general_3')),
        confirmed_on date,
        ended_on date,
        end_reason text check (end_reason in ('release', 'transfer', 'resignation', 'end_of_contract', 'professional_insufficiency',
          'disciplinary_removal', 'unfitness', 'moved_to_another_post', 'workshop_closed', 'trial_not_conclusive', 'economic_reason')),
        end_note text not null default '' check (length(end_note) <= 300),
        -- What a release or transfer replaced, so that cancelling it restores a planned end.
        ended_on_before_leaving date,
        end_reason_before_leaving text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        foreign key (detainee_id, establishment_id) references detainee (id, establishment_id),
        check (contract_ends_on is null or contract_ends_on >= starts_on),
        check (trial_ends_on >= starts_on - 1), -- the day before the start: no trial period
        check ((ended_on is null) = (end_reason is null)),
        check (ended_on is null or ended_on >= starts_on),
        check (confirmed_on is null or confirmed_on >= starts_on),
        -- A post never holds two people on overlapping dates.
        constraint assignment_post_overlap exclude using gist (post_id with =, daterange(starts_on, ended_on, '[]') with &&),
        unique (id, establishment_id)
      );
      create index assignment_detainee_idx on assignment (detainee_id);
      create index assignment_establishment_idx on assignment (establishment_id, ended_on);
      alter table assignment add constraint assignment_post_establishment_fk foreign key (post_id, establishment_id) references post (id, establishment_id);

      create table assignment_suspension (
        id serial primary key,
        establishment_id integer not null,
        assignment_id integer not null,
        starts_on date not null,
        ends_on date,
        reason text not null check (reason in ('sickness', 'work_accident', 'disciplinary', 'court', 'transfer_pending', 'workshop_closure')),
        note text not null default '' check (length(note) <= 300),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        check (ends_on is null or ends_on >= starts_on),
        foreign key (assignment_id, establishment_id) references assignment (id, establishment_id),
        constraint suspension_overlap exclude using gist (assignment_id with =, daterange(starts_on, ends_on, '[]') with &&)
      );

      create table enrollment (
        id serial primary key,
        establishment_id integer not null,
        detainee_id integer not null,
        session_id integer not null,
        candidacy_id integer references candidacy (id),
        starts_on date not null,
        status text not null default 'enrolled' check (status in ('enrolled', 'completed', 'dropped')),
        ended_on date,
        certified boolean,
        drop_reason text not null default '' check (length(drop_reason) <= 300),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        foreign key (detainee_id, establishment_id) references detainee (id, establishment_id),
        foreign key (session_id, establishment_id) references training_session (id, establishment_id),
        check ((status = 'enrolled') = (ended_on is null)),
        check ((status = 'completed') = (certified is not null)),
        check (status <> 'dropped' or length(btrim(drop_reason)) > 0),
        check (ended_on is null or ended_on >= starts_on)
      );
      create unique index enrollment_once_per_session on enrollment (session_id, detainee_id) where status <> 'dropped';
      create index enrollment_detainee_idx on enrollment (detainee_id);
    `);

    // Cross-table rules, checked under row locks so that concurrent requests queue up.
    this.addSql(`
      create function assignment_guard() returns trigger language plpgsql as $$
      declare
        person detainee%rowtype;
        seat post%rowtype;
        other_minutes integer;
      begin
        select * into person from detainee where id = new.detainee_id for update;
        if new.starts_on < person.arrival_date then
          raise exception 'atelier: Une affectation ne peut pas commencer avant l’arrivée de la personne (le %).', to_char(person.arrival_date, 'DD/MM/YYYY')
            using errcode = 'check_violation';
        end if;
        if person.left_on is not null and (new.starts_on > person.left_on or new.ended_on is null or new.ended_on > person.left_on) then
          raise exception 'atelier: Une affectation ne peut pas courir après la sortie de la personne (le %).', to_char(person.left_on, 'DD/MM/YYYY')
            using errcode = 'check_violation';
        end if;
        if tg_op = 'INSERT' or new.post_id <> old.post_id then
          select * into seat from post where id = new.post_id for share;
          if seat.archived_at is not null or seat.status <> 'open' then
            raise exception 'atelier: Ce poste est gelé ou archivé : il ne peut pas recevoir d’affectation.' using errcode = 'check_violation';
          end if;
        end if;
        -- The most the person works at once during the new period: the load peaks on some start day.
        select coalesce(max(load), 0) into other_minutes from (
          select (select coalesce(sum(b.weekly_minutes), 0) from assignment b
                   where b.detainee_id = new.detainee_id and b.id <> coalesce(new.id, -1)
                     and daterange(b.starts_on, b.ended_on, '[]') @> d.day) as load
            from (select new.starts_on as day
                  union select a.starts_on from assignment a
                   where a.detainee_id = new.detainee_id and a.id <> coalesce(new.id, -1)
                     and daterange(a.starts_on, a.ended_on, '[]') && daterange(new.starts_on, new.ended_on, '[]')
                     and a.starts_on > new.starts_on) d
        ) loads;
        if other_minutes + new.weekly_minutes > 2100 then
          raise exception 'atelier: Avec cette affectation, la personne dépasserait 35 heures par semaine (temps plein) sur l’ensemble de ses postes.'
            using errcode = 'check_violation';
        end if;
        return new;
      end $$;
      create trigger assignment_guard before insert or update on assignment
        for each row execute function assignment_guard();

      create function enrollment_guard() returns trigger language plpgsql as $$
      declare
        run training_session%rowtype;
        taken integer;
        person detainee%rowtype;
      begin
        select * into run from training_session where id = new.session_id for update;
        if new.status <> 'dropped' and (tg_op = 'INSERT' or old.status = 'dropped') then
          if run.archived_at is not null then
            raise exception 'atelier: Cette session est archivée : elle ne reçoit plus d’inscription.' using errcode = 'check_violation';
          end if;
          select count(*) into taken from enrollment where session_id = new.session_id and status <> 'dropped' and id <> coalesce(new.id, -1);
          if taken >= run.places then
            raise exception 'atelier: La session est complète (% places).', run.places using errcode = 'check_violation';
          end if;
        end if;
        select * into person from detainee where id = new.detainee_id for update;
        if new.status <> 'dropped' and (new.starts_on < person.arrival_date or (person.left_on is not null and new.starts_on > person.left_on)) then
          raise exception 'atelier: Une inscription doit commencer pendant la présence de la personne dans l’établissement.' using errcode = 'check_violation';
        end if;
        return new;
      end $$;
      create trigger enrollment_guard before insert or update on enrollment
        for each row execute function enrollment_guard();

      -- A person who leaves holds nothing beyond that day: no open assignment, no running training.
      create function detainee_leaving_guard() returns trigger language plpgsql as $$
      begin
        if new.status <> 'present' and (
          exists (select 1 from assignment where detainee_id = new.id and (ended_on is null or ended_on > new.left_on))
          or exists (select 1 from enrollment where detainee_id = new.id and status = 'enrolled')
        ) then
          raise exception 'atelier: La personne détient encore une affectation ou une formation après la date de sortie : terminez-les d’abord.'
            using errcode = 'check_violation';
        end if;
        return null;
      end $$;
      -- Checked at commit, once everything the leaving ends has been written.
      create constraint trigger detainee_leaving_guard after update on detainee deferrable initially deferred
        for each row when (new.status <> 'present') execute function detainee_leaving_guard();
    `);

    this.addSql(`
      create trigger detainee_audit after insert or update or delete on detainee for each row execute function audit_row_change();
      create trigger candidacy_audit after insert or update or delete on candidacy for each row execute function audit_row_change();
      create trigger assignment_audit after insert or update or delete on assignment for each row execute function audit_row_change();
      create trigger assignment_suspension_audit after insert or update or delete on assignment_suspension for each row execute function audit_row_change();
      create trigger enrollment_audit after insert or update or delete on enrollment for each row execute function audit_row_change();
    `);
  }
}
