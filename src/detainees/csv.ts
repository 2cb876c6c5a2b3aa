import type { EntityManager } from '@mikro-orm/postgresql';
import { Assignment, END_REASON_LABELS } from '../assignments/entities.ts';
import { findEstablishment } from '../establishments/service.ts';
import type { Day } from '../platform/calendar.ts';
import { headerKey, isoFromFrenchDate, readCsv, toExcelCsv } from '../platform/csv.ts';
import { FieldErrors } from '../platform/errors.ts';
import { formatPlainHours, formatShortDay } from '../platform/format.ts';
import { CONTROL_CHARACTER_ROW, hasControlCharacter, parseForm } from '../platform/forms.ts';
import { explainDatabaseRefusal } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { PAY_CATEGORY_SHORT_LABELS } from '../workshops/rules.ts';
import { DETAINEE_STATUS_LABELS, Detainee, type DetaineeStatus } from './entities.ts';
import { type DetaineeInput, detaineeForm } from './forms.ts';
import { listDetainees } from './service.ts';

export async function exportPeople(em: EntityManager, scope: Scope, establishmentId: number, today: Day): Promise<string> {
  const rows = await listDetainees(em, scope, establishmentId, { status: 'all' }, today);
  return toExcelCsv(
    [
      'Numéro d’écrou',
      'Nom',
      'Prénom',
      'Date de naissance',
      'Arrivée',
      'Libération prévue',
      'Statut',
      'Sortie le',
      'Surveillant',
      'CPIP',
      'Référent insertion',
      'Activité aujourd’hui',
      'Sans activité depuis (jours)',
    ],
    rows.map(({ detainee: d, assignments, enrollments, daysWithout }) => [
      d.prisonNumber,
      d.lastName,
      d.firstName,
      formatShortDay(d.birthDate),
      formatShortDay(d.arrivalDate),
      formatShortDay(d.expectedReleaseDate),
      DETAINEE_STATUS_LABELS[d.status as DetaineeStatus],
      formatShortDay(d.leftOn),
      d.officerName,
      d.cpipName,
      d.referentName,
      [...assignments.map((a) => `${a.post.code} ${a.post.workshop.name}`), ...enrollments.map((e) => `Formation ${e.session.programme.title}`)].join(' / '),
      daysWithout ?? '',
    ]),
  );
}

export async function exportAssignments(em: EntityManager, scope: Scope, establishmentId: number): Promise<string> {
  scope.must(scope.managesEstablishments);
  await findEstablishment(em, scope, establishmentId);
  const assignments = await em.find(
    Assignment,
    { establishment: establishmentId },
    { populate: ['detainee', 'post', 'post.workshop'], orderBy: { startsOn: 'asc', id: 'asc' } },
  );
  return toExcelCsv(
    [
      'Numéro d’écrou',
      'Nom',
      'Prénom',
      'Atelier',
      'Code poste',
      'Intitulé',
      'Contrat',
      'Début',
      'Fin du contrat',
      'Fin de la période d’essai',
      'Heures par semaine',
      'Rémunération',
      'Fin',
      'Motif de fin',
    ],
    assignments.map((a) => [
      a.detainee.prisonNumber,
      a.detainee.lastName,
      a.detainee.firstName,
      a.post.workshop.name,
      a.post.code,
      a.post.title,
      a.contractReference,
      formatShortDay(a.startsOn),
      formatShortDay(a.contractEndsOn),
      formatShortDay(a.trialEndsOn),
      formatPlainHours(a.weeklyMinutes),
      PAY_CATEGORY_SHORT_LABELS[a.payCategory],
      formatShortDay(a.endedOn),
      a.endReason ? END_REASON_LABELS[a.endReason] : '',
    ]),
  );
}

/** The import columns: French header → form field. Header cells are matched without accents or case. */
export const IMPORT_COLUMNS: ReadonlyArray<readonly [header: string, field: keyof DetaineeInput, required: boolean]> = [
  ['Numéro d’écrou', 'prisonNumber', true],
  ['Nom', 'lastName', true],
  ['Prénom', 'firstName', true],
  ['Date de naissance', 'birthDate', true],
  ['Arrivée', 'arrivalDate', true],
  ['Libération prévue', 'expectedReleaseDate', false],
  ['Surveillant', 'officerName', false],
  ['CPIP', 'cpipName', false],
  ['Référent insertion', 'referentName', false],
];

export interface ImportRow {
  line: number;
  cells: Record<string, string>;
  input?: DetaineeInput;
  problems: string[];
}

export interface ImportPreview {
  rows: ImportRow[];
  /** Problems of the file itself (missing columns, empty file). */
  fileProblems: string[];
  ok: boolean;
}

/** Reads and checks every row; nothing is stored here. Each bad row says what to fix. */
export async function previewImport(em: EntityManager, scope: Scope, establishmentId: number, text: string): Promise<ImportPreview> {
  scope.assertCanManage(establishmentId);
  await findEstablishment(em, scope, establishmentId);
  let parsed: { header: string[]; rows: string[][] };
  try {
    parsed = readCsv(text);
  } catch {
    return { rows: [], fileProblems: ['Le fichier n’est pas un CSV lisible. Enregistrez-le depuis le tableur au format « CSV (point-virgule) ».'], ok: false };
  }
  const index = new Map(parsed.header.map((h, i) => [headerKey(h), i]));
  const missing = IMPORT_COLUMNS.filter(([header, , required]) => required && !index.has(headerKey(header))).map(([header]) => header);
  if (missing.length > 0) {
    return { rows: [], fileProblems: [`Colonnes manquantes : ${missing.join(', ')}. La première ligne doit porter les titres des colonnes.`], ok: false };
  }
  if (parsed.rows.length === 0) return { rows: [], fileProblems: ['Le fichier ne contient aucune ligne de personne.'], ok: false };
  if (parsed.rows.length > 2000) return { rows: [], fileProblems: ['Le fichier dépasse 2 000 lignes : découpez-le.'], ok: false };
  const existing = new Set((await em.find(Detainee, { establishment: establishmentId }, { fields: ['prisonNumber'] })).map((d) => d.prisonNumber));
  const seen = new Map<string, number>();
  const rows = parsed.rows.map((cellsArray, i): ImportRow => {
    const line = i + 2;
    const cells: Record<string, string> = {};
    for (const [header, field] of IMPORT_COLUMNS) {
      const at = index.get(headerKey(header));
      const raw = at === undefined ? '' : (cellsArray[at] ?? '');
      cells[field] = field.endsWith('Date') ? isoFromFrenchDate(raw) : raw;
    }
    // Any cell of the row, imported or not: the confirmation posts the whole file back.
    if (cellsArray.some(hasControlCharacter)) return { line, cells, problems: [CONTROL_CHARACTER_ROW] };
    try {
      const input = parseForm(detaineeForm, cells);
      const problems: string[] = [];
      if (existing.has(input.prisonNumber)) problems.push(`Numéro d’écrou ${input.prisonNumber} : déjà enregistré dans l’établissement.`);
      const earlier = seen.get(input.prisonNumber);
      if (earlier) problems.push(`Numéro d’écrou ${input.prisonNumber} : déjà présent ligne ${earlier} du fichier.`);
      seen.set(input.prisonNumber, line);
      return { line, cells, input, problems };
    } catch (e) {
      if (!(e instanceof FieldErrors)) throw e;
      const label = (field: string) => IMPORT_COLUMNS.find(([, f]) => f === field)?.[0] ?? field;
      return { line, cells, problems: Object.entries(e.fields).map(([field, message]) => `${label(field)} : ${message}`) };
    }
  });
  return { rows, fileProblems: [], ok: rows.every((r) => r.problems.length === 0) };
}

/** Imports all the rows in one transaction, or none: the file is checked again first. */
export async function importPeople(
  em: EntityManager,
  scope: Scope,
  establishmentId: number,
  text: string,
): Promise<{ imported: number } | { preview: ImportPreview }> {
  const preview = await previewImport(em, scope, establishmentId, text);
  if (!preview.ok) return { preview };
  const establishment = await findEstablishment(em, scope, establishmentId);
  try {
    await em.transactional(async (tx) => {
      for (const { input } of preview.rows) {
        if (!input) continue;
        tx.create(Detainee, { establishment, ...input, status: 'present' });
      }
    });
  } catch (error) {
    // Someone added one of these numbers in the meantime: nothing was imported, say why.
    throw explainDatabaseRefusal(error);
  }
  return { imported: preview.rows.length };
}
