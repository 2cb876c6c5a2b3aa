import type { Child } from 'hono/jsx';
import type { ActionItem } from '../../src/committees/entities.ts';
import type { MyCommittee } from '../../src/committees/service.ts';
import type { EstablishmentRow } from '../../src/establishments/service.ts';
import { type EstablishmentAgenda, IDLE_DAYS, type IdleLine, type PersonLine, readyToValidate, SOON_DAYS, type WorkshopWeek } from '../../src/home/agenda.ts';
import { formatCentidays } from '../../src/leave/accrual.ts';
import type { Day } from '../../src/platform/calendar.ts';
import { formatShortDate, formatShortDay, plural } from '../../src/platform/format.ts';
import { ROLE_LABELS } from '../../src/platform/roles.ts';
import type { Scope } from '../../src/platform/scope.ts';
import { MyActionsBlock, MyCommitteesBlock } from '../committees/my-actions.tsx';
import { requestDates } from '../leave/requests.tsx';

function Tile({ href, title, description }: { href: string; title: string; description: string }) {
  return (
    <div class="fr-col-12 fr-col-md-6 fr-col-lg-4">
      <div class="fr-tile fr-enlarge-link">
        <div class="fr-tile__body">
          <div class="fr-tile__content">
            <h2 class="fr-tile__title">
              <a href={href}>{title}</a>
            </h2>
            <p class="fr-tile__detail">{description}</p>
          </div>
        </div>
      </div>
    </div>
  );
}

/** The tiles each person starts from, as their scope allows, then what needs them: the agenda of their establishments (a partner has its own home: partner-home.tsx). */
export function HomePage({
  name,
  scope,
  establishments,
  partnerName,
  agenda,
  today,
  committees,
  actions,
  agreements,
}: {
  name: string;
  scope: Scope;
  establishments: EstablishmentRow[];
  partnerName?: string;
  agenda: EstablishmentAgenda[];
  today: Day;
  /** A committee member's committees (role committee only). */
  committees: MyCommittee[];
  /** The caller's open action items, whatever their role. */
  actions: ActionItem[];
  /** The agreements ending soon (src/partners/agreements.ts), above the establishments' blocks. */
  agreements?: Child;
}) {
  const ownEstablishments = scope.managesEstablishments && !scope.canManageEstablishments;
  return (
    <>
      <h1>Bonjour {name}</h1>
      <p class="fr-text--lead">
        Vous êtes connecté avec le rôle <strong>{ROLE_LABELS[scope.role]}</strong>
        {partnerName ? ` pour ${partnerName}` : ''}.
      </p>
      <div class="fr-grid-row fr-grid-row--gutters">
        {scope.canManageEstablishments ? (
          <Tile
            href="/etablissements"
            title="Établissements"
            description={`${plural(establishments.length, 'établissement actif', 'établissements actifs')} : créer, modifier, archiver.`}
          />
        ) : null}
        {scope.canManageAccounts ? (
          <Tile href="/admin/utilisateurs" title="Utilisateurs" description="Comptes, rôles et rattachements aux établissements et aux structures." />
        ) : null}
        {scope.canReadAuditTrail ? <Tile href="/admin/journal" title="Journal d’audit" description="Qui a changé quoi, et quand." /> : null}
        {scope.isCommitteeMember ? <Tile href="/comites" title="Mes comités" description="Réunions, comptes rendus et actions à suivre." /> : null}
      </div>
      {agreements ?? null}
      {ownEstablishments && agenda.length === 0 ? (
        <p>Vous n’êtes rattaché à aucun établissement actif. Demandez à l’administration de vous y rattacher.</p>
      ) : null}
      {agenda.map((e) => (
        <EstablishmentTodo agenda={e} today={today} />
      ))}
      {scope.isCommitteeMember ? <MyCommitteesBlock committees={committees} /> : null}
      <MyActionsBlock actions={actions} today={today} />
    </>
  );
}

/** « 23/11 »: a week named by its Monday, as coordinators say it. */
const dayMonth = (day: Day) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
/** The longest without activity shown on the home; the rest are on the « Sans activité » page. */
const IDLE_SHOWN = 10;
const sheetHref = (w: WorkshopWeek) => `/ateliers/${w.workshopId}/pointage?semaine=${w.monday}`;

function Block({ id, title, empty, items }: { id: string; title: string; empty: string; items: Child[] }) {
  return (
    <div class="fr-col-12 fr-col-lg-6" id={id}>
      <h3 class="fr-h6 fr-mb-1w">{title}</h3>
      {items.length === 0 ? <p class="fr-text--sm">{empty}</p> : <ul class="fr-text--sm">{items}</ul>}
    </div>
  );
}

function PersonItem({ line, children }: { line: PersonLine | IdleLine; children: Child }) {
  return (
    <li>
      <a href={`/personnes/${line.detaineeId}`}>{line.name}</a>
      {line.about ? `, ${line.about}` : ''} : {children}
    </li>
  );
}

/** The leave requests waiting for a decision (shown only when there are some), the oldest asked first, and the queue. */
function PendingLeave({ agenda: a }: { agenda: EstablishmentAgenda }) {
  const { count, oldest } = a.leaveRequests;
  const queue = `/etablissements/${a.id}/conges/demandes`;
  return (
    <div class="fr-col-12 fr-col-lg-6" id={`conges-${a.id}`}>
      <h3 class="fr-h6 fr-mb-1w">
        <a href={queue}>{count === 1 ? '1 demande de congé en attente' : `${count} demandes de congé en attente`}</a>
      </h3>
      <ul class="fr-text--sm">
        {oldest.map((l) => (
          <li>
            <a href={`/personnes/${l.detaineeId}#conges`}>{l.name}</a> : {requestDates(l)} ({formatCentidays(l.days)}), demandée par {l.askedBy}
          </li>
        ))}
        {count > oldest.length ? (
          <li>
            <a href={queue}>{count - oldest.length === 1 ? 'Une autre demande' : `${count - oldest.length} autres demandes`} : voir toutes les demandes</a>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

/** A finished week waits for its validation; the partner may have said it is complete (« Semaine complète »). */
function ToValidate({ week }: { week: WorkshopWeek }) {
  if (!readyToValidate(week) || !week.completed) return <>à valider</>;
  return (
    <strong class="atelier-week-complete">
      Semaine complète, signalée par {week.completed.by} le {formatShortDate(week.completed.at)} : à valider
    </strong>
  );
}

function EstablishmentTodo({ agenda: a, today }: { agenda: EstablishmentAgenda; today: Day }) {
  return (
    <section class="fr-mt-5w" id={`a-faire-${a.id}`} aria-labelledby={`a-faire-${a.id}-titre`}>
      <h2 class="fr-h4" id={`a-faire-${a.id}-titre`}>
        <a href={`/etablissements/${a.id}`}>{a.name}</a> : à faire
      </h2>
      <div class="fr-grid-row fr-grid-row--gutters">
        <Block
          id={`pointage-${a.id}`}
          title="Pointage"
          empty="Aucune semaine à remplir ni à valider."
          items={a.weeks.map((w) => (
            <li>
              <a href={sheetHref(w)}>
                {w.workshopName}, semaine du {dayMonth(w.monday)}
              </a>{' '}
              : {w.state === 'to_fill' ? plural(w.missingCells, 'case à remplir', 'cases à remplir') : <ToValidate week={w} />}
            </li>
          ))}
        />
        {a.leaveRequests.count > 0 ? <PendingLeave agenda={a} /> : null}
        <Block
          id={`essais-${a.id}`}
          title="Périodes d’essai qui se terminent cette semaine"
          empty="Aucune période d’essai ne se termine cette semaine."
          items={a.trialsEnding.map((l) => <PersonItem line={l}>fin de l’essai le {formatShortDay(l.on)}</PersonItem>)}
        />
        <Block
          id={`fins-${a.id}`}
          title={`Fins de contrat prévues dans les ${SOON_DAYS} jours`}
          empty={`Aucune fin de contrat prévue dans les ${SOON_DAYS} jours.`}
          items={a.plannedEnds.map((l) => (
            <PersonItem line={l}>
              {l.on < today ? `fin prévue le ${formatShortDay(l.on)}, dépassée : enregistrez la fin` : `fin prévue le ${formatShortDay(l.on)}`}
            </PersonItem>
          ))}
        />
        <Block
          id={`liberations-${a.id}`}
          title={`Libérations prévues dans les ${SOON_DAYS} jours`}
          empty={`Aucune libération prévue dans les ${SOON_DAYS} jours.`}
          items={a.releases.map((l) => <PersonItem line={l}>libération prévue le {formatShortDay(l.on)}</PersonItem>)}
        />
        <Block
          id={`sans-activite-${a.id}`}
          title={`Sans activité depuis plus de ${IDLE_DAYS} jours`}
          empty={`Personne n’est sans activité depuis plus de ${IDLE_DAYS} jours.`}
          items={[
            ...a.idle.slice(0, IDLE_SHOWN).map((l) => <PersonItem line={l}>depuis {plural(l.days, 'jour', 'jours')}</PersonItem>),
            ...(a.idle.length > IDLE_SHOWN
              ? [
                  <li>
                    <a href={`/etablissements/${a.id}/sans-activite`}>
                      {a.idle.length - IDLE_SHOWN === 1 ? 'Une autre personne' : `${a.idle.length - IDLE_SHOWN} autres personnes`} : voir la liste « Sans
                      activité »
                    </a>
                  </li>,
                ]
              : []),
          ]}
        />
        <Block
          id={`cpu-${a.id}`}
          title="Candidatures en attente de l’avis de la CPU"
          empty="Aucune candidature n’attend l’avis de la CPU."
          items={a.awaitingCpu.map((l) => <PersonItem line={l}>déposée le {formatShortDay(l.on)}</PersonItem>)}
        />
      </div>
    </section>
  );
}
