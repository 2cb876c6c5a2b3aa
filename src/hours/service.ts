import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, formatISO, parseISO, startOfISOWeek } from 'date-fns';
import { Assignment } from '../assignments/entities.ts';
import { covers, type Day, plusDays } from '../assignments/rules.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../platform/errors.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import type { Workshop } from '../workshops/entities.ts';
import { findWorkshop } from '../workshops/service.ts';
import { TimeEntry, TimesheetWeek } from './entities.ts';
import { type AbsenceCode, DAY_NAMES, readCell, showMinutes, weekProblems } from './rules.ts';

/** The Monday of the week holding `day` (weeks run Monday 00:00 to Sunday 24:00, R412-52). */
export function mondayOf(day: Day): Day {
  return formatISO(startOfISOWeek(parseISO(day)), { representation: 'date' });
}

export function weekDays(monday: Day): Day[] {
  return Array.from({ length: 7 }, (_, i) => formatISO(addDays(parseISO(monday), i), { representation: 'date' }));
}

export interface GridCell {
  day: Day;
  entry: TimeEntry | null;
  /** Why the cell takes no time: outside the contract, or suspended. */
  blocked: string | null;
  /** Adjustments recorded after validation, shown apart from the original value. */
  adjustments: TimeEntry[];
}

export interface GridRow {
  assignment: Assignment;
  cells: GridCell[];
  totalMinutes: number;
}

export interface WeekGrid {
  workshop: Workshop;
  monday: Day;
  days: Day[];
  week: TimesheetWeek | null;
  rows: GridRow[];
  columnTotals: number[];
  total: number;
}

/** Who may enter time in a workshop: its partner, its establishment's coordinators, admins. */
function assertCanEnter(scope: Scope, workshop: Workshop): void {
  if (scope.role === 'committee') throw new ForbiddenError('Les membres de comité ne voient pas les heures individuelles.');
  if (scope.role === 'partner' && workshop.partner.id !== scope.partnerId) throw new NotFoundError();
}

export async function weekGrid(em: EntityManager, scope: Scope, workshopId: number, monday: Day): Promise<WeekGrid> {
  const workshop = await findWorkshop(em, scope, workshopId);
  assertCanEnter(scope, workshop);
  const days = weekDays(monday);
  const sunday = days[6] as Day;
  const [assignments, entries, week] = await Promise.all([
    em.find(
      Assignment,
      { post: { workshop: workshop.id }, startsOn: { $lte: sunday }, $or: [{ endedOn: null }, { endedOn: { $gte: monday } }] },
      { populate: ['detainee', 'post', 'suspensions'], orderBy: { detainee: { lastName: 'asc', firstName: 'asc' }, id: 'asc' } },
    ),
    em.find(TimeEntry, { workshop: workshop.id, day: { $gte: monday, $lte: sunday } }, { orderBy: { id: 'asc' } }),
    em.findOne(TimesheetWeek, { workshop: workshop.id, weekStart: monday }, { populate: ['validatedBy'] }),
  ]);
  const rows = assignments.map((assignment) => {
    const cells = days.map((day): GridCell => {
      const mine = entries.filter((e) => e.assignment?.id === assignment.id && e.day === day);
      return {
        day,
        entry: mine.find((e) => !e.isAdjustment) ?? null,
        adjustments: mine.filter((e) => e.isAdjustment),
        blocked: blockedReason(assignment, day),
      };
    });
    return { assignment, cells, totalMinutes: cells.reduce((n, c) => n + workedMinutes(c), 0) };
  });
  const columnTotals = days.map((_, i) => rows.reduce((n, r) => n + workedMinutes(r.cells[i] as GridCell), 0));
  return { workshop, monday, days, week, rows, columnTotals, total: columnTotals.reduce((a, b) => a + b, 0) };
}

/** Worked minutes of a cell: its entry plus the adjustments made after validation. */
export function workedMinutes(cell: GridCell): number {
  const base = cell.entry?.kind === 'work' ? cell.entry.minutes : 0;
  return base + cell.adjustments.reduce((n, a) => n + a.minutes, 0);
}

function blockedReason(assignment: Assignment, day: Day): string | null {
  if (!covers(assignment.startsOn, assignment.endedOn ?? null, day)) return 'Hors contrat';
  if (assignment.suspensions.getItems().some((s) => covers(s.startsOn, s.endsOn ?? null, day))) return 'Suspendu';
  return null;
}

export class CellError extends Error {
  readonly status = 422;
}

export class CellConflict extends Error {
  readonly status = 409;
}

export interface CellInput {
  assignmentId: number;
  day: Day;
  value: string;
  /** The version of the cell the person saw (0: it was empty). */
  seenVersion: number;
  overtimeReason: string;
}

/**
 * Saves one cell: reads the typed value, checks the day is within the contract and not
 * suspended, the week not validated, the limits of working time, and that nobody saved the
 * cell since it was shown (otherwise a conflict, never a silent overwrite).
 */
export async function saveCell(em: EntityManager, scope: Scope, input: CellInput): Promise<void> {
  const assignment = await em.findOne(Assignment, input.assignmentId, {
    populate: ['post', 'post.workshop', 'post.workshop.partner', 'suspensions', 'detainee'],
  });
  if (!assignment) throw new NotFoundError();
  const workshop = await findWorkshop(em, scope, assignment.post.workshop.id);
  assertCanEnter(scope, workshop);
  const blocked = blockedReason(assignment, input.day);
  if (blocked)
    throw new CellError(blocked === 'Suspendu' ? 'Affectation suspendue ce jour-là : pas de temps à saisir.' : 'Ce jour est hors des dates du contrat.');
  const monday = mondayOf(input.day);
  const week = await em.findOne(TimesheetWeek, { workshop, weekStart: monday });
  if (week?.isValidated()) throw new CellError('Semaine validée : elle ne se modifie plus. Demandez un ajustement à la coordination.');
  const reading = readCell(input.value);
  if (!reading.ok) throw new CellError(reading.error);
  const current = await em.findOne(TimeEntry, { assignment, day: input.day, isAdjustment: false });
  if ((current?.version ?? 0) !== input.seenVersion) {
    const shown = current ? (current.kind === 'absence' ? current.absenceCode : showMinutes(current.minutes)) : 'une case vide';
    throw new CellConflict(`Quelqu’un a enregistré ${shown} dans cette case entre-temps : vérifiez la valeur puis saisissez à nouveau.`);
  }
  const cell = reading.cell;
  if (cell.kind === 'work') {
    // Limits apply to the person's whole week, across all their posts.
    const others = await em.find(TimeEntry, {
      detainee: assignment.detainee,
      kind: 'work',
      day: { $gte: monday, $lte: plusDays(monday, 6) },
      $not: { assignment, day: input.day, isAdjustment: false },
    });
    const days = weekDays(monday).map((d) => others.filter((e) => e.day === d).reduce((n, e) => n + e.minutes, 0) + (d === input.day ? cell.minutes : 0));
    const contracts = await em.find(Assignment, {
      detainee: assignment.detainee,
      startsOn: { $lte: plusDays(monday, 6) },
      $or: [{ endedOn: null }, { endedOn: { $gte: monday } }],
    });
    // One reason covers the week's overtime: given now, or on another day of that week.
    const reason = input.overtimeReason || others.find((e) => e.overtimeReason)?.overtimeReason || current?.overtimeReason || null;
    const problems = weekProblems(
      days,
      contracts.reduce((n, a) => n + a.weeklyMinutes, 0),
      reason,
    );
    if (problems.length > 0) throw new CellError(problems[0] as string);
  }
  if (cell.kind === 'empty') {
    if (current) em.remove(current);
  } else {
    const entry =
      current ??
      em.create(TimeEntry, {
        establishment: assignment.establishment,
        detainee: assignment.detainee,
        assignment,
        workshop,
        day: input.day,
        kind: 'work',
        minutes: 0,
        createdBy: em.getReference(User, scope.userId),
      });
    entry.kind = cell.kind === 'work' ? 'work' : 'absence';
    entry.minutes = cell.kind === 'work' ? cell.minutes : 0;
    entry.absenceCode = cell.kind === 'absence' ? (cell.code as AbsenceCode) : null;
    if (input.overtimeReason) entry.overtimeReason = input.overtimeReason;
  }
  await flushGuarded(em);
}

async function weekOf(em: EntityManager, scope: Scope, workshopId: number, monday: Day): Promise<{ workshop: Workshop; week: TimesheetWeek }> {
  const workshop = await findWorkshop(em, scope, workshopId);
  scope.assertCanManage(workshop.establishment.id);
  const week =
    (await em.findOne(TimesheetWeek, { workshop, weekStart: monday })) ??
    em.create(TimesheetWeek, { establishment: workshop.establishment, workshop, weekStart: monday, status: 'open' });
  return { workshop, week };
}

/** A coordinator validates a workshop-week: from then on its entries are locked (by the database too). */
export async function validateWeek(em: EntityManager, scope: Scope, workshopId: number, monday: Day): Promise<TimesheetWeek> {
  const { week } = await weekOf(em, scope, workshopId, monday);
  if (week.isValidated()) throw new RuleError('Cette semaine est déjà validée.', 409);
  week.status = 'validated';
  week.validatedAt = new Date();
  week.validatedBy = em.getReference(User, scope.userId);
  await flushGuarded(em);
  return week;
}

/** Only an administrator reopens a validated week, and says why. */
export async function reopenWeek(em: EntityManager, scope: Scope, workshopId: number, monday: Day, reason: string): Promise<TimesheetWeek> {
  scope.require('admin');
  const { week } = await weekOf(em, scope, workshopId, monday);
  if (!week.isValidated()) throw new RuleError('Cette semaine n’est pas validée.', 409);
  week.status = 'open';
  week.validatedAt = null;
  week.validatedBy = null;
  week.reopenedAt = new Date();
  week.reopenedBy = em.getReference(User, scope.userId);
  week.reopenReason = reason;
  await flushGuarded(em);
  return week;
}

/**
 * A correction after validation: a new, attributed entry holding the difference between the
 * corrected duration and what the day shows; the original entry stays as it was.
 */
export async function addAdjustment(
  em: EntityManager,
  scope: Scope,
  input: { assignmentId: number; day: Day; value: string; reason: string },
): Promise<TimeEntry> {
  const assignment = await em.findOne(Assignment, input.assignmentId, { populate: ['post', 'post.workshop'] });
  if (!assignment) throw new NotFoundError();
  const workshop = await findWorkshop(em, scope, assignment.post.workshop.id);
  scope.assertCanManage(workshop.establishment.id);
  const week = await em.findOne(TimesheetWeek, { workshop, weekStart: mondayOf(input.day) });
  if (!week?.isValidated()) throw new CellError('La semaine n’est pas validée : corrigez directement la case.');
  const reading = readCell(input.value);
  if (!reading.ok || reading.cell.kind === 'absence') throw new CellError(reading.ok ? 'Un ajustement porte sur une durée travaillée.' : reading.error);
  const corrected = reading.cell.kind === 'work' ? reading.cell.minutes : 0;
  const existing = await em.find(TimeEntry, { assignment, day: input.day, kind: 'work' });
  const shown = existing.reduce((n, e) => n + e.minutes, 0);
  if (corrected === shown) throw new CellError(`La journée compte déjà ${showMinutes(shown)}.`);
  const adjustment = em.create(TimeEntry, {
    establishment: assignment.establishment,
    detainee: assignment.detainee,
    assignment,
    workshop,
    day: input.day,
    kind: 'work',
    minutes: corrected - shown,
    isAdjustment: true,
    adjustmentReason: input.reason,
    createdBy: em.getReference(User, scope.userId),
  });
  await flushGuarded(em);
  return adjustment;
}

/** Copies last week's worked durations into this week's empty cells, where the contract allows. */
export async function copyLastWeek(em: EntityManager, scope: Scope, workshopId: number, monday: Day): Promise<number> {
  const grid = await weekGrid(em, scope, workshopId, monday);
  if (grid.week?.isValidated()) throw new RuleError('Cette semaine est validée : elle ne se modifie plus.', 409);
  const previous = await weekGrid(em, scope, workshopId, plusDays(monday, -7));
  let copied = 0;
  await em.transactional(async (tx) => {
    for (const row of grid.rows) {
      const before = previous.rows.find((r) => r.assignment.id === row.assignment.id);
      row.cells.forEach((cell, i) => {
        const source = before?.cells[i]?.entry;
        if (cell.entry || cell.blocked || !source || source.kind !== 'work') return;
        tx.create(TimeEntry, {
          establishment: row.assignment.establishment,
          detainee: row.assignment.detainee,
          assignment: row.assignment.id,
          workshop: grid.workshop.id,
          day: cell.day,
          kind: 'work',
          minutes: source.minutes,
          createdBy: tx.getReference(User, scope.userId),
        } as never);
        copied++;
      });
    }
    await flushGuarded(tx);
  });
  return copied;
}

export { DAY_NAMES };
