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

/** Reads a urlencoded or multipart body into strings; repeated names become arrays. */
export async function readForm(req: { parseBody: (o: { all: true }) => Promise<Record<string, unknown>> }): Promise<FormValues> {
  const body = await readBody({ req });
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}

/** Parses posted values with `schema`, or throws FieldErrors with one French message per field. */
export function parseForm<S extends z.ZodType>(schema: S, values: FormValues): z.infer<S> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
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
    return url.origin === base ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}
