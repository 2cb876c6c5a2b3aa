import { defineEntity, p } from '@mikro-orm/core';

export const PARTNER_KINDS = ['association', 'scop', 'aci', 'ei', 'entreprise', 'service_general'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PARTNER_KIND_LABELS: Record<PartnerKind, string> = {
  association: 'Association',
  scop: 'SCOP',
  aci: 'Atelier et chantier d’insertion (ACI)',
  ei: 'Entreprise d’insertion (EI)',
  entreprise: 'Entreprise',
  service_general: 'Service général',
};

const PartnerSchema = defineEntity({
  name: 'Partner',
  tableName: 'partner',
  properties: {
    id: p.integer().primary(),
    name: p.string(),
    kind: p.enum(PARTNER_KINDS),
    siret: p.string().nullable(),
    contactName: p.string().default(''),
    contactEmail: p.string().default(''),
    contactPhone: p.string().default(''),
    address: p.string().default(''),
    website: p.string().default(''),
    /** What the organisation does, in a few lines, for the establishments' teams. */
    description: p.string().default(''),
    archivedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export class Partner extends PartnerSchema.class {}
PartnerSchema.setClass(Partner);
