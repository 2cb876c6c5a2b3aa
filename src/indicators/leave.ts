import type { EntityManager } from '@mikro-orm/postgresql';
import { balanceAt } from '../leave/accrual.ts';
import { type LeaveHistory, type LedgerPerson, leaveHistoriesOf, movementsOf } from '../leave/ledger.ts';
import { policyVersionsOf } from '../leave/service.ts';
import type { Day } from '../platform/calendar.ts';
import { intArray } from '../platform/sql.ts';
import { dataVersionOf, keptPerDatabase } from './data-version.ts';
import type { IndicatorDefinition, IndicatorFamily, IndicatorScope, IndicatorValue, Period } from './definition.ts';

/**
 * Leave (issue 22 item 1): days earned, days taken and the balance at the period's end, summed
 * over the people of the scope. Not a single SQL query: the figures come from the leave engine
 * itself (src/leave/ledger.ts and accrual.ts), the same the person's page and the establishment's
 * balances use, so that they always match. Per establishment of the scope: one query for the
 * people, the establishment's policy versions, and the ledger's fixed number of queries for all
 * its people at once (never one per person).
 */

const PEOPLE_RULE =
  'Les personnes ayant eu au moins une affectation dans un des établissements choisis (ou sur un poste des ateliers choisis, ou des ateliers de la structure partenaire choisie) commencée au plus tard le dernier jour de la période, et qui n’avaient pas quitté l’établissement avant son premier jour. Le compteur de chaque personne est celui de sa fiche (politique de congés de l’établissement, semaines de pointage validées seulement) ; un établissement sans politique de congés ne compte pas.';

export const LEAVE_DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    key: 'leave.accrued',
    family: 'leave',
    label: 'Jours de congé acquis',
    formula:
      'Somme, sur les personnes, des jours acquis dans la période selon leur compteur : acquisitions mensuelles ou horaires, arrondis et plafonds compris (les reports, expirations, ajustements et soldes au départ n’en font pas partie).',
    unit: 'centidays',
    scopeRule: PEOPLE_RULE,
  },
  {
    key: 'leave.taken',
    family: 'leave',
    label: 'Jours de congé pris',
    formula:
      'Somme, sur les personnes, des jours des demandes de congé approuvées dont le premier jour tombe dans la période (le compteur les décompte ce jour-là).',
    unit: 'centidays',
    scopeRule: PEOPLE_RULE,
  },
  {
    key: 'leave.balance',
    family: 'leave',
    label: 'Solde de congés en fin de période',
    formula: 'Somme, sur les personnes, du solde de leur compteur au dernier jour de la période, tel que leur fiche l’affiche à cette date.',
    unit: 'centidays',
    scopeRule: PEOPLE_RULE,
  },
];

interface PersonRow {
  id: number;
  establishment_id: number;
  left_on: Day | null;
  status: LedgerPerson['status'];
}

/** The people of the scope, every establishment in one query. */
async function peopleOf(em: EntityManager, scope: IndicatorScope, period: Period): Promise<PersonRow[]> {
  const workshops = scope.workshopIds ? intArray(scope.workshopIds) : null;
  const partner = scope.partnerId ?? null;
  return em.execute<PersonRow[]>(
    `select distinct d.id, d.establishment_id, to_char(d.left_on, 'YYYY-MM-DD') as left_on, d.status
       from assignment a
       join detainee d on d.id = a.detainee_id and d.establishment_id = a.establishment_id
       join post p on p.id = a.post_id
       join workshop w on w.id = p.workshop_id
      where a.establishment_id = any(?::int[]) and a.starts_on <= ?::date and (d.left_on is null or d.left_on >= ?::date)
        and (?::int[] is null or p.workshop_id = any(?::int[]))
        and (?::int is null or w.partner_id = ?)
      order by d.id`,
    [intArray(scope.establishmentIds), period.to, period.from, workshops, workshops, partner, partner],
  );
}

interface Totals {
  accrued: number;
  taken: number;
  balance: number;
  /** The establishment has no leave policy: its people have no ledger. */
  noPolicy: boolean;
}

/**
 * The leave histories of every person ever assigned in the establishment (a history depends on
 * the person only, not on the period: the ledger reads their whole past). Loading them is most
 * of the family's cost, and the dashboard and the reports ask for several periods (the period,
 * the one before; a coordinator flips from the month to the quarter): they are loaded once per
 * (establishment, data version) and kept, per ORM (one database), as the work family keeps the
 * pay statements. The data version is the one the work family keys the pay statements with:
 * every table a history reads (time entries, timesheet weeks, assignments and their
 * suspensions, absence reasons, leave requests and adjustments, people) is audited, so any change
 * gives a new key and a history is never read stale; it is read in the caller's snapshot (a
 * report's REPEATABLE READ transaction). Bounded: a few establishments' histories.
 */
const keptHistories = keptPerDatabase<Map<number, LeaveHistory>>(8);

async function historiesOf(em: EntityManager, establishmentId: number): Promise<Map<number, LeaveHistory>> {
  return keptHistories(em, `${establishmentId}|${await dataVersionOf(em)}`, async () => {
    const people = await em.execute<PersonRow[]>(
      `select distinct d.id, d.establishment_id, to_char(d.left_on, 'YYYY-MM-DD') as left_on, d.status
         from assignment a join detainee d on d.id = a.detainee_id and d.establishment_id = a.establishment_id
        where a.establishment_id = ? order by d.id`,
      [establishmentId],
    );
    return leaveHistoriesOf(
      em,
      establishmentId,
      people.map((p) => ({ id: p.id, leftOn: p.left_on, status: p.status })),
    );
  });
}

async function establishmentTotals(em: EntityManager, establishmentId: number, people: readonly PersonRow[], period: Period): Promise<Totals> {
  const policies = await policyVersionsOf(em, establishmentId);
  const totals = { accrued: 0, taken: 0, balance: 0, noPolicy: policies.length === 0 };
  if (policies.length === 0 || people.length === 0) return totals;
  const histories = await historiesOf(em, establishmentId);
  const inPeriod = (day: Day) => day >= period.from && day <= period.to;
  for (const person of people) {
    const movements = movementsOf(histories.get(person.id), policies, period.to);
    for (const m of movements) {
      if (!inPeriod(m.day)) continue;
      if (m.kind === 'accrual' || m.kind === 'rounding' || m.kind === 'cap') totals.accrued += m.centidays;
      if (m.kind === 'taken') totals.taken -= m.centidays;
    }
    totals.balance += balanceAt(movements, period.to);
  }
  return totals;
}

async function compute(em: EntityManager, scope: IndicatorScope, period: Period): Promise<IndicatorValue[]> {
  const people = await peopleOf(em, scope, period);
  const parts = await Promise.all(
    scope.establishmentIds.map((id) =>
      establishmentTotals(
        em,
        id,
        people.filter((p) => p.establishment_id === id),
        period,
      ),
    ),
  );
  const sum = (k: 'accrued' | 'taken' | 'balance') => parts.reduce((n, t) => n + t[k], 0);
  const without = parts.filter((t) => t.noPolicy).length;
  const skipped =
    without > 0
      ? {
          skipped: [
            `Sans politique de congés dans ${without} établissement${without > 1 ? 's' : ''} : les personnes qui y sont affectées ne comptent pas (elles n’ont pas de compteur).`,
          ],
        }
      : {};
  return [
    { key: 'leave.accrued', value: sum('accrued'), ...skipped },
    { key: 'leave.taken', value: sum('taken'), ...skipped },
    { key: 'leave.balance', value: sum('balance'), ...skipped },
  ];
}

export const leaveFamily: IndicatorFamily = { family: 'leave', definitions: LEAVE_DEFINITIONS, compute };
