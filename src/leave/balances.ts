/**
 * The establishment's leave balances (issue 19, item 5): everyone holding a post on a day, their
 * balance that day and what they earned in its reference period, from the same ledger as the
 * person's page (accrual.ts) but with every person's days loaded at once: a fixed number of
 * queries, whatever the number of people.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { findEstablishment } from '../establishments/service.ts';
import { heldSql } from '../holdings/service.ts';
import { dayAbsence, paidAbsenceMinutes, reasonOn } from '../hours/absence-rules.ts';
import { absenceReasonsOf } from '../hours/absences.ts';
import { covers, type Day } from '../platform/calendar.ts';
import { toExcelCsv } from '../platform/csv.ts';
import type { Scope } from '../platform/scope.ts';
import { balanceAt, type LeaveDay, leaveMovements, periodStartOf, policyTitle } from './accrual.ts';
import { type LeaveHistory, spanOf } from './ledger.ts';
import { type LeavePolicyVersion, policyOn } from './policy.ts';
import { policyVersionsOf } from './service.ts';

interface EntryRow {
  id: number;
  detainee_id: number;
  assignment_id: number;
  day: Day;
  minutes: number;
  kind: string;
  absence_code: string | null;
  is_adjustment: boolean;
}

/**
 * `leaveHistoryOf` (ledger.ts) for many people at once: the same rows and the same reading of a
 * day (worked minutes net of adjustments, the corrected absence, disciplinary suspensions), four
 * queries in all.
 */
export async function leaveHistoriesOf(
  em: EntityManager,
  establishmentId: number,
  people: ReadonlyArray<{ id: number; leftOn: Day | null }>,
): Promise<Map<number, LeaveHistory>> {
  const result = new Map<number, LeaveHistory>();
  if (people.length === 0) return result;
  const ids = people.map((p) => p.id);
  const connection = em.getConnection();
  const [entries, assignments, suspensions, reasons] = await Promise.all([
    connection.execute<EntryRow[]>(
      `select e.id, e.detainee_id, e.assignment_id, to_char(e.day, 'YYYY-MM-DD') as day, e.minutes, e.kind, e.absence_code, e.is_adjustment
         from time_entry e
        where e.detainee_id in (?) and e.establishment_id = ? and e.assignment_id is not null and e.kind in ('work', 'absence')
          and exists (select 1 from timesheet_week w where w.workshop_id = e.workshop_id and w.status = 'validated'
                        and w.week_start = e.day - (extract(isodow from e.day)::integer - 1))
        order by e.day, e.id`,
      [ids, establishmentId],
    ),
    connection.execute<{ id: number; detainee_id: number; starts_on: Day; ended_on: Day | null; weekly_minutes: number }[]>(
      `select a.id, a.detainee_id, to_char(a.starts_on, 'YYYY-MM-DD') as starts_on, to_char(a.ended_on, 'YYYY-MM-DD') as ended_on, a.weekly_minutes
         from assignment a where a.detainee_id in (?) and a.establishment_id = ?`,
      [ids, establishmentId],
    ),
    connection.execute<{ detainee_id: number; starts_on: Day; ends_on: Day | null }[]>(
      `select a.detainee_id, to_char(s.starts_on, 'YYYY-MM-DD') as starts_on, to_char(s.ends_on, 'YYYY-MM-DD') as ends_on
         from assignment_suspension s join assignment a on a.id = s.assignment_id
        where a.detainee_id in (?) and a.establishment_id = ? and s.reason = 'disciplinary'`,
      [ids, establishmentId],
    ),
    absenceReasonsOf(em, establishmentId),
  ]);
  const weeklyOf = new Map(assignments.map((a) => [a.id, a.weekly_minutes]));
  const group = <T extends { detainee_id: number }>(rows: readonly T[]) => {
    const by = new Map<number, T[]>();
    for (const r of rows) by.set(r.detainee_id, [...(by.get(r.detainee_id) ?? []), r]);
    return by;
  };
  const entriesOf = group(entries);
  const assignmentsOf = group(assignments);
  const suspensionsOf = group(suspensions);
  for (const person of people) {
    const byDay = new Map<Day, EntryRow[]>();
    for (const e of entriesOf.get(person.id) ?? []) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
    const mySuspensions = suspensionsOf.get(person.id) ?? [];
    const days: LeaveDay[] = [];
    for (const [day, rows] of byDay) {
      let workedMinutes = 0;
      let absence: LeaveDay['absence'] = null;
      for (const assignmentId of new Set(rows.map((r) => r.assignment_id))) {
        const mine = rows.filter((r) => r.assignment_id === assignmentId);
        workedMinutes += mine.filter((r) => r.kind === 'work').reduce((n, r) => n + r.minutes, 0);
        const code = dayAbsence(mine.map((r) => ({ id: r.id, kind: r.kind, absenceCode: r.absence_code, isAdjustment: r.is_adjustment })));
        if (code && !absence) {
          const reason = reasonOn(reasons, code, day);
          absence = { code, countsForLeave: reason?.countsForLeave ?? false, minutes: paidAbsenceMinutes(weeklyOf.get(assignmentId) ?? 0) };
        }
      }
      const disciplinary = mySuspensions.some((s) => covers(s.starts_on, s.ends_on, day));
      days.push({ day, workedMinutes: Math.max(0, workedMinutes), absence, disciplinary });
    }
    result.set(person.id, { days, span: spanOf(assignmentsOf.get(person.id) ?? [], person.leftOn) });
  }
  return result;
}

export interface BalanceRow {
  detaineeId: number;
  name: string;
  prisonNumber: string;
  /** « Reliure — REL-01 Relieur », one per post held that day. */
  posts: string[];
  policy: string | null;
  /** Centidays, at the chosen day. */
  balance: number;
  /** Centidays earned from the start of the reference period holding the chosen day (rounding and cap included). */
  accrued: number;
  periodStart: Day | null;
}

interface HolderRow {
  detainee_id: number;
  last_name: string;
  first_name: string;
  prison_number: string;
  left_on: Day | null;
  workshop: string;
  code: string;
  title: string;
}

/** Everyone holding a post in the establishment on `asOf`, with their balance that day, sorted by name. */
export async function balancesOn(em: EntityManager, establishmentId: number, policies: readonly LeavePolicyVersion[], asOf: Day): Promise<BalanceRow[]> {
  const holders = await em.getConnection().execute<HolderRow[]>(
    `select d.id as detainee_id, d.last_name, d.first_name, d.prison_number, to_char(d.left_on, 'YYYY-MM-DD') as left_on, w.name as workshop, p.code, p.title
       from assignment a join detainee d on d.id = a.detainee_id join post p on p.id = a.post_id join workshop w on w.id = p.workshop_id
      where a.establishment_id = ? and ${heldSql('a')} and (d.left_on is null or d.left_on >= ?::date)
      order by d.last_name, d.first_name, d.id, w.name, p.code`,
    [establishmentId, asOf, asOf, asOf],
  );
  const people = new Map<number, HolderRow[]>();
  for (const h of holders) people.set(h.detainee_id, [...(people.get(h.detainee_id) ?? []), h]);
  const histories = await leaveHistoriesOf(
    em,
    establishmentId,
    [...people.values()].map((rows) => ({ id: (rows[0] as HolderRow).detainee_id, leftOn: (rows[0] as HolderRow).left_on })),
  );
  const policy = policyOn(policies, asOf);
  const periodStart = policy ? periodStartOf(asOf, policy.periodStart) : null;
  const rows = [...people.values()].map((posts): BalanceRow => {
    const first = posts[0] as HolderRow;
    const history = histories.get(first.detainee_id);
    const movements = policies.length > 0 && history?.span ? leaveMovements({ policies, days: history.days, span: history.span, asOf }) : [];
    const upTo = movements.filter((m) => m.day <= asOf);
    const accrued = periodStart
      ? upTo.filter((m) => m.day >= periodStart && (m.kind === 'accrual' || m.kind === 'rounding' || m.kind === 'cap')).reduce((n, m) => n + m.centidays, 0)
      : 0;
    return {
      detaineeId: first.detainee_id,
      name: `${first.last_name.toUpperCase()} ${first.first_name}`,
      prisonNumber: first.prison_number,
      posts: posts.map((p) => `${p.workshop} — ${p.code} ${p.title}`),
      policy: policy ? policyTitle(policy) : null,
      balance: balanceAt(upTo, asOf),
      accrued,
      periodStart,
    };
  });
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.prisonNumber.localeCompare(b.prisonNumber));
}

/** The page: managers of the establishment only (a partner or committee member 403, another establishment 404). */
export async function establishmentBalances(em: EntityManager, scope: Scope, establishmentId: number, asOf: Day) {
  scope.must(scope.managesEstablishments);
  const establishment = await findEstablishment(em, scope, establishmentId);
  scope.must(scope.canManageEstablishment(establishmentId));
  const policies = await policyVersionsOf(em, establishmentId);
  return { establishment, asOf, hasPolicy: policies.length > 0, rows: await balancesOn(em, establishmentId, policies, asOf) };
}

/** Centidays as a French decimal for a spreadsheet: 250 → "2,5". */
export const decimalDays = (centidays: number) => String(centidays / 100).replace('.', ',');

/** Excel-ready: one row per person, days as French decimals. */
export function balancesCsv(rows: readonly BalanceRow[]): string {
  return toExcelCsv(
    ['Nom', 'Numéro d’écrou', 'Atelier et poste', 'Politique', 'Solde (jours)', 'Acquis sur la période (jours)', 'Début de la période'],
    rows.map((r) => [r.name, r.prisonNumber, r.posts.join(' ; '), r.policy ?? '', decimalDays(r.balance), decimalDays(r.accrued), r.periodStart ?? '']),
  );
}
