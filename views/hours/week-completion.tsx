import type { Day } from '../../src/platform/calendar.ts';
import { CsrfField } from '../components/forms.tsx';

/** Where a « Semaine complète » form goes back to: the partner's home, or the week's sheet. */
export type SignalBack = 'accueil' | 'pointage';

export const signalAction = (workshopId: number, monday: Day) => `/ateliers/${workshopId}/pointage/semaine-complete?semaine=${monday}`;
export const withdrawAction = (workshopId: number, monday: Day) => `/ateliers/${workshopId}/pointage/semaine-complete/retrait?semaine=${monday}`;

/**
 * The partner's « Semaine complète » button, or « Retirer le signalement » once given. On the
 * home, htmx posts it and swaps the week's cell (`target`); without JavaScript, or on the
 * sheet, the post redirects back with a message.
 */
export function SignalForm({
  workshopId,
  monday,
  withdraw,
  back,
  target,
}: {
  workshopId: number;
  monday: Day;
  withdraw: boolean;
  back: SignalBack;
  /** The element htmx replaces with the answer; none: a plain form. */
  target?: string;
}) {
  const action = withdraw ? withdrawAction(workshopId, monday) : signalAction(workshopId, monday);
  const htmx = target ? { 'hx-post': action, 'hx-target': `#${target}`, 'hx-swap': 'outerHTML' } : {};
  return (
    <form method="post" action={action} class="atelier-inline-form" {...htmx}>
      <CsrfField />
      <input type="hidden" name="retour" value={back} />
      {withdraw ? (
        <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">
          Retirer le signalement
        </button>
      ) : (
        <button type="submit" class="fr-btn fr-btn--sm fr-icon-send-plane-line fr-btn--icon-left">
          Semaine complète
        </button>
      )}
    </form>
  );
}
