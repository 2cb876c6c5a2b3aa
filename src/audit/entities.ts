import { defineEntity, p } from '@mikro-orm/core';
import { User } from '../users/entities.ts';

/** One row of the audit trail. Written by a database trigger, never by the app; read-only. */
const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  readonly: true,
  properties: {
    id: p.bigint('number').primary(),
    occurredAt: p.datetime(),
    actor: p.manyToOne(User).nullable(),
    action: p.string(),
    entity: p.string(),
    entityId: p.string(),
    establishmentId: p.integer().nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    requestId: p.string().nullable(),
  },
});
export class AuditEvent extends AuditEventSchema.class {}
AuditEventSchema.setClass(AuditEvent);
