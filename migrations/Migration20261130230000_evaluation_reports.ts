import { Migration } from '@mikro-orm/migrations';

/**
 * The « Rapport d'évaluation » (issue 22, items 3 to 5). `evaluation_report`: one generation of
 * an establishment's report for a period, from its request (queued, running, with its step and
 * progress, as a pg-boss job) to its draft (the figures snapshot, the data version they were read
 * at, the PDF and its SHA-256) and its sharing with the committee, after which nothing of it
 * changes (trigger). `evaluation_report_comment`: the reviewing coordinator's comment on a
 * section, only while the report is a draft (trigger, under the report's row lock, so that a
 * comment and the sharing never cross). Both audited, without the PDF's bytes and the figures
 * (they have their hashes) nor the progress ticks.
 */
export class Migration20261130230000_evaluation_reports extends Migration {
  override up(): void {
    this.addSql(`
      create table evaluation_report (
        id serial primary key,
        establishment_id integer not null references establishment (id),
        period text not null,
        period_from date not null,
        period_to date not null,
        version integer not null,
        status text not null default 'queued',
        step text not null default '',
        progress integer not null default 0,
        attempts integer not null default 0,
        error text not null default '',
        requested_by_id integer not null references app_user (id),
        requested_at timestamptz not null default now(),
        generated_at timestamptz,
        data_version text,
        figures jsonb,
        figures_sha256 text,
        pdf bytea,
        pdf_sha256 text,
        shared_by_id integer references app_user (id),
        shared_at timestamptz,
        constraint evaluation_report_status check (status in ('queued', 'running', 'failed', 'draft', 'shared')),
        constraint evaluation_report_period check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2]|T[1-4]))?$' and period_to >= period_from),
        constraint evaluation_report_version check (version >= 1),
        constraint evaluation_report_progress check (progress between 0 and 100),
        constraint evaluation_report_step check (length(step) <= 120 and length(error) <= 500),
        constraint evaluation_report_generated check (
          (status in ('draft', 'shared')) = (generated_at is not null and data_version is not null and figures is not null
            and figures_sha256 is not null and pdf is not null and pdf_sha256 is not null)),
        constraint evaluation_report_hashes check (figures_sha256 ~ '^[0-9a-f]{64}$' and pdf_sha256 ~ '^[0-9a-f]{64}$'),
        constraint evaluation_report_shared check ((status = 'shared') = (shared_by_id is not null and shared_at is not null)),
        constraint evaluation_report_id_establishment unique (id, establishment_id),
        constraint evaluation_report_unique_version unique (establishment_id, period, version)
      );
      -- One generation at a time for an establishment and a period: a second request finds the first.
      create unique index evaluation_report_one_pending on evaluation_report (establishment_id, period) where status in ('queued', 'running');
      create index evaluation_report_list_idx on evaluation_report (establishment_id, period_from desc, version desc);

      create function evaluation_report_guard() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.status = 'shared' then
            raise exception 'evaluation_report %: a shared report is frozen', old.id using errcode = 'check_violation';
          end if;
          return old;
        end if;
        if old.status = 'shared' then
          raise exception 'evaluation_report %: a shared report is frozen', old.id using errcode = 'check_violation';
        end if;
        if new.establishment_id <> old.establishment_id or new.period <> old.period or new.period_from <> old.period_from
           or new.period_to <> old.period_to or new.version <> old.version or new.requested_by_id <> old.requested_by_id
           or new.requested_at <> old.requested_at then
          raise exception 'evaluation_report %: its parameters never change', old.id using errcode = 'check_violation';
        end if;
        -- A draft's figures are what the reviewer read: sharing re-renders its PDF (with the comments), nothing else.
        if old.status = 'draft' and (new.status not in ('draft', 'shared') or new.figures is distinct from old.figures
           or new.figures_sha256 is distinct from old.figures_sha256 or new.data_version is distinct from old.data_version
           or new.generated_at is distinct from old.generated_at) then
          raise exception 'evaluation_report %: a draft''s figures never change', old.id using errcode = 'check_violation';
        end if;
        if new.status = 'shared' and old.status <> 'draft' then
          raise exception 'evaluation_report %: only a draft is shared', old.id using errcode = 'check_violation';
        end if;
        return new;
      end $$;
      create trigger evaluation_report_frozen before update or delete on evaluation_report
        for each row execute function evaluation_report_guard();
      create trigger evaluation_report_audit after insert or update or delete on evaluation_report
        for each row execute function audit_row_change('pdf', 'figures', 'step', 'progress');

      create table evaluation_report_comment (
        id serial primary key,
        establishment_id integer not null,
        report_id integer not null,
        section text not null,
        body text not null,
        author_id integer not null references app_user (id),
        updated_at timestamptz not null default now(),
        constraint evaluation_report_comment_report_fk foreign key (report_id, establishment_id)
          references evaluation_report (id, establishment_id) on delete cascade,
        constraint evaluation_report_comment_section check (section ~ '^[a-z0-9-]{1,40}$'),
        constraint evaluation_report_comment_body check (length(btrim(body)) between 1 and 2000 and length(body) <= 2000),
        constraint evaluation_report_comment_unique unique (report_id, section)
      );
      create function evaluation_report_comment_guard() returns trigger language plpgsql as $$
      declare
        report_status text;
      begin
        if tg_op = 'UPDATE' and (new.report_id <> old.report_id or new.section <> old.section) then
          raise exception 'evaluation_report_comment: a comment stays on its report and section' using errcode = 'check_violation';
        end if;
        -- The report's row lock orders a comment against the sharing: whichever comes second sees the other.
        select status into report_status from evaluation_report where id = coalesce(new.report_id, old.report_id) for share;
        if report_status is distinct from 'draft' and not (tg_op = 'DELETE' and report_status is null) then
          raise exception 'evaluation_report_comment: the report is not a draft (%)', coalesce(report_status, 'none')
            using errcode = 'check_violation';
        end if;
        return coalesce(new, old);
      end $$;
      create trigger evaluation_report_comment_draft_only before insert or update or delete on evaluation_report_comment
        for each row execute function evaluation_report_comment_guard();
      create trigger evaluation_report_comment_audit after insert or update or delete on evaluation_report_comment
        for each row execute function audit_row_change();
    `);
  }
}
