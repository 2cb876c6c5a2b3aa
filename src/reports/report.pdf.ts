import { indicatorDefinitions } from '../indicators/catalogue.ts';
import { FAMILIES, FAMILY_LABELS, type Family, type IndicatorDefinition, type Unit } from '../indicators/definition.ts';
import { formatChange, formatIndicator } from '../indicators/format.ts';
import { formatDateTime, formatDay, formatNumber, formatShortMonth } from '../platform/format.ts';
import { COLORS, type Column, drawTable, frenchText as fr, newDocument, numberPages } from '../platform/pdf.ts';
import { WORKSHOP_FAMILIES } from './build.ts';
import { figuresHash } from './generate.ts';
import { barChart, lineChart } from './pdf-charts.ts';
import { REPORT_SECTIONS, type ReportData, type ReportSectionKey } from './report-data.ts';
import { HIDDEN, type PrintedFigures, printedFigures, SMALL, THRESHOLD } from './suppression.ts';

export interface ReportPdfOptions {
  /** A draft carries « Projet — non relu » on every page; a shared report names who shared it and when. */
  status: 'draft' | 'shared';
  /** The reviewer's comment per section, printed at the head of that section. */
  comments: Array<{ section: ReportSectionKey; body: string; author: string }>;
  /** Who asked for it (display name of the requester). */
  generatedBy: string;
  sharedBy?: string;
  /** ISO instant. */
  sharedAt?: string;
}

const TITLE = 'Rapport d’évaluation';
const DRAFT_STATUS = 'Projet — non relu par la coordination';
const INK = { draft: '#ce0500', watermark: '#ce0500', commentFill: '#f5f5fe' };
const RECIDIVISM = 'La récidive n’est pas mesurée par cet outil : il n’a pas accès aux données judiciaires.';
const UNIT_LABELS: Record<Unit, string> = {
  count: 'nombre',
  days: 'jours',
  minutes: 'heures (comptées en minutes)',
  percent: 'pourcentage',
  cents: 'euros',
  centidays: 'jours (au centième de jour)',
};
/** Partners and steering have their own sections (7 and 8), not the indicators' one. */
const OWN_SECTIONS: readonly Family[] = ['partners', 'steering'];
const HEADLINE_KEYS = ['people.present_mean', 'work.workers', 'work.worked_minutes', 'work.trained_minutes', 'work.gross_cents'];
const TARGET_ROWS = [
  { key: 'people.access_rate', target: 'accessRate' },
  { key: 'people.access_rate_end', target: 'accessRate' },
  { key: 'posts.occupancy_rate', target: 'occupancyRate' },
] as const;

interface Report {
  doc: PDFKit.PDFDocument;
  data: ReportData;
  options: ReportPdfOptions;
  printed: PrintedFigures;
  definitions: Map<string, IndicatorDefinition>;
  /** The page (from 1) each section starts on, for the table of contents. */
  pages: Map<ReportSectionKey, number>;
  /** The current section's entry in the PDF's outline (bookmarks), for its own entries (the workshops). */
  outline: PDFKit.PDFOutline | null;
}

/**
 * The « Rapport d'évaluation » PDF (issue 22 item 3), drawn from its figures alone: cover, table
 * of contents, then the sections of REPORT_SECTIONS in order, each headed by its reviewer's
 * comment. Pseudonymised (the figures hold no person) and masked (src/reports/suppression.ts:
 * every count of people or events goes through `printedFigures`). Deterministic: the creation
 * date is the generation's, so the same figures and options give the same bytes.
 */
export async function renderReportPdf(data: ReportData, options: ReportPdfOptions): Promise<Buffer> {
  const doc = newDocument({ title: `${TITLE} — ${data.establishment.name} — ${data.period.label}`, createdAt: new Date(data.generatedAt) });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const r: Report = {
    doc,
    data,
    options,
    printed: printedFigures(data),
    definitions: new Map(indicatorDefinitions().map((d) => [d.key, d])),
    pages: new Map(),
    outline: null,
  };

  cover(r);
  doc.addPage();
  const tocPage = currentPage(doc);
  doc.outline.addItem('Sommaire');
  const bodies: Record<ReportSectionKey, (r: Report) => void> = {
    synthese: summary,
    indicateurs: indicators,
    graphiques: charts,
    ateliers: workshops,
    partenaires: (r) => familySection(r, 'partners'),
    pilotage: (r) => familySection(r, 'steering'),
    qualite: dataQuality,
    methodologie: methodology,
  };
  for (const section of REPORT_SECTIONS) {
    startSection(r, section.key, section.label);
    bodies[section.key](r);
  }
  tableOfContents(r, tocPage);
  pageFurniture(r);
  doc.end();
  return done;
}

const currentPage = (doc: PDFKit.PDFDocument) => {
  const range = doc.bufferedPageRange();
  return range.start + range.count - 1;
};
const contentWidth = (doc: PDFKit.PDFDocument) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottomOf = (doc: PDFKit.PDFDocument) => doc.page.height - doc.page.margins.bottom;
const footerLabel = (data: ReportData) => `${TITLE} — ${data.establishment.name} — ${data.period.label} — version ${data.version}`;
const periodDates = (p: { from: string; to: string }) => `du ${formatDay(p.from)} au ${formatDay(p.to)}`;

function cover(r: Report): void {
  const { doc, data, options } = r;
  doc.font('bold').fontSize(9).fillColor(COLORS.blue).text('ATELIER — ÉVALUATION DU DISPOSITIF');
  doc.y = 200;
  doc.font('bold').fontSize(28).fillColor(COLORS.text).text(TITLE);
  doc.moveDown(0.5);
  doc.font('bold').fontSize(16).fillColor(COLORS.blue).text(fr(data.establishment.name));
  doc.moveDown(0.3);
  doc
    .font('regular')
    .fontSize(13)
    .fillColor(COLORS.text)
    .text(fr(`Période : ${data.period.label}, ${periodDates(data.period)}`));
  doc.moveDown(0.3);
  doc.font('bold').fontSize(13).text(`Version ${data.version}`);
  doc.moveDown(2);
  doc.font('regular').fontSize(10).fillColor(COLORS.text);
  doc.text(fr(`Généré le ${formatDateTime(new Date(data.generatedAt))} à la demande de ${options.generatedBy}`));
  doc.text(fr(`Version des données : n° ${data.dataVersion} (dernière modification enregistrée au journal d’audit)`));
  doc.text(fr(`Période de comparaison : ${data.previous.label}, ${periodDates(data.previous)}`));
  doc.moveDown(0.8);
  if (options.status === 'draft') doc.font('bold').fillColor(INK.draft).text(DRAFT_STATUS);
  else {
    const when = options.sharedAt ? ` le ${formatDateTime(new Date(options.sharedAt))}` : '';
    doc
      .font('bold')
      .fillColor(COLORS.blue)
      .text(fr(`Partagé avec le comité par ${options.sharedBy ?? 'la coordination'}${when}`));
  }
  doc.y = bottomOf(doc) - 60;
  doc
    .font('regular')
    .fontSize(8.5)
    .fillColor(COLORS.muted)
    .text(
      fr(
        `Document pseudonymisé : il ne contient aucun nom ni numéro d’écrou. Les effectifs de 1 à 4 personnes ou événements sont imprimés « ${SMALL} », et une case qui permettrait de les recalculer est « ${HIDDEN} » (voir l’annexe méthodologique).`,
      ),
    );
}

function startSection(r: Report, key: ReportSectionKey, label: string): void {
  const { doc } = r;
  doc.addPage();
  r.pages.set(key, currentPage(doc) + 1);
  doc.addNamedDestination(`section-${key}`);
  r.outline = doc.outline.addItem(label);
  const number = REPORT_SECTIONS.findIndex((s) => s.key === key) + 1;
  doc
    .font('bold')
    .fontSize(16)
    .fillColor(COLORS.blue)
    .text(fr(`${number}. ${label}`));
  doc.moveDown(0.6);
  comment(r, key);
}

/** The reviewer's comment in a frame, at the head of its section. */
function comment(r: Report, key: ReportSectionKey): void {
  const { doc } = r;
  const c = r.options.comments.find((x) => x.section === key);
  if (!c) return;
  const head = fr(`Commentaire de la coordination (${c.author}) : `);
  const body = fr(c.body);
  const width = contentWidth(doc) - 20;
  doc.font('bold').fontSize(9.5);
  const height = doc.heightOfString(head + body, { width }) + 16;
  const x = doc.page.margins.left;
  const y = doc.y;
  doc.rect(x, y, contentWidth(doc), height).lineWidth(1).fillAndStroke(INK.commentFill, COLORS.blue);
  doc
    .fillColor(COLORS.text)
    .font('bold')
    .text(head, x + 10, y + 8, { width, continued: true });
  doc.font('regular').text(body);
  doc.x = x;
  doc.y = y + height + 12;
}

function subheading(doc: PDFKit.PDFDocument, text: string, keepWith = 80): void {
  if (doc.y + keepWith > bottomOf(doc)) doc.addPage();
  doc.x = doc.page.margins.left;
  doc.font('bold').fontSize(11.5).fillColor(COLORS.blue).text(fr(text));
  doc.moveDown(0.3);
}

function paragraph(doc: PDFKit.PDFDocument, text: string, { muted = false, size = 9.5 } = {}): void {
  doc.x = doc.page.margins.left;
  doc
    .font('regular')
    .fontSize(size)
    .fillColor(muted ? COLORS.muted : COLORS.text)
    .text(fr(text), { width: contentWidth(doc) });
  doc.moveDown(0.5);
}

function table(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][], { compact = false } = {}): void {
  doc.x = doc.page.margins.left;
  drawTable(
    doc,
    columns.map((c) => ({ ...c, header: fr(c.header) })),
    rows.map((row) => row.map(fr)),
    compact ? 7 : 8.5,
    compact ? 1.8 : 4,
  );
}

/** Indicator | period | previous period | change, with each breakdown's lines indented below it. */
function figureTable(r: Report, keys: readonly string[], workshopId?: number, firstHeader = 'Indicateur'): void {
  const { data, printed } = r;
  const figures = workshopId === undefined ? data.figures : (data.workshops.find((w) => w.id === workshopId)?.figures ?? {});
  const rows: string[][] = [];
  for (const key of keys) {
    const figure = figures[key];
    if (!figure) continue;
    rows.push([
      r.definitions.get(key)?.label ?? key,
      printed.value(key, 'now', workshopId),
      printed.value(key, 'before', workshopId),
      printed.change(key, workshopId),
    ]);
    const lines = new Map<string, string>();
    for (const l of [...(figure.breakdown ?? []), ...(figure.previousBreakdown ?? [])]) if (!lines.has(l.key)) lines.set(l.key, l.label);
    for (const [lineKey, label] of lines)
      rows.push([
        `\u00a0\u00a0\u00a0\u00a0– ${label}`,
        printed.line(key, lineKey, 'now', workshopId),
        printed.line(key, lineKey, 'before', workshopId),
        printed.change(key, workshopId, lineKey),
      ]);
  }
  table(
    r.doc,
    [
      { header: firstHeader, width: 225 },
      { header: data.period.label, width: 95, align: 'right' },
      { header: data.previous.label, width: 95, align: 'right' },
      { header: 'Évolution', width: 80, align: 'right' },
    ],
    rows,
    // A workshop's page holds its four families.
    { compact: workshopId !== undefined },
  );
}

const MONTH_ABBREVIATIONS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

/** « janv. » on a chart's axis, with the year below on the first month and on each January. */
function monthTick(month: string, i: number): string {
  const abbreviation = MONTH_ABBREVIATIONS[Number(month.slice(5, 7)) - 1] ?? month;
  return i === 0 || month.endsWith('-01') ? `${abbreviation}\n${month.slice(0, 4)}` : abbreviation;
}

const keysOf = (family: Family) =>
  indicatorDefinitions()
    .filter((d) => d.family === family)
    .map((d) => d.key);

function summary(r: Report): void {
  const { doc, data } = r;
  subheading(doc, 'Les cibles du dispositif');
  const rows = TARGET_ROWS.filter((t) => data.figures[t.key]).map((t) => {
    const figure = data.figures[t.key];
    const target = data.targets[t.target];
    // A masked rate has no gap either: the gap would give it back.
    const gap = r.printed.masked(t.key, 'now') ? '' : formatChange('percent', figure?.value ?? null, target);
    return [
      r.definitions.get(t.key)?.label ?? t.key,
      r.printed.value(t.key, 'now'),
      r.printed.value(t.key, 'before'),
      `${formatNumber(target)} %`,
      gap === '=' ? '0 pt' : gap || '—',
    ];
  });
  table(
    doc,
    [
      { header: 'Indicateur', width: 185 },
      { header: data.period.label, width: 80, align: 'right' },
      { header: data.previous.label, width: 80, align: 'right' },
      { header: 'Cible', width: 65, align: 'right' },
      { header: 'Écart à la cible', width: 85, align: 'right' },
    ],
    rows,
  );
  for (const sentence of targetSentences(r)) paragraph(doc, sentence);
  paragraph(doc, 'L’écart à la cible est en points de pourcentage : la valeur de la période moins la cible.', { muted: true, size: 8.5 });
  doc.moveDown(0.5);
  subheading(doc, 'Chiffres clés');
  figureTable(r, HEADLINE_KEYS);
}

function targetSentences(r: Report): string[] {
  const { data } = r;
  const say = (key: string, what: string, target: number) => {
    const value = data.figures[key]?.value ?? null;
    if (value === null) return `${what} : pas de valeur pour la période (voir la qualité des données).`;
    const gap = Math.round((value - target) * 100) / 100;
    const printedGap = formatNumber(Math.abs(gap));
    if (gap >= 0) return `${what} : ${r.printed.value(key, 'now')}, la cible de ${formatNumber(target)} % est atteinte.`;
    return `${what} : ${r.printed.value(key, 'now')}, soit ${printedGap} point${Math.abs(gap) >= 2 ? 's' : ''} sous la cible de ${formatNumber(target)} %.`;
  };
  return [
    say('people.access_rate', 'Accès au travail ou à la formation, en moyenne sur la période', data.targets.accessRate),
    say('posts.occupancy_rate', 'Occupation des postes de travail', data.targets.occupancyRate),
  ];
}

function indicators(r: Report): void {
  paragraph(
    r.doc,
    `Chaque indicateur est donné pour la période et pour la période précédente (${r.data.previous.label}). Les détails (par motif, par gravité…) sont en retrait sous leur indicateur. L’activité des structures partenaires et le suivi du pilotage ont leurs propres sections.`,
    { muted: true, size: 8.5 },
  );
  for (const family of FAMILIES) {
    if (OWN_SECTIONS.includes(family)) continue;
    subheading(r.doc, FAMILY_LABELS[family]);
    figureTable(r, keysOf(family));
  }
}

function charts(r: Report): void {
  const { doc, data } = r;
  const months = data.months.months.map(formatShortMonth);
  const axis = data.months.months.map(monthTick);
  const hours = (values: Array<number | null>) => values.map((v) => (v === null ? null : Math.round((v / 60) * 100) / 100));
  const rateOrNone = (v: number | null) => (v === null ? '—' : `${formatNumber(v)} %`);
  const hoursOrNone = (v: number | null) => formatIndicator('minutes', v);

  lineChart(doc, {
    title: 'Heures travaillées et heures de formation par mois',
    categories: axis,
    series: [
      { label: 'Heures travaillées', values: hours(data.months.worked) },
      { label: 'Heures de formation', values: hours(data.months.trained) },
    ],
    format: (v) => `${formatNumber(v)} h`,
  });
  table(
    doc,
    [
      { header: 'Mois', width: 95 },
      { header: 'Heures travaillées', width: 130, align: 'right' },
      { header: 'Heures de formation', width: 130, align: 'right' },
    ],
    data.months.months.map((_, i) => [months[i] ?? '', hoursOrNone(data.months.worked[i] ?? null), hoursOrNone(data.months.trained[i] ?? null)]),
  );

  const rates = [...data.months.occupancy, ...data.months.access].filter((v): v is number => v !== null);
  lineChart(doc, {
    title: 'Taux d’occupation des postes et taux d’accès au travail ou à la formation',
    categories: axis,
    series: [
      { label: 'Taux d’occupation', values: data.months.occupancy },
      { label: 'Taux d’accès', values: data.months.access },
    ],
    format: (v) => `${formatNumber(v)} %`,
    max: Math.max(100, ...rates),
  });
  table(
    doc,
    [
      { header: 'Mois', width: 95 },
      { header: 'Taux d’occupation', width: 130, align: 'right' },
      { header: 'Taux d’accès', width: 130, align: 'right' },
    ],
    data.months.months.map((_, i) => [months[i] ?? '', rateOrNone(data.months.occupancy[i] ?? null), rateOrNone(data.months.access[i] ?? null)]),
  );

  breakdownChart(r, 'flows.assignments_ended', 'Affectations terminées par motif', 'Motif', 'Aucune affectation ne s’est terminée sur la période.');
  breakdownChart(
    r,
    'flows.median_wait_days',
    'Attente entre l’avis de la CPU et l’affectation (personnes par durée)',
    'Durée d’attente',
    'Aucune candidature n’a été affectée sur la période.',
  );
}

/** A breakdown as bars (masked counts draw none), then its lines with the previous period. */
function breakdownChart(r: Report, key: string, title: string, header: string, none: string): void {
  const { doc, data, printed } = r;
  const lines = data.figures[key]?.breakdown ?? [];
  if (lines.length === 0) {
    subheading(doc, title, 40);
    paragraph(doc, none);
    return;
  }
  barChart(doc, {
    title,
    bars: lines.map((l) => ({
      label: l.label,
      value: l.value,
      printed: printed.line(key, l.key, 'now'),
      masked: printed.masked(key, 'now', undefined, l.key),
    })),
  });
  table(
    doc,
    [
      { header, width: 175 },
      { header: data.period.label, width: 95, align: 'right' },
      { header: data.previous.label, width: 95, align: 'right' },
    ],
    lines.map((l) => [l.label, printed.line(key, l.key, 'now'), printed.line(key, l.key, 'before')]),
  );
}

function workshops(r: Report): void {
  const { doc, data } = r;
  if (data.workshops.length === 0) {
    paragraph(doc, 'Aucun atelier de l’établissement n’a de poste de travail.');
    return;
  }
  paragraph(
    doc,
    `Une page par atelier, à la suite : ses postes, le travail, les flux et l’activité saisie au journal, avec la période précédente (${data.previous.label}).`,
    {
      muted: true,
      size: 8.5,
    },
  );
  table(
    doc,
    [
      { header: 'Atelier', width: 200 },
      { header: 'Structure', width: 295 },
    ],
    data.workshops.map((w) => [w.name, w.partnerName ?? 'Service général de l’établissement']),
  );
  for (const w of data.workshops) {
    doc.addPage();
    r.outline?.addItem(fr(w.name));
    doc.font('bold').fontSize(13).fillColor(COLORS.text).text(fr(w.name));
    doc
      .font('regular')
      .fontSize(9.5)
      .fillColor(COLORS.muted)
      .text(fr(w.partnerName ? `Structure partenaire : ${w.partnerName}` : 'Service général de l’établissement'));
    doc.moveDown(0.6);
    // Each family's name heads its table's first column: the four fit on the page.
    for (const family of WORKSHOP_FAMILIES) figureTable(r, keysOf(family), w.id, FAMILY_LABELS[family]);
  }
}

function familySection(r: Report, family: Family): void {
  paragraph(
    r.doc,
    family === 'partners'
      ? 'Ce que les structures partenaires ont saisi au journal d’activité des ateliers de l’établissement : production, formation dispensée, événements et visites, incidents.'
      : 'Les comités dont l’établissement relève : séances tenues, décisions et actions à suivre.',
    { muted: true, size: 8.5 },
  );
  figureTable(r, keysOf(family));
}

function dataQuality(r: Report): void {
  const { doc, data, printed } = r;
  const q = data.dataQuality;
  if (q.weeksNotValidated === 0 && q.peopleWithoutEntries === 0 && q.skipped.length === 0) {
    paragraph(
      doc,
      'Aucune anomalie relevée : toutes les semaines de pointage de la période sont validées, chaque personne affectée à un poste a des heures saisies, et aucun indicateur n’a dû laisser de donnée de côté.',
    );
    return;
  }
  subheading(doc, 'Semaines de pointage non validées');
  if (q.weeksNotValidated === 0) paragraph(doc, 'Toutes les semaines de pointage de la période sont validées.');
  else {
    paragraph(
      doc,
      `${formatNumber(q.weeksNotValidated)} semaine${q.weeksNotValidated > 1 ? 's' : ''} de pointage non validée${q.weeksNotValidated > 1 ? 's' : ''} sur la période.`,
    );
    table(
      doc,
      [
        { header: 'Atelier ou session de formation', width: 350 },
        { header: 'Semaines non validées', width: 120, align: 'right' },
      ],
      q.weeksNotValidatedBy.map((w) => [w.label, formatNumber(w.weeks)]),
    );
  }
  subheading(doc, 'Personnes sans heures saisies');
  paragraph(
    doc,
    q.peopleWithoutEntries === 0
      ? 'Chaque personne affectée à un poste de travail pendant la période a des heures saisies.'
      : `Personnes affectées à un poste de travail pendant la période sans aucune heure saisie : ${printed.count(q.peopleWithoutEntries)}.`,
  );
  subheading(doc, 'Données laissées de côté par les indicateurs');
  if (q.skipped.length === 0) paragraph(doc, 'Aucun indicateur n’a dû laisser de donnée de côté.');
  else
    table(
      doc,
      [
        { header: 'Indicateur', width: 180 },
        { header: 'Ce qui a été laissé de côté', width: 315 },
      ],
      q.skipped.map((s) => [s.label, s.reason]),
    );
}

function methodology(r: Report): void {
  const { doc, data } = r;
  subheading(doc, 'Période et comparaison');
  paragraph(
    doc,
    `Les indicateurs sont calculés pour la période (${data.period.label}, ${periodDates(data.period)}), jour par jour au calendrier de Paris, d’après ce qui était enregistré au moment du calcul. La période précédente est celle de même nature qui la précède immédiatement (le mois, le trimestre ou l’année d’avant) : ici ${data.previous.label}, ${periodDates(data.previous)}. Les graphiques mensuels couvrent les mois de la période, ou les six mois qui finissent avec elle pour une période d’un mois.`,
  );
  subheading(doc, 'Cibles');
  paragraph(
    doc,
    `Accès au travail ou à la formation : ${formatNumber(data.targets.accessRate)} % des personnes présentes (cible du programme InSERRE). Occupation des postes de travail : ${formatNumber(data.targets.occupancyRate)} % des jours-postes ouverts. L’écart à la cible est la valeur moins la cible, en points de pourcentage.`,
  );
  subheading(doc, 'Pseudonymisation et masquage des petits effectifs');
  paragraph(
    doc,
    `Le rapport ne contient aucun nom ni numéro d’écrou : seulement des totaux. Un effectif de personnes ou d’événements de 1 à ${THRESHOLD - 1} est imprimé « ${SMALL} » ; un effectif nul est imprimé « 0 », car il ne désigne personne. Quand un total est imprimé (la valeur d’un indicateur au-dessus de son détail, ou le total de l’établissement au-dessus des ateliers) et qu’une seule de ses lignes est masquée, la plus petite autre ligne non nulle est masquée aussi (« ${HIDDEN} »), pour que la ligne masquée ne puisse pas être retrouvée en retranchant les autres du total ; s’il n’y en a pas, c’est le total qui est masqué. Les jours d’absence par motif comptent des journées de personnes : ils sont masqués de même. Le taux d’accès en fin de période, imprimé à côté des personnes présentes ce jour-là, permettrait de retrouver combien avaient une activité et combien n’en avaient pas : il est masqué (« ${HIDDEN} ») quand l’un de ces deux effectifs va de 1 à ${THRESHOLD - 1}, et son écart à la cible avec lui. L’évolution d’une valeur masquée n’est pas donnée. Les autres taux (ceux de la période sont des moyennes de journées), les heures, les durées, les montants et les quantités produites ne sont pas masqués.`,
  );
  subheading(doc, 'Ce que ce rapport ne mesure pas');
  paragraph(doc, RECIDIVISM);
  subheading(doc, 'Version des données et empreinte');
  paragraph(
    doc,
    `Les chiffres ont été lus en une seule fois, dans un même instantané de la base, à la version des données n° ${data.dataVersion} (la dernière modification enregistrée au journal d’audit de l’application). Deux générations sur des données inchangées donnent les mêmes chiffres.`,
  );
  paragraph(doc, `Empreinte SHA-256 des chiffres du rapport (hors date de génération et numéro de version) : ${figuresHash(data)}`, { size: 8.5 });
  subheading(doc, 'Définitions des indicateurs');
  for (const family of FAMILIES) {
    subheading(doc, FAMILY_LABELS[family], 60);
    for (const d of indicatorDefinitions().filter((x) => x.family === family)) definition(doc, d);
  }
}

function definition(doc: PDFKit.PDFDocument, d: IndicatorDefinition): void {
  if (doc.y + 60 > bottomOf(doc)) doc.addPage();
  doc.x = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.font('bold').fontSize(9).fillColor(COLORS.text).text(fr(d.label), { width });
  doc.font('regular').fontSize(8.5);
  doc.text(fr(`Formule : ${d.formula}`), { width });
  doc.text(fr(`Unité : ${UNIT_LABELS[d.unit]}`), { width });
  doc.fillColor(COLORS.muted).text(fr(`Périmètre : ${d.scopeRule}`), { width });
  doc.moveDown(0.5);
}

/** Fills the page reserved after the cover: each section with the page it starts on, linked. */
function tableOfContents(r: Report, page: number): void {
  const { doc } = r;
  doc.switchToPage(page);
  doc.x = doc.page.margins.left;
  doc.y = doc.page.margins.top;
  doc.font('bold').fontSize(16).fillColor(COLORS.blue).text('Sommaire');
  doc.moveDown(1);
  const width = contentWidth(doc);
  doc.font('regular').fontSize(11).fillColor(COLORS.text);
  REPORT_SECTIONS.forEach((s, i) => {
    const label = fr(`${i + 1}. ${s.label}`);
    const number = String(r.pages.get(s.key) ?? '');
    const y = doc.y;
    const x = doc.page.margins.left;
    const dotsFrom = x + doc.widthOfString(label) + 6;
    const dotsTo = x + width - doc.widthOfString(number) - 6;
    const dot = doc.widthOfString('.');
    const dots = '.'.repeat(Math.max(0, Math.floor((dotsTo - dotsFrom) / dot)));
    doc.text(label, x, y, { lineBreak: false, goTo: `section-${s.key}` });
    doc.fillColor(COLORS.muted).text(dots, dotsFrom, y, { lineBreak: false });
    doc.fillColor(COLORS.text).text(number, x, y, { width, align: 'right', lineBreak: false, goTo: `section-${s.key}` });
    doc.y = y + 22;
  });
}

/**
 * The footer of every page and, on a draft, « PROJET » in its top margin and, lightly, across the
 * page. The big mark is drawn as the font's outlines rather than as text, so that it never mixes
 * with the page's words when the PDF is read back as text (by pdftotext, a screen reader).
 */
function pageFurniture(r: Report): void {
  const { doc } = r;
  numberPages(doc, fr(footerLabel(r.data)));
  if (r.options.status !== 'draft') return;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font('bold').fontSize(8).fillColor(INK.draft);
    doc.text(`PROJET — ${DRAFT_STATUS.split(' — ')[1]}`, doc.page.margins.left, 25, { width: contentWidth(doc), align: 'right', lineBreak: false });
    watermark(doc);
  }
}

function watermark(doc: PDFKit.PDFDocument): void {
  const font = (doc as unknown as { _font: { font: FontkitFont } })._font.font;
  const run = font.layout('PROJET');
  const size = 110;
  const scale = size / font.unitsPerEm;
  const width = run.positions.reduce((w, p) => w + p.xAdvance, 0) * scale;
  doc.save();
  doc.rotate(-35, { origin: [doc.page.width / 2, doc.page.height / 2] });
  doc.translate(doc.page.width / 2 - width / 2, doc.page.height / 2 + size * 0.35);
  doc.scale(scale, -scale);
  let x = 0;
  run.glyphs.forEach((glyph, i) => {
    doc.save().translate(x, 0).path(glyph.path.toSVG()).fillColor(INK.watermark).fillOpacity(0.07).fill().restore();
    x += run.positions[i]?.xAdvance ?? 0;
  });
  doc.restore();
}

/** The little of fontkit's font that the watermark reads (pdfkit embeds fontkit, without its types). */
interface FontkitFont {
  unitsPerEm: number;
  layout(text: string): { glyphs: Array<{ path: { toSVG(): string } }>; positions: Array<{ xAdvance: number }> };
}
