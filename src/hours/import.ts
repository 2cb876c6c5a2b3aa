import type { EntityManager } from '@mikro-orm/postgresql';
import { Assignment } from '../assignments/entities.ts';
import { heldOn } from '../holdings/service.ts';
import { covers, mondayOf, parseDay, plusDays } from '../platform/calendar.ts';
import { headerKey, isoFromFrenchDate, readCsv } from '../platform/csv.ts';
import { formatShortDay } from '../platform/format.ts';
import { CONTROL_CHARACTER_ROW, hasControlCharacter } from '../platform/forms.ts';
import type { Scope } from '../platform/scope.ts';
import { findWorkshop } from '../workshops/service.ts';
import { TimeEntry } from './entities.ts';
import { CellConflict, CellError, saveCell } from './service.ts';

export interface HoursImportRow {
  line: number;
  prisonNumber: string;
  day: string;
  /** The date as typed, for the messages. */
  typedDay: string;
  value: string;
  problem: string | null;
}

export interface HoursImportResult {
  fileProblem: string | null;
  rows: HoursImportRow[];
  ok: boolean;
}

const COLUMNS = { prisonNumber: 'numero d ecrou', day: 'date', value: 'duree' } as const;
const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

/** Thrown to roll back a trial run: the rows were only checked. */
class DryRun extends Error {}

/**
 * Imports a week's hours of a workshop from a partner's spreadsheet, one row per person and
 * day (« Numéro d’écrou ; Date ; Durée »). Every row goes through the same checks as a typed
 * cell (person assigned that day, not suspended, limits, validated week), inside one
 * transaction: a trial run rolls it back and lists each bad row; the real run stores all
 * rows or none.
 */
export async function importWeekHours(
  em: EntityManager,
  scope: Scope,
  workshopId: number,
  text: string,
  options: { dryRun: boolean; monday: string },
): Promise<HoursImportResult> {
  const workshop = await findWorkshop(em, scope, workshopId);
  let parsed: { header: string[]; rows: string[][] };
  try {
    parsed = readCsv(text);
  } catch {
    return { fileProblem: 'Le fichier n’est pas un CSV lisible.', rows: [], ok: false };
  }
  const index = new Map(parsed.header.map((h, i) => [headerKey(h), i]));
  if (parsed.rows.length === 0) return { fileProblem: 'Le fichier ne contient aucune ligne.', rows: [], ok: false };
  if (parsed.rows.length > 1000) return { fileProblem: 'Le fichier dépasse 1 000 lignes : une semaine d’atelier en compte bien moins.', rows: [], ok: false };
  const unreadable = parsed.rows.flatMap((r, i) => (r.some(hasControlCharacter) ? [i + 2] : []));
  const at = (r: string[], key: string) => (r[index.get(key) as number] ?? '').trim();
  let rows: HoursImportRow[];
  if (index.has(COLUMNS.prisonNumber) && WEEKDAYS.every((d) => index.has(d))) {
    // The grid layout: one row per person, a column per day of the week being imported.
    rows = parsed.rows.flatMap((r, i) =>
      WEEKDAYS.map((d, k) => ({
        line: i + 2,
        prisonNumber: at(r, COLUMNS.prisonNumber).toUpperCase(),
        day: plusDays(options.monday, k),
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
    return {
      fileProblem: 'La première ligne doit porter les titres « Numéro d’écrou ; Date ; Durée », ou « Numéro d’écrou ; Lundi ; … ; Dimanche » comme la grille.',
      rows: [],
      ok: false,
    };
  }
  if (unreadable.length > 0) {
    // Refused before any lookup: a NUL would reach PostgreSQL (a 500 instead of the line to fix).
    const refused = unreadable.map((line) => ({ line, prisonNumber: '', day: '', typedDay: '', value: '', problem: CONTROL_CHARACTER_ROW }));
    const others = rows.filter((r) => !unreadable.includes(r.line));
    return { fileProblem: null, rows: [...others, ...refused].sort((a, b) => a.line - b.line), ok: false };
  }
  const weeks = new Set(rows.filter((r) => parseDay(r.day)).map((r) => mondayOf(r.day)));
  try {
    await em.transactional(async (tx) => {
      for (const row of rows) row.problem = await importRow(tx, scope, workshop.id, workshop.establishment.id, row, weeks.size);
      if (options.dryRun || rows.some((r) => r.problem)) throw new DryRun();
    });
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  return { fileProblem: null, rows, ok: rows.every((r) => !r.problem) };
}

async function importRow(
  tx: EntityManager,
  scope: Scope,
  workshopId: number,
  establishmentId: number,
  row: HoursImportRow,
  weekCount: number,
): Promise<string | null> {
  if (weekCount > 1) return 'Le fichier mélange plusieurs semaines : importez une semaine à la fois.';
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
    if (e instanceof CellError || e instanceof CellConflict) return `${person}, ${formatShortDay(row.day)} : ${e.message}`;
    throw e;
  }
}
