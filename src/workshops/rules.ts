import { theWorkshop } from '../platform/format.ts';

export const PAY_CATEGORIES = ['production', 'general_1', 'general_2', 'general_3'] as const;
export type PayCategory = (typeof PAY_CATEGORIES)[number];

export const PAY_CATEGORY_LABELS: Record<PayCategory, string> = {
  production: 'Production (concession, régie, insertion)',
  general_1: 'Service général, classe I',
  general_2: 'Service général, classe II',
  general_3: 'Service général, classe III',
};

/** Short names for narrow columns (PDF tables). */
export const PAY_CATEGORY_SHORT_LABELS: Record<PayCategory, string> = {
  production: 'Production',
  general_1: 'Service général I',
  general_2: 'Service général II',
  general_3: 'Service général III',
};

export const IAE_TYPES = ['aci', 'ei', 'none'] as const;
export type IaeType = (typeof IAE_TYPES)[number];

export const IAE_TYPE_LABELS: Record<IaeType, string> = {
  aci: 'Atelier et chantier d’insertion (ACI)',
  ei: 'Entreprise d’insertion (EI)',
  none: 'Hors insertion par l’activité économique',
};

export interface PayFloorRow {
  category: PayCategory;
  /** ISO calendar day, "2022-05-01". */
  effectiveFrom: string;
  /** Share of the SMIC hourly gross in basis points: 4500 is 45 %. */
  floorBasisPoints: number;
}

/**
 * The floor of `category` in force on `day` (ISO): the row with the latest effective date
 * not after it. Null before any row takes effect.
 */
export function payFloorOn(category: PayCategory, day: string, floors: readonly PayFloorRow[]): number | null {
  let best: PayFloorRow | null = null;
  for (const row of floors) {
    if (row.category !== category || row.effectiveFrom > day) continue;
    if (!best || row.effectiveFrom > best.effectiveFrom) best = row;
  }
  return best?.floorBasisPoints ?? null;
}

/**
 * The post's category is the floor (code pénitentiaire D412-64): an assignment may take a
 * category paying as much as its post's or more, never less. Compared on the floors in force
 * on `day` (the contract's start); null when the assignment's is not below.
 */
export function categoryFloorProblem(assignmentCategory: PayCategory, postCategory: PayCategory, day: string, floors: readonly PayFloorRow[]): string | null {
  const own = payFloorOn(assignmentCategory, day, floors);
  const post = payFloorOn(postCategory, day, floors);
  if (own === null || post === null || own >= post) return null;
  return `La catégorie « ${PAY_CATEGORY_LABELS[assignmentCategory]} » paie moins que celle du poste (« ${PAY_CATEGORY_LABELS[postCategory]} ») : la catégorie du poste est un plancher (code pénitentiaire, art. D412-64).`;
}

/** Insertion workshops (ACI, EI) count as production (D412-64): they take production posts only. */
export function iaeCategoryProblem(iaeType: IaeType, category: PayCategory): string | null {
  if (iaeType === 'none' || category === 'production') return null;
  return `Un atelier d’insertion (${iaeType === 'aci' ? 'ACI' : 'EI'}) ne reçoit que des postes de production, payés au moins au plancher de la production (code pénitentiaire, art. D412-64).`;
}

/** Codes like ARR-VEL-01: capitals, digits and single dashes, 3 to 20 characters. */
export function normalisePostCode(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, '-');
}

export function postCodeProblem(code: string): string | null {
  if (code.length < 3 || code.length > 20) return 'Le code compte de 3 à 20 caractères, par exemple ARR-VEL-01.';
  if (!/^[A-Z0-9]+(-[A-Z0-9]+)*$/.test(code)) {
    return 'Le code ne contient que des lettres sans accent, des chiffres et des tirets simples, par exemple ARR-VEL-01.';
  }
  return null;
}

/**
 * The code that follows a workshop's codes: "ARR-VEL-10" after "ARR-VEL-09", keeping the
 * padding; null when the codes follow no numbered pattern.
 */
export function nextPostCode(codes: readonly string[]): string | null {
  let best: { prefix: string; n: number; width: number } | null = null;
  for (const code of codes) {
    const m = /^(.*?)(\d+)$/.exec(code);
    if (!m) continue;
    const n = Number(m[2]);
    if (!best || n > best.n) best = { prefix: m[1] ?? '', n, width: (m[2] ?? '').length };
  }
  if (!best) return null;
  const next = `${best.prefix}${String(best.n + 1).padStart(best.width, '0')}`;
  return next.length <= 20 ? next : null;
}

/** Part-time contracts are at least 10 h a week; full time is 35 h (code pénitentiaire R412-50). */
export const MIN_WEEKLY_MINUTES = 10 * 60;
export const MAX_WEEKLY_MINUTES = 35 * 60;

/**
 * « Postes de l’atelier vélo de l’espace citoyen », « Postes de l’atelier Blanchisserie »: a
 * heading for one workshop's posts, the workshop's name kept as it is written.
 */
export function postsOfWorkshopTitle(name: string): string {
  return `Postes de ${theWorkshop(name)}`;
}

/**
 * The weekly hours a new post of a workshop is proposed: the most common among its posts (the
 * latest when several are as common), full time when it has none.
 */
export function usualWeeklyMinutes(posts: ReadonlyArray<{ weeklyMinutes: number }>): number {
  const counts = new Map<number, number>();
  for (const p of posts) counts.set(p.weeklyMinutes, (counts.get(p.weeklyMinutes) ?? 0) + 1);
  let best = MAX_WEEKLY_MINUTES;
  let most = 0;
  for (const p of posts) {
    const n = counts.get(p.weeklyMinutes) ?? 0;
    if (n >= most) [best, most] = [p.weeklyMinutes, n];
  }
  return best;
}

/**
 * Reads a duration typed as "35", "17h30", "17 h 30", "17:30", "17,5" or "17.5" hours.
 * Returns whole minutes, or null when it cannot be read.
 */
export function parseHours(input: string): number | null {
  const s = input.trim().toLowerCase().replace(/\s+/g, '');
  let match = /^(\d{1,3})(?:h|:)(\d{1,2})?$/.exec(s);
  if (match) {
    const minutes = Number(match[2] ?? 0);
    return minutes < 60 ? Number(match[1]) * 60 + minutes : null;
  }
  match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(s);
  if (match) {
    const hours = Number(`${match[1]}.${match[2] ?? 0}`);
    return Math.round(hours * 60);
  }
  return null;
}

export function weeklyHoursProblem(minutes: number): string | null {
  if (minutes < MIN_WEEKLY_MINUTES) return 'Un poste compte au moins 10 h par semaine (temps partiel minimal).';
  if (minutes > MAX_WEEKLY_MINUTES) return 'Un poste compte au plus 35 h par semaine (temps plein).';
  return null;
}
