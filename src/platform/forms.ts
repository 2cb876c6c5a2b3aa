import type { z } from 'zod';
import { BadRequestError, FieldErrors } from './errors.ts';

export type FormValues = Record<string, string | string[]>;

/**
 * Parses the body once (Hono caches the first parse, so everyone uses these options);
 * a malformed body is the client's fault: 400, not 500.
 */
export async function readBody(c: { req: { parseBody: (o: { all: true }) => Promise<Record<string, unknown>> } }): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody({ all: true });
  } catch {
    throw new BadRequestError();
  }
}

/**
 * C0 controls except tab, CR and LF (a textarea sends them), DEL and C1: nothing a person
 * types, and PostgreSQL refuses NUL in text (a 500 where the user deserves a message).
 */
const CONTROL_CHARACTER = /(?![\t\n\r])\p{Cc}/u;
export const CONTROL_CHARACTER_MESSAGE = 'Ce champ contient un caractère invisible ou de contrôle : retapez-le.';
export const CONTROL_CHARACTER_ROW = 'Cette ligne contient un caractère invisible ou de contrôle : corrigez-la dans le tableur.';

export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/** One French message per posted field holding a control character (`_form` when the name holds one). */
export function controlCharacterErrors(values: Record<string, string | string[]>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (hasControlCharacter(key)) fields._form = CONTROL_CHARACTER_MESSAGE;
    else if ((Array.isArray(value) ? value : [value]).some(hasControlCharacter)) fields[key] = CONTROL_CHARACTER_MESSAGE;
  }
  return fields;
}

/** The values unchanged, or FieldErrors when one holds a control character. */
export function refuseControlCharacters<V extends Record<string, string | string[]>>(values: V): V {
  const fields = controlCharacterErrors(values);
  if (Object.keys(fields).length > 0) throw new FieldErrors(fields);
  return values;
}

/**
 * Reads a urlencoded or multipart body into strings; repeated names become arrays. A value
 * holding a control character is refused here (422), unless the caller passes `controls:
 * 'parse'` because it calls parseForm, which shows the message next to the field.
 */
export async function readForm(
  req: { parseBody: (o: { all: true }) => Promise<Record<string, unknown>> },
  { controls = 'refuse' }: { controls?: 'refuse' | 'parse' } = {},
): Promise<FormValues> {
  const body = await readBody({ req });
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return controls === 'refuse' ? refuseControlCharacters(values) : values;
}

/** Parses posted values with `schema`, or throws FieldErrors with one French message per field. */
export function parseForm<S extends z.ZodType>(schema: S, values: FormValues): z.infer<S> {
  const fields: Record<string, string> = controlCharacterErrors(values);
  const result = schema.safeParse(values);
  if (result.success && Object.keys(fields).length === 0) return result.data;
  for (const issue of result.error?.issues ?? []) {
    const key = String(issue.path[0] ?? '_form');
    // A field sent twice, or not as text, is not something a person typed: say so plainly.
    fields[key] ??= issue.code === 'invalid_type' ? 'Valeur illisible : rechargez la page puis saisissez ce champ à nouveau.' : issue.message;
  }
  throw new FieldErrors(fields);
}

export function one(values: FormValues, name: string): string {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export function many(values: FormValues, name: string): string[] {
  const v = values[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Only a path of this site may be a return address (a form's `retour`), never another origin. */
export function safeReturnPath(value: string | undefined): string {
  // Parse it as the browser will (it drops tabs and newlines, reads backslashes as slashes).
  const base = 'http://atelier.invalid';
  try {
    const url = new URL(value || '/', base);
    const path = `${url.pathname}${url.search}`;
    // After normalisation `/.//evil.example` is `//evil.example`, which a browser reads as another host.
    return url.origin === base && /^\/(?![/\\])/.test(path) ? path : '/';
  } catch {
    return '/';
  }
}
