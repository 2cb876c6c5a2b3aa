import { Migration } from '@mikro-orm/migrations';

/** Set-up of an establishment: partners' details, workshops, posts, pay floors, training. */
export class Migration20261126100000_workshops extends Migration {
  override up(): void {
    this.addSql(`
      alter table partner
        add column siret text check (siret ~ '^[0-9]{14}$'),
        add column contact_name text not null default '' check (length(contact_name) <= 120),
        add column contact_email text not null default '' check (length(contact_email) <= 254),
        add column contact_phone text not null default '' check (length(contact_phone) <= 30);
      create unique index partner_siret_unique on partner (siret) where siret is not null;

      -- Pay floors as a share of the SMIC hourly gross, with effective dates (code pénitentiaire D412-64).
      create table pay_floor (
        id serial primary key,
        category text not null check (category in ('production', 'general_1', 'general_2', 'general_3')),
        effective_from date not null,
        floor_basis_points integer not null check (floor_basis_points between 1 and 10000),
        created_at timestamptz not null default now(),
        unique (category, effective_from)
      );
      insert into pay_floor (category, effective_from, floor_basis_points) values
        ('production', '2022-05-01', 4500),
        ('general_1', '2022-05-01', 3300),
        ('general_2', '2022-05-01', 2500),
        ('general_3', '2022-05-01', 2000);

      create table workshop (
        id serial primary key,
        establishment_id integer not null references establishment (id),
        partner_id integer not null references partner (id),
        name text not null check (length(btrim(name)) between 2 and 120),
        activity text not null check (length(btrim(activity)) between 2 and 200),
        iae_type text not null check (iae_type in ('aci', 'ei', 'none')),
        opening_hours text not null default '' check (length(opening_hours) <= 300),
        archived_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        unique (id, establishment_id)
      );
      create unique index workshop_name_unique on workshop (establishment_id, lower(name));
      create index workshop_partner_idx on workshop (partner_id);

      create table post (
        id serial primary key,
        establishment_id integer not null references establishment (id),
        workshop_id integer not null,
        title text not null check (length(btrim(title)) between 2 and 120),
        code text not null check (code ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$' and length(code) between 3 and 20),
        weekly_minutes integer not null check (weekly_minutes between 600 and 2100),
        pay_category text not null check (pay_category in ('production', 'general_1', 'general_2', 'general_3')),
        status text not null default 'open' check (status in ('open', 'frozen')),
        archived_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        -- A post belongs to the establishment of its workshop, never another.
        foreign key (workshop_id, establishment_id) references workshop (id, establishment_id)
      );
      create unique index post_code_unique on post (establishment_id, code);
      create index post_workshop_idx on post (workshop_id);

      create table training_programme (
        id serial primary key,
        title text not null check (length(btrim(title)) between 2 and 160),
        provider text not null check (length(btrim(provider)) between 2 and 160),
        certification_code text check (certification_code ~ '^(RNCP|RS)[0-9]{3,6}$'),
        hours integer not null check (hours between 1 and 3000),
        archived_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1
      );
      create unique index training_programme_title_unique on training_programme (lower(title), lower(provider));

      create table training_session (
        id serial primary key,
        establishment_id integer not null references establishment (id),
        programme_id integer not null references training_programme (id),
        starts_on date not null,
        ends_on date not null,
        places integer not null check (places between 1 and 500),
        paid boolean not null default false,
        archived_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        check (ends_on >= starts_on)
      );
      create index training_session_establishment_idx on training_session (establishment_id, starts_on);
      create index training_session_programme_idx on training_session (programme_id);

      create trigger pay_floor_audit after insert or update or delete on pay_floor
        for each row execute function audit_row_change();
      create trigger workshop_audit after insert or update or delete on workshop
        for each row execute function audit_row_change();
      create trigger post_audit after insert or update or delete on post
        for each row execute function audit_row_change();
      create trigger training_programme_audit after insert or update or delete on training_programme
        for each row execute function audit_row_change();
      create trigger training_session_audit after insert or update or delete on training_session
        for each row execute function audit_row_change();
    `);
  }
}
