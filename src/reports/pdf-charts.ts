import { COLORS, frenchText } from '../platform/pdf.ts';

/**
 * Vector charts for the report (pdfkit paths, no image): lines over the months and horizontal
 * bars, with axes, labels and a legend. The colours are the dashboard's (views/indicators/
 * charts.tsx) and each line has its own dash pattern, so that two series never differ by colour
 * alone. The caller prints the chart's data as a table below it.
 */

export interface LineSeries {
  label: string;
  /** One value per category; null where there is none (a rate over nobody): the line breaks there. */
  values: Array<number | null>;
}

export interface Bar {
  label: string;
  value: number;
  /** What prints at the end of the bar (« < 5 » for a masked count, which draws no bar). */
  printed: string;
  masked: boolean;
}

const SERIES_COLOURS = ['#000091', '#E1000F', '#009081', '#B34000'];
const DASHES: Array<[number, number] | null> = [null, [6, 3], [2, 3], [8, 3]];
const PLOT_HEIGHT = 150;

/** A round top for the axis and its ticks (about five steps): 0, 250, 500… */
export function niceScale(values: ReadonlyArray<number | null>, fixedMax?: number): { max: number; ticks: number[] } {
  const top = fixedMax ?? Math.max(0, ...values.filter((v): v is number => v !== null));
  if (top <= 0) return { max: 1, ticks: [0, 1] };
  const step = 10 ** Math.floor(Math.log10(top));
  const nice = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10].map((m) => m * step).find((s) => top / s <= 5) ?? step * 10;
  const max = Math.ceil(top / nice) * nice;
  return { max, ticks: Array.from({ length: Math.round(max / nice) + 1 }, (_, i) => i * nice) };
}

const contentWidth = (doc: PDFKit.PDFDocument) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page when the chart (title, plot, labels, legend) would not fit. */
function room(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function title(doc: PDFKit.PDFDocument, text: string): void {
  doc.x = doc.page.margins.left;
  doc.font('bold').fontSize(10).fillColor(COLORS.text).text(frenchText(text));
  doc.moveDown(0.4);
}

/** Lines over categories (months, each label on one or two lines), on a value axis from zero; `format` writes the axis ticks. */
export function lineChart(
  doc: PDFKit.PDFDocument,
  chart: { title: string; categories: string[]; series: LineSeries[]; format: (value: number) => string; max?: number },
): void {
  room(doc, PLOT_HEIGHT + 100);
  title(doc, chart.title);
  const left = doc.page.margins.left + 60;
  const width = contentWidth(doc) - 70;
  const top = doc.y + 4;
  const bottom = top + PLOT_HEIGHT;
  const scale = niceScale(
    chart.series.flatMap((s) => s.values),
    chart.max,
  );
  const y = (v: number) => bottom - (v / scale.max) * PLOT_HEIGHT;
  const step = chart.categories.length > 1 ? width / (chart.categories.length - 1) : 0;
  const x = (i: number) => (chart.categories.length > 1 ? left + i * step : left + width / 2);

  doc.font('regular').fontSize(7.5);
  for (const tick of scale.ticks) {
    doc
      .moveTo(left, y(tick))
      .lineTo(left + width, y(tick))
      .lineWidth(0.4)
      .strokeColor(COLORS.rule)
      .undash()
      .stroke();
    doc.fillColor(COLORS.muted).text(frenchText(chart.format(tick)), doc.page.margins.left, y(tick) - 4, { width: 55, align: 'right', lineBreak: false });
  }
  doc
    .moveTo(left, top)
    .lineTo(left, bottom)
    .lineTo(left + width, bottom)
    .lineWidth(0.8)
    .strokeColor(COLORS.muted)
    .stroke();
  // A category may hold two lines (« janv. » over « 2026 »).
  chart.categories.forEach((c, i) => {
    c.split('\n').forEach((part, k) => {
      doc.fillColor(COLORS.muted).text(frenchText(part), x(i) - 25, bottom + 5 + k * 9, { width: 50, align: 'center', lineBreak: false });
    });
  });

  chart.series.forEach((s, n) => {
    const colour = SERIES_COLOURS[n % SERIES_COLOURS.length] as string;
    const dash = DASHES[n % DASHES.length];
    let drawing = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        drawing = false;
        return;
      }
      if (drawing) doc.lineTo(x(i), y(v));
      else doc.moveTo(x(i), y(v));
      drawing = true;
    });
    if (dash) doc.dash(dash[0], { space: dash[1] });
    else doc.undash();
    doc.lineWidth(1.6).strokeColor(colour).stroke();
    doc.undash();
    s.values.forEach((v, i) => {
      if (v !== null) doc.circle(x(i), y(v), 2).fillColor(colour).fill();
    });
  });

  doc.y = bottom + 28;
  legend(doc, chart.series);
}

function legend(doc: PDFKit.PDFDocument, series: LineSeries[]): void {
  let x = doc.page.margins.left + 60;
  const y = doc.y;
  doc.font('regular').fontSize(8);
  series.forEach((s, n) => {
    const dash = DASHES[n % DASHES.length];
    if (dash) doc.dash(dash[0], { space: dash[1] });
    doc
      .moveTo(x, y + 4)
      .lineTo(x + 24, y + 4)
      .lineWidth(1.6)
      .strokeColor(SERIES_COLOURS[n % SERIES_COLOURS.length] as string)
      .stroke();
    doc.undash();
    const label = frenchText(s.label);
    doc.fillColor(COLORS.text).text(label, x + 30, y, { lineBreak: false });
    x += 30 + doc.widthOfString(label) + 20;
  });
  doc.x = doc.page.margins.left;
  doc.y = y + 18;
}

/** Horizontal bars, one per line, from zero; a masked count draws no bar, only its « < 5 ». */
export function barChart(doc: PDFKit.PDFDocument, chart: { title: string; bars: Bar[] }): void {
  const rowHeight = 16;
  room(doc, chart.bars.length * rowHeight + 50);
  title(doc, chart.title);
  const labelWidth = 150;
  const left = doc.page.margins.left + labelWidth + 8;
  const width = contentWidth(doc) - labelWidth - 60;
  const scale = niceScale(chart.bars.map((b) => b.value));
  const top = doc.y;
  doc.font('regular').fontSize(8);
  chart.bars.forEach((b, i) => {
    const y = top + i * rowHeight;
    doc.fillColor(COLORS.text).text(frenchText(b.label), doc.page.margins.left, y + 3, { width: labelWidth, align: 'right', lineBreak: false });
    const length = b.masked ? 0 : (b.value / scale.max) * width;
    if (length > 0)
      doc
        .rect(left, y + 2, length, rowHeight - 5)
        .fillColor(SERIES_COLOURS[0] as string)
        .fill();
    doc.fillColor(b.masked ? COLORS.muted : COLORS.text).text(frenchText(b.printed), left + length + 4, y + 3, { lineBreak: false });
  });
  const bottom = top + chart.bars.length * rowHeight;
  doc.moveTo(left, top).lineTo(left, bottom).lineWidth(0.8).strokeColor(COLORS.muted).stroke();
  doc.x = doc.page.margins.left;
  doc.y = bottom + 10;
}
