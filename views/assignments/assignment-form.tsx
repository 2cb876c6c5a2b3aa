import { formatMinutes, plural } from '../../src/platform/format.ts';
import type { Post } from '../../src/workshops/entities.ts';
import { PAY_CATEGORIES, PAY_CATEGORY_LABELS } from '../../src/workshops/rules.ts';
import { type Errors, Field, SelectField, type Values } from '../components/forms.tsx';

/**
 * The fields of an assignment, the same on the board and on the person page: the post among
 * those vacant over the contract's dates, the dates (with the planned end of a fixed-term
 * contract, from which the trial period follows), the contract, the hours and the category.
 */
export interface AssignmentFieldsProps {
  /** Ids are `<idPrefix>-<name>`; the page's other forms use other prefixes. */
  idPrefix: string;
  posts: Post[];
  values: Values;
  errors: Errors;
  /** The list of vacant posts for the dates typed (GET, htmx): changing a date lists the posts free over them. */
  postsUrl: string;
  /** Name each post's workshop: the person page offers the posts of every workshop. */
  withWorkshop?: boolean;
  /** Put the focus on the first field once swapped in (the board's form replaces the « Affecter » link that had it). */
  autofocus?: boolean;
}

export function AssignmentFields({ idPrefix, posts, values, errors, postsUrl, withWorkshop, autofocus }: AssignmentFieldsProps) {
  const dateField = (name: 'startsOn' | 'contractEndsOn', label: string, hint: string, required: boolean) => {
    const id = `${idPrefix}-${name}`;
    const error = errors[name];
    return (
      <div class={`fr-input-group${error ? ' fr-input-group--error' : ''}`}>
        <label class="fr-label" for={id}>
          {label}
          {required ? ' *' : ''}
          <span class="fr-hint-text" id={`${id}-aide`}>
            {hint}
          </span>
        </label>
        <input
          class={`fr-input${error ? ' fr-input--error' : ''}`}
          type="date"
          id={id}
          name={name}
          value={values[name] == null ? '' : String(values[name])}
          required={required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={[`${id}-aide`, error ? `${id}-erreur` : ''].filter(Boolean).join(' ')}
          hx-get={postsUrl}
          hx-trigger="change"
          hx-include="closest form"
          hx-target={`#${idPrefix}-postes`}
          hx-swap="outerHTML"
        />
        {error ? (
          <p class="fr-error-text" id={`${id}-erreur`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <>
      {dateField('startsOn', 'Début', 'La liste des postes vacants suit les dates du contrat.', true)}
      {dateField(
        'contractEndsOn',
        'Fin prévue du contrat',
        'Laissez vide pour un contrat sans date de fin. Elle fixe la période d’essai : deux semaines au plus jusqu’à six mois de contrat, un mois au-delà.',
        false,
      )}
      <PostSelect idPrefix={idPrefix} posts={posts} values={values} errors={errors} withWorkshop={withWorkshop} autofocus={autofocus} />
      <Field idPrefix={idPrefix} name="contractReference" label="Référence du contrat d’emploi pénitentiaire" values={values} errors={errors} required />
      <Field
        idPrefix={idPrefix}
        name="weeklyHours"
        label="Heures par semaine"
        values={values}
        errors={errors}
        hint="Laissez vide pour reprendre celles du poste."
      />
      <SelectField
        idPrefix={idPrefix}
        name="payCategory"
        label="Catégorie de rémunération"
        values={values}
        errors={errors}
        options={PAY_CATEGORIES.map((c) => [c, PAY_CATEGORY_LABELS[c]] as const)}
        placeholder="Celle du poste"
      />
    </>
  );
}

/** The vacant posts over the contract's dates: what a date change swaps in. */
export function PostSelect({
  idPrefix,
  posts,
  values,
  errors,
  withWorkshop,
  autofocus,
}: {
  idPrefix: string;
  posts: Post[];
  values: Values;
  errors: Errors;
  withWorkshop?: boolean;
  autofocus?: boolean;
}) {
  const id = `${idPrefix}-postId`;
  const error = errors.postId;
  const current = values.postId == null ? '' : String(values.postId);
  return (
    <div class={`fr-select-group${error ? ' fr-select-group--error' : ''}`} id={`${idPrefix}-postes`}>
      <label class="fr-label" for={id}>
        Poste vacant *
        <span class="fr-hint-text" id={`${id}-aide`}>
          {posts.length === 0
            ? 'Aucun poste n’est libre à ces dates : changez le début ou la fin prévue.'
            : `${plural(posts.length, 'poste libre', 'postes libres')} à ces dates.`}
        </span>
      </label>
      <select
        class={`fr-select${error ? ' fr-select--error' : ''}`}
        id={id}
        name="postId"
        required
        autofocus={autofocus}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[`${id}-aide`, error ? `${id}-erreur` : ''].filter(Boolean).join(' ')}
      >
        {posts.length === 0 ? <option value="">Aucun poste vacant à ces dates</option> : null}
        {posts.length > 0 && !posts.some((p) => String(p.id) === current) ? <option value="">Choisissez</option> : null}
        {posts.map((p) => (
          <option value={String(p.id)} selected={String(p.id) === current}>
            {p.code} — {p.title} ({withWorkshop ? `${p.workshop.name}, ` : ''}
            {formatMinutes(p.weeklyMinutes)})
          </option>
        ))}
      </select>
      {error ? (
        <p class="fr-error-text" id={`${id}-erreur`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
