import { formatEuros, formatHours, formatNumber } from '../platform/format.ts';
import type { Unit } from './definition.ts';

const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** A value as the dashboard and the reports print it: « 1 234 », « 93 j », « 17,5 h », « 75,27 % », « 5 235,91 € », « 3,5 j ». */
export function formatIndicator(unit: Unit, value: number | null): string {
  if (value === null) return '—';
  switch (unit) {
    case 'count':
      return formatNumber(value);
    case 'days':
      return `${decimal.format(value)} j`;
    case 'minutes':
      return formatHours(value);
    case 'percent':
      return `${decimal.format(value)} %`;
    case 'cents':
      return formatEuros(value);
    case 'centidays':
      return `${decimal.format(value / 100)} j`;
  }
}

/** The change from the previous value, signed: « +3 », « −1,5 h », « = »; empty when either is missing. */
export function formatChange(unit: Unit, value: number | null, previous: number | null): string {
  if (value === null || previous === null) return '';
  const delta = value - previous;
  if (delta === 0) return '=';
  const shown = formatIndicator(unit === 'percent' ? 'percent' : unit, Math.abs(delta));
  return `${delta > 0 ? '+' : '−'}${unit === 'percent' ? shown.replace(' %', ' pt') : shown}`;
}
