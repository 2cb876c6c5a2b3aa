import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../users/entities.ts';
import { normaliseEmail, passwordProblem } from '../users/rules.ts';
import { hashPassword } from './passwords.ts';

/** On a database without any administrator, creates the one named by ADMIN_EMAIL/ADMIN_PASSWORD. */
export async function ensureFirstAdmin(em: EntityManager, email: string | undefined, password: string | undefined): Promise<'created' | 'exists' | 'missing'> {
  if ((await em.count(User, { role: 'admin', active: true })) > 0) return 'exists';
  if (!email || !password) return 'missing';
  const problem = passwordProblem(password, email);
  if (problem) throw new Error(`ADMIN_PASSWORD refusé : ${problem}`);
  em.create(User, { email: normaliseEmail(email), displayName: 'Administration', role: 'admin', passwordHash: await hashPassword(password), active: true });
  await em.flush();
  return 'created';
}
