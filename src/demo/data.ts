import type { EntityManager } from '@mikro-orm/postgresql';
import { Establishment } from '../establishments/entities.ts';
import { LeavePolicy } from '../leave/entities.ts';
import { INSERRE_PRESET, LABOUR_CODE_PRESET } from '../leave/policy.ts';
import { Partner, type PartnerKind } from '../partners/entities.ts';
import { plusDays, plusMonths, toDay } from '../platform/calendar.ts';
import { hashPassword, PRODUCTION_HASH_COST } from '../platform/passwords.ts';
import { AppSetting } from '../platform/settings.ts';
import { TrainingProgramme, TrainingSession } from '../training/entities.ts';
import { User } from '../users/entities.ts';
import { Post, Workshop } from '../workshops/entities.ts';
import type { IaeType, PayCategory } from '../workshops/rules.ts';
import { createDemoActivity } from './activity.ts';
import { createDemoCommittees } from './committees.ts';
import { createDemoHours } from './hours.ts';
import { createDemoLeave } from './leave.ts';
import { createDemoPartnerProfiles } from './partners.ts';
import { createDemoPeople } from './people.ts';
import { createDemoProposals } from './proposals.ts';
import { createDemoReports } from './reports.ts';
import { createDemoTeam } from './team.ts';

export const DEMO_PASSWORD = 'atelier-demo';

export const DEMO_ACCOUNTS = [
  { email: 'admin@atelier.test', role: 'admin', displayName: 'Alice Admin (démo)' },
  { email: 'coordination@atelier.test', role: 'coordinator', displayName: 'Camille Coordination (démo)' },
  { email: 'partenaire@atelier.test', role: 'partner', displayName: 'Paul Partenaire (démo)' },
  { email: 'comite@atelier.test', role: 'committee', displayName: 'Claire Comité (démo)' },
] as const;

const MARKER = 'demo_data_loaded_at';

/** A fictitious SIRET whose Luhn key is right: 13 digits plus the check digit. */
function demoSiret(first13: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${first13}${d}`;
    const sum = [...candidate].reduce((acc, ch, i) => {
      const n = Number(ch) * (i % 2 === 0 ? 2 : 1);
      return acc + (n > 9 ? n - 9 : n);
    }, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

interface WorkshopPlan {
  name: string;
  partner: { name: string; kind: PartnerKind; siret: string; contact: string };
  activity: string;
  iae: IaeType;
  hours: string;
  prefix: string;
  pay: PayCategory;
  posts: Array<[title: string, count: number, weeklyMinutes: number]>;
}

const ARRAS: WorkshopPlan[] = [
  {
    name: 'Atelier vélo de l’espace citoyen',
    partner: { name: 'Cycles Solidaires (démo)', kind: 'association', siret: demoSiret('9000000010001'), contact: 'Julie Roue' },
    activity: 'Réparation et remise en état de vélos, ouverte au public',
    iae: 'aci',
    hours: 'lun.–ven. 8h30–12h, 13h30–16h30',
    prefix: 'ARR-VEL',
    pay: 'production',
    posts: [
      ['Mécanicien cycles', 6, 2100],
      ['Agent d’accueil atelier', 2, 1050],
      ['Magasinier pièces détachées', 2, 2100],
    ],
  },
  {
    name: 'Restaurant de l’espace citoyen',
    partner: { name: 'La Table d’Insertion (démo)', kind: 'ei', siret: demoSiret('9000000020002'), contact: 'Marc Saveur' },
    activity: 'Restaurant ouvert au public : cuisine, service en salle, plonge',
    iae: 'ei',
    hours: 'mar.–sam. 9h–15h',
    prefix: 'ARR-RES',
    pay: 'production',
    posts: [
      ['Commis de cuisine', 5, 2100],
      ['Serveur en salle', 4, 1800],
      ['Plongeur', 3, 1440],
    ],
  },
  {
    name: 'Reconditionnement numérique',
    partner: { name: 'Numérique Solidaire SCOP (démo)', kind: 'scop', siret: demoSiret('9000000030003'), contact: 'Inès Octet' },
    activity: 'Reconditionnement d’ordinateurs et de téléphones pour des associations',
    iae: 'ei',
    hours: 'lun.–ven. 8h–12h, 13h–16h',
    prefix: 'ARR-NUM',
    pay: 'production',
    posts: [
      ['Technicien de reconditionnement', 6, 2100],
      ['Opérateur d’effacement des données', 2, 2100],
      ['Préparateur de commandes', 2, 1050],
    ],
  },
  {
    name: 'Maintenance des bâtiments',
    partner: {
      name: 'Service général InSERRE d’Arras (démo)',
      kind: 'service_general',
      siret: demoSiret('9000000040004'),
      contact: 'Régie de l’établissement',
    },
    activity: 'Entretien courant, peinture, petite plomberie et électricité',
    iae: 'none',
    hours: 'lun.–ven. 7h30–12h, 13h–15h30',
    prefix: 'ARR-MAI',
    pay: 'general_1',
    posts: [
      ['Agent de maintenance polyvalent', 6, 2100],
      ['Peintre en bâtiment', 4, 1800],
    ],
  },
  {
    name: 'Espaces verts',
    partner: { name: 'Jardins d’Insertion de l’Artois (démo)', kind: 'aci', siret: demoSiret('9000000050005'), contact: 'Léa Semis' },
    activity: 'Entretien des espaces verts et potager de l’établissement',
    iae: 'aci',
    hours: 'lun.–ven. 8h–12h, 13h–16h (horaires d’été possibles)',
    prefix: 'ARR-EV',
    pay: 'production',
    posts: [
      ['Agent d’entretien des espaces verts', 7, 2100],
      ['Maraîcher', 3, 1800],
    ],
  },
  {
    name: 'Blanchisserie',
    partner: {
      name: 'Service général InSERRE d’Arras (démo)',
      kind: 'service_general',
      siret: demoSiret('9000000040004'),
      contact: 'Régie de l’établissement',
    },
    activity: 'Lavage et repassage du linge de l’établissement',
    iae: 'none',
    hours: 'lun.–sam. 7h–13h',
    prefix: 'ARR-BLA',
    pay: 'general_2',
    posts: [
      ['Agent de blanchisserie', 6, 1800],
      ['Responsable de tri', 2, 2100],
    ],
  },
];

const BREST_BINDING: WorkshopPlan = {
  name: 'Atelier reliure',
  partner: { name: 'Reliures Solidaires — association (démo)', kind: 'association', siret: demoSiret('9000000060006'), contact: 'Paul Partenaire' },
  activity: 'Reliure, protection et remise en état de livres pour des bibliothèques publiques',
  iae: 'aci',
  hours: 'lun.–ven. 8h30–12h, 13h30–16h',
  prefix: 'BRE-REL',
  pay: 'production',
  posts: [
    ['Relieur', 4, 2100],
    ['Agent de protection des ouvrages', 2, 2100],
    ['Agent de remise en état', 2, 1800],
  ],
};

/**
 * Loads the fictitious demo: two establishments set up with workshops, posts and training
 * sessions, and one account per role. Once: a marker row remembers it, so that a restart
 * never duplicates nor resurrects anything.
 */
export async function loadDemoData(em: EntityManager, passwordHashCost = PRODUCTION_HASH_COST, today = new Date()): Promise<boolean> {
  if (await em.findOne(AppSetting, MARKER)) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD, passwordHashCost);
  const day = (offset: number) => plusDays(toDay(today), offset);
  await em.transactional(async (tx) => {
    const arras = tx.create(Establishment, { name: 'Établissement InSERRE d’Arras (démo)', kind: 'inserre', city: 'Arras', capacity: 180 });
    const brest = tx.create(Establishment, { name: 'Maison d’arrêt de Brest (démo)', kind: 'maison_arret', city: 'Brest', capacity: 254 });

    const partners = new Map<string, Partner>();
    const partnerOf = (plan: WorkshopPlan['partner']) => {
      let partner = partners.get(plan.name);
      if (!partner) {
        partner = tx.create(Partner, { name: plan.name, kind: plan.kind, siret: plan.siret, contactName: plan.contact, contactEmail: '', contactPhone: '' });
        partners.set(plan.name, partner);
      }
      return partner;
    };
    const openWorkshop = (establishment: Establishment, plan: WorkshopPlan) => {
      const workshop = tx.create(Workshop, {
        establishment,
        partner: partnerOf(plan.partner),
        name: plan.name,
        activity: plan.activity,
        iaeType: plan.iae,
        openingHours: plan.hours,
      });
      let n = 0;
      for (const [title, count, weeklyMinutes] of plan.posts) {
        for (let i = 0; i < count; i++) {
          n++;
          tx.create(Post, {
            establishment,
            workshop,
            title,
            code: `${plan.prefix}-${String(n).padStart(2, '0')}`,
            weeklyMinutes,
            payCategory: plan.pay,
            status: 'open',
            // The workshops opened before the first contracts of the demo (some 200 days ago): posts exist in past months' figures.
            createdAt: new Date(`${day(-210)}T08:00:00Z`),
          });
        }
      }
    };
    for (const plan of ARRAS) openWorkshop(arras, plan);
    openWorkshop(brest, BREST_BINDING);

    const programme = (title: string, provider: string, certificationCode: string | null, hours: number) =>
      tx.create(TrainingProgramme, { title, provider, certificationCode, hours });
    const cooking = programme('Commis de cuisine', 'GRETA de l’Artois (démo)', 'RNCP37861', 420);
    const maintenance = programme('Agent de maintenance des bâtiments', 'AFPA Hauts-de-France (démo)', 'RNCP34151', 560);
    const cycles = programme('Mécanicien cycles', 'Institut national du vélo (démo)', 'RS5462', 280);
    const digital = programme('Compétences numériques de base', 'Numérique Solidaire SCOP (démo)', null, 70);
    const binding = programme('Initiation à la reliure', 'Reliures Solidaires — association (démo)', null, 120);
    const french = programme('Français langue d’insertion', 'GRETA de l’Artois (démo)', null, 200);
    const clea = programme('Préparation au certificat CléA', 'AFPA Hauts-de-France (démo)', 'RS5080', 150);
    const hygiene = programme('Hygiène alimentaire en restauration', 'GRETA de l’Artois (démo)', null, 14);

    const session = (establishment: Establishment, p: TrainingProgramme, from: number, to: number, places: number, paid: boolean) =>
      tx.create(TrainingSession, { establishment, programme: p, startsOn: day(from), endsOn: day(to), places, paid });
    const running = [
      session(arras, cooking, -60, 150, 12, true),
      session(arras, maintenance, -20, 200, 10, true),
      session(arras, french, -45, 120, 20, false),
      session(arras, clea, -30, 90, 20, false),
      session(arras, hygiene, -2, 12, 12, false),
    ];
    session(arras, cycles, 30, 120, 8, false);
    session(arras, digital, 7, 35, 15, false);
    const pastDigital = session(arras, digital, -120, -90, 15, false);
    session(brest, binding, 14, 74, 6, false);

    // Leave policies (issue 19): InSERRE's on Arras (its cap raised to 14 days two months ago), the labour code's on Brest.
    const sixMonthsAgo = plusMonths(day(0), -6);
    tx.create(LeavePolicy, { ...INSERRE_PRESET, name: 'InSERRE Arras v1', establishment: arras, effectiveFrom: sixMonthsAgo });
    tx.create(LeavePolicy, { ...INSERRE_PRESET, name: 'InSERRE Arras v2', yearlyCapDays: 1400, establishment: arras, effectiveFrom: plusMonths(day(0), -2) });
    tx.create(LeavePolicy, { ...LABOUR_CODE_PRESET, name: 'Code du travail Brest', establishment: brest, effectiveFrom: sixMonthsAgo });

    await tx.flush();
    const postsOf = async (e: Establishment) => tx.find(Post, { establishment: e }, { populate: ['workshop'], orderBy: { code: 'asc' } });
    createDemoPeople(tx, {
      establishment: arras,
      prefix: 'A',
      count: 150,
      posts: await postsOf(arras),
      sessions: running,
      pastSession: pastDigital,
      waiting: 10,
      left: 8,
      today: day(0),
      seed: 7,
    });
    createDemoPeople(tx, {
      establishment: brest,
      prefix: 'B',
      count: 11,
      posts: await postsOf(brest),
      sessions: [],
      waiting: 2,
      left: 0,
      today: day(0),
      seed: 11,
    });

    await tx.flush();
    await createDemoHours(tx, day(0));

    const bindingAssociation = partners.get(BREST_BINDING.partner.name);
    for (const account of DEMO_ACCOUNTS) {
      const user = tx.create(User, { ...account, passwordHash, active: true, partner: account.role === 'partner' ? bindingAssociation : null });
      if (account.role === 'coordinator') user.establishments.set([arras, brest]);
      // The demo committee member follows the Brest pilot (the ESS steering committee's site).
      if (account.role === 'committee') user.establishments.set([brest]);
    }
    tx.create(AppSetting, { key: MARKER, value: today.toISOString() });
  });
  // Leave goes through its services, which read the committed ledger: after the rest.
  await createDemoLeave(em.fork(), day(0));
  // Committees approve their minutes and record the CPU's opinions through their services, which commit: after the rest too.
  await createDemoCommittees(em.fork(), day(0));
  // The partner's team: its administrator, a colleague and an invitation waiting (issue 21).
  await createDemoTeam(em.fork(), passwordHash, today);
  // A candidate the partner proposed for its workshop (issue 21), through the service: after the rest.
  await createDemoProposals(em.fork(), day(0));
  // The partners' agreements (the Brest binding one ends within 60 days) and contacts (issue 21).
  await createDemoPartnerProfiles(em.fork(), day(0));
  // Six months of the partners' activity log, written day by day, with one correction (issue 21).
  await createDemoActivity(em.fork(), day(0));
  // The last quarter's evaluation report of the Brest pilot, shared with its committee (issue 22): after everything it counts.
  await createDemoReports(em.fork(), day(0));
  return true;
}
