import { formatShortDay } from '../platform/format.ts';
import type { Assigned } from './service.ts';

/**
 * What the user is told after an assignment, wherever it was made: the contract, and the
 * waiting list the person leaves (worded around the person's gender: « sa candidature est close »).
 */
export function assignedMessage({ assignment: a, closedCandidacies }: Assigned): string {
  const done = `Affectation de ${a.detainee.fullName()} au poste ${a.post.code} enregistrée à partir du ${formatShortDay(a.startsOn)}.`;
  if (closedCandidacies.length === 0) return done;
  const closed =
    closedCandidacies.length === 1
      ? 'Sa candidature est close et retirée de la liste d’attente'
      : `Ses ${closedCandidacies.length} candidatures sont closes et retirées de la liste d’attente`;
  return `${done} ${closed} (${a.post.workshop.name}).`;
}
