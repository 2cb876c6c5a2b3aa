import type { Child } from 'hono/jsx';
import type { Board, BoardWorkshop } from '../../src/assignments/board.ts';
import type { Candidacy } from '../../src/candidacies/entities.ts';
import { hasReleasePriority } from '../../src/candidacies/rules.ts';
import type { DetaineeRow } from '../../src/detainees/service.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { type Day, daysBetween } from '../../src/platform/calendar.ts';
import { formatNumber, formatShortDay, formatSince, plural } from '../../src/platform/format.ts';
import type { Post } from '../../src/workshops/entities.ts';
import { StateBadge } from '../components/assignment-state.tsx';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField, type Errors, type Values } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';
import { PeopleNav } from '../components/people-nav.tsx';
import { AssignmentFields } from './assignment-form.tsx';

function WaitingItem({ c, rank, today, action }: { c: Candidacy; rank: number; today: Day; action?: 'assign' | 'enroll' }) {
  const d = c.detainee;
  const wait = daysBetween(c.cpuOn ?? c.submittedOn, today);
  return (
    <li class="atelier-waiting-item" id={`attente-${c.id}`}>
      <span class="atelier-rank">{rank}</span>
      <span>
        <a href={`/personnes/${d.id}`}>{d.fullName()}</a>
        <span class="fr-hint-text">
          {c.post ? `poste ${c.post.code} · ` : ''}en attente {formatSince(wait)}
          {c.proposedBy === 'partner' ? ' · proposée par la structure' : ''}
          {hasReleasePriority(d.expectedReleaseDate ?? null, today) ? ' · libération sous 6 mois' : ''}
          {c.pinnedRank ? ` · placé au rang ${c.pinnedRank} à la main` : ''}
        </span>
      </span>
      {action === 'assign' ? (
        <a
          class="fr-btn fr-btn--sm"
          href={`/candidatures/${c.id}/affectation`}
          hx-get={`/candidatures/${c.id}/affectation`}
          hx-target="closest li"
          hx-swap="outerHTML"
        >
          Affecter
        </a>
      ) : null}
      {action === 'enroll' ? (
        <form method="post" action={`/candidatures/${c.id}/inscription`} class="atelier-inline-form">
          <CsrfField />
          <input type="hidden" name="startsOn" value={c.session && c.session.startsOn > today ? c.session.startsOn : today} />
          <button type="submit" class="fr-btn fr-btn--sm">
            Inscrire
          </button>
        </form>
      ) : null}
    </li>
  );
}

/** The assign-from-the-waiting-list form on a page of its own, when JavaScript is off. */
export function AssignFromListPage({ children }: { children: Child }) {
  return (
    <>
      <h1>Affecter depuis la liste d’attente</h1>
      <ul class="atelier-waiting">{children}</ul>
    </>
  );
}

/** The two-click assignment: the waiting person's row turns into this form, vacant posts of the workshop first; its answer replaces the workshop's section. */
export function AssignFromListForm({
  c,
  posts,
  values,
  errors,
  autofocus,
}: {
  c: Candidacy;
  posts: Post[];
  values: Values;
  errors: Errors;
  autofocus?: boolean;
}) {
  const action = `/candidatures/${c.id}/affectation`;
  const workshopId = c.post?.workshop.id ?? c.workshop?.id;
  return (
    <li class="atelier-waiting-item atelier-waiting-item--form" id={`attente-${c.id}`}>
      <form method="post" action={action} hx-post={action} hx-target={`#atelier-${workshopId}`} hx-swap="outerHTML" class="atelier-assign-form" novalidate>
        <CsrfField />
        <p class="fr-text--bold fr-mb-1w">Affecter {c.detainee.fullName()}</p>
        {errors._form ? (
          <p class="fr-error-text" role="alert" tabindex={-1} autofocus={autofocus}>
            {errors._form}
          </p>
        ) : null}
        <AssignmentFields
          idPrefix={`affecter-${c.id}`}
          posts={posts}
          values={values}
          errors={errors}
          postsUrl={`${action}/postes`}
          autofocus={autofocus && !errors._form}
        />
        <div class="atelier-actions">
          <button type="submit" class="fr-btn fr-btn--sm" disabled={posts.length === 0}>
            Confirmer l’affectation
          </button>
          <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={`/etablissements/${c.establishment.id}/tableau?atelier=${workshopId}#atelier-${workshopId}`}>
            Annuler
          </a>
        </div>
      </form>
    </li>
  );
}

/** What a workshop's section shows besides its lists after an action there: the success message, or the refused form in its person's place. */
export interface SectionState {
  message?: string;
  form?: { candidacyId: number; node: Child };
}

/** One workshop of the board: its posts and its waiting list. After « Confirmer l’affectation » (htmx) it comes back whole, with the message in it and the focus on it. */
export function WorkshopBoard({ w, today, state = {} }: { w: BoardWorkshop; today: Day; state?: SectionState }) {
  const occupied = w.posts.filter((p) => p.holder).length;
  const vacant = w.posts.length - occupied;
  return (
    <section class="fr-mb-6w atelier-board-workshop" id={`atelier-${w.workshop.id}`} aria-labelledby={`titre-atelier-${w.workshop.id}`}>
      <h2 class="fr-h4" id={`titre-atelier-${w.workshop.id}`}>
        <a href={`/ateliers/${w.workshop.id}`}>{w.workshop.name}</a>{' '}
        <span class="fr-text--sm fr-text--regular">
          {occupied}/{w.posts.length} postes occupés · {w.workshop.partner.name}
        </span>
      </h2>
      {state.message ? (
        <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-2w atelier-board-message" role="status" tabindex={-1} autofocus>
          <p>{state.message}</p>
        </div>
      ) : null}
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-lg-8">
          <Table id={`postes-atelier-${w.workshop.id}`} caption={`Postes de ${w.workshop.name}`}>
            <thead>
              <tr>
                <th scope="col">Poste</th>
                <th scope="col">Occupé par</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {w.posts.map(({ post, holder, state, vacantSince, categoryWarning }) => (
                <tr class={holder ? undefined : 'atelier-row--vacant'}>
                  <th scope="row">
                    <span class="atelier-code">{post.code}</span>
                    <span class="fr-hint-text">{post.title}</span>
                    {categoryWarning ? <p class="fr-badge fr-badge--warning fr-badge--sm atelier-category-warning">À corriger : {categoryWarning}</p> : null}
                  </th>
                  <td>{holder ? <a href={`/personnes/${holder.detainee.id}`}>{holder.detainee.fullName()}</a> : <strong>Vacant</strong>}</td>
                  <td>
                    {holder && state ? (
                      <>
                        <StateBadge state={state} />
                        {state === 'trial' ? <span class="fr-hint-text">essai jusqu’au {formatShortDay(holder.trialEndsOn)}</span> : null}
                      </>
                    ) : vacantSince ? (
                      <span>{formatSince(daysBetween(vacantSince, today))}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
        <div class="fr-col-12 fr-col-lg-4">
          <h3 class="fr-h6">Liste d’attente {w.waiting.length > 0 ? `(${w.waiting.length})` : ''}</h3>
          {w.waiting.length === 0 ? (
            <p class="fr-text--sm">Personne n’attend cet atelier.</p>
          ) : (
            <ol class="atelier-waiting" aria-label={`Liste d’attente de ${w.workshop.name}`}>
              {w.waiting.map((c, i) =>
                state.form?.candidacyId === c.id ? (
                  state.form.node
                ) : (
                  <WaitingItem c={c} rank={i + 1} today={today} action={w.posts.length > 0 ? 'assign' : undefined} />
                ),
              )}
            </ol>
          )}
          {w.waiting.length > 0 && vacant === 0 ? (
            <p class="fr-text--sm">Aucun poste vacant aujourd’hui : « Affecter » propose les postes libres à la date de début choisie.</p>
          ) : null}
        </div>
      </div>
    </section>
  );
}

/** The board's summary line, refreshed out of band when an assignment changes a section. */
export function BoardSummary({ board, oob }: { board: Board; oob?: boolean }) {
  const posts = board.workshops.flatMap((w) => w.posts);
  const occupied = posts.filter((p) => p.holder).length;
  const waiting = board.workshops.reduce((n, w) => n + w.waiting.length, 0);
  return (
    <p class="fr-text--lead" id="tableau-resume" hx-swap-oob={oob ? 'true' : undefined}>
      {occupied}/{posts.length} postes occupés · {plural(waiting, 'personne en attente d’un atelier', 'personnes en attente d’un atelier')}
    </p>
  );
}

/** Choose one workshop (GET `?atelier=`), or jump to one: the whole board runs to thousands of pixels. */
function WorkshopFilter({ e, board, shown }: { e: Establishment; board: Board; shown: number | null }) {
  return (
    <div class="fr-grid-row fr-grid-row--gutters fr-mb-2w">
      <div class="fr-col-12 fr-col-md-5">
        <form method="get" action={`/etablissements/${e.id}/tableau`} class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div class="fr-col">
            <div class="fr-select-group fr-mb-0">
              <label class="fr-label" for="filtre-atelier">
                Afficher un atelier
              </label>
              <select class="fr-select" id="filtre-atelier" name="atelier">
                <option value="" selected={shown === null}>
                  Tous les ateliers et les formations
                </option>
                {board.workshops.map((w) => (
                  <option value={String(w.workshop.id)} selected={shown === w.workshop.id}>
                    {w.workshop.name}
                    {w.waiting.length > 0 ? ` (${w.waiting.length} en attente)` : ''}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="fr-col-auto">
            <button type="submit" class="fr-btn fr-btn--secondary">
              Afficher
            </button>
          </div>
        </form>
      </div>
      {shown === null && board.workshops.length > 1 ? (
        <nav class="fr-col-12 fr-col-md-7 fr-summary" aria-labelledby="sommaire-ateliers">
          <p class="fr-summary__title" id="sommaire-ateliers">
            Aller à un atelier
          </p>
          <ol class="fr-summary__list">
            {board.workshops.map((w) => (
              <li>
                <a class="fr-summary__link" href={`#atelier-${w.workshop.id}`}>
                  {w.workshop.name} — {w.posts.filter((p) => p.holder).length}/{w.posts.length} postes
                  {w.waiting.length > 0 ? `, ${w.waiting.length} en attente` : ''}
                </a>
              </li>
            ))}
            <li>
              <a class="fr-summary__link" href="#sessions">
                Sessions de formation
              </a>
            </li>
          </ol>
        </nav>
      ) : null}
    </div>
  );
}

export function BoardPage({ establishment: e, board, today, shown }: { establishment: Establishment; board: Board; today: Day; shown: number | null }) {
  const workshops = shown === null ? board.workshops : board.workshops.filter((w) => w.workshop.id === shown);
  return (
    <>
      <Breadcrumb
        items={[
          { href: '/etablissements', label: 'Établissements' },
          { href: `/etablissements/${e.id}`, label: e.name },
          { label: 'Tableau des affectations' },
        ]}
      />
      <h1>Tableau des affectations</h1>
      <PeopleNav establishment={e} current="tableau" />
      <BoardSummary board={board} />
      <p class="fr-text--sm">
        Ordre des listes d’attente : libération prévue sous six mois d’abord, puis date de l’avis de la CPU, puis date de la demande ; une coordinatrice peut
        déplacer une personne en indiquant pourquoi.
      </p>
      {board.workshops.length === 0 ? <p>Aucun atelier ouvert dans cet établissement.</p> : <WorkshopFilter e={e} board={board} shown={shown} />}
      {workshops.map((w) => (
        <WorkshopBoard w={w} today={today} />
      ))}
      {shown === null ? (
        <Sessions board={board} today={today} />
      ) : (
        <p>
          <a href={`/etablissements/${e.id}/tableau`}>Voir tous les ateliers et les sessions de formation</a>
        </p>
      )}
    </>
  );
}

function Sessions({ board, today }: { board: Board; today: Day }) {
  return (
    <>
      <h2 class="fr-mt-6w" id="sessions">
        Sessions de formation
      </h2>
      {board.sessions.length === 0 ? <p>Aucune session en cours ou à venir.</p> : null}
      {board.sessions.map(({ session: s, taken, waiting: list }) => (
        <section class="fr-mb-4w" id={`session-${s.id}`}>
          <h3 class="fr-h6">
            {s.programme.title} — du {formatShortDay(s.startsOn)} au {formatShortDay(s.endsOn)}{' '}
            <span class="fr-text--regular">
              · {taken}/{s.places} places prises
            </span>
          </h3>
          {list.length === 0 ? (
            <p class="fr-text--sm">Personne n’attend cette session.</p>
          ) : (
            <ol class="atelier-waiting">
              {list.map((c, i) => (
                <WaitingItem c={c} rank={i + 1} today={today} action={taken < s.places ? 'enroll' : undefined} />
              ))}
            </ol>
          )}
        </section>
      ))}
    </>
  );
}

export function WithoutActivityPage({ establishment: e, rows, present }: { establishment: Establishment; rows: DetaineeRow[]; present: number }) {
  const rate = present === 0 ? 100 : Math.round(((present - rows.length) / present) * 1000) / 10;
  return (
    <>
      <Breadcrumb
        items={[{ href: '/etablissements', label: 'Établissements' }, { href: `/etablissements/${e.id}`, label: e.name }, { label: 'Sans activité' }]}
      />
      <h1>Personnes sans activité aujourd’hui</h1>
      <PeopleNav establishment={e} current="sans-activite" />
      <p class="fr-text--lead">
        {rows.length === 0
          ? 'Tout le monde a un travail ou une formation aujourd’hui.'
          : `${plural(rows.length, 'personne présente', 'personnes présentes')} sur ${present} sans travail ni formation aujourd’hui.`}{' '}
        Accès au travail ou à la formation : {formatNumber(rate)} %.
      </p>
      {rows.length > 0 ? (
        <Table id="sans-activite" caption="Personnes sans activité">
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">N° d’écrou</th>
              <th scope="col">Sans activité depuis</th>
              <th scope="col">Listes d’attente</th>
              <th scope="col">Libération prévue</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  <a href={`/personnes/${r.detainee.id}`}>{r.detainee.fullName()}</a>
                </th>
                <td class="atelier-code">{r.detainee.prisonNumber}</td>
                <td>{plural(r.daysWithout ?? 0, 'jour', 'jours')}</td>
                <td>{r.waiting > 0 ? plural(r.waiting, 'liste', 'listes') : 'Aucune : proposez une candidature'}</td>
                <td>{formatShortDay(r.detainee.expectedReleaseDate) || '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </>
  );
}
