import { defineEntity, p } from '@mikro-orm/core';
import { Establishment } from '../establishments/entities.ts';
import { User } from '../users/entities.ts';
import { Partner } from './entities.ts';

/** A person to reach at a partner organisation (not an account). */
const PartnerContactSchema = defineEntity({
  name: 'PartnerContact',
  tableName: 'partner_contact',
  properties: {
    id: p.integer().primary(),
    partner: p.manyToOne(Partner),
    name: p.string(),
    function: p.string().default(''),
    email: p.string().default(''),
    phone: p.string().default(''),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export class PartnerContact extends PartnerContactSchema.class {}
PartnerContactSchema.setClass(PartnerContact);

/** The agreement (« convention ») under which a partner runs workshops in an establishment. */
const PartnerAgreementSchema = defineEntity({
  name: 'PartnerAgreement',
  tableName: 'partner_agreement',
  properties: {
    id: p.integer().primary(),
    partner: p.manyToOne(Partner),
    establishment: p.manyToOne(Establishment),
    reference: p.string(),
    title: p.string().default(''),
    startsOn: p.string().columnType('date'),
    endsOn: p.string().columnType('date'),
    signedOn: p.string().columnType('date').nullable(),
    notes: p.string().default(''),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export class PartnerAgreement extends PartnerAgreementSchema.class {}
PartnerAgreementSchema.setClass(PartnerAgreement);

/** A one-time link a partner's administrator sends a colleague: only the token's SHA-256 is kept. */
const PartnerInvitationSchema = defineEntity({
  name: 'PartnerInvitation',
  tableName: 'partner_invitation',
  properties: {
    id: p.integer().primary(),
    partner: p.manyToOne(Partner),
    email: p.string(),
    displayName: p.string(),
    tokenHash: p.string().hidden(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    usedBy: p.manyToOne(User).nullable(),
    revokedAt: p.datetime().nullable(),
    createdBy: p.manyToOne(User),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class PartnerInvitation extends PartnerInvitationSchema.class {}
PartnerInvitationSchema.setClass(PartnerInvitation);
