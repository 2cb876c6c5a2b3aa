import type { EntityManager } from '@mikro-orm/postgresql';
import { heldSql, POST_CREATED_ON_SQL } from '../holdings/service.ts';
import { intArray } from '../platform/sql.ts';
import { type IndicatorDefinition, type IndicatorFamily, type IndicatorScope, type IndicatorValue, type Period, rate } from './definition.ts';

/**
 * « Postes »: how many posts there were, how many days they were open and held, how long a
 * vacancy lasted. One query over the days of the period (post × day), as of the period.
 */

const SCOPE_RULE =
  'Les postes des ateliers de l’établissement choisi (ou des seuls ateliers choisis, ou des seuls ateliers de la structure partenaire), y compris ceux archivés depuis, pour les jours de la période où ils existaient.';

const EXISTED =
  'Un poste existe un jour donné à partir du jour de sa création (ou du premier jour de sa première affectation, quand le poste a été saisi dans l’application après coup) et jusqu’à la veille du jour où il a été archivé (un poste archivé puis restauré compte pour toute la période, la date de son premier archivage n’étant plus gardée sur le poste).';

const OPEN_DAY =
  'Un jour-poste ouvert est un jour où le poste existait et n’était pas gelé, ou était occupé : un poste gelé alors que son titulaire y reste compte tant que celui-ci l’occupe. L’état gelé ou ouvert d’un jour est celui du poste à la fin de ce jour, relu dans le journal des modifications : avant la première modification enregistrée, l’état qu’elle a changé ; sans aucune trace, l’état actuel du poste.';

const HELD =
  'Un poste est occupé un jour donné quand une affectation le tient ce jour-là, de son premier jour à son dernier jour inclus ; une suspension ne libère pas le poste.';

export const POSTS_DEFINITIONS = [
  {
    key: 'posts.count',
    family: 'posts',
    label: 'Postes',
    formula: `Nombre de postes ayant existé au moins un jour de la période, gelés compris. ${EXISTED}`,
    unit: 'count',
    scopeRule: SCOPE_RULE,
  },
  {
    key: 'posts.open_post_days',
    family: 'posts',
    label: 'Jours-postes ouverts',
    formula: `Somme, sur les postes, des jours de la période où le poste était ouvert. ${OPEN_DAY} ${EXISTED}`,
    unit: 'days',
    scopeRule: SCOPE_RULE,
  },
  {
    key: 'posts.occupied_post_days',
    family: 'posts',
    label: 'Jours-postes occupés',
    formula: `Somme, sur les postes, des jours-postes ouverts de la période où le poste était occupé. ${HELD}`,
    unit: 'days',
    scopeRule: SCOPE_RULE,
  },
  {
    key: 'posts.occupancy_rate',
    family: 'posts',
    label: 'Taux d’occupation des postes',
    formula:
      'Jours-postes occupés divisés par les jours-postes ouverts de la période, en pourcentage. Non calculé quand aucun poste n’était ouvert sur la période.',
    unit: 'percent',
    scopeRule: SCOPE_RULE,
  },
  {
    key: 'posts.vacancy_days',
    family: 'posts',
    label: 'Jours de vacance',
    formula:
      'Jours-postes ouverts moins jours-postes occupés : les jours de la période où un poste existait, n’était pas gelé et n’avait pas de titulaire. Les jours où un poste était gelé et vide ne sont pas des jours de vacance.',
    unit: 'days',
    scopeRule: SCOPE_RULE,
  },
  {
    key: 'posts.mean_days_to_fill',
    family: 'posts',
    label: 'Délai moyen pour pourvoir un poste vacant',
    formula:
      'Moyenne, sur les vacances pourvues dans la période (un nouveau titulaire commence un jour de la période sur un poste resté vide au moins la veille), du nombre de jours entre le premier jour de la vacance (le lendemain de la fin de l’affectation précédente, ou la création du poste) et le premier jour du nouveau titulaire, ce jour exclu, arrondie au dixième. Les jours où le poste était gelé pendant la vacance sont comptés. Non calculé quand aucune vacance n’a été pourvue dans la période.',
    unit: 'days',
    scopeRule: `${SCOPE_RULE} Une vacance compte dans la période où elle a été pourvue, même si elle avait commencé avant.`,
  },
] as const satisfies readonly IndicatorDefinition[];

/** The holding rule (src/holdings) on a day taken from a column, not from a parameter. */
const heldOnDaySql = (a: string, day: string) => heldSql(a).replaceAll('?', day);

/**
 * Per post: its Paris creation day (or its first holder's first day, when the post was entered
 * afterwards) and its archiving day. Its freezes are read from the audit trail's status changes
 * only (`changes`: the rows whose status differs before and after, a creation included), found
 * through the partial index `audit_event_post_status_idx` (migration 20261130231000) rather
 * than by reading every audit row of every post: a row that changes something else leaves the
 * status as the last status change left it. A day takes the state left by its last change (else
 * the state the first change started from, else the post's current state), and the spans of
 * days in the state « frozen » follow. Then each post-day of the period on which the post
 * existed, marked held (the holding rule, at most one assignment: they never overlap on a
 * post) and frozen.
 */
const SQL = `
  with scoped as (
    select p.id, p.status, least(${POST_CREATED_ON_SQL}, (select min(a.starts_on) from assignment a where a.post_id = p.id)) as created_on, (p.archived_at at time zone 'Europe/Paris')::date as archived_on
      from post p join workshop w on w.id = p.workshop_id
     where p.establishment_id = any(?::int[])
       and (?::int[] is null or p.workshop_id = any(?::int[]))
       and (?::int is null or w.partner_id = ?::int)
  ),
  changes as materialized (
    select s.id as post_id, (e.occurred_at at time zone 'Europe/Paris')::date as day, e.occurred_at, e.id,
           e.before ->> 'status' as before_status, e.after ->> 'status' as after_status
      from scoped s join audit_event e on e.entity = 'post' and e.entity_id = s.id::text
     where (e.before ->> 'status') is distinct from (e.after ->> 'status')
  ),
  states as (
    (select distinct on (post_id, day) post_id, day as since, after_status as status
       from changes where after_status is not null order by post_id, day, occurred_at desc, id desc)
    union all
    (select distinct on (post_id) post_id, '-infinity'::date, before_status
       from changes where before_status is not null order by post_id, occurred_at, id)
    union all
    select s.id, '-infinity'::date, s.status from scoped s where s.status = 'frozen' and not exists (select 1 from changes c where c.post_id = s.id)
  ),
  frozen as (
    select post_id, since, until from (
      select post_id, since, status, coalesce(lead(since) over (partition by post_id order by since) - 1, 'infinity'::date) as until from states
    ) spans where status = 'frozen'
  ),
  post_days as (
    select s.id as post_id, d.day, a.id is not null as held, f.post_id is not null as frozen
      from scoped s
      cross join lateral generate_series(greatest(?::date, s.created_on), least(?::date, coalesce(s.archived_on - 1, ?::date)), interval '1 day') as g(ts)
      cross join lateral (select g.ts::date as day) d
      left join assignment a on a.post_id = s.id and ${heldOnDaySql('a', 'd.day')}
      left join frozen f on f.post_id = s.id and d.day between f.since and f.until
  ),
  fills as (
    select a.starts_on - coalesce((select max(b.ended_on) + 1 from assignment b where b.post_id = a.post_id and b.ended_on < a.starts_on), s.created_on) as days
      from assignment a join scoped s on s.id = a.post_id
     where a.starts_on between ?::date and ?::date
  )
  select (select count(distinct post_id) from post_days)::int as posts,
         (select count(*) from post_days where not frozen or held)::int as open_days,
         (select count(*) from post_days where held)::int as held_days,
         (select count(*) from fills where days > 0)::int as fills,
         (select coalesce(sum(days), 0) from fills where days > 0)::int as fill_days`;

interface Row {
  posts: number;
  open_days: number;
  held_days: number;
  fills: number;
  fill_days: number;
}

export async function computePosts(em: EntityManager, scope: IndicatorScope, period: Period): Promise<IndicatorValue[]> {
  const workshops = scope.workshopIds ? intArray(scope.workshopIds) : null;
  const partner = scope.partnerId ?? null;
  const [row] = await em.execute<Row[]>(SQL, [
    intArray(scope.establishmentIds),
    workshops,
    workshops,
    partner,
    partner,
    period.from,
    period.to,
    period.to,
    period.from,
    period.to,
  ]);
  const r = row as Row;
  const occupancy = rate(r.held_days, r.open_days);
  const meanToFill = r.fills === 0 ? null : Math.round((r.fill_days / r.fills) * 10) / 10;
  return [
    { key: 'posts.count', value: r.posts },
    { key: 'posts.open_post_days', value: r.open_days },
    { key: 'posts.occupied_post_days', value: r.held_days },
    occupancy === null
      ? { key: 'posts.occupancy_rate', value: null, skipped: ['Aucun poste n’était ouvert sur la période : pas de taux d’occupation.'] }
      : { key: 'posts.occupancy_rate', value: occupancy },
    { key: 'posts.vacancy_days', value: r.open_days - r.held_days },
    meanToFill === null
      ? { key: 'posts.mean_days_to_fill', value: null, skipped: ['Aucune vacance de poste n’a été pourvue sur la période : pas de délai moyen.'] }
      : { key: 'posts.mean_days_to_fill', value: meanToFill },
  ];
}

export const postsFamily: IndicatorFamily = { family: 'posts', definitions: POSTS_DEFINITIONS, compute: computePosts };
