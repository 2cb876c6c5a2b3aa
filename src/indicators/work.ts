import type { EntityManager } from '@mikro-orm/postgresql';
import { Establishment } from '../establishments/entities.ts';
import { type MonthPay, payOfMonth } from '../hours/pay.ts';
import { payLineLabel } from '../hours/pay-rules.ts';
import { type Day, type Month, mondayOf, monthBounds, monthOf, plusMonths } from '../platform/calendar.ts';
import { RuleError } from '../platform/errors.ts';
import { formatShortMonth } from '../platform/format.ts';
import type { BreakdownLine, IndicatorDefinition, IndicatorFamily, IndicatorScope, IndicatorValue, Period } from './definition.ts';

/**
 * Work and pay (issue 22 item 1), read from the monthly pay computation itself (`payOfMonth`
 * of src/hours/pay.ts, the statement's): the figures are the statement's, never re-derived.
 * The exception to "one query per family": one pay computation per whole month of the period
 * and establishment (a year of one establishment: 12 computations), nothing per person.
 */

const MONTHS =
  'Les mois entiers de la période (les périodes du tableau de bord sont des mois, trimestres ou années) : un mois dont la période ne contient qu’une partie n’est pas compté, et la qualité des données le signale. Seules les heures des établissements choisis comptent ; pour un atelier ou une structure partenaire, seules celles de leurs postes.';
const VALIDATED = `Seules les semaines validées comptent ; les heures payables seulement (dans le contrat, hors suspension, avant la sortie), corrections incluses (une correction s’ajoute à l’heure saisie). ${MONTHS}`;

export const WORK_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    key: 'work.workers',
    family: 'work',
    label: 'Personnes ayant travaillé',
    formula: 'Nombre de personnes distinctes ayant des heures de travail validées dans la période (une personne sur deux postes compte une fois).',
    unit: 'count',
    scopeRule: VALIDATED,
  },
  {
    key: 'work.worked_minutes',
    family: 'work',
    label: 'Heures travaillées',
    formula:
      'Somme des heures de travail validées et payables, heures supplémentaires et complémentaires comprises, comme le relevé de paie mensuel les compte. L’indemnité du 1er mai, les absences payées et les congés ne sont pas du temps travaillé.',
    unit: 'minutes',
    scopeRule: VALIDATED,
  },
  {
    key: 'work.trained_minutes',
    family: 'work',
    label: 'Heures de formation',
    formula: 'Somme des heures de formation des semaines de session validées (payées ou non), comme le relevé de paie mensuel les compte.',
    unit: 'minutes',
    scopeRule: `${MONTHS} Les formations ne dépendent pas d’un atelier : pour un atelier ou une structure partenaire, l’indicateur n’est pas calculé.`,
  },
  {
    key: 'work.weekly_minutes_per_worker',
    family: 'work',
    label: 'Durée hebdomadaire moyenne par personne',
    formula:
      'Heures travaillées divisées par le nombre de semaines-personnes travaillées : une personne compte une semaine (du lundi au dimanche) si elle a des heures de travail validées cette semaine-là dans la période (une semaine à cheval sur deux mois compte une fois). Les semaines sans travail (absence, suspension) ne comptent pas.',
    unit: 'minutes',
    scopeRule: VALIDATED,
  },
  {
    key: 'work.absence_days',
    family: 'work',
    label: 'Jours d’absence par motif',
    formula:
      'Nombre de jours d’absence saisis dans la grille des heures, par motif de l’établissement. Une absence se saisit par jour (un code par jour et par poste), et le relevé de paie les compte en jours : l’indicateur les compte en jours lui aussi. Une absence corrigée depuis (par des heures ou un autre motif) ne compte plus.',
    unit: 'days',
    scopeRule: `Les absences des mois entiers de la période, que la semaine soit validée ou non, comme le relevé de paie les liste. ${MONTHS}`,
  },
  {
    key: 'work.overtime_minutes',
    family: 'work',
    label: 'Heures supplémentaires',
    formula:
      'Heures majorées au-delà de la durée légale pour les contrats à temps plein (R412-54), par taux de majoration, telles que le relevé de paie les découpe : par personne et par semaine, au regard du contrat le plus long de la semaine.',
    unit: 'minutes',
    scopeRule: VALIDATED,
  },
  {
    key: 'work.complementary_minutes',
    family: 'work',
    label: 'Heures complémentaires',
    formula:
      'Heures majorées au-delà de la durée du contrat pour les contrats à temps partiel (R412-56), par taux de majoration, telles que le relevé de paie les découpe.',
    unit: 'minutes',
    scopeRule: VALIDATED,
  },
  {
    key: 'work.gross_cents',
    family: 'work',
    label: 'Rémunération brute',
    formula:
      'Somme, sur chaque mois entier de la période, du brut de chaque personne au relevé de paie du mois (travail, majorations, 1er mai, absences payées, formation payée, congés payés et indemnité de congés). Pour un atelier, la somme du brut de ses postes (le brut d’une personne sur plusieurs postes peut différer d’un centime de la somme de ses postes, chacun étant arrondi une fois).',
    unit: 'cents',
    scopeRule: VALIDATED,
  },
];

/** The whole months of the period, and what is left out of them. */
export function wholeMonths(period: Period): { months: Month[]; leftOut: string | null } {
  const months: Month[] = [];
  for (let m = monthOf(period.from); m <= monthOf(period.to); m = monthOf(plusMonths(`${m}-01` as Day, 1))) {
    const [first, last] = monthBounds(m);
    if (first >= period.from && last <= period.to) months.push(m);
  }
  const covered = months.length > 0 && monthBounds(months[0] as Month)[0] === period.from && monthBounds(months[months.length - 1] as Month)[1] === period.to;
  return {
    months,
    leftOut: covered ? null : 'La période ne se compose pas de mois entiers : les heures et la paie ne comptent que les mois entiers qu’elle contient.',
  };
}

async function compute(em: EntityManager, scope: IndicatorScope, period: Period): Promise<IndicatorValue[]> {
  const { months, leftOut } = wholeMonths(period);
  if (months.length === 0) {
    const skipped = ['La période ne contient aucun mois entier : les heures et la paie se comptent par mois.'];
    return WORK_DEFINITIONS.map((d) => ({ key: d.key, value: null, skipped }));
  }
  const narrowed = scope.workshopIds !== undefined || scope.partnerId !== undefined;
  const partnerWorkshops =
    scope.partnerId !== undefined && scope.workshopIds === undefined
      ? (await em.execute<{ id: number }[]>('select id from workshop where partner_id = ?', [scope.partnerId])).map((r) => r.id)
      : null;
  const workshopIds = scope.workshopIds ?? partnerWorkshops;
  const inScope = (workshopId: number | null) => workshopIds === null || (workshopId !== null && workshopIds.includes(workshopId));
  const establishments = await em.find(Establishment, { id: { $in: [...scope.establishmentIds] } });
  const skipped: string[] = leftOut ? [leftOut] : [];
  const pays: MonthPay[] = [];
  const workers = new Set<number>();
  const workerWeeks = new Set<string>();
  for (const establishment of establishments)
    for (const month of months) {
      try {
        const { pay, work } = await payOfMonth(em, establishment, month, true);
        pays.push(pay);
        for (const [detaineeId, stretches] of work)
          for (const s of stretches)
            if (s.minutes > 0 && inScope((s.source as { workshopId?: number } | undefined)?.workshopId ?? null)) {
              workers.add(detaineeId);
              workerWeeks.add(`${detaineeId}|${mondayOf(s.day)}`);
            }
      } catch (error) {
        // A month without a SMIC in force cannot be paid: the statement says so, the indicator names it.
        if (!(error instanceof RuleError)) throw error;
        skipped.push(`${establishment.name}, ${formatShortMonth(month)} : ${error.message}`);
      }
    }
  let worked = 0;
  let trained = 0;
  let gross = 0;
  const absences = new Map<string, BreakdownLine>();
  const majored = new Map<string, BreakdownLine>();
  for (const pay of pays)
    for (const person of pay.people) {
      trained += person.trainingMinutes;
      if (!narrowed) gross += person.grossCents;
      for (const post of person.posts.filter((p) => p.workshopId !== null && inScope(p.workshopId))) {
        worked += post.validatedMinutes;
        if (narrowed) gross += post.grossCents;
        for (const [code, days] of Object.entries(post.absences)) {
          const line = absences.get(code) ?? { key: code, label: pay.absenceLabels[code] ?? code, value: 0 };
          absences.set(code, { ...line, value: line.value + days });
        }
        for (const [key, line] of Object.entries(post.lines))
          if ((key.startsWith('overtime') || key.startsWith('complementary')) && line.minutes > 0) {
            const found = majored.get(key) ?? { key, label: payLineLabel(key), value: 0 };
            majored.set(key, { ...found, value: found.value + line.minutes });
          }
      }
    }
  const sum = (lines: BreakdownLine[]) => lines.reduce((n, l) => n + l.value, 0);
  const byKey = (a: BreakdownLine, b: BreakdownLine) => a.key.localeCompare(b.key, 'fr', { numeric: true });
  const overtime = [...majored.values()].filter((l) => l.key.startsWith('overtime')).sort(byKey);
  const complementary = [...majored.values()].filter((l) => l.key.startsWith('complementary')).sort(byKey);
  const absenceLines = [...absences.values()].sort(byKey);
  const notes = skipped.length ? { skipped } : {};
  return [
    { key: 'work.workers', value: workers.size, ...notes },
    { key: 'work.worked_minutes', value: worked, ...notes },
    narrowed
      ? {
          key: 'work.trained_minutes',
          value: null,
          skipped: ['Les formations relèvent de l’établissement, pas d’un atelier : non calculé pour un atelier ou une structure partenaire.'],
        }
      : { key: 'work.trained_minutes', value: trained, ...notes },
    workerWeeks.size === 0
      ? { key: 'work.weekly_minutes_per_worker', value: null, skipped: [...skipped, 'Personne n’a travaillé dans la période : pas de durée moyenne.'] }
      : { key: 'work.weekly_minutes_per_worker', value: Math.round(worked / workerWeeks.size), ...notes },
    { key: 'work.absence_days', value: sum(absenceLines), breakdown: absenceLines, ...notes },
    { key: 'work.overtime_minutes', value: sum(overtime), breakdown: overtime, ...notes },
    { key: 'work.complementary_minutes', value: sum(complementary), breakdown: complementary, ...notes },
    { key: 'work.gross_cents', value: gross, ...notes },
  ];
}

export const workFamily: IndicatorFamily = { family: 'work', definitions: WORK_DEFINITIONS, compute };
