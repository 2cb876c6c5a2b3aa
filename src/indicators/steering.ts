import type { EntityManager } from '@mikro-orm/postgresql';
import { intArray } from '../platform/sql.ts';
import type { IndicatorDefinition, IndicatorFamily, IndicatorScope, IndicatorValue, Period } from './definition.ts';

/**
 * Steering (issue 22 item 1): the committees' meetings, numbered decisions and action items, for
 * the committees touching the scope's establishments. One SQL query.
 *
 * A meeting has a date and no cancellation in the model (issue 20): a meeting counts on its day
 * (Europe/Paris). An action item's status on a day is read from its history: the status the last
 * meeting dated that day or before gave it (`action_update`); before any such meeting, the status
 * it was given when decided (an item later carried to a follow-up was open or in progress when
 * decided: it counts as open; one never followed up has its status as written). Committees
 * are per establishment, not per workshop: with a workshop or partner scope the family is left
 * out.
 */

const COMMITTEES_RULE =
  'Les comités liés à au moins un des établissements choisis (y compris un comité commun à plusieurs établissements, et un comité archivé depuis). Une réunion compte le jour où elle se tient (heure de Paris). Les comités ne dépendent pas d’un atelier : pour un atelier ou une structure partenaire, l’indicateur n’est pas calculé.';
const ACTIONS_RULE = `${COMMITTEES_RULE} Le statut d’une action à une date est celui que lui a donné la dernière réunion tenue ce jour-là ou avant (son suivi), ou à défaut la réunion où elle a été décidée ; une action décidée après la fin de la période ne compte pas.`;

export const STEERING_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    key: 'steering.meetings',
    family: 'steering',
    label: 'Réunions de comité tenues',
    formula:
      'Nombre de réunions dont le jour tombe dans la période, que leur compte rendu soit approuvé ou non. Le modèle ne connaît pas de réunion annulée : une réunion qui n’a pas eu lieu doit être supprimée ou déplacée.',
    unit: 'count',
    scopeRule: COMMITTEES_RULE,
  },
  {
    key: 'steering.decisions',
    family: 'steering',
    label: 'Décisions numérotées',
    formula:
      'Nombre de décisions prises lors des réunions tenues dans la période et numérotées (une décision reçoit son numéro quand le compte rendu est approuvé, dans l’année de la réunion). Les décisions d’un compte rendu pas encore approuvé ne comptent pas.',
    unit: 'count',
    scopeRule: COMMITTEES_RULE,
  },
  {
    key: 'steering.actions_open',
    family: 'steering',
    label: 'Actions à suivre en cours',
    formula: 'Nombre d’actions « à faire » ou « en cours » au dernier jour de la période. Les actions abandonnées ne comptent pas.',
    unit: 'count',
    scopeRule: ACTIONS_RULE,
  },
  {
    key: 'steering.actions_late',
    family: 'steering',
    label: 'Actions à suivre en retard',
    formula:
      'Parmi les actions en cours au dernier jour de la période, celles dont l’échéance tombe avant ce jour. Une action sans échéance n’est jamais en retard.',
    unit: 'count',
    scopeRule: ACTIONS_RULE,
  },
  {
    key: 'steering.actions_done',
    family: 'steering',
    label: 'Actions à suivre faites',
    formula: 'Nombre d’actions « faites » au dernier jour de la période qui ne l’étaient pas la veille du premier jour : faites pendant la période.',
    unit: 'count',
    scopeRule: ACTIONS_RULE,
  },
];

interface Row {
  meetings: number;
  decisions: number;
  open: number;
  late: number;
  done: number;
}

/** The status of action `a` on day `$d` (null: not decided yet), from its history. */
const statusOn = (day: string) => `
  case when a.origin_day > ${day} then null else coalesce(
    (select u.status from action_update u join m on m.id = u.meeting_id
      where u.action_item_id = a.id and m.day <= ${day} order by m.day desc, u.id desc limit 1),
    case when exists (select 1 from action_update u where u.action_item_id = a.id) then 'open' else a.status end) end`;

const SQL = `
  with m as (
    select m.id, (m.starts_at at time zone 'Europe/Paris')::date as day
      from committee_meeting m
     where m.committee_id in (select ce.committee_id from committee_establishment ce where ce.establishment_id = any(?::int[]))
  ), a as (
    select a.id, a.status, a.due_on, o.day as origin_day from action_item a join m o on o.id = a.meeting_id
  ), s as (
    select a.id, a.due_on, ${statusOn('p.to_day')} as at_end, ${statusOn('p.from_day - 1')} as before
      from a, (select ?::date as from_day, ?::date as to_day) p
  )
  select
    (select count(*) from m where day between ?::date and ?::date)::int as meetings,
    (select count(*) from committee_decision d join m on m.id = d.meeting_id
      where m.day between ?::date and ?::date and d.number is not null)::int as decisions,
    (select count(*) from s where at_end in ('open', 'in_progress'))::int as open,
    (select count(*) from s where at_end in ('open', 'in_progress') and due_on < ?::date)::int as late,
    (select count(*) from s where at_end = 'done' and before is distinct from 'done')::int as done`;

async function compute(em: EntityManager, scope: IndicatorScope, period: Period): Promise<IndicatorValue[]> {
  if (scope.workshopIds || scope.partnerId !== undefined) {
    const skipped = ['Les comités relèvent de l’établissement, pas d’un atelier : non calculé pour un atelier ou une structure partenaire.'];
    return STEERING_DEFINITIONS.map((d) => ({ key: d.key, value: null, skipped }));
  }
  const { from, to } = period;
  const [row] = await em.execute<Row[]>(SQL, [intArray(scope.establishmentIds), from, to, from, to, from, to, to]);
  const r = row ?? { meetings: 0, decisions: 0, open: 0, late: 0, done: 0 };
  return [
    { key: 'steering.meetings', value: r.meetings },
    { key: 'steering.decisions', value: r.decisions },
    { key: 'steering.actions_open', value: r.open },
    { key: 'steering.actions_late', value: r.late },
    { key: 'steering.actions_done', value: r.done },
  ];
}

export const steeringFamily: IndicatorFamily = { family: 'steering', definitions: STEERING_DEFINITIONS, compute };
