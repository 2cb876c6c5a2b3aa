import { Migration } from '@mikro-orm/migrations';

/**
 * The « Attestation de travail et de formation » (issue 22, item 6). `assignment_skill`: a
 * skill the workshop noted for a person on one of their assignments (its partner or the
 * establishment's coordinators), shown on the attestation. `attestation`: each attestation
 * issued, who issued it for whom and when, with the SHA-256 of the bytes served, so that the
 * person page lists them and a copy can be checked. Both audited.
 */
export class Migration20261130224000_attestations extends Migration {
  override up(): void {
    this.addSql(`
      create table assignment_skill (
        id serial primary key,
        establishment_id integer not null,
        assignment_id integer not null,
        label text not null,
        noted_on date not null,
        noted_by_id integer not null references app_user (id),
        created_at timestamptz not null default now(),
        constraint assignment_skill_assignment_fk foreign key (assignment_id, establishment_id) references assignment (id, establishment_id),
        constraint assignment_skill_label check (length(btrim(label)) between 2 and 120 and length(label) <= 120 and label !~ '[[:cntrl:]]')
      );
      create unique index assignment_skill_unique on assignment_skill (assignment_id, lower(btrim(label)));
      create trigger assignment_skill_audit after insert or update or delete on assignment_skill
        for each row execute function audit_row_change();

      create table attestation (
        id serial primary key,
        establishment_id integer not null,
        detainee_id integer not null,
        issued_by_id integer not null references app_user (id),
        issued_at timestamptz not null default now(),
        sha256 text not null,
        constraint attestation_detainee_fk foreign key (detainee_id, establishment_id) references detainee (id, establishment_id),
        constraint attestation_sha256 check (sha256 ~ '^[0-9a-f]{64}$')
      );
      create index attestation_detainee_idx on attestation (detainee_id, issued_at);
      create trigger attestation_audit after insert or update or delete on attestation
        for each row execute function audit_row_change();
    `);
  }
}
