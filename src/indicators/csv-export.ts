import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { daysBetween, parseDay } from '../platform/calendar.ts';
import { toExcelCsv } from '../platform/csv.ts';
import { BadRequestError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { printedValues } from '../reports/suppression.ts';
import { indicatorScopeFor } from './access.ts';
import { computeIndicators, indicatorDefinitions } from './catalogue.ts';
import { FAMILY_LABELS, type Period, type Unit } from './definition.ts';

/** How the CSV writes a unit: the value converted to what a spreadsheet reader expects (hours, euros, days). */
const UNITS: Record<Unit, { label: string; divisor: number }> = {
  count: { label: 'nombre', divisor: 1 },
  days: { label: 'jours', divisor: 1 },
  minutes: { label: 'heures', divisor: 60 },
  percent: { label: '%', divisor: 1 },
  cents: { label: 'euros', divisor: 100 },
  centidays: { label: 'jours', divisor: 100 },
};

/** A number as a French spreadsheet reads it: decimal comma, no thousands separator, at most two decimals. */
function cell(unit: Unit, value: number | null): string {
  if (value === null) return '';
  return String(Math.round((value / UNITS[unit].divisor) * 100) / 100).replace('.', ',');
}

const day = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .transform((v, ctx) => {
      const parsed = parseDay(v);
      if (parsed) return parsed;
      ctx.addIssue({ code: 'custom', message: `${missing} au format aaaa-mm-jj.` });
      return z.NEVER;
    });

/** `?etablissement=&du=&au=`: a period of at most three years, an establishment optional (all the caller reads). */
const csvQuery = z
  .object({
    etablissement: z
      .string()
      .regex(/^[0-9]{1,9}$/, 'Indiquez l’établissement par son numéro.')
      .transform(Number)
      .optional(),
    du: day('Indiquez le premier jour de la période (du)'),
    au: day('Indiquez le dernier jour de la période (au)'),
  })
  .refine((q) => q.au >= q.du, 'La période finit avant de commencer : le jour « au » doit suivre le jour « du ».')
  .refine((q) => daysBetween(q.du, q.au) <= 3 * 366, 'Choisissez une période de trois ans au plus.');

/** Reads the query, or a 400 whose French message says what to fix. */
export function parseCsvQuery(query: Record<string, string>): { establishmentId?: number; period: Period } {
  const parsed = csvQuery.safeParse(query);
  if (!parsed.success) throw new BadRequestError(parsed.error.issues[0]?.message);
  return { establishmentId: parsed.data.etablissement, period: { from: parsed.data.du, to: parsed.data.au } };
}

/**
 * Every indicator of `computeIndicators` for the caller's scope and the period, one row per
 * indicator and one per line of its breakdown, with what it had to leave out. Admins, coordinators
 * and committee members (their scope: `indicatorScopeFor`); others 403.
 */
export async function indicatorsCsv(em: EntityManager, scope: Scope, asked: { establishmentId?: number; period: Period }): Promise<string> {
  scope.require('admin', 'coordinator', 'committee');
  const indicatorScope = await indicatorScopeFor(em, scope, { establishmentIds: asked.establishmentId === undefined ? undefined : [asked.establishmentId] });
  const values = await computeIndicators(em, indicatorScope, asked.period);
  // A committee member's export masks what the shared reports mask (counts of people from 1 to 4, and their complement).
  const masked = scope.isCommitteeMember ? printedValues(values) : null;
  const value = (key: string, unit: Unit, v: number | null, lineKey?: string) =>
    masked?.masked(key, 'now', undefined, lineKey) ? (lineKey ? masked.line(key, lineKey, 'now') : masked.value(key, 'now')) : cell(unit, v);
  const rows: Array<Array<string | null>> = [];
  for (const d of indicatorDefinitions()) {
    const v = values.get(d.key);
    const base = [FAMILY_LABELS[d.family], d.key, d.label];
    rows.push([...base, '', value(d.key, d.unit, v?.value ?? null), UNITS[d.unit].label, (v?.skipped ?? []).join(' ')]);
    for (const line of v?.breakdown ?? [])
      rows.push([...base, line.label, value(d.key, line.unit ?? d.unit, line.value, line.key), UNITS[line.unit ?? d.unit].label, '']);
  }
  return toExcelCsv(['Famille', 'Code', 'Indicateur', 'Détail', 'Valeur', 'Unité', 'Non calculé ou laissé de côté'], rows);
}
