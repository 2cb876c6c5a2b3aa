import type { EntityManager } from '@mikro-orm/postgresql';
import { type Day, plusDays, plusMonths } from '../platform/calendar.ts';

/**
 * The demo's activity log (issue 21, item 9): six months of entries for the partners' workshops,
 * as their staff would have written them day by day: production most working days (books rebound
 * and protected for public libraries, bikes repaired, meals served, computers refurbished,
 * vegetables picked), a training delivered every few weeks, a visit a month, a meeting every
 * fortnight, a few incidents of each severity, now and then something else; and one correction
 * (a quantity typed 120 instead of 12, corrected ten days later). Deterministic: a seeded
 * generator, no Math.random. Each entry is written on its day (`created_at`), so that entries
 * older than 7 days are past their edit window as in real life: inserted in SQL for that.
 */

/** A small seeded generator (mulberry32): the same demo every time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Production {
  unit: string;
  min: number;
  max: number;
  customers: Array<'public' | 'company' | 'individual' | 'internal'>;
  description?: string;
}

interface LogPlan {
  /** The workshop's name in the demo. */
  workshop: string;
  seed: number;
  productions: Production[];
  trainings: string[];
  meetings: string[];
  incidents: Array<['minor' | 'moderate' | 'serious', string]>;
  others: string[];
}

const PLANS: LogPlan[] = [
  {
    workshop: 'Atelier reliure',
    seed: 21,
    productions: [
      { unit: 'livres reliés', min: 6, max: 18, customers: ['public', 'public', 'public', 'individual'], description: 'Médiathèque de Brest' },
      { unit: 'livres protégés', min: 15, max: 40, customers: ['public'], description: 'Bibliothèque universitaire' },
      { unit: 'livres remis en état', min: 4, max: 12, customers: ['public', 'company'] },
    ],
    trainings: ['Couture à la main des cahiers', 'Gestes et postures', 'Utilisation du massicot en sécurité', 'Pose de couvertures thermocollantes'],
    meetings: ['Point d’équipe avec la coordination', 'Planification des commandes de la médiathèque'],
    incidents: [
      ['minor', 'Coupure superficielle au cutter, soins à l’infirmerie'],
      ['minor', 'Retard de livraison du papier, production décalée'],
      ['moderate', 'Massicot en panne une demi-journée'],
      ['moderate', 'Désaccord entre deux opérateurs, échange apaisé par l’encadrant'],
      ['serious', 'Atelier fermé une journée après une fouille générale'],
      ['serious', 'Lot de 40 livres abîmé par une fuite d’eau'],
    ],
    others: ['Inventaire du stock de papier et de toile', 'Réception d’une livraison de colle et de carton'],
  },
  {
    workshop: 'Atelier vélo de l’espace citoyen',
    seed: 7,
    productions: [
      { unit: 'vélos réparés', min: 2, max: 7, customers: ['individual', 'individual', 'public'] },
      { unit: 'vélos remis en état pour dons', min: 1, max: 3, customers: ['public'] },
    ],
    trainings: ['Réglage des freins et dérailleurs', 'Accueil du public à l’atelier'],
    meetings: ['Point d’équipe avec la coordination'],
    incidents: [
      ['minor', 'Outil manquant à l’inventaire du soir, retrouvé'],
      ['moderate', 'Client mécontent d’une réparation, reprise gratuite'],
      ['serious', 'Chute d’un vélo du pied d’atelier, personne blessée légèrement'],
    ],
    others: ['Tri des pièces détachées données par une association'],
  },
  {
    workshop: 'Restaurant de l’espace citoyen',
    seed: 13,
    productions: [
      { unit: 'couverts', min: 25, max: 70, customers: ['individual', 'individual', 'company'] },
      { unit: 'repas livrés', min: 5, max: 20, customers: ['internal'] },
    ],
    trainings: ['Hygiène alimentaire (HACCP)', 'Service en salle'],
    meetings: ['Point d’équipe avec la coordination', 'Préparation des menus du mois'],
    incidents: [
      ['minor', 'Brûlure légère en cuisine, soins sur place'],
      ['moderate', 'Chambre froide en panne, denrées jetées'],
    ],
    others: ['Contrôle des services vétérinaires, sans remarque'],
  },
  {
    workshop: 'Reconditionnement numérique',
    seed: 42,
    productions: [{ unit: 'ordinateurs reconditionnés', min: 2, max: 9, customers: ['public', 'company', 'public'], description: 'Pour des associations' }],
    trainings: ['Effacement certifié des données', 'Diagnostic matériel'],
    meetings: ['Point d’équipe avec la coordination'],
    incidents: [['minor', 'Lot d’ordinateurs reçu incomplet']],
    others: ['Enlèvement des déchets électroniques par la filière agréée'],
  },
  {
    workshop: 'Espaces verts',
    seed: 3,
    productions: [{ unit: 'kg de légumes récoltés', min: 8, max: 40, customers: ['internal'] }],
    trainings: ['Taille des haies en sécurité'],
    meetings: ['Point d’équipe avec la coordination'],
    incidents: [['moderate', 'Tondeuse en panne, entretien reporté']],
    others: ['Semis de printemps au potager'],
  },
];

const VISITS: Array<['employer' | 'official' | 'family' | 'funder' | 'training_body' | 'other', string]> = [
  ['employer', 'Visite d’un employeur du secteur, deux entretiens prévus'],
  ['official', 'Visite de la direction interrégionale'],
  ['funder', 'Visite du financeur de la structure'],
  ['training_body', 'Présentation d’une formation qualifiante'],
  ['family', 'Journée des familles : présentation de l’atelier'],
  ['employer', 'Rencontre avec une entreprise d’insertion du territoire'],
];

interface Row {
  establishment_id: number;
  workshop_id: number;
  partner_id: number;
  day: Day;
  kind: string;
  quantity?: number;
  unit?: string;
  customer_kind?: string;
  topic?: string;
  minutes?: number;
  participants?: number;
  visitor_kind?: string;
  severity?: string;
  description?: string;
  created_by_id: number | null;
  /** Written on its day, at the end of the afternoon. */
  created_at: string;
}

const isWorkingDay = (day: Day) => {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
};

const writtenOn = (day: Day) => `${day}T16:30:00+01:00`;

/** The plan's six months of entries, day by day (the correction apart). */
function entriesOf(plan: LogPlan, base: Omit<Row, 'day' | 'kind' | 'created_at' | 'created_by_id'>, authors: number[], from: Day, to: Day): Row[] {
  const random = seeded(plan.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const rows: Row[] = [];
  const days: Day[] = [];
  for (let d = from; d <= to; d = plusDays(d, 1)) if (isWorkingDay(d)) days.push(d);
  // The incidents spread over the period, one every few weeks.
  const incidentDays = new Map(plan.incidents.map((incident, i) => [days[Math.floor(((i + 0.5) * days.length) / plan.incidents.length)], incident]));
  let sinceTraining = 0;
  let sinceMeeting = 0;
  const visited = new Set<string>();
  for (const [i, day] of days.entries()) {
    const entry = (kind: string, fields: Partial<Row>) =>
      rows.push({ ...base, day, kind, created_by_id: authors.length ? (authors[i % authors.length] ?? null) : null, created_at: writtenOn(day), ...fields });
    // Production on most working days (not on the days of a training or a closure).
    if (random() < 0.85) {
      const p = pick(plan.productions);
      const quantity = p.min + Math.floor(random() * (p.max - p.min + 1));
      entry('production', { quantity, unit: p.unit, customer_kind: pick(p.customers), description: p.description ?? '' });
    }
    sinceTraining += 1;
    if (sinceTraining >= 12 + Math.floor(random() * 6)) {
      sinceTraining = 0;
      entry('training', { topic: pick(plan.trainings), minutes: pick([60, 90, 120, 180, 210]), participants: 3 + Math.floor(random() * 6) });
    }
    sinceMeeting += 1;
    if (sinceMeeting >= 10) {
      sinceMeeting = 0;
      entry('meeting', { topic: pick(plan.meetings), description: '' });
    }
    // A visit a month, around the middle of it.
    if (Number(day.slice(8)) >= 12 && !visited.has(day.slice(0, 7))) {
      visited.add(day.slice(0, 7));
      const [visitorKind, description] = VISITS[(visited.size + plan.seed) % VISITS.length] as (typeof VISITS)[number];
      entry('event', { visitor_kind: visitorKind, description });
    }
    const incident = incidentDays.get(day);
    if (incident) entry('incident', { severity: incident[0], description: incident[1] });
    if (i % 37 === 20) entry('other', { description: pick(plan.others) });
  }
  return rows;
}

/**
 * Writes the demo log. Run once the rest of the demo is committed (it reads the workshops, the
 * partners and the partner's accounts).
 */
export async function createDemoActivity(em: EntityManager, today: Day): Promise<void> {
  const conn = em.getConnection();
  const workshops = await conn.execute<{ id: number; name: string; establishment_id: number; partner_id: number }[]>(
    'select id, name, establishment_id, partner_id from workshop order by id',
  );
  const accounts = await conn.execute<{ id: number; partner_id: number }[]>(
    `select id, partner_id from app_user where role = 'partner' and partner_id is not null and active order by id`,
  );
  const from = plusMonths(today, -6);
  const to = plusDays(today, -1);
  const rows: Row[] = [];
  for (const plan of PLANS) {
    const w = workshops.find((x) => x.name === plan.workshop);
    if (!w) continue;
    const authors = accounts.filter((a) => a.partner_id === w.partner_id).map((a) => a.id);
    rows.push(...entriesOf(plan, { establishment_id: w.establishment_id, workshop_id: w.id, partner_id: w.partner_id }, authors, from, to));
  }
  if (rows.length === 0) return;
  // The correction: three months ago the binding workshop's 12 rebound books were typed 120, corrected ten days later.
  const binding = workshops.find((x) => x.name === 'Atelier reliure');
  const wrong = rows.findLast((r) => r.workshop_id === binding?.id && r.unit === 'livres reliés' && r.day <= plusMonths(today, -3));
  if (wrong) wrong.quantity = 120;
  await em.transactional(async (tx) => {
    const c = tx.getConnection();
    await c.execute(
      `insert into activity_entry (establishment_id, workshop_id, partner_id, day, kind, quantity, unit, customer_kind, topic, minutes, participants,
                                   visitor_kind, severity, description, created_by_id, created_at, updated_at)
       select r.establishment_id, r.workshop_id, r.partner_id, r.day, r.kind, r.quantity, coalesce(r.unit, ''), r.customer_kind, coalesce(r.topic, ''),
              r.minutes, r.participants, r.visitor_kind, r.severity, coalesce(r.description, ''), r.created_by_id,
              least(r.created_at, now()), least(r.created_at, now())
         from json_to_recordset(?::json) as r(establishment_id int, workshop_id int, partner_id int, day date, kind text, quantity numeric,
              unit text, customer_kind text, topic text, minutes int, participants int, visitor_kind text, severity text, description text,
              created_by_id int, created_at timestamptz)`,
      [JSON.stringify(rows)],
    );
    if (!wrong) return;
    const correctedAt = writtenOn(plusDays(wrong.day, 10));
    await c.execute(
      `insert into activity_entry (establishment_id, workshop_id, partner_id, day, kind, quantity, unit, customer_kind, description, corrects_id,
                                   created_by_id, created_at, updated_at)
       select e.establishment_id, e.workshop_id, e.partner_id, e.day, 'production', 12, e.unit, e.customer_kind, 'Correction : 12 livres et non 120',
              e.id, e.created_by_id, least(?::timestamptz, now()), least(?::timestamptz, now())
         from activity_entry e
        where e.workshop_id = ? and e.day = ? and e.kind = 'production' and e.quantity = 120 and e.unit = 'livres reliés'`,
      [correctedAt, correctedAt, wrong.workshop_id, wrong.day],
    );
  });
}
