import type { TimedDay } from '../../src/assignments/outside-time.ts';
import { type Day, mondayOf } from '../../src/platform/calendar.ts';
import { formatDay, formatMinutes, formatPlainHours, formatShortDay } from '../../src/platform/format.ts';

/** The week of a timed day on its sheet (workshop or training session). */
export function weekHref(e: { day: Day; workshopId: number | null; sessionId: number | null }): string {
  const sheet = e.workshopId !== null ? `/ateliers/${e.workshopId}` : `/sessions/${e.sessionId}`;
  return `${sheet}/pointage?semaine=${mondayOf(e.day)}`;
}

/** The label of the confirmation: what saving anyway does to that time, said on the button itself. */
export const CONFIRM_OUTSIDE_LABEL = 'Enregistrer quand même : ces heures deviennent des heures hors contrat, non payées, à corriger';

/**
 * An end, a suspension or a release over days that already hold time: the entries (person,
 * day, workshop, hours, whether the week is validated), above the two choices of
 * OutsideTimeButtons.
 */
export function OutsideTimeChoice({ id, message, entries }: { id: string; message: string; entries: TimedDay[] }) {
  return (
    <div class="fr-alert fr-alert--warning fr-mb-2w atelier-outside-time" role="alert" id={`hors-contrat-${id}`}>
      <h4 class="fr-alert__title">Du temps est déjà saisi sur ces dates</h4>
      <p>{message}</p>
      <div class="fr-table fr-table--sm fr-mb-1w">
        <table>
          <caption class="fr-sr-only">Temps déjà saisi qui sortirait du contrat</caption>
          <thead>
            <tr>
              <th scope="col">Personne</th>
              <th scope="col">Jour</th>
              <th scope="col">Atelier ou formation</th>
              <th scope="col">Heures</th>
              <th scope="col">Semaine</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <td>{e.person}</td>
                <td>{formatDay(e.day)}</td>
                <td>{e.place}</td>
                <td>{formatMinutes(e.minutes)}</td>
                <td>
                  <a href={weekHref(e)}>{e.validated ? 'validée' : 'ouverte'}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="fr-text--sm">Choisissez : annuler (rien n’est enregistré), ou enregistrer quand même.</p>
    </div>
  );
}

/**
 * The two choices that replace the form's usual button while one is pending: « Annuler »
 * leaves everything as it was (nothing saved); the confirmation posts the same form again
 * with `confirmOutside=1`.
 */
export function OutsideTimeButtons({ cancelHref }: { cancelHref: string }) {
  return (
    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
      <li>
        <a class="fr-btn fr-btn--secondary" href={cancelHref}>
          Annuler
        </a>
      </li>
      <li>
        <button type="submit" class="fr-btn" name="confirmOutside" value="1">
          {CONFIRM_OUTSIDE_LABEL}
        </button>
      </li>
    </ul>
  );
}

/** « N heures hors contrat à corriger » on the person's page: time outside their contracts, unpaid, with its weeks. */
export function OutsideTimeSummary({ entries }: { entries: TimedDay[] }) {
  if (entries.length === 0) return null;
  const minutes = entries.reduce((n, e) => n + e.minutes, 0);
  const weeks = [...new Map(entries.map((e) => [weekHref(e), e])).entries()];
  return (
    <div class="fr-alert fr-alert--warning fr-mb-3w" id="hors-contrat" role="status">
      <h2 class="fr-alert__title">
        {formatPlainHours(minutes)} {Math.abs(minutes) >= 120 ? 'heures' : 'heure'} hors contrat à corriger
      </h2>
      <p>
        Du temps est saisi après la fin d’un contrat, pendant une suspension ou après la sortie : il n’est pas payé. Corrigez-le semaine par semaine (un
        ajustement sur une semaine validée).
      </p>
      <ul>
        {weeks.map(([href, e]) => (
          <li>
            <a href={href}>
              {e.place} — semaine du {formatShortDay(mondayOf(e.day))}
            </a>
            {' : '}
            {entries
              .filter((x) => weekHref(x) === href)
              .map((x) => `${formatShortDay(x.day)} ${formatMinutes(x.minutes)}`)
              .join(', ')}
          </li>
        ))}
      </ul>
    </div>
  );
}
