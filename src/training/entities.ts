import { defineEntity, p } from '@mikro-orm/core';
import { Establishment } from '../establishments/entities.ts';

const TrainingProgrammeSchema = defineEntity({
  name: 'TrainingProgramme',
  tableName: 'training_programme',
  properties: {
    id: p.integer().primary(),
    title: p.string(),
    provider: p.string(),
    certificationCode: p.string().nullable(),
    hours: p.integer(),
    archivedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export class TrainingProgramme extends TrainingProgrammeSchema.class {}
TrainingProgrammeSchema.setClass(TrainingProgramme);

const TrainingSessionSchema = defineEntity({
  name: 'TrainingSession',
  tableName: 'training_session',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    programme: p.manyToOne(TrainingProgramme),
    /** Calendar days as ISO strings ("2026-09-01"): no time zone can shift them. */
    startsOn: p.string().columnType('date'),
    endsOn: p.string().columnType('date'),
    places: p.integer(),
    paid: p.boolean().default(false),
    archivedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export class TrainingSession extends TrainingSessionSchema.class {}
TrainingSessionSchema.setClass(TrainingSession);
