import type { EntityManager } from '@mikro-orm/postgresql';
import { Establishment } from '../establishments/entities.ts';
import { type Day, daysBetween, plusDays } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, StaleRecordError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import type { Partner } from './entities.ts';
import type { AgreementInput } from './forms.ts';
import { PartnerAgreement } from './profile-entities.ts';
import { findPartner } from './service.ts';

/**
 * Agreements (« conventions ») between a partner and an establishment (issue 21, item 5).
 * The establishment's coordinators and the admins keep them on the partner's page of the
 * catalogue; a coordinator sees and touches only those of their establishments (another's
 * answers 404); the partner reads its own on « Ma structure ».
 */

/** How close an agreement's end comes before both homes remind it. */
export const REMINDER_DAYS = 60;

export const SIGNED_IN_FUTURE = 'La date de signature ne peut pas être après aujourd’hui.';

/** Where an agreement stands on `today`: under way, ending within 60 days, ended, or not started. */
export type AgreementState = { kind: 'upcoming' } | { kind: 'running' } | { kind: 'ending'; days: number } | { kind: 'ended' };

export function agreementState(a: { startsOn: Day; endsOn: Day }, today: Day): AgreementState {
  if (a.endsOn < today) return { kind: 'ended' };
  if (a.startsOn > today) return { kind: 'upcoming' };
  const days = daysBetween(today, a.endsOn);
  return days <= REMINDER_DAYS ? { kind: 'ending', days } : { kind: 'running' };
}

/** The establishments' filter of the caller: null for all (admins). */
function establishmentFilter(scope: Scope): Record<string, unknown> {
  const ids = scope.visibleEstablishmentIds();
  return ids === null ? {} : { establishment: { $in: [...ids] } };
}

/** A partner's agreements with the caller's establishments, the latest ending first. */
export async function listAgreements(em: EntityManager, scope: Scope, partnerId: number): Promise<{ partner: Partner; agreements: PartnerAgreement[] }> {
  scope.must(scope.canManageCatalogue);
  const partner = await findPartner(em, scope, partnerId);
  const agreements = await em.find(
    PartnerAgreement,
    { partner, ...establishmentFilter(scope) },
    { populate: ['establishment'], orderBy: { endsOn: 'desc', reference: 'asc' } },
  );
  return { partner, agreements };
}

/** The establishments an agreement may be signed with: the caller's active ones. */
export async function agreementEstablishments(em: EntityManager, scope: Scope): Promise<Establishment[]> {
  scope.must(scope.canManageCatalogue);
  return em.find(Establishment, { archivedAt: null, ...idFilter(scope) }, { orderBy: { name: 'asc' } });
}

function idFilter(scope: Scope): Record<string, unknown> {
  const ids = scope.visibleEstablishmentIds();
  return ids === null ? {} : { id: { $in: [...ids] } };
}

/** One agreement of the partner, within the caller's establishments; 404 otherwise. */
export async function findAgreement(em: EntityManager, scope: Scope, partnerId: number, id: number): Promise<PartnerAgreement> {
  scope.must(scope.canManageCatalogue);
  const agreement = Number.isSafeInteger(id)
    ? await em.findOne(PartnerAgreement, { id, partner: partnerId }, { populate: ['establishment', 'partner'] })
    : null;
  if (!agreement || !scope.canManageEstablishment(agreement.establishment.id)) throw new NotFoundError();
  return agreement;
}

/** The establishment chosen in the form: one of the caller's (404 otherwise, as for any record outside it). */
async function chosenEstablishment(em: EntityManager, scope: Scope, id: number): Promise<Establishment> {
  scope.assertEstablishment(id);
  const establishment = await em.findOne(Establishment, id);
  if (!establishment) throw new NotFoundError();
  return establishment;
}

function apply(agreement: PartnerAgreement, input: AgreementInput, establishment: Establishment, today: Day): void {
  if (input.signedOn !== null && input.signedOn > today) throw new FieldErrors({ signedOn: SIGNED_IN_FUTURE });
  agreement.establishment = establishment;
  agreement.reference = input.reference;
  agreement.title = input.title;
  agreement.startsOn = input.startsOn;
  agreement.endsOn = input.endsOn;
  agreement.signedOn = input.signedOn;
  agreement.notes = input.notes;
}

export async function createAgreement(em: EntityManager, scope: Scope, partnerId: number, input: AgreementInput, today: Day): Promise<PartnerAgreement> {
  scope.must(scope.canManageCatalogue);
  const partner = await findPartner(em, scope, partnerId);
  const establishment = await chosenEstablishment(em, scope, input.establishmentId);
  const agreement = em.create(PartnerAgreement, {
    partner,
    establishment,
    reference: input.reference,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    createdBy: em.getReference(User, scope.userId),
  });
  apply(agreement, input, establishment, today);
  await flushGuarded(em);
  return agreement;
}

export async function updateAgreement(
  em: EntityManager,
  scope: Scope,
  ids: { partnerId: number; id: number },
  input: AgreementInput,
  version: number,
  today: Day,
): Promise<PartnerAgreement> {
  const agreement = await findAgreement(em, scope, ids.partnerId, ids.id);
  if (agreement.version !== version) throw new StaleRecordError();
  apply(agreement, input, await chosenEstablishment(em, scope, input.establishmentId), today);
  await flushGuarded(em);
  return agreement;
}

/** Removes an agreement entered by mistake (the audit trail keeps it). */
export async function removeAgreement(em: EntityManager, scope: Scope, partnerId: number, id: number): Promise<PartnerAgreement> {
  const agreement = await findAgreement(em, scope, partnerId, id);
  em.remove(agreement);
  await em.flush();
  return agreement;
}

/** The partner's own agreements, every establishment, the latest ending first. */
export async function myAgreements(em: EntityManager, scope: Scope): Promise<PartnerAgreement[]> {
  scope.must(scope.isPartnerStaff);
  return em.find(PartnerAgreement, { partner: scope.partnerId as number }, { populate: ['establishment'], orderBy: { endsOn: 'desc', reference: 'asc' } });
}

/** One of the partner's own agreements; another partner's answers 404. */
export async function myAgreement(em: EntityManager, scope: Scope, id: number): Promise<PartnerAgreement> {
  scope.must(scope.isPartnerStaff);
  const agreement = Number.isSafeInteger(id)
    ? await em.findOne(PartnerAgreement, { id, partner: scope.partnerId as number }, { populate: ['establishment'] })
    : null;
  if (!agreement) throw new NotFoundError();
  return agreement;
}

/** An agreement whose end comes within 60 days, and no later one of the same partner and establishment takes over. */
export interface EndingAgreement {
  id: number;
  reference: string;
  partnerId: number;
  partnerName: string;
  establishmentName: string;
  endsOn: Day;
  /** Days from today to its last day (0: it ends today). */
  days: number;
  /** Where the reminder leads: the agreements' page for managers, « Ma structure » for the partner. */
  href: string;
}

/**
 * The reminders of both homes, in one query for all the caller's establishments (managers)
 * or its organisation (partner): agreements ending between today and today + 60 days (Paris
 * today, from the clock) with no later-ending agreement of the same partner and establishment.
 * Archived partners and establishments are left out. Committee members: none.
 */
export async function agreementsEndingSoon(em: EntityManager, scope: Scope, today: Day): Promise<EndingAgreement[]> {
  let filter: string;
  const params: unknown[] = [today, plusDays(today, REMINDER_DAYS)];
  if (scope.isPartnerStaff) {
    filter = 'a.partner_id = ?';
    params.push(scope.partnerId);
  } else if (scope.managesEstablishments) {
    const ids = scope.visibleEstablishmentIds();
    if (ids !== null && ids.length === 0) return [];
    filter = ids === null ? 'true' : 'a.establishment_id in (?)';
    if (ids !== null) params.push([...ids]);
  } else {
    return [];
  }
  const rows = await em
    .getConnection()
    .execute<{ id: number; reference: string; partner_id: number; partner_name: string; establishment_name: string; ends_on: string }[]>(
      `select a.id, a.reference, a.partner_id, p.name as partner_name, e.name as establishment_name, to_char(a.ends_on, 'YYYY-MM-DD') as ends_on
       from partner_agreement a
       join partner p on p.id = a.partner_id
       join establishment e on e.id = a.establishment_id
      where a.ends_on between ?::date and ?::date
        and p.archived_at is null and e.archived_at is null
        and not exists (select 1 from partner_agreement later
                         where later.partner_id = a.partner_id and later.establishment_id = a.establishment_id and later.ends_on > a.ends_on)
        and ${filter}
      order by a.ends_on, p.name, a.reference`,
      params,
    );
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    establishmentName: r.establishment_name,
    endsOn: r.ends_on,
    days: daysBetween(today, r.ends_on),
    href: scope.isPartnerStaff ? '/structure#conventions' : `/partenaires/${r.partner_id}/conventions`,
  }));
}
