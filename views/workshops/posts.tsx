import { isArchived } from '../../src/platform/archivable.ts';
import { formatBasisPoints, formatMinutes, plural } from '../../src/platform/format.ts';
import { POST_STATUS_LABELS, type Post, type PostStatus } from '../../src/workshops/entities.ts';
import { nextPostCode, PAY_CATEGORIES, PAY_CATEGORY_LABELS, PAY_CATEGORY_SHORT_LABELS, type PayCategory } from '../../src/workshops/rules.ts';
import type { PostOccupancy } from '../../src/workshops/service.ts';
import { ActionButton, type Errors, type Values } from '../components/forms.tsx';
import { CellField, EditLink, EditRow, InlineSection, RowErrorCell, SavedBadge, ShownRow, Table } from '../components/inline.tsx';

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
  return [
    'Code',
    'Intitulé',
    ...(o.showWorkshop ? ['Atelier'] : []),
    'Heures / semaine',
    'Rémunération',
    'État',
    'Occupation',
    ...(o.canManage ? ['Actions'] : []),
  ];
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
        <SavedBadge saved={saved} />
      </td>
      {o.showWorkshop ? (
        <td>
          <a href={`/ateliers/${post.workshop.id}`}>{post.workshop.name}</a>
        </td>
      ) : null}
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
      <td>
        {isArchived(post) ? (
          <p class="fr-badge fr-badge--sm">Archivé</p>
        ) : post.status === 'open' ? (
          <p class="fr-badge fr-badge--success fr-badge--sm">{POST_STATUS_LABELS.open}</p>
        ) : (
          <p class="fr-badge fr-badge--warning fr-badge--sm">{POST_STATUS_LABELS.frozen}</p>
        )}
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

/** Category and, optionally, a rate above its floor: two fields in the "Rémunération" cell. */
function PayCell({ form, values, errors }: { form: string; values: Values; errors: Errors }) {
  const id = (name: string) => `${form}-${name}`;
  return (
    <td class={`atelier-cell atelier-cell--m${errors.payCategory || errors.payRate ? ' atelier-cell--error' : ''}`}>
      <label class="fr-label fr-sr-only" for={id('payCategory')}>
        Catégorie de rémunération
      </label>
      <select
        class={`fr-select${errors.payCategory ? ' fr-select--error' : ''}`}
        id={id('payCategory')}
        name="payCategory"
        form={form}
        aria-invalid={errors.payCategory ? 'true' : undefined}
      >
        <option value="">Choisissez</option>
        {PAY_OPTIONS.map(([v, l]) => (
          <option value={v} selected={String(values.payCategory ?? '') === v}>
            {l}
          </option>
        ))}
      </select>
      {errors.payCategory ? (
        <p class="fr-error-text" id={`${id('payCategory')}-erreur`}>
          {errors.payCategory}
        </p>
      ) : null}
      <label class="fr-label fr-mt-1w" for={id('payRate')}>
        <span class="fr-hint-text">Taux au-dessus du plancher (% du SMIC), facultatif</span>
      </label>
      <input
        class={`fr-input${errors.payRate ? ' fr-input--error' : ''}`}
        id={id('payRate')}
        name="payRate"
        form={form}
        value={String(values.payRate ?? '')}
        aria-invalid={errors.payRate ? 'true' : undefined}
      />
      {errors.payRate ? (
        <p class="fr-error-text" id={`${id('payRate')}-erreur`}>
          {errors.payRate}
        </p>
      ) : null}
    </td>
  );
}

function PostCells({ form, values, errors }: { form: string; values: Values; errors: Errors }) {
  return (
    <>
      <CellField form={form} name="code" label="Code du poste" values={values} errors={errors} size="m" placeholder="ARR-VEL-01" />
      <CellField form={form} name="title" label="Intitulé du poste" values={values} errors={errors} size="l" placeholder="Intitulé" />
    </>
  );
}

function PostCellsEnd({ form, values, errors }: { form: string; values: Values; errors: Errors }) {
  return (
    <>
      <CellField form={form} name="weeklyHours" label="Heures par semaine" values={values} errors={errors} size="s" placeholder="35" hint="ex. 35, 17h30" />
      <PayCell form={form} values={values} errors={errors} />
    </>
  );
}

export function PostEditRow({ post, o, values, errors }: { post: Post; o: PostTableOptions; values: Values; errors: Errors }) {
  const form = `modifier-poste-${post.id}`;
  return (
    <EditRow
      id={`poste-${post.id}`}
      form={form}
      action={`/postes/${post.id}${columnsQuery(o)}`}
      cancel={o.back}
      row={`/postes/${post.id}/ligne${columnsQuery(o)}`}
      version={String(values.version ?? post.version)}
      back={o.back}
    >
      <PostCells form={form} values={values} errors={errors} />
      {o.showWorkshop ? <td>{post.workshop.name}</td> : null}
      <PostCellsEnd form={form} values={values} errors={errors} />
      <RowErrorCell errors={errors}>{POST_STATUS_LABELS[post.status as PostStatus]}</RowErrorCell>
      <OccupancyCell o={o} post={post} />
    </EditRow>
  );
}

export function postValues(post: Post): Values {
  return {
    code: post.code,
    title: post.title,
    weeklyHours: formatMinutes(post.weeklyMinutes).replace(' h ', 'h').replace(' h', ''),
    payCategory: post.payCategory,
    payRate: post.payBasisPoints ? String(post.payBasisPoints / 100).replace('.', ',') : '',
    version: post.version,
  };
}

/** The workshop's posts with the "add a post" row: htmx swaps this whole section after an add. */
export function PostsSection({
  workshopId,
  posts,
  o,
  values,
  errors,
  created,
}: {
  workshopId: number;
  posts: Post[];
  o: PostTableOptions;
  values: Values;
  errors: Errors;
  created?: string;
}) {
  const form = 'nouveau-poste';
  // A fresh add row proposes the next code of the series and the workshop's usual category.
  const fresh = Object.keys(values).length === 0;
  const last = posts.at(-1);
  const addValues = fresh ? { code: nextPostCode(posts.map((p) => p.code)) ?? '', payCategory: last?.payCategory ?? '', weeklyHours: '35' } : values;
  if (posts.length === 0 && !o.canManage) {
    return (
      <div id="section-postes">
        <p>Aucun poste dans cet atelier.</p>
      </div>
    );
  }
  return (
    <InlineSection
      id="section-postes"
      table="liste-postes"
      caption="Postes de l’atelier"
      columns={columns(o)}
      rows={posts.map((post) => <PostRow post={post} o={o} saved={post.code === created} />)}
      empty="Aucun poste pour le moment : ajoutez le premier ci-dessous."
      add={
        o.canManage
          ? {
              form,
              action: `/ateliers/${workshopId}/postes`,
              label: 'Ajouter le poste',
              cells: (
                <>
                  <PostCells form={form} values={addValues} errors={errors} />
                  <PostCellsEnd form={form} values={addValues} errors={errors} />
                  <td>Ouvert</td>
                  <td>—</td>
                </>
              ),
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
