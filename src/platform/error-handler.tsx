import { ConnectionException, OptimisticLockError } from '@mikro-orm/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ERROR_TITLES, ErrorAlert, ErrorPage } from '../../views/errors.tsx';
import type { AppEnv } from './context.ts';
import {
  BadRequestError,
  DatabaseUnavailableError,
  FieldErrors,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  RuleError,
  StaleRecordError,
} from './errors.ts';
import { isHtmx } from './htmx.ts';
import { renderFragment, renderPage } from './render.tsx';

type Known = { status: 400 | 403 | 404 | 409 | 413 | 422 | 500 | 503; message: string };

/** Codes of a server that is gone, going or not yet there (network, then PostgreSQL's class 57P). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
]);
/** What `pg` and its pool say, with no code, when a connection drops or none can be had. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
];

/** The database cannot be reached: the error, its causes, or any of an AggregateError's. */
function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || !(error instanceof Error)) return false;
  if (error instanceof DatabaseUnavailableError || error instanceof ConnectionException) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (UNAVAILABLE_MESSAGES.some((m) => m.test(error.message))) return true;
  const nested = error instanceof AggregateError ? [...error.errors, error.cause] : [error.cause];
  return nested.some((e) => isDatabaseUnavailable(e, depth + 1));
}

function classify(error: unknown): Known {
  if (
    error instanceof NotFoundError ||
    error instanceof ForbiddenError ||
    error instanceof RuleError ||
    error instanceof StaleRecordError ||
    error instanceof BadRequestError ||
    error instanceof PayloadTooLargeError
  ) {
    return { status: error.status, message: error.message };
  }
  if (error instanceof FieldErrors) return { status: 422, message: Object.values(error.fields).join(' ') };
  if (error instanceof OptimisticLockError) return { status: 409, message: new StaleRecordError().message };
  if (error instanceof HTTPException && error.status === 404) return { status: 404, message: new NotFoundError().message };
  if (isDatabaseUnavailable(error)) return { status: 503, message: new DatabaseUnavailableError().message };
  return { status: 500, message: 'Une erreur inattendue est survenue. Rien n’a été enregistré pour cette action ; vous pouvez réessayer.' };
}

/** The one place where errors become responses: a calm French page, or an alert for htmx. */
export async function handleError(c: Context<AppEnv>, error: unknown): Promise<Response> {
  const { status, message } = classify(error);
  if (status === 500) c.var.log?.error({ err: error }, 'unhandled error');
  if (status === 503) {
    c.var.log?.warn({ err: error }, 'database unavailable');
    c.header('Retry-After', '5');
  }
  if (!c.var.em || !c.var.csrfToken) {
    return c.text(`${ERROR_TITLES[status]} : ${message}`, status);
  }
  if (isHtmx(c)) {
    c.header('HX-Retarget', '#messages');
    c.header('HX-Reswap', 'innerHTML');
    return renderFragment(c, <ErrorAlert status={status} message={message} />, status);
  }
  try {
    return await renderPage(
      c,
      ERROR_TITLES[status] ?? 'Erreur',
      <ErrorPage status={status} message={message} requestId={status === 500 ? c.var.requestId : undefined} />,
      status,
    );
  } catch (renderError) {
    c.var.log?.error({ err: renderError }, 'error page failed');
    return c.text(`${ERROR_TITLES[status]} : ${message}`, status);
  }
}
