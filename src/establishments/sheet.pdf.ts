import { COLORS, drawTable, newDocument, numberPages } from '../platform/pdf.ts';

/** Plain data in: the renderer knows nothing of the database or of HTTP. */
export interface SheetData {
  establishment: { name: string; kind: string; city: string; capacity: string };
  generatedAt: Date;
  /** "26 novembre 2026 à 09h12", already in Paris time. */
  generatedAtLabel: string;
  summary: string;
  workshops: Array<{
    name: string;
    partner: string;
    activity: string;
    iae: string;
    openingHours: string;
    /** « 9/10 postes occupés ». */
    occupancy: string;
    posts: Array<{ code: string; title: string; hours: string; pay: string; occupancy: string }>;
  }>;
  sessions: Array<{ title: string; provider: string; certification: string; dates: string; places: string; paid: string }>;
}

/** The « fiche établissement »: workshops, posts, training sessions and places. */
export function renderEstablishmentSheet(data: SheetData): PDFKit.PDFDocument {
  const doc = newDocument({ title: `Fiche établissement — ${data.establishment.name}`, createdAt: data.generatedAt });
  const e = data.establishment;

  doc.font('bold').fontSize(9).fillColor(COLORS.blue).text('ATELIER — FICHE ÉTABLISSEMENT');
  doc.moveDown(0.3);
  doc.font('bold').fontSize(18).fillColor(COLORS.text).text(e.name);
  doc.font('regular').fontSize(10).text(`${e.kind}, ${e.city}, capacité ${e.capacity}`);
  doc.fillColor(COLORS.muted).fontSize(9).text(`Générée le ${data.generatedAtLabel}`);
  doc.moveDown(0.6);
  doc.fillColor(COLORS.text).fontSize(10).text(data.summary);
  doc.moveDown(1);

  doc.font('bold').fontSize(13).fillColor(COLORS.blue).text('Ateliers et postes de travail');
  doc.moveDown(0.5);
  if (data.workshops.length === 0) doc.font('regular').fontSize(10).fillColor(COLORS.text).text('Aucun atelier.').moveDown();
  for (const w of data.workshops) {
    if (doc.y > doc.page.height - 200) doc.addPage();
    doc.font('bold').fontSize(11).fillColor(COLORS.text).text(w.name);
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(COLORS.muted)
      .text(`Structure : ${w.partner}. Activité : ${w.activity}. ${w.iae}.${w.openingHours ? ` Horaires d’ouverture : ${w.openingHours}.` : ''}`)
      .text(w.occupancy);
    doc.moveDown(0.3).fillColor(COLORS.text);
    if (w.posts.length === 0) {
      doc.font('regular').fontSize(9).text('Aucun poste dans cet atelier.').moveDown(0.8);
      continue;
    }
    drawTable(
      doc,
      [
        { header: 'Code', width: 62 },
        { header: 'Intitulé', width: 150 },
        { header: 'Heures / semaine', width: 58, align: 'right' },
        { header: 'Rémunération', width: 150 },
        { header: 'Occupation', width: 75 },
      ],
      w.posts.map((p) => [p.code, p.title, p.hours, p.pay, p.occupancy]),
    );
  }

  if (doc.y > doc.page.height - 180) doc.addPage();
  doc.font('bold').fontSize(13).fillColor(COLORS.blue).text('Sessions de formation en cours et à venir');
  doc.moveDown(0.5);
  if (data.sessions.length === 0) {
    doc.font('regular').fontSize(10).fillColor(COLORS.text).text('Aucune session programmée.');
  } else {
    drawTable(
      doc,
      [
        { header: 'Formation', width: 125 },
        { header: 'Organisme', width: 100 },
        { header: 'Certification', width: 62 },
        { header: 'Dates', width: 118 },
        { header: 'Places', width: 40, align: 'right' },
        { header: 'Payée', width: 50 },
      ],
      data.sessions.map((s) => [s.title, s.provider, s.certification, s.dates, s.places, s.paid]),
    );
  }

  numberPages(doc, `Atelier — ${e.name}`);
  doc.end();
  return doc;
}
