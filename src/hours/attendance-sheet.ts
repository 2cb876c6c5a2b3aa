import type { EntityManager } from '@mikro-orm/postgresql';
import type { Day } from '../platform/calendar.ts';
import { formatDateTime, formatDay, formatGridMinutes, formatShortDay } from '../platform/format.ts';
import type { Scope } from '../platform/scope.ts';
import type { AttendanceSheetData } from './attendance-sheet.pdf.ts';
import { DAY_NAMES } from './rules.ts';
import { type GridCell, weekGrid, workedMinutes } from './service.ts';

/**
 * A workshop's attendance sheet of the week starting on `monday`, within the caller's scope:
 * the workshop's coordinators and its partner (who reads name and post only, like on its grid).
 */
export async function attendanceSheet(em: EntityManager, scope: Scope, workshopId: number, monday: Day, now: Date): Promise<AttendanceSheetData> {
  const grid = await weekGrid(em, scope, { workshopId }, monday);
  const workshop = grid.target.workshop;
  if (!workshop) throw new TypeError('An attendance sheet is a workshop’s.');
  const sunday = grid.days[6] as Day;
  // « du lundi 28 décembre 2026 au dimanche 3 janvier 2027 », the year once when the week is in one.
  const from = monday.slice(0, 4) === sunday.slice(0, 4) ? formatDay(monday).replace(/ \d{4}$/, '') : formatDay(monday);
  return {
    establishment: workshop.establishment.name,
    workshop: workshop.name,
    partner: workshop.partner.name,
    monday,
    week: `du lundi ${from} au dimanche ${formatDay(sunday)}`,
    days: grid.days.map((day, i) => ({ name: DAY_NAMES[i] as string, date: formatShortDay(day).slice(0, 5), holiday: grid.holidays[i] ?? null })),
    people: grid.rows.map((row) => {
      const post = row.holder.assignment?.post;
      return {
        name: row.holder.detainee.fullName(),
        post: post ? `${post.title} (${post.code})` : '',
        days: row.cells.map((cell) => ({ closed: cell.blocked !== null, recorded: recorded(cell) })),
        total: row.totalMinutes > 0 ? formatGridMinutes(row.totalMinutes) : '',
      };
    }),
    generatedAt: now,
    generatedAtLabel: formatDateTime(now),
    fileName: `emargement-${slug(workshop.name)}-${monday}.pdf`,
  };
}

/**
 * What the grid holds for the day, small in the corner of its box: hours, or « Absent » for
 * any absence, whoever prints (the sheet hangs in the workshop: never a reason, nor why a day is closed).
 */
function recorded(cell: GridCell): string {
  const minutes = workedMinutes(cell);
  if (minutes > 0) return formatGridMinutes(minutes);
  return cell.entry?.kind === 'absence' ? 'Absent' : '';
}

/** A file name without accents or spaces: "reliure-de-l-espace-citoyen". */
function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
