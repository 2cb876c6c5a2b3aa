import { type Day, type Month, PARIS } from './calendar.ts';

/**
 * The one place that writes dates, numbers, money and durations for French readers. Each
 * `Intl` formatter is built once here: building one costs far more than using it.
 */

const longDayFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const longDateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: PARIS });
const shortDateFormat = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: PARIS });
const timeFormat = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: PARIS });
const numberFormat = new Intl.NumberFormat('fr-FR');
const euroFormat = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
/** Spreadsheets read a decimal comma but no thousands separator. */
const plainEuroFormat = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });
const hourFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const plainHourFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2, useGrouping: false });

/** « 26 novembre 2026 », « 1er octobre 2026 » (French writes the first of a month as an ordinal). */
function long(format: Intl.DateTimeFormat, at: Date): string {
  return format
    .formatToParts(at)
    .map((p) => (p.type === 'day' && p.value === '1' ? '1er' : p.value))
    .join('');
}

/** "2026-11-26" → « 26 novembre 2026 »; empty for none. */
export function formatDay(day: Day | null | undefined): string {
  return day ? long(longDayFormat, new Date(`${day}T00:00:00Z`)) : '';
}

/** "2026-11-26" → « 26/11/2026 », for tables and spreadsheets; empty for none. */
export function formatShortDay(day: Day | null | undefined): string {
  return day ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : '';
}

/** "2026-11" → « 11/2026 ». */
export function formatShortMonth(month: Month): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

/** The day of an instant in Paris: « 26/11/2026 ». */
export function formatShortDate(at: Date): string {
  return shortDateFormat.format(at);
}

/** An instant in Paris: « 26 novembre 2026 à 14h05 ». */
export function formatDateTime(at: Date): string {
  const time = Object.fromEntries(timeFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return `${long(longDateFormat, at)} à ${time.hour}h${time.minute}`;
}

/** 12345 → « 12 345 ». */
export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** Integer cents → « 29 293,74 € ». */
export function formatEuros(cents: number): string {
  return `${euroFormat.format(cents / 100)} €`;
}

/** Integer cents → « 29293,74 », for a spreadsheet cell in euros. */
export function formatPlainEuros(cents: number): string {
  return plainEuroFormat.format(cents / 100);
}

/** 1050 minutes → « 17 h 30 », 2100 → « 35 h ». */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

/** 210 → « 3h30 », 180 → « 3h », 30 → « 0h30 »: the way the timesheet grid writes time. */
export function formatGridMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}`;
}

/** 1050 minutes → « 17,5 h », 74000 → « 1 233,33 h »: totals of hours in decimal. */
export function formatHours(minutes: number): string {
  return `${hourFormat.format(minutes / 60)} h`;
}

/** 1050 minutes → « 17,5 », for a spreadsheet cell in hours. */
export function formatPlainHours(minutes: number): string {
  return plainHourFormat.format(minutes / 60);
}

/** Basis points → percent: 4500 → « 45 % », 3350 → « 33,5 % ». */
export function formatBasisPoints(bp: number): string {
  return `${percentFormat.format(bp / 100)} %`;
}

/** 0 → « depuis aujourd’hui », 1 → « depuis 1 jour », 12 → « depuis 12 jours »: never « depuis 0 jour ». */
export function formatSince(days: number): string {
  return days <= 0 ? 'depuis aujourd’hui' : `depuis ${plural(days, 'jour', 'jours')}`;
}

export function plural(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n > 1 ? many : one}`;
}

/** « Parloir familial ou UVF » → « parloir familial ou UVF »: a label inside a sentence, acronyms kept. */
export function lowerFirst(label: string): string {
  return label.charAt(0).toLocaleLowerCase('fr') + label.slice(1);
}

/** « l’atelier vélo de l’espace citoyen », « l’atelier Blanchisserie »: a workshop's name after « l’atelier », never « l’atelier Atelier vélo ». */
export function theWorkshop(name: string): string {
  const rest = /^atelier\s+(.+)$/i.exec(name)?.[1];
  return `l’atelier ${rest ?? name}`;
}

/** « Atelier vélo de l’espace citoyen », « Atelier Blanchisserie »: a workshop named as a target, « Atelier » said once. */
export function workshopTitle(name: string): string {
  return /^atelier\s/i.test(name) ? name : `Atelier ${name}`;
}
