import type { EntityManager } from '@mikro-orm/postgresql';
import { eventCounts, type FiguresFilter, incidentCounts, productionTotals, trainingDelivered } from '../activity/figures.ts';
import { CUSTOMER_KIND_LABELS, CUSTOMER_KINDS, SEVERITIES, SEVERITY_LABELS, VISITOR_KIND_LABELS, VISITOR_KINDS } from '../activity/labels.ts';
import type { BreakdownLine, IndicatorDefinition, IndicatorFamily, IndicatorScope, IndicatorValue, Period } from './definition.ts';

/**
 * The partners' activity (issue 22 item 1): the activity log's figures (src/activity/figures.ts,
 * one SQL aggregate per kind of entry, the same the log's own screens use) summed over the
 * period and the scope. Four queries, run together; nothing per row.
 */

const LOG_RULE =
  'Les saisies du journal d’activité des ateliers des établissements choisis (ou des seuls ateliers choisis, ou des saisies de la seule structure partenaire choisie) dont le jour tombe dans la période. Une saisie corrigée par une saisie plus récente ne compte pas : sa correction compte à sa place.';

export const PARTNERS_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    key: 'partners.production_entries',
    family: 'partners',
    label: 'Saisies de production',
    formula: 'Nombre de saisies de production du journal d’activité.',
    unit: 'count',
    scopeRule: LOG_RULE,
  },
  {
    key: 'partners.production_by_unit',
    family: 'partners',
    label: 'Production par unité',
    formula:
      'Pour chaque unité écrite (en minuscules, sans espaces autour : « Livres » et « livres » s’additionnent), la somme des quantités produites. Des unités différentes ne s’additionnent jamais : la valeur est le nombre d’unités différentes, le détail donne les quantités.',
    unit: 'count',
    scopeRule: LOG_RULE,
  },
  {
    key: 'partners.production_by_customer',
    family: 'partners',
    label: 'Production par unité et type de client',
    formula:
      'Pour chaque unité et chaque type de client (organisme public, entreprise, particulier, interne à l’établissement), la somme des quantités produites. La valeur est le nombre de lignes du détail.',
    unit: 'count',
    scopeRule: LOG_RULE,
  },
  {
    key: 'partners.training_minutes',
    family: 'partners',
    label: 'Heures de formation dispensées',
    formula: 'Somme des durées des séances de formation dispensées saisies au journal (une saisie est une séance).',
    unit: 'minutes',
    scopeRule: LOG_RULE,
  },
  {
    key: 'partners.training_sessions',
    family: 'partners',
    label: 'Séances de formation dispensées',
    formula: 'Nombre de séances de formation dispensées saisies au journal.',
    unit: 'count',
    scopeRule: LOG_RULE,
  },
  {
    key: 'partners.training_participants',
    family: 'partners',
    label: 'Participations aux séances de formation',
    formula: 'Somme des participants des séances de formation dispensées : une personne présente à deux séances compte deux fois.',
    unit: 'count',
    scopeRule: LOG_RULE,
  },
  {
    key: 'partners.events',
    family: 'partners',
    label: 'Événements et visites',
    formula: 'Nombre de saisies « événement ou visite », détaillé par type de visiteurs.',
    unit: 'count',
    scopeRule: LOG_RULE,
  },
  {
    key: 'partners.incidents',
    family: 'partners',
    label: 'Incidents',
    formula: 'Nombre de saisies « incident », détaillé par gravité (mineur, modéré, grave).',
    unit: 'count',
    scopeRule: LOG_RULE,
  },
];

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Sums `value` of rows by `keyOf`, in first-seen order. */
function sumBy<T>(rows: readonly T[], keyOf: (r: T) => string, amountOf: (r: T) => number): Map<string, number> {
  const by = new Map<string, number>();
  for (const r of rows) by.set(keyOf(r), round2((by.get(keyOf(r)) ?? 0) + amountOf(r)));
  return by;
}

function ordered<K extends string>(keys: readonly K[], labels: Record<K, string>, by: Map<string, number>): BreakdownLine[] {
  return keys.filter((k) => by.has(k)).map((k) => ({ key: k, label: labels[k], value: by.get(k) ?? 0 }));
}

async function compute(em: EntityManager, scope: IndicatorScope, period: Period): Promise<IndicatorValue[]> {
  const filter: FiguresFilter = {
    establishmentIds: [...scope.establishmentIds],
    ...(scope.workshopIds ? { workshopIds: [...scope.workshopIds] } : {}),
    ...(scope.partnerId !== undefined ? { partnerId: scope.partnerId } : {}),
    from: period.from,
    to: period.to,
  };
  const [production, training, events, incidents] = await Promise.all([
    productionTotals(em, filter),
    trainingDelivered(em, filter),
    eventCounts(em, filter),
    incidentCounts(em, filter),
  ]);
  const byUnit = sumBy(
    production,
    (r) => r.unit,
    (r) => r.quantity,
  );
  const units = [...byUnit.keys()].sort((a, b) => a.localeCompare(b, 'fr'));
  const byCustomer = sumBy(
    production,
    (r) => `${r.unit}|${r.customerKind}`,
    (r) => r.quantity,
  );
  const customerLines = units.flatMap((unit) =>
    CUSTOMER_KINDS.filter((k) => byCustomer.has(`${unit}|${k}`)).map((k) => ({
      key: `${unit}|${k}`,
      label: `${unit} — ${CUSTOMER_KIND_LABELS[k]}`,
      value: byCustomer.get(`${unit}|${k}`) ?? 0,
    })),
  );
  const sum = <T>(rows: readonly T[], f: (r: T) => number): number => rows.reduce((n, r) => n + f(r), 0);
  const visitors = sumBy(
    events,
    (r) => r.visitorKind,
    (r) => r.count,
  );
  const severities = sumBy(
    incidents,
    (r) => r.severity,
    (r) => r.count,
  );
  return [
    { key: 'partners.production_entries', value: sum(production, (r) => r.entries) },
    { key: 'partners.production_by_unit', value: units.length, breakdown: units.map((u) => ({ key: u, label: u, value: byUnit.get(u) ?? 0 })) },
    { key: 'partners.production_by_customer', value: customerLines.length, breakdown: customerLines },
    { key: 'partners.training_minutes', value: sum(training, (r) => r.minutes) },
    { key: 'partners.training_sessions', value: sum(training, (r) => r.sessions) },
    { key: 'partners.training_participants', value: sum(training, (r) => r.participants) },
    { key: 'partners.events', value: sum(events, (r) => r.count), breakdown: ordered(VISITOR_KINDS, VISITOR_KIND_LABELS, visitors) },
    { key: 'partners.incidents', value: sum(incidents, (r) => r.count), breakdown: ordered(SEVERITIES, SEVERITY_LABELS, severities) },
  ];
}

export const partnersFamily: IndicatorFamily = { family: 'partners', definitions: PARTNERS_DEFINITIONS, compute };
