import type { AssignmentState } from '../../src/assignments/rules.ts';

/** An assignment's state in words, shown on the person page and on the board. */
export const STATE_LABELS: Record<AssignmentState, string> = {
  upcoming: 'À venir',
  trial: 'Période d’essai',
  confirmed: 'Confirmée',
  suspended: 'Suspendue',
  ended: 'Terminée',
};
const STATE_BADGES: Record<AssignmentState, string> = { upcoming: 'info', trial: 'new', confirmed: 'success', suspended: 'warning', ended: '' };

export function StateBadge({ state }: { state: AssignmentState }) {
  return <p class={`fr-badge fr-badge--sm ${STATE_BADGES[state] ? `fr-badge--${STATE_BADGES[state]}` : ''}`}>{STATE_LABELS[state]}</p>;
}
