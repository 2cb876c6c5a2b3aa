import type { LeaveCalendar } from '../../src/leave/calendar.ts';
import { type Month, plusMonths } from '../../src/platform/calendar.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const monthName = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthLabel = (m: Month) => monthName.format(new Date(`${m}-01T00:00:00Z`));
const shift = (m: Month, n: number) => plusMonths(`${m}-01`, n).slice(0, 7);

function dayClass(d: { weekday: number; weekend: boolean; holiday: string | null }): string {
  return [d.weekday === 1 ? 'atelier-cal--week' : '', d.weekend ? 'atelier-cal--weekend' : '', d.holiday ? 'atelier-cal--holiday' : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * A workshop's month of leave (issue 19, item 5): one row per person holding a post, one column
 * per day; weeks start with a rule, weekends and holidays are shaded, a leave day says « Congé ».
 */
export function LeaveCalendarPage({ calendar, showEstablishment }: { calendar: LeaveCalendar; showEstablishment: boolean }) {
  const { workshop, month, days, rows } = calendar;
  const base = `/ateliers/${workshop.id}/conges`;
  return (
    <>
      <Breadcrumb
        items={[
          ...(showEstablishment ? [{ href: `/etablissements/${workshop.establishmentId}`, label: workshop.establishmentName }] : []),
          { href: `/ateliers/${workshop.id}`, label: workshop.name },
          { label: 'Congés' },
        ]}
      />
      <h1>Congés de l’atelier {workshop.name}</h1>
      <div class="atelier-filters">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={`${base}?mois=${shift(month, -1)}`}>
          {monthLabel(shift(month, -1))}
        </a>
        <form method="get" action={base} class="atelier-filters">
          <div class="fr-input-group">
            <label class="fr-label" for="mois">
              Mois
            </label>
            <input class="fr-input" type="month" id="mois" name="mois" value={month} />
          </div>
          <button type="submit" class="fr-btn fr-btn--secondary">
            Afficher
          </button>
        </form>
        <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={`${base}?mois=${shift(month, 1)}`}>
          {monthLabel(shift(month, 1))}
        </a>
      </div>
      {rows.length === 0 ? (
        <p>Personne n’occupe de poste dans cet atelier en {monthLabel(month)}.</p>
      ) : (
        <div class="fr-table fr-table--no-caption atelier-table atelier-cal">
          <div class="fr-table__wrapper">
            <div class="fr-table__container">
              <div class="fr-table__content">
                <table id="calendrier-conges">
                  <caption>
                    Congés de l’atelier {workshop.name}, {monthLabel(month)}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Personne</th>
                      {days.map((d) => (
                        <th scope="col" class={dayClass(d)} title={d.holiday ? `Férié : ${d.holiday}` : undefined}>
                          <span aria-hidden="true">
                            {(WEEKDAYS[d.weekday - 1] ?? '').slice(0, 1).toUpperCase()}
                            <br />
                            {Number(d.day.slice(8, 10))}
                          </span>
                          <span class="fr-sr-only">
                            {WEEKDAYS[d.weekday - 1]} {Number(d.day.slice(8, 10))}
                            {d.holiday ? `, férié (${d.holiday})` : ''}
                          </span>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr id={`conges-${r.detaineeId}`}>
                        <th scope="row">
                          {r.name}
                          <span class="fr-hint-text">{r.posts.join(', ')}</span>
                        </th>
                        {days.map((d) =>
                          r.halfDays.has(d.day) ? (
                            <td class={`${dayClass(d)} atelier-cal--leave atelier-cal--half`} data-day={d.day} title="Congé d’une demi-journée">
                              <span aria-hidden="true">½</span>
                              <span class="fr-sr-only">Congé d’une demi-journée</span>
                            </td>
                          ) : r.leave.has(d.day) ? (
                            <td class={`${dayClass(d)} atelier-cal--leave`} data-day={d.day} title="Congé">
                              <span aria-hidden="true">C</span>
                              <span class="fr-sr-only">Congé</span>
                            </td>
                          ) : (
                            <td class={dayClass(d)} data-day={d.day} />
                          ),
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
      <ul class="atelier-cal-legend" id="legende-conges" aria-label="Légende">
        <li>
          <span class="atelier-cal-swatch atelier-cal--leave" aria-hidden="true">
            C
          </span>{' '}
          Congé
        </li>
        <li>
          <span class="atelier-cal-swatch atelier-cal--leave" aria-hidden="true">
            ½
          </span>{' '}
          Congé d’une demi-journée
        </li>
        <li>
          <span class="atelier-cal-swatch atelier-cal--weekend" aria-hidden="true" /> Samedi et dimanche
        </li>
        <li>
          <span class="atelier-cal-swatch atelier-cal--holiday" aria-hidden="true" /> Jour férié
        </li>
        <li>
          <span class="atelier-cal-swatch atelier-cal--week" aria-hidden="true" /> Début de semaine (lundi)
        </li>
      </ul>
    </>
  );
}
