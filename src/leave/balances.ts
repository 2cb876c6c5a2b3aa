/**
 * The establishment's leave balances (issue 19, item 5): everyone holding a post on a day, their
 * balance that day and what they earned in its reference period, from the same ledger as the
 * person's page (accrual.ts) but with every person's days loaded at once: a fixed number of
 * queries, whatever the number of people.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { findEstablishment } from '../establishments/service.ts';
import { heldSql } from '../holdings/service.ts';
import type { Day } from '../platform/calendar.ts';
import { toExcelCsv } from '../platform/csv.ts';
import type { Scope } from '../platform/scope.ts';
import { balanceAt, periodStartOf, policyTitle } from './accrual.ts';
import { leaveHistoriesOf, movementsOf } from './ledger.ts';
import { type LeavePolicyVersion, policyOn } from './policy.ts';
import { policyVersionsOf } from './service.ts';

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
  status: 'present' | 'released' | 'transferred';
  workshop: string;
  code: string;
  title: string;
}

/** Everyone holding a post in the establishment on `asOf`, with their balance that day, sorted by name. */
export async function balancesOn(em: EntityManager, establishmentId: number, policies: readonly LeavePolicyVersion[], asOf: Day): Promise<BalanceRow[]> {
  const holders = await em.execute<HolderRow[]>(
    `select d.id as detainee_id, d.last_name, d.first_name, d.prison_number, to_char(d.left_on, 'YYYY-MM-DD') as left_on, d.status, w.name as workshop, p.code, p.title
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
    [...people.values()].map((rows) => ({
      id: (rows[0] as HolderRow).detainee_id,
      leftOn: (rows[0] as HolderRow).left_on,
      status: (rows[0] as HolderRow).status,
    })),
  );
  const policy = policyOn(policies, asOf);
  const periodStart = policy ? periodStartOf(asOf, policy.periodStart) : null;
  const rows = [...people.values()].map((posts): BalanceRow => {
    const first = posts[0] as HolderRow;
    const history = histories.get(first.detainee_id);
    const movements = movementsOf(history, policies, asOf);
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
