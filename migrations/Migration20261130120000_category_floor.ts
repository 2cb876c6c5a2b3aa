import { Migration } from '@mikro-orm/migrations';

/**
 * The post's category is the floor (code pénitentiaire D412-64): an assignment never takes a
 * pay category whose floor in force is below its post's, and an insertion workshop (ACI, EI)
 * takes production posts only. PostgreSQL guards new rows and changes of those columns, so a
 * script or a second instance cannot pass them.
 *
 * Existing rows are not changed: raising a contract's category would rewrite the pay of
 * months already paid, in silence. They are listed by the view `category_floor_problem`
 * (and shown as a warning on the person's page and the board) for a coordinator to correct.
 */
export class Migration20261130120000_category_floor extends Migration {
  override up(): void {
    this.addSql(`
      -- The floor of a category in force on a day (basis points of the SMIC); null before any row.
      create function pay_floor_on(floor_category text, on_day date) returns integer language sql stable as $$
        select floor_basis_points from pay_floor where category = floor_category and effective_from <= on_day
         order by effective_from desc limit 1
      $$;

      create function assignment_category_floor() returns trigger language plpgsql as $$
      declare
        post_category text;
      begin
        if tg_op = 'UPDATE' and new.pay_category = old.pay_category and new.post_id = old.post_id and new.starts_on = old.starts_on then
          return new;
        end if;
        select pay_category into post_category from post where id = new.post_id;
        if pay_floor_on(new.pay_category, new.starts_on) < pay_floor_on(post_category, new.starts_on) then
          raise exception 'atelier: La catégorie de rémunération d’une affectation ne peut pas payer moins que celle de son poste (code pénitentiaire, art. D412-64).'
            using errcode = 'check_violation';
        end if;
        return new;
      end $$;
      create trigger assignment_category_floor before insert or update of pay_category, post_id, starts_on on assignment
        for each row execute function assignment_category_floor();

      create function post_category_guard() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and new.pay_category = old.pay_category and new.workshop_id = old.workshop_id then
          return new;
        end if;
        if new.pay_category <> 'production'
           and exists (select 1 from workshop w where w.id = new.workshop_id and w.iae_type in ('aci', 'ei')) then
          raise exception 'atelier: Un atelier d’insertion (ACI ou EI) ne reçoit que des postes de production, payés au moins au plancher de la production (code pénitentiaire, art. D412-64).'
            using errcode = 'check_violation';
        end if;
        -- A category raised above the contract of someone who holds the post (today or later).
        if tg_op = 'UPDATE' and exists (
             select 1 from assignment a
              where a.post_id = new.id and (a.ended_on is null or a.ended_on >= current_date)
                and pay_floor_on(a.pay_category, greatest(a.starts_on, current_date))
                    < pay_floor_on(new.pay_category, greatest(a.starts_on, current_date))) then
          raise exception 'atelier: Le contrat de la personne qui tient ce poste paierait moins que cette catégorie, qui est un plancher (code pénitentiaire, art. D412-64).'
            using errcode = 'check_violation';
        end if;
        return new;
      end $$;
      create trigger post_category_guard before insert or update of pay_category, workshop_id on post
        for each row execute function post_category_guard();

      create function workshop_iae_production() returns trigger language plpgsql as $$
      begin
        if new.iae_type in ('aci', 'ei') and new.iae_type is distinct from old.iae_type
           and exists (select 1 from post p where p.workshop_id = new.id and p.pay_category <> 'production' and p.archived_at is null) then
          raise exception 'atelier: Cet atelier a des postes hors production : un atelier d’insertion (ACI ou EI) ne reçoit que des postes de production (code pénitentiaire, art. D412-64).'
            using errcode = 'check_violation';
        end if;
        return new;
      end $$;
      create trigger workshop_iae_production before update of iae_type on workshop
        for each row execute function workshop_iae_production();

      -- What existing data breaks these rules: to correct by hand, never changed in silence.
      create view category_floor_problem as
        select 'assignment'::text as kind, a.establishment_id, a.id as assignment_id, a.post_id, a.detainee_id,
               a.pay_category, p.pay_category as post_pay_category
          from assignment a join post p on p.id = a.post_id
         where pay_floor_on(a.pay_category, a.starts_on) < pay_floor_on(p.pay_category, a.starts_on)
        union all
        select 'post', p.establishment_id, null, p.id, null, p.pay_category, p.pay_category
          from post p join workshop w on w.id = p.workshop_id
         where w.iae_type in ('aci', 'ei') and p.pay_category <> 'production' and p.archived_at is null;
    `);
  }
}
