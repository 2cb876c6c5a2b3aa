import { indicatorDefinitions } from '../../src/indicators/catalogue.ts';
import type { BreakdownLine } from '../../src/indicators/definition.ts';
import type { ReportData, ReportFigure } from '../../src/reports/report-data.ts';

/**
 * A demo-size ReportData literal (a site-year: twelve months, eight workshops), with every
 * indicator of the catalogue and plausible values, for the rendering-only tests and the timing.
 * Deterministic: values come from a fixed sequence, not from a random generator.
 */

const WORKSHOP_NAMES = ['Reliure', 'Menuiserie', 'Blanchisserie', 'Cuisine', 'Espaces verts', 'Couture', 'Maintenance', 'Imprimerie'];

const BREAKDOWNS: Record<string, BreakdownLine[]> = {
  'work.absence_days': [
    { key: 'CJ', label: 'Absence justifiée', value: 14 },
    { key: 'MED', label: 'Maladie', value: 9 },
    { key: 'AI', label: 'Absence injustifiée', value: 3 },
  ],
  'flows.assignments_ended': [
    { key: 'release', label: 'Libération', value: 2 },
    { key: 'transfer', label: 'Transfert', value: 6 },
    { key: 'end_of_contract', label: 'Fin de contrat', value: 11 },
  ],
  'flows.median_wait_days': [
    { key: 'wait_0', label: '30 j ou moins', value: 12, unit: 'count' },
    { key: 'wait_1', label: '31 à 60 j', value: 7, unit: 'count' },
    { key: 'wait_2', label: '61 à 90 j', value: 3, unit: 'count' },
    { key: 'wait_3', label: '91 à 180 j', value: 0, unit: 'count' },
    { key: 'wait_4', label: 'plus de 180 j', value: 0, unit: 'count' },
  ],
  'partners.production_by_unit': [
    { key: 'livres', label: 'livres', value: 1240 },
    { key: 'repas', label: 'repas', value: 18500 },
  ],
  'partners.incidents': [
    { key: 'minor', label: 'Mineur', value: 7 },
    { key: 'moderate', label: 'Modéré', value: 1 },
  ],
};

function demoValue(key: string, unit: string, n: number): number {
  if (key === 'people.access_rate') return 87.45;
  if (key === 'people.access_rate_end') return 91.3;
  if (key === 'posts.occupancy_rate') return 84.2;
  if (key === 'work.worked_minutes') return 14_835_600;
  if (key === 'work.trained_minutes') return 2_102_400;
  if (key === 'work.gross_cents') return 41_235_088;
  if (BREAKDOWNS[key] && key !== 'flows.median_wait_days' && key !== 'partners.production_by_unit')
    return (BREAKDOWNS[key] ?? []).reduce((s, l) => s + l.value, 0);
  switch (unit) {
    case 'percent':
      return 60 + ((n * 7) % 35);
    case 'minutes':
      return 6000 + n * 1350;
    case 'cents':
      return 100_000 + n * 4321;
    case 'centidays':
      return 250 + n * 37;
    case 'days':
      return 10 + ((n * 13) % 90);
    default:
      return 5 + ((n * 11) % 140);
  }
}

function figures(scale: number): Record<string, ReportFigure> {
  const out: Record<string, ReportFigure> = {};
  indicatorDefinitions().forEach((d, n) => {
    const value = demoValue(d.key, d.unit, n);
    const scaled = d.unit === 'percent' ? value : Math.round(value * scale);
    const figure: ReportFigure = { value: scaled, previous: d.unit === 'percent' ? Math.round((value - 2.5) * 100) / 100 : Math.round(scaled * 0.9) };
    const lines = BREAKDOWNS[d.key];
    if (lines) {
      figure.breakdown = lines.map((l) => ({ ...l, value: Math.round(l.value * scale) }));
      figure.previousBreakdown = lines.map((l) => ({ ...l, value: Math.round(l.value * scale * 0.9) }));
    }
    out[d.key] = figure;
  });
  return out;
}

export function demoReportData(overrides: Partial<ReportData> = {}): ReportData {
  const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
  return {
    format: 1,
    establishment: { id: 1, name: 'Établissement InSERRE d’Arras' },
    period: { code: '2026', label: 'année 2026', from: '2026-01-01', to: '2026-12-31' },
    previous: { code: '2025', label: 'année 2025', from: '2025-01-01', to: '2025-12-31' },
    generatedAt: '2027-01-04T09:30:00.000Z',
    version: 1,
    dataVersion: '48213',
    targets: { accessRate: 100, occupancyRate: 90 },
    figures: figures(1),
    workshops: WORKSHOP_NAMES.map((name, i) => ({
      id: 10 + i,
      name,
      partnerName: i === 6 ? null : `Partenaire ${name}`,
      figures: Object.fromEntries(Object.entries(figures(1 / 8)).filter(([key]) => ['posts', 'work', 'flows', 'partners'].includes(key.split('.')[0] ?? ''))),
    })),
    months: {
      months,
      worked: months.map((_, i) => 1_150_000 + ((i * 37_000) % 160_000)),
      trained: months.map((_, i) => 160_000 + ((i * 9_000) % 50_000)),
      occupancy: months.map((_, i) => 78 + ((i * 3) % 12)),
      access: months.map((_, i) => (i === 3 ? null : 82 + ((i * 5) % 15))),
    },
    dataQuality: {
      weeksNotValidated: 3,
      weeksNotValidatedBy: [
        { label: 'Menuiserie', weeks: 2 },
        { label: 'CAP cuisine (session du 01/09/2026)', weeks: 1 },
      ],
      peopleWithoutEntries: 2,
      skipped: [
        {
          key: 'posts.mean_days_to_fill',
          label: 'Délai moyen pour pourvoir un poste vacant',
          reason: 'Aucune vacance de poste n’a été pourvue sur la période : pas de délai moyen.',
        },
      ],
    },
    ...overrides,
  };
}
