import type { EntityManager } from '@mikro-orm/postgresql';
import { heldSql } from '../holdings/service.ts';
import { IDLE_DAYS } from '../home/agenda.ts';
import { intArray } from '../platform/sql.ts';
import { type IndicatorDefinition, type IndicatorFamily, type IndicatorScope, type IndicatorValue, type Period, rate } from './definition.ts';

/**
 * People (issue 22 item 1): who is present, who has work or training, who has had none for
 * more than IDLE_DAYS days. One SQL query over the days of the period. The rules are those of
 * the « Sans activité » list (src/detainees/service.ts `daysWithoutOf`, src/home/agenda.ts):
 * on the same day the figures equal the list's. Presence belongs to the establishment, not to
 * a workshop: with a workshop or partner scope the family is left out (null, `skipped` says why).
 */

const PRESENCE =
  'Une personne est présente un jour donné si elle est arrivée ce jour-là ou avant et n’est pas sortie (libération ou transfert) ce jour-là ou avant : le jour de sa sortie ne compte plus, comme dans la liste des personnes présentes. Seules les personnes des établissements choisis comptent. La présence relève de l’établissement, pas d’un atelier : pour un atelier ou une structure partenaire, l’indicateur n’est pas calculé.';
const ACTIVITY =
  'Une personne a une activité un jour donné si elle tient un poste ce jour-là (du début de son affectation à sa fin incluse ; une suspension ne retire pas le poste, comme pour la liste « Sans activité ») ou si elle est inscrite à une session de formation qui court ce jour-là (inscription commencée, session commencée et pas finie, inscription ni achevée ni abandonnée avant ce jour). ';

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

/** The assignment `a` holds its post on `g.day` (the holding rule of src/holdings, bound to a column instead of parameters). */
const HELD_ON_DAY = heldSql('a').replaceAll('?::date', 'g.day');

/**
 * Per day of the period (g.day) and person of the establishments: present, with an activity.
 * The idle count reads the last end of an activity before the period's last day as daysWithoutOf does.
 */
const SQL = `
  with g as (select d::date as day from generate_series(?::date, ?::date, interval '1 day') d),
  p as (select id, arrival_date, left_on from detainee where establishment_id = any(?::int[])),
  pd as (
    select g.day, p.id, p.arrival_date,
           (exists (select 1 from assignment a where a.detainee_id = p.id and ${HELD_ON_DAY})
            or exists (select 1 from enrollment e join training_session s on s.id = e.session_id
                        where e.detainee_id = p.id and e.starts_on <= g.day and s.starts_on <= g.day and g.day <= s.ends_on
                          and (e.status = 'enrolled' or e.ended_on > g.day))) as active
      from g join p on p.arrival_date <= g.day and (p.left_on is null or p.left_on > g.day)
  ),
  idle as (
    select pd.id, pd.day - case when last_end is not null and last_end >= pd.arrival_date then last_end + 1 else pd.arrival_date end as days
      from pd
      cross join lateral (
        select greatest(
          (select max(a.ended_on) from assignment a where a.detainee_id = pd.id and a.ended_on < pd.day),
          (select max(coalesce(e.ended_on, s.ends_on)) from enrollment e join training_session s on s.id = e.session_id
            where e.detainee_id = pd.id and coalesce(e.ended_on, s.ends_on) < pd.day)) as last_end
      ) l
     where pd.day = ?::date and not pd.active
  )
  select (select count(*) from pd)::int as present_days,
         (select count(*) from pd where active)::int as active_days,
         (select count(*) from pd where day = ?::date)::int as present_end,
         (select count(*) from pd where day = ?::date and active)::int as active_end,
         (select count(*) from idle where days > ?)::int as idle_end,
         (select count(*) from g)::int as days`;

async function compute(em: EntityManager, scope: IndicatorScope, period: Period): Promise<IndicatorValue[]> {
  if (scope.workshopIds || scope.partnerId !== undefined) {
    const skipped = [
      'La présence et l’activité des personnes relèvent de l’établissement, pas d’un atelier : non calculé pour un atelier ou une structure partenaire.',
    ];
    return PEOPLE_DEFINITIONS.map((d) => ({ key: d.key, value: null, skipped }));
  }
  const { from, to } = period;
  const [r] = await em.execute<Row[]>(SQL, [from, to, intArray(scope.establishmentIds), to, to, to, IDLE_DAYS]);
  const row = r ?? { present_days: 0, active_days: 0, present_end: 0, active_end: 0, idle_end: 0, days: 0 };
  const nobody = (value: number | null, when: string) => (value === null ? { skipped: [when] } : {});
  const access = rate(row.active_days, row.present_days);
  const accessEnd = rate(row.active_end, row.present_end);
  return [
    { key: 'people.present_mean', value: row.days === 0 ? 0 : Math.round((row.present_days / row.days) * 100) / 100 },
    { key: 'people.present_end', value: row.present_end },
    { key: 'people.access_rate', value: access, ...nobody(access, 'Personne n’était présent dans la période : pas de taux d’accès.') },
    { key: 'people.access_rate_end', value: accessEnd, ...nobody(accessEnd, 'Personne n’était présent le dernier jour : pas de taux d’accès.') },
    { key: 'people.idle_end', value: row.idle_end },
  ];
}

export const peopleFamily: IndicatorFamily = { family: 'people', definitions: PEOPLE_DEFINITIONS, compute };
