import type { EntityManager } from '@mikro-orm/postgresql';
import { Assignment } from '../assignments/entities.ts';
import { findEstablishment } from '../establishments/service.ts';
import { heldOnOrAfter, heldSql, occupancyOn } from '../holdings/service.ts';
import { Partner } from '../partners/entities.ts';
import { archive, isArchived, restore } from '../platform/archivable.ts';
import { type Day, firstDayOf, monthOf } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, RuleError, StaleRecordError } from '../platform/errors.ts';
import { formatBasisPoints } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { PayFloor, Post, type PostStatus, Workshop } from './entities.ts';
import type { PostInput, WorkshopInput } from './forms.ts';
import { categoryFloorProblem, type IaeType, iaeCategoryProblem, type PayCategory, type PayFloorRow, payFloorOn } from './rules.ts';

export interface WorkshopRow {
  workshop: Workshop;
  openPosts: number;
  frozenPosts: number;
  /** Posts held by someone today. */
  occupied: number;
  weeklyMinutes: number;
}

const escapeLike = (q: string) => q.replace(/[\\%_]/g, (m) => `\\${m}`);

export interface WorkshopFilters {
  archived?: boolean;
  partnerId?: number;
  q?: string;
}

/** The establishment's workshops with their counts of open and frozen posts (one query for the counts). */
export async function listWorkshops(
  em: EntityManager,
  scope: Scope,
  establishmentId: number,
  today: Day,
  filters: WorkshopFilters = {},
): Promise<WorkshopRow[]> {
  const where: Record<string, unknown> = { ...scope.workshopFilter(), establishment: establishmentId, archivedAt: filters.archived ? { $ne: null } : null };
  if (!scope.isPartnerStaff) scope.assertEstablishment(establishmentId);
  if (filters.partnerId) where.partner = filters.partnerId;
  if (filters.q) where.$or = [{ name: { $ilike: `%${escapeLike(filters.q)}%` } }, { activity: { $ilike: `%${escapeLike(filters.q)}%` } }];
  return withCounts(em, await em.find(Workshop, where, { orderBy: { name: 'asc' }, populate: ['partner', 'establishment'] }), today);
}

/** One workshop's row of the list, with its counts. */
export async function workshopRow(em: EntityManager, workshop: Workshop, today: Day): Promise<WorkshopRow> {
  const [row] = await withCounts(em, [workshop], today);
  return row as WorkshopRow;
}

/** The workshops' counts of open, frozen and held posts, in one query. */
async function withCounts(em: EntityManager, workshops: Workshop[], today: Day): Promise<WorkshopRow[]> {
  if (workshops.length === 0) return [];
  const counts = await em.getConnection().execute<{ workshop_id: number; open: number; frozen: number; occupied: number; minutes: number }[]>(
    `select p.workshop_id,
            count(*) filter (where p.status = 'open')::int as open,
            count(*) filter (where p.status = 'frozen')::int as frozen,
            count(*) filter (where exists (select 1 from assignment a where a.post_id = p.id and ${heldSql('a')}))::int as occupied,
            coalesce(sum(p.weekly_minutes), 0)::int as minutes
       from post p where p.archived_at is null and p.workshop_id in (?) group by p.workshop_id`,
    [today, today, workshops.map((w) => w.id)],
  );
  const byId = new Map(counts.map((c) => [c.workshop_id, c]));
  return workshops.map((workshop) => {
    const c = byId.get(workshop.id);
    return { workshop, openPosts: c?.open ?? 0, frozenPosts: c?.frozen ?? 0, occupied: c?.occupied ?? 0, weeklyMinutes: c?.minutes ?? 0 };
  });
}

/** The workshops of the caller's own organisation (a partner), in every establishment, with their counts. */
export async function workshopsOfMyOrganisation(em: EntityManager, scope: Scope, today: Day): Promise<WorkshopRow[]> {
  scope.must(scope.isPartnerStaff);
  const establishments = await em.find(Workshop, { ...scope.workshopFilter(), archivedAt: null }, { fields: ['establishment'] });
  const ids = [...new Set(establishments.map((w) => w.establishment.id))];
  const rows = await Promise.all(ids.map((id) => listWorkshops(em, scope, id, today)));
  return rows.flat().sort((a, b) => a.workshop.name.localeCompare(b.workshop.name, 'fr'));
}

/** A workshop the caller may see (its establishment's coordinators, its partner, admins); 404 otherwise. */
export async function findWorkshop(em: EntityManager, scope: Scope, id: number): Promise<Workshop> {
  const workshop = Number.isSafeInteger(id) ? await em.findOne(Workshop, { id, ...scope.workshopFilter() }, { populate: ['partner', 'establishment'] }) : null;
  if (!workshop) throw new NotFoundError();
  return workshop;
}

async function activePartner(em: EntityManager, id: number): Promise<Partner> {
  const partner = await em.findOne(Partner, { id, archivedAt: null });
  if (!partner) throw new FieldErrors({ partnerId: 'Cette structure n’existe plus ou est archivée : choisissez-en une autre.' });
  return partner;
}

export async function createWorkshop(em: EntityManager, scope: Scope, establishmentId: number, input: WorkshopInput): Promise<Workshop> {
  scope.assertCanManage(establishmentId);
  const establishment = await findEstablishment(em, scope, establishmentId);
  if (isArchived(establishment)) throw new RuleError('Cet établissement est archivé : restaurez-le avant d’y ouvrir un atelier.', 409);
  const workshop = em.create(Workshop, {
    establishment,
    partner: await activePartner(em, input.partnerId),
    name: input.name,
    activity: input.activity,
    iaeType: input.iaeType,
    openingHours: input.openingHours,
  });
  await flushGuarded(em);
  return workshop;
}

export async function updateWorkshop(em: EntityManager, scope: Scope, id: number, input: WorkshopInput, version: number): Promise<Workshop> {
  const workshop = await findWorkshop(em, scope, id);
  scope.assertCanManage(workshop.establishment.id);
  if (workshop.version !== version) throw new StaleRecordError();
  if (workshop.partner.id !== input.partnerId) workshop.partner = await activePartner(em, input.partnerId);
  if (input.iaeType !== workshop.iaeType && input.iaeType !== 'none') {
    const others = await em.find(Post, { workshop, archivedAt: null, payCategory: { $ne: 'production' } }, { fields: ['code'], orderBy: { code: 'asc' } });
    if (others.length > 0) {
      throw new FieldErrors({
        iaeType: `Un atelier d’insertion ne reçoit que des postes de production (code pénitentiaire, art. D412-64) : changez d’abord la catégorie de ${others.map((p) => p.code).join(', ')}.`,
      });
    }
  }
  workshop.name = input.name;
  workshop.activity = input.activity;
  workshop.iaeType = input.iaeType;
  workshop.openingHours = input.openingHours;
  await flushGuarded(em);
  return workshop;
}

/** Archives the workshop and its posts together, with one instant, so that a restore can bring back exactly those posts. */
export async function archiveWorkshop(em: EntityManager, scope: Scope, id: number, today: Day): Promise<{ workshop: Workshop; posts: number }> {
  return em.transactional(async (tx) => {
    const workshop = await findWorkshop(tx, scope, id);
    scope.assertCanManage(workshop.establishment.id);
    await refuseWhileHeld(
      tx,
      today,
      { post: { workshop } },
      'Des personnes occupent encore des postes de cet atelier : mettez fin à leurs affectations (motif « fermeture de l’atelier ») avant de l’archiver.',
    );
    const at = new Date();
    const posts = await tx.find(Post, { workshop, archivedAt: null });
    for (const post of posts) archive(post, at);
    archive(workshop, at);
    await tx.flush();
    return { workshop, posts: posts.length };
  });
}

export async function restoreWorkshop(em: EntityManager, scope: Scope, id: number): Promise<{ workshop: Workshop; posts: number }> {
  return em.transactional(async (tx) => {
    const workshop = await findWorkshop(tx, scope, id);
    scope.assertCanManage(workshop.establishment.id);
    if (!workshop.archivedAt) return { workshop, posts: 0 };
    const posts = await tx.find(Post, { workshop, archivedAt: workshop.archivedAt });
    for (const post of posts) restore(post);
    restore(workshop);
    await flushGuarded(tx);
    return { workshop, posts: posts.length };
  });
}

/** Archiving must not hide someone who still holds a post, today or from a later date. */
async function refuseWhileHeld(em: EntityManager, today: Day, where: Record<string, unknown>, message: string): Promise<void> {
  const held = await em.count(Assignment, { ...where, ...heldOnOrAfter(today) });
  if (held > 0) throw new RuleError(message, 409);
}

export interface PostFilters {
  workshopId?: number;
  status?: PostStatus;
  payCategory?: PayCategory;
  archived?: boolean;
  q?: string;
}

export async function listPosts(em: EntityManager, scope: Scope, establishmentId: number, filters: PostFilters = {}): Promise<Post[]> {
  if (!scope.isPartnerStaff) scope.assertEstablishment(establishmentId);
  const where: Record<string, unknown> = {
    establishment: establishmentId,
    workshop: { ...scope.workshopFilter(), ...(filters.workshopId ? { id: filters.workshopId } : {}) },
    archivedAt: filters.archived ? { $ne: null } : null,
  };
  if (filters.status) where.status = filters.status;
  if (filters.payCategory) where.payCategory = filters.payCategory;
  if (filters.q) where.$or = [{ title: { $ilike: `%${escapeLike(filters.q)}%` } }, { code: { $ilike: `%${escapeLike(filters.q)}%` } }];
  return em.find(Post, where, { orderBy: { workshop: { name: 'asc' }, code: 'asc' }, populate: ['workshop'] });
}

export async function findPost(em: EntityManager, scope: Scope, id: number): Promise<Post> {
  const post = Number.isSafeInteger(id)
    ? await em.findOne(Post, { id, workshop: scope.workshopFilter() }, { populate: ['workshop', 'workshop.partner'] })
    : null;
  if (!post) throw new NotFoundError();
  return post;
}

/** An insertion workshop (ACI, EI) takes production posts only (D412-64). */
function refuseOutsideIae(iaeType: IaeType, category: PayCategory): void {
  const problem = iaeCategoryProblem(iaeType, category);
  if (problem) throw new FieldErrors({ payCategory: problem });
}

/**
 * Raising a post's category above the contract of someone who holds it (today or later)
 * would leave that contract below its floor (D412-64): end it or sign a new one first.
 */
async function refuseAboveHolders(em: EntityManager, post: Post, category: PayCategory, today: Day): Promise<void> {
  const floors = await payFloors(em);
  const holders = await em.find(Assignment, { post, ...heldOnOrAfter(today) }, { populate: ['detainee'] });
  const below = holders.filter((a) => categoryFloorProblem(a.payCategory, category, a.startsOn > today ? a.startsOn : today, floors) !== null);
  if (below.length > 0) {
    throw new FieldErrors({
      payCategory: `Le contrat de ${below.map((a) => a.detainee.fullName()).join(', ')} sur ce poste paierait moins que cette catégorie, qui est un plancher (code pénitentiaire, art. D412-64) : mettez fin au contrat ou signez-en un nouveau d’abord.`,
    });
  }
}

/** A post's own rate may only be above its category's floor in force `today`. */
async function checkPayRate(em: EntityManager, input: PostInput, today: Day): Promise<void> {
  if (input.payRate === null) return;
  const floor = payFloorOn(input.payCategory, today, await payFloors(em));
  if (input.payRate > 10_000) throw new FieldErrors({ payRate: 'Le taux ne peut pas dépasser 100 % du SMIC.' });
  if (floor !== null && input.payRate < floor)
    throw new FieldErrors({ payRate: `Le taux ne peut pas être inférieur au plancher de la catégorie (${formatBasisPoints(floor)} du SMIC).` });
}

export async function createPost(em: EntityManager, scope: Scope, workshopId: number, input: PostInput, today: Day): Promise<Post> {
  await checkPayRate(em, input, today);
  const workshop = await findWorkshop(em, scope, workshopId);
  scope.assertCanManage(workshop.establishment.id);
  if (isArchived(workshop)) throw new RuleError('Cet atelier est archivé : restaurez-le avant d’y créer un poste.', 409);
  refuseOutsideIae(workshop.iaeType, input.payCategory);
  const post = em.create(Post, {
    establishment: workshop.establishment,
    workshop,
    title: input.title,
    code: input.code,
    weeklyMinutes: input.weeklyHours,
    payCategory: input.payCategory,
    payBasisPoints: input.payRate,
    status: 'open',
  });
  await flushGuarded(em);
  return post;
}

export async function updatePost(em: EntityManager, scope: Scope, id: number, input: PostInput, version: number, today: Day): Promise<Post> {
  const post = await findPost(em, scope, id);
  scope.assertCanManage(post.establishment.id);
  if (post.version !== version) throw new StaleRecordError();
  await checkPayRate(em, input, today);
  refuseOutsideIae(post.workshop.iaeType, input.payCategory);
  if (input.payCategory !== post.payCategory) await refuseAboveHolders(em, post, input.payCategory, today);
  post.payBasisPoints = input.payRate;
  post.title = input.title;
  post.code = input.code;
  post.weeklyMinutes = input.weeklyHours;
  post.payCategory = input.payCategory;
  await flushGuarded(em);
  return post;
}

type PostChange = 'freeze' | 'reopen' | 'archive' | 'restore';

/** State changes of a post: freeze (no new assignment), reopen, archive, restore. */
export async function changePost(em: EntityManager, scope: Scope, id: number, change: PostChange, today: Day): Promise<Post> {
  const post = await findPost(em, scope, id);
  scope.assertCanManage(post.establishment.id);
  if (change === 'restore' && isArchived(post.workshop)) {
    throw new RuleError('L’atelier de ce poste est archivé : restaurez l’atelier d’abord.', 409);
  }
  if (change === 'freeze') post.freeze();
  else if (change === 'reopen') post.reopen();
  else if (change === 'archive') {
    await refuseWhileHeld(em, today, { post }, `Le poste ${post.code} est occupé : mettez fin à l’affectation avant de l’archiver.`);
    archive(post);
  } else restore(post);
  await flushGuarded(em);
  return post;
}

export interface PostOccupancy {
  holder: string | null;
  vacantDaysThisMonth: number;
}

/** Who holds each post today and how many days of this month it stood vacant (one query). */
export async function postOccupancy(em: EntityManager, posts: Post[], today: Day): Promise<Map<number, PostOccupancy>> {
  const occupancy = await occupancyOn(em, posts, firstDayOf(monthOf(today)), today);
  return new Map([...occupancy].map(([id, o]) => [id, { holder: o.holder, vacantDaysThisMonth: o.vacantDays }]));
}

/** The pay floors with their effective dates, as the rules read them. */
export async function payFloors(em: EntityManager): Promise<PayFloorRow[]> {
  const rows = await em.find(PayFloor, {}, { orderBy: { effectiveFrom: 'asc' } });
  return rows.map((r) => ({ category: r.category, effectiveFrom: String(r.effectiveFrom).slice(0, 10), floorBasisPoints: r.floorBasisPoints }));
}
