import type { EntityManager } from '@mikro-orm/postgresql';
import { END_REASON_LABELS, END_REASONS } from '../assignments/entities.ts';
import { intArray } from '../platform/sql.ts';
import type { BreakdownLine, IndicatorDefinition, IndicatorFamily, IndicatorScope, IndicatorValue, Period } from './definition.ts';

/**
 * « Flux »: who came onto a post and who left it, how long they stayed, and the waiting lists
 * (candidacies for a workshop or a post, not for a training session). One query, as of the
 * period: dates of the records (start, end, CPU opinion, closing), never their current status alone.
 */

const ASSIGNMENTS_SCOPE =
  'Les affectations sur les postes des ateliers de l’établissement choisi (ou des seuls ateliers choisis, ou des seuls ateliers de la structure partenaire), postes archivés depuis compris.';

const CANDIDACIES_SCOPE =
  'Les candidatures à un atelier ou à un poste de ces ateliers (les candidatures à une session de formation relèvent de la formation et ne sont pas comptées).';

export const FLOWS_DEFINITIONS = [
  {
    key: 'flows.assignments_started',
    family: 'flows',
    label: 'Affectations commencées',
    formula: 'Nombre d’affectations dont le premier jour tombe dans la période.',
    unit: 'count',
    scopeRule: ASSIGNMENTS_SCOPE,
  },
  {
    key: 'flows.assignments_ended',
    family: 'flows',
    label: 'Affectations terminées',
    formula:
      'Nombre d’affectations dont le dernier jour tombe dans la période, détaillé par motif de fin (libération, transfert, démission…), seuls les motifs rencontrés étant listés. Une fin prévue à une date de la période compte, même enregistrée à l’avance.',
    unit: 'count',
    scopeRule: ASSIGNMENTS_SCOPE,
  },
  {
    key: 'flows.mean_assignment_days',
    family: 'flows',
    label: 'Durée moyenne des affectations terminées',
    formula:
      'Moyenne, sur les affectations terminées dans la période, du nombre de jours du premier au dernier jour inclus (une suspension ne l’interrompt pas), arrondie au dixième. Non calculée quand aucune affectation ne s’est terminée dans la période.',
    unit: 'days',
    scopeRule: ASSIGNMENTS_SCOPE,
  },
  {
    key: 'flows.waiting_list',
    family: 'flows',
    label: 'Personnes sur liste d’attente en fin de période',
    formula:
      'Nombre de candidatures ayant reçu l’avis favorable de la CPU au plus tard le dernier jour de la période et qui n’étaient pas encore closes ce jour-là (ni affectées, ni retirées, ni closes par une sortie) : la liste d’attente telle qu’elle était ce jour-là, quel que soit leur sort depuis.',
    unit: 'count',
    scopeRule: CANDIDACIES_SCOPE,
  },
  {
    key: 'flows.median_wait_days',
    family: 'flows',
    label: 'Attente médiane entre l’avis de la CPU et l’affectation',
    formula:
      'Pour les candidatures affectées dans la période (closes comme affectées à une date de la période), nombre de jours entre la date de l’avis favorable de la CPU et celle de l’affectation ; la médiane est la valeur du milieu une fois ces durées rangées, ou la moyenne des deux valeurs du milieu quand elles sont en nombre pair ; le détail donne le nombre de personnes par durée d’attente (30 jours ou moins, 31 à 60, 61 à 90, 91 à 180, plus de 180). Non calculée quand aucune candidature n’a été affectée dans la période.',
    unit: 'days',
    scopeRule: CANDIDACIES_SCOPE,
  },
  {
    key: 'flows.candidacies_refused',
    family: 'flows',
    label: 'Candidatures refusées par la CPU',
    formula: 'Nombre de candidatures dont l’avis défavorable de la CPU est daté d’un jour de la période.',
    unit: 'count',
    scopeRule: CANDIDACIES_SCOPE,
  },
] as const satisfies readonly IndicatorDefinition[];

const SQL = `
  with workshops as (
    select w.id from workshop w
     where w.establishment_id = any(?::int[])
       and (?::int[] is null or w.id = any(?::int[]))
       and (?::int is null or w.partner_id = ?::int)
  ),
  assignments as (
    select a.starts_on, a.ended_on, a.end_reason
      from assignment a join post p on p.id = a.post_id
     where p.workshop_id in (select id from workshops)
  ),
  ended as (
    select end_reason, ended_on - starts_on + 1 as days from assignments where ended_on between ?::date and ?::date
  ),
  candidacies as (
    select c.cpu_opinion, c.cpu_on, c.status, c.closed_on
      from candidacy c left join post p on p.id = c.post_id
     where c.target in ('workshop', 'post') and coalesce(c.workshop_id, p.workshop_id) in (select id from workshops)
  )
  select (select count(*) from assignments where starts_on between ?::date and ?::date)::int as started,
         (select coalesce(json_object_agg(end_reason, n), '{}') from (select end_reason, count(*)::int as n from ended group by end_reason) r) as ended_by_reason,
         (select count(*) from ended)::int as ended,
         (select coalesce(sum(days), 0) from ended)::int as ended_days,
         (select count(*) from candidacies
           where cpu_opinion = 'favourable' and cpu_on <= ?::date and (closed_on is null or closed_on > ?::date))::int as waiting,
         (select percentile_cont(0.5) within group (order by closed_on - cpu_on) from candidacies
           where status = 'assigned' and closed_on between ?::date and ?::date)::float as median_wait,
         (select coalesce(json_object_agg(bucket, n), '{}') from (
            select width_bucket(closed_on - cpu_on, array[31, 61, 91, 181]) as bucket, count(*)::int as n from candidacies
             where status = 'assigned' and closed_on between ?::date and ?::date group by 1) b) as waits,
         (select count(*) from candidacies where cpu_opinion = 'unfavourable' and cpu_on between ?::date and ?::date)::int as refused`;

interface Row {
  started: number;
  ended_by_reason: Record<string, number>;
  ended: number;
  ended_days: number;
  waiting: number;
  median_wait: number | null;
  /** Assigned candidacies by length of wait: bucket 0 (0–30 days) to 4 (181 days and more) → count. */
  waits: Record<string, number> | string;
  refused: number;
}

/** The waiting-time distribution's classes, for the dashboard's chart (the median's breakdown). */
const WAIT_CLASSES = ['30 j ou moins', '31 à 60 j', '61 à 90 j', '91 à 180 j', 'plus de 180 j'];

export async function computeFlows(em: EntityManager, scope: IndicatorScope, period: Period): Promise<IndicatorValue[]> {
  const workshops = scope.workshopIds ? intArray(scope.workshopIds) : null;
  const partner = scope.partnerId ?? null;
  const { from, to } = period;
  const [row] = await em.execute<Row[]>(SQL, [
    intArray(scope.establishmentIds),
    workshops,
    workshops,
    partner,
    partner,
    from,
    to,
    from,
    to,
    to,
    to,
    from,
    to,
    from,
    to,
    from,
    to,
  ]);
  const r = row as Row;
  const byReason = typeof r.ended_by_reason === 'string' ? (JSON.parse(r.ended_by_reason) as Record<string, number>) : r.ended_by_reason;
  const meanLength = r.ended === 0 ? null : Math.round((r.ended_days / r.ended) * 10) / 10;
  return [
    { key: 'flows.assignments_started', value: r.started },
    {
      key: 'flows.assignments_ended',
      value: r.ended,
      breakdown: END_REASONS.filter((reason) => byReason[reason]).map((reason) => ({
        key: reason,
        label: END_REASON_LABELS[reason],
        value: byReason[reason] ?? 0,
      })),
    },
    meanLength === null
      ? { key: 'flows.mean_assignment_days', value: null, skipped: ['Aucune affectation ne s’est terminée sur la période : pas de durée moyenne.'] }
      : { key: 'flows.mean_assignment_days', value: meanLength },
    { key: 'flows.waiting_list', value: r.waiting },
    r.median_wait === null
      ? { key: 'flows.median_wait_days', value: null, skipped: ['Aucune candidature n’a été affectée sur la période : pas d’attente médiane.'] }
      : { key: 'flows.median_wait_days', value: r.median_wait, breakdown: waitClasses(r.waits) },
    { key: 'flows.candidacies_refused', value: r.refused },
  ];
}

/** Every class, in order, with its count (zero included: a distribution shows its empty classes). */
function waitClasses(raw: Record<string, number> | string): BreakdownLine[] {
  const counts = typeof raw === 'string' ? (JSON.parse(raw) as Record<string, number>) : raw;
  return WAIT_CLASSES.map((label, i) => ({ key: `wait_${i}`, label, value: counts[String(i)] ?? 0, unit: 'count' as const }));
}

export const flowsFamily: IndicatorFamily = { family: 'flows', definitions: FLOWS_DEFINITIONS, compute: computeFlows };
