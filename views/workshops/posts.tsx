import { isArchived } from '../../src/platform/archivable.ts';
import { formatBasisPoints, formatMinutes, plural } from '../../src/platform/format.ts';
import { POST_STATUS_LABELS, type Post } from '../../src/workshops/entities.ts';
import {
  nextPostCode,
  PAY_CATEGORIES,
  PAY_CATEGORY_LABELS,
  PAY_CATEGORY_SHORT_LABELS,
  type PayCategory,
  postsOfWorkshopTitle,
  usualWeeklyMinutes,
} from '../../src/workshops/rules.ts';
import type { PostOccupancy } from '../../src/workshops/service.ts';
import { BlockEditRow, ListSection } from '../components/block-forms.tsx';
import { ActionButton, type Errors, Field, SelectField, type Values } from '../components/forms.tsx';
import { HistoryButton } from '../components/history-link.tsx';
import { EditLink, SavedBadge, ShownRow, Table } from '../components/inline.tsx';

export const PAY_OPTIONS = PAY_CATEGORIES.map((c) => [c, PAY_CATEGORY_LABELS[c]] as const);

export type FloorOf = (category: PayCategory) => number | null;

export interface PostTableOptions {
  /** Who holds each post today, and its vacancy days this month. */
  occupancy: Map<number, PostOccupancy>;
  /** Show the workshop column (the establishment-wide list). */
  showWorkshop: boolean;
  canManage: boolean;
  floorOf: FloorOf;
  /** The page to come back to after a plain (non-htmx) action. */
  back: string;
}

/** Rows swapped in by htmx must have the columns of the table they land in. */
function columnsQuery(o: PostTableOptions): string {
  return o.showWorkshop ? '?atelier=1' : '';
}

export function postColumns(o: PostTableOptions): string[] {
  return columns(o);
}

function columns(o: PostTableOptions): string[] {
  return ['Code', o.showWorkshop ? 'Intitulé et atelier' : 'Intitulé', 'Heures / semaine', 'Rémunération', 'Occupation', ...(o.canManage ? ['Actions'] : [])];
}

export function PostRow({ post, o, saved }: { post: Post; o: PostTableOptions; saved?: boolean }) {
  const floor = o.floorOf(post.payCategory);
  return (
    <ShownRow id={`poste-${post.id}`} saved={saved}>
      <th scope="row">
        <span class="atelier-code">{post.code}</span>
      </th>
      <td>
        {post.title}
        <SavedBadge saved={saved} /> <PostStatusBadge post={post} />
        {o.showWorkshop ? (
          <span class="fr-hint-text">
            <a href={`/ateliers/${post.workshop.id}`}>{post.workshop.name}</a>
          </span>
        ) : null}
      </td>
      <td class="atelier-num">{formatMinutes(post.weeklyMinutes)}</td>
      <td>
        {PAY_CATEGORY_SHORT_LABELS[post.payCategory]}
        {post.payBasisPoints ? (
          <span class="fr-hint-text">
            {formatBasisPoints(post.payBasisPoints)} du SMIC{floor != null ? ` (plancher ${formatBasisPoints(floor)})` : ''}
          </span>
        ) : floor != null ? (
          <span class="fr-hint-text">plancher {formatBasisPoints(floor)} du SMIC</span>
        ) : null}
      </td>
      <OccupancyCell o={o} post={post} />
      {o.canManage ? (
        <td>
          <div class="atelier-actions">
            {isArchived(post) ? (
              <ActionButton action={`/postes/${post.id}/restauration`} label="Restaurer" secondary icon="fr-icon-refresh-line">
                <input type="hidden" name="retour" value={o.back} />
              </ActionButton>
            ) : (
              <>
                <EditLink href={`/postes/${post.id}/modifier${columnsQuery(o)}`} label={`Modifier le poste ${post.code}`} />
                <HistoryButton table="post" id={post.id} label={`Historique du poste ${post.code}`} />
                {post.status === 'open' ? (
                  <ActionButton action={`/postes/${post.id}/gel`} label="Geler" secondary icon="fr-icon-pause-circle-line" iconOnly>
                    <input type="hidden" name="retour" value={o.back} />
                  </ActionButton>
                ) : (
                  <ActionButton action={`/postes/${post.id}/ouverture`} label="Rouvrir" secondary icon="fr-icon-play-circle-line" iconOnly>
                    <input type="hidden" name="retour" value={o.back} />
                  </ActionButton>
                )}
                <ActionButton
                  action={`/postes/${post.id}/archivage`}
                  label="Archiver"
                  secondary
                  icon="fr-icon-archive-line"
                  iconOnly
                  confirm={`Archiver le poste ${post.code} ?`}
                >
                  <input type="hidden" name="retour" value={o.back} />
                </ActionButton>
              </>
            )}
          </div>
        </td>
      ) : null}
    </ShownRow>
  );
}

/** Frozen or archived (open goes without saying): beside the title, so that the list needs no column of its own. */
function PostStatusBadge({ post }: { post: Post }) {
  if (isArchived(post)) return <span class="fr-badge fr-badge--sm">Archivé</span>;
  return post.status === 'open' ? null : <span class="fr-badge fr-badge--warning fr-badge--sm fr-badge--no-icon">{POST_STATUS_LABELS.frozen}</span>;
}

function OccupancyCell({ o, post }: { o: PostTableOptions; post: Post }) {
  const occupancy = o.occupancy.get(post.id);
  return (
    <td>
      {occupancy?.holder ?? 'Vacant'}
      {occupancy && occupancy.vacantDaysThisMonth > 0 ? (
        <span class="fr-hint-text">{plural(occupancy.vacantDaysThisMonth, 'jour vacant', 'jours vacants')} ce mois-ci</span>
      ) : null}
    </td>
  );
}

function PostFields({ form, values, errors }: { form: string; values: Values; errors: Errors }) {
  return (
    <>
      <Field idPrefix={form} name="code" label="Code du poste" hint="ex. ARR-VEL-01" values={values} errors={errors} />
      <Field idPrefix={form} name="title" label="Intitulé du poste" values={values} errors={errors} />
      <Field idPrefix={form} name="weeklyHours" label="Heures par semaine" hint="ex. 35, 17h30" values={values} errors={errors} />
      <SelectField idPrefix={form} name="payCategory" label="Catégorie de rémunération" values={values} errors={errors} options={PAY_OPTIONS} />
      <Field idPrefix={form} name="payRate" label="Taux au-dessus du plancher (% du SMIC)" hint="facultatif" values={values} errors={errors} />
    </>
  );
}

export function PostEditRow({ post, o, values, errors }: { post: Post; o: PostTableOptions; values: Values; errors: Errors }) {
  const form = `modifier-poste-${post.id}`;
  return (
    <BlockEditRow
      id={`poste-${post.id}`}
      form={form}
      colspan={columns(o).length}
      action={`/postes/${post.id}${columnsQuery(o)}`}
      cancel={o.back}
      row={`/postes/${post.id}/ligne${columnsQuery(o)}`}
      version={String(values.version ?? post.version)}
      back={o.back}
      errors={errors}
    >
      <PostFields form={form} values={values} errors={errors} />
    </BlockEditRow>
  );
}

/** 1440 → « 24 », 1050 → « 17h30 »: hours as the form reads them. */
function hoursText(minutes: number): string {
  return formatMinutes(minutes).replace(' h ', 'h').replace(' h', '');
}

export function postValues(post: Post): Values {
  return {
    code: post.code,
    title: post.title,
    weeklyHours: hoursText(post.weeklyMinutes),
    payCategory: post.payCategory,
    payRate: post.payBasisPoints ? String(post.payBasisPoints / 100).replace('.', ',') : '',
    version: post.version,
  };
}

/** The workshop's posts with the "add a post" row: htmx swaps this whole section after an add. */
export function PostsSection({
  workshopId,
  workshopName,
  posts,
  o,
  values,
  errors,
  created,
}: {
  workshopId: number;
  workshopName: string;
  posts: Post[];
  o: PostTableOptions;
  values: Values;
  errors: Errors;
  created?: string;
}) {
  const form = 'nouveau-poste';
  // A fresh add form proposes the next code of the series and the workshop's usual category and hours.
  const fresh = Object.keys(values).length === 0;
  const last = posts.at(-1);
  const addValues = fresh
    ? { code: nextPostCode(posts.map((p) => p.code)) ?? '', payCategory: last?.payCategory ?? '', weeklyHours: hoursText(usualWeeklyMinutes(posts)) }
    : values;
  if (posts.length === 0 && !o.canManage) {
    return (
      <div id="section-postes">
        <p>Aucun poste dans cet atelier.</p>
      </div>
    );
  }
  return (
    <ListSection
      id="section-postes"
      table="liste-postes"
      caption={postsOfWorkshopTitle(workshopName)}
      columns={columns(o)}
      rows={posts.map((post) => <PostRow post={post} o={o} saved={post.code === created} />)}
      empty={o.canManage ? 'Aucun poste pour le moment : ajoutez le premier ci-dessous.' : 'Aucun poste.'}
      add={
        o.canManage
          ? {
              form,
              action: `/ateliers/${workshopId}/postes`,
              title: 'Nouveau poste',
              label: 'Ajouter le poste',
              fields: <PostFields form={form} values={addValues} errors={errors} />,
            }
          : undefined
      }
      created={created ? <>Le poste {created} a été créé.</> : undefined}
      notAdded="Le poste n’a pas été créé"
      errors={errors}
    />
  );
}

export function PostsTable({ posts, o }: { posts: Post[]; o: PostTableOptions }) {
  if (posts.length === 0) return <p>Aucun poste ne correspond à ces critères.</p>;
  return (
    <Table id="liste-postes" caption="Postes">
      <thead>
        <tr>
          {columns(o).map((c) => (
            <th scope="col">{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {posts.map((post) => (
          <PostRow post={post} o={o} />
        ))}
      </tbody>
    </Table>
  );
}
