import { type Day, firstDayOf, lastDayOf, type Month, monthOf, plusDays, plusMonths } from '../platform/calendar.ts';
import type { Period } from './definition.ts';

/**
 * The periods the dashboard and the reports speak of: a month (« 2026-10 »), a quarter
 * (« 2026-T3 ») or a year (« 2026 »), each with the one before it (the previous month,
 * quarter or year), so that a figure always sits beside its previous value.
 */
export interface ReportingPeriod extends Period {
  /** `2026-10`, `2026-T3`, `2026`: what the address carries. */
  code: string;
  kind: 'month' | 'quarter' | 'year';
  /** « octobre 2026 », « 3e trimestre 2026 », « année 2026 ». */
  label: string;
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

function month(code: Month): ReportingPeriod {
  return { code, kind: 'month', from: firstDayOf(code), to: lastDayOf(code), label: `${MONTHS[Number(code.slice(5, 7)) - 1]} ${code.slice(0, 4)}` };
}

function quarter(year: number, q: number): ReportingPeriod {
  const first = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}`;
  return {
    code: `${year}-T${q}`,
    kind: 'quarter',
    from: firstDayOf(first),
    to: lastDayOf(monthOf(plusMonths(firstDayOf(first), 2))),
    label: `${q === 1 ? '1er' : `${q}e`} trimestre ${year}`,
  };
}

function year(y: number): ReportingPeriod {
  return { code: String(y), kind: 'year', from: `${y}-01-01`, to: `${y}-12-31`, label: `année ${y}` };
}

/** The period a code names, or null when it names none (years 2000 to 2100). */
export function parsePeriod(code: string): ReportingPeriod | null {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(code);
  if (m) return inRange(Number(m[1])) ? month(code) : null;
  m = /^(\d{4})-T([1-4])$/.exec(code);
  if (m) return inRange(Number(m[1])) ? quarter(Number(m[1]), Number(m[2])) : null;
  m = /^(\d{4})$/.exec(code);
  if (m) return inRange(Number(m[1])) ? year(Number(m[1])) : null;
  return null;
}

const inRange = (y: number) => y >= 2000 && y <= 2100;

/** The period just before, of the same kind. */
export function previousPeriod(p: ReportingPeriod): ReportingPeriod {
  const y = Number(p.from.slice(0, 4));
  if (p.kind === 'year') return year(y - 1);
  if (p.kind === 'quarter') {
    const q = Number(p.code.slice(-1));
    return q === 1 ? quarter(y - 1, 4) : quarter(y, q - 1);
  }
  return month(monthOf(plusDays(p.from, -1)));
}

/** The default period as of `today`: the last month that has ended (a month still running is not a result yet). */
export function lastEndedMonth(today: Day): ReportingPeriod {
  return month(monthOf(plusDays(firstDayOf(monthOf(today)), -1)));
}
