/**
 * Absence reasons, pure: which reason is in force on a day, which codes may be typed, what a
 * reason needs, and what a paid absence day pays. The reasons are reference data per
 * establishment with effective dates (code pénitentiaire D412-32 for the legitimate absences).
 */

/** One version of a reason: from `effectiveFrom`, until a later version of the same code. */
export interface AbsenceReasonRow {
  code: string;
  label: string;
  /** « D412-32, 1° … »; null for the reasons the article does not list (sickness, leave …). */
  legalItem: string | null;
  justified: boolean;
  /** The hours are paid as if worked (see `paidAbsenceMinutes`). */
  paid: boolean;
  /** Counts as worked for leave accrual. */
  countsForLeave: boolean;
  /** Sickness, work accident: the contract is suspended, so the day needs a suspension. */
  requiresSuspension: boolean;
  /** false: the code is closed from `effectiveFrom` (no longer typed; older entries keep it). */
  offered: boolean;
  effectiveFrom: string;
}

/** The version of `code` in force on `day`: the latest whose effective date is not after it (like the SMIC). */
export function reasonOn<R extends AbsenceReasonRow>(rows: readonly R[], code: string, day: string): R | null {
  let best: R | null = null;
  for (const r of rows) if (r.code === code && r.effectiveFrom <= day && (!best || r.effectiveFrom > best.effectiveFrom)) best = r;
  return best;
}

/** The reasons that may be typed on `day`: each code's version in force, when it is still offered; by code. */
export function offeredOn<R extends AbsenceReasonRow>(rows: readonly R[], day: string): R[] {
  const codes = [...new Set(rows.map((r) => r.code))].sort();
  return codes.map((code) => reasonOn(rows, code, day)).filter((r): r is R => r?.offered === true);
}

/**
 * Why an absence reason cannot be typed on a day of an assignment, or null. Sickness and a
 * work accident suspend the contract (DOMAIN.md): their days need the suspension recorded
 * first; any other reason is an absence from work the contract still holds, so not on a
 * suspended day. A training (no contract) has no suspension to ask for.
 */
export function absenceDayProblem(reason: AbsenceReasonRow, day: { suspended: boolean; contract: boolean }): string | null {
  if (reason.requiresSuspension && day.contract && !day.suspended)
    return `${reason.label} (${reason.code}) : enregistrez d’abord la suspension de l’affectation pour ce jour (la maladie et l’accident du travail suspendent le contrat).`;
  if (!reason.requiresSuspension && day.suspended) return 'Affectation suspendue ce jour-là : pas de temps à saisir.';
  return null;
}

/**
 * The absence a day holds once corrected, or null: its entry, then its adjustments in the
 * order they were recorded; an absence adjustment sets the day's reason, an adjustment of
 * hours after it (« absence corrigée en heures ») clears it. A base entry always comes first
 * (adjustments exist only in a validated week, after its entries).
 */
export function dayAbsence(rows: ReadonlyArray<{ id: number; kind: string; absenceCode?: string | null; isAdjustment: boolean }>): string | null {
  const ordered = [...rows].sort((a, b) => Number(a.isAdjustment) - Number(b.isAdjustment) || a.id - b.id);
  let code: string | null = null;
  for (const row of ordered) {
    if (row.kind === 'absence') code = row.absenceCode ?? null;
    else code = null;
  }
  return code;
}

/**
 * What a paid absence day pays, in minutes at the hourly rate: the contract's weekly minutes
 * over the five working days of the week, rounded down to the minute (our reading of D412-64,
 * « computed on the basis of the working time set in the contract »; README, Rules).
 */
export function paidAbsenceMinutes(contractWeeklyMinutes: number): number {
  return Math.floor(contractWeeklyMinutes / 5);
}

/** The help line of the grid: « CJ convocation judiciaire ou administrative, … ». */
export function absenceHelp(rows: ReadonlyArray<Pick<AbsenceReasonRow, 'code' | 'label'>>): string {
  return rows.map((r) => `${r.code} ${r.label.charAt(0).toLowerCase()}${r.label.slice(1)}`).join(', ');
}
