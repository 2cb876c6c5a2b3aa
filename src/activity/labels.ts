import { formatMinutes } from '../platform/format.ts';

/** The activity log's kinds and codes, and their French words (GLOSSARY: « Journal d'activité »). */

export const ACTIVITY_KINDS = ['production', 'training', 'event', 'incident', 'meeting', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  production: 'Production',
  training: 'Formation dispensée',
  event: 'Événement ou visite',
  incident: 'Incident',
  meeting: 'Réunion',
  other: 'Autre',
};

export const CUSTOMER_KINDS = ['public', 'company', 'individual', 'internal'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export const CUSTOMER_KIND_LABELS: Record<CustomerKind, string> = {
  public: 'Organisme public',
  company: 'Entreprise',
  individual: 'Particulier',
  internal: 'Interne à l’établissement',
};

export const VISITOR_KINDS = ['employer', 'official', 'family', 'funder', 'training_body', 'other'] as const;
export type VisitorKind = (typeof VISITOR_KINDS)[number];
export const VISITOR_KIND_LABELS: Record<VisitorKind, string> = {
  employer: 'Employeur ou recruteur',
  official: 'Officiel ou élu',
  family: 'Journée des familles',
  funder: 'Financeur ou partenaire',
  training_body: 'Organisme de formation',
  other: 'Autre visite',
};

export const SEVERITIES = ['minor', 'moderate', 'serious'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { minor: 'Mineur', moderate: 'Modéré', serious: 'Grave' };

/** An entry is changed or removed within this many days of being written; after that, corrected by a new entry. */
export const EDIT_WINDOW_DAYS = 7;

/** What an entry says, in one French line: « 120 livres reliés (organisme public) », « Formation dispensée : gestes et postures, 3 h, 6 participants ». */
export interface EntryFields {
  kind: ActivityKind;
  quantity?: number | string | null;
  unit?: string;
  customerKind?: CustomerKind | null;
  topic?: string;
  minutes?: number | null;
  participants?: number | null;
  visitorKind?: VisitorKind | null;
  severity?: Severity | null;
  description?: string;
}

const quantityFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

export function entrySummary(e: EntryFields): string {
  const detail = e.description?.trim() ? ` — ${e.description.trim()}` : '';
  switch (e.kind) {
    case 'production':
      return `${quantityFormat.format(Number(e.quantity ?? 0))} ${e.unit ?? ''} (${e.customerKind ? CUSTOMER_KIND_LABELS[e.customerKind].toLowerCase() : 'client non précisé'})${detail}`;
    case 'training': {
      const hours = formatMinutes(e.minutes ?? 0);
      const n = e.participants ?? 0;
      return `${e.topic ?? ''}, ${hours}, ${n} participant${n > 1 ? 's' : ''}${detail}`;
    }
    case 'event':
      return `${e.visitorKind ? VISITOR_KIND_LABELS[e.visitorKind] : 'Visite'}${detail}`;
    case 'incident':
      return `${e.severity ? SEVERITY_LABELS[e.severity] : ''}${detail}`;
    case 'meeting':
      return `${e.topic ?? ''}${detail}`;
    case 'other':
      return e.description?.trim() ?? '';
  }
}
