import type { Establishment } from '../../src/establishments/entities.ts';
import { plural } from '../../src/platform/format.ts';
import { POST_STATUS_LABELS, POST_STATUSES, type Post, type PostStatus, type Workshop } from '../../src/workshops/entities.ts';
import { type PayCategory, postsOfWorkshopTitle } from '../../src/workshops/rules.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ArchivedFilter } from '../components/forms.tsx';
import { SetupNav } from '../components/setup-nav.tsx';
import { PAY_OPTIONS, PostsTable, type PostTableOptions } from './posts.tsx';

export interface PostFiltersView {
  workshopId?: number;
  status?: PostStatus;
  payCategory?: PayCategory;
  archived?: boolean;
  q?: string;
}

export function PostsPage({
  establishment: e,
  posts,
  workshops,
  filters,
  o,
}: {
  establishment: Establishment;
  posts: Post[];
  workshops: Workshop[];
  filters: PostFiltersView;
  o: PostTableOptions;
}) {
  const shown = filters.workshopId ? workshops.find((w) => w.id === filters.workshopId) : undefined;
  return (
    <>
      <Breadcrumb items={[{ href: '/etablissements', label: 'Établissements' }, { href: `/etablissements/${e.id}`, label: e.name }, { label: 'Postes' }]} />
      <h1>{shown ? postsOfWorkshopTitle(shown.name) : 'Postes de travail'}</h1>
      <SetupNav establishment={e} current="postes" />
      <form method="get" action={`/etablissements/${e.id}/postes`} class="atelier-filters" role="search" aria-label="Filtrer les postes">
        <div class="fr-input-group">
          <label class="fr-label" for="filtre-q">
            Code ou intitulé
          </label>
          <input class="fr-input" id="filtre-q" name="q" type="search" value={filters.q ?? ''} />
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="filtre-atelier">
            Atelier
          </label>
          <select class="fr-select" id="filtre-atelier" name="atelier">
            <option value="">Tous les ateliers</option>
            {workshops.map((w) => (
              <option value={String(w.id)} selected={filters.workshopId === w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="filtre-etat">
            État
          </label>
          <select class="fr-select" id="filtre-etat" name="etat">
            <option value="">Tous</option>
            {POST_STATUSES.map((s) => (
              <option value={s} selected={filters.status === s}>
                {POST_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="filtre-categorie">
            Rémunération
          </label>
          <select class="fr-select" id="filtre-categorie" name="categorie">
            <option value="">Toutes</option>
            {PAY_OPTIONS.map(([v, l]) => (
              <option value={v} selected={filters.payCategory === v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <ArchivedFilter checked={filters.archived} label="Postes archivés" />
      </form>
      <p class="fr-text--sm" aria-live="polite">
        {plural(posts.length, 'poste', 'postes')}
        {o.canManage ? ' — pour créer un poste, ouvrez la page de son atelier.' : ''}
      </p>
      <PostsTable posts={posts} o={o} />
    </>
  );
}
