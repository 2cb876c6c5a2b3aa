import { ACTION_STATUS_LABELS, type ActionItem, type ActionStatus } from '../../src/committees/entities.ts';
import { isOverdue, type MyCommittee } from '../../src/committees/service.ts';
import type { Day } from '../../src/platform/calendar.ts';
import { formatDateTime, formatShortDate, formatShortDay } from '../../src/platform/format.ts';
import { Table } from '../components/inline.tsx';

/** How many action items the home lists before pointing to « Mes actions ». */
const SHOWN_ON_HOME = 5;

function Due({ action, today }: { action: ActionItem; today: Day }) {
  return (
    <>
      {action.dueOn ? `avant le ${formatShortDay(action.dueOn)}` : 'sans échéance'}
      {isOverdue(action, today) ? <span class="fr-badge fr-badge--error fr-badge--sm fr-ml-1w">En retard</span> : null}
    </>
  );
}

/** Every open or in-progress action item the caller owns, the overdue first. */
export function MyActionsPage({ actions, today }: { actions: ActionItem[]; today: Day }) {
  return (
    <>
      <h1>Mes actions</h1>
      <p>Les actions à suivre dont vous êtes responsable dans vos comités, les plus en retard d’abord.</p>
      {actions.length === 0 ? (
        <p id="aucune-action">Vous n’avez aucune action à suivre en cours.</p>
      ) : (
        <Table id="mes-actions" caption="Mes actions" columns={['Action', 'Comité', 'Réunion', 'Échéance', 'État']}>
          <tbody>
            {actions.map((a) => (
              <tr>
                <th scope="row">
                  {a.title}
                  {a.comment ? <span class="fr-hint-text">{a.comment}</span> : null}
                </th>
                <td>
                  <a href={`/comites/${a.committee.id}`}>{a.committee.name}</a>
                </td>
                <td>
                  <a href={`/reunions/${a.meeting.id}`}>{formatShortDate(a.meeting.startsAt)}</a>
                </td>
                <td>
                  <Due action={a} today={today} />
                </td>
                <td>{ACTION_STATUS_LABELS[a.status as ActionStatus]}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

/** The home's « Mes actions »: the first few, and the way to all of them. */
export function MyActionsBlock({ actions, today }: { actions: ActionItem[]; today: Day }) {
  return (
    <section class="fr-mt-5w" id="mes-actions-accueil" aria-labelledby="mes-actions-titre">
      <h2 class="fr-h4" id="mes-actions-titre">
        <a href="/mes-actions">Mes actions</a>
      </h2>
      {actions.length === 0 ? (
        <p class="fr-text--sm">Aucune action à suivre ne vous est confiée.</p>
      ) : (
        <ul class="fr-text--sm">
          {actions.slice(0, SHOWN_ON_HOME).map((a) => (
            <li>
              <a href={`/reunions/${a.meeting.id}`}>{a.title}</a> ({a.committee.name}) : <Due action={a} today={today} />
            </li>
          ))}
          {actions.length > SHOWN_ON_HOME ? (
            <li>
              <a href="/mes-actions">
                {actions.length - SHOWN_ON_HOME === 1 ? 'Une autre action' : `${actions.length - SHOWN_ON_HOME} autres actions`} : voir toutes mes actions
              </a>
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

/** A committee member's home: their committees, the next meeting of each and the minutes waiting for them. */
export function MyCommitteesBlock({ committees }: { committees: MyCommittee[] }) {
  return (
    <section class="fr-mt-5w" id="mes-comites" aria-labelledby="mes-comites-titre">
      <h2 class="fr-h4" id="mes-comites-titre">
        Mes comités
      </h2>
      {committees.length === 0 ? (
        <p>Vous n’êtes membre d’aucun comité pour le moment. La coordination vous inscrira aux comités techniques ou de pilotage qui vous concernent.</p>
      ) : (
        <div class="fr-grid-row fr-grid-row--gutters">
          {committees.map(({ committee, membership, nextMeeting, submitted }) => (
            <div class="fr-col-12 fr-col-lg-6">
              <h3 class="fr-h6 fr-mb-1w">
                <a href={`/comites/${committee.id}`}>{committee.name}</a>
              </h3>
              <ul class="fr-text--sm">
                <li>
                  {nextMeeting ? (
                    <>
                      Prochaine réunion : <a href={`/reunions/${nextMeeting.id}`}>{formatDateTime(nextMeeting.startsAt)}</a>
                      {nextMeeting.place ? `, ${nextMeeting.place}` : ''}
                    </>
                  ) : (
                    'Aucune réunion prévue.'
                  )}
                </li>
                {submitted.map((m) => (
                  <li>
                    <a href={`/reunions/${m.id}`}>Compte rendu du {formatShortDate(m.startsAt)}</a> :{' '}
                    {membership.role === 'chair' ? 'à approuver' : 'soumis aux membres, à relire'}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
