import type { Child } from 'hono/jsx';
import { useCsrf } from './context.ts';

export type Errors = Record<string, string | undefined>;
export type Values = Record<string, unknown>;

export function CsrfField() {
  return <input type="hidden" name="_csrf" value={useCsrf()} />;
}

function text(values: Values, name: string): string {
  const v = values[name];
  return v == null ? '' : String(v);
}

interface FieldProps {
  name: string;
  label: string;
  values: Values;
  errors: Errors;
  hint?: string;
  type?: 'text' | 'email' | 'number' | 'password' | 'date';
  required?: boolean;
  autocomplete?: string;
  min?: number;
  max?: number;
  /** Ids are `champ-<name>`; pages with several forms give each its own prefix. */
  idPrefix?: string;
}

/** A labelled input with its hint and, when the posted value was refused, the reason next to it. */
export function Field({ name, label, values, errors, hint, type = 'text', required, autocomplete, min, max, idPrefix = 'champ' }: FieldProps) {
  const id = `${idPrefix}-${name}`;
  const error = errors[name];
  const describedBy = [hint ? `${id}-aide` : '', error ? `${id}-erreur` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`fr-input-group${error ? ' fr-input-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {label}
        {required ? ' *' : ''}
        {hint ? (
          <span class="fr-hint-text" id={`${id}-aide`}>
            {hint}
          </span>
        ) : null}
      </label>
      <input
        class={`fr-input${error ? ' fr-input--error' : ''}`}
        id={id}
        name={name}
        type={type}
        value={type === 'password' ? '' : text(values, name)}
        required={required}
        autocomplete={autocomplete}
        min={min}
        max={max}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {error ? (
        <p class="fr-error-text" id={`${id}-erreur`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface SelectProps {
  name: string;
  label: string;
  values: Values;
  errors: Errors;
  options: ReadonlyArray<readonly [string, string]>;
  placeholder?: string;
  required?: boolean;
  hint?: string;
  idPrefix?: string;
  groups?: ReadonlyArray<{ label: string; options: ReadonlyArray<readonly [string, string]> }>;
}

export function SelectField({ name, label, values, errors, options, placeholder = 'Choisissez', required, hint, idPrefix = 'champ', groups }: SelectProps) {
  const id = `${idPrefix}-${name}`;
  const error = errors[name];
  const current = text(values, name);
  return (
    <div class={`fr-select-group${error ? ' fr-select-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {label}
        {required ? ' *' : ''}
        {hint ? <span class="fr-hint-text">{hint}</span> : null}
      </label>
      <select
        class={`fr-select${error ? ' fr-select--error' : ''}`}
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-erreur` : undefined}
      >
        <option value="" selected={current === ''} disabled={required}>
          {placeholder}
        </option>
        {options.map(([value, label]) => (
          <option value={value} selected={value === current}>
            {label}
          </option>
        ))}
        {(groups ?? []).map((group) => (
          <optgroup label={group.label}>
            {group.options.map(([value, label]) => (
              <option value={value} selected={value === current}>
                {label}
              </option>
            ))}
          </optgroup>
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

interface CheckboxesProps {
  name: string;
  legend: string;
  checked: readonly string[];
  errors: Errors;
  options: ReadonlyArray<readonly [string, string]>;
  hint?: string;
}

export function Checkboxes({ name, legend, checked, errors, options, hint }: CheckboxesProps) {
  const error = errors[name];
  const id = `champ-${name}`;
  return (
    <fieldset class={`fr-fieldset${error ? ' fr-fieldset--error' : ''}`} id={id} aria-labelledby={`${id}-legende${error ? ` ${id}-erreur` : ''}`}>
      <legend class="fr-fieldset__legend fr-text--regular" id={`${id}-legende`}>
        {legend}
        {hint ? <span class="fr-hint-text">{hint}</span> : null}
      </legend>
      {options.length === 0 ? <p class="fr-fieldset__element fr-text--sm">Aucun choix disponible.</p> : null}
      {options.map(([value, label], i) => (
        <div class="fr-fieldset__element">
          <div class="fr-checkbox-group">
            <input type="checkbox" id={`${id}-${i}`} name={name} value={value} checked={checked.includes(value)} />
            <label class="fr-label" for={`${id}-${i}`}>
              {label}
            </label>
          </div>
        </div>
      ))}
      {error ? (
        <div class="fr-messages-group" id={`${id}-erreur`} aria-live="assertive">
          <p class="fr-message fr-message--error">{error}</p>
        </div>
      ) : null}
    </fieldset>
  );
}

/** The end of a list's filter form: the "archived" switch (checkbox `archives`) and the submit button. */
export function ArchivedFilter({ checked, label }: { checked?: boolean; label: string }) {
  return (
    <>
      <div class="fr-checkbox-group">
        <input type="checkbox" id="filtre-archives" name="archives" value="1" checked={checked} />
        <label class="fr-label" for="filtre-archives">
          {label}
        </label>
      </div>
      <button type="submit" class="fr-btn fr-btn--secondary">
        Filtrer
      </button>
    </>
  );
}

/** The summary shown above a refused form, so that a screen reader hears it first. */
export function FormErrorSummary({ errors }: { errors: Errors }) {
  const messages = Object.values(errors).filter(Boolean);
  if (messages.length === 0) return null;
  return (
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
      <h2 class="fr-alert__title">Le formulaire contient {messages.length === 1 ? 'une erreur' : `${messages.length} erreurs`}</h2>
      <p>Corrigez les champs signalés ci-dessous puis enregistrez à nouveau.</p>
    </div>
  );
}

/** A button that POSTs to `action`: a state change as a resource, working without JavaScript. */
export function ActionButton({
  action,
  label,
  secondary,
  icon,
  confirm,
  iconOnly,
  children,
}: {
  action: string;
  label: string;
  secondary?: boolean;
  icon?: string;
  confirm?: string;
  /** A compact square button (in table rows): the label stays its accessible name and tooltip. */
  iconOnly?: boolean;
  children?: Child;
}) {
  return (
    <form method="post" action={action} class="atelier-inline-form" data-confirm={confirm}>
      <CsrfField />
      {children}
      <button
        type="submit"
        class={`fr-btn fr-btn--sm${secondary ? ' fr-btn--secondary' : ''}${icon ? ` ${icon}${iconOnly ? '' : ' fr-btn--icon-left'}` : ''}`}
        title={iconOnly ? label : undefined}
      >
        {label}
      </button>
    </form>
  );
}
