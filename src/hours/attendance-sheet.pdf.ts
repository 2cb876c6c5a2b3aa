import { COLORS, newDocument, numberPages } from '../platform/pdf.ts';

/** Plain data in: the renderer knows nothing of the database or of HTTP. */
export interface AttendanceSheetData {
  establishment: string;
  workshop: string;
  partner: string;
  monday: string;
  /** « du lundi 30 novembre au dimanche 6 décembre 2026 ». */
  week: string;
  /** Monday first: « Lundi », « 30/11 », the public holiday's name or null. */
  days: Array<{ name: string; date: string; holiday: string | null }>;
  /** Name and post only, whoever prints: the sheet hangs in the workshop. */
  people: Array<{
    name: string;
    post: string;
    /** A closed day (outside the contract, suspended) takes no signature; `recorded` is what the grid holds already. */
    days: Array<{ closed: boolean; recorded: string }>;
    total: string;
  }>;
  generatedAt: Date;
  generatedAtLabel: string;
  fileName: string;
}

/** Narrower margins than the house's reports: a workshop's eight to ten people and both signatures fit on one page. */
const MARGINS = { top: 36, bottom: 44, left: 40, right: 40 };
const NAME_WIDTH = 180;
const DAY_WIDTH = 76;
const TOTAL_WIDTH = 50;
const HEADER_HEIGHT = 36;
const ROW_HEIGHT = 30;
const SIGNATURES_HEIGHT = 84;
const PAD = 4;
const INK = { box: '#929292', holiday: '#fde9d3', holidayText: '#a94600', closed: '#e5e5e5' };

/** The weekly attendance sheet (feuille d’émargement) of a workshop: landscape A4, so that the seven days and the total fit. */
export function renderAttendanceSheet(data: AttendanceSheetData): PDFKit.PDFDocument {
  const doc = newDocument({ title: `Feuille d’émargement — ${data.workshop}`, createdAt: data.generatedAt, layout: 'landscape' });
  doc.page.margins = { ...MARGINS };
  doc.x = MARGINS.left;
  doc.y = MARGINS.top;
  heading(doc, data);
  if (data.people.length === 0) {
    doc.font('regular').fontSize(10).fillColor(COLORS.text).text('Personne n’est affecté à cet atelier cette semaine.');
    doc.moveDown(1);
  } else {
    headerRow(doc, data);
    for (const person of data.people) {
      if (doc.y + ROW_HEIGHT > bottomOf(doc)) {
        newPage(doc);
        headerRow(doc, data);
      }
      personRow(doc, data, person);
    }
  }
  signatures(doc, data);
  numberPages(doc, `Feuille d’émargement — ${data.workshop} — semaine ${data.week}`);
  doc.end();
  return doc;
}

const newPage = (doc: PDFKit.PDFDocument) => doc.addPage({ size: 'A4', layout: 'landscape', margins: MARGINS });
const bottomOf = (doc: PDFKit.PDFDocument) => doc.page.height - doc.page.margins.bottom;
const widthOf = (doc: PDFKit.PDFDocument) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

function heading(doc: PDFKit.PDFDocument, data: AttendanceSheetData): void {
  doc.font('bold').fontSize(9).fillColor(COLORS.blue).text('ATELIER · FEUILLE D’ÉMARGEMENT');
  doc.moveDown(0.2);
  doc.font('bold').fontSize(16).fillColor(COLORS.text).text(`Feuille d’émargement — semaine ${data.week}`);
  doc.moveDown(0.2);
  doc.font('regular').fontSize(10).text(`Établissement : ${data.establishment}    Atelier : ${data.workshop}    Structure partenaire : ${data.partner}`);
  doc
    .fillColor(COLORS.muted)
    .fontSize(8.5)
    .text(
      `Chaque personne signe la case de chaque jour de présence. Case grisée : pas de présence prévue ce jour-là. Jour férié : colonne teintée, nommée en tête. Imprimée le ${data.generatedAtLabel}.`,
    );
  doc.moveDown(0.6);
}

function headerRow(doc: PDFKit.PDFDocument, data: AttendanceSheetData): void {
  const y = doc.y;
  let x = doc.page.margins.left;
  doc.rect(x, y, NAME_WIDTH, HEADER_HEIGHT).fillAndStroke(COLORS.header, INK.box);
  doc
    .font('bold')
    .fontSize(9)
    .fillColor(COLORS.text)
    .text('Personne et poste', x + PAD, y + PAD, { width: NAME_WIDTH - 2 * PAD, lineBreak: false });
  x += NAME_WIDTH;
  for (const day of data.days) {
    doc.rect(x, y, DAY_WIDTH, HEADER_HEIGHT).fillAndStroke(day.holiday ? INK.holiday : COLORS.header, INK.box);
    doc
      .font('bold')
      .fontSize(9)
      .fillColor(COLORS.text)
      .text(day.name, x + PAD, y + PAD, { width: DAY_WIDTH - 2 * PAD, lineBreak: false });
    doc
      .font('regular')
      .fontSize(8)
      .text(day.date, x + PAD, y + PAD + 11, { lineBreak: false });
    if (day.holiday) {
      doc
        .font('regular')
        .fontSize(7)
        .fillColor(INK.holidayText)
        .text(`Férié : ${day.holiday}`, x + PAD, y + PAD + 21, { width: DAY_WIDTH - 2 * PAD, height: HEADER_HEIGHT - 21 - PAD, ellipsis: true });
    }
    x += DAY_WIDTH;
  }
  doc.rect(x, y, TOTAL_WIDTH, HEADER_HEIGHT).fillAndStroke(COLORS.header, INK.box);
  doc
    .font('bold')
    .fontSize(9)
    .fillColor(COLORS.text)
    .text('Total', x + PAD, y + PAD, { width: TOTAL_WIDTH - 2 * PAD, lineBreak: false });
  doc.x = doc.page.margins.left;
  doc.y = y + HEADER_HEIGHT;
}

function personRow(doc: PDFKit.PDFDocument, data: AttendanceSheetData, person: AttendanceSheetData['people'][number]): void {
  const y = doc.y;
  let x = doc.page.margins.left;
  doc.rect(x, y, NAME_WIDTH, ROW_HEIGHT).lineWidth(0.5).stroke(INK.box);
  doc
    .font('bold')
    .fontSize(9)
    .fillColor(COLORS.text)
    .text(person.name, x + PAD, y + PAD + 1, { width: NAME_WIDTH - 2 * PAD, height: 12, ellipsis: true });
  doc
    .font('regular')
    .fontSize(7.5)
    .fillColor(COLORS.muted)
    .text(person.post, x + PAD, y + PAD + 13, { width: NAME_WIDTH - 2 * PAD, height: 11, ellipsis: true });
  x += NAME_WIDTH;
  person.days.forEach((day, i) => {
    const fill = day.closed ? INK.closed : data.days[i]?.holiday ? INK.holiday : null;
    if (fill) doc.rect(x, y, DAY_WIDTH, ROW_HEIGHT).fillAndStroke(fill, INK.box);
    else doc.rect(x, y, DAY_WIDTH, ROW_HEIGHT).stroke(INK.box);
    if (day.closed) {
      doc
        .font('regular')
        .fontSize(9)
        .fillColor(COLORS.muted)
        .text('—', x, y + ROW_HEIGHT / 2 - 5, { width: DAY_WIDTH, align: 'center', lineBreak: false });
    } else if (day.recorded) {
      doc
        .font('regular')
        .fontSize(7)
        .fillColor(COLORS.muted)
        .text(day.recorded, x + PAD, y + 2, { width: DAY_WIDTH - 2 * PAD, align: 'right', lineBreak: false });
    }
    x += DAY_WIDTH;
  });
  doc.rect(x, y, TOTAL_WIDTH, ROW_HEIGHT).stroke(INK.box);
  if (person.total) {
    doc
      .font('bold')
      .fontSize(9)
      .fillColor(COLORS.text)
      .text(person.total, x, y + ROW_HEIGHT / 2 - 5, { width: TOTAL_WIDTH, align: 'center', lineBreak: false });
  }
  doc.x = doc.page.margins.left;
  doc.y = y + ROW_HEIGHT;
}

/** The partner's and the coordinator's lines, side by side: name, date, signature. */
function signatures(doc: PDFKit.PDFDocument, data: AttendanceSheetData): void {
  doc.y += 10;
  if (doc.y + SIGNATURES_HEIGHT > bottomOf(doc)) newPage(doc);
  const y = doc.y;
  const gap = 24;
  const width = (widthOf(doc) - gap) / 2;
  const blocks = [
    { title: 'Pour la structure partenaire', who: data.partner },
    { title: 'Pour la coordination', who: data.establishment },
  ];
  blocks.forEach((block, i) => {
    const x = doc.page.margins.left + i * (width + gap);
    doc.rect(x, y, width, SIGNATURES_HEIGHT).lineWidth(0.5).stroke(INK.box);
    doc
      .font('bold')
      .fontSize(10)
      .fillColor(COLORS.text)
      .text(block.title, x + 8, y + 8, { width: width - 16, lineBreak: false });
    doc
      .font('regular')
      .fontSize(8.5)
      .fillColor(COLORS.muted)
      .text(block.who, x + 8, y + 21, { width: width - 16, height: 11, ellipsis: true });
    // Name and date on the left, the signature's room on the right.
    const split = x + width * 0.55;
    doc.fontSize(9.5).fillColor(COLORS.text);
    doc.text('Nom : ', x + 8, y + 40, { lineBreak: false });
    doc.text('Date : ', x + 8, y + 62, { lineBreak: false });
    doc.text('Signature : ', split + 8, y + 40, { lineBreak: false });
    for (const line of [40, 62]) {
      doc
        .moveTo(x + 40, y + line + 10)
        .lineTo(split - 8, y + line + 10)
        .lineWidth(0.5)
        .dash(1.5, { space: 2 })
        .stroke(INK.box)
        .undash();
    }
  });
  doc.x = doc.page.margins.left;
  doc.y = y + SIGNATURES_HEIGHT;
}
