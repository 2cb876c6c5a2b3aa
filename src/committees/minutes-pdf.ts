import { formatDateTime, formatShortDay } from '../platform/format.ts';
import { COLORS, drawTable, newDocument } from '../platform/pdf.ts';
import { ACTION_STATUS_LABELS, ATTENDANCE_LABELS, COMMITTEE_KIND_LABELS, MEMBER_ROLE_LABELS, type MinutesContent, type MinutesDocument } from './entities.ts';

const DRAFT_MARK = 'Projet — non approuvé';
const INK = { draft: '#ce0500', watermark: '#f4c7c6' };

/**
 * The minutes of a meeting as a PDF: header, attendance, agenda, the discussion per item, the
 * decisions, the action items and the approval (or a « Projet » mark on every page of a draft).
 * Plain data in, bytes out: the same document gives the same bytes (the PDF's dates and ID come
 * from the meeting), so an approved edition's SHA-256 can be checked against a re-rendering.
 */
export async function minutesPdf(minutes: MinutesDocument): Promise<Buffer> {
  const title = `Compte rendu — ${minutes.committee.name}`;
  const doc = newDocument({ title, createdAt: minutes.startsAt });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  heading(doc, minutes, title);
  attendance(doc, minutes);
  agenda(doc, minutes.content);
  discussion(doc, minutes.content);
  decisions(doc, minutes.content, minutes.approval !== null);
  actions(doc, minutes.content);
  approval(doc, minutes);
  pageFurniture(doc, `${title} — ${formatDateTime(minutes.startsAt)}`, minutes.approval === null);
  doc.end();
  return done;
}

/**
 * French typography: a no-break space before « : ; ! ? » and inside « » where a space was typed, so
 * they never start a line. U+00A0 rather than the finer U+202F: Marianne has no glyph for the latter.
 */
export function frenchTypography(text: string): string {
  return text
    .replace(/[ \t]+:/g, '\u00a0:')
    .replace(/[ \t]+([;!?])/g, '\u00a0$1')
    .replace(/«[ \t]+/g, '«\u00a0')
    .replace(/[ \t]+»/g, '\u00a0»');
}

const fr = frenchTypography;
const bottomOf = (doc: PDFKit.PDFDocument) => doc.page.height - doc.page.margins.bottom;
const widthOf = (doc: PDFKit.PDFDocument) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** A section title, never alone at the foot of a page. */
function section(doc: PDFKit.PDFDocument, text: string, keepWith = 70): void {
  if (doc.y + keepWith > bottomOf(doc)) doc.addPage();
  doc.x = doc.page.margins.left;
  doc.font('bold').fontSize(13).fillColor(COLORS.blue).text(fr(text));
  doc.moveDown(0.4);
  doc.font('regular').fontSize(10).fillColor(COLORS.text);
}

function heading(doc: PDFKit.PDFDocument, m: MinutesDocument, title: string): void {
  doc.font('bold').fontSize(9).fillColor(COLORS.blue).text('ATELIER — COMPTE RENDU DE SÉANCE');
  doc.moveDown(0.3);
  doc.font('bold').fontSize(18).fillColor(COLORS.text).text(fr(title));
  doc.font('regular').fontSize(10).text(COMMITTEE_KIND_LABELS[m.committee.kind]);
  if (m.establishments.length > 0) doc.text(fr(`${m.establishments.length > 1 ? 'Établissements' : 'Établissement'} : ${m.establishments.join(', ')}`));
  doc.text(fr(`Séance du ${formatDateTime(m.startsAt)}`));
  if (m.place) doc.text(fr(`Lieu : ${m.place}`));
  if (m.videoLink) doc.text(fr(`Visioconférence : ${m.videoLink}`));
  doc
    .fillColor(COLORS.muted)
    .fontSize(9)
    .text(m.edition > 1 ? `Version ${m.edition}, corrigée` : 'Version 1');
  if (m.approval === null) doc.font('bold').fillColor(INK.draft).text(DRAFT_MARK);
  doc.moveDown(1);
}

function attendance(doc: PDFKit.PDFDocument, m: MinutesDocument): void {
  section(doc, 'Participants');
  const rows = m.content.attendance.map((a) => [
    a.name,
    a.organisation,
    MEMBER_ROLE_LABELS[a.role],
    a.status === 'represented' ? `Représenté par ${a.representedBy}` : ATTENDANCE_LABELS[a.status],
  ]);
  if (rows.length === 0) doc.text('Aucune présence enregistrée.').moveDown(0.8);
  else
    drawTable(
      doc,
      [
        { header: 'Nom', width: 130 },
        { header: 'Organisme', width: 155 },
        { header: 'Rôle', width: 65 },
        { header: 'Présence', width: 145 },
      ],
      rows.map((row) => row.map(fr)),
    );
  const quorum = m.committee.quorum;
  if (quorum !== null) {
    const sitting = m.content.attendance.filter((a) => a.status === 'present' || a.status === 'represented').length;
    const reached = sitting >= quorum ? 'quorum atteint' : 'quorum non atteint';
    doc
      .font('regular')
      .fontSize(10)
      .fillColor(COLORS.text)
      .text(fr(`Quorum : ${quorum} membres présents ou représentés requis ; ${sitting} présents ou représentés, ${reached}.`));
    doc.moveDown(0.8);
  }
}

function agenda(doc: PDFKit.PDFDocument, content: MinutesContent): void {
  section(doc, 'Ordre du jour');
  if (content.items.length === 0) doc.text('Aucun point inscrit.');
  for (const item of content.items) doc.text(fr(`${item.position}. ${item.title}${item.presenter ? ` (${item.presenter})` : ''}`));
  doc.moveDown(1);
}

function discussion(doc: PDFKit.PDFDocument, content: MinutesContent): void {
  const written = content.items.filter((item) => item.discussion.trim() !== '');
  if (written.length === 0) return;
  section(doc, 'Compte rendu des échanges');
  for (const item of written) {
    if (doc.y + 50 > bottomOf(doc)) doc.addPage();
    doc.x = doc.page.margins.left;
    doc
      .font('bold')
      .fontSize(11)
      .fillColor(COLORS.text)
      .text(fr(`${item.position}. ${item.title}`));
    doc.moveDown(0.2);
    textBlocks(doc, item.discussion);
    doc.moveDown(0.6);
  }
}

/** Plain text as typed: paragraphs separated by a blank line, lines starting with « - » as a list. */
function textBlocks(doc: PDFKit.PDFDocument, text: string): void {
  const left = doc.page.margins.left;
  const width = widthOf(doc);
  const indent = 16;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    doc
      .font('regular')
      .fontSize(10)
      .fillColor(COLORS.text)
      .text(fr(paragraph.join(' ')), left, doc.y, { width, align: 'justify' });
    doc.moveDown(0.4);
    paragraph = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    const bullet = /^[-–•]\s+(.*)$/.exec(line);
    if (line === '') flush();
    else if (bullet) {
      flush();
      const body = fr(bullet[1] as string);
      doc.font('regular').fontSize(10);
      if (doc.y + doc.heightOfString(body, { width: width - indent }) > bottomOf(doc)) doc.addPage();
      const y = doc.y;
      doc.fillColor(COLORS.text).text('–', left + 4, y, { lineBreak: false });
      doc.text(body, left + indent, y, { width: width - indent });
      doc.moveDown(0.15);
    } else paragraph.push(line);
  }
  flush();
  doc.x = left;
}

function decisions(doc: PDFKit.PDFDocument, content: MinutesContent, approved: boolean): void {
  section(doc, 'Décisions');
  if (content.decisions.length === 0) doc.text('Aucune décision.');
  for (const d of content.decisions) {
    const number = d.number || (approved ? 'Décision' : 'Décision (numérotée à l’approbation)');
    const item = d.item === null ? '' : ` (point ${d.item})`;
    if (doc.y + 30 > bottomOf(doc)) doc.addPage();
    doc.x = doc.page.margins.left;
    doc.font('bold').fontSize(10).fillColor(COLORS.text).text(`${number}${item}\u00a0: `, { continued: true });
    doc.font('regular').text(fr(d.text), { width: widthOf(doc) });
    doc.moveDown(0.3);
  }
  doc.moveDown(0.8);
}

function actions(doc: PDFKit.PDFDocument, content: MinutesContent): void {
  section(doc, 'Actions à suivre');
  if (content.actions.length === 0) {
    doc.text('Aucune action.').moveDown(0.8);
    return;
  }
  drawTable(
    doc,
    [
      { header: 'Action', width: 160 },
      { header: 'Responsable', width: 100 },
      { header: 'Échéance', width: 58 },
      { header: 'Statut', width: 65 },
      { header: 'Commentaire', width: 112 },
    ],
    content.actions.map((a) => [a.title, a.owner, formatShortDay(a.dueOn), ACTION_STATUS_LABELS[a.status], a.comment].map(fr)),
  );
}

function approval(doc: PDFKit.PDFDocument, m: MinutesDocument): void {
  if (doc.y + 40 > bottomOf(doc)) doc.addPage();
  doc.x = doc.page.margins.left;
  doc.moveDown(0.5);
  if (m.approval)
    doc
      .font('bold')
      .fontSize(11)
      .fillColor(COLORS.text)
      .text(fr(`Approuvé le ${approvalDay(m.approval.on)} par ${m.approval.by}.`));
  else
    doc
      .font('bold')
      .fontSize(11)
      .fillColor(INK.draft)
      .text(fr(`${DRAFT_MARK} : ce compte rendu n’a pas encore été approuvé.`));
}

/** « 2026-12-03 » or « 03/12/2026 », written « 03/12/2026 ». */
function approvalDay(on: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(on) ? formatShortDay(on) : on;
}

/** On every page: the meeting at the head (and the draft mark), « Page n sur N » at the foot. */
function pageFurniture(doc: PDFKit.PDFDocument, label: string, draft: boolean): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const left = doc.page.margins.left;
    const width = widthOf(doc);
    // Writing inside the margins must not open a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (draft) {
      doc.save();
      doc.rotate(-35, { origin: [doc.page.width / 2, doc.page.height / 2] });
      doc
        .font('bold')
        .fontSize(54)
        .fillColor(INK.watermark)
        .fillOpacity(0.35)
        .text('PROJET', 0, doc.page.height / 2 - 30, { width: doc.page.width, align: 'center', lineBreak: false });
      doc.restore();
      doc.font('bold').fontSize(8).fillColor(INK.draft).text(DRAFT_MARK, left, 24, { width, align: 'right', lineBreak: false });
    }
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(COLORS.muted)
      .text(label, left, 24, { width: draft ? width - 110 : width, lineBreak: false, ellipsis: true });
    const y = doc.page.height - bottom + 20;
    doc.text(fr(label), left, y, { width: width - 80, align: 'left', lineBreak: false, ellipsis: true });
    doc.text(`Page ${i + 1} sur ${range.count}`, left, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
