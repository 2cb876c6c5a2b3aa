import { isArchived } from '../../src/platform/archivable.ts';
import type { Post, Workshop } from '../../src/workshops/entities.ts';
import { IAE_TYPE_LABELS, postsOfWorkshopTitle } from '../../src/workshops/rules.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ActionButton, type Errors, type Values } from '../components/forms.tsx';
import { HistoryLink } from '../components/history-link.tsx';
import { Notice } from '../components/inline.tsx';
import { PostsSection, type PostTableOptions } from './posts.tsx';

export function WorkshopPage({
  workshop: w,
  posts,
  archivedPosts,
  o,
  values,
  errors,
  partnerView = false,
  holders,
}: {
  partnerView?: boolean;
  holders: Array<{ name: string; code: string; title: string }>;
  workshop: Workshop;
  posts: Post[];
  archivedPosts: number;
  o: PostTableOptions;
  values: Values;
  errors: Errors;
}) {
  const e = w.establishment;
  const archived = isArchived(w);
  return (
    <>
      <Breadcrumb
        items={
          partnerView
            ? [{ href: '/structure', label: 'Ma structure' }, { label: w.name }]
            : [
                { href: '/etablissements', label: 'Établissements' },
                { href: `/etablissements/${e.id}`, label: e.name },
                { href: `/etablissements/${e.id}/ateliers`, label: 'Ateliers' },
                { label: w.name },
              ]
        }
      />
      <h1>{w.name}</h1>
      {archived ? <Notice kind="warning">Cet atelier est archivé : il n’apparaît plus dans les listes et ne reçoit plus de poste.</Notice> : null}
      <dl class="atelier-facts fr-mb-4w">
        <dt>Établissement</dt>
        <dd>{e.name}</dd>
        <dt>Structure</dt>
        <dd>{w.partner.name}</dd>
        <dt>Activité</dt>
        <dd>{w.activity}</dd>
        <dt>Insertion par l’activité économique</dt>
        <dd>{IAE_TYPE_LABELS[w.iaeType]}</dd>
        <dt>Horaires d’ouverture</dt>
        <dd>{w.openingHours || 'Non renseignés'}</dd>
      </dl>
      {o.canManage ? (
        <p>
          <HistoryLink table="workshop" id={w.id} />
        </p>
      ) : null}
      {o.canManage ? (
        <div class="atelier-actions fr-mb-4w">
          {archived ? (
            <ActionButton action={`/ateliers/${w.id}/restauration`} label="Restaurer l’atelier et ses postes" icon="fr-icon-refresh-line" />
          ) : (
            <>
              <a class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-edit-line fr-btn--icon-left" href={`/ateliers/${w.id}/modifier`}>
                Modifier l’atelier
              </a>
              <ActionButton
                action={`/ateliers/${w.id}/archivage`}
                label="Archiver l’atelier"
                secondary
                icon="fr-icon-archive-line"
                confirm={`Archiver « ${w.name} » et ses postes ? Vous pourrez les restaurer.`}
              />
            </>
          )}
        </div>
      ) : null}
      <p>
        <a class="fr-btn fr-btn--sm fr-icon-time-line fr-btn--icon-left" href={`/ateliers/${w.id}/pointage`}>
          Pointage de la semaine
        </a>{' '}
        <a class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-calendar-line fr-btn--icon-left" href={`/ateliers/${w.id}/conges`}>
          Congés du mois
        </a>{' '}
        <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={`/ateliers/${w.id}/conges/nouvelle`}>
          Demander un congé
        </a>{' '}
        <a class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-draft-line fr-btn--icon-left" href={`/ateliers/${w.id}/journal`}>
          Journal d’activité
        </a>
      </p>
      <h2>Personnes affectées aujourd’hui</h2>
      {holders.length === 0 ? (
        <p>Aucune personne n’est affectée à cet atelier aujourd’hui.</p>
      ) : (
        <ul id="personnes-affectees" class="fr-mb-4w">
          {holders.map((h) => (
            <li>
              {h.name} — <span class="atelier-code">{h.code}</span> {h.title}
            </li>
          ))}
        </ul>
      )}
      <h2>{postsOfWorkshopTitle(w.name)}</h2>
      <PostsSection workshopId={w.id} workshopName={w.name} posts={posts} o={{ ...o, canManage: o.canManage && !archived }} values={values} errors={errors} />
      {archivedPosts > 0 ? (
        <p class="fr-text--sm">
          <a href={`/etablissements/${e.id}/postes?atelier=${w.id}&archives=1`}>
            Voir {archivedPosts === 1 ? 'le poste archivé' : `les ${archivedPosts} postes archivés`} de cet atelier
          </a>
        </p>
      ) : null}
    </>
  );
}
