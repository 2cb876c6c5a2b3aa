import type { BreakdownLine } from '../indicators/definition.ts';

/**
 * What a « Rapport d'évaluation » says, computed once by the job (src/reports/build.ts) and
 * stored with the report (`evaluation_report.figures`): the PDF is drawn from it alone, so a
 * draft re-rendered with its reviewer's comments at sharing time says exactly what was read.
 * Aggregates only: no name, no prison number, nothing that points at one person (the small
 * counts are masked when drawn, src/reports/suppression.ts).
 */
export interface ReportFigure {
  value: number | null;
  previous: number | null;
  breakdown?: BreakdownLine[];
  previousBreakdown?: BreakdownLine[];
  skipped?: string[];
}

export interface ReportWorkshop {
  id: number;
  name: string;
  /** The partner running it (« Reliures Solidaires »), or null for the establishment's own. */
  partnerName: string | null;
  /** Posts, work, flows, training and partners' families, for this workshop only. */
  figures: Record<string, ReportFigure>;
}

export interface ReportPeriodRef {
  code: string;
  label: string;
  from: string;
  to: string;
}

export interface ReportData {
  format: 1;
  establishment: { id: number; name: string };
  period: ReportPeriodRef;
  previous: ReportPeriodRef;
  /** When it was computed (ISO instant) and its version for the establishment and the period. */
  generatedAt: string;
  version: number;
  /** The data version the figures were read at (src/indicators/data-version.ts). */
  dataVersion: string;
  /** What the summary measures against: access to work or training (InSERRE: 100 %), occupancy of posts. */
  targets: { accessRate: number; occupancyRate: number };
  /** Every indicator of the catalogue for the establishment, keyed `family.name`. */
  figures: Record<string, ReportFigure>;
  workshops: ReportWorkshop[];
  /** Months of the period (or the six ending with it), for the charts over time. */
  months: {
    months: string[];
    worked: Array<number | null>;
    trained: Array<number | null>;
    occupancy: Array<number | null>;
    access: Array<number | null>;
  };
  dataQuality: {
    /** Workshop or session weeks of the period with hours still not validated. */
    weeksNotValidated: number;
    /** The same, by workshop or session name (no person in it). */
    weeksNotValidatedBy: Array<{ label: string; weeks: number }>;
    /** People holding a work post on some day of the period with no hours entered for it. */
    peopleWithoutEntries: number;
    /** Everything an indicator had to leave out, with its label (from `skipped`). */
    skipped: Array<{ key: string; label: string; reason: string }>;
  };
}

/** The sections a reviewer may comment on, in the report's order (keys stored in `evaluation_report_comment.section`). */
export const REPORT_SECTIONS = [
  { key: 'synthese', label: 'Synthèse au regard des cibles' },
  { key: 'indicateurs', label: 'Indicateurs de l’établissement' },
  { key: 'graphiques', label: 'Évolution mensuelle' },
  { key: 'ateliers', label: 'Ateliers' },
  { key: 'partenaires', label: 'Activité des structures partenaires' },
  { key: 'pilotage', label: 'Suivi du pilotage' },
  { key: 'qualite', label: 'Qualité des données' },
  { key: 'methodologie', label: 'Annexe méthodologique' },
] as const;
export type ReportSectionKey = (typeof REPORT_SECTIONS)[number]['key'];

/** The targets the summary measures against (one place: the methodology annex prints them). */
export const REPORT_TARGETS = { accessRate: 100, occupancyRate: 90 } as const;
