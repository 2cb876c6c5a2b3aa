import { Migration } from '@mikro-orm/migrations';

/**
 * The app's own rights (issue 17, « an audit trail that holds against the app itself »).
 *
 * Migrations run as the role that owns the tables; the app connects as a login role member of
 * `atelier_app`, which may read and write the data and nothing more: no DDL (so no `alter table
 * … disable trigger`), no `TRUNCATE`, no `session_replication_role` (a superuser's setting), and
 * only `SELECT` on `audit_event`. Its rows are written by `audit_row_change`, now `SECURITY
 * DEFINER`: it runs as its owner (the migrations' role), whoever changed the audited row.
 *
 * Roles belong to the server, not to one database: created only when missing.
 */
export class Migration20261130140000_app_role extends Migration {
  override up(): void {
    this.addSql(`
      do $$
      begin
        if not exists (select 1 from pg_roles where rolname = 'atelier_app') then
          create role atelier_app nologin;
        end if;
      end $$;

      revoke create on schema public from public;
      grant usage on schema public to atelier_app;
      grant select, insert, update, delete on all tables in schema public to atelier_app;
      revoke insert, update, delete on audit_event from atelier_app;
      revoke insert, update, delete on mikro_orm_migrations from atelier_app;
      grant usage, select on all sequences in schema public to atelier_app;
      grant execute on all functions in schema public to atelier_app;
      alter default privileges in schema public grant select, insert, update, delete on tables to atelier_app;
      alter default privileges in schema public grant usage, select on sequences to atelier_app;
      alter default privileges in schema public grant execute on functions to atelier_app;

      alter function audit_row_change() security definer set search_path = public, pg_temp;
    `);
  }
}
