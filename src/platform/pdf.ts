import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const fonts = path.join(path.dirname(createRequire(import.meta.url).resolve('@gouvfr/dsfr/package.json')), 'dist/fonts');

/** Marianne (shipped by the DSFR) covers French typography that pdfkit's Helvetica garbles (U+202F, ’, œ, €). */
export const FONT = { regular: path.join(fonts, 'Marianne-Regular.woff'), bold: path.join(fonts, 'Marianne-Bold.woff') };

export const COLORS = { text: '#161616', muted: '#666666', rule: '#dddddd', header: '#eeeeee', blue: '#000091' };

export function newDocument(info: { title: string; createdAt: Date; layout?: 'portrait' | 'landscape' }): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    layout: info.layout ?? 'portrait',
    margins: { top: 50, bottom: 60, left: 50, right: 50 },
    bufferPages: true,
    info: { Title: info.title, Author: 'Atelier', Creator: 'Atelier', Producer: 'Atelier', CreationDate: info.createdAt, ModDate: info.createdAt },
    lang: 'fr-FR',
    displayTitle: true,
  });
  doc.registerFont('regular', FONT.regular);
  doc.registerFont('bold', FONT.bold);
  doc.font('regular').fillColor(COLORS.text);
  return doc;
}

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

const PAD = 4;

/** Draws a table with a repeated header row, breaking pages between rows; `padding` is each cell's inner margin. */
export function drawTable(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][], fontSize = 8.5, padding = PAD): void {
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(fontSize);
    return Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: (columns[i]?.width ?? 50) - 2 * padding }))) + 2 * padding;
  };
  const drawRow = (cells: string[], font: string, fill?: string, h = rowHeight(cells, font)) => {
    const y = doc.y;
    const width = columns.reduce((w, c) => w + c.width, 0);
    if (fill) doc.rect(left, y, width, h).fill(fill);
    doc.fillColor(COLORS.text).font(font).fontSize(fontSize);
    let x = left;
    cells.forEach((cell, i) => {
      const column = columns[i] as Column;
      doc.text(cell, x + padding, y + padding, { width: column.width - 2 * padding, align: column.align ?? 'left' });
      x += column.width;
    });
    doc
      .moveTo(left, y + h)
      .lineTo(left + width, y + h)
      .lineWidth(0.5)
      .strokeColor(COLORS.rule)
      .stroke();
    doc.x = left;
    doc.y = y + h;
  };
  const header = columns.map((c) => c.header);
  if (doc.y + rowHeight(header, 'bold') + rowHeight(rows[0] ?? header, 'regular') > bottom()) doc.addPage();
  drawRow(header, 'bold', COLORS.header);
  for (const row of rows) {
    const h = rowHeight(row, 'regular');
    if (doc.y + h > bottom()) {
      doc.addPage();
      drawRow(header, 'bold', COLORS.header);
    }
    drawRow(row, 'regular', undefined, h);
  }
  doc.moveDown(0.8);
}

/** Writes "label — page n / N" at the foot of every page; call once, after the content. */
export function numberPages(doc: PDFKit.PDFDocument, label: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - doc.page.margins.bottom + 20;
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    // Writing inside the bottom margin must not open a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor(COLORS.muted);
    doc.text(label, doc.page.margins.left, y, { width, align: 'left', lineBreak: false });
    doc.text(`page ${i + 1} / ${range.count}`, doc.page.margins.left, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * French typography for a PDF's text: a no-break space before « : ; ! ? % € », after « n° » and
 * inside « », so that no line starts or ends between them. U+00A0 stands for the finer U+202F
 * (which `Intl` writes between thousands): Marianne has no glyph for it.
 */
export function frenchText(text: string): string {
  return text
    .replace(/\u202f/g, '\u00a0')
    .replace(/[ \t]+([:;!?%€])/g, '\u00a0$1')
    .replace(/n°[ \t]+/g, 'n°\u00a0')
    .replace(/«[ \t]+/g, '«\u00a0')
    .replace(/[ \t]+»/g, '\u00a0»');
}
