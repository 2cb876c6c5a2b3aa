import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Assignment } from '../assignments/entities.ts';
import { heldOn } from '../holdings/service.ts';
import { covers, type Day, mondayOf, parseDay, plusDays } from '../platform/calendar.ts';
import { headerKey, isoFromFrenchDate, readCsv } from '../platform/csv.ts';
import { RuleError } from '../platform/errors.ts';
import { dayField } from '../platform/fields.ts';
import { formatDay, formatShortDay, plural } from '../platform/format.ts';
import { CONTROL_CHARACTER_ROW, hasControlCharacter } from '../platform/forms.ts';
import type { Scope } from '../platform/scope.ts';
import { findWorkshop } from '../workshops/service.ts';
import { TimeEntry, TimesheetWeek } from './entities.ts';
import { saveCell } from './service.ts';

export interface HoursImportRow {
  line: number;
  prisonNumber: string;
  day: string;
  /** The date as typed, for the messages. */
  typedDay: string;
  value: string;
  problem: string | null;
}

/** A week the file's rows fall in. */
export interface ImportedWeek {
  monday: Day;
  rows: number;
  validated: boolean;
}

export interface HoursImportResult {
  fileProblem: string | null;
  /** The week picked for a file in the grid layout, as typed, and why it cannot be read. */
  typedWeek: string;
  weekProblem: string | null;
  /** The Monday of the week picked: the one a file in the grid layout fills. */
  monday: Day;
  /** Which layout the file was read in: the grid's (the week picked) or one row per day (the weeks of its dates). */
  layout: 'grid' | 'days' | null;
  /** The weeks the rows fall in, earliest first. */
  weeks: ImportedWeek[];
  rows: HoursImportRow[];
  ok: boolean;
}

/** The week picker: any day of the week a file in the grid layout fills. */
export const importWeekForm = z.object({ semaine: dayField('Choisissez un jour de la semaine que remplit le fichier.') });

/** « La semaine du 2 mars 2026 », the way the messages name a week. */
const weekName = (monday: Day) => `semaine du ${formatDay(monday)}`;

/** What the sheet tells after an import: how many rows, and which weeks they filled. */
export function importedMessage(result: HoursImportResult): string {
  const weeks = result.weeks.map((w) => formatDay(w.monday));
  const where = weeks.length === 1 ? `la ${weekName(result.weeks[0]?.monday ?? '')}` : `${weeks.length} semaines, du ${weeks[0]} au ${weeks.at(-1)}`;
  return `${plural(result.rows.length, 'ligne d’heures importée', 'lignes d’heures importées')} : ${where}.`;
}

const COLUMNS = { prisonNumber: 'numero d ecrou', day: 'date', value: 'duree' } as const;
const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

/** Thrown to roll back a trial run: the rows were only checked. */
class DryRun extends Error {}

/**
 * Imports a workshop's hours from a partner's spreadsheet: one row per person and day
 * (« Numéro d’écrou ; Date ; Durée »), over one week or several, or the grid's layout (a
 * column per day) for the week picked. Every row goes through the same checks as a typed
 * cell (person assigned that day, not suspended, limits, validated week), each week on its
 * own, inside one transaction: a trial run rolls it back and lists each bad row; the real run
 * stores all rows or none.
 */
export async function importWeekHours(
  em: EntityManager,
  scope: Scope,
  workshopId: number,
  text: string,
  options: { dryRun: boolean; week: string; pageMonday: Day },
): Promise<HoursImportResult> {
  const workshop = await findWorkshop(em, scope, workshopId);
  const picked = importWeekForm.safeParse({ semaine: options.week });
  const monday = picked.success ? mondayOf(picked.data.semaine) : options.pageMonday;
  const refused = (fileProblem: string | null, weekProblem: string | null = null): HoursImportResult => ({
    fileProblem,
    typedWeek: options.week,
    weekProblem,
    monday,
    layout: null,
    weeks: [],
    rows: [],
    ok: false,
  });
  if (!picked.success) return refused(null, picked.error.issues[0]?.message ?? 'Choisissez la semaine à remplir.');
  let parsed: { header: string[]; rows: string[][] };
  try {
    parsed = readCsv(text);
  } catch {
    return refused('Le fichier n’est pas un CSV lisible.');
  }
  const index = new Map(parsed.header.map((h, i) => [headerKey(h), i]));
  if (parsed.rows.length === 0) return refused('Le fichier ne contient aucune ligne.');
  if (parsed.rows.length > 1000) return refused('Le fichier dépasse 1 000 lignes : importez-le en plusieurs fois, un mois à la fois par exemple.');
  const unreadable = parsed.rows.flatMap((r, i) => (r.some(hasControlCharacter) ? [i + 2] : []));
  const at = (r: string[], key: string) => (r[index.get(key) as number] ?? '').trim();
  let rows: HoursImportRow[];
  const layout = index.has(COLUMNS.prisonNumber) && WEEKDAYS.every((d) => index.has(d)) ? 'grid' : 'days';
  if (layout === 'grid') {
    // The grid layout: one row per person, a column per day of the week being imported.
    rows = parsed.rows.flatMap((r, i) =>
      WEEKDAYS.map((d, k) => ({
        line: i + 2,
        prisonNumber: at(r, COLUMNS.prisonNumber).toUpperCase(),
        day: plusDays(monday, k),
        typedDay: d,
        value: at(r, d),
        problem: null,
      })).filter((row) => row.value !== ''),
    );
  } else if (Object.values(COLUMNS).every((h) => index.has(h))) {
    rows = parsed.rows.map((r, i) => ({
      line: i + 2,
      prisonNumber: at(r, COLUMNS.prisonNumber).toUpperCase(),
      day: isoFromFrenchDate(at(r, COLUMNS.day)),
      typedDay: at(r, COLUMNS.day),
      value: at(r, COLUMNS.value),
      problem: null,
    }));
  } else {
    return refused('La première ligne doit porter les titres « Numéro d’écrou ; Date ; Durée », ou « Numéro d’écrou ; Lundi ; … ; Dimanche » comme la grille.');
  }
  if (unreadable.length > 0) {
    // Refused before any lookup: a NUL would reach PostgreSQL (a 500 instead of the line to fix).
    const bad = unreadable.map((line) => ({ line, prisonNumber: '', day: '', typedDay: '', value: '', problem: CONTROL_CHARACTER_ROW }));
    const others = rows.filter((r) => !unreadable.includes(r.line));
    return { ...refused(null), layout, rows: [...others, ...bad].sort((a, b) => a.line - b.line) };
  }
  const weeks = await weeksOf(em, workshop.id, rows);
  try {
    await em.transactional(async (tx) => {
      for (const row of rows) row.problem = await importRow(tx, scope, workshop.id, workshop.establishment.id, row, weeks);
      if (options.dryRun || rows.some((r) => r.problem)) throw new DryRun();
    });
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  return { ...refused(null), layout, rows, weeks, ok: rows.every((r) => !r.problem) };
}

/** The weeks the rows fall in, each with its number of rows and whether the workshop's sheet of that week is validated. */
async function weeksOf(em: EntityManager, workshopId: number, rows: HoursImportRow[]): Promise<ImportedWeek[]> {
  const counts = new Map<Day, number>();
  for (const row of rows) if (parseDay(row.day)) counts.set(mondayOf(row.day), (counts.get(mondayOf(row.day)) ?? 0) + 1);
  const validated = await em.find(TimesheetWeek, { workshop: workshopId, weekStart: { $in: [...counts.keys()] }, status: 'validated' });
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([monday, n]) => ({ monday, rows: n, validated: validated.some((w) => w.weekStart === monday) }));
}

async function importRow(
  tx: EntityManager,
  scope: Scope,
  workshopId: number,
  establishmentId: number,
  row: HoursImportRow,
  weeks: ImportedWeek[],
): Promise<string | null> {
  if (!parseDay(row.day)) return `Date « ${row.typedDay} » illisible : écrivez-la jj/mm/aaaa.`;
  // Only people of this workshop are looked up: the file cannot reveal anyone else's name.
  const assignment = await tx.findOne(
    Assignment,
    {
      detainee: { establishment: establishmentId, prisonNumber: row.prisonNumber },
      post: { workshop: workshopId },
      ...heldOn(row.day),
    },
    { populate: ['detainee', 'suspensions'] },
  );
  const unknown = `Numéro d’écrou « ${row.prisonNumber} » : aucune personne affectée à cet atelier le ${formatShortDay(row.day)}.`;
  if (!assignment) return unknown;
  // A partner learns nothing from a number: a suspended day answers like a wrong number, and rows are named by number, not by name.
  if (scope.seesNamesOnly && assignment.suspensions.getItems().some((s) => covers(s.startsOn, s.endsOn ?? null, row.day))) return unknown;
  const monday = mondayOf(row.day);
  if (weeks.some((w) => w.monday === monday && w.validated)) {
    return `La ${weekName(monday)} est validée : elle ne se modifie plus. Retirez ses lignes du fichier ou demandez un ajustement à la coordination.`;
  }
  const person = scope.seesNamesOnly ? `Numéro d’écrou « ${row.prisonNumber} »` : assignment.detainee.fullName();
  const current = await tx.findOne(TimeEntry, { assignment, day: row.day, isAdjustment: false });
  try {
    await saveCell(tx, scope, {
      holder: { kind: 'a', id: assignment.id },
      day: row.day,
      value: row.value,
      seenVersion: current?.version ?? 0,
      overtimeReason: '',
    });
    return null;
  } catch (e) {
    // A cell refused, or a database guard at the cell's flush (its week validated meanwhile): the row names why.
    if (e instanceof RuleError) return `${person}, ${formatShortDay(row.day)} : ${e.message}`;
    throw e;
  }
}
