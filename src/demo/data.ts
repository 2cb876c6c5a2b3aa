import type { EntityManager } from '@mikro-orm/postgresql';
import { Establishment } from '../establishments/entities.ts';
import { Partner } from '../partners/entities.ts';
import { hashPassword } from '../platform/passwords.ts';
import { AppSetting } from '../platform/settings.ts';
import { User } from '../users/entities.ts';

export const DEMO_PASSWORD = 'atelier-demo';

export const DEMO_ACCOUNTS = [
  { email: 'admin@atelier.test', role: 'admin', displayName: 'Alice Admin (démo)' },
  { email: 'coordination@atelier.test', role: 'coordinator', displayName: 'Camille Coordination (démo)' },
  { email: 'partenaire@atelier.test', role: 'partner', displayName: 'Paul Partenaire (démo)' },
  { email: 'comite@atelier.test', role: 'committee', displayName: 'Claire Comité (démo)' },
] as const;

const MARKER = 'demo_data_loaded_at';

/**
 * Loads the fictitious demo establishments, partner and one account per role, once:
 * a marker row remembers it, so a restart never duplicates nor resurrects them.
 */
export async function loadDemoData(em: EntityManager): Promise<boolean> {
  if (await em.findOne(AppSetting, MARKER)) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await em.transactional(async (tx) => {
    const arras = tx.create(Establishment, { name: 'Établissement InSERRE d’Arras (démo)', kind: 'inserre', city: 'Arras', capacity: 180 });
    const brest = tx.create(Establishment, { name: 'Maison d’arrêt de Brest (démo)', kind: 'maison_arret', city: 'Brest', capacity: 254 });
    const binding = tx.create(Partner, { name: 'Reliures Solidaires — association (démo)', kind: 'association' });
    for (const account of DEMO_ACCOUNTS) {
      const user = tx.create(User, { ...account, passwordHash, active: true, partner: account.role === 'partner' ? binding : null });
      if (account.role === 'coordinator') user.establishments.set([arras, brest]);
    }
    tx.create(AppSetting, { key: MARKER, value: new Date().toISOString() });
  });
  return true;
}
