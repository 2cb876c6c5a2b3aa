import { defineEntity, p } from '@mikro-orm/core';

export const ESTABLISHMENT_KINDS = ['inserre', 'maison_arret', 'centre_penitentiaire', 'centre_detention'] as const;
export type EstablishmentKind = (typeof ESTABLISHMENT_KINDS)[number];

export const ESTABLISHMENT_KIND_LABELS: Record<EstablishmentKind, string> = {
  inserre: 'Établissement InSERRE',
  maison_arret: 'Maison d’arrêt',
  centre_penitentiaire: 'Centre pénitentiaire',
  centre_detention: 'Centre de détention',
};

const EstablishmentSchema = defineEntity({
  name: 'Establishment',
  tableName: 'establishment',
  properties: {
    id: p.integer().primary(),
    name: p.string(),
    kind: p.enum(ESTABLISHMENT_KINDS),
    city: p.string(),
    capacity: p.integer(),
    /** Alsace-Moselle's local law: Good Friday and 26 December are public holidays too. */
    alsaceMoselle: p.boolean().default(false),
    archivedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export class Establishment extends EstablishmentSchema.class {}
EstablishmentSchema.setClass(Establishment);
