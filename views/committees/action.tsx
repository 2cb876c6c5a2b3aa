import { ACTION_STATUS_LABELS, type ActionStatus } from '../../src/committees/entities.ts';
import type { ActionHistory } from '../../src/committees/meetings.ts';
import { formatDateTime, formatDay } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';

/** An action item's history: the meeting that decided it, then every meeting that followed it up. */
export function ActionHistoryPage({ history }: { history: ActionHistory }) {
  const { action, access, owner, entries } = history;
  return (
    <>
      <Breadcrumb
        items={[
          { href: '/comites', label: 'Comités' },
          { href: `/comites/${access.committee.id}`, label: access.committee.name },
          { label: 'Action à suivre' },
        ]}
      />
      <h1>{action.title}</h1>
      <p>
        Responsable : {owner || 'personne'}
        {action.dueOn ? `. Échéance : ${formatDay(action.dueOn)}` : ''}. État actuel : <strong>{ACTION_STATUS_LABELS[action.status as ActionStatus]}</strong>
        {action.comment ? ` (${action.comment})` : ''}.
      </p>
      <h2>Historique</h2>
      <ol id="historique">
        {entries.map((e) => (
          <li>
            <a href={`/reunions/${e.meeting.id}`}>Réunion du {formatDateTime(e.meeting.startsAt)}</a>
            {' : '}
            {e.kind === 'origin' ? 'action décidée' : `${ACTION_STATUS_LABELS[e.status ?? 'open']}${e.comment ? `, ${e.comment}` : ''}`}
          </li>
        ))}
      </ol>
    </>
  );
}
