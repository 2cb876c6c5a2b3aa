import type { EntityManager } from '@mikro-orm/postgresql';
import { IDLE_DAYS } from '../home/agenda.ts';
import { firstDayOf, lastDayOf, type Month } from '../platform/calendar.ts';
import { intArray } from '../platform/sql.ts';
import { type IndicatorDefinition, type IndicatorFamily, type IndicatorScope, type IndicatorValue, type Period, rate } from './definition.ts';

/**
 * People (issue 22 item 1): who is present, who has work or training, who has had none for
 * more than IDLE_DAYS days. One SQL query over date ranges (never one row per person and day). The rules are those of
 * the « Sans activité » list (src/detainees/service.ts `daysWithoutOf`, src/home/agenda.ts):
 * on the same day the figures equal the list's. Presence belongs to the establishment, not to
 * a workshop: with a workshop or partner scope the family is left out (null, `skipped` says why).
 */

const PRESENCE =
  'Une personne est présente un jour donné si elle est arrivée ce jour-là ou avant et n’est pas sortie (libération ou transfert) ce jour-là ou avant : le jour de sa sortie ne compte plus, comme dans la liste des personnes présentes. Seules les personnes des établissements choisis comptent. La présence relève de l’établissement, pas d’un atelier : pour un atelier ou une structure partenaire, l’indicateur n’est pas calculé.';
const ACTIVITY =
  'Une personne a une activité un jour donné si elle tient un poste ce jour-là (du début de son affectation à sa fin incluse ; une suspension ne retire pas le poste, comme pour la liste « Sans activité ») ou si elle est inscrite à une session de formation qui court ce jour-là (inscription commencée, session commencée et pas finie, inscription ni achevée ni abandonnée ce jour-là ou avant : le jour de l’achèvement ou de l’abandon ne compte plus, comme pour la liste « Sans activité »). ';

export const PEOPLE_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    key: 'people.present_mean',
    family: 'people',
    label: 'Personnes présentes (moyenne journalière)',
    formula:
      'Somme, sur chaque jour de la période, du nombre de personnes présentes ce jour-là, divisée par le nombre de jours de la période ; arrondie à deux décimales (31 jours dont 20 avec 10 personnes et 11 avec 9 : 299 ÷ 31 = 9,65).',
    unit: 'count',
    scopeRule: PRESENCE,
  },
  {
    key: 'people.present_end',
    family: 'people',
    label: 'Personnes présentes en fin de période',
    formula: 'Nombre de personnes présentes le dernier jour de la période.',
    unit: 'count',
    scopeRule: PRESENCE,
  },
  {
    key: 'people.access_rate',
    family: 'people',
    label: 'Taux d’accès au travail ou à la formation (moyenne de la période)',
    formula:
      'Journées de présence avec une activité (travail ou formation) divisées par journées de présence, en pourcentage : chaque personne compte une fois par jour où elle est présente. La cible d’InSERRE est 100 %. Non calculé si personne n’est présent dans la période.',
    unit: 'percent',
    scopeRule: `${ACTIVITY}${PRESENCE}`,
  },
  {
    key: 'people.access_rate_end',
    family: 'people',
    label: 'Taux d’accès au travail ou à la formation en fin de période',
    formula:
      'Personnes présentes le dernier jour de la période qui ont ce jour-là une activité (travail ou formation), divisées par les personnes présentes ce jour-là, en pourcentage. La cible d’InSERRE est 100 %.',
    unit: 'percent',
    scopeRule: `${ACTIVITY}${PRESENCE}`,
  },
  {
    key: 'people.idle_end',
    family: 'people',
    label: `Personnes sans activité depuis plus de ${IDLE_DAYS} jours en fin de période`,
    formula: `Personnes présentes le dernier jour de la période, sans activité ce jour-là, dont la dernière activité (fin d’affectation, ou fin d’inscription à une formation, ou à défaut fin de la session) s’est terminée plus de ${IDLE_DAYS} jours avant, ou arrivées depuis plus de ${IDLE_DAYS} jours sans avoir eu d’activité depuis leur arrivée. C’est la règle de la liste « Sans activité » : le même jour, le nombre est celui de la liste.`,
    unit: 'count',
    scopeRule: `${ACTIVITY}${PRESENCE}`,
  },
];

interface Row {
  present_days: number;
  active_days: number;
  present_end: number;
  active_end: number;
  idle_end: number;
  days: number;
}

/**
 * Date ranges instead of one row per person and day: presence is `[arrival_date, left_on)` cut
 * to the period; activity is the union (`range_agg`) of the assignments' `[starts_on, ended_on]`
 * (the holding rule of src/holdings: open when not ended) and of the enrolments' days inside their
 * session, `[max(enrolment start, session start), min(session end + 1, ended_on))` (an enrolment
 * ended or dropped no longer counts on that day; `ended_on` is null exactly while enrolled). The
 * active days are the length of presence ∩ activity. An enrolment that ends before its session
 * starts gives no day (an empty range, never a reversed one). The idle count reads the last end of
 * an activity before the period's last day as daysWithoutOf does. The year of an establishment is
 * one pass over its people, whatever the number of days.
 */
const PRESENCE_AND_ACTIVITY = `
  with p as (
    select d.id, d.arrival_date, daterange(d.arrival_date, d.left_on, '[)') * daterange(?::date, ?::date, '[]') as present
      from detainee d where d.establishment_id = any(?::int[])
  ),
  act as (
    select p.id, p.arrival_date, p.present,
           datemultirange(p.present) * coalesce((select range_agg(r) from (
              select daterange(a.starts_on, a.ended_on, '[]') as r from assignment a where a.detainee_id = p.id
              union all
              select case when b.lo <= b.hi then daterange(b.lo, b.hi, '[)') else 'empty'::daterange end
                from enrollment e join training_session s on s.id = e.session_id
                cross join lateral (select greatest(e.starts_on, s.starts_on) as lo, least(s.ends_on + 1, coalesce(e.ended_on, 'infinity'::date)) as hi) b
               where e.detainee_id = p.id) x), '{}'::datemultirange) as active
      from p where not isempty(p.present)
  )`;

const SQL = `${PRESENCE_AND_ACTIVITY},
  ends as (
    select a.*, a.present @> ?::date as present_end, a.active @> ?::date as active_end from act a
  ),
  idle as (
    select e.id, ?::date - case when last_end is not null and last_end >= e.arrival_date then last_end + 1 else e.arrival_date end as days
      from ends e
      cross join lateral (
        select greatest(
          (select max(a.ended_on) from assignment a where a.detainee_id = e.id and a.ended_on < ?::date),
          (select max(coalesce(en.ended_on, s.ends_on)) from enrollment en join training_session s on s.id = en.session_id
            where en.detainee_id = e.id and coalesce(en.ended_on, s.ends_on) < ?::date)) as last_end
      ) l
     where e.present_end and not e.active_end
  )
  select coalesce(sum(upper(present) - lower(present)), 0)::int as present_days,
         coalesce(sum((select coalesce(sum(upper(r) - lower(r)), 0) from unnest(active) r)), 0)::int as active_days,
         count(*) filter (where present_end)::int as present_end,
         count(*) filter (where active_end)::int as active_end,
         (select count(*) from idle where days > ?)::int as idle_end,
         (?::date - ?::date + 1) as days
    from ends`;

/**
 * Presence and activity days month by month over [?, ?] (whole months): each person's presence
 * and activity ranges cut to each month, as SQL above cuts them to a period.
 */
const MONTHS_SQL = `${PRESENCE_AND_ACTIVITY},
  m as (
    select to_char(g, 'YYYY-MM') as month, daterange(g::date, (g + interval '1 month')::date, '[)') as r
      from generate_series(?::date, ?::date, interval '1 month') g
  )
  select m.month,
         coalesce(sum(upper(a.present * m.r) - lower(a.present * m.r)), 0)::int as present_days,
         coalesce(sum((select coalesce(sum(upper(x) - lower(x)), 0) from unnest(a.active * datemultirange(m.r)) x)), 0)::int as active_days
    from m left join act a on a.present && m.r
   group by m.month`;

/**
 * `people.access_rate` of each of `months` (consecutive, in order) in one statement: what the
 * family gives for each month alone (null, with its reason, when nobody was present or for a
 * workshop or partner scope). The charts over time read it.
 */
export async function monthlyAccessRates(em: EntityManager, scope: IndicatorScope, months: readonly Month[]): Promise<IndicatorValue[]> {
  if (scope.workshopIds || scope.partnerId !== undefined) return months.map(() => ({ key: 'people.access_rate', value: null, skipped: [NOT_HERE] }));
  if (months.length === 0) return [];
  const from = firstDayOf(months[0] as Month);
  const to = lastDayOf(months[months.length - 1] as Month);
  const rows = await em.execute<Array<{ month: Month; present_days: number; active_days: number }>>(MONTHS_SQL, [
    from,
    to,
    intArray(scope.establishmentIds),
    from,
    firstDayOf(months[months.length - 1] as Month),
  ]);
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return months.map((m) => {
    const r = byMonth.get(m);
    const access = rate(r?.active_days ?? 0, r?.present_days ?? 0);
    return { key: 'people.access_rate', value: access, ...(access === null ? { skipped: [NOBODY] } : {}) };
  });
}

const NOT_HERE =
  'La présence et l’activité des personnes relèvent de l’établissement, pas d’un atelier : non calculé pour un atelier ou une structure partenaire.';
const NOBODY = 'Personne n’était présent dans la période : pas de taux d’accès.';

async function compute(em: EntityManager, scope: IndicatorScope, period: Period): Promise<IndicatorValue[]> {
  if (scope.workshopIds || scope.partnerId !== undefined) {
    const skipped = [NOT_HERE];
    return PEOPLE_DEFINITIONS.map((d) => ({ key: d.key, value: null, skipped }));
  }
  const { from, to } = period;
  const [r] = await em.execute<Row[]>(SQL, [from, to, intArray(scope.establishmentIds), to, to, to, to, to, IDLE_DAYS, to, from]);
  const row = r ?? { present_days: 0, active_days: 0, present_end: 0, active_end: 0, idle_end: 0, days: 0 };
  const nobody = (value: number | null, when: string) => (value === null ? { skipped: [when] } : {});
  const access = rate(row.active_days, row.present_days);
  const accessEnd = rate(row.active_end, row.present_end);
  return [
    { key: 'people.present_mean', value: row.days === 0 ? 0 : Math.round((row.present_days / row.days) * 100) / 100 },
    { key: 'people.present_end', value: row.present_end },
    { key: 'people.access_rate', value: access, ...nobody(access, NOBODY) },
    { key: 'people.access_rate_end', value: accessEnd, ...nobody(accessEnd, 'Personne n’était présent le dernier jour : pas de taux d’accès.') },
    { key: 'people.idle_end', value: row.idle_end },
  ];
}

export const peopleFamily: IndicatorFamily = { family: 'people', definitions: PEOPLE_DEFINITIONS, compute };
