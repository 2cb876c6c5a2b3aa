import { DriverException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RuleError } from './errors.ts';

/** Messages for the database's own guards, by constraint name. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  assignment_post_overlap: 'Ce poste est déjà occupé par une autre personne sur ces dates : choisissez un poste vacant ou une autre date de début.',
  suspension_overlap: 'Une suspension couvre déjà ces dates pour cette affectation.',
  enrollment_once_per_session: 'Cette personne est déjà inscrite à cette session.',
  detainee_prison_number_unique: 'Une personne de cet établissement a déjà ce numéro d’écrou.',
  time_entry_assignment_day: 'Quelqu’un vient d’enregistrer cette case : vérifiez la valeur puis saisissez à nouveau.',
  time_entry_enrollment_day: 'Quelqu’un vient d’enregistrer cette case : vérifiez la valeur puis saisissez à nouveau.',
  timesheet_week_workshop_unique: 'Cette semaine vient d’être enregistrée par quelqu’un d’autre : rechargez la page.',
  timesheet_week_session_unique: 'Cette semaine vient d’être enregistrée par quelqu’un d’autre : rechargez la page.',
};

/**
 * Turns a refusal by one of the database's guards (trigger or constraint) into a RuleError
 * with its French explanation, so that a refused write answers 409, never 500.
 */
export function explainDatabaseRefusal(error: unknown): unknown {
  if (!(error instanceof DriverException)) return error;
  const detail = error as DriverException & { constraint?: string; sqlState?: string; code?: string };
  const message = String(error.message);
  const triggered = /atelier: ([^\n]*)/.exec(message);
  if (triggered?.[1]) return new RuleError(triggered[1].trim(), 409);
  const constraint = detail.constraint ?? Object.keys(CONSTRAINT_MESSAGES).find((name) => message.includes(name));
  if (constraint && CONSTRAINT_MESSAGES[constraint]) return new RuleError(CONSTRAINT_MESSAGES[constraint], 409);
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
