import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { archive, restore } from '../platform/archivable.ts';
import { FieldErrors, NotFoundError, RuleError, StaleRecordError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { Workshop } from '../workshops/entities.ts';
import { Partner, type PartnerKind } from './entities.ts';
import type { PartnerInput } from './forms.ts';

export interface PartnerRow {
  partner: Partner;
  workshopCount: number;
}

/** Partners are shared by all establishments: administrators and coordinators pick from them. */
export async function listPartners(em: EntityManager, scope: Scope, filters: { archived: boolean; kind?: PartnerKind; q?: string }): Promise<PartnerRow[]> {
  scope.require('admin', 'coordinator');
  const where: Record<string, unknown> = { archivedAt: filters.archived ? { $ne: null } : null };
  if (filters.kind) where.kind = filters.kind;
  if (filters.q) where.name = { $ilike: `%${filters.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` };
  const partners = await em.find(Partner, where, { orderBy: { name: 'asc' } });
  if (partners.length === 0) return [];
  const counts = await em
    .getConnection()
    .execute<{ partner_id: number; n: number }[]>(
      'select partner_id, count(*)::int as n from workshop where archived_at is null and partner_id in (?) group by partner_id',
      [partners.map((p) => p.id)],
    );
  const byId = new Map(counts.map((c) => [c.partner_id, c.n]));
  return partners.map((partner) => ({ partner, workshopCount: byId.get(partner.id) ?? 0 }));
}

/** Active partners, for the workshop form's list. */
export async function partnerChoices(em: EntityManager): Promise<Partner[]> {
  return em.find(Partner, { archivedAt: null }, { orderBy: { name: 'asc' } });
}

export async function findPartner(em: EntityManager, scope: Scope, id: number): Promise<Partner> {
  const mayRead = scope.role === 'admin' || scope.role === 'coordinator' || (scope.role === 'partner' && scope.partnerId === id);
  const partner = mayRead && Number.isSafeInteger(id) ? await em.findOne(Partner, id) : null;
  if (!partner) throw new NotFoundError();
  return partner;
}

async function saveUnique(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (e) {
    if (!(e instanceof UniqueConstraintViolationException)) throw e;
    em.clear();
    throw String(e.message).includes('siret')
      ? new FieldErrors({ siret: 'Une autre structure porte déjà ce SIRET.' })
      : new FieldErrors({ name: 'Une structure porte déjà ce nom (peut-être archivée).' });
  }
}

function apply(partner: Partner, input: PartnerInput): void {
  partner.name = input.name;
  partner.kind = input.kind;
  partner.siret = input.siret;
  partner.contactName = input.contactName;
  partner.contactEmail = input.contactEmail;
  partner.contactPhone = input.contactPhone;
}

export async function createPartner(em: EntityManager, scope: Scope, input: PartnerInput): Promise<Partner> {
  scope.require('admin', 'coordinator');
  const partner = em.create(Partner, { name: input.name, kind: input.kind });
  apply(partner, input);
  await saveUnique(em);
  return partner;
}

export async function updatePartner(em: EntityManager, scope: Scope, id: number, input: PartnerInput, version: number): Promise<Partner> {
  scope.require('admin', 'coordinator');
  const partner = await findPartner(em, scope, id);
  if (partner.version !== version) throw new StaleRecordError();
  apply(partner, input);
  await saveUnique(em);
  return partner;
}

export async function archivePartner(em: EntityManager, scope: Scope, id: number): Promise<Partner> {
  scope.require('admin', 'coordinator');
  const partner = await findPartner(em, scope, id);
  const active = await em.count(Workshop, { partner, archivedAt: null });
  if (active > 0) {
    throw new RuleError(
      `« ${partner.name} » anime encore ${active} atelier${active > 1 ? 's' : ''} : archivez-les ou confiez-les à une autre structure d’abord.`,
      409,
    );
  }
  archive(partner);
  await em.flush();
  return partner;
}

export async function restorePartner(em: EntityManager, scope: Scope, id: number): Promise<Partner> {
  scope.require('admin', 'coordinator');
  const partner = await findPartner(em, scope, id);
  restore(partner);
  await saveUnique(em);
  return partner;
}
