import type { EntityManager } from '@mikro-orm/postgresql';
import { archive, restore } from '../platform/archivable.ts';
import { NotFoundError, RuleError, StaleRecordError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
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
  scope.must(scope.canManageCatalogue);
  const where: Record<string, unknown> = { archivedAt: filters.archived ? { $ne: null } : null };
  if (filters.kind) where.kind = filters.kind;
  if (filters.q) where.name = { $ilike: `%${filters.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` };
  return withWorkshopCounts(em, await em.find(Partner, where, { orderBy: { name: 'asc' } }));
}

/** One partner's row of the list, with its count of active workshops. */
export async function partnerRow(em: EntityManager, partner: Partner): Promise<PartnerRow> {
  const [row] = await withWorkshopCounts(em, [partner]);
  return row as PartnerRow;
}

/** The partners' counts of active workshops, in one query. */
async function withWorkshopCounts(em: EntityManager, partners: Partner[]): Promise<PartnerRow[]> {
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
  const partner = Number.isSafeInteger(id) && scope.canSeePartner(id) ? await em.findOne(Partner, id) : null;
  if (!partner) throw new NotFoundError();
  return partner;
}

/** The organisation the caller works for, if any (loaded with the session: no query). */
export async function myOrganisation(em: EntityManager, scope: Scope): Promise<Partner | null> {
  return scope.partnerId === null ? null : em.findOne(Partner, scope.partnerId);
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
  scope.must(scope.canManageCatalogue);
  const partner = em.create(Partner, { name: input.name, kind: input.kind });
  apply(partner, input);
  await flushGuarded(em);
  return partner;
}

export async function updatePartner(em: EntityManager, scope: Scope, id: number, input: PartnerInput, version: number): Promise<Partner> {
  scope.must(scope.canManageCatalogue);
  const partner = await findPartner(em, scope, id);
  if (partner.version !== version) throw new StaleRecordError();
  apply(partner, input);
  await flushGuarded(em);
  return partner;
}

export async function archivePartner(em: EntityManager, scope: Scope, id: number): Promise<Partner> {
  scope.must(scope.canManageCatalogue);
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
  scope.must(scope.canManageCatalogue);
  const partner = await findPartner(em, scope, id);
  restore(partner);
  await flushGuarded(em);
  return partner;
}
