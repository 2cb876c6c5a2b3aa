import { Migration } from '@mikro-orm/migrations';

/**
 * The ESS partners' space (issue 21):
 * - the activity log (« Journal d'activité »): one row per thing a partner records for one of
 *   its workshops on one day, its fields required by its kind (a check per kind); written by
 *   the workshop's partner of the day (`partner_id`, so that a workshop handed to another
 *   partner keeps its old log to the old one); changed or removed only within 7 days of being
 *   written (trigger `activity_entry_window`), then corrected by a new row pointing to the old
 *   one (`corrects_id`, one correction per row);
 * - « Semaine complète »: the partner tells the coordinator a week is ready to validate
 *   (`timesheet_week.completed_at`, `completed_by_id`, both or neither);
 * - the partner's profile: address and website, contacts, agreements with an establishment
 *   (dates, ends on or after it starts), a partner administrator flag on accounts (partners
 *   only), and invitations of colleagues by a one-time link (only its SHA-256 is stored),
 *   used once, by one new account, before it expires.
 */
export class Migration20261130210000_partners_space extends Migration {
  override up(): void {
    this.addSql(`
      alter table partner
        add column address text not null default '' check (length(address) <= 300),
        add column website text not null default '' check (length(website) <= 200),
        add column description text not null default '' check (length(description) <= 1000);

      alter table app_user add column partner_admin boolean not null default false;
      alter table app_user add constraint app_user_partner_admin check (not partner_admin or (role = 'partner' and partner_id is not null));

      alter table timesheet_week
        add column completed_at timestamptz,
        add column completed_by_id integer references app_user (id);
      alter table timesheet_week add constraint timesheet_week_completed check ((completed_at is null) = (completed_by_id is null));

      create table partner_contact (
        id serial primary key,
        partner_id integer not null references partner (id),
        name text not null check (length(btrim(name)) between 2 and 120),
        function text not null default '' check (length(function) <= 120),
        email text not null default '' check (length(email) <= 254),
        phone text not null default '' check (length(phone) <= 40),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1
      );
      create index partner_contact_partner_idx on partner_contact (partner_id);

      create table partner_agreement (
        id serial primary key,
        partner_id integer not null references partner (id),
        establishment_id integer not null references establishment (id),
        reference text not null check (length(btrim(reference)) between 2 and 80),
        title text not null default '' check (length(title) <= 200),
        starts_on date not null,
        ends_on date not null,
        signed_on date,
        notes text not null default '' check (length(notes) <= 1000),
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        constraint partner_agreement_dates check (ends_on >= starts_on)
      );
      create unique index partner_agreement_reference_unique on partner_agreement (partner_id, establishment_id, lower(reference));
      create index partner_agreement_ends_idx on partner_agreement (establishment_id, ends_on);

      create table partner_invitation (
        id serial primary key,
        partner_id integer not null references partner (id),
        email text not null check (length(email) between 3 and 254 and email = lower(btrim(email))),
        display_name text not null check (length(btrim(display_name)) between 2 and 120),
        token_hash text not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        used_by_id integer references app_user (id),
        revoked_at timestamptz,
        created_by_id integer not null references app_user (id),
        created_at timestamptz not null default now(),
        constraint partner_invitation_used check ((used_at is null) = (used_by_id is null)),
        constraint partner_invitation_closed check (used_at is null or revoked_at is null),
        constraint partner_invitation_expiry check (expires_at > created_at)
      );
      create unique index partner_invitation_pending_unique on partner_invitation (partner_id, email) where used_at is null and revoked_at is null;

      create table activity_entry (
        id serial primary key,
        establishment_id integer not null,
        workshop_id integer not null,
        partner_id integer not null references partner (id),
        day date not null,
        kind text not null check (kind in ('production', 'training', 'event', 'incident', 'meeting', 'other')),
        quantity numeric(12, 2),
        unit text not null default '' check (length(unit) <= 40),
        customer_kind text check (customer_kind in ('public', 'company', 'individual', 'internal')),
        topic text not null default '' check (length(topic) <= 200),
        minutes integer,
        participants integer,
        visitor_kind text check (visitor_kind in ('employer', 'official', 'family', 'funder', 'training_body', 'other')),
        severity text check (severity in ('minor', 'moderate', 'serious')),
        description text not null default '' check (length(description) <= 500 and description !~ '[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]'),
        corrects_id integer unique references activity_entry (id),
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        foreign key (workshop_id, establishment_id) references workshop (id, establishment_id),
        constraint activity_entry_fields check (
          case kind
            when 'production' then quantity > 0 and length(btrim(unit)) >= 1 and customer_kind is not null
                                   and minutes is null and participants is null and visitor_kind is null and severity is null
            when 'training' then length(btrim(topic)) >= 2 and minutes between 1 and 1440 and participants between 1 and 500
                                 and quantity is null and customer_kind is null and visitor_kind is null and severity is null
            when 'event' then visitor_kind is not null
                              and quantity is null and customer_kind is null and minutes is null and participants is null and severity is null
            when 'incident' then severity is not null and length(btrim(description)) >= 3
                                 and quantity is null and customer_kind is null and minutes is null and participants is null and visitor_kind is null
            when 'meeting' then length(btrim(topic)) >= 2
                                and quantity is null and customer_kind is null and minutes is null and participants is null and visitor_kind is null and severity is null
            else length(btrim(description)) >= 3
                 and quantity is null and customer_kind is null and minutes is null and participants is null and visitor_kind is null and severity is null
          end),
        constraint activity_entry_not_itself check (corrects_id is null or corrects_id <> id)
      );
      create index activity_entry_workshop_day_idx on activity_entry (workshop_id, day);
      create index activity_entry_establishment_day_idx on activity_entry (establishment_id, day);
      create index activity_entry_partner_day_idx on activity_entry (partner_id, day);

      -- Written less than 7 days ago: changed or removed; after that, corrected by a new entry.
      -- A correction belongs to the same workshop as the entry it corrects.
      create or replace function activity_entry_window() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and old.created_at < now() - interval '7 days' then
          raise exception 'atelier: Cette entrée a plus de 7 jours : elle ne se modifie plus. Ajoutez une correction qui la remplace.'
            using errcode = '23514', constraint = 'activity_entry_window';
        end if;
        if tg_op = 'UPDATE' and (new.created_at, new.workshop_id, new.partner_id, new.corrects_id)
                                  is distinct from (old.created_at, old.workshop_id, old.partner_id, old.corrects_id) then
          raise exception 'atelier: Une entrée du journal garde son atelier, sa structure et sa date d’écriture.'
            using errcode = '23514', constraint = 'activity_entry_window';
        end if;
        if tg_op = 'INSERT' and new.corrects_id is not null
           and not exists (select 1 from activity_entry o where o.id = new.corrects_id and o.workshop_id = new.workshop_id) then
          raise exception 'atelier: Une correction remplace une entrée du même atelier.'
            using errcode = '23514', constraint = 'activity_entry_window';
        end if;
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end $$;
      create trigger activity_entry_window before insert or update or delete on activity_entry
        for each row execute function activity_entry_window();

      create trigger partner_contact_audit after insert or update or delete on partner_contact
        for each row execute function audit_row_change();
      create trigger partner_agreement_audit after insert or update or delete on partner_agreement
        for each row execute function audit_row_change();
      create trigger partner_invitation_audit after insert or update or delete on partner_invitation
        for each row execute function audit_row_change('token_hash');
      create trigger activity_entry_audit after insert or update or delete on activity_entry
        for each row execute function audit_row_change();
    `);
  }
}
