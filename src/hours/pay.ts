import type { EntityManager } from '@mikro-orm/postgresql';
import { Detainee } from '../detainees/entities.ts';
import type { Establishment } from '../establishments/entities.ts';
import { findEstablishment } from '../establishments/service.ts';
import { type Month, monthBounds } from '../platform/calendar.ts';
import { toExcelCsv } from '../platform/csv.ts';
import { RuleError } from '../platform/errors.ts';
import { formatPlainEuros, formatPlainHours, formatShortMonth } from '../platform/format.ts';
import type { Scope } from '../platform/scope.ts';
import type { PayCategory } from '../workshops/rules.ts';
import { payFloorOn } from '../workshops/rules.ts';
import { payFloors } from '../workshops/service.ts';
import { SmicRate } from './entities.ts';
import { ABSENCE_CODES, type AbsenceCode, monthlyGrossCents, smicOn } from './rules.ts';

export interface StatementRow {
  detainee: Detainee;
  validatedMinutes: number;
  pendingMinutes: number;
  /** Validated training time; paid only in sessions set as paid. */
  trainingMinutes: number;
  absences: Partial<Record<AbsenceCode, number>>;
  grossCents: number;
  /** The hourly rates applied, in cents (several when the SMIC or the category changed). */
  rates: number[];
}

export interface WorkshopTotal {
  workshopId: number;
  name: string;
  people: number;
  validatedMinutes: number;
  pendingMinutes: number;
  /** Exact sum over the workshop's entries, rounded once: may differ by a cent from the sum of the people's rounded pay. */
  grossCents: number;
}

/**
 * The month's pay statement of an establishment: only validated time is paid; time still
 * waiting for validation is shown apart. Gross pay follows DOMAIN.md: per entry, minutes ×
 * (SMIC of the day × floor of the category), summed exactly, rounded half-up once per person.
 */
export async function monthStatement(em: EntityManager, scope: Scope, establishmentId: number, month: Month): Promise<StatementRow[]> {
  return (await monthPay(em, scope, establishmentId, month)).people;
}

/** The month's pay by person and by workshop, from the same entries and rates. */
export async function monthPay(
  em: EntityManager,
  scope: Scope,
  establishmentId: number,
  month: Month,
): Promise<{ establishment: Establishment; people: StatementRow[]; workshops: WorkshopTotal[] }> {
  scope.assertCanManage(establishmentId);
  const establishment = await findEstablishment(em, scope, establishmentId);
  const [from, to] = monthBounds(month);
  const [rows, training, smic, floors] = await Promise.all([
    em.getConnection().execute<
      {
        detainee_id: number;
        day: string;
        minutes: number;
        kind: string;
        absence_code: string | null;
        pay_category: PayCategory;
        post_rate: number | null;
        validated: boolean;
        workshop_id: number;
        workshop: string;
      }[]
    >(
      `select e.detainee_id, to_char(e.day, 'YYYY-MM-DD') as day, e.minutes, e.kind, e.absence_code, a.pay_category, a.pay_basis_points as post_rate, e.workshop_id, w2.name as workshop,
              exists (select 1 from timesheet_week w where w.workshop_id = e.workshop_id and w.status = 'validated'
                        and w.week_start = e.day - (extract(isodow from e.day)::integer - 1)) as validated
         from time_entry e join assignment a on a.id = e.assignment_id join post p on p.id = a.post_id join workshop w2 on w2.id = e.workshop_id
        where e.establishment_id = ? and e.day between ?::date and ?::date`,
      [establishmentId, from, to],
    ),
    em.getConnection().execute<{ detainee_id: number; day: string; minutes: number; paid: boolean }[]>(
      `select e.detainee_id, to_char(e.day, 'YYYY-MM-DD') as day, e.minutes, s.paid
         from time_entry e join training_session s on s.id = e.session_id
        where e.establishment_id = ? and e.kind = 'training' and e.day between ?::date and ?::date
          and exists (select 1 from timesheet_week w where w.session_id = e.session_id and w.status = 'validated'
                        and w.week_start = e.day - (extract(isodow from e.day)::integer - 1))`,
      [establishmentId, from, to],
    ),
    em.find(SmicRate, {}),
    payFloors(em),
  ]);
  const smicValues = smic.map((s) => ({ effectiveFrom: String(s.effectiveFrom).slice(0, 10), cents: s.hourlyCents }));
  // Never pay 0 € in silence: a month without a SMIC in force is an error to fix in the reference data.
  if (rows.length + training.length > 0 && smicOn(from, smicValues) === null) {
    throw new RuleError(`Aucun SMIC n’est enregistré pour ${formatShortMonth(month)} : ajoutez-le dans « SMIC et planchers ».`, 409);
  }
  const ids = [...new Set([...rows.map((r) => r.detainee_id), ...training.map((r) => r.detainee_id)])];
  const people = ids.length ? await em.find(Detainee, { id: { $in: ids } }, { orderBy: { lastName: 'asc', firstName: 'asc' } }) : [];
  const rateOf = (r: (typeof rows)[number]) => ({
    smicCents: smicOn(r.day, smicValues) ?? 0,
    basisPoints: Math.max(payFloorOn(r.pay_category, r.day, floors) ?? 0, r.post_rate ?? 0),
  });
  const workshops = [...new Map(rows.map((r) => [r.workshop_id, r.workshop])).entries()]
    .map(([workshopId, name]) => {
      const mine = rows.filter((r) => r.workshop_id === workshopId && r.kind === 'work');
      const paid = mine.filter((r) => r.validated);
      return {
        workshopId,
        name,
        people: new Set(mine.map((r) => r.detainee_id)).size,
        validatedMinutes: paid.reduce((n, r) => n + r.minutes, 0),
        pendingMinutes: mine.filter((r) => !r.validated).reduce((n, r) => n + r.minutes, 0),
        grossCents: monthlyGrossCents(paid.map((r) => ({ minutes: r.minutes, rate: rateOf(r) }))),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const statement = people.map((detainee) => {
    const mine = rows.filter((r) => r.detainee_id === detainee.id);
    const learning = training.filter((r) => r.detainee_id === detainee.id);
    const paid = [
      // The post's own rate when it is above the floor in force that day, else the floor.
      ...mine.filter((r) => r.kind === 'work' && r.validated).map((r) => ({ minutes: r.minutes, rate: rateOf(r) })),
      // A paid training session pays at the production floor (README, Rules).
      ...learning
        .filter((r) => r.paid)
        .map((r) => ({ minutes: r.minutes, rate: { smicCents: smicOn(r.day, smicValues) ?? 0, basisPoints: payFloorOn('production', r.day, floors) ?? 0 } })),
    ];
    const absences: Partial<Record<AbsenceCode, number>> = {};
    for (const r of mine)
      if (r.kind === 'absence' && r.absence_code) absences[r.absence_code as AbsenceCode] = (absences[r.absence_code as AbsenceCode] ?? 0) + 1;
    return {
      detainee,
      validatedMinutes: mine.filter((r) => r.kind === 'work' && r.validated).reduce((n, r) => n + r.minutes, 0),
      trainingMinutes: learning.reduce((n, r) => n + r.minutes, 0),
      pendingMinutes: mine.filter((r) => r.kind === 'work' && !r.validated).reduce((n, r) => n + r.minutes, 0),
      absences,
      grossCents: monthlyGrossCents(paid),
      rates: [...new Set(paid.map((e) => Math.round((e.rate.smicCents * e.rate.basisPoints) / 10_000)))].sort((a, b) => a - b),
    };
  });
  return { establishment, people: statement, workshops };
}

/** The month for the accounting office: Excel-ready, French decimals, one row per person. */
export function statementCsv(rows: StatementRow[], month: Month): string {
  const codes = Object.keys(ABSENCE_CODES) as AbsenceCode[];
  return toExcelCsv(
    [
      'Mois',
      'Numéro d’écrou',
      'Nom',
      'Prénom',
      'Heures validées',
      'Heures en attente de validation',
      'Heures de formation',
      ...codes.map((c) => `Jours ${ABSENCE_CODES[c].toLowerCase()}`),
      'Taux horaire brut (€)',
      'Brut (€)',
    ],
    rows.map((r) => [
      formatShortMonth(month),
      r.detainee.prisonNumber,
      r.detainee.lastName,
      r.detainee.firstName,
      formatPlainHours(r.validatedMinutes),
      formatPlainHours(r.pendingMinutes),
      formatPlainHours(r.trainingMinutes),
      ...codes.map((c) => r.absences[c] ?? 0),
      r.rates.map(formatPlainEuros).join(' / '),
      formatPlainEuros(r.grossCents),
    ]),
  );
}
