import type { Child } from 'hono/jsx';
import type { Board, BoardWorkshop } from '../../src/assignments/board.ts';
import type { Candidacy } from '../../src/candidacies/entities.ts';
import { hasReleasePriority } from '../../src/candidacies/rules.ts';
import type { DetaineeRow } from '../../src/detainees/service.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { type Day, daysBetween } from '../../src/platform/calendar.ts';
import { formatNumber, formatShortDay, plural } from '../../src/platform/format.ts';
import type { Post } from '../../src/workshops/entities.ts';
import { StateBadge } from '../components/assignment-state.tsx';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField, type Errors, type Values } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';
import { PeopleNav } from '../components/people-nav.tsx';

function WaitingItem({ c, rank, today, action }: { c: Candidacy; rank: number; today: Day; action?: 'assign' | 'enroll' }) {
  const d = c.detainee;
  const wait = daysBetween(c.cpuOn ?? c.submittedOn, today);
  return (
    <li class="atelier-waiting-item" id={`attente-${c.id}`}>
      <span class="atelier-rank">{rank}</span>
      <span>
        <a href={`/personnes/${d.id}`}>{d.fullName()}</a>
        <span class="fr-hint-text">
          {c.post ? `poste ${c.post.code} · ` : ''}en attente depuis {plural(wait, 'jour', 'jours')}
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

/** The two-click assignment: the waiting person's row turns into this form, vacant posts of the workshop first. */
export function AssignFromListForm({ c, posts, values, errors, today }: { c: Candidacy; posts: Post[]; values: Values; errors: Errors; today: Day }) {
  const action = `/candidatures/${c.id}/affectation`;
  const id = `affecter-${c.id}`;
  return (
    <li class="atelier-waiting-item atelier-waiting-item--form" id={`attente-${c.id}`}>
      <form method="post" action={action} hx-post={action} hx-target="closest li" hx-swap="outerHTML" class="atelier-assign-form">
        <CsrfField />
        <p class="fr-text--bold fr-mb-1w">Affecter {c.detainee.fullName()}</p>
        {errors._form ? (
          <p class="fr-error-text" role="alert">
            {errors._form}
          </p>
        ) : null}
        <div class="fr-select-group fr-mb-1w">
          <label class="fr-label" for={`${id}-postId`}>
            Poste vacant
          </label>
          <select class="fr-select" id={`${id}-postId`} name="postId" aria-invalid={errors.postId ? 'true' : undefined}>
            {posts.length === 0 ? <option value="">Aucun poste vacant dans cet atelier</option> : null}
            {posts.map((p) => (
              <option value={String(p.id)} selected={String(values.postId ?? '') === String(p.id)}>
                {p.code} — {p.title}
              </option>
            ))}
          </select>
          {errors.postId ? <p class="fr-error-text">{errors.postId}</p> : null}
        </div>
        <div class="atelier-assign-form__row">
          <div class="fr-input-group fr-mb-1w">
            <label class="fr-label" for={`${id}-startsOn`}>
              Début
            </label>
            <input class="fr-input" type="date" id={`${id}-startsOn`} name="startsOn" value={String(values.startsOn ?? today)} />
            {errors.startsOn ? <p class="fr-error-text">{errors.startsOn}</p> : null}
          </div>
          <div class="fr-input-group fr-mb-1w">
            <label class="fr-label" for={`${id}-contractReference`}>
              Contrat (CEP)
            </label>
            <input class="fr-input" id={`${id}-contractReference`} name="contractReference" value={String(values.contractReference ?? '')} />
            {errors.contractReference ? <p class="fr-error-text">{errors.contractReference}</p> : null}
          </div>
        </div>
        <div class="atelier-actions">
          <button type="submit" class="fr-btn fr-btn--sm" disabled={posts.length === 0}>
            Confirmer l’affectation
          </button>
          <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={`/etablissements/${c.establishment.id}/tableau`}>
            Annuler
          </a>
        </div>
      </form>
    </li>
  );
}

function WorkshopBoard({ w, today }: { w: BoardWorkshop; today: Day }) {
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
                      <span>depuis {plural(Math.max(0, daysBetween(vacantSince, today)), 'jour', 'jours')}</span>
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
              {w.waiting.map((c, i) => (
                <WaitingItem c={c} rank={i + 1} today={today} action={vacant > 0 ? 'assign' : undefined} />
              ))}
            </ol>
          )}
          {w.waiting.length > 0 && vacant === 0 ? <p class="fr-text--sm">Aucun poste vacant : l’affectation attendra qu’un poste se libère.</p> : null}
        </div>
      </div>
    </section>
  );
}

export function BoardPage({ establishment: e, board, today }: { establishment: Establishment; board: Board; today: Day }) {
  const posts = board.workshops.flatMap((w) => w.posts);
  const occupied = posts.filter((p) => p.holder).length;
  const waiting = board.workshops.reduce((n, w) => n + w.waiting.length, 0);
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
      <p class="fr-text--lead">
        {occupied}/{posts.length} postes occupés · {plural(waiting, 'personne en attente d’un atelier', 'personnes en attente d’un atelier')}
      </p>
      <p class="fr-text--sm">
        Ordre des listes d’attente : libération prévue sous six mois d’abord, puis date de l’avis de la CPU, puis date de la demande ; une coordinatrice peut
        déplacer une personne en indiquant pourquoi.
      </p>
      {board.workshops.length === 0 ? <p>Aucun atelier ouvert dans cet établissement.</p> : null}
      {board.workshops.map((w) => (
        <WorkshopBoard w={w} today={today} />
      ))}
      <h2 class="fr-mt-6w">Sessions de formation</h2>
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
