import type { EntityManager } from '@mikro-orm/postgresql';
import type { Day } from '../platform/calendar.ts';
import { NotFoundError, StaleRecordError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { type WorkshopRow, workshopsOfMyOrganisation } from '../workshops/service.ts';
import { myAgreements } from './agreements.ts';
import { Partner } from './entities.ts';
import type { ContactInput, OrganisationInput } from './forms.ts';
import { type PartnerAgreement, PartnerContact } from './profile-entities.ts';

/**
 * « Ma structure » (issue 21, item 5): the partner's own organisation. Its staff read it; its
 * administrators (`scope.canManageOrganisation`) edit its details and contacts; name, kind
 * and SIRET are the catalogue's (the establishments' managers set them). Another partner's
 * contact answers 404.
 */
export interface Profile {
  partner: Partner;
  workshops: WorkshopRow[];
  contacts: PartnerContact[];
  agreements: PartnerAgreement[];
  canManage: boolean;
}

export async function profileOf(em: EntityManager, scope: Scope, today: Day): Promise<Profile> {
  scope.must(scope.isPartnerStaff);
  const partner = await em.findOneOrFail(Partner, scope.partnerId as number);
  const [workshops, contacts, agreements] = [
    await workshopsOfMyOrganisation(em, scope, today),
    await em.find(PartnerContact, { partner }, { orderBy: { name: 'asc', id: 'asc' } }),
    await myAgreements(em, scope),
  ];
  return { partner, workshops, contacts, agreements, canManage: scope.canManageOrganisation };
}

export async function updateOrganisation(em: EntityManager, scope: Scope, input: OrganisationInput): Promise<Partner> {
  scope.must(scope.canManageOrganisation);
  const partner = await em.findOneOrFail(Partner, scope.partnerId as number);
  if (partner.version !== input.version) throw new StaleRecordError();
  partner.address = input.address;
  partner.website = input.website;
  partner.description = input.description;
  partner.contactName = input.contactName;
  partner.contactEmail = input.contactEmail;
  partner.contactPhone = input.contactPhone;
  await flushGuarded(em);
  return partner;
}

/** One contact of the caller's organisation; another's answers 404. */
export async function findContact(em: EntityManager, scope: Scope, id: number): Promise<PartnerContact> {
  scope.must(scope.isPartnerStaff);
  const contact = Number.isSafeInteger(id) ? await em.findOne(PartnerContact, { id, partner: scope.partnerId as number }) : null;
  if (!contact) throw new NotFoundError();
  return contact;
}

/** A contact to edit: the organisation's administrators only (403 for its other staff). */
export async function contactToEdit(em: EntityManager, scope: Scope, id: number): Promise<PartnerContact> {
  scope.must(scope.canManageOrganisation);
  return findContact(em, scope, id);
}

function apply(contact: PartnerContact, input: ContactInput): void {
  contact.name = input.name;
  contact.function = input.function;
  contact.email = input.email;
  contact.phone = input.phone;
}

export async function addContact(em: EntityManager, scope: Scope, input: ContactInput): Promise<PartnerContact> {
  scope.must(scope.canManageOrganisation);
  const contact = em.create(PartnerContact, { partner: em.getReference(Partner, scope.partnerId as number), name: input.name });
  apply(contact, input);
  await flushGuarded(em);
  return contact;
}

export async function updateContact(em: EntityManager, scope: Scope, id: number, input: ContactInput, version: number): Promise<PartnerContact> {
  scope.must(scope.canManageOrganisation);
  const contact = await findContact(em, scope, id);
  if (contact.version !== version) throw new StaleRecordError();
  apply(contact, input);
  await flushGuarded(em);
  return contact;
}

export async function removeContact(em: EntityManager, scope: Scope, id: number): Promise<PartnerContact> {
  scope.must(scope.canManageOrganisation);
  const contact = await findContact(em, scope, id);
  em.remove(contact);
  await em.flush();
  return contact;
}
