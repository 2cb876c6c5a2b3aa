import { z } from 'zod';
import type { Day } from '../platform/calendar.ts';
import { parseDay } from '../platform/calendar.ts';
import { dayField } from '../platform/fields.ts';
import { formatShortDay } from '../platform/format.ts';
import { ACTIVITY_KINDS, type ActivityKind, CUSTOMER_KINDS, type EntryFields, SEVERITIES, VISITOR_KINDS } from './labels.ts';

/**
 * The one-line entry of the workshop's activity log: a day, a kind, and the fields of that kind
 * only (the others are ignored, never stored). People type numbers as they write them: « 12,5 »
 * for a quantity, « 3 », « 3,5 » or « 3h30 » for a duration.
 */

/** « 12,5 » or « 12.5 » → 12.5; null when it is not a number with at most two decimals. */
export function parseQuantity(text: string): number | null {
  const v = text.replace(/\s/g, '');
  if (!/^\d{1,10}([,.]\d{1,2})?$/.test(v)) return null;
  return Number(v.replace(',', '.'));
}

/** « 3 » → 180, « 3,5 » → 210, « 3h30 », « 3 h 30 » → 210, « 0h45 » → 45, « 45 min » → 45; null otherwise. */
export function parseDuration(text: string): number | null {
  const v = text.trim().toLowerCase().replace(/\s+/g, '');
  const decimal = /^(\d{1,2})([,.](\d{1,2}))?h?$/.exec(v);
  if (decimal) return Math.round(Number(`${decimal[1]}.${decimal[3] ?? '0'}`) * 60);
  const clock = /^(\d{1,2})h(\d{1,2})(min)?$/.exec(v);
  if (clock) return Number(clock[2]) < 60 ? Number(clock[1]) * 60 + Number(clock[2]) : null;
  const minutes = /^(\d{1,4})(min|mn)$/.exec(v);
  if (minutes) return Number(minutes[1]);
  return null;
}

/** What a validated line holds: the entry's fields, its kind's only. */
export type EntryInput = Required<Pick<EntryFields, 'kind'>> & {
  day: Day;
  quantity: number | null;
  unit: string;
  customerKind: EntryFields['customerKind'];
  topic: string;
  minutes: number | null;
  participants: number | null;
  visitorKind: EntryFields['visitorKind'];
  severity: EntryFields['severity'];
  description: string;
};

const text = z.string().default('');
const lineShape = z.object({
  day: dayField('Indiquez le jour.'),
  kind: z.enum(ACTIVITY_KINDS, { error: 'Choisissez le type d’entrée.' }),
  quantity: text,
  unit: text,
  customerKind: text,
  topic: text,
  duration: text,
  participants: text,
  visitorKind: text,
  severity: text,
  description: text,
});

const has = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/**
 * The line's schema on `today` (Paris): the day may not be in the future; each kind's required
 * fields, with one French message next to each missing or wrong one.
 */
export function entryForm(today: Day) {
  return lineShape.transform((v, ctx): EntryInput => {
    const fail = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.day > today) fail('day', `Le jour ne peut pas être dans le futur (au plus tard le ${formatShortDay(today)}).`);
    const entry: EntryInput = {
      day: v.day,
      kind: v.kind,
      quantity: null,
      unit: '',
      customerKind: null,
      topic: '',
      minutes: null,
      participants: null,
      visitorKind: null,
      severity: null,
      description: v.description.trim(),
    };
    if (entry.description.length > 500) fail('description', 'Le texte tient en 500 caractères au plus.');
    const topic = () => {
      const t = v.topic.trim();
      if (t.length < 2) fail('topic', 'Indiquez le sujet (au moins 2 caractères).');
      else if (t.length > 200) fail('topic', 'Le sujet tient en 200 caractères au plus.');
      return t;
    };
    switch (v.kind) {
      case 'production': {
        const q = v.quantity.trim() === '' ? null : parseQuantity(v.quantity);
        if (v.quantity.trim() === '') fail('quantity', 'Indiquez la quantité produite.');
        else if (q === null) fail('quantity', 'Indiquez la quantité en chiffres, par exemple 120 ou 12,5.');
        else if (q <= 0) fail('quantity', 'La quantité doit être supérieure à zéro.');
        entry.quantity = q;
        entry.unit = v.unit.trim();
        if (entry.unit === '') fail('unit', 'Indiquez l’unité, par exemple « livres reliés ».');
        else if (entry.unit.length > 40) fail('unit', 'L’unité tient en 40 caractères au plus.');
        if (has(CUSTOMER_KINDS, v.customerKind)) entry.customerKind = v.customerKind;
        else fail('customerKind', 'Choisissez le type de client.');
        break;
      }
      case 'training': {
        entry.topic = topic();
        const minutes = v.duration.trim() === '' ? null : parseDuration(v.duration);
        if (v.duration.trim() === '') fail('duration', 'Indiquez la durée, par exemple 3, 3,5 ou 3h30.');
        else if (minutes === null) fail('duration', 'Indiquez la durée en heures, par exemple 3, 3,5 ou 3h30.');
        else if (minutes < 1 || minutes > 1440) fail('duration', 'La durée va d’une minute à 24 heures.');
        entry.minutes = minutes;
        const p = v.participants.trim();
        if (p === '') fail('participants', 'Indiquez le nombre de participants.');
        else if (!/^\d{1,3}$/.test(p) || Number(p) < 1 || Number(p) > 500) fail('participants', 'Indiquez un nombre de participants entre 1 et 500.');
        entry.participants = p === '' ? null : Number(p);
        break;
      }
      case 'event':
        if (has(VISITOR_KINDS, v.visitorKind)) entry.visitorKind = v.visitorKind;
        else fail('visitorKind', 'Choisissez qui est venu.');
        break;
      case 'incident':
        if (has(SEVERITIES, v.severity)) entry.severity = v.severity;
        else fail('severity', 'Choisissez la gravité.');
        if (entry.description.length < 3) fail('description', 'Décrivez les faits en quelques mots (au moins 3 caractères).');
        break;
      case 'meeting':
        entry.topic = topic();
        break;
      case 'other':
        if (entry.description.length < 3) fail('description', 'Décrivez ce qui s’est passé en quelques mots (au moins 3 caractères).');
        break;
    }
    return entry;
  });
}

/** The line's values from a stored entry, as the form shows them (« 12,5 », « 3h30 »). */
export function entryValues(e: EntryFields & { day: Day }): Record<string, string> {
  const minutes = e.minutes ?? null;
  return {
    day: e.day,
    kind: e.kind,
    quantity: e.quantity == null ? '' : String(Number(e.quantity)).replace('.', ','),
    unit: e.unit ?? '',
    customerKind: e.customerKind ?? '',
    topic: e.topic ?? '',
    duration: minutes === null ? '' : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}`,
    participants: e.participants == null ? '' : String(e.participants),
    visitorKind: e.visitorKind ?? '',
    severity: e.severity ?? '',
    description: e.description ?? '',
  };
}

/** A kind read from a query (`?type=`), production when absent or unknown. */
export function kindOf(value: string | undefined): ActivityKind {
  return value && has(ACTIVITY_KINDS, value) ? value : 'production';
}

/** The period shown (`?du=&au=`): the last 60 days by default; swapped when given backwards. */
export function periodOf(query: { du?: string; au?: string }, today: Day, plusDays: (d: Day, n: number) => Day): { from: Day; to: Day } {
  const to = parseDay(query.au ?? '') ?? today;
  const from = parseDay(query.du ?? '') ?? plusDays(to, -59);
  return from <= to ? { from, to } : { from: to, to: from };
}
