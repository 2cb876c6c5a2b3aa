import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorDefinitions } from '../../src/indicators/catalogue.ts';
import { formatIndicator } from '../../src/indicators/format.ts';
import { parsePeriod, type ReportingPeriod } from '../../src/indicators/periods.ts';
import { buildReportData } from '../../src/reports/build.ts';
import { renderReportPdf } from '../../src/reports/report.pdf.ts';
import type { ReportData } from '../../src/reports/report-data.ts';
import { HIDDEN, SMALL } from '../../src/reports/suppression.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { buildIndicatorScenario } from '../support/indicator-scenario.ts';

/**
 * The scenario's « Rapport d'évaluation » for the third quarter of 2026, read back with
 * `pdftotext -layout`: its key figures are the indicators' values as `formatIndicator` prints
 * them (tests/indicators/scenario.test.ts checks those values by hand), and a count of 1 to 4
 * reads « < 5 ». A row is found by its label (the definition's French label) in its section;
 * its first cell after the label is the period's value, the second the previous period's.
 */
const run = promisify(execFile);
let t: TestContext;
let dir: string;
let data: ReportData;
let text: string;

beforeAll(async () => {
  t = await createTestContext();
  dir = await mkdtemp(path.join(tmpdir(), 'atelier-scenario-pdf-'));
  const s = await buildIndicatorScenario(t.em());
  data = await buildReportData(t.em(), {
    establishmentId: s.establishmentId,
    period: parsePeriod('2026-T3') as ReportingPeriod,
    version: 1,
    generatedAt: new Date('2026-10-05T08:00:00Z'),
  });
  const pdf = await renderReportPdf(data, { status: 'shared', comments: [], generatedBy: 'Test', sharedBy: 'Test', sharedAt: '2026-10-06T09:00:00Z' });
  const file = path.join(dir, 'rapport.pdf');
  await writeFile(file, pdf);
  text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await t.close();
});

const labels = new Map(indicatorDefinitions().map((d) => [d.key, d]));
/** pdftotext keeps or drops the narrow no-break spaces of French numbers: compare without any space. */
const bare = (s: string) => s.replace(/\s/g, '');

/** The text of numbered section `n` (its heading alone on its line, not the table of contents' dotted line). */
function section(n: number): string {
  const start = new RegExp(`^${n}\\. .+$`, 'm');
  const lines = text.replace(/\f/g, '\n').split('\n');
  const from = lines.findIndex((l) => start.test(l) && !l.includes('....'));
  const to = lines.findIndex((l, i) => i > from && new RegExp(`^${n + 1}\\. `).test(l) && !l.includes('....'));
  expect(from, `section ${n}`).toBeGreaterThanOrEqual(0);
  return lines.slice(from, to < 0 ? undefined : to).join('\n');
}

/** The cells after the label of the row `label` of `within` (a label may wrap: its first line carries the cells). */
function row(within: string, label: string): string[] {
  for (const line of within.split('\n')) {
    const cells = line.trim().split(/\s{2,}/);
    const head = cells[0] ?? '';
    if (cells.length >= 2 && (head === label || (head.length >= 30 && label.startsWith(`${head} `)))) return cells.slice(1).map(bare);
  }
  throw new Error(`no row « ${label} » in:\n${within}`);
}

/** The period's value of indicator `key` in `within`, and what `formatIndicator` gives for the report's figure. */
function printed(within: string, key: string): { got: string; expected: string } {
  const d = labels.get(key);
  if (!d) throw new Error(key);
  return { got: row(within, d.label)[0] ?? '', expected: bare(formatIndicator(d.unit, data.figures[key]?.value ?? null)) };
}

describe('the scenario’s evaluation report, read back', () => {
  it('prints the key figures of the establishment as the indicators give them', () => {
    const indicators = section(2);
    for (const key of [
      'people.access_rate', // 50,63 %
      'posts.occupancy_rate', // 78,09 %
      'posts.occupied_post_days', // 335 j
      'work.worked_minutes', // 187 h
      'work.trained_minutes', // 30 h
      'work.gross_cents', // 1 018,26 €
      'flows.median_wait_days', // 53 j
      'flows.mean_assignment_days', // 122 j
      'people.present_end', // 11
      'leave.balance', // 0,5 j
    ]) {
      const { got, expected } = printed(indicators, key);
      expect(got, key).toBe(expected);
    }
    expect(row(indicators, 'Rémunération brute')).toEqual(['1018,26€', '0,00€', '+1018,26€']);
    // 36,36 % of the 11 people present on 30 September is 4 with an activity: the rate would give « < 5 » back.
    expect(data.figures['people.access_rate_end']?.value).toBe(36.36);
    expect(row(indicators, labels.get('people.access_rate_end')?.label ?? '')[0]).toBe(bare(HIDDEN));
    // In the summary against the targets too, with no gap to the target (it would give the rate back).
    const summary = section(1).split('\n');
    const end = summary.findIndex((l) => l.trim() === 'en fin de période');
    expect(
      summary[end - 1]
        ?.trim()
        .split(/\s{2,}/)
        .slice(1)
        .map(bare),
    ).toEqual([bare(HIDDEN), '50%', '100%', '—']);
    expect(row(indicators, 'Taux d’occupation des postes').slice(0, 2)).toEqual(['78,09%', '79,34%']);
  });

  it('prints « < 5 » for a count from 1 to 4', () => {
    const indicators = section(2);
    // Distinct workers 4, assignments ended 2 (a release, a resignation), candidacies refused 1; 5 assignments started in Q2 stay 5.
    expect(data.figures['work.workers']?.value).toBe(4);
    expect(row(indicators, 'Personnes ayant travaillé')[0]).toBe(bare(SMALL));
    expect(row(indicators, 'Affectations terminées')[0]).toBe(bare(SMALL));
    expect(row(indicators, '– Libération')[0]).toBe(bare(SMALL));
    expect(row(indicators, '– Démission')[0]).toBe(bare(SMALL));
    expect(row(indicators, 'Candidatures refusées par la CPU')[0]).toBe(bare(SMALL));
    expect(row(indicators, 'Affectations commencées')).toEqual([bare(SMALL), '5']);
    // Not a count of people: 8 places, 5 people without activity.
    expect(row(indicators, 'Places de formation')[0]).toBe('8');
    expect(row(indicators, labels.get('people.idle_end')?.label ?? '')[0]).toBe('5');
  });

  it('prints the partners’ production and the steering follow-up', () => {
    const partners = section(5);
    // Quantities are never masked: livres 120 + 30 + 50 = 200, repas 200.
    for (const line of data.figures['partners.production_by_unit']?.breakdown ?? [])
      expect(row(partners, `– ${line.label}`)[0], line.key).toBe(bare(formatIndicator('count', line.value)));
    expect(row(partners, '– livres')[0]).toBe('200');
    expect(row(partners, '– repas')[0]).toBe('200');
    expect(row(partners, 'Participations aux séances de formation')[0]).toBe('5');
    expect(row(partners, 'Incidents')[0]).toBe(bare(SMALL));
    const steering = section(6);
    // Actions open 2, late 1, done 2; meetings 2, decisions 3: counts of the steering's own work, not of people: never masked.
    const steeringValues = {
      'steering.meetings': '2',
      'steering.decisions': '3',
      'steering.actions_open': '2',
      'steering.actions_late': '1',
      'steering.actions_done': '2',
    };
    for (const [key, value] of Object.entries(steeringValues)) expect(row(steering, labels.get(key)?.label ?? key)[0], key).toBe(value);
  });

  it('prints each workshop’s occupancy and pay, and the data quality', () => {
    const workshops = section(4);
    // Each workshop's page opens with its name alone on a line.
    const cuisine = workshops.slice(workshops.search(/^\s*Cuisine\s*$/m), workshops.search(/^\s*Reliure\s*$/m));
    const reliure = workshops.slice(workshops.search(/^\s*Reliure\s*$/m));
    expect(row(cuisine, 'Taux d’occupation des postes')[0]).toBe('68,57%');
    expect(row(reliure, 'Taux d’occupation des postes')[0]).toBe('90,76%');
    expect(row(cuisine, 'Rémunération brute')[0]).toBe('639,62€');
    expect(row(reliure, 'Rémunération brute')[0]).toBe('378,64€');
    const quality = bare(section(7));
    expect(quality).toContain(bare('1 semaine de pointage non validée'));
    expect(row(section(7), 'Reliure')).toEqual(['1']);
    // P3 and P5 held a post with no hours: 2 → « < 5 ».
    expect(quality).toContain(bare(`sans aucune heure saisie : ${SMALL}`));
  });

  it('names no person', () => {
    expect(text).not.toMatch(/Personne\d|SC\d/);
  });
});
