import type { EntityManager } from '@mikro-orm/postgresql';
import { Establishment, type EstablishmentKind } from '../../src/establishments/entities.ts';
import { Partner } from '../../src/partners/entities.ts';
import { hashPassword } from '../../src/platform/passwords.ts';
import { type Role, User } from '../../src/users/entities.ts';

export const TEST_PASSWORD = 'un mot de passe de test';
const testHash = hashPassword(TEST_PASSWORD);
let sequence = 0;
const next = () => ++sequence;

export async function createEstablishment(
  em: EntityManager,
  overrides: Partial<{ name: string; kind: EstablishmentKind; city: string; capacity: number; archived: boolean }> = {},
) {
  const n = next();
  const establishment = em.create(Establishment, {
    name: overrides.name ?? `Établissement n° ${n}`,
    kind: overrides.kind ?? 'inserre',
    city: overrides.city ?? 'Arras',
    capacity: overrides.capacity ?? 180,
    archivedAt: overrides.archived ? new Date() : null,
  });
  await em.flush();
  return establishment;
}

export async function createPartner(em: EntityManager, overrides: Partial<{ name: string }> = {}) {
  const partner = em.create(Partner, { name: overrides.name ?? `Association n° ${next()}`, kind: 'association' });
  await em.flush();
  return partner;
}

export async function createUser(
  em: EntityManager,
  role: Role,
  overrides: Partial<{ email: string; displayName: string; establishments: Establishment[]; partner: Partner; active: boolean }> = {},
) {
  const n = next();
  const partner = role === 'partner' ? (overrides.partner ?? (await createPartner(em))) : null;
  const user = em.create(User, {
    email: overrides.email ?? `${role}-${n}@exemple.fr`,
    displayName: overrides.displayName ?? `Personne ${role} ${n}`,
    role,
    passwordHash: await testHash,
    active: overrides.active ?? true,
    partner,
  });
  if (overrides.establishments) user.establishments.set(overrides.establishments);
  await em.flush();
  return user;
}
