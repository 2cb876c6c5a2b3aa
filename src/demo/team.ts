import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays } from 'date-fns';
import { hashToken } from '../auth/service.ts';
import { PartnerInvitation } from '../partners/profile-entities.ts';
import { User } from '../users/entities.ts';

export const DEMO_COLLEAGUE = { email: 'collegue@atelier.test', displayName: 'Zoé Collègue (démo)' } as const;

/**
 * The demo partner's team (issue 21, item 5): partenaire@atelier.test administers the book-binding
 * association; a colleague has a plain account of the same organisation (same demo password);
 * one invitation waits, its link unknown (only its hash is kept): it shows in « Équipe ».
 */
export async function createDemoTeam(em: EntityManager, passwordHash: string, now: Date): Promise<void> {
  const admin = await em.findOne(User, { email: 'partenaire@atelier.test' }, { populate: ['partner'] });
  if (!admin?.partner) return;
  admin.partnerAdmin = true;
  em.create(User, { ...DEMO_COLLEAGUE, role: 'partner', partner: admin.partner, partnerAdmin: false, passwordHash, active: true });
  em.create(PartnerInvitation, {
    partner: admin.partner,
    email: 'nouvelle.recrue@exemple.fr',
    displayName: 'Nora Recrue',
    tokenHash: hashToken(randomBytes(32).toString('base64url')),
    expiresAt: addDays(now, 5),
    createdBy: admin,
    createdAt: addDays(now, -2),
  });
  await em.flush();
}
