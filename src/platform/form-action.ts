import { OptimisticLockError } from '@mikro-orm/core';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from './context.ts';
import { FieldErrors, RuleError, StaleRecordError } from './errors.ts';
import { type FormValues, parseForm, readForm, refuseControlCharacters } from './forms.ts';
import { explainDatabaseRefusal } from './guarded-flush.ts';
import { isHtmx } from './htmx.ts';

/** Why a posted form was not saved, ready to be shown next to its fields. */
export interface Refusal {
  /** What the user typed, to fill the form again (or the stored values when `stale`). */
  values: FormValues;
  /** One French message per field; `_form` for the form as a whole. */
  errors: Record<string, string>;
  status: 409 | 422;
  /** Someone else saved the record meanwhile: show its current values. */
  stale: boolean;
}

export interface FormSteps<Input, Result> {
  /** Runs the use case; a rule it breaks throws, and nothing is stored (the service's transaction rolls back). */
  run: (input: Input, values: FormValues) => Promise<Result>;
  /** After a success: a redirect, or the fragment htmx swaps in. */
  done: (result: Result, values: FormValues) => Response | Promise<Response>;
  /** After a refusal: the form again with its errors (page or fragment alike). */
  refused: (refusal: Refusal) => Response | Promise<Response>;
}

/** What a refused form looks like, whichever layer refused it: zod, a rule, a stale version or a database guard. */
export function refusalOf(error: unknown, values: FormValues): Refusal | null {
  const explained = explainDatabaseRefusal(error);
  if (explained instanceof FieldErrors) return { values, errors: explained.fields, status: 422, stale: false };
  if (explained instanceof StaleRecordError || explained instanceof OptimisticLockError) {
    return { values, errors: { _form: new StaleRecordError().message }, status: 409, stale: true };
  }
  if (explained instanceof RuleError) return { values, errors: { _form: explained.message }, status: explained.status, stale: false };
  return null;
}

/**
 * The five steps of a form post, once: read the body, parse it with `schema`, run the use
 * case, then answer `done`, or `refused` with the errors next to the fields (status 422, or
 * 409 for a stale record). The unit of work is cleared before `refused` renders, so the
 * form shows what the database holds, not what the refused run left in memory.
 */
export async function formAction<S extends z.ZodType, Result>(c: Context<AppEnv>, schema: S | null, steps: FormSteps<z.infer<S>, Result>): Promise<Response> {
  const values = await readForm(c.req, { controls: 'parse' });
  let result: Result;
  try {
    const input = schema ? parseForm(schema, values) : (refuseControlCharacters(values) as z.infer<S>);
    result = await steps.run(input, values);
  } catch (error) {
    const refusal = refusalOf(error, values);
    if (!refusal) throw error;
    c.var.em.clear();
    return steps.refused(refusal);
  }
  return steps.done(result, values);
}

/** One handler, two shapes: the fragment for htmx, the whole page otherwise. */
export function pageOrFragment<T>(c: Context<AppEnv>, shapes: { fragment: () => T; page: () => T }): T {
  return isHtmx(c) ? shapes.fragment() : shapes.page();
}
