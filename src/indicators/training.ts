import type { EntityManager } from '@mikro-orm/postgresql';
import { intArray } from '../platform/sql.ts';
import { type IndicatorDefinition, type IndicatorFamily, type IndicatorScope, type IndicatorValue, type Period, rate } from './definition.ts';

/**
 * Training (issue 22 item 1): the training sessions of the establishments, their places, how
 * full they were, the people enrolled, the completions and the certifications. One SQL query.
 * Sessions belong to an establishment, not to a workshop: with a workshop or partner scope the
 * family is left out (values null, `skipped` says why).
 */

const SESSIONS_RULE =
  'Les sessions de formation des établissements choisis dont les dates (du premier au dernier jour) rencontrent au moins un jour de la période, y compris les sessions archivées depuis : elles ont eu lieu. Les formations ne dépendent pas d’un atelier : pour un atelier ou une structure partenaire, l’indicateur n’est pas calculé.';
const ENROLMENT_RULE =
  'Les inscriptions aux sessions des établissements choisis. Une inscription court de son premier jour jusqu’à sa fin (achèvement ou abandon), ou jusqu’au dernier jour de la session tant qu’elle est en cours. Les formations ne dépendent pas d’un atelier : pour un atelier ou une structure partenaire, l’indicateur n’est pas calculé.';

export const TRAINING_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    key: 'training.sessions',
    family: 'training',
    label: 'Sessions de formation',
    formula: 'Nombre de sessions de formation en cours au moins un jour de la période.',
    unit: 'count',
    scopeRule: SESSIONS_RULE,
  },
  {
    key: 'training.places',
    family: 'training',
    label: 'Places de formation',
    formula: 'Somme des places ouvertes par ces sessions (chaque session compte une fois, quelle que soit sa durée dans la période).',
    unit: 'count',
    scopeRule: SESSIONS_RULE,
  },
  {
    key: 'training.fill_rate',
    family: 'training',
    label: 'Taux de remplissage des formations',
    formula:
      'Journées-places occupées divisées par journées-places offertes, en pourcentage. Une session offre ses places chaque jour où elle court dans la période (12 places × 10 jours = 120 journées-places) ; chaque inscription occupe une place chaque jour où elle court dans la période et dans les dates de sa session. Non calculé sans aucune session dans la période.',
    unit: 'percent',
    scopeRule: SESSIONS_RULE,
  },
  {
    key: 'training.trainees',
    family: 'training',
    label: 'Personnes en formation',
    formula: 'Nombre de personnes distinctes inscrites au moins un jour de la période à une session (une personne inscrite à deux sessions compte une fois).',
    unit: 'count',
    scopeRule: ENROLMENT_RULE,
  },
  {
    key: 'training.completions',
    family: 'training',
    label: 'Formations achevées',
    formula: 'Nombre d’inscriptions marquées « achevée » dont le jour de fin tombe dans la période. Les abandons ne comptent pas.',
    unit: 'count',
    scopeRule: ENROLMENT_RULE,
  },
  {
    key: 'training.certifications',
    family: 'training',
    label: 'Certifications obtenues',
    formula:
      'Parmi les formations achevées dans la période, celles d’une formation inscrite au RNCP ou au répertoire spécifique (code RNCP ou RS renseigné) et dont la certification a été obtenue (case « certifiée » cochée à l’achèvement).',
    unit: 'count',
    scopeRule: ENROLMENT_RULE,
  },
];

interface Row {
  sessions: number;
  places: number;
  offered: number;
  occupied: number;
  trainees: number;
  completions: number;
  certifications: number;
}

const SQL = `
  with s as (
    select s.id, s.places, greatest(s.starts_on, ?::date) as lo, least(s.ends_on, ?::date) as hi
      from training_session s
     where s.establishment_id = any(?::int[]) and s.starts_on <= ?::date and s.ends_on >= ?::date
  ), e as (
    select e.detainee_id, e.status, e.ended_on, e.certified, p.certification_code,
           greatest(e.starts_on, s.starts_on, ?::date) as lo,
           least(coalesce(e.ended_on, s.ends_on), s.ends_on, ?::date) as hi
      from enrollment e
      join training_session s on s.id = e.session_id
      join training_programme p on p.id = s.programme_id
     where e.establishment_id = any(?::int[])
  )
  select
    (select count(*) from s)::int as sessions,
    (select coalesce(sum(places), 0) from s)::int as places,
    (select coalesce(sum(places * (hi - lo + 1)), 0) from s)::int as offered,
    (select coalesce(sum(hi - lo + 1), 0) from e where hi >= lo)::int as occupied,
    (select count(distinct detainee_id) from e where hi >= lo)::int as trainees,
    (select count(*) from e where status = 'completed' and ended_on between ?::date and ?::date)::int as completions,
    (select count(*) from e where status = 'completed' and ended_on between ?::date and ?::date
        and certified and certification_code is not null)::int as certifications`;

async function compute(em: EntityManager, scope: IndicatorScope, period: Period): Promise<IndicatorValue[]> {
  if (scope.workshopIds || scope.partnerId !== undefined) {
    const skipped = ['Les formations relèvent de l’établissement, pas d’un atelier : non calculé pour un atelier ou une structure partenaire.'];
    return TRAINING_DEFINITIONS.map((d) => ({ key: d.key, value: null, skipped }));
  }
  const ids = intArray(scope.establishmentIds);
  const { from, to } = period;
  const [row] = await em.execute<Row[]>(SQL, [from, to, ids, to, from, from, to, ids, from, to, from, to]);
  const r = row ?? { sessions: 0, places: 0, offered: 0, occupied: 0, trainees: 0, completions: 0, certifications: 0 };
  const fill = rate(r.occupied, r.offered);
  return [
    { key: 'training.sessions', value: r.sessions },
    { key: 'training.places', value: r.places },
    {
      key: 'training.fill_rate',
      value: fill,
      ...(fill === null ? { skipped: ['Aucune session de formation dans la période : pas de taux de remplissage.'] } : {}),
    },
    { key: 'training.trainees', value: r.trainees },
    { key: 'training.completions', value: r.completions },
    { key: 'training.certifications', value: r.certifications },
  ];
}

export const trainingFamily: IndicatorFamily = { family: 'training', definitions: TRAINING_DEFINITIONS, compute };
