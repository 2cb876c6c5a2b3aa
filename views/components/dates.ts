import { parseISO } from 'date-fns';
import { formatDate } from '../../src/platform/format.ts';

/** "2026-11-26" → "26 novembre 2026"; empty for none. */
export function day(iso: string | null | undefined): string {
  return iso ? formatDate(parseISO(iso)) : '';
}

/** "2026-11-26" → "26/11/2026", for tables. */
export function shortDay(iso: string | null | undefined): string {
  return iso ? iso.split('-').reverse().join('/') : '';
}
