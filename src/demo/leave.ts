import type { EntityManager } from '@mikro-orm/postgresql';
import { addLeaveAdjustment } from '../leave/adjustments.ts';
import { approveLeaveRequest, type LeaveRequestInput, leaveRequestInput, refuseLeaveRequest, requestLeave } from '../leave/requests.ts';
import { type Day, mondayOf, plusDays } from '../platform/calendar.ts';
import { FieldErrors } from '../platform/errors.ts';
import { Scope } from '../platform/scope.ts';

interface Candidate {
  id: number;
  establishment_id: number;
  partner_id: number | null;
}

/**
 * The demo's leave (issue 19, item 7), through the services as a coordinator or the partner
 * would enter it (so that approving writes the leave into the timesheet): on Arras two approved
 * requests in the coming weeks (two days; a day and a half), one refused, three waiting and one
 * manual adjustment; on Brest one approved and one waiting, entered by the book-binding
 * association's account for a person of its workshop. Run once the rest of the demo is
 * committed (the ledger reads committed time). Each request goes to the next person holding a
 * post for months whose balance allows it.
 */
export async function createDemoLeave(em: EntityManager, today: Day): Promise<void> {
  const [coordinator] = await em.getConnection().execute<{ id: number }[]>(`select id from app_user where email = 'coordination@atelier.test'`);
  const [partner] = await em
    .getConnection()
    .execute<{ id: number; partner_id: number }[]>(`select id, partner_id from app_user where email = 'partenaire@atelier.test'`);
  const establishments = await em.getConnection().execute<{ id: number; kind: string }[]>('select id, kind from establishment order by id');
  if (!coordinator || !partner) return;
  const coordination = new Scope(
    coordinator.id,
    'coordinator',
    establishments.map((e) => e.id),
    null,
  );
  const association = new Scope(partner.id, 'partner', [], partner.partner_id);
  // People present, holding the same post for four months at least and for two more.
  const candidates = await em.getConnection().execute<Candidate[]>(
    `select d.id, d.establishment_id, w.partner_id
       from detainee d join assignment a on a.detainee_id = d.id join post p on p.id = a.post_id join workshop w on w.id = p.workshop_id
      where d.status = 'present' and a.ended_on is null and a.starts_on <= ?::date - 120
        and (a.contract_ends_on is null or a.contract_ends_on >= ?::date + 60)
      order by d.establishment_id, d.id`,
    [today, today],
  );
  const used = new Set<number>();
  const next = plusDays(mondayOf(today), 7);
  const on = (offset: number) => plusDays(next, offset);
  const ask = leaveRequestInput;
  /** The first person of `establishmentId` (and of the partner's workshops, for the partner) whose request passes. */
  const request = async (establishmentId: number, scope: Scope, input: LeaveRequestInput) => {
    for (const c of candidates) {
      if (used.has(c.id) || c.establishment_id !== establishmentId || (scope.isPartnerStaff && c.partner_id !== scope.partnerId)) continue;
      try {
        const made = await requestLeave(em.fork(), scope, c.id, input);
        used.add(c.id);
        return made;
      } catch (error) {
        if (!(error instanceof FieldErrors)) throw error;
      }
    }
    return null;
  };
  const arras = establishments.find((e) => e.kind === 'inserre');
  const brest = establishments.find((e) => e.kind !== 'inserre');
  if (arras) {
    const twoDays = await request(arras.id, coordination, ask(on(7), on(8), { comment: 'Visite familiale' }));
    if (twoDays) await approveLeaveRequest(em.fork(), coordination, twoDays.id);
    const dayAndHalf = await request(arras.id, coordination, ask(on(10), on(11), { endsMorning: true }));
    if (dayAndHalf) await approveLeaveRequest(em.fork(), coordination, dayAndHalf.id);
    const refused = await request(arras.id, coordination, ask(on(14), on(14)));
    if (refused) await refuseLeaveRequest(em.fork(), coordination, refused.id, 'Inventaire de l’atelier ce jour-là : choisissez une autre date.');
    await request(arras.id, coordination, ask(on(1), on(1)));
    await request(arras.id, coordination, ask(on(15), on(16), { comment: 'Rendez-vous préparation à la sortie' }));
    await request(arras.id, coordination, ask(on(21), on(22), { startsAfternoon: true }));
    const adjusted = candidates.find((c) => c.establishment_id === arras.id && !used.has(c.id));
    if (adjusted)
      await addLeaveAdjustment(
        em.fork(),
        coordination,
        adjusted.id,
        { day: today, days: 100, reason: 'Jour de congé acquis dans l’établissement précédent, repris à l’arrivée' },
        today,
      );
  }
  if (brest) {
    const approved = await request(brest.id, coordination, ask(on(7), on(8)));
    if (approved) await approveLeaveRequest(em.fork(), coordination, approved.id);
    await request(brest.id, association, ask(on(14), on(15), { comment: 'Demandé à l’atelier' }));
  }
}
