import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { fr } from 'date-fns/locale/fr';

const paris = tz('Europe/Paris');

export function formatDateTime(at: Date): string {
  return format(at, "d MMMM yyyy 'à' HH'h'mm", { locale: fr, in: paris });
}

export function formatDate(at: Date): string {
  return format(at, 'd MMMM yyyy', { locale: fr, in: paris });
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat('fr-FR').format(n);
}

export function plural(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n > 1 ? many : one}`;
}
