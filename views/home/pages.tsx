import type { Child } from 'hono/jsx';
import type { ActionItem } from '../../src/committees/entities.ts';
import type { MyCommittee } from '../../src/committees/service.ts';
import type { EstablishmentRow } from '../../src/establishments/service.ts';
import { type EstablishmentAgenda, IDLE_DAYS, type IdleLine, type PersonLine, SOON_DAYS, type WeekState, type WorkshopWeek } from '../../src/home/agenda.ts';
import { formatCentidays } from '../../src/leave/accrual.ts';
import { PARTNER_KIND_LABELS, type PartnerKind } from '../../src/partners/entities.ts';
import { type Day, mondayOf, plusDays } from '../../src/platform/calendar.ts';
import { formatShortDay, plural } from '../../src/platform/format.ts';
import { ROLE_LABELS } from '../../src/platform/roles.ts';
import type { Scope } from '../../src/platform/scope.ts';
import type { WorkshopRow } from '../../src/workshops/service.ts';
import { MyActionsBlock, MyCommitteesBlock } from '../committees/my-actions.tsx';
import { Table } from '../components/inline.tsx';
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

/** The tiles each person starts from, as their scope allows, then what needs them: the agenda of their establishments, or the partner's weeks. */
export function HomePage({
  name,
  scope,
  establishments,
  partnerName,
  agenda,
  weeks,
  today,
  committees,
  actions,
}: {
  name: string;
  scope: Scope;
  establishments: EstablishmentRow[];
  partnerName?: string;
  agenda: EstablishmentAgenda[];
  weeks: WorkshopWeek[];
  today: Day;
  /** A committee member's committees (role committee only). */
  committees: MyCommittee[];
  /** The caller's open action items, whatever their role. */
  actions: ActionItem[];
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
        {scope.isPartnerStaff ? <Tile href="/structure" title="Ma structure" description={partnerName ?? ''} /> : null}
        {scope.isCommitteeMember ? <Tile href="/comites" title="Mes comités" description="Réunions, comptes rendus et actions à suivre." /> : null}
      </div>
      {ownEstablishments && agenda.length === 0 ? (
        <p>Vous n’êtes rattaché à aucun établissement actif. Demandez à l’administration de vous y rattacher.</p>
      ) : null}
      {agenda.map((e) => (
        <EstablishmentTodo agenda={e} today={today} />
      ))}
      {scope.isPartnerStaff ? <PartnerWeeks weeks={weeks} today={today} /> : null}
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
              : {w.state === 'to_fill' ? plural(w.missingCells, 'case à remplir', 'cases à remplir') : 'à valider'}
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

const PARTNER_STATES: Record<WeekState, string> = { to_fill: 'À remplir', filled: 'Remplie', validated: 'Validée' };

function partnerState(w: WorkshopWeek, today: Day): string {
  if (!w.active) return 'Personne à pointer';
  if (w.state === 'to_fill') return `${PARTNER_STATES.to_fill} : ${plural(w.missingCells, 'case', 'cases')}`;
  // A week under way with every past day filled is up to date, not finished.
  if (w.state === 'filled' && plusDays(w.monday, 6) >= today) return 'À jour';
  return PARTNER_STATES[w.state];
}

/** The partner's sheets of this week and last: a cell per week, its state and the link to it; nothing about the people. */
function PartnerWeeks({ weeks, today }: { weeks: WorkshopWeek[]; today: Day }) {
  const thisMonday = mondayOf(today);
  const lastMonday = plusDays(thisMonday, -7);
  const workshops = weeks.filter((w) => w.monday === thisMonday);
  const last = new Map(weeks.filter((w) => w.monday === lastMonday).map((w) => [w.workshopId, w]));
  return (
    <section class="fr-mt-5w" id="semaines-a-remplir" aria-labelledby="semaines-a-remplir-titre">
      <h2 class="fr-h4" id="semaines-a-remplir-titre">
        Pointage de vos ateliers
      </h2>
      {workshops.length === 0 ? (
        <p>Aucun atelier de votre structure n’est encore ouvert dans Atelier.</p>
      ) : (
        <Table
          id="semaines-ateliers"
          caption="Pointage de vos ateliers"
          columns={['Atelier', 'Établissement', `Semaine du ${dayMonth(lastMonday)}`, `Semaine du ${dayMonth(thisMonday)}`]}
        >
          <tbody>
            {workshops.map((w) => (
              <tr>
                <th scope="row">{w.workshopName}</th>
                <td>{w.establishmentName}</td>
                {[last.get(w.workshopId), w].map((week) =>
                  week ? (
                    <td>
                      <a href={sheetHref(week)}>{partnerState(week, today)}</a>
                    </td>
                  ) : (
                    <td>—</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

export function PartnerPage({ name, kind, rows }: { name: string; kind?: PartnerKind; rows: WorkshopRow[] }) {
  return (
    <>
      <h1>{name}</h1>
      {kind ? <p class="fr-badge fr-badge--info">{PARTNER_KIND_LABELS[kind]}</p> : null}
      <h2 class="fr-h4 fr-mt-4w">Vos ateliers</h2>
      {rows.length === 0 ? (
        <p>Aucun atelier de votre structure n’est encore ouvert dans Atelier. La coordination de l’établissement les crée ; ils apparaîtront ici.</p>
      ) : (
        <Table id="mes-ateliers" caption="Vos ateliers">
          <thead>
            <tr>
              <th scope="col">Atelier</th>
              <th scope="col">Établissement</th>
              <th scope="col">Activité</th>
              <th scope="col">Horaires</th>
              <th scope="col">Postes</th>
              <th scope="col">Heures</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ workshop: w, openPosts, frozenPosts }) => (
              <tr>
                <th scope="row">
                  <a href={`/ateliers/${w.id}`}>{w.name}</a>
                </th>
                <td>{w.establishment.name}</td>
                <td>{w.activity}</td>
                <td>{w.openingHours || '—'}</td>
                <td class="atelier-num">
                  {plural(openPosts, 'ouvert', 'ouverts')}
                  {frozenPosts > 0 ? <span class="fr-hint-text">{plural(frozenPosts, 'gelé', 'gelés')}</span> : null}
                </td>
                <td>
                  <a href={`/ateliers/${w.id}/pointage`}>Pointage de la semaine</a>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
