import type { EntityManager } from '@mikro-orm/postgresql';
import { Establishment } from '../establishments/entities.ts';
import type { Month } from '../platform/calendar.ts';
import { toExcelCsv } from '../platform/csv.ts';
import { formatPlainEuros, formatPlainHours, formatShortMonth } from '../platform/format.ts';
import type { Scope } from '../platform/scope.ts';
import { Workshop } from '../workshops/entities.ts';
import { type PayLine, payOfMonth } from './pay.ts';
import { type PayLineKey, payLinesOf } from './pay-rules.ts';

/**
 * The partner's words for the statement's lines: a paid absence is « Absences rémunérées »
 * (never its reason), and the leave balance paid on leaving goes into the paid leave line, so
 * that nothing tells the partner who left or why someone was absent.
 */
const PARTNER_LINE_LABELS: Record<string, string> = { paidAbsence: 'Absences rémunérées', paidLeave: 'Congés payés' };
const lineOfPartner = (key: PayLineKey): PayLineKey => (key === 'leaveSettlement' ? 'paidLeave' : key);

/** One person on one post of the partner's workshops, in the month: name and post, hours and gross pay only. */
export interface PartnerPayRow {
  lastName: string;
  firstName: string;
  establishment: string;
  workshopId: number;
  workshop: string;
  post: string;
  validatedMinutes: number;
  pendingMinutes: number;
  lines: Record<PayLineKey, PayLine>;
  grossCents: number;
}

export interface PartnerWorkshopTotal {
  workshopId: number;
  name: string;
  establishment: string;
  people: number;
  validatedMinutes: number;
  pendingMinutes: number;
  /** The workshop's exact sum rounded once (pay.ts): may differ by a cent from the sum of its rows. */
  grossCents: number;
}

export interface PartnerMonthPay {
  month: Month;
  rows: PartnerPayRow[];
  workshops: PartnerWorkshopTotal[];
  /** The lines used by these rows, in the statement's order, in the partner's words. */
  lines: Array<{ key: PayLineKey; label: string }>;
  totalCents: number;
}

/**
 * What a partner pays as the employer (donneur d'ordre) of the people its workshops employ,
 * in every establishment where it runs one: the establishment's monthly statement (pay.ts,
 * majorations counted on each person's whole week, all employers together, as the rules say),
 * of which only the posts of the partner's own workshops are kept. Nothing of other
 * workshops, no absence reason, no contract or leave balance.
 */
export async function partnerMonthPay(em: EntityManager, scope: Scope, month: Month): Promise<PartnerMonthPay> {
  scope.must(scope.isPartnerStaff);
  const workshops = await em.find(Workshop, { partner: scope.partnerId ?? 0 }, { fields: ['id', 'establishment'] });
  const mine = new Set(workshops.map((w) => w.id));
  const establishmentIds = [...new Set(workshops.map((w) => w.establishment.id))];
  const establishments = establishmentIds.length ? await em.find(Establishment, { id: { $in: establishmentIds } }, { orderBy: { name: 'asc' } }) : [];
  const rows: PartnerPayRow[] = [];
  const totals: PartnerWorkshopTotal[] = [];
  const used = new Set<PayLineKey>();
  for (const establishment of establishments) {
    const { pay } = await payOfMonth(em, establishment, month, true);
    for (const person of pay.people) {
      for (const post of person.posts) {
        if (post.workshopId === null || !mine.has(post.workshopId)) continue;
        const lines: Record<PayLineKey, PayLine> = {};
        for (const [key, line] of Object.entries(post.lines)) {
          if (line.minutes === 0 && line.cents === 0) continue;
          const as = lineOfPartner(key);
          const before = lines[as] ?? { minutes: 0, cents: 0 };
          lines[as] = { minutes: before.minutes + line.minutes, cents: before.cents + line.cents };
          used.add(as);
        }
        rows.push({
          lastName: person.detainee.lastName,
          firstName: person.detainee.firstName,
          establishment: establishment.name,
          workshopId: post.workshopId,
          workshop: post.workshop,
          post: post.post,
          validatedMinutes: post.validatedMinutes,
          pendingMinutes: post.pendingMinutes,
          lines,
          grossCents: post.grossCents,
        });
      }
    }
    for (const w of pay.workshops) {
      if (!mine.has(w.workshopId)) continue;
      totals.push({ ...w, establishment: establishment.name });
    }
  }
  rows.sort((a, b) => a.workshop.localeCompare(b.workshop, 'fr') || a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr'));
  totals.sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.establishment.localeCompare(b.establishment, 'fr'));
  // The statement's order (normal, majored, then the others), kept to the lines in use.
  const lines = payLinesOf(used)
    .filter((l) => used.has(l.key))
    .map((l) => ({ key: l.key, label: PARTNER_LINE_LABELS[l.key] ?? l.label }));
  return { month, rows, workshops: totals, lines, totalCents: totals.reduce((n, w) => n + w.grossCents, 0) };
}

/** The same statement for the partner's accounting: one row per person and post, the page's columns. */
export function partnerPayCsv({ month, rows, lines }: PartnerMonthPay): string {
  return toExcelCsv(
    [
      'Mois',
      'Nom',
      'Prénom',
      'Établissement',
      'Atelier',
      'Poste',
      'Heures validées',
      'Heures en attente de validation',
      ...lines.flatMap(({ label }) => [`${label} (h)`, `${label} (€)`]),
      'Brut (€)',
    ],
    rows.map((r) => [
      formatShortMonth(month),
      r.lastName,
      r.firstName,
      r.establishment,
      r.workshop,
      r.post,
      formatPlainHours(r.validatedMinutes),
      formatPlainHours(r.pendingMinutes),
      ...lines.flatMap(({ key }) => [formatPlainHours(r.lines[key]?.minutes ?? 0), formatPlainEuros(r.lines[key]?.cents ?? 0)]),
      formatPlainEuros(r.grossCents),
    ]),
  );
}
