import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../platform/passwords.ts';
import { User } from './entities.ts';
import { normaliseEmail, passwordProblem } from './rules.ts';

/** On a database without any administrator, creates the one named by ADMIN_EMAIL/ADMIN_PASSWORD. */
export async function ensureFirstAdmin(
  em: EntityManager,
  email: string | undefined,
  password: string | undefined,
  passwordHashCost: number,
): Promise<'created' | 'exists' | 'missing'> {
  if ((await em.count(User, { role: 'admin', active: true })) > 0) return 'exists';
  if (!email || !password) return 'missing';
  const problem = passwordProblem(password, email);
  if (problem) throw new Error(`ADMIN_PASSWORD refusé : ${problem}`);
  em.create(User, {
    email: normaliseEmail(email),
    displayName: 'Administration',
    role: 'admin',
    passwordHash: await hashPassword(password, passwordHashCost),
    active: true,
  });
  await em.flush();
  return 'created';
}
