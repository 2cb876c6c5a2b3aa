import type { EntityManager } from '@mikro-orm/postgresql';
import type { Establishment } from '../establishments/entities.ts';
import type { Partner } from '../partners/entities.ts';
import { PartnerAgreement, PartnerContact } from '../partners/profile-entities.ts';
import { type Day, plusDays, plusMonths } from '../platform/calendar.ts';
import { Workshop } from '../workshops/entities.ts';

/** The demo partner's binding agreement ends this many days after the demo's today: both homes remind it. */
export const DEMO_ENDING_IN_DAYS = 45;

/** « BRE-2025-03 »: a reference from the establishment's city, the year it starts and a number. */
const reference = (e: Establishment, startsOn: Day, n: number) => `${e.city.slice(0, 3).toUpperCase()}-${startsOn.slice(0, 4)}-${String(n).padStart(2, '0')}`;

/**
 * The partners' profiles in the demo (issue 21, item 5): one agreement per partner and
 * establishment it works in, running a year or more ahead, except the Brest book-binding
 * association's, which ends within 60 days (both homes remind it) after an earlier one that
 * ended; its details and two contacts. The establishments' general services have none.
 */
export async function createDemoPartnerProfiles(em: EntityManager, today: Day): Promise<void> {
  const workshops = await em.find(Workshop, { archivedAt: null }, { populate: ['partner', 'establishment'], orderBy: { id: 'asc' } });
  const pairs = new Map<string, { partner: Partner; establishment: Establishment }>();
  for (const w of workshops) {
    if (w.partner.kind !== 'service_general') pairs.set(`${w.partner.id}-${w.establishment.id}`, { partner: w.partner, establishment: w.establishment });
  }
  let n = 0;
  for (const { partner, establishment } of pairs.values()) {
    n += 1;
    const binding = partner.name.startsWith('Reliures Solidaires');
    if (binding) {
      const endsOn = plusDays(today, DEMO_ENDING_IN_DAYS);
      const startsOn = plusDays(plusMonths(endsOn, -12), 1);
      const earlierStart = plusMonths(startsOn, -12);
      agreement(em, partner, establishment, {
        reference: reference(establishment, earlierStart, n),
        title: 'Atelier reliure : première année',
        startsOn: earlierStart,
        endsOn: plusDays(startsOn, -1),
      });
      agreement(em, partner, establishment, {
        reference: reference(establishment, startsOn, n + 1),
        title: 'Atelier reliure : reconduction',
        startsOn,
        endsOn,
      });
      n += 1;
      partner.address = '12 rue de la Reliure, 29200 Brest';
      partner.website = 'https://reliures-solidaires.example.org';
      partner.description = 'Association d’insertion par la reliure et la restauration de livres, avec les bibliothèques du Finistère.';
      em.create(PartnerContact, {
        partner,
        name: 'Paul Partenaire',
        function: 'Encadrant technique',
        email: 'partenaire@atelier.test',
        phone: '02 98 00 00 01',
      });
      em.create(PartnerContact, {
        partner,
        name: 'Anne Colle',
        function: 'Directrice',
        email: 'direction@reliures-solidaires.example.org',
        phone: '02 98 00 00 02',
      });
    } else {
      const startsOn = plusMonths(today, -18);
      agreement(em, partner, establishment, {
        reference: reference(establishment, startsOn, n),
        title: 'Convention d’atelier',
        startsOn,
        endsOn: plusMonths(today, 18),
      });
      if (partner.contactName) em.create(PartnerContact, { partner, name: partner.contactName, function: 'Encadrement technique' });
    }
  }
  await em.flush();
}

function agreement(em: EntityManager, partner: Partner, establishment: Establishment, a: { reference: string; title: string; startsOn: Day; endsOn: Day }) {
  em.create(PartnerAgreement, { partner, establishment, ...a, signedOn: plusDays(a.startsOn, -10) });
}
