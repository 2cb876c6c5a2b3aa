import { defineEntity, p } from '@mikro-orm/core';
import { Establishment } from '../establishments/entities.ts';
import { User } from '../users/entities.ts';

export const DETAINEE_STATUSES = ['present', 'released', 'transferred'] as const;
export type DetaineeStatus = (typeof DETAINEE_STATUSES)[number];
export const DETAINEE_STATUS_LABELS: Record<DetaineeStatus, string> = { present: 'Présente', released: 'Libérée', transferred: 'Transférée' };

/** A person held in the establishment: only what the work needs, no offence, no sentence detail. */
const DetaineeSchema = defineEntity({
  name: 'Detainee',
  tableName: 'detainee',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    prisonNumber: p.string(),
    lastName: p.string(),
    firstName: p.string(),
    birthDate: p.string().columnType('date'),
    arrivalDate: p.string().columnType('date'),
    expectedReleaseDate: p.string().columnType('date').nullable(),
    status: p.enum(DETAINEE_STATUSES).default('present'),
    leftOn: p.string().columnType('date').nullable(),
    leftReason: p.string().default(''),
    officerName: p.string().default(''),
    officerContact: p.string().default(''),
    cpipName: p.string().default(''),
    cpipContact: p.string().default(''),
    referentUser: p.manyToOne(User).nullable(),
    referentName: p.string().default(''),
    referentContact: p.string().default(''),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

/** « LAMBERT Sofiane »: how the app writes a person's name, from an entity or a row. */
export const personName = (lastName: string, firstName: string): string => `${lastName.toUpperCase()} ${firstName}`;

export class Detainee extends DetaineeSchema.class {
  fullName(): string {
    return personName(this.lastName, this.firstName);
  }

  isPresent(): boolean {
    return this.status === 'present';
  }
}
DetaineeSchema.setClass(Detainee);
