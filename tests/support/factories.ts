import type { EntityManager } from '@mikro-orm/postgresql';
import { Candidacy } from '../../src/candidacies/entities.ts';
import { Detainee } from '../../src/detainees/entities.ts';
import { Establishment, type EstablishmentKind } from '../../src/establishments/entities.ts';
import { Partner } from '../../src/partners/entities.ts';
import { hashPassword } from '../../src/platform/passwords.ts';
import type { Role } from '../../src/platform/roles.ts';
import { TrainingProgramme, TrainingSession } from '../../src/training/entities.ts';
import { User } from '../../src/users/entities.ts';
import { Post, Workshop } from '../../src/workshops/entities.ts';

export const TEST_PASSWORD = 'un mot de passe de test';
/**
 * Tests hash passwords at scrypt N=2^10 (PASSWORD_HASH_COST): at production's 2^17 every
 * login costs a few hundred milliseconds of CPU. The cost is kept in each hash.
 */
export const TEST_PASSWORD_HASH_COST = 10;
const testHash = hashPassword(TEST_PASSWORD, TEST_PASSWORD_HASH_COST);
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
  overrides: Partial<{ email: string; displayName: string; establishments: Establishment[]; partner: Partner; active: boolean; partnerAdmin: boolean }> = {},
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
    partnerAdmin: role === 'partner' && (overrides.partnerAdmin ?? false),
  });
  if (overrides.establishments) user.establishments.set(overrides.establishments);
  await em.flush();
  return user;
}

export async function createWorkshop(em: EntityManager, establishment: Establishment, overrides: Partial<{ name: string; partner: Partner }> = {}) {
  const workshop = em.create(Workshop, {
    establishment,
    partner: overrides.partner ?? (await createPartner(em)),
    name: overrides.name ?? `Atelier n° ${next()}`,
    activity: 'Reliure de livres',
    iaeType: 'aci',
    openingHours: 'lun.–ven. 8h–16h',
  });
  await em.flush();
  return workshop;
}

export async function createPost(
  em: EntityManager,
  workshop: Workshop,
  overrides: Partial<{ code: string; title: string; status: 'open' | 'frozen'; weeklyMinutes: number }> = {},
) {
  const post = em.create(Post, {
    establishment: workshop.establishment,
    workshop,
    title: overrides.title ?? 'Relieur',
    code: overrides.code ?? `P-${next()}`,
    weeklyMinutes: overrides.weeklyMinutes ?? 2100,
    payCategory: 'production',
    status: overrides.status ?? 'open',
  });
  await em.flush();
  return post;
}

export async function createProgramme(em: EntityManager, overrides: Partial<{ title: string }> = {}) {
  const programme = em.create(TrainingProgramme, {
    title: overrides.title ?? `Formation n° ${next()}`,
    provider: 'GRETA',
    certificationCode: null,
    hours: 140,
  });
  await em.flush();
  return programme;
}

export async function createSession(
  em: EntityManager,
  establishment: Establishment,
  programme: TrainingProgramme,
  overrides: Partial<{ startsOn: string; endsOn: string; places: number }> = {},
) {
  const session = em.create(TrainingSession, {
    establishment,
    programme,
    startsOn: overrides.startsOn ?? '2026-09-01',
    endsOn: overrides.endsOn ?? '2099-06-30',
    places: overrides.places ?? 12,
    paid: false,
  });
  await em.flush();
  return session;
}

export async function createDetainee(
  em: EntityManager,
  establishment: Establishment,
  overrides: Partial<{ lastName: string; firstName: string; prisonNumber: string; arrivalDate: string; expectedReleaseDate: string | null }> = {},
) {
  const n = next();
  const detainee = em.create(Detainee, {
    establishment,
    prisonNumber: overrides.prisonNumber ?? `E${n}`,
    lastName: overrides.lastName ?? `Nom${n}`,
    firstName: overrides.firstName ?? 'Jean',
    birthDate: '1990-01-01',
    arrivalDate: overrides.arrivalDate ?? '2026-01-05',
    expectedReleaseDate: overrides.expectedReleaseDate ?? null,
    status: 'present',
  });
  await em.flush();
  return detainee;
}

/** An approved candidacy (favourable CPU opinion) for a workshop: a place on its waiting list. */
export async function createWaitingCandidacy(em: EntityManager, detainee: Detainee, workshop: Workshop, cpuOn = '2026-02-01') {
  const candidacy = em.create(Candidacy, {
    establishment: detainee.establishment,
    detainee,
    target: 'workshop',
    workshop,
    proposedBy: 'self',
    submittedOn: '2026-01-20',
    status: 'approved',
    cpuOpinion: 'favourable',
    cpuOn,
  });
  await em.flush();
  return candidacy;
}
