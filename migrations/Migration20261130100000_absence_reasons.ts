import { Migration } from '@mikro-orm/migrations';

/**
 * Absence reasons as reference data per establishment, with effective dates (code pénitentiaire
 * D412-32 for the legitimate absences; sickness and work accidents suspend the contract). The
 * fixed list of codes checked on time_entry gives way to a trigger that the code is a reason
 * of the entry's establishment in force on its day.
 */
export class Migration20261130100000_absence_reasons extends Migration {
  override up(): void {
    this.addSql(`
      create table absence_reason (
        id serial primary key,
        establishment_id integer not null references establishment (id),
        code text not null constraint absence_reason_code_check check (code ~ '^[A-Z]{1,6}$'),
        label text not null constraint absence_reason_label_check check (length(btrim(label)) between 2 and 120),
        legal_item text constraint absence_reason_legal_item_check check (length(legal_item) between 1 and 200),
        justified boolean not null default true,
        paid boolean not null default false,
        counts_for_leave boolean not null default false,
        requires_suspension boolean not null default false,
        -- false: the code is closed from effective_from (no longer typed; older entries keep it).
        offered boolean not null default true,
        effective_from date not null,
        created_by_id integer references app_user (id),
        created_at timestamptz not null default now(),
        constraint absence_reason_version_unique unique (establishment_id, code, effective_from)
      );

      -- The list every establishment starts with (none paid: DOMAIN.md), from the given day.
      create function absence_reason_seed(establishment integer, from_day date) returns void language sql as $$
        insert into absence_reason (establishment_id, code, label, legal_item, justified, counts_for_leave, requires_suspension, offered, effective_from)
        select establishment, v.code, v.label, v.legal_item, v.justified, v.counts_for_leave, v.requires_suspension, v.offered, from_day
        from (values
          ('CJ', 'Convocation judiciaire ou administrative', 'D412-32, 1° convocations judiciaires et administratives', true, false, false, true),
          ('DI', 'Motif disciplinaire', 'D412-32, 2° motifs disciplinaires', true, false, false, true),
          ('EXA', 'Examen scolaire ou de formation', 'D412-32, 3° examens scolaires ou de formation professionnelle', true, false, false, true),
          ('ALL', 'Allaitement', 'D412-32, 4° temps d’allaitement', true, false, false, true),
          ('ESC', 'Extraction ou sortie sous escorte', 'D412-32, 5° autorisations de sortir sous escorte', true, false, false, true),
          ('PAR', 'Parloir familial ou UVF', 'D412-32, 6° parloirs familiaux, unités de vie familiale', true, false, false, true),
          ('FAM', 'Événement familial', 'D412-32, 7° évènements familiaux', true, false, false, true),
          ('ENT', 'Entretien (avocat, services pénitentiaires, visiteur)', 'D412-32, 8° entretiens avec l’avocat, l’administration pénitentiaire ou les personnes habilitées', true, false, false, true),
          ('PREP', 'Entretien de préparation à la sortie', 'D412-32, 9° préparation à la sortie', true, false, false, true),
          ('MED', 'Rendez-vous médical', 'D412-32, 10° rendez-vous médicaux', true, false, false, true),
          ('PERM', 'Permission de sortir', 'D412-32, 11° permissions de sortir', true, false, false, true),
          ('M', 'Maladie', null, true, true, true, true),
          ('AT', 'Accident du travail', null, true, true, true, true),
          ('AI', 'Absence injustifiée', null, false, false, false, true),
          ('CP', 'Congé', null, true, true, false, true),
          ('F', 'Atelier fermé', null, true, false, false, true),
          -- The codes of the former fixed list keep their meaning for the entries that hold them.
          ('AJ', 'Absence justifiée (motif non précisé)', null, true, false, false, false),
          ('EX', 'Extraction ou convocation (ancien code)', null, true, false, false, false),
          ('S', 'Suspension (ancien code)', null, true, false, false, false)
        ) as v (code, label, legal_item, justified, counts_for_leave, requires_suspension, offered)
      $$;

      -- Every establishment, present and future, has the list: the date the code pénitentiaire's
      -- regulatory part took effect, or the first day it already holds time for, if earlier.
      select absence_reason_seed(e.id, least(date '2022-05-01', (select min(t.day) from time_entry t where t.establishment_id = e.id)))
        from establishment e;
      create function establishment_absence_reasons() returns trigger language plpgsql as $$
      begin
        perform absence_reason_seed(new.id, date '2022-05-01');
        return new;
      end $$;
      create trigger establishment_absence_reasons after insert on establishment
        for each row execute function establishment_absence_reasons();

      -- The code of an entry is a reason of its establishment in force on its day; a new entry
      -- (or a changed code) needs one still offered; a reason that needs a suspension (sickness,
      -- work accident) needs one of the assignment covering that day.
      alter table time_entry drop constraint time_entry_absence_code_check;
      create function time_entry_absence_guard() returns trigger language plpgsql as $$
      declare
        reason absence_reason%rowtype;
      begin
        if new.absence_code is null then
          return new;
        end if;
        if tg_op = 'UPDATE' and new.absence_code = old.absence_code and new.day = old.day and new.establishment_id = old.establishment_id then
          return new;
        end if;
        select * into reason from absence_reason r
          where r.establishment_id = new.establishment_id and r.code = new.absence_code and r.effective_from <= new.day
          order by r.effective_from desc limit 1;
        if not found then
          raise exception 'atelier: Le code d’absence « % » n’est pas un motif de cet établissement le %.', new.absence_code, to_char(new.day, 'DD/MM/YYYY')
            using errcode = 'check_violation';
        end if;
        if not reason.offered and (tg_op = 'INSERT' or new.absence_code is distinct from old.absence_code) then
          raise exception 'atelier: Le code d’absence « % » n’est plus proposé depuis le % : choisissez un autre motif.', new.absence_code, to_char(reason.effective_from, 'DD/MM/YYYY')
            using errcode = 'check_violation';
        end if;
        if reason.requires_suspension and new.assignment_id is not null and not exists (
             select 1 from assignment_suspension s
              where s.assignment_id = new.assignment_id and s.starts_on <= new.day and (s.ends_on is null or s.ends_on >= new.day)) then
          raise exception 'atelier: % (%) : enregistrez d’abord la suspension de l’affectation pour ce jour (la maladie et l’accident du travail suspendent le contrat).', reason.label, reason.code
            using errcode = 'check_violation';
        end if;
        return new;
      end $$;
      create trigger time_entry_absence_guard before insert or update on time_entry
        for each row execute function time_entry_absence_guard();

      create trigger absence_reason_audit after insert or update or delete on absence_reason
        for each row execute function audit_row_change();
    `);
  }
}
