import { defineEntity, p } from '@mikro-orm/core';
import { Assignment } from '../assignments/entities.ts';
import { Detainee } from '../detainees/entities.ts';
import { Establishment } from '../establishments/entities.ts';
import { User } from '../users/entities.ts';

const AssignmentSkillSchema = defineEntity({
  name: 'AssignmentSkill',
  tableName: 'assignment_skill',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    assignment: p.manyToOne(Assignment),
    label: p.string(),
    notedOn: p.string().columnType('date'),
    notedBy: p.manyToOne(User),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
/** A skill the workshop noted for a person on one of their assignments: printed on the attestation. */
export class AssignmentSkill extends AssignmentSkillSchema.class {}
AssignmentSkillSchema.setClass(AssignmentSkill);

const AttestationSchema = defineEntity({
  name: 'Attestation',
  tableName: 'attestation',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    detainee: p.manyToOne(Detainee),
    issuedBy: p.manyToOne(User),
    issuedAt: p.datetime(),
    sha256: p.string(),
  },
});
/** One « Attestation de travail et de formation » issued: who issued it, when, and the hash of its bytes. */
export class Attestation extends AttestationSchema.class {}
AttestationSchema.setClass(Attestation);
