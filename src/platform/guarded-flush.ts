import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FieldErrors, RuleError } from './errors.ts';

/** What to tell the user when one of the database's guards refuses a write. */
export interface ConstraintMessage {
  message: string;
  /** The form field the refusal is about, to show it next to that field. */
  field?: string;
}

/** Messages for the database's own guards, by constraint name, as the features declare them. */
const constraintMessages = new Map<string, ConstraintMessage>();

/** Registers, once at start, the messages the features declare for their constraints. */
export function explainConstraints(messages: Record<string, ConstraintMessage>): void {
  for (const [name, message] of Object.entries(messages)) constraintMessages.set(name, message);
}

/**
 * Turns a refusal by one of the database's guards (trigger or constraint) into its French
 * explanation, so that a refused write answers 4xx, never 500: a value the user typed that
 * is already taken (a unique key with a `field`) goes next to that field (422); any other
 * refusal is a conflict with the stored data (409).
 */
export function explainDatabaseRefusal(error: unknown): unknown {
  if (!(error instanceof DriverException)) return error;
  const detail = error as DriverException & { constraint?: string; sqlState?: string; code?: string };
  const message = String(error.message);
  const triggered = /atelier: ([^\n]*)/.exec(message);
  if (triggered?.[1]) return new RuleError(triggered[1].trim(), 409);
  const constraint = detail.constraint ?? [...constraintMessages.keys()].find((name) => message.includes(name));
  const known = constraint ? constraintMessages.get(constraint) : undefined;
  if (known?.field && (detail.code === '23505' || error instanceof UniqueConstraintViolationException)) {
    return new FieldErrors({ [known.field]: known.message });
  }
  if (known) return new RuleError(known.message, 409);
  // Any other CHECK the services did not foresee: still the user's input, never a 500.
  if (detail.code === '23514' || /violates check constraint/.test(message)) {
    return new RuleError('Ces valeurs ne sont pas cohérentes entre elles (dates ou quantités) : vérifiez-les puis enregistrez à nouveau.', 422);
  }
  return error;
}

/** Flushes, explaining a refusal by the database's guards. */
export async function flushGuarded(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    throw explainDatabaseRefusal(error);
  }
}
