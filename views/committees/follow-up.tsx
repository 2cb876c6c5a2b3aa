import { ACTION_STATUS_LABELS, ACTION_STATUSES, type ActionStatus } from '../../src/committees/entities.ts';
import { formatDateTime, formatDay } from '../../src/platform/format.ts';
import { CsrfField, type Errors, type Values } from '../components/forms.tsx';

/** One action item carried into a meeting, as the follow-up shows it. */
export interface FollowUpRowData {
  actionId: number;
  title: string;
  owner: string;
  dueOn: string | null;
  /** This meeting's status and comment for it. */
  status: ActionStatus;
  comment: string;
  /** When the meeting that decided it sat. */
  decidedAt: Date;
}

export interface FollowUpRowsProps {
  meetingId: number;
  rows: FollowUpRowData[];
  /** Draft minutes and a caller who takes them: each row is a small form. */
  editable: boolean;
  /** A refused update: the row, what was typed and why. */
  refused?: { actionId: number; values: Values; errors: Errors };
}

/**
 * « Suivi des actions »: one row per action item earlier meetings left open, each updated on
 * its own (htmx swaps the row; without JavaScript the form posts and the page comes back).
 */
export function FollowUpRows({ meetingId, rows, editable, refused }: FollowUpRowsProps) {
  if (rows.length === 0) return <p class="fr-text--sm">Aucune action ouverte n’était à suivre à cette réunion.</p>;
  return (
    <div class="atelier-follow-up" id={`suivi-${meetingId}`}>
      {rows.map((row) => (
        <FollowUpRow meetingId={meetingId} row={row} editable={editable} refused={refused?.actionId === row.actionId ? refused : undefined} />
      ))}
    </div>
  );
}

export function FollowUpRow({
  meetingId,
  row,
  editable,
  refused,
  saved,
}: {
  meetingId: number;
  row: FollowUpRowData;
  editable: boolean;
  refused?: { values: Values; errors: Errors };
  saved?: boolean;
}) {
  const id = `action-${row.actionId}`;
  const heading = (
    <p class="fr-mb-1w">
      <a href={`/actions/${row.actionId}`}>
        <strong>{row.title}</strong>
      </a>
      <span class="fr-text--sm">
        {' '}
        — {row.owner || 'sans responsable'}
        {row.dueOn ? `, échéance le ${formatDay(row.dueOn)}` : ''}, décidée le {formatDateTime(row.decidedAt)}
      </span>
    </p>
  );
  if (!editable) {
    return (
      <div class="fr-mb-2w" id={id}>
        {heading}
        <p class="fr-text--sm">
          <span class="fr-badge fr-badge--sm fr-badge--no-icon">{ACTION_STATUS_LABELS[row.status]}</span> {row.comment}
        </p>
      </div>
    );
  }
  const action = `/reunions/${meetingId}/actions/${row.actionId}`;
  const status = String(refused?.values.status ?? row.status);
  const comment = String(refused?.values.comment ?? row.comment);
  const error = refused?.errors.status ?? refused?.errors.comment ?? refused?.errors._form;
  return (
    <form method="post" action={action} hx-post={action} hx-target="this" hx-swap="outerHTML" class="fr-mb-2w" id={id}>
      <CsrfField />
      {heading}
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div class="fr-col-12 fr-col-md-3">
          <label class="fr-label" for={`${id}-status`}>
            État
          </label>
          <select class="fr-select" id={`${id}-status`} name="status">
            {ACTION_STATUSES.map((s) => (
              <option value={s} selected={s === status}>
                {ACTION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <label class="fr-label" for={`${id}-comment`}>
            Commentaire
          </label>
          <input class="fr-input" id={`${id}-comment`} name="comment" value={comment} maxlength={1000} />
        </div>
        <div class="fr-col-12 fr-col-md-3">
          <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
            Mettre à jour
          </button>
          {saved ? (
            <span class="fr-text--sm fr-ml-1w" role="status">
              Enregistré
            </span>
          ) : null}
        </div>
      </div>
      {error ? (
        <p class="fr-error-text" id={`${id}-erreur`}>
          {error}
        </p>
      ) : null}
    </form>
  );
}
