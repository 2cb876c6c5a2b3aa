import type { Day } from '../platform/calendar.ts';
import { formatDay, formatMinutes, formatShortDay } from '../platform/format.ts';
import { COLORS, drawTable, newDocument, numberPages } from '../platform/pdf.ts';

/** Plain data in: the renderer knows nothing of the database or of HTTP. */
export interface AttestationData {
  person: { name: string; birthDate: Day };
  establishment: string;
  posts: Array<{ title: string; workshop: string; partner: string; from: Day; to: Day | null; minutes: number }>;
  trainings: Array<{ title: string; provider: string; from: Day; to: Day | null; status: 'enrolled' | 'completed'; certification: string | null }>;
  skills: Array<{ label: string; post: string; notedOn: Day }>;
  issuer: string;
  issuedOn: Day;
  /** The instant of issue: the document's creation date, so the same data gives the same bytes. */
  issuedAt: Date;
}

const TITLE = 'Attestation de travail et de formation';

const period = (from: Day, to: Day | null) => (to ? `du ${formatShortDay(from)} au ${formatShortDay(to)}` : `depuis le ${formatShortDay(from)}`);

function section(doc: PDFKit.PDFDocument, title: string): void {
  if (doc.y > doc.page.height - 160) doc.addPage();
  doc.font('bold').fontSize(12).fillColor(COLORS.blue).text(title);
  doc.moveDown(0.4).fillColor(COLORS.text);
}

function none(doc: PDFKit.PDFDocument, text: string): void {
  doc.font('regular').fontSize(10).fillColor(COLORS.text).text(text).moveDown(0.8);
}

/** The attestation a coordinator hands to a person, for their job search: posts, hours, trainings, skills. */
export function renderAttestation(data: AttestationData): PDFKit.PDFDocument {
  const doc = newDocument({ title: `${TITLE} — ${data.person.name}`, createdAt: data.issuedAt });

  doc.font('bold').fontSize(9).fillColor(COLORS.blue).text(`ATELIER — ${data.establishment.toUpperCase()}`);
  doc.moveDown(0.3);
  doc.font('bold').fontSize(18).fillColor(COLORS.text).text(TITLE);
  doc.moveDown(0.6);
  doc
    .font('regular')
    .fontSize(10)
    .text(
      `${establishmentPhrase(data.establishment)} atteste que ${data.person.name}, personne née le ${formatDay(data.person.birthDate)}, a occupé les postes de travail et suivi les formations décrits ci-dessous, dans le cadre de son dispositif d’insertion par l’activité économique.`,
    );
  doc.moveDown(0.4);
  doc.fillColor(COLORS.muted).text('Cette attestation est remise à la personne pour faire valoir son expérience dans sa recherche d’emploi ou de formation.');
  doc.moveDown(1);

  section(doc, 'Postes de travail occupés');
  if (data.posts.length === 0) none(doc, 'Aucun poste de travail.');
  else
    drawTable(
      doc,
      [
        { header: 'Poste', width: 85 },
        { header: 'Atelier', width: 85 },
        { header: 'Structure', width: 125 },
        { header: 'Période', width: 135 },
        { header: 'Heures travaillées', width: 65, align: 'right' },
      ],
      data.posts.map((p) => [p.title, p.workshop, p.partner, period(p.from, p.to), formatMinutes(p.minutes)]),
    );
  doc.font('regular').fontSize(8).fillColor(COLORS.muted).text('Heures travaillées : les heures de travail des semaines validées par l’établissement.');
  doc.moveDown(1);

  section(doc, 'Formations suivies');
  if (data.trainings.length === 0) none(doc, 'Aucune formation.');
  else
    drawTable(
      doc,
      [
        { header: 'Formation', width: 125 },
        { header: 'Organisme', width: 85 },
        { header: 'Période', width: 135 },
        { header: 'État', width: 55 },
        { header: 'Certification obtenue', width: 95 },
      ],
      data.trainings.map((t) => [t.title, t.provider, period(t.from, t.to), t.status === 'completed' ? 'Terminée' : 'En cours', t.certification ?? '—']),
    );

  section(doc, 'Compétences observées à l’atelier');
  if (data.skills.length === 0) none(doc, 'Aucune compétence notée.');
  else
    drawTable(
      doc,
      [
        { header: 'Compétence', width: 250 },
        { header: 'Poste', width: 165 },
        { header: 'Notée le', width: 80 },
      ],
      data.skills.map((s) => [s.label, s.post, formatShortDay(s.notedOn)]),
    );

  if (doc.y > doc.page.height - 140) doc.addPage();
  doc.moveDown(1);
  doc
    .font('regular')
    .fontSize(10)
    .fillColor(COLORS.text)
    .text(`Attestation délivrée le ${formatDay(data.issuedOn)} par ${data.issuer}, pour la coordination du dispositif.`);
  doc.moveDown(2).text('Signature :');
  numberPages(doc, `${TITLE} — ${data.person.name}`);
  doc.end();
  return doc;
}

/** « L’établissement X » unless its name already says what it is (« Établissement InSERRE d’Arras », « Maison d’arrêt de Brest »). */
export function establishmentPhrase(name: string): string {
  return /^(établissement|maison|centre|prison|quartier)\b/i.test(name) ? `« ${name} »` : `L’établissement ${name}`;
}
