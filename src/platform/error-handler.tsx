import { OptimisticLockError } from '@mikro-orm/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ERROR_TITLES, ErrorAlert, ErrorPage } from '../../views/errors.tsx';
import type { AppEnv } from './context.ts';
import { BadRequestError, FieldErrors, ForbiddenError, NotFoundError, PayloadTooLargeError, RuleError, StaleRecordError } from './errors.ts';
import { isHtmx } from './htmx.ts';
import { renderFragment, renderPage } from './render.tsx';

type Known = { status: 400 | 403 | 404 | 409 | 413 | 422 | 500; message: string };

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
  return { status: 500, message: 'Une erreur inattendue est survenue. Rien n’a été enregistré pour cette action ; vous pouvez réessayer.' };
}

/** The one place where errors become responses: a calm French page, or an alert for htmx. */
export async function handleError(c: Context<AppEnv>, error: unknown): Promise<Response> {
  const { status, message } = classify(error);
  if (status === 500) c.var.log?.error({ err: error }, 'unhandled error');
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
