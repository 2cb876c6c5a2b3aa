import type { EntityManager } from '@mikro-orm/postgresql';
import { Establishment } from '../establishments/entities.ts';
import { Partner } from '../partners/entities.ts';
import { isArchived } from '../platform/archivable.ts';
import { FieldErrors, NotFoundError, RuleError, StaleRecordError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import { hashPassword } from '../platform/passwords.ts';
import type { Scope } from '../platform/scope.ts';
import { User, UserSession } from './entities.ts';
import type { UserInput } from './forms.ts';
import { hasEstablishments, passwordProblem } from './rules.ts';

export interface UserFilters {
  role?: string;
  status?: 'active' | 'inactive' | 'all';
  q?: string;
}

export async function listUsers(em: EntityManager, scope: Scope, filters: UserFilters): Promise<User[]> {
  scope.must(scope.canManageAccounts);
  const where: Record<string, unknown> = {};
  if (filters.role) where.role = filters.role;
  if (filters.status !== 'all') where.active = filters.status !== 'inactive';
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.$or = [{ email: { $ilike: like } }, { displayName: { $ilike: like } }];
  }
  return em.find(User, where, { orderBy: { displayName: 'asc' }, populate: ['establishments', 'partner'] });
}

export async function findUser(em: EntityManager, scope: Scope, id: number): Promise<User> {
  scope.must(scope.canManageAccounts);
  const user = Number.isSafeInteger(id) ? await em.findOne(User, id, { populate: ['establishments', 'partner'] }) : null;
  if (!user) throw new NotFoundError();
  return user;
}

/** What the admin can pick from: active establishments and partner organisations. */
export async function membershipChoices(em: EntityManager) {
  const [establishments, partners] = await Promise.all([
    em.find(Establishment, { archivedAt: null }, { orderBy: { name: 'asc' } }),
    em.find(Partner, { archivedAt: null }, { orderBy: { name: 'asc' } }),
  ]);
  return { establishments, partners };
}

async function applyMemberships(em: EntityManager, user: User, input: UserInput): Promise<void> {
  const listed = hasEstablishments(input.role);
  const establishments = listed ? await em.find(Establishment, { id: { $in: input.establishmentIds }, archivedAt: null }) : [];
  if (establishments.length !== (listed ? new Set(input.establishmentIds).size : 0)) {
    throw new FieldErrors({ establishmentIds: 'Un des établissements cochés n’existe plus ou est archivé : rechargez la page.' });
  }
  // Archived establishments are not offered in the form; keep those memberships as they were.
  const archivedKept = user.establishments.isInitialized() ? user.establishments.getItems().filter((e) => isArchived(e)) : [];
  user.establishments.set(listed ? [...establishments, ...archivedKept] : []);
  if (input.role === 'partner') {
    const partner = await em.findOne(Partner, { id: input.partnerId ?? 0, archivedAt: null });
    if (!partner) throw new FieldErrors({ partnerId: 'Cette structure partenaire n’existe plus ou est archivée.' });
    user.partner = partner;
    user.partnerAdmin = input.partnerAdmin;
  } else {
    user.partner = null;
    user.partnerAdmin = false;
  }
}

/** `passwordHashCost`: the configured PASSWORD_HASH_COST. */
export async function createUser(em: EntityManager, scope: Scope, input: UserInput, passwordHashCost: number): Promise<User> {
  scope.must(scope.canManageAccounts);
  if (!input.password) throw new FieldErrors({ password: 'Choisissez un mot de passe provisoire à transmettre à la personne.' });
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw new FieldErrors({ password: problem });
  const passwordHash = await hashPassword(input.password, passwordHashCost);
  return em.transactional(async (tx) => {
    const user = tx.create(User, {
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      passwordHash,
      active: true,
      mustChangePassword: true,
    });
    await applyMemberships(tx, user, input);
    await flushGuarded(tx);
    return user;
  });
}

export async function updateUser(em: EntityManager, scope: Scope, id: number, input: UserInput, version: number, passwordHashCost: number): Promise<User> {
  scope.must(scope.canManageAccounts);
  if (id === scope.userId && input.role !== 'admin') {
    throw new FieldErrors({ role: 'Vous ne pouvez pas retirer votre propre rôle d’administration.' });
  }
  const problem = input.password ? passwordProblem(input.password, input.email) : null;
  if (problem) throw new FieldErrors({ password: problem });
  const passwordHash = input.password ? await hashPassword(input.password, passwordHashCost) : null;
  return em.transactional(async (tx) => {
    const user = await findUser(tx, scope, id);
    if (user.version !== version) throw new StaleRecordError();
    // Memberships live in another table: touch the row so its version moves and guards them too.
    user.updatedAt = new Date();
    user.email = input.email;
    user.displayName = input.displayName;
    user.role = input.role;
    await applyMemberships(tx, user, input);
    if (passwordHash) {
      user.setTemporaryPassword(passwordHash);
      await tx.nativeDelete(UserSession, { user: user.id });
    }
    await flushGuarded(tx);
    return user;
  });
}

export async function deactivateUser(em: EntityManager, scope: Scope, id: number): Promise<User> {
  scope.must(scope.canManageAccounts);
  if (id === scope.userId) throw new RuleError('Vous ne pouvez pas désactiver votre propre compte.');
  return em.transactional(async (tx) => {
    const user = await findUser(tx, scope, id);
    user.deactivate();
    await tx.nativeDelete(UserSession, { user: user.id });
    return user;
  });
}

export async function reactivateUser(em: EntityManager, scope: Scope, id: number): Promise<User> {
  const user = await findUser(em, scope, id);
  user.reactivate();
  await em.flush();
  return user;
}
