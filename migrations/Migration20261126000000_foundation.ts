import { Migration } from '@mikro-orm/migrations';

/** Foundation: establishments, partners, accounts, sessions, login throttling and the audit trail. */
export class Migration20261126000000_foundation extends Migration {
  override up(): void {
    this.addSql(`
      create table app_setting (
        key text primary key,
        value text not null,
        updated_at timestamptz not null default now()
      );

      create table establishment (
        id serial primary key,
        name text not null check (length(btrim(name)) between 2 and 120),
        kind text not null check (kind in ('inserre', 'maison_arret', 'centre_penitentiaire', 'centre_detention')),
        city text not null check (length(btrim(city)) between 1 and 120),
        capacity integer not null check (capacity between 1 and 5000),
        archived_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1
      );
      create unique index establishment_name_unique on establishment (lower(name));

      create table partner (
        id serial primary key,
        name text not null check (length(btrim(name)) between 2 and 160),
        kind text not null check (kind in ('association', 'scop', 'aci', 'ei', 'entreprise', 'service_general')),
        archived_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1
      );
      create unique index partner_name_unique on partner (lower(name));

      create table app_user (
        id serial primary key,
        email text not null check (email = lower(btrim(email)) and email like '%_@_%'),
        display_name text not null check (length(btrim(display_name)) between 2 and 120),
        password_hash text not null,
        role text not null check (role in ('admin', 'coordinator', 'partner', 'committee')),
        partner_id integer references partner (id),
        active boolean not null default true,
        password_changed_at timestamptz not null default now(),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        constraint app_user_partner_matches_role check ((role = 'partner') = (partner_id is not null))
      );
      create unique index app_user_email_unique on app_user (email);
      create index app_user_partner_idx on app_user (partner_id);

      create table establishment_membership (
        user_id integer not null references app_user (id),
        establishment_id integer not null references establishment (id),
        primary key (user_id, establishment_id)
      );
      create index establishment_membership_establishment_idx on establishment_membership (establishment_id);

      create table user_session (
        token_hash text primary key,
        user_id integer not null references app_user (id),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        flash jsonb
      );
      create index user_session_user_idx on user_session (user_id);
      create index user_session_expires_idx on user_session (expires_at);

      create table login_attempt (
        id bigserial primary key,
        email text not null,
        ip text not null,
        succeeded boolean not null,
        attempted_at timestamptz not null default now()
      );
      create index login_attempt_email_idx on login_attempt (email, attempted_at);
      create index login_attempt_ip_idx on login_attempt (ip, attempted_at);

      create table audit_event (
        id bigserial primary key,
        occurred_at timestamptz not null default now(),
        actor_id integer references app_user (id),
        action text not null,
        entity text not null,
        entity_id text not null,
        establishment_id integer,
        before jsonb,
        after jsonb,
        request_id text
      );
      create index audit_event_occurred_idx on audit_event (occurred_at desc, id desc);
      create index audit_event_entity_idx on audit_event (entity, entity_id);
      create index audit_event_actor_idx on audit_event (actor_id);
      create index audit_event_establishment_idx on audit_event (establishment_id);
    `);

    // The audit trail is append-only, whoever connects: refuse UPDATE, DELETE and TRUNCATE.
    this.addSql(`
      create function audit_event_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'le journal d''audit est en ajout seul (audit_event is append-only): % refusé', tg_op
          using errcode = 'insufficient_privilege';
      end $$;
      create trigger audit_event_no_update_delete before update or delete on audit_event
        for each row execute function audit_event_refuse_change();
      create trigger audit_event_no_truncate before truncate on audit_event
        for each statement execute function audit_event_refuse_change();
    `);

    // One trigger writes the audit row of every change of an audited table, so that no code
    // path (a service, a script, a second instance) can change tenant data unrecorded.
    // The actor and request id come from transaction-local settings set by the app;
    // the trigger's arguments name columns never copied into the trail (password hashes).
    this.addSql(`
      create function audit_row_change() returns trigger language plpgsql as $$
      declare
        old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) - coalesce(tg_argv, '{}'::text[]) end;
        new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) - coalesce(tg_argv, '{}'::text[]) end;
        subject jsonb := coalesce(new_row, old_row);
        action text;
      begin
        if tg_op = 'UPDATE' and old_row = new_row then
          return null;
        end if;
        action := case
          when tg_op = 'INSERT' then 'create'
          when tg_op = 'DELETE' then 'delete'
          when old_row ->> 'archived_at' is null and new_row ->> 'archived_at' is not null then 'archive'
          when old_row ->> 'archived_at' is not null and new_row ->> 'archived_at' is null then 'restore'
          else 'update'
        end;
        insert into audit_event (actor_id, action, entity, entity_id, establishment_id, before, after, request_id)
        values (
          nullif(current_setting('atelier.actor_id', true), '')::integer,
          action,
          tg_table_name,
          coalesce(subject ->> 'id', concat_ws('/', subject ->> 'user_id', subject ->> 'establishment_id')),
          case when tg_table_name = 'establishment' then (subject ->> 'id')::integer
               else (subject ->> 'establishment_id')::integer end,
          old_row,
          new_row,
          nullif(current_setting('atelier.request_id', true), '')
        );
        return null;
      end $$;

      create trigger establishment_audit after insert or update or delete on establishment
        for each row execute function audit_row_change();
      create trigger partner_audit after insert or update or delete on partner
        for each row execute function audit_row_change();
      create trigger app_user_audit after insert or update or delete on app_user
        for each row execute function audit_row_change('password_hash');
      create trigger establishment_membership_audit after insert or update or delete on establishment_membership
        for each row execute function audit_row_change();
    `);
  }
}
