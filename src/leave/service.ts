import type { EntityManager } from '@mikro-orm/postgresql';
import { findEstablishment } from '../establishments/service.ts';
import { absenceReasonsOf, reasonOn } from '../hours/absences.ts';
import { type Day, plusDays, plusMonths } from '../platform/calendar.ts';
import { formatBasisPoints } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { Workshop } from '../workshops/entities.ts';
import { LeavePolicy } from './entities.ts';
import { type LeavePolicyInput, termsOf } from './forms.ts';
import { INSERRE_PRESET, LABOUR_CODE_PRESET, type LeavePolicyTerms, type LeavePolicyVersion, policyOn } from './policy.ts';

/** The presets offered when an establishment has no policy yet, by the key the page's address uses. */
export const PRESETS = { 'code-du-travail': LABOUR_CODE_PRESET, inserre: INSERRE_PRESET } as const satisfies Record<string, LeavePolicyTerms>;
export type PresetKey = keyof typeof PRESETS;

function asVersion(row: LeavePolicy): LeavePolicyVersion {
  return {
    id: row.id,
    establishmentId: row.establishment.id,
    effectiveFrom: String(row.effectiveFrom).slice(0, 10),
    version: row.version,
    name: row.name,
    basis: row.basis,
    daysPerMonth: row.daysPerMonth,
    monthMinDays: row.monthMinDays ?? null,
    monthMinMinutes: row.monthMinMinutes ?? null,
    daysPerBlock: row.daysPerBlock,
    blockMinutes: row.blockMinutes,
    periodStart: row.periodStart,
    rounding: row.rounding,
    yearlyCapDays: row.yearlyCapDays ?? null,
    carryOverDays: row.carryOverDays ?? null,
    carryOverMonths: row.carryOverMonths ?? null,
    paid: row.paid,
    payRateBasisPoints: row.payRateBasisPoints,
    allowAdvance: row.allowAdvance,
    settlement: row.settlement,
  };
}

/** Every version of the establishment's policy, as plain objects, oldest first (for `policyOn` and the ledger). */
export async function policyVersionsOf(em: EntityManager, establishmentId: number): Promise<LeavePolicyVersion[]> {
  const rows = await em.find(LeavePolicy, { establishment: establishmentId }, { orderBy: { effectiveFrom: 'asc' } });
  // A version's number is its rank among the establishment's versions, by effective date (« v2 »).
  return rows.map((row, i) => ({ ...asVersion(row), version: i + 1 }));
}

/** An administrator, or the establishment's coordinator. */
export function canEditLeavePolicy(scope: Scope, establishmentId: number): boolean {
  return scope.canManageEstablishment(establishmentId);
}

/**
 * The page: the versions newest first, the one in force today, the absence reasons that count
 * as worked today, and the terms the form starts from (the version in force, else a preset).
 */
export async function leavePoliciesPage(em: EntityManager, scope: Scope, establishmentId: number, today: Day, preset: string | undefined) {
  const establishment = await findEstablishment(em, scope, establishmentId);
  const versions = await policyVersionsOf(em, establishmentId);
  const formBasis = policyOn(versions, today) ?? versions[versions.length - 1] ?? null;
  const reasons = await absenceReasonsOf(em, establishmentId);
  const codes = [...new Set(reasons.map((r) => r.code))];
  const counted = codes.map((code) => reasonOn(reasons, code, today)).filter((r) => r?.offered && r.countsForLeave);
  const presetKey: PresetKey = preset === 'inserre' ? 'inserre' : 'code-du-travail';
  return {
    establishment,
    versions: [...versions].reverse(),
    inForce: policyOn(versions, today),
    counted: counted.flatMap((r) => (r ? [{ code: r.code, label: r.label }] : [])),
    startFrom: formBasis ?? PRESETS[presetKey],
    presetKey: formBasis ? null : presetKey,
    canEdit: canEditLeavePolicy(scope, establishmentId),
    // The month calendars of leave, one per open workshop (screen-routes.tsx).
    workshops: await em.find(Workshop, { establishment: establishmentId, archivedAt: null }, { fields: ['id', 'name'], orderBy: { name: 'asc' } }),
  };
}

/**
 * Adds a version of the policy from a date (audited by the database's trigger). It applies
 * from its date: the ledger is derived from the versions, so nothing else is rewritten.
 */
export async function addLeavePolicyVersion(em: EntityManager, scope: Scope, establishmentId: number, input: LeavePolicyInput): Promise<LeavePolicyVersion> {
  const establishment = await findEstablishment(em, scope, establishmentId);
  scope.must(canEditLeavePolicy(scope, establishmentId));
  const row = em.create(LeavePolicy, { ...termsOf(input), effectiveFrom: input.effectiveFrom, establishment, createdBy: em.getReference(User, scope.userId) });
  await flushGuarded(em);
  return asVersion(row);
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "06-01" of any year → « 1er juin », "11-30" → « 30 novembre ». */
function dayOfYear(day: Day): string {
  const d = Number(day.slice(8, 10));
  return `${d === 1 ? '1er' : d} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
}

/** Centidays in words: 100 → « 1 jour », 50 → « 0,5 jour », 250 → « 2,5 jours ». */
export function formatLeaveDays(centidays: number): string {
  const n = String(centidays / 100).replace('.', ',');
  return `${n} ${Math.abs(centidays) < 200 ? 'jour' : 'jours'}`;
}

const ROUNDING: Record<LeavePolicyTerms['rounding'], string> = {
  half_day_up: 'arrondi à la demi-journée supérieure',
  day_up: 'arrondi au jour supérieur',
  none: 'sans arrondi',
};

/** A policy in one French paragraph, as the page and the person's balance show it. */
export function describeLeavePolicy(t: LeavePolicyTerms): string {
  // A non-leap year: the period and the expiry of carried-over days read the same every year.
  const start = `2001-${t.periodStart}`;
  const earned =
    t.basis === 'month'
      ? `${formatLeaveDays(t.daysPerMonth)} par mois où au moins ${
          t.monthMinDays !== null ? `${t.monthMinDays} jours sont travaillés` : `${Math.round((t.monthMinMinutes ?? 0) / 60)} heures sont travaillées`
        }`
      : `${formatLeaveDays(t.daysPerBlock)} par tranche de ${Math.round(t.blockMinutes / 60)} heures travaillées`;
  const cap = t.yearlyCapDays === null ? 'sans plafond' : `plafond ${formatLeaveDays(t.yearlyCapDays)} par an`;
  const until = t.carryOverMonths === null ? 'sans limite de durée' : `jusqu’au ${dayOfYear(plusDays(plusMonths(start, t.carryOverMonths), -1))}`;
  const carry =
    t.carryOverDays === 0
      ? 'sans report sur la période suivante'
      : `${t.carryOverDays === null ? 'report de tout le solde' : `report de ${formatLeaveDays(t.carryOverDays)} au plus`} ${until}`;
  const period = `période de référence du ${dayOfYear(start)} au ${dayOfYear(plusDays(plusMonths(start, 12), -1))}`;
  const pay = t.paid ? `congés payés à ${formatBasisPoints(t.payRateBasisPoints)} du taux horaire moyen du mois précédent` : 'congés non payés';
  const advance = t.allowAdvance ? 'prise possible au-delà du solde' : 'pas de prise au-delà du solde';
  const settlement = t.settlement === 'paid_out' ? 'solde payé à la sortie ou au transfert' : 'solde perdu à la sortie ou au transfert';
  return `${earned}, ${ROUNDING[t.rounding]}, ${cap}, ${carry} ; ${period} ; ${pay} ; ${advance} ; ${settlement}.`;
}
