import type { EntityManager } from '@mikro-orm/postgresql';
import { endOfMonth, formatISO, parseISO } from 'date-fns';
import { Detainee } from '../detainees/entities.ts';
import { frenchDate, toExcelCsv } from '../platform/csv.ts';
import type { Scope } from '../platform/scope.ts';
import type { PayCategory } from '../workshops/rules.ts';
import { payFloorOn } from '../workshops/rules.ts';
import { findEstablishmentForSetup, payFloors } from '../workshops/service.ts';
import { SmicRate } from './entities.ts';
import { ABSENCE_CODES, type AbsenceCode, monthlyGrossCents, smicOn } from './rules.ts';

export interface StatementRow {
  detainee: Detainee;
  validatedMinutes: number;
  pendingMinutes: number;
  absences: Partial<Record<AbsenceCode, number>>;
  grossCents: number;
  /** The hourly rates applied, in cents (several when the SMIC or the category changed). */
  rates: number[];
}

/** A month as its first and last days: "2026-11" → ["2026-11-01", "2026-11-30"]. */
export function monthBounds(month: string): [string, string] {
  const first = `${month}-01`;
  return [first, formatISO(endOfMonth(parseISO(first)), { representation: 'date' })];
}

/**
 * The month's pay statement of an establishment: only validated time is paid; time still
 * waiting for validation is shown apart. Gross pay follows DOMAIN.md: per entry, minutes ×
 * (SMIC of the day × floor of the category), summed exactly, rounded half-up once per person.
 */
export async function monthStatement(em: EntityManager, scope: Scope, establishmentId: number, month: string): Promise<StatementRow[]> {
  scope.require('admin', 'coordinator');
  await findEstablishmentForSetup(em, scope, establishmentId);
  const [from, to] = monthBounds(month);
  const [rows, smic, floors] = await Promise.all([
    em
      .getConnection()
      .execute<
        { detainee_id: number; day: string; minutes: number; kind: string; absence_code: string | null; pay_category: PayCategory; validated: boolean }[]
      >(
        `select e.detainee_id, to_char(e.day, 'YYYY-MM-DD') as day, e.minutes, e.kind, e.absence_code, a.pay_category,
              exists (select 1 from timesheet_week w where w.workshop_id = e.workshop_id and w.status = 'validated'
                        and w.week_start = e.day - (extract(isodow from e.day)::integer - 1)) as validated
         from time_entry e join assignment a on a.id = e.assignment_id
        where e.establishment_id = ? and e.day between ?::date and ?::date`,
        [establishmentId, from, to],
      ),
    em.find(SmicRate, {}),
    payFloors(em),
  ]);
  const smicValues = smic.map((s) => ({ effectiveFrom: String(s.effectiveFrom).slice(0, 10), cents: s.hourlyCents }));
  const ids = [...new Set(rows.map((r) => r.detainee_id))];
  const people = ids.length ? await em.find(Detainee, { id: { $in: ids } }, { orderBy: { lastName: 'asc', firstName: 'asc' } }) : [];
  return people.map((detainee) => {
    const mine = rows.filter((r) => r.detainee_id === detainee.id);
    const paid = mine
      .filter((r) => r.kind === 'work' && r.validated)
      .map((r) => ({ minutes: r.minutes, rate: { smicCents: smicOn(r.day, smicValues) ?? 0, basisPoints: payFloorOn(r.pay_category, r.day, floors) ?? 0 } }));
    const absences: Partial<Record<AbsenceCode, number>> = {};
    for (const r of mine)
      if (r.kind === 'absence' && r.absence_code) absences[r.absence_code as AbsenceCode] = (absences[r.absence_code as AbsenceCode] ?? 0) + 1;
    return {
      detainee,
      validatedMinutes: paid.reduce((n, e) => n + e.minutes, 0),
      pendingMinutes: mine.filter((r) => r.kind === 'work' && !r.validated).reduce((n, r) => n + r.minutes, 0),
      absences,
      grossCents: monthlyGrossCents(paid),
      rates: [...new Set(paid.map((e) => Math.round((e.rate.smicCents * e.rate.basisPoints) / 10_000)))].sort((a, b) => a - b),
    };
  });
}

const euros = (cents: number) => new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(cents / 100);
const hours = (minutes: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2, useGrouping: false }).format(minutes / 60);

/** The month for the accounting office: Excel-ready, French decimals, one row per person. */
export function statementCsv(rows: StatementRow[], month: string): string {
  const codes = Object.keys(ABSENCE_CODES) as AbsenceCode[];
  return toExcelCsv(
    [
      'Mois',
      'Numéro d’écrou',
      'Nom',
      'Prénom',
      'Heures validées',
      'Heures en attente de validation',
      ...codes.map((c) => `Jours ${ABSENCE_CODES[c].toLowerCase()}`),
      'Taux horaire brut (€)',
      'Brut (€)',
    ],
    rows.map((r) => [
      frenchDate(`${month}-01`).slice(3),
      r.detainee.prisonNumber,
      r.detainee.lastName,
      r.detainee.firstName,
      hours(r.validatedMinutes),
      hours(r.pendingMinutes),
      ...codes.map((c) => r.absences[c] ?? 0),
      r.rates.map((c) => euros(c)).join(' / '),
      euros(r.grossCents),
    ]),
  );
}

export { euros, hours };
