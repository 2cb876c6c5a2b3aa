/** Errors the app throws on purpose; app.onError turns each into its French page or fragment. */
export class BadRequestError extends Error {
  readonly status = 400;
  constructor(message = 'La demande envoyée est illisible. Rechargez la page puis recommencez.') {
    super(message);
  }
}

export class PayloadTooLargeError extends Error {
  readonly status = 413;
  constructor(message = 'Les données envoyées sont trop volumineuses.') {
    super(message);
  }
}

export class NotFoundError extends Error {
  readonly status = 404;
  constructor(message = 'Cette page n’existe pas, ou vous n’y avez pas accès.') {
    super(message);
  }
}

export class ForbiddenError extends Error {
  readonly status = 403;
  constructor(message = 'Votre rôle ne permet pas cette action.') {
    super(message);
  }
}

/** A business rule refused the change; the message says which rule, in French. */
export class RuleError extends Error {
  readonly status: 409 | 422;
  constructor(message: string, status: 409 | 422 = 422) {
    super(message);
    this.status = status;
  }
}

/** A form was posted with values that do not pass validation, field by field. */
export class FieldErrors extends Error {
  readonly status = 422;
  constructor(readonly fields: Record<string, string>) {
    super('Le formulaire contient des erreurs.');
  }
}

/** Someone else saved the record since it was loaded. */
export class StaleRecordError extends Error {
  readonly status = 409;
  constructor(
    message = 'Cette fiche a été modifiée par quelqu’un d’autre pendant que vous la modifiiez. Voici ses valeurs actuelles : vérifiez-les puis enregistrez à nouveau.',
  ) {
    super(message);
  }
}

/** The database cannot be reached (stopped, restarting, unreachable): try again shortly. */
export class DatabaseUnavailableError extends Error {
  readonly status = 503;
  constructor(message = 'La base de données est indisponible : réessayez dans un instant.') {
    super(message);
  }
}
