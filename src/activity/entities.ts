import { defineEntity, p } from '@mikro-orm/core';
import { Establishment } from '../establishments/entities.ts';
import { Partner } from '../partners/entities.ts';
import { User } from '../users/entities.ts';
import { Workshop } from '../workshops/entities.ts';
import { ACTIVITY_KINDS, CUSTOMER_KINDS, SEVERITIES, VISITOR_KINDS } from './labels.ts';

/**
 * One thing a partner records in its workshop's « Journal d'activité » on a day: production,
 * training delivered, an event or visit, an incident, a meeting, something else. Its fields
 * depend on its kind (a database check holds which). Changed or removed within 7 days of being
 * written; after that, a new entry corrects it (`correctsId`) and the old one no longer counts.
 */
const ActivityEntrySchema = defineEntity({
  name: 'ActivityEntry',
  tableName: 'activity_entry',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    workshop: p.manyToOne(Workshop),
    /** The workshop's partner when the entry was written: its log stays its own if the workshop changes hands. */
    partner: p.manyToOne(Partner),
    day: p.string().columnType('date'),
    kind: p.enum(ACTIVITY_KINDS),
    /** Production: how many (two decimals), of what unit, for which kind of customer. */
    quantity: p.decimal('number').precision(12).scale(2).nullable(),
    unit: p.string().default(''),
    customerKind: p.enum(CUSTOMER_KINDS).nullable(),
    /** Training delivered and meetings: the topic. */
    topic: p.string().default(''),
    /** Training delivered: its length in minutes and the number of participants. */
    minutes: p.integer().nullable(),
    participants: p.integer().nullable(),
    /** Event or visit: who came. */
    visitorKind: p.enum(VISITOR_KINDS).nullable(),
    /** Incident: how serious. */
    severity: p.enum(SEVERITIES).nullable(),
    /** A short factual text (an incident's: no health or legal detail). */
    description: p.string().default(''),
    /** The id of the entry this one corrects (written more than 7 days ago); one correction per entry. */
    correctsId: p.integer().nullable(),
    createdBy: p.manyToOne(User).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export class ActivityEntry extends ActivityEntrySchema.class {}
ActivityEntrySchema.setClass(ActivityEntry);
