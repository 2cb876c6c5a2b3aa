import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { formatIndicator } from '../../src/indicators/format.ts';
import { parsePeriod } from '../../src/indicators/periods.ts';
import { type Day, mondayOf } from '../../src/platform/calendar.ts';
import { buildReportData } from '../../src/reports/build.ts';
import { figuresHash } from '../../src/reports/generate.ts';
import { type ReportPdfOptions, renderReportPdf } from '../../src/reports/report.pdf.ts';
import { REPORT_SECTIONS, type ReportData } from '../../src/reports/report-data.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createWorkshop } from '../support/factories.ts';
import { demoReportData } from './demo-report-data.ts';

/**
 * The « Rapport d'évaluation » PDF read back with pdftotext. The scenario (first quarter of
 * 2026): one establishment, two workshops; five people at work in March with their hours
 * (validated weeks), and eight assignments that ended in February, two by a release and six by a
 * transfer: the release line prints « < 5 » and the transfer line, its complement, « masqué ».
 * Every person has a distinctive name and prison number that must never reach the PDF.
 */

const NAMES = [
  ['Zéphyrin', 'Quintabelle', 'ECR918273'],
  ['Anatolie', 'Brisepierre', 'ECR564738'],
  ['Eulalie', 'Marchevent', 'ECR102938'],
  ['Théodule', 'Vasselière', 'ECR475869'],
  ['Philibert', 'Crochemaure', 'ECR657483'],
] as const;

let t: TestContext;
let dir: string;
let data: ReportData;
const people: Detainee[] = [];
const DRAFT: ReportPdfOptions = { status: 'draft', comments: [], generatedBy: 'Claire Coordinatrice' };

async function holds(workshop: Workshop, person: Detainee, startsOn: Day, ended?: { on: Day; reason: 'release' | 'transfer' }) {
  const em = t.em();
  const post = await createPost(em, workshop);
  const a = em.create(Assignment, {
    establishment: person.establishment.id,
    detainee: person.id,
    post: post.id,
    contractReference: `CEP-${post.id}`,
    startsOn,
    trialEndsOn: startsOn,
    weeklyMinutes: 35 * 60,
    payCategory: 'production',
    endedOn: ended?.on ?? null,
    endReason: ended?.reason ?? null,
  });
  await em.flush();
  return a;
}

/** Seven hours a day on the days. */
async function worked(a: Assignment, workshop: Workshop, days: readonly Day[]) {
  const em = t.em();
  for (const day of days)
    em.create(TimeEntry, {
      establishment: a.establishment.id,
      detainee: a.detainee.id,
      assignment: a.id,
      workshop: workshop.id,
      day,
      kind: 'work',
      minutes: 7 * 60,
    });
  await em.flush();
}

/** The workshop's weeks of the days, validated (once every entry is in: a validated week is locked). */
async function validate(workshop: Workshop, days: readonly Day[]) {
  const connection = t.em().getConnection();
  for (const monday of new Set(days.map(mondayOf))) {
    await connection.execute(`insert into timesheet_week (establishment_id, workshop_id, week_start) values (?, ?, ?) on conflict do nothing`, [
      workshop.establishment.id,
      workshop.id,
      monday,
    ]);
    await connection.execute(`update timesheet_week set status = 'validated', validated_at = now() where workshop_id = ? and week_start = ?`, [
      workshop.id,
      monday,
    ]);
  }
}

function render(options: Partial<ReportPdfOptions> = {}, report = data): Promise<Buffer> {
  return renderReportPdf(report, { ...DRAFT, ...options });
}

let draft: Buffer;
let shared: Buffer;
const SHARED: Partial<ReportPdfOptions> = { status: 'shared', sharedBy: 'Claire Coordinatrice', sharedAt: '2026-04-03T10:00:00Z' };

let files = 0;
const read = new WeakMap<Buffer, string[]>();
/** The PDF's pages as text, laid out (pdftotext once, its pages split on the form feed); no-break spaces read as spaces. */
function pagesOf(pdf: Buffer): string[] {
  const known = read.get(pdf);
  if (known) return known;
  const file = path.join(dir, `report-${++files}.pdf`);
  writeFileSync(file, pdf);
  const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    .replace(/\u00a0/g, ' ')
    .split('\f')
    .slice(0, -1);
  read.set(pdf, pages);
  return pages;
}

/** The text of one page (from 1), or of the whole PDF. */
function text(pdf: Buffer, page?: number): string {
  return page === undefined ? pagesOf(pdf).join('\n') : (pagesOf(pdf)[page - 1] ?? '');
}

function pageCount(pdf: Buffer): number {
  const file = path.join(dir, `report-${++files}.pdf`);
  writeFileSync(file, pdf);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
}

/** The page each section starts on, as the table of contents (page 2) gives it. */
function tableOfContents(pdf: Buffer): Map<string, number> {
  const toc = new Map<string, number>();
  for (const line of text(pdf, 2).split('\n')) {
    const m = /^\s*\d+\. (.+?) \.+ (\d+)\s*$/.exec(line);
    if (m) toc.set(m[1] as string, Number(m[2]));
  }
  return toc;
}

beforeAll(async () => {
  t = await createTestContext();
  dir = mkdtempSync(path.join(tmpdir(), 'report-pdf-'));
  const em = t.em();
  const establishment: Establishment = await createEstablishment(em, { name: 'Établissement InSERRE de Lorient' });
  const reliure = await createWorkshop(em, establishment, { name: 'Reliure', partner: await createPartner(em, { name: 'Reliures Solidaires' }) });
  const menuiserie = await createWorkshop(em, establishment, { name: 'Menuiserie' });
  for (const [firstName, lastName, prisonNumber] of NAMES)
    people.push(await createDetainee(em, establishment, { firstName, lastName, prisonNumber, arrivalDate: '2025-12-01' }));
  const march: Day[] = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
  for (const [i, person] of people.entries()) {
    const workshop = i < 3 ? reliure : menuiserie;
    await worked(await holds(workshop, person, '2026-01-05'), workshop, march.slice(0, i + 1));
  }
  await validate(reliure, march);
  await validate(menuiserie, march);
  for (let i = 0; i < 8; i++) {
    const person = await createDetainee(em, establishment, { lastName: `Sortant${i}`, prisonNumber: `ECRS${i}`, arrivalDate: '2025-12-01' });
    await holds(i % 2 ? reliure : menuiserie, person, '2026-01-05', { on: '2026-02-15', reason: i < 2 ? 'release' : 'transfer' });
  }
  const period = parsePeriod('2026-T1');
  if (!period) throw new Error('period');
  data = await buildReportData(t.em(), { establishmentId: establishment.id, period, version: 1, generatedAt: new Date('2026-04-02T08:00:00Z') });
  draft = await render();
  shared = await render(SHARED);
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

describe('the « Rapport d’évaluation » PDF', () => {
  it('opens with a cover naming the establishment, the period and the version', async () => {
    const cover = text(draft, 1);
    expect(cover).toContain('Rapport d’évaluation');
    expect(cover).toContain('Établissement InSERRE de Lorient');
    expect(cover).toContain('1er trimestre 2026, du 1er janvier 2026 au 31 mars 2026');
    expect(cover).toContain('Version 1');
    expect(cover).toContain('à la demande de Claire Coordinatrice');
  });

  it('lists every section in its table of contents, on the page where its heading is', async () => {
    const pdf = draft;
    const toc = tableOfContents(pdf);
    expect([...toc.keys()]).toEqual(REPORT_SECTIONS.map((s) => s.label));
    REPORT_SECTIONS.forEach((s, i) => {
      expect(text(pdf, toc.get(s.label))).toContain(`${i + 1}. ${s.label}`);
    });
  });

  it('prints the key figures as the indicators give them: hours, rates, pay', async () => {
    const figure = (key: string) => data.figures[key]?.value ?? null;
    expect(figure('work.worked_minutes')).toBe(15 * 7 * 60);
    expect(figure('work.gross_cents')).toBeGreaterThan(0);
    const summary = text(draft, tableOfContents(draft).get('Synthèse au regard des cibles'));
    for (const [key, unit] of [
      ['work.worked_minutes', 'minutes'],
      ['work.gross_cents', 'cents'],
      ['people.access_rate', 'percent'],
      ['posts.occupancy_rate', 'percent'],
    ] as const)
      expect(summary, key).toContain(formatIndicator(unit, figure(key)).replace(/\u202f/g, ' '));
    expect(summary).toContain('105 h');
  });

  it('masks a count of 2 as « < 5 » and the line that would give it back', async () => {
    expect(data.figures['flows.assignments_ended']?.breakdown?.map((l) => [l.key, l.value])).toEqual([
      ['release', 2],
      ['transfer', 6],
    ]);
    const pdf = draft;
    const toc = tableOfContents(pdf);
    const first = toc.get('Indicateurs de l’établissement') as number;
    const pages = Array.from({ length: (toc.get('Évolution mensuelle') as number) - first }, (_, i) => text(pdf, first + i));
    const indicators = pages.join('\n');
    const row = (label: string) => indicators.split('\n').find((l) => l.includes(label)) ?? '';
    expect(row('Affectations terminées')).toMatch(/Affectations terminées\s+8\s/);
    // pdftotext may read the narrow space of « < 5 » as none.
    expect(row('– Libération')).toMatch(/– Libération\s+< ?5\s/);
    expect(row('– Transfert')).toMatch(/– Transfert\s+masqué\s/);
    const all = text(pdf);
    expect(all).not.toMatch(/Libération\s+2\b/);
    expect(all).not.toMatch(/Transfert\s+6\b/);
  });

  it('holds no name nor prison number of a detained person', async () => {
    const all = `${text(draft)}${text(shared)}`;
    for (const [firstName, lastName, prisonNumber] of NAMES) {
      expect(all).not.toContain(firstName);
      expect(all).not.toContain(lastName);
      expect(all).not.toContain(prisonNumber);
    }
    expect(all).not.toContain('Sortant');
    expect(all).not.toContain('ECR');
  });

  it('says in its methodology annex that recidivism is not measured, and gives the suppression rule', async () => {
    const all = text(draft);
    expect(all).toContain('La récidive n’est pas mesurée par cet outil : il n’a pas accès aux données judiciaires.');
    expect(all).toContain('Définitions des indicateurs');
    expect(all.replace(/\s+/g, ' ')).toContain('un effectif nul est imprimé « 0 », car il ne désigne personne');
  });

  it('marks every page of a draft « PROJET », and no page of a shared report', async () => {
    const pages = pageCount(draft);
    for (let page = 1; page <= pages; page++) expect(text(draft, page)).toContain('PROJET — non relu par la coordination');
    const all = text(shared);
    expect(all).not.toContain('PROJET');
    expect(all).not.toContain('non relu');
    expect(text(shared, 1)).toContain('Partagé avec le comité par Claire Coordinatrice le 3 avril 2026 à 12h00');
  });

  it('prints a reviewer’s comment at the head of its section, and nowhere else', async () => {
    const pdf = await render({ comments: [{ section: 'qualite', author: 'Claire Coordinatrice', body: 'Deux semaines restent à valider en menuiserie.' }] });
    const toc = tableOfContents(pdf);
    const quality = toc.get('Qualité des données') as number;
    const page = text(pdf, quality).replace(/\s+/g, ' ');
    expect(page).toContain('Commentaire de la coordination (Claire Coordinatrice) : Deux semaines restent à valider en menuiserie.');
    // Eight people held a post with no hours entered (the ended assignments): the section says so, after the comment.
    expect(page.indexOf('Personnes sans heures saisies')).toBeGreaterThan(page.indexOf('Commentaire de la coordination'));
    expect(page.indexOf('Commentaire de la coordination')).toBeGreaterThan(page.indexOf('7. Qualité des données'));
    expect(text(pdf).match(/Commentaire de la coordination/g)).toHaveLength(1);
  });

  it('numbers its pages « page n / N » and names the report in every footer', async () => {
    const pdf = draft;
    const pages = pageCount(pdf);
    expect(text(pdf, 1)).toContain(`page 1 / ${pages}`);
    expect(text(pdf, pages)).toContain(`page ${pages} / ${pages}`);
    expect(text(pdf, pages)).toContain('Rapport d’évaluation — Établissement InSERRE de Lorient — 1er trimestre 2026 — version 1');
  });

  it('prints the figures’ SHA-256, the same once they are read back from the database (jsonb orders keys its own way)', async () => {
    const [row] = await t.em().execute<Array<{ figures: ReportData }>>('select ?::jsonb as figures', [JSON.stringify(data)]);
    const back = row?.figures as ReportData;
    expect(Object.keys(back)).not.toEqual(Object.keys(data));
    expect(figuresHash(back)).toBe(figuresHash(data));
    expect(text(draft).replace(/\s+/g, ' ')).toContain(figuresHash(data));
    expect((await render({}, back)).equals(draft)).toBe(true);
  });

  it('gives the same bytes for the same figures and options', async () => {
    expect((await render()).equals(draft)).toBe(true);
  });

  it('says so where there is nothing to show: no workshop, no ended assignment, no data-quality finding', async () => {
    const none = demoReportData({
      figures: {},
      workshops: [],
      dataQuality: { weeksNotValidated: 0, weeksNotValidatedBy: [], peopleWithoutEntries: 0, skipped: [] },
    });
    const all = text(await renderReportPdf(none, DRAFT)).replace(/\s+/g, ' ');
    expect(all).toContain('Aucun atelier de l’établissement n’a de poste de travail.');
    expect(all).toContain('Aucune affectation ne s’est terminée sur la période.');
    expect(all).toContain('Aucune anomalie relevée : toutes les semaines de pointage de la période sont validées');
  });

  it('draws a site-year (twelve months, eight workshops), one page per workshop', async () => {
    const demo = demoReportData();
    await renderReportPdf(demo, DRAFT);
    const started = performance.now();
    const pdf = await renderReportPdf(demo, DRAFT);
    // About 170 ms on an idle machine (the note gives the measure); the bound only catches a
    // slowdown of an order of magnitude, not a busy CI runner.
    expect(performance.now() - started).toBeLessThan(2500);
    const all = text(pdf);
    expect(pagesOf(pdf)).toHaveLength(pageCount(pdf));
    const heading = /^\s*(.+)\n\s*(?:Structure partenaire|Service général)/m;
    const workshopPages = pagesOf(pdf).filter((page) => heading.test(page));
    expect(workshopPages.map((page) => heading.exec(page)?.[1]?.trim())).toEqual(demo.workshops.map((w) => w.name));
    expect(all).toContain('Heures travaillées et heures de formation par mois');
  });
});
