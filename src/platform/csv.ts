import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** Excel-ready CSV, the way French spreadsheets expect it: UTF-8 with a BOM, `;` between fields, CRLF lines. */
export function toExcelCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : neutralise(v));
  const body = stringify([header as string[], ...rows.map((r) => r.map(cell))], { delimiter: ';', record_delimiter: '\r\n' });
  return `\uFEFF${body}`;
}

/**
 * A text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
 * leading apostrophe: a name typed as =HYPERLINK(…) stays text in Excel.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** "26/11/2026" or "2026-11-26" → "2026-11-26"; anything else unchanged (the form's validation explains it). */
export function isoFromFrenchDate(value: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  return m ? `${m[3]}-${(m[2] ?? '').padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}` : value.trim();
}

/** Uploaded bytes as text: UTF-8 when valid, else Windows-1252 (Excel's « CSV (point-virgule) » in France). */
export function decodeSpreadsheet(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * Reads a spreadsheet export: `;` or `,` separated (whichever the header line uses), with or
 * without a BOM. Returns the header and the rows as arrays of trimmed strings.
 */
export function readCsv(text: string): { header: string[]; rows: string[][] } {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records = parse(clean, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h.trim()), rows };
}

/** A header cell compared without accents, case or punctuation: « Numéro d’écrou » → "numero d ecrou". */
export function headerKey(cell: string): string {
  return cell
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
