import type { EntityManager } from '@mikro-orm/postgresql';
import { proposeCandidate } from '../candidacies/partner-proposals.ts';
import { Detainee } from '../detainees/entities.ts';
import { type Day, plusDays } from '../platform/calendar.ts';
import { Scope } from '../platform/scope.ts';

/**
 * The demo's proposed candidate (issue 21, item 3): the book-binding association's account
 * proposes, through the service, a person present in its workshop's establishment who holds no
 * post of that workshop today (nobody holding a post at all, when there is one) and has no
 * pending request for it. The candidacy waits for the CPU,
 * « proposée par la structure ». Run after the rest of the demo is committed.
 */
export async function createDemoProposals(em: EntityManager, today: Day): Promise<void> {
  const connection = em.getConnection();
  const [partner] = await connection.execute<{ id: number; partner_id: number }[]>(
    `select id, partner_id from app_user where email = 'partenaire@atelier.test' and partner_id is not null`,
  );
  if (!partner) return;
  const [choice] = await connection.execute<{ workshop_id: number; detainee_id: number }[]>(
    `select w.id as workshop_id, d.id as detainee_id
       from workshop w join detainee d on d.establishment_id = w.establishment_id
      where w.partner_id = ? and w.archived_at is null and d.status = 'present' and d.arrival_date <= ?::date
        and not exists (select 1 from assignment a join post p on p.id = a.post_id
                         where a.detainee_id = d.id and p.workshop_id = w.id and a.starts_on <= ?::date and (a.ended_on is null or a.ended_on >= ?::date))
        and not exists (select 1 from candidacy c left join post p on p.id = c.post_id
                         where c.detainee_id = d.id and c.status in ('submitted', 'approved') and (c.workshop_id = w.id or p.workshop_id = w.id))
      -- Someone without a post today first: the realistic candidate.
      order by exists (select 1 from assignment a where a.detainee_id = d.id and a.starts_on <= ?::date and (a.ended_on is null or a.ended_on >= ?::date)), w.id, d.id
      limit 1`,
    [partner.partner_id, today, today, today, today, today],
  );
  const person = choice ?? (await newcomer(em, partner.partner_id, today));
  if (!person) return;
  const scope = new Scope(partner.id, 'partner', [], partner.partner_id);
  await proposeCandidate(
    em,
    scope,
    person.workshop_id,
    { detaineeId: person.detainee_id, motivation: 'A relié des carnets pour la bibliothèque ; soigneux et régulier, souhaite apprendre le métier.' },
    today,
  );
}

/** Everyone already works or waits in the partner's workshop: a person arrived three weeks ago, with no activity yet, is the one proposed. */
async function newcomer(em: EntityManager, partnerId: number, today: Day): Promise<{ workshop_id: number; detainee_id: number } | null> {
  const [workshop] = await em
    .getConnection()
    .execute<{ id: number; establishment_id: number }[]>(
      `select id, establishment_id from workshop where partner_id = ? and archived_at is null order by id limit 1`,
      [partnerId],
    );
  if (!workshop) return null;
  const person = em.create(Detainee, {
    establishment: workshop.establishment_id,
    prisonNumber: 'N2001',
    lastName: 'Kerhervé',
    firstName: 'Yannick',
    birthDate: plusDays(today, -365 * 31),
    arrivalDate: plusDays(today, -21),
    expectedReleaseDate: plusDays(today, 400),
    status: 'present',
    officerName: 'Surv. Le Gall (démo)',
    cpipName: 'Anne Morvan (CPIP, démo)',
    referentName: 'Paul Guivarch (référent, démo)',
  });
  await em.flush();
  return { workshop_id: workshop.id, detainee_id: person.id };
}
