import type { Child } from 'hono/jsx';
import { ACTIVITY_KIND_LABELS } from '../../src/activity/labels.ts';
import type { ActionItem } from '../../src/committees/entities.ts';
import type { WorkshopWeek } from '../../src/home/agenda.ts';
import type { PartnerHome, PartnerWorkshop } from '../../src/home/partner.ts';
import { formatCentidays } from '../../src/leave/accrual.ts';
import { type Day, plusDays } from '../../src/platform/calendar.ts';
import { formatShortDate, formatShortDay, plural } from '../../src/platform/format.ts';
import { MyActionsBlock } from '../committees/my-actions.tsx';
import { Table } from '../components/inline.tsx';
import { SignalForm } from '../hours/week-completion.tsx';
import { requestDates } from '../leave/requests.tsx';

/** « 23/11 »: a week named by its Monday. */
const dayMonth = (day: Day) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
const sheetHref = (w: { workshopId: number; monday: Day }) => `/ateliers/${w.workshopId}/pointage?semaine=${w.monday}`;
/** The id of a week's cell on the home, which the « Semaine complète » answer replaces. */
export const weekCellId = (w: { workshopId: number; monday: Day }) => `semaine-${w.workshopId}-${w.monday}`;

/** A week's state as its partner reads it: « À remplir : 2 cases », « À jour », « Remplie », « Signalée complète », « Validée ». */
export function partnerState(w: WorkshopWeek, today: Day): string {
  if (w.state === 'validated') return 'Validée';
  if (!w.active) return 'Personne à pointer';
  if (w.state === 'to_fill') return `À remplir : ${plural(w.missingCells, 'case', 'cases')}`;
  if (w.completed) return 'Signalée complète';
  // A week under way with every past day filled is up to date, not finished.
  return plusDays(w.monday, 6) >= today ? 'À jour' : 'Remplie';
}

/** The button is offered once the week's Friday has come, every past cell filled, and nothing signalled yet. */
export function offersSignal(w: WorkshopWeek, today: Day): boolean {
  return w.active && w.state === 'filled' && w.completed === null && plusDays(w.monday, 4) <= today;
}

/** One week of one workshop on the home: its state, a link to its sheet, and the signal, given or to give. */
export function PartnerWeekCell({ week: w, today, message }: { week: WorkshopWeek; today: Day; message?: { kind: 'success' | 'error'; text: string } }) {
  const id = weekCellId(w);
  return (
    <div id={id} class="atelier-week-cell">
      <a href={sheetHref(w)}>{partnerState(w, today)}</a>
      {w.completed && w.state !== 'to_fill' ? (
        <span class="fr-hint-text">
          {' '}
          par {w.completed.by} le {formatShortDate(w.completed.at)}
        </span>
      ) : null}
      {w.completed && w.state !== 'validated' ? <SignalForm workshopId={w.workshopId} monday={w.monday} withdraw back="accueil" target={id} /> : null}
      {offersSignal(w, today) ? <SignalForm workshopId={w.workshopId} monday={w.monday} withdraw={false} back="accueil" target={id} /> : null}
      {message ? (
        <p
          class={message.kind === 'error' ? 'fr-message fr-message--error' : 'fr-message fr-message--valid'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
          {message.kind === 'error' && w.state === 'to_fill' ? (
            <>
              {' '}
              <a href={sheetHref(w)}>Ouvrir la feuille</a>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: Child; children: Child }) {
  return (
    <section class="fr-mt-5w" id={id} aria-labelledby={`${id}-titre`}>
      <h2 class="fr-h4" id={`${id}-titre`}>
        {title}
      </h2>
      {children}
    </section>
  );
}

const NO_WORKSHOP = 'Aucun atelier de votre structure n’est encore ouvert dans Atelier. La coordination de l’établissement les crée ; ils apparaîtront ici.';

function Workshops({ workshops }: { workshops: PartnerWorkshop[] }) {
  return (
    <Section id="vos-ateliers" title="Vos ateliers">
      {workshops.length === 0 ? (
        <p>{NO_WORKSHOP}</p>
      ) : (
        <ul class="atelier-workshop-links">
          {workshops.map((w) => (
            <li>
              <a href={`/ateliers/${w.id}`}>
                <strong>{w.name}</strong>
              </a>{' '}
              ({w.establishmentName}) : <a href={`/ateliers/${w.id}/pointage`}>pointage</a>, <a href={`/ateliers/${w.id}/journal`}>journal d’activité</a>,{' '}
              <a href={`/ateliers/${w.id}/candidats`}>proposer un candidat</a>, <a href={`/ateliers/${w.id}`}>fiche de l’atelier</a>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Weeks({ home, today }: { home: PartnerHome; today: Day }) {
  return (
    <Section id="semaines-a-remplir" title="Pointage de vos ateliers">
      {home.workshops.length === 0 ? (
        <p>Aucune feuille de pointage à remplir : votre structure n’a pas encore d’atelier ouvert.</p>
      ) : (
        <>
          <p class="fr-text--sm">
            Une fois une semaine remplie, « Semaine complète » prévient la coordination qu’elle peut la valider. Toute case modifiée ensuite retire ce
            signalement.
          </p>
          <Table
            id="semaines-ateliers"
            caption="Pointage de vos ateliers"
            columns={['Atelier', 'Établissement', `Semaine du ${dayMonth(home.lastMonday)}`, `Semaine du ${dayMonth(home.thisMonday)}`]}
          >
            <tbody>
              {home.workshops.map((w) => (
                <tr>
                  <th scope="row">{w.name}</th>
                  <td>{w.establishmentName}</td>
                  <td>{w.lastWeek ? <PartnerWeekCell week={w.lastWeek} today={today} /> : '—'}</td>
                  <td>
                    <PartnerWeekCell week={w.thisWeek} today={today} />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </Section>
  );
}

/** Today's people per workshop: « NOM Prénom — CODE Intitulé », nothing else. */
function PeopleToday({ workshops, today }: { workshops: PartnerWorkshop[]; today: Day }) {
  return (
    <Section id="personnes-du-jour" title={`Aujourd’hui, ${formatShortDay(today)}, dans vos ateliers`}>
      {workshops.length === 0 ? (
        <p>Personne ne travaille dans vos ateliers : votre structure n’a pas encore d’atelier ouvert.</p>
      ) : (
        <div class="fr-grid-row fr-grid-row--gutters">
          {workshops.map((w) => (
            <div class="fr-col-12 fr-col-md-6" id={`personnes-${w.id}`}>
              <h3 class="fr-h6 fr-mb-1w">{w.name}</h3>
              {w.people.length === 0 ? (
                <p class="fr-text--sm">Personne ne travaille dans cet atelier aujourd’hui.</p>
              ) : (
                <ul class="fr-text--sm">
                  {w.people.map((p) => (
                    <li>
                      {p.name} — {p.post}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </div>
      )}
    </Section>
  );
}

function LeaveRequests({ home }: { home: PartnerHome }) {
  return (
    <Section id="conges-en-attente" title="Demandes de congé en attente de décision">
      {home.leaveRequests.length === 0 ? (
        <p class="fr-text--sm">Aucune demande de congé saisie par votre structure n’attend de décision.</p>
      ) : (
        <ul class="fr-text--sm">
          {home.leaveRequests.map((r) => (
            <li>
              {r.name} ({r.workshopName}) : {requestDates(r)} ({formatCentidays(r.days)}),{' '}
              <a href={`/ateliers/${r.workshopId}/conges`}>calendrier des congés</a>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function RecentLog({ home }: { home: PartnerHome }) {
  return (
    <Section id="journal-recent" title="Dernières entrées du journal d’activité">
      {home.log.length === 0 ? (
        <p class="fr-text--sm">Aucune entrée dans le journal d’activité de vos ateliers pour le moment.</p>
      ) : (
        <ul class="fr-text--sm">
          {home.log.map((e) => (
            <li>
              {formatShortDay(e.day)}, <a href={`/ateliers/${e.workshopId}/journal`}>{e.workshopName}</a> : {ACTIVITY_KIND_LABELS[e.kind]}
              {e.summary ? ` : ${e.summary}` : ''}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/**
 * A partner's home: what its week asks for, in its workshops only. `agreements` is the slot
 * for the reminder of agreements ending soon (issue 21, item 5), shown near the top.
 */
export function PartnerHomePage({
  name,
  home,
  today,
  actions,
  agreements,
}: {
  name: string;
  home: PartnerHome;
  today: Day;
  actions: ActionItem[];
  agreements?: Child;
}) {
  return (
    <>
      <h1>Bonjour {name}</h1>
      <p class="fr-text--lead">
        Vous êtes connecté pour <strong>{home.partnerName}</strong>. <a href="/structure">Ma structure</a> ·{' '}
        <a href="/structure/paie">Rémunérations de vos salariés</a>
      </p>
      {agreements ?? null}
      <Workshops workshops={home.workshops} />
      <Weeks home={home} today={today} />
      <PeopleToday workshops={home.workshops} today={today} />
      <LeaveRequests home={home} />
      <MyActionsBlock actions={actions} today={today} />
      <RecentLog home={home} />
    </>
  );
}
