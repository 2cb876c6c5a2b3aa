import { LockMode, OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Assignment, Enrollment, Suspension, type SuspensionReason } from '../assignments/entities.ts';
import type { Detainee } from '../detainees/entities.ts';
import { Establishment } from '../establishments/entities.ts';
import { holdsOn } from '../holdings/rules.ts';
import { heldDuring } from '../holdings/service.ts';
import { LEAVE_CODE } from '../leave/calendar.ts';
import { approvedLeaveOn, LEAVE_CODE_WITHOUT_REQUEST, type LeaveMark, leaveKey, leaveRequestLink, lockedLeaveMessage } from '../leave/timesheet.ts';
import { covers, type Day, daysBetween, mondayOf, plusDays, weekDays } from '../platform/calendar.ts';
import { FieldErrors, ForbiddenError, NotFoundError, RuleError } from '../platform/errors.ts';
import { formatGridMinutes, formatShortDay, lowerFirst } from '../platform/format.ts';
import { explainDatabaseRefusal, flushGuarded } from '../platform/guarded-flush.ts';
import { holidayOn, isSunday } from '../platform/holidays.ts';
import type { Scope } from '../platform/scope.ts';
import type { TrainingSession } from '../training/entities.ts';
import { findSession } from '../training/service.ts';
import { User } from '../users/entities.ts';
import type { Workshop } from '../workshops/entities.ts';
import { findWorkshop } from '../workshops/service.ts';
import { type AbsenceReasonRow, dayAbsence, offeredOn, reasonOn } from './absence-rules.ts';
import { absenceProblem, absenceReasonsOf, readCellWithReasons } from './absences.ts';
import { TimeEntry, TimesheetWeek } from './entities.ts';
import { LEGAL_MAJORATIONS, type MajorationPolicy, majorationCapProblem, majoredMinutes, majorWeek } from './majorations.ts';
import { lockPersonWeek } from './person-week-lock.ts';
import { DAY_NAMES, dayReasonProblem, futureWeekProblem, minutesReading, overtimeProblem, weekContractMinutes, weekProblems } from './rules.ts';
import { workingTimeOn } from './working-time.ts';

export interface GridCell {
  day: Day;
  entry: TimeEntry | null;
  /** Why the cell takes no time: outside the contract or the training, or suspended. */
  blocked: string | null;
  /** Adjustments recorded after validation, shown apart from the original value. */
  adjustments: TimeEntry[];
  /** Approved leave that day (a workshop sheet): a full day is locked to CP, a half day stays editable. */
  leave: LeaveMark | null;
}

/** What a grid row stands for: an assignment (workshop sheet) or an enrollment (training sheet). */
export interface Holder {
  kind: 'a' | 'e';
  id: number;
  detainee: Detainee;
  /** "ARR-VEL-01 · contrat 35h", "Formation · entrée le 01/09". */
  hint: string;
  /** Contract hours for work; null for training (no contract). */
  weeklyMinutes: number | null;
  blocked: (day: Day) => string | null;
  assignment: Assignment | null;
  enrollment: Enrollment | null;
}

export interface GridRow {
  holder: Holder;
  cells: GridCell[];
  totalMinutes: number;
  /** The person's overtime and complementary minutes of the week, all their contracts together (majorWeek). */
  majored: { overtime: number; complementary: number };
  /** Compensatory rest due for the row's Sunday work, of the same length (R412-61). */
  restDueMinutes: number;
  /**
   * Why the row's week goes beyond the contract's hours, or holds work on a public holiday or
   * a Sunday: the person-week's reason, kept on the row's entries of the week ('' when none).
   */
  reason: string;
}

export type GridTarget = { workshop: Workshop; session?: undefined } | { session: TrainingSession; workshop?: undefined };

export interface WeekGrid {
  target: GridTarget;
  /** The establishment the sheet belongs to. */
  establishmentId: number;
  title: string;
  monday: Day;
  days: Day[];
  /** Each day's public holiday name, or null (R412-62; Alsace-Moselle's when the establishment is there). */
  holidays: (string | null)[];
  week: TimesheetWeek | null;
  rows: GridRow[];
  columnTotals: number[];
  total: number;
  /** The absence reasons a cell takes that week (offered on its Monday), for the help line. */
  absences: AbsenceReasonRow[];
  /** A partner's view (`scope.seesNamesOnly`): name and post; « Absent » for any reason; a closed day says nothing of why. */
  namesOnly: boolean;
}

/** What the row's reason field says when a save needs it. */
export const REASON_MESSAGE = 'Indiquez le motif pour cette personne, puis enregistrez à nouveau.';
/** What a partner is shown on a day that takes no time (suspended, outside the contract): no word of why. */
export const CLOSED_DAY = '—';
/** What a partner is told when it types on such a day (a forged post: it has no field there). */
const CLOSED_DAY_MESSAGE = 'Ce jour ne prend pas de saisie pour cette personne.';
/** A partner's neutral absence: « ABS », or « Absent », the word it is shown; recorded unqualified for the coordinator to qualify. */
const NEUTRAL_ABSENCE = /^abs(ent)?$/i;
export const UNQUALIFIED_ABSENCE = 'AI';
/** The limits that depend on the contract, told to a partner without its hours (R412-54, R412-56). */
const PARTNER_OVERTIME_MESSAGE =
  'Cette semaine dépasse le temps prévu pour cette personne : indiquez le motif des heures supplémentaires ou complémentaires (code pénitentiaire, art. R412-54, R412-56).';
/** A working-time limit told to a partner: the limits in force, nothing of the person's hours elsewhere. */
const partnerLimitMessage = (limits: { maxDailyMinutes: number; maxWeeklyMinutes: number; maxWorkedDays: number }) =>
  `Cette saisie dépasserait le temps de travail permis à cette personne (au plus ${formatGridMinutes(limits.maxDailyMinutes)} par jour, ${formatGridMinutes(limits.maxWeeklyMinutes)} par semaine, ${limits.maxWorkedDays} jours par semaine ; code pénitentiaire, art. R412-51) : voyez avec la coordination.`;
const PARTNER_CAP_MESSAGE =
  'Cette semaine dépasse les heures supplémentaires ou complémentaires que la loi permet pour cette personne (code pénitentiaire, art. R412-54, R412-56) : voyez avec la coordination.';

/** Who may enter time: a workshop's partner, its establishment's coordinators, admins; training sheets: coordinators and admins. */
function assertCanEnter(scope: Scope, target: GridTarget): void {
  if (!scope.seesIndividualData) throw new ForbiddenError('Les membres de comité ne voient pas les heures individuelles.');
  const sheet = target.workshop
    ? { establishmentId: target.workshop.establishment.id, partnerId: target.workshop.partner.id }
    : { establishmentId: target.session.establishment.id, partnerId: null };
  // Another partner's workshop does not exist for this one; a training sheet is refused to partners outright.
  if (!scope.canEnterTime(sheet)) throw target.workshop ? new NotFoundError() : new ForbiddenError();
}

export const cellKeyOf = (holder: { kind: 'a' | 'e'; id: number }, day: Day) => `c-${holder.kind}${holder.id}-${day}`;

function assignmentHolder(a: Assignment, namesOnly = false): Holder {
  return {
    kind: 'a',
    id: a.id,
    detainee: a.detainee,
    // A partner sees the post, not the contract.
    hint: namesOnly ? `${a.post.code} · ${a.post.title}` : `${a.post.code} · contrat ${formatGridMinutes(a.weeklyMinutes)}`,
    weeklyMinutes: a.weeklyMinutes,
    blocked: (day) => {
      if (!holdsOn(a, day)) return 'Hors contrat';
      if (a.suspensions.getItems().some((s) => covers(s.startsOn, s.endsOn ?? null, day))) return 'Suspendu';
      return null;
    },
    assignment: a,
    enrollment: null,
  };
}

function enrollmentHolder(e: Enrollment): Holder {
  const last = e.endedOn ?? e.session.endsOn;
  return {
    kind: 'e',
    id: e.id,
    detainee: e.detainee,
    hint: `entrée le ${formatShortDay(e.startsOn)}`,
    weeklyMinutes: null,
    blocked: (day) => (covers(e.startsOn, last, day) && covers(e.session.startsOn, e.session.endsOn, day) ? null : 'Hors formation'),
    assignment: null,
    enrollment: e,
  };
}

export async function findTarget(em: EntityManager, scope: Scope, target: { workshopId?: number; sessionId?: number }): Promise<GridTarget> {
  if (target.workshopId !== undefined) return { workshop: await findWorkshop(em, scope, target.workshopId) };
  const session = await findSession(em, scope, target.sessionId ?? 0);
  return { session };
}

export async function weekGrid(em: EntityManager, scope: Scope, where: { workshopId?: number; sessionId?: number }, monday: Day): Promise<WeekGrid> {
  const target = await findTarget(em, scope, where);
  assertCanEnter(scope, target);
  const days = weekDays(monday);
  const sunday = days[6] as Day;
  const holders: Holder[] = target.workshop
    ? (
        await em.find(
          Assignment,
          { post: { workshop: target.workshop.id }, ...heldDuring(monday, sunday) },
          { populate: ['detainee', 'post', 'suspensions'], orderBy: { detainee: { lastName: 'asc', firstName: 'asc' }, id: 'asc' } },
        )
      ).map((a) => assignmentHolder(a, scope.seesNamesOnly))
    : (
        await em.find(
          Enrollment,
          { session: target.session.id, ...heldDuring(monday, sunday) },
          { populate: ['detainee', 'session'], orderBy: { detainee: { lastName: 'asc', firstName: 'asc' }, id: 'asc' } },
        )
      ).map(enrollmentHolder);
  const scopeWhere = target.workshop ? { workshop: target.workshop.id } : { session: target.session.id };
  const [entries, week, leave] = await Promise.all([
    em.find(TimeEntry, { ...scopeWhere, day: { $gte: monday, $lte: sunday } }, { orderBy: { id: 'asc' } }),
    em.findOne(TimesheetWeek, { ...scopeWhere, weekStart: monday }, { populate: ['validatedBy', 'completedBy'] }),
    approvedLeaveOn(
      em,
      holders.filter((h) => h.kind === 'a').map((h) => h.id),
      monday,
      sunday,
    ),
  ]);
  const establishmentId = target.workshop ? target.workshop.establishment.id : target.session.establishment.id;
  const establishment = await em.findOneOrFail(Establishment, establishmentId);
  const majored = await weekMajorations(
    em,
    holders.map((h) => h.detainee.id),
    monday,
    establishmentId,
  );
  const rows = holders.map((holder): GridRow => {
    const cells = days.map((day): GridCell => {
      const mine = entries.filter((e) => (holder.kind === 'a' ? e.assignment?.id : e.enrollment?.id) === holder.id && e.day === day);
      const blocked = holder.blocked(day);
      const shown = blocked && scope.seesNamesOnly ? CLOSED_DAY : blocked;
      const onLeave = holder.kind === 'a' ? (leave.get(leaveKey(holder.id, day)) ?? null) : null;
      return { day, entry: mine.find((e) => !e.isAdjustment) ?? null, adjustments: mine.filter((e) => e.isAdjustment), blocked: shown, leave: onLeave };
    });
    return {
      holder,
      cells,
      totalMinutes: cells.reduce((n, c) => n + workedMinutes(c), 0),
      majored: majored.get(holder.detainee.id) ?? { overtime: 0, complementary: 0 },
      restDueMinutes: workedMinutes(cells[6] as GridCell),
      reason: rowReason(cells.map((c) => c.entry)),
    };
  });
  const columnTotals = days.map((_, i) => rows.reduce((n, r) => n + workedMinutes(r.cells[i] as GridCell), 0));
  const holidays = days.map((d) => holidayOn(d, { alsaceMoselle: establishment.alsaceMoselle }));
  const title = target.workshop ? target.workshop.name : `${target.session.programme.title} (session du ${formatShortDay(target.session.startsOn)})`;
  const absences = offeredOn(await absenceReasonsOf(em, establishmentId), monday);
  return {
    target,
    establishmentId,
    title,
    monday,
    days,
    holidays,
    week,
    rows,
    columnTotals,
    total: columnTotals.reduce((a, b) => a + b, 0),
    absences,
    namesOnly: scope.seesNamesOnly,
  };
}

/** Each person's overtime and complementary minutes of the week, across all their contracts and sheets (R412-54, R412-56). */
async function weekMajorations(
  em: EntityManager,
  detaineeIds: number[],
  monday: Day,
  establishmentId: number,
): Promise<Map<number, { overtime: number; complementary: number }>> {
  const found = new Map<number, { overtime: number; complementary: number }>();
  if (detaineeIds.length === 0) return found;
  const sunday = plusDays(monday, 6);
  const [entries, contracts, { policy }] = await Promise.all([
    em.find(TimeEntry, { detainee: { $in: detaineeIds }, kind: 'work', day: { $gte: monday, $lte: sunday } }, { orderBy: { day: 'asc', id: 'asc' } }),
    em.find(Assignment, { detainee: { $in: detaineeIds }, ...heldDuring(monday, sunday) }),
    workingTimeOn(em, establishmentId, monday),
  ]);
  for (const id of new Set(detaineeIds)) {
    const mine = entries.filter((e) => e.detainee.id === id).map((e) => ({ key: e.id, day: e.day, minutes: e.minutes }));
    const contract = weekContractMinutes(
      contracts.filter((c) => c.detainee.id === id),
      monday,
    );
    found.set(id, majoredMinutes(majorWeek(mine, contract, policy)));
  }
  return found;
}

/** The reason of a row's week: the one its entries carry (a save with a reason writes it on all of them). */
function rowReason(entries: ReadonlyArray<TimeEntry | null>): string {
  return entries.find((e) => e?.overtimeReason)?.overtimeReason ?? '';
}

/** Minutes of a cell (work or training): its entry plus the adjustments made after validation. */
export function workedMinutes(cell: GridCell): number {
  const base = cell.entry && cell.entry.kind !== 'absence' ? cell.entry.minutes : 0;
  return base + cell.adjustments.reduce((n, a) => n + a.minutes, 0);
}

/** The longest row reason the database keeps (`time_entry.overtime_reason`). */
export const REASON_MAX_LENGTH = 300;

/**
 * A value the cell does not take (422): outside the contract, a validated week, a broken limit.
 * `needsReason`: the value is taken with the row's reason (overtime, complementary hours, a
 * public holiday, a Sunday), which the answer then asks for on that row.
 */
export class CellError extends RuleError {
  constructor(
    message: string,
    readonly needsReason = false,
    /** Where to go to put it right (the leave request form), shown as a link after the message. */
    readonly link?: { href: string; label: string },
  ) {
    super(message, 422);
  }
}

/** Someone saved the cell since it was shown (409): never a silent overwrite. */
export class CellConflict extends RuleError {
  constructor(message: string) {
    super(message, 409);
  }
}

export interface CellInput {
  holder: { kind: 'a' | 'e'; id: number };
  day: Day;
  value: string;
  /** The version of the cell the person saw (0: it was empty). */
  seenVersion: number;
  /** The reason typed on the cell's own row (its person-week), '' when none: never another row's. */
  overtimeReason: string;
}

/** The grid row a cell belongs to, loaded within the caller's scope. */
async function holderOf(em: EntityManager, scope: Scope, ref: { kind: 'a' | 'e'; id: number }): Promise<{ holder: Holder; target: GridTarget }> {
  if (ref.kind === 'a') {
    const assignment = await em.findOne(Assignment, ref.id, { populate: ['post', 'suspensions', 'detainee'] });
    if (!assignment) throw new NotFoundError();
    const target = { workshop: await findWorkshop(em, scope, assignment.post.workshop.id) };
    assertCanEnter(scope, target);
    return { holder: assignmentHolder(assignment), target };
  }
  const enrollment = await em.findOne(Enrollment, ref.id, { populate: ['session', 'detainee'] });
  if (!enrollment) throw new NotFoundError();
  const target = { session: await findSession(em, scope, enrollment.session.id) };
  assertCanEnter(scope, target);
  return { holder: enrollmentHolder(enrollment), target };
}

/**
 * Saves one cell: reads the typed value, checks the day is within the contract or the
 * training and not suspended, the week not validated, the limits of working time, and that
 * nobody saved the cell since it was shown (otherwise a conflict, never a silent overwrite).
 */
export async function saveCell(em: EntityManager, scope: Scope, input: CellInput): Promise<void> {
  // The row's reason is kept in 300 characters (as the database checks): said beside the reason, asked again.
  if (input.overtimeReason.length > REASON_MAX_LENGTH)
    throw new CellError(`Le motif tient en ${REASON_MAX_LENGTH} caractères au plus : raccourcissez-le.`, true);
  try {
    await em.transactional((tx) => saveCellIn(tx, scope, input));
  } catch (error) {
    // A clear committed between our read and our update (the update checks the version): a conflict on the cell.
    if (error instanceof OptimisticLockError) throw staleCell();
    // The limits checked again by PostgreSQL at commit (a second writer, a script): a 409 with the article.
    throw refusalOf(error);
  }
}

function staleCell(): CellConflict {
  return new CellConflict('Quelqu’un a modifié cette case entre-temps : vérifiez la valeur puis saisissez à nouveau.');
}

/**
 * A database refusal explained (the limits at commit: 409 with the article); two writers
 * that each hold a person's week the other needs (two whole weeks saved at once, people in
 * another order) are a deadlock PostgreSQL breaks: the one it stops is told to save again.
 */
function refusalOf(error: unknown): unknown {
  if ((error as { code?: string } | null)?.code === '40P01') {
    return new RuleError('Un autre enregistrement des mêmes personnes était en cours : enregistrez à nouveau.', 409);
  }
  return explainDatabaseRefusal(error);
}

/**
 * Overtime (R412-54) already worked in `year` outside the week of `monday`: each week of the
 * person's work split by majorWeek against that week's contract hours, counting the stretches
 * whose day falls in the year.
 */
export async function yearOvertimeMinutes(
  em: EntityManager,
  detaineeId: number,
  year: number,
  policy: MajorationPolicy = LEGAL_MAJORATIONS,
  exceptMonday: Day | null = null,
): Promise<number> {
  const first = mondayOf(`${year}-01-01`);
  const last = plusDays(mondayOf(`${year}-12-31`), 6);
  const [entries, contracts] = await Promise.all([
    em.find(TimeEntry, { detainee: detaineeId, kind: 'work', day: { $gte: first, $lte: last } }, { orderBy: { day: 'asc', id: 'asc' } }),
    em.find(Assignment, { detainee: detaineeId, ...heldDuring(first, last) }),
  ]);
  const weeks = new Map<Day, TimeEntry[]>();
  for (const e of entries) {
    const monday = mondayOf(e.day);
    if (monday !== exceptMonday) weeks.set(monday, [...(weeks.get(monday) ?? []), e]);
  }
  let overtime = 0;
  for (const [monday, week] of weeks) {
    const pieces = majorWeek(
      week.map((e) => ({ key: e.id, day: e.day, minutes: e.minutes })),
      weekContractMinutes(contracts, monday),
      policy,
    );
    overtime += majoredMinutes(pieces.filter((p) => p.day.startsWith(`${year}-`))).overtime;
  }
  return overtime;
}

async function saveCellIn(em: EntityManager, scope: Scope, input: CellInput): Promise<void> {
  const { holder, target } = await holderOf(em, scope, input.holder);
  const blocked = holder.blocked(input.day);
  // A partner is told nothing of why a day is closed (suspension, contract dates).
  if (scope.seesNamesOnly && blocked) throw new CellError(CLOSED_DAY_MESSAGE);
  const value = scope.seesNamesOnly ? await partnerValue(em, holder, input) : input.value;
  if (value === null) return;
  // The establishment's absence reasons in force that day (reference data): the codes a cell takes, and what each needs.
  const reasons = await absenceReasonsOf(em, holder.detainee.establishment.id);
  const reading = readCellWithReasons(value, reasons, input.day);
  const absence = reading.ok && reading.cell.kind === 'absence' ? reading.cell.code : null;
  if (absence && (blocked === null || blocked === 'Suspendu')) {
    const problem = absenceProblem(reasons, absence, input.day, { suspended: blocked === 'Suspendu', contract: holder.kind === 'a' });
    if (problem) throw new CellError(problem);
  } else if (blocked && !(blocked === 'Suspendu' && reading.ok && reading.cell.kind === 'empty')) {
    // (Clearing a suspended day is allowed: it removes a sickness or work-accident code typed there.)
    throw new CellError(
      blocked === 'Suspendu'
        ? 'Affectation suspendue ce jour-là : pas de temps à saisir.'
        : blocked === 'Hors formation'
          ? 'Ce jour est hors des dates de la formation.'
          : 'Ce jour est hors des dates du contrat.',
    );
  }
  const monday = mondayOf(input.day);
  await lockPersonWeek(em, holder.detainee.id, input.day);
  const sheet = target.workshop ? { workshop: target.workshop } : { session: target.session };
  const week = await em.findOne(TimesheetWeek, { ...sheet, weekStart: monday });
  if (week?.isValidated()) throw new CellError('Semaine validée : elle ne se modifie plus. Demandez un ajustement à la coordination.');
  // Read under the person's week lock, which an approval or a cancellation of leave takes too.
  if (holder.kind === 'a') await checkLeave(em, scope, holder, input.day, absence);
  if (!reading.ok) throw new CellError(reading.error);
  const own = holder.kind === 'a' ? { assignment: holder.id } : { enrollment: holder.id };
  const current = await em.findOne(TimeEntry, { ...own, day: input.day, isAdjustment: false });
  if ((current?.version ?? 0) !== input.seenVersion) {
    const absence = scope.seesNamesOnly ? 'une absence' : current?.absenceCode;
    const shown = current ? (current.kind === 'absence' ? absence : formatGridMinutes(current.minutes)) : 'une case vide';
    throw new CellConflict(`Quelqu’un a enregistré ${shown} dans cette case entre-temps : vérifiez la valeur puis saisissez à nouveau.`);
  }
  const cell = reading.cell;
  const establishment = await em.findOneOrFail(Establishment, holder.detainee.establishment.id);
  const holiday = holidayOn(input.day, { alsaceMoselle: establishment.alsaceMoselle });
  if (cell.kind === 'work') {
    // Limits apply to the person's whole week, work and training together, across all their
    // posts. The cell's own entry is left out by its id: a `$not` on its columns would also
    // drop the training rows, whose NULL assignment makes the comparison NULL (item 6).
    const weekEntries = await em.find(TimeEntry, {
      detainee: holder.detainee,
      kind: { $in: ['work', 'training'] },
      day: { $gte: monday, $lte: plusDays(monday, 6) },
    });
    const others = weekEntries.filter((e) => e.id !== current?.id);
    const days = weekDays(monday).map((d) => others.filter((e) => e.day === d).reduce((n, e) => n + e.minutes, 0) + (d === input.day ? cell.minutes : 0));
    const { limits, policy } = await workingTimeOn(em, establishment.id, input.day);
    const limitProblems = weekProblems(days, Number.POSITIVE_INFINITY, null, limits);
    // The day and week totals count the person's other sheets: a partner is told the limits, never those totals.
    const problems = scope.seesNamesOnly && limitProblems.length > 0 ? [partnerLimitMessage(limits)] : limitProblems;
    const dayReason = dayReasonProblem(input.day, cell.minutes, input.overtimeReason || current?.dayReason || null, holiday, isSunday(input.day));
    // What the row's reason answers, asked on that row; the yearly cap is not a matter of reason.
    const reasonProblems = dayReason ? [dayReason] : [];
    let capProblem: string | null = null;
    if (holder.kind === 'a') {
      const contracts = await em.find(Assignment, { detainee: holder.detainee, ...heldDuring(monday, plusDays(monday, 6)) });
      const contractMinutes = weekContractMinutes(contracts, monday);
      const worked = others.filter((e) => e.kind === 'work').reduce((n, e) => n + e.minutes, 0) + cell.minutes;
      // One reason covers the week's overtime: given now, or on another day of that week.
      const reason = input.overtimeReason || others.find((e) => e.overtimeReason)?.overtimeReason || current?.overtimeReason || null;
      const overtime = overtimeProblem(worked, contractMinutes, reason, policy);
      if (overtime) reasonProblems.push(scope.seesNamesOnly ? PARTNER_OVERTIME_MESSAGE : overtime);
      const before = worked > policy.fullTimeMinutes ? await yearOvertimeMinutes(em, holder.detainee.id, Number(input.day.slice(0, 4)), policy, monday) : 0;
      const cap = majorationCapProblem(worked, contractMinutes, before, policy);
      if (cap) capProblem = scope.seesNamesOnly ? PARTNER_CAP_MESSAGE : cap;
    }
    if (problems.length > 0) throw new CellError(problems[0] as string);
    if (reasonProblems.length > 0) throw new CellError(reasonProblems[0] as string, true);
    if (capProblem) throw new CellError(capProblem);
  }
  if (cell.kind === 'empty') {
    // The delete checks the version shown, like an update does: a save committed since (a
    // writer that skipped the week's lock, a script) is never erased by a clear.
    if (current && (await em.nativeDelete(TimeEntry, { id: current.id, version: input.seenVersion })) === 0) throw staleCell();
  } else {
    const entry =
      current ??
      em.create(TimeEntry, {
        establishment: holder.detainee.establishment,
        detainee: holder.detainee,
        assignment: holder.assignment,
        enrollment: holder.enrollment,
        workshop: target.workshop ?? null,
        session: target.session ?? null,
        day: input.day,
        kind: 'work',
        minutes: 0,
        createdBy: em.getReference(User, scope.userId),
      });
    entry.kind = cell.kind === 'absence' ? 'absence' : holder.kind === 'a' ? 'work' : 'training';
    entry.minutes = cell.kind === 'work' ? cell.minutes : 0;
    entry.absenceCode = cell.kind === 'absence' ? cell.code : null;
    if (input.overtimeReason) entry.overtimeReason = input.overtimeReason;
    if (input.overtimeReason && (holiday || isSunday(input.day))) entry.dayReason = input.overtimeReason;
  }
  await flushGuarded(em);
  // The reason belongs to the row's week: written on each of its entries, without changing
  // their version (a cell shown before stays saveable), and on no other row.
  if (input.overtimeReason) {
    await em.execute(
      `update time_entry set overtime_reason = ? where ${holder.kind === 'a' ? 'assignment_id' : 'enrollment_id'} = ? and not is_adjustment and day between ? and ? and overtime_reason <> ?`,
      [input.overtimeReason, holder.id, monday, plusDays(monday, 6), input.overtimeReason],
    );
  }
}

/**
 * Approved leave and the leave code go together: a day of approved full-day leave takes
 * nothing else (whatever is typed), and CP is typed only on such a day (else the refusal
 * links to the request form).
 */
async function checkLeave(em: EntityManager, scope: Scope, holder: Holder, day: Day, absence: string | null): Promise<void> {
  const mark = (await approvedLeaveOn(em, [holder.id], day, day)).get(leaveKey(holder.id, day));
  if (mark?.full) throw new CellError(lockedLeaveMessage(mark));
  if (absence === LEAVE_CODE && holder.assignment) {
    const link = leaveRequestLink(scope.seesNamesOnly, holder.detainee.id, holder.assignment.post.workshop.id);
    throw new CellError(LEAVE_CODE_WITHOUT_REQUEST, false, link);
  }
}

/**
 * What a partner's typed value stands for: « ABS » or « Absent » (the word it is shown for any
 * absence) keeps the absence the cell holds as it was qualified (null: nothing to save), or
 * records a new one unqualified (« AI ») for the coordinator to qualify; anything else as typed.
 */
async function partnerValue(em: EntityManager, holder: Holder, input: CellInput): Promise<string | null> {
  if (!NEUTRAL_ABSENCE.test(input.value.trim())) return input.value;
  const own = holder.kind === 'a' ? { assignment: holder.id } : { enrollment: holder.id };
  const current = await em.findOne(TimeEntry, { ...own, day: input.day, isAdjustment: false });
  if (current?.kind === 'absence' && current.version === input.seenVersion) return null;
  return UNQUALIFIED_ABSENCE;
}

/** What a cell save answers: the cell as stored now (or as typed, beside why it was refused), with its row and grid for the totals. */
export type CellAnswer =
  | {
      grid: WeekGrid;
      row: GridRow;
      cell: GridCell;
      error?: string;
      typed?: string;
      /** The save needs the row's reason: the answer asks for it on that row. */
      askReason?: boolean;
      /** How a bare number was read (« 35 min »), shown beside the saved value. */
      reading?: string;
      /** Where to put the refusal right (the leave request form). */
      link?: { href: string; label: string };
      status: 200 | 409 | 422;
    }
  /** The day is not on the sheet that week (a forged or stale request): only the reason. */
  | { grid: null; error: string; status: 404 | 409 | 422 };

/** Saves one cell typed in the grid, then finds what to show in its place: the cell, its row total, the day totals. */
export async function saveCellAndShow(em: EntityManager, scope: Scope, input: CellInput): Promise<CellAnswer> {
  let refusal: RuleError | null = null;
  try {
    await saveCell(em, scope, input);
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    refusal = e;
  }
  // Show what the database holds, not what a refused save left in memory.
  em.clear();
  const grid = await weekGrid(em, scope, await sheetOf(em, input.holder), mondayOf(input.day));
  const row = grid.rows.find((r) => r.holder.kind === input.holder.kind && r.holder.id === input.holder.id);
  const cell = row?.cells.find((x) => x.day === input.day);
  if (!row || !cell) return { grid: null, error: refusal?.message ?? 'Cette case n’existe pas cette semaine.', status: refusal?.status ?? 404 };
  // On a conflict, the value now stored; on a refused value, what was typed beside its error.
  return {
    grid,
    row,
    cell,
    error: refusal?.message,
    typed: refusal?.status === 422 ? input.value : undefined,
    askReason: refusal instanceof CellError && refusal.needsReason,
    link: refusal instanceof CellError ? refusal.link : undefined,
    reading: refusal ? undefined : minutesReading(input.value)?.text,
    status: refusal?.status ?? 200,
  };
}

/** The sheet a grid row is on: its assignment's workshop, or its enrollment's session. */
async function sheetOf(em: EntityManager, holder: { kind: 'a' | 'e'; id: number }): Promise<{ workshopId?: number; sessionId?: number }> {
  if (holder.kind === 'a') return { workshopId: (await em.findOneOrFail(Assignment, holder.id, { populate: ['post'] })).post.workshop.id };
  return { sessionId: (await em.findOneOrFail(Enrollment, holder.id)).session.id };
}

/** A whole week posted at once (without JavaScript): the typed value of each cell by its name, with the version it was shown at. */
export interface WeekPost {
  cells: Map<string, { value: string; seenVersion: number }>;
  /** Each row's reason, by row (« a12 »): a row's reason never reaches another row. */
  reasons: Map<string, string>;
}

/** A row's name in the forms: « a12 » (assignment 12), « e3 » (enrollment 3). */
export const rowKeyOf = (holder: { kind: 'a' | 'e'; id: number }) => `${holder.kind}${holder.id}`;

/** Saves a whole week: every cell or none. Refused cells come back as field errors, by cell name. */
export async function saveWeek(
  em: EntityManager,
  scope: Scope,
  where: { workshopId?: number; sessionId?: number },
  monday: Day,
  post: WeekPost,
): Promise<void> {
  const grid = await weekGrid(em, scope, where, monday);
  try {
    await em.transactional(async (tx) => {
      const errors: Record<string, string> = {};
      for (const row of grid.rows) {
        for (const cell of row.cells) {
          const key = cellKeyOf(row.holder, cell.day);
          const typed = post.cells.get(key);
          if (!typed || (cell.blocked && cell.blocked !== 'Suspendu')) continue;
          try {
            await saveCell(tx, scope, { holder: row.holder, day: cell.day, ...typed, overtimeReason: post.reasons.get(rowKeyOf(row.holder)) ?? '' });
          } catch (e) {
            if (!(e instanceof CellError || e instanceof CellConflict)) throw e;
            errors[key] = e.message;
            if (e instanceof CellError && e.needsReason) errors[`motif-${rowKeyOf(row.holder)}`] = REASON_MESSAGE;
          }
        }
      }
      if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
    });
  } catch (e) {
    if (e instanceof FieldErrors) throw e;
    // A database guard refusing one of the cells (at flush or at commit): the week as a whole is refused, with its reason.
    const refusal = refusalOf(e);
    if (refusal instanceof RuleError) throw new FieldErrors({ _form: refusal.message });
    throw refusal;
  }
}

/** The week row, created if missing, then locked: saves in flight finish first, new ones wait. */
async function weekOf(em: EntityManager, scope: Scope, where: { workshopId?: number; sessionId?: number }, monday: Day): Promise<TimesheetWeek> {
  const target = await findTarget(em, scope, where);
  const establishment = target.workshop ? target.workshop.establishment : target.session.establishment;
  scope.assertCanManage(establishment.id);
  const column = target.workshop ? 'workshop_id' : 'session_id';
  const sheetId = target.workshop ? target.workshop.id : target.session.id;
  await em.execute(
    `insert into timesheet_week (establishment_id, ${column}, week_start) values (?, ?, ?) on conflict (${column}, week_start) where ${column} is not null do nothing`,
    [establishment.id, sheetId, monday],
  );
  return em.findOneOrFail(
    TimesheetWeek,
    { [target.workshop ? 'workshop' : 'session']: sheetId, weekStart: monday },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
}

/** A coordinator validates a workshop-week: from then on its entries are locked (by the database too). */
export async function validateWeek(
  em: EntityManager,
  scope: Scope,
  where: { workshopId?: number; sessionId?: number },
  monday: Day,
  today: Day,
): Promise<TimesheetWeek> {
  const notStarted = futureWeekProblem(monday, today);
  if (notStarted) throw new RuleError(notStarted, 422);
  return em.transactional(async (tx) => {
    const week = await weekOf(tx, scope, where, monday);
    if (week.isValidated()) throw new RuleError('Cette semaine est déjà validée.', 409);
    week.status = 'validated';
    week.validatedAt = new Date();
    week.validatedBy = tx.getReference(User, scope.userId);
    await flushGuarded(tx);
    return week;
  });
}

/** Only an administrator reopens a validated week, and says why. */
export async function reopenWeek(
  em: EntityManager,
  scope: Scope,
  where: { workshopId?: number; sessionId?: number },
  monday: Day,
  reason: string,
): Promise<TimesheetWeek> {
  scope.must(scope.canReopenWeeks);
  return em.transactional(async (tx) => {
    const week = await weekOf(tx, scope, where, monday);
    if (!week.isValidated()) throw new RuleError('Cette semaine n’est pas validée.', 409);
    week.status = 'open';
    week.validatedAt = null;
    week.validatedBy = null;
    week.reopenedAt = new Date();
    week.reopenedBy = tx.getReference(User, scope.userId);
    week.reopenReason = reason;
    await flushGuarded(tx);
    // An open week shows one value per day: fold the adjustments into their day's entry
    // (the audit trail keeps both), so that what is typed next is not counted twice; a day
    // corrected to an absence becomes that absence.
    const sheet = week.workshop ? { workshop: week.workshop } : { session: week.session };
    const adjustments = await tx.find(TimeEntry, { ...sheet, isAdjustment: true, day: { $gte: monday, $lte: plusDays(monday, 6) } });
    const days = new Map(adjustments.map((a) => [`${a.assignment?.id ?? ''}|${a.enrollment?.id ?? ''}|${a.day}`, a]));
    for (const adjustment of days.values()) {
      const own = adjustment.assignment ? { assignment: adjustment.assignment } : { enrollment: adjustment.enrollment };
      const rows = await tx.find(TimeEntry, { ...own, day: adjustment.day }, { orderBy: { id: 'asc' } });
      const base = rows.find((r) => !r.isAdjustment) ?? null;
      const total = rows.filter((r) => r.kind !== 'absence').reduce((n, r) => n + r.minutes, 0);
      const absence = dayAbsence(rows);
      for (const r of rows) if (r.isAdjustment) tx.remove(r);
      if (!absence && total <= 0) {
        if (base) tx.remove(base);
        continue;
      }
      const folded =
        base ??
        tx.create(TimeEntry, {
          establishment: adjustment.establishment,
          detainee: adjustment.detainee,
          assignment: adjustment.assignment,
          enrollment: adjustment.enrollment,
          workshop: adjustment.workshop,
          session: adjustment.session,
          day: adjustment.day,
          kind: 'work',
          minutes: 0,
          createdBy: tx.getReference(User, scope.userId),
        });
      folded.kind = absence ? 'absence' : adjustment.assignment ? 'work' : 'training';
      folded.absenceCode = absence;
      folded.minutes = absence ? 0 : total;
    }
    await flushGuarded(tx);
    return week;
  });
}

/** A correction of one day of a validated week, as posted: `confirmed` repeats a value whose reading was confirmed (« 35 » as 35 min). */
export interface AdjustmentInput {
  holder: { kind: 'a' | 'e'; id: number };
  day: Day;
  value: string;
  reason: string;
  confirmed: string;
  /** Sickness or a work accident on a day without a suspension: record the suspension too (one day, or an adjacent one extended). */
  suspend?: boolean;
}

/** A correction made: its last entry, and what the coordinator is told. */
export interface Adjustment {
  entry: TimeEntry;
  message: string;
}

/**
 * A correction after validation: new, attributed entries, the original staying as it was.
 * Hours become the difference between the corrected duration and what the day shows; an
 * absence reason becomes an absence entry of that reason (after the difference that brings
 * the day's hours to zero), under the absence rules of a typed cell; hours typed on an
 * absent day clear its absence. Refusals name the person and the day, next to the field.
 */
export async function addAdjustment(em: EntityManager, scope: Scope, input: AdjustmentInput): Promise<Adjustment> {
  try {
    return await em.transactional(async (tx) => adjust(tx, scope, input));
  } catch (error) {
    throw refusalOf(error);
  }
}

async function adjust(em: EntityManager, scope: Scope, input: AdjustmentInput): Promise<Adjustment> {
  const { holder, target } = await holderOf(em, scope, input.holder);
  scope.assertCanManage(holder.detainee.establishment.id);
  const monday = mondayOf(input.day);
  // The week row is locked: two corrections of the same day are made one after the other.
  const week = await weekOf(em, scope, target.workshop ? { workshopId: target.workshop.id } : { sessionId: target.session.id }, monday);
  const refuse = (message: string, field = 'value') =>
    new FieldErrors({
      [field]: `${holder.detainee.fullName()}, ${DAY_NAMES[daysBetween(monday, input.day)]?.toLowerCase()} ${formatShortDay(input.day)} : ${message}`,
    });
  if (!week.isValidated()) throw refuse('la semaine n’est pas validée, corrigez directement la case.');
  await lockPersonWeek(em, holder.detainee.id, input.day);
  const reasons = await absenceReasonsOf(em, holder.detainee.establishment.id);
  const reading = readCellWithReasons(input.value, reasons, input.day);
  if (!reading.ok) throw refuse(reading.error);
  const slip = minutesReading(input.value);
  if (slip?.slip && input.confirmed !== input.value.trim()) {
    throw refuse(`« ${input.value.trim()} » se lit ${slip.text}. Cochez « Confirmer ${slip.text} » ou écrivez la durée en heures (3h30, 3,5).`, 'confirmed');
  }
  const blocked = holder.blocked(input.day);
  if (blocked && blocked !== 'Suspendu') throw refuse(`ce jour est « ${blocked.toLowerCase()} » : il ne prend pas d’heures.`);
  // The suspensions around the day, read again under the locks: one recorded meanwhile (by a correction of the same day) counts.
  const near = holder.assignment ? await suspensionsAround(em, holder.assignment.id, input.day) : [];
  const suspended = blocked === 'Suspendu' || near.some((s) => covers(s.startsOn, s.endsOn ?? null, input.day));
  const own = holder.kind === 'a' ? { assignment: holder.id } : { enrollment: holder.id };
  const day = await em.find(TimeEntry, { ...own, day: input.day }, { orderBy: { id: 'asc' } });
  const shown = day.filter((e) => e.kind !== 'absence').reduce((n, e) => n + e.minutes, 0);
  const absent = dayAbsence(day);
  const cell = reading.cell;
  const corrected = cell.kind === 'work' ? cell.minutes : 0;
  // Sickness or a work accident known after validation: with the box checked, its suspension is recorded too.
  let suspension: SuspensionReason | null = null;
  if (cell.kind === 'absence' && holder.assignment && !suspended && reasonOn(reasons, cell.code, input.day)?.requiresSuspension) {
    const label = reasonOn(reasons, cell.code, input.day)?.label ?? cell.code;
    if (!input.suspend) {
      throw refuse(
        `${lowerFirst(label)} (${cell.code}) suspend le contrat et aucune suspension n’est enregistrée ce jour-là : cochez « Enregistrer aussi la suspension du contrat pour ce jour » pour l’enregistrer avec la correction.`,
        'suspend',
      );
    }
    suspension = cell.code === 'AT' ? 'work_accident' : 'sickness';
  }
  if (cell.kind === 'absence') {
    const problem = absenceProblem(reasons, cell.code, input.day, { suspended: suspended || suspension !== null, contract: holder.kind === 'a' });
    if (problem) throw refuse(problem);
    if (absent === cell.code && shown === 0) throw refuse(`la journée porte déjà le code ${cell.code}.`);
  } else {
    if (suspended && corrected > 0) throw refuse('affectation suspendue ce jour-là : pas de temps à saisir.');
    if (corrected === shown && !absent) throw refuse(`la journée compte déjà ${formatGridMinutes(shown)}.`);
  }
  if (corrected > shown) {
    // The corrected week must still respect the limits; the adjustment's reason covers overtime.
    const week_ = await em.find(TimeEntry, {
      detainee: holder.detainee,
      kind: { $in: ['work', 'training'] },
      day: { $gte: monday, $lte: plusDays(monday, 6) },
    });
    const days = weekDays(monday).map((d) => week_.filter((e) => e.day === d).reduce((n, e) => n + e.minutes, 0) + (d === input.day ? corrected - shown : 0));
    const { limits, policy } = await workingTimeOn(em, holder.detainee.establishment.id, input.day);
    const problems = weekProblems(days, Number.POSITIVE_INFINITY, null, limits);
    if (holder.kind === 'a') {
      const contracts = await em.find(Assignment, { detainee: holder.detainee, ...heldDuring(monday, plusDays(monday, 6)) });
      const worked = week_.filter((e) => e.kind === 'work').reduce((n, e) => n + e.minutes, 0) + corrected - shown;
      const before = worked > policy.fullTimeMinutes ? await yearOvertimeMinutes(em, holder.detainee.id, Number(input.day.slice(0, 4)), policy, monday) : 0;
      const cap = majorationCapProblem(worked, weekContractMinutes(contracts, monday), before, policy);
      if (cap) problems.push(cap);
    }
    if (problems.length > 0) throw refuse(problems[0] as string);
  }
  const record = (kind: 'work' | 'training' | 'absence', minutes: number, absenceCode: string | null) =>
    em.create(TimeEntry, {
      establishment: holder.detainee.establishment,
      detainee: holder.detainee,
      assignment: holder.assignment,
      enrollment: holder.enrollment,
      workshop: target.workshop ?? null,
      session: target.session ?? null,
      day: input.day,
      kind,
      minutes,
      absenceCode,
      isAdjustment: true,
      adjustmentReason: input.reason,
      createdBy: em.getReference(User, scope.userId),
    });
  let adjustment: TimeEntry | null = null;
  // Hours change, or an absence is corrected into hours (a zero difference still clears the absence).
  if (corrected !== shown || (cell.kind !== 'absence' && absent)) {
    adjustment = record(holder.kind === 'a' ? 'work' : 'training', corrected - shown, null);
    await flushGuarded(em);
  }
  // The suspension after the day's hours are brought to zero (no time left on a suspended day), before the absence it allows.
  const made = suspension && holder.assignment ? suspendDay(em, holder.assignment, input.day, suspension, near, input.reason) : null;
  if (made) await flushGuarded(em);
  // Recorded after the hours' difference: the latest entry of the day gives its absence (`dayAbsence`).
  if (cell.kind === 'absence') {
    adjustment = record('absence', 0, cell.code);
    await flushGuarded(em);
  }
  // The person and the day named: after several corrections in a row, each message says whose day it was.
  const whose = `${holder.detainee.fullName()}, ${DAY_NAMES[daysBetween(monday, input.day)]?.toLowerCase()} ${formatShortDay(input.day)}`;
  const message = made
    ? `${whose} : corrigé en ${made.reason === 'work_accident' ? 'accident du travail' : 'arrêt maladie'} ; suspension du contrat ${made.extended ? 'prolongée' : 'enregistrée'} pour ce jour.`
    : `${whose} : l’ajustement est enregistré ; la valeur d’origine reste visible.`;
  return { entry: adjustment as TimeEntry, message };
}

/** An assignment's suspensions covering `day` or touching it (ending the day before, starting the day after), fresh from the database. */
function suspensionsAround(em: EntityManager, assignmentId: number, day: Day): Promise<Suspension[]> {
  return em.find(
    Suspension,
    { assignment: assignmentId, startsOn: { $lte: plusDays(day, 1) }, $or: [{ endsOn: null }, { endsOn: { $gte: plusDays(day, -1) } }] },
    { refresh: true, orderBy: { startsOn: 'asc' } },
  );
}

/**
 * The suspension of one day not yet suspended: an adjacent suspension of the same reason is
 * extended to it (the one ending the day before, else the one starting the day after), so
 * one stoppage stays one suspension; otherwise a suspension of that day alone. The
 * exclusion constraint suspension_overlap still guards the dates.
 */
function suspendDay(em: EntityManager, assignment: Assignment, day: Day, reason: SuspensionReason, near: Suspension[], note: string) {
  const before = near.find((s) => s.reason === reason && s.endsOn === plusDays(day, -1));
  if (before) before.endsOn = day;
  const after = before ? undefined : near.find((s) => s.reason === reason && s.startsOn === plusDays(day, 1));
  if (after) after.startsOn = day;
  if (!before && !after) {
    em.create(Suspension, { establishment: assignment.establishment, assignment, startsOn: day, endsOn: day, reason, note: note.slice(0, 300) });
  }
  return { reason, extended: Boolean(before ?? after) };
}

/** Copies last week's durations into this week's empty cells, where the contract or training allows. */
export async function copyLastWeek(em: EntityManager, scope: Scope, where: { workshopId?: number; sessionId?: number }, monday: Day): Promise<number> {
  const grid = await weekGrid(em, scope, where, monday);
  if (grid.week?.isValidated()) throw new RuleError('Cette semaine est validée : elle ne se modifie plus.', 409);
  const previous = await weekGrid(em, scope, where, plusDays(monday, -7));
  const establishment = await em.findOneOrFail(Establishment, grid.establishmentId);
  let copied = 0;
  try {
    await em.transactional(async (tx) => {
      for (const row of grid.rows) {
        const before = previous.rows.find((r) => r.holder.kind === row.holder.kind && r.holder.id === row.holder.id);
        for (const [i, cell] of row.cells.entries()) {
          const source = before?.cells[i]?.entry;
          // Absences are never copied (CP included: leave comes from an approved request), nor onto a day of leave.
          if (cell.entry || cell.blocked || cell.leave || !source || source.kind === 'absence') continue;
          // A public holiday is a day off (R412-62): work on it is typed, with its reason, never copied.
          if (holidayOn(cell.day, { alsaceMoselle: establishment.alsaceMoselle })) continue;
          // Each copied cell goes through the same checks as a typed one; a cell the limits refuse stays empty.
          try {
            await saveCell(tx, scope, {
              holder: row.holder,
              day: cell.day,
              value: formatGridMinutes(source.minutes),
              seenVersion: 0,
              overtimeReason: source.overtimeReason,
            });
            copied++;
          } catch (e) {
            if (!(e instanceof CellError)) throw e;
          }
        }
      }
    });
  } catch (error) {
    throw refusalOf(error);
  }
  return copied;
}

export { DAY_NAMES, lockPersonWeek };
