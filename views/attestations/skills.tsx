import type { HolderRow } from '../../src/attestations/service.ts';
import type { Day } from '../../src/platform/calendar.ts';
import { formatShortDay } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ActionButton, CsrfField, type Errors, Field, type Values } from '../components/forms.tsx';

/** The form refused: on which assignment's line, what was typed and why. */
export interface SkillFailure {
  assignmentId: number;
  values: Values;
  errors: Errors;
}

export interface SkillsPageProps {
  title: string;
  intro: string;
  crumbs: Array<{ href?: string; label: string }>;
  /** Where this page is, to come back to after a removal. */
  here: string;
  holders: HolderRow[];
  /** Where a line's form posts. */
  actionOf: (assignmentId: number) => string;
  /** Whether the reader may remove a skill (coordinators: all; a partner: its own of the day). */
  canRemove: (skill: HolderRow['skills'][number]) => boolean;
  today: Day;
  failure?: SkillFailure;
}

/** The skills noted for people holding a post: one line per person, with a one-line form to note another. */
export function SkillsPage({ title, intro, crumbs, here, holders, actionOf, canRemove, failure }: SkillsPageProps) {
  return (
    <>
      <Breadcrumb items={crumbs} />
      <h1>{title}</h1>
      <p>{intro}</p>
      {holders.length === 0 ? <p>Personne n’occupe un poste de cet atelier aujourd’hui.</p> : null}
      {holders.map((h) => {
        const refused = failure?.assignmentId === h.assignmentId ? failure : undefined;
        return (
          <section class="fr-mb-4w" id={`affectation-${h.assignmentId}`}>
            <h2 class="fr-h5">
              {h.person} — {h.post}
            </h2>
            {h.skills.length === 0 ? (
              <p>Aucune compétence notée.</p>
            ) : (
              <ul>
                {h.skills.map((s) => (
                  <li>
                    {s.label}{' '}
                    <span class="fr-hint-text">
                      (notée le {formatShortDay(s.notedOn)} par {s.notedBy})
                    </span>
                    {canRemove(s) ? (
                      <ActionButton action={`/competences/${s.id}/suppression`} label={`Retirer « ${s.label} »`} secondary icon="fr-icon-delete-line" iconOnly>
                        <input type="hidden" name="retour" value={here} />
                      </ActionButton>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            <form method="post" action={actionOf(h.assignmentId)} class="fr-grid-row fr-grid-row--bottom fr-grid-row--gutters">
              <CsrfField />
              <input type="hidden" name="affectation" value={String(h.assignmentId)} />
              <div class="fr-col-12 fr-col-md-8">
                <Field
                  name="label"
                  label="Compétence observée"
                  hint="Par exemple « Utilisation d’un massicot » ou « Respect des consignes de sécurité »."
                  values={refused?.values ?? {}}
                  errors={refused?.errors ?? {}}
                  idPrefix={`competence-${h.assignmentId}`}
                />
              </div>
              <div class="fr-col-12 fr-col-md-4">
                <button type="submit" class="fr-btn">
                  Noter la compétence
                </button>
              </div>
            </form>
            {refused?.errors._form ? (
              <p class="fr-error-text" role="alert">
                {refused.errors._form}
              </p>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
