import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Assignment } from '../assignments/entities.ts';
import { Detainee } from '../detainees/entities.ts';
import { holdsOn } from '../holdings/rules.ts';
import type { Day } from '../platform/calendar.ts';
import { FieldErrors, ForbiddenError, NotFoundError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { Workshop } from '../workshops/entities.ts';
import { Candidacy, type CandidacyStatus } from './entities.ts';

/** At most this many names answer a search; beyond, the partner narrows it. */
export const SEARCH_LIMIT = 20;
export const MOTIVATION_MAX = 500;

/** A candidacy's state in the partner's words: no CPU opinion, no reason of a refusal or a closing. */
export const PARTNER_STATUS_LABELS: Record<CandidacyStatus, string> = {
  submitted: 'Déposée',
  approved: 'Sur liste d’attente',
  assigned: 'Affectée',
  refused: 'Non retenue',
  withdrawn: 'Close',
  expired: 'Close',
};

export const proposalForm = z.object({
  // Nothing chosen (no radio ticked) is the person's omission, not an unreadable form.
  detaineeId: z
    .string()
    .default('')
    .refine((v) => /^[1-9]\d{0,9}$/.test(v), 'Choisissez la personne à proposer.')
    .transform(Number),
  motivation: z.string().trim().max(MOTIVATION_MAX, `La motivation ne peut pas dépasser ${MOTIVATION_MAX} caractères.`).default(''),
});
export type ProposalInput = z.infer<typeof proposalForm>;

/** A person found by the search: « NOM Prénom » and nothing else. */
export interface ProposedPerson {
  id: number;
  name: string;
}

export interface PeopleSearch {
  q: string;
  people: ProposedPerson[];
  /** Fewer than two letters typed: no search. */
  tooShort: boolean;
  /** More than SEARCH_LIMIT names match: the first ones are shown, and the partner narrows the search. */
  tooMany: boolean;
}

export interface PartnerProposal {
  id: number;
  name: string;
  workshop: string;
  submittedOn: Day;
  status: string;
}

/**
 * The workshop a partner proposes candidates for: its own, open. Coordinators and admins
 * propose from the person's page (403 here); anyone else, another partner included, gets 404.
 */
export async function proposalWorkshop(em: EntityManager, scope: Scope, id: number): Promise<Workshop> {
  if (scope.managesEstablishments) throw new ForbiddenError('La coordination propose une candidature depuis la fiche de la personne.');
  if (!scope.isPartnerStaff || !Number.isSafeInteger(id)) throw new NotFoundError();
  const workshop = await em.findOne(Workshop, { id, partner: scope.partnerId ?? 0, archivedAt: null }, { populate: ['establishment'] });
  if (!workshop) throw new NotFoundError();
  return workshop;
}

/**
 * The establishment's present people whose name contains `q` (case and accents aside), by
 * name: at least two letters, at most SEARCH_LIMIT answers. Nobody who left, nobody elsewhere.
 */
export async function searchPresentPeople(em: EntityManager, workshop: Workshop, query: string): Promise<PeopleSearch> {
  const q = query.trim().slice(0, 100);
  if ((q.match(/\p{L}/gu) ?? []).length < 2) return { q, people: [], tooShort: true, tooMany: false };
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const found = await em.getConnection().execute<{ id: number; last_name: string; first_name: string }[]>(
    `select id, last_name, first_name from detainee
      where establishment_id = ? and status = 'present'
        and (unaccent(lower(last_name || ' ' || first_name)) like unaccent(lower(?)) or unaccent(lower(first_name || ' ' || last_name)) like unaccent(lower(?)))
      order by unaccent(lower(last_name)), unaccent(lower(first_name)), id limit ?`,
    [workshop.establishment.id, like, like, SEARCH_LIMIT + 1],
  );
  const people = found.slice(0, SEARCH_LIMIT).map((r) => ({ id: r.id, name: `${r.last_name.toUpperCase()} ${r.first_name}` }));
  return { q, people, tooShort: false, tooMany: found.length > SEARCH_LIMIT };
}

/**
 * The partner proposes a present person of the workshop's establishment: a submitted
 * candidacy for the workshop, « proposée par la structure », dated today (Paris). The person's
 * row is locked for the transaction, so that the same person proposed twice at once makes one
 * candidacy. A person who left or is elsewhere answers 404, without saying why.
 */
export async function proposeCandidate(em: EntityManager, scope: Scope, workshopId: number, input: ProposalInput, today: Day): Promise<Candidacy> {
  const workshop = await proposalWorkshop(em, scope, workshopId);
  return em.transactional(async (tx) => {
    const person = await tx.findOne(Detainee, { id: input.detaineeId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!person || person.establishment.id !== workshop.establishment.id || !person.isPresent() || person.arrivalDate > today) throw new NotFoundError();
    const pending = await tx.count(Candidacy, {
      detainee: person.id,
      status: { $in: ['submitted', 'approved'] },
      $or: [{ workshop: workshop.id }, { post: { workshop: workshop.id } }],
    });
    if (pending > 0) throw new FieldErrors({ detaineeId: 'Cette personne a déjà une candidature en cours pour cet atelier.' });
    const held = await tx.find(Assignment, { detainee: person.id, post: { workshop: workshop.id } }, { fields: ['startsOn', 'endedOn'] });
    if (held.some((a) => holdsOn(a, today))) throw new FieldErrors({ detaineeId: 'Cette personne occupe déjà un poste de cet atelier.' });
    const candidacy = tx.create(Candidacy, {
      establishment: workshop.establishment.id,
      detainee: person,
      target: 'workshop',
      workshop: workshop.id,
      proposedBy: 'partner',
      submittedOn: today,
      motivation: input.motivation,
      status: 'submitted',
    });
    await flushGuarded(tx);
    return candidacy;
  });
}

/** The candidacies the partner proposed for its workshops, newest first, in its words: name, workshop, date, state. */
export async function partnerProposals(em: EntityManager, scope: Scope): Promise<PartnerProposal[]> {
  if (!scope.isPartnerStaff) throw new NotFoundError();
  const found = await em.find(
    Candidacy,
    { proposedBy: 'partner', workshop: { partner: scope.partnerId ?? 0 } },
    { populate: ['detainee', 'workshop'], orderBy: { submittedOn: 'desc', id: 'desc' } },
  );
  return found.map((c) => ({
    id: c.id,
    name: c.detainee.fullName(),
    workshop: c.workshop?.name ?? '',
    submittedOn: c.submittedOn,
    status: PARTNER_STATUS_LABELS[c.status as CandidacyStatus],
  }));
}
