import type { EntityManager } from '@mikro-orm/postgresql';
import { Establishment } from '../establishments/entities.ts';
import { LEGAL_MAJORATIONS } from '../hours/majorations.ts';
import { payOfMonth } from '../hours/pay.ts';
import { payLineLabel } from '../hours/pay-rules.ts';
import { type Day, type Month, monthBounds, monthOf, plusMonths } from '../platform/calendar.ts';
import { RuleError } from '../platform/errors.ts';
import { formatShortMonth } from '../platform/format.ts';
import { intArray } from '../platform/sql.ts';
import { dataVersionOf, keptPerDatabase } from './data-version.ts';
import type { BreakdownLine, IndicatorDefinition, IndicatorFamily, IndicatorScope, IndicatorValue, Period } from './definition.ts';

/**
 * Work and pay (issue 22 item 1). Hours, absences, majorations and workers are ONE SQL aggregate
 * over the time entries (`WORK_SQL`) applying the monthly pay statement's own selection
 * (src/hours/pay.ts `payOfMonth`); gross pay is the statement's (`grossOfMonth`).
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

/** A month's gross pay of one establishment, from its pay statement: in all, and by workshop (the sum of its posts). */
interface MonthGross {
  total: number;
  byWorkshop: Map<number, number>;
  /** Why the month could not be paid (no SMIC in force): its figures are left out. */
  refused: string | null;
}

/**
 * Gross pay is taken from the pay statement itself (`payOfMonth`), not re-derived in SQL: it
 * sums every rate in force each day (SMIC × category floor or the post's own rate), the 1 May
 * indemnity, paid absences, paid training and the leave lines at the previous month's average
 * rate, rounded once per person; a second implementation of all that would one day disagree
 * with the statement the accountant received. The statement costs ~35 ms per establishment and
 * month on the demo, so it is computed once per (establishment, month, data version) and kept
 * (src/indicators/data-version.ts: every table a statement reads is audited, so any change
 * anywhere, a time entry, a SMIC, another establishment's entry in a transferred person's week,
 * gives a new key, and a figure is never read stale). The version is read in the caller's
 * snapshot (a report's REPEATABLE READ transaction: the same as the hours'; outside one, just
 * before the hours and the statement, so that a change made meanwhile gives the next reader a
 * new key). A key is kept per ORM (one database) and the cache is bounded.
 */
const keptGross = keptPerDatabase<MonthGross>(500);

function grossOfMonth(em: EntityManager, establishmentId: number, month: Month, version: string): Promise<MonthGross> {
  return keptGross(em, `${establishmentId}|${month}|${version}`, async () => {
    const establishment = await em.findOneOrFail(Establishment, establishmentId);
    try {
      const { pay } = await payOfMonth(em, establishment, month, true);
      const byWorkshop = new Map<number, number>();
      for (const person of pay.people)
        for (const post of person.posts)
          if (post.workshopId !== null) byWorkshop.set(post.workshopId, (byWorkshop.get(post.workshopId) ?? 0) + post.grossCents);
      return { total: pay.people.reduce((n, p) => n + p.grossCents, 0), byWorkshop, refused: null };
    } catch (error) {
      // A month without a SMIC in force cannot be paid: the statement says so, the indicator names it.
      if (!(error instanceof RuleError)) throw error;
      return { total: 0, byWorkshop: new Map(), refused: error.message };
    }
  });
}

/**
 * The statement's selection, in one statement over the whole months [?, ?]:
 * - `entries`: every post entry of the people who have an entry in the scope's establishments in
 *   those months, over the whole ISO weeks the months touch (a week's majorations count all the
 *   person's contracts and establishments, and its days in the previous or next month);
 * - `paid`: validated (the workshop's week), payable (inside the contract, outside every
 *   suspension, not after leaving) work, netted per post and day (an adjustment adds to the
 *   typed value), kept when positive;
 * - `placed`: each net day placed in its person's week, by day then entry: the minutes before
 *   it, the week's peak contract hours (`weekContractMinutes`) and the majoration rates of its
 *   establishment in force on the Monday (else the code's), which cut it into normal time and
 *   the two majored tiers (`majorWeek`);
 * - `counted`: the days of the scope (establishments, workshops) and months, in a month that
 *   has a SMIC in force (else the statement refuses the month, and so does the indicator).
 * Absences are the typed absence days of those months not corrected since by an adjustment,
 * validated or not; training is the validated session weeks' entries, as on the statement.
 */
const WORK_CTES = `
  with span as not materialized (
    select ?::date as m_from, ?::date as m_to, ?::int[] as establishments, ?::int[] as workshops
  ),
  entries as (
    select e.id, e.detainee_id, e.establishment_id, e.assignment_id, e.workshop_id, e.day, e.minutes, e.kind, e.absence_code,
           e.day - (extract(isodow from e.day)::integer - 1) as monday
      from span, time_entry e
     where e.assignment_id is not null
       and e.day between span.m_from - (extract(isodow from span.m_from)::integer - 1) and span.m_to - extract(isodow from span.m_to)::integer + 7
       and e.detainee_id in (select x.detainee_id from time_entry x where x.establishment_id = any(span.establishments) and x.day between span.m_from and span.m_to)
  ),
  paid as materialized (
    select e.detainee_id, e.assignment_id, e.day, e.monday, min(e.id) as first_id, sum(e.minutes)::integer as minutes,
           (array_agg(e.establishment_id order by e.id))[1] as establishment_id, (array_agg(e.workshop_id order by e.id))[1] as workshop_id
      from entries e join assignment a on a.id = e.assignment_id join detainee d on d.id = e.detainee_id
     where e.kind = 'work'
       and exists (select 1 from timesheet_week w where w.workshop_id = e.workshop_id and w.status = 'validated' and w.week_start = e.monday)
       and a.starts_on <= e.day and (a.ended_on is null or e.day <= a.ended_on)
       and (d.status = 'present' or d.left_on is null or e.day <= d.left_on)
       and not exists (select 1 from assignment_suspension s where s.assignment_id = e.assignment_id
                         and s.starts_on <= e.day and (s.ends_on is null or e.day <= s.ends_on))
     group by e.detainee_id, e.assignment_id, e.day, e.monday
    having sum(e.minutes) > 0
  ),
  weeks as materialized (
    select w.detainee_id, w.monday, max(w.held)::integer as contract
      from (select p.detainee_id, p.monday, g.i, coalesce(sum(a.weekly_minutes), 0) as held
              from (select distinct detainee_id, monday from paid) p
              cross join generate_series(0, 6) as g(i)
              left join assignment a on a.detainee_id = p.detainee_id and a.starts_on <= p.monday + g.i
                                    and (a.ended_on is null or p.monday + g.i <= a.ended_on)
             group by p.detainee_id, p.monday, g.i) w
     group by w.detainee_id, w.monday
  ),
  placed as (
    select p.*, sum(p.minutes) over (partition by p.detainee_id, p.monday order by p.day, p.first_id rows unbounded preceding) - p.minutes as done,
           wk.contract >= r.full_time as is_full, r.*,
           case when wk.contract >= r.full_time then r.full_time else wk.contract end as t1,
           case when wk.contract >= r.full_time then r.full_time + r.first_tier else wk.contract + wk.contract / 10 end as t2
      from paid p join weeks wk using (detainee_id, monday)
      cross join lateral (
        select coalesce(s.full_time_minutes, ?::integer) as full_time, coalesce(s.overtime_first_tier_minutes, ?::integer) as first_tier,
               coalesce(s.overtime_first_tier_percent, ?::integer) as ot1, coalesce(s.overtime_beyond_percent, ?::integer) as ot2,
               coalesce(s.complementary_first_tier_percent, ?::integer) as c1, coalesce(s.complementary_second_tier_percent, ?::integer) as c2
          from (select 1) one
          left join lateral (select * from working_time_setting s where s.establishment_id = p.establishment_id and s.effective_from <= p.monday
                              order by s.effective_from desc limit 1) s on true
      ) r
  ),
  counted as (
    select c.* from placed c, span
     where c.establishment_id = any(span.establishments) and c.day between span.m_from and span.m_to
       and (span.workshops is null or c.workshop_id = any(span.workshops))
       and exists (select 1 from smic_rate r where r.effective_from <= date_trunc('month', c.day)::date)
  ),
  majored as (
    select c.workshop_id, line.key, sum(line.minutes)::integer as minutes
      from counted c
      cross join lateral (values
        (case when c.is_full then 'overtime' || c.ot1 else 'complementary' || c.c1 end, greatest(0, least(c.done + c.minutes, c.t2) - greatest(c.done, c.t1))),
        (case when c.is_full then 'overtime' || c.ot2 else 'complementary' || c.c2 end, greatest(0, c.done + c.minutes - greatest(c.done, c.t2)))
      ) as line(key, minutes)
     group by c.workshop_id, line.key having sum(line.minutes) > 0
  ),
  absences as (
    select e.workshop_id, e.absence_code as code, count(*)::integer as days
      from entries e, span
     where e.kind = 'absence' and e.absence_code is not null
       and e.establishment_id = any(span.establishments) and e.day between span.m_from and span.m_to
       and (span.workshops is null or e.workshop_id = any(span.workshops))
       and exists (select 1 from smic_rate r where r.effective_from <= date_trunc('month', e.day)::date)
       and not exists (select 1 from time_entry x where x.is_adjustment and x.assignment_id = e.assignment_id and x.day = e.day and x.id > e.id)
     group by e.workshop_id, e.absence_code
  )`;

/** The validated training entries of the scope's establishments in the months (the statement's selection), as `e`. */
const TRAINING_SQL = `from span, time_entry e
           where e.establishment_id = any(span.establishments) and e.kind = 'training' and e.day between span.m_from and span.m_to
             and exists (select 1 from timesheet_week w where w.session_id = e.session_id and w.status = 'validated'
                           and w.week_start = e.day - (extract(isodow from e.day)::integer - 1))
             and exists (select 1 from smic_rate r where r.effective_from <= date_trunc('month', e.day)::date)`;

/** The majoration lines and the absences by reason of the workshops `where` keeps, as json (WORK_SQL: all of them). */
const linesOf = (where: string) => `
         (select coalesce(json_agg(json_build_object('key', m.key, 'minutes', m.minutes)), '[]')
            from (select key, sum(minutes)::integer as minutes from majored where ${where} group by key) m) as majored,
         (select coalesce(json_agg(json_build_object('code', a.code, 'days', a.days, 'label',
                   (select r.label from span, absence_reason r where r.code = a.code and r.establishment_id = any(span.establishments)
                     order by r.effective_from desc, r.establishment_id limit 1))), '[]')
            from (select code, sum(days)::integer as days from absences where ${where} group by code) a) as absences`;

export const WORK_SQL = `${WORK_CTES}
  select (select count(distinct detainee_id) from counted)::integer as workers,
         (select count(*) from (select distinct detainee_id, monday from counted) w)::integer as worker_weeks,
         (select coalesce(sum(minutes), 0) from counted)::integer as worked,
         (select coalesce(sum(e.minutes), 0) ${TRAINING_SQL})::integer as trained,${linesOf('true')}`;

/**
 * WORK_SQL for each of the workshops asked (the scope's workshops, the last parameter), in one
 * statement: the person-weeks are placed once (a week's majorations count all the person's
 * posts), then each workshop's days are summed apart, as WORK_SQL narrowed to that workshop
 * gives them. What a report's workshop pages read, instead of one statement per workshop.
 */
const WORK_BY_WORKSHOP_SQL = `${WORK_CTES}
  select w.id as workshop_id,
         (select count(distinct detainee_id) from counted c where c.workshop_id = w.id)::integer as workers,
         (select count(*) from (select distinct detainee_id, monday from counted c where c.workshop_id = w.id) x)::integer as worker_weeks,
         (select coalesce(sum(minutes), 0) from counted c where c.workshop_id = w.id)::integer as worked,
         0 as trained,${linesOf('workshop_id = w.id')}
    from unnest(?::int[]) as w(id)`;

/**
 * Hours worked and trained month by month over consecutive whole months, in one statement: the
 * same selection as WORK_SQL (its `counted` days and its training entries) summed by month. A
 * day's net minutes do not depend on the months asked (its week is read whole either way), so
 * each month's sum equals the family's `work.worked_minutes` and `work.trained_minutes` for that
 * month alone. What the charts over time read, without a query (nor a pay statement) per month.
 */
const HOURS_BY_MONTH_SQL = `${WORK_CTES}
  select to_char(x.day, 'YYYY-MM') as month, sum(x.worked)::integer as worked, sum(x.trained)::integer as trained
    from (-- \`counted\` without its placement in the week (which only cuts majorations): the same days, the same filter.
          select c.day, c.minutes as worked, 0 as trained from paid c, span
           where c.establishment_id = any(span.establishments) and c.day between span.m_from and span.m_to
             and (span.workshops is null or c.workshop_id = any(span.workshops))
             and exists (select 1 from smic_rate r where r.effective_from <= date_trunc('month', c.day)::date)
          union all
          select e.day, 0, e.minutes ${TRAINING_SQL}) x
   group by 1`;

/** The scope's workshops, when it is narrowed to some (or to a partner's): null for whole establishments. */
async function workshopsOf(em: EntityManager, scope: IndicatorScope): Promise<readonly number[] | null> {
  if (scope.workshopIds !== undefined) return scope.workshopIds;
  if (scope.partnerId === undefined) return null;
  return (await em.execute<{ id: number }[]>('select id from workshop where partner_id = ?', [scope.partnerId])).map((r) => r.id);
}

/** The parameters of WORK_CTES for the whole months [first, last]. */
function cteParams(scope: IndicatorScope, first: Month, last: Month, workshopIds: readonly number[] | null): unknown[] {
  const L = LEGAL_MAJORATIONS;
  return [
    monthBounds(first)[0],
    monthBounds(last)[1],
    intArray(scope.establishmentIds),
    workshopIds === null ? null : intArray(workshopIds),
    L.fullTimeMinutes,
    L.overtimeFirstTierMinutes,
    L.overtimeFirstTierPercent,
    L.overtimeBeyondPercent,
    L.complementaryFirstTierPercent,
    L.complementarySecondTierPercent,
  ];
}

/**
 * `work.worked_minutes` and `work.trained_minutes` of each of `months` (consecutive, in order),
 * as the family gives them month by month (trained: null for a workshop or partner scope).
 */
export async function monthlyHours(em: EntityManager, scope: IndicatorScope, months: readonly Month[]): Promise<Array<Map<string, IndicatorValue>>> {
  if (months.length === 0) return [];
  const workshopIds = await workshopsOf(em, scope);
  const rows = await em.execute<Array<{ month: Month; worked: number; trained: number }>>(
    HOURS_BY_MONTH_SQL,
    cteParams(scope, months[0] as Month, months[months.length - 1] as Month, workshopIds),
  );
  const narrowed = scope.workshopIds !== undefined || scope.partnerId !== undefined;
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return months.map((m) => {
    const r = byMonth.get(m);
    return new Map<string, IndicatorValue>([
      ['work.worked_minutes', { key: 'work.worked_minutes', value: r?.worked ?? 0 }],
      ['work.trained_minutes', { key: 'work.trained_minutes', value: narrowed ? null : (r?.trained ?? 0) }],
    ]);
  });
}

interface WorkRow {
  workers: number;
  worker_weeks: number;
  worked: number;
  trained: number;
  majored: Array<{ key: string; minutes: number }>;
  absences: Array<{ code: string; days: number; label: string | null }>;
}

const NO_WHOLE_MONTH = 'La période ne contient aucun mois entier : les heures et la paie se comptent par mois.';
const TRAINING_NOT_HERE = 'Les formations relèvent de l’établissement, pas d’un atelier : non calculé pour un atelier ou une structure partenaire.';

/** The pay statements of the establishments' months (kept by data version), and what a refused month says. */
async function grossesOf(em: EntityManager, establishmentIds: readonly number[], months: readonly Month[]) {
  const [establishments, version] = await Promise.all([
    em.execute<{ id: number; name: string }[]>('select id, name from establishment where id = any(?::int[]) order by id', [intArray(establishmentIds)]),
    dataVersionOf(em),
  ]);
  const asked = establishments.flatMap((establishment) => months.map((month) => ({ establishment, month })));
  return { asked, pays: asked.map(({ establishment, month }) => grossOfMonth(em, establishment.id, month, version)) };
}

/** The family's values from its aggregate row and the months' pay statements (`workshopIds`: the gross of those workshops' posts only). */
function valuesOf(
  r: WorkRow,
  pays: ReadonlyArray<{ establishment: { name: string }; month: Month; pay: MonthGross }>,
  workshopIds: readonly number[] | null,
  narrowed: boolean,
  leftOut: string | null,
): IndicatorValue[] {
  const skipped: string[] = leftOut ? [leftOut] : [];
  let gross = 0;
  for (const { establishment, month, pay } of pays) {
    if (pay.refused !== null) skipped.push(`${establishment.name}, ${formatShortMonth(month)} : ${pay.refused}`);
    else if (workshopIds === null) gross += pay.total;
    else for (const id of workshopIds) gross += pay.byWorkshop.get(id) ?? 0;
  }
  const byKey = (a: BreakdownLine, b: BreakdownLine) => a.key.localeCompare(b.key, 'fr', { numeric: true });
  const majored = r.majored.map((m) => ({ key: m.key, label: payLineLabel(m.key), value: m.minutes })).sort(byKey);
  const overtime = majored.filter((l) => l.key.startsWith('overtime'));
  const complementary = majored.filter((l) => l.key.startsWith('complementary'));
  const absenceLines = r.absences.map((a) => ({ key: a.code, label: a.label ?? a.code, value: a.days })).sort(byKey);
  const sum = (lines: BreakdownLine[]) => lines.reduce((n, l) => n + l.value, 0);
  const notes = skipped.length ? { skipped } : {};
  return [
    { key: 'work.workers', value: r.workers, ...notes },
    { key: 'work.worked_minutes', value: r.worked, ...notes },
    narrowed ? { key: 'work.trained_minutes', value: null, skipped: [TRAINING_NOT_HERE] } : { key: 'work.trained_minutes', value: r.trained, ...notes },
    r.worker_weeks === 0
      ? { key: 'work.weekly_minutes_per_worker', value: null, skipped: [...skipped, 'Personne n’a travaillé dans la période : pas de durée moyenne.'] }
      : { key: 'work.weekly_minutes_per_worker', value: Math.round(r.worked / r.worker_weeks), ...notes },
    { key: 'work.absence_days', value: sum(absenceLines), breakdown: absenceLines, ...notes },
    { key: 'work.overtime_minutes', value: sum(overtime), breakdown: overtime, ...notes },
    { key: 'work.complementary_minutes', value: sum(complementary), breakdown: complementary, ...notes },
    { key: 'work.gross_cents', value: gross, ...notes },
  ];
}

async function compute(em: EntityManager, scope: IndicatorScope, period: Period): Promise<IndicatorValue[]> {
  const { months, leftOut } = wholeMonths(period);
  if (months.length === 0) return WORK_DEFINITIONS.map((d) => ({ key: d.key, value: null, skipped: [NO_WHOLE_MONTH] }));
  const narrowed = scope.workshopIds !== undefined || scope.partnerId !== undefined;
  const [workshopIds, grosses] = await Promise.all([workshopsOf(em, scope), grossesOf(em, scope.establishmentIds, months)]);
  // The hours and the pay statements together (the statements keyed by the version read first).
  const [[row], pays] = await Promise.all([
    em.execute<WorkRow[]>(WORK_SQL, cteParams(scope, months[0] as Month, months[months.length - 1] as Month, workshopIds)),
    Promise.all(grosses.pays),
  ]);
  return valuesOf(
    row as WorkRow,
    grosses.asked.map((a, i) => ({ ...a, pay: pays[i] as MonthGross })),
    workshopIds,
    narrowed,
    leftOut,
  );
}

/**
 * The family's values for each workshop of an establishment, in one aggregate statement (and
 * the establishment's pay statements, which the family reads anyway): equal, workshop by
 * workshop, to `workFamily.compute` narrowed to it (tests/indicators/work.test.ts).
 */
export async function workByWorkshop(
  em: EntityManager,
  establishmentId: number,
  workshopIds: readonly number[],
  period: Period,
): Promise<Map<number, IndicatorValue[]>> {
  const { months, leftOut } = wholeMonths(period);
  if (months.length === 0 || workshopIds.length === 0)
    return new Map(workshopIds.map((id) => [id, WORK_DEFINITIONS.map((d) => ({ key: d.key, value: null, skipped: [NO_WHOLE_MONTH] }))]));
  const scope = { establishmentIds: [establishmentId], workshopIds };
  const grosses = await grossesOf(em, [establishmentId], months);
  const [rows, pays] = await Promise.all([
    em.execute<Array<WorkRow & { workshop_id: number }>>(WORK_BY_WORKSHOP_SQL, [
      ...cteParams(scope, months[0] as Month, months[months.length - 1] as Month, workshopIds),
      intArray(workshopIds),
    ]),
    Promise.all(grosses.pays),
  ]);
  const monthly = grosses.asked.map((a, i) => ({ ...a, pay: pays[i] as MonthGross }));
  return new Map(rows.map((r) => [r.workshop_id, valuesOf(r, monthly, [r.workshop_id], true, leftOut)]));
}

export const workFamily: IndicatorFamily = { family: 'work', definitions: WORK_DEFINITIONS, compute };
