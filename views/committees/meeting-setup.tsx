import { ATTENDANCE_LABELS, ATTENDANCE_STATUSES, MEETING_STATUS_LABELS, type MeetingItem, type MeetingStatus } from '../../src/committees/entities.ts';
import { type FollowUpRow, type MeetingSetup, parisTime, quorumSentence } from '../../src/committees/meetings.ts';
import { toDay } from '../../src/platform/calendar.ts';
import { formatDateTime } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ActionButton, CsrfField, type Errors, Field, FormErrorSummary, type Values } from '../components/forms.tsx';
import { type FollowUpRowData, FollowUpRows } from './follow-up.tsx';

/** A refused form of the set-up page: which one (`new-item`, `item-<id>`, `attendance`, `action-<id>`), what was typed, why. */
export interface SetupRefusal {
  form: string;
  values: Values;
  errors: Errors;
}

export function NewMeetingPage({ committee, values, errors }: { committee: { id: number; name: string }; values: Values; errors: Errors }) {
  return (
    <>
      <Breadcrumb
        items={[{ href: '/comites', label: 'Comités' }, { href: `/comites/${committee.id}`, label: committee.name }, { label: 'Nouvelle réunion' }]}
      />
      <h1>Nouvelle réunion — {committee.name}</h1>
      <FormErrorSummary errors={errors} />
      <form method="post" action={`/comites/${committee.id}/reunions`} class="atelier-form">
        <CsrfField />
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-4">
            <Field name="day" label="Date" type="date" values={values} errors={errors} required />
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <Field name="time" label="Heure de début" hint="Heure de Paris, par exemple 14:00." values={values} errors={errors} required />
          </div>
        </div>
        <Field name="place" label="Lieu" hint="Salle, établissement… ou laissez vide pour une réunion à distance." values={values} errors={errors} />
        <Field name="videoLink" label="Lien de visioconférence" hint="Commence par https://" values={values} errors={errors} />
        <p class="fr-text--sm">
          Les actions encore ouvertes des réunions précédentes sont reprises au premier point de l’ordre du jour, « Suivi des actions ».
        </p>
        <button type="submit" class="fr-btn">
          Créer la réunion
        </button>
      </form>
    </>
  );
}

export const followUpData = (rows: FollowUpRow[]): FollowUpRowData[] =>
  rows.map((r) => ({
    actionId: r.action.id,
    title: r.action.title,
    owner: r.owner,
    dueOn: r.action.dueOn ?? null,
    status: r.status,
    comment: r.comment,
    decidedAt: r.origin.startsAt,
  }));

/** The meeting's preparation: its agenda in order and who attends, with the quorum. */
export function MeetingSetupPage({ setup, refused }: { setup: MeetingSetup; refused?: SetupRefusal }) {
  const { access, items, editable } = setup;
  const { meeting, committee } = access;
  const title = `Réunion du ${formatDateTime(meeting.startsAt)}`;
  return (
    <>
      <Breadcrumb
        items={[
          { href: '/comites', label: 'Comités' },
          { href: `/comites/${committee.id}`, label: committee.name },
          { href: `/reunions/${meeting.id}`, label: title },
          { label: 'Préparation' },
        ]}
      />
      <h1>Préparation — {title}</h1>
      <p>
        {committee.name}. {meeting.place ? `Lieu : ${meeting.place}. ` : ''}
        {meeting.videoLink ? (
          <>
            Visioconférence : <a href={meeting.videoLink}>{meeting.videoLink}</a>.{' '}
          </>
        ) : null}
        Compte rendu : {MEETING_STATUS_LABELS[meeting.status as MeetingStatus]}.
      </p>
      {editable ? (
        <details class="fr-mb-3w" id="reunion" open={refused?.form === 'meeting'}>
          <summary>Modifier la date, l’heure ou le lieu</summary>
          <form method="post" action={`/reunions/${meeting.id}/modification`} class="atelier-form">
            <CsrfField />
            {(() => {
              const values =
                refused?.form === 'meeting'
                  ? refused.values
                  : { day: toDay(meeting.startsAt), time: parisTime(meeting.startsAt), place: meeting.place, videoLink: meeting.videoLink };
              const errors = refused?.form === 'meeting' ? refused.errors : {};
              return (
                <>
                  <div class="fr-grid-row fr-grid-row--gutters">
                    <div class="fr-col-12 fr-col-md-4">
                      <Field name="day" label="Date" type="date" values={values} errors={errors} required idPrefix="reunion" />
                    </div>
                    <div class="fr-col-12 fr-col-md-4">
                      <Field
                        name="time"
                        label="Heure de début"
                        hint="Heure de Paris, par exemple 14:00."
                        values={values}
                        errors={errors}
                        required
                        idPrefix="reunion"
                      />
                    </div>
                  </div>
                  <Field name="place" label="Lieu" values={values} errors={errors} idPrefix="reunion" />
                  <Field name="videoLink" label="Lien de visioconférence" hint="Commence par https://" values={values} errors={errors} idPrefix="reunion" />
                </>
              );
            })()}
            <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
              Enregistrer
            </button>
          </form>
        </details>
      ) : null}
      {!editable && access.canTakeMinutes ? (
        <p class="fr-text--sm">Le compte rendu n’est plus un brouillon : l’ordre du jour et les présences ne changent plus.</p>
      ) : null}
      {refused?.errors._form ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <p>{refused.errors._form}</p>
        </div>
      ) : null}
      <h2>Ordre du jour</h2>
      <ol class="atelier-agenda" id="ordre-du-jour">
        {items.map((item, i) => (
          <AgendaItem
            setup={setup}
            item={item}
            first={i === 0}
            last={i === items.length - 1}
            refused={refused?.form === `item-${item.id}` ? refused : undefined}
          />
        ))}
      </ol>
      {items.length === 0 ? <p>L’ordre du jour est vide.</p> : null}
      {editable ? <NewItemForm meetingId={meeting.id} refused={refused?.form === 'new-item' ? refused : undefined} /> : null}
      <AttendanceSection setup={setup} refused={refused?.form === 'attendance' ? refused : undefined} />
    </>
  );
}

function ItemFields({ prefix, values, errors, withTitle }: { prefix: string; values: Values; errors: Errors; withTitle: boolean }) {
  return (
    <div class="fr-grid-row fr-grid-row--gutters">
      {withTitle ? (
        <div class="fr-col-12 fr-col-md-6">
          <Field name="title" label="Intitulé" values={values} errors={errors} idPrefix={prefix} required />
        </div>
      ) : null}
      <div class="fr-col-12 fr-col-md-3">
        <Field name="presenter" label="Présenté par" values={values} errors={errors} idPrefix={prefix} />
      </div>
      <div class="fr-col-12 fr-col-md-3">
        <Field name="expectedMinutes" label="Durée prévue (minutes)" type="number" min={1} max={600} values={values} errors={errors} idPrefix={prefix} />
      </div>
    </div>
  );
}

function AgendaItem({ setup, item, first, last, refused }: { setup: MeetingSetup; item: MeetingItem; first: boolean; last: boolean; refused?: SetupRefusal }) {
  const meetingId = setup.access.meeting.id;
  const base = `/reunions/${meetingId}/points/${item.id}`;
  const values: Values = refused?.values ?? { title: item.title, presenter: item.presenter, expectedMinutes: item.expectedMinutes ?? '' };
  const details = [item.presenter ? `présenté par ${item.presenter}` : '', item.expectedMinutes ? `${item.expectedMinutes} min` : '']
    .filter(Boolean)
    .join(', ');
  return (
    <li class="fr-mb-3w" id={`point-${item.id}`}>
      <h3 class="fr-h6 fr-mb-1w">
        {item.title}
        {details ? <span class="fr-text--sm fr-text--regular"> — {details}</span> : null}
      </h3>
      {setup.editable ? (
        <>
          <details open={refused ? true : undefined}>
            <summary>Modifier ce point</summary>
            <form method="post" action={base}>
              <CsrfField />
              <ItemFields prefix={`point-${item.id}`} values={values} errors={refused?.errors ?? {}} withTitle={item.kind === 'topic'} />
              <button type="submit" class="fr-btn fr-btn--sm">
                Enregistrer le point
              </button>
            </form>
          </details>
          <div class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
            {first ? null : (
              <ActionButton action={`${base}/deplacement`} label="Monter" secondary>
                <input type="hidden" name="direction" value="up" />
              </ActionButton>
            )}
            {last ? null : (
              <ActionButton action={`${base}/deplacement`} label="Descendre" secondary>
                <input type="hidden" name="direction" value="down" />
              </ActionButton>
            )}
            {item.kind === 'topic' ? (
              <ActionButton action={`${base}/suppression`} label="Retirer" secondary confirm="Retirer ce point de l’ordre du jour ?" />
            ) : null}
          </div>
        </>
      ) : null}
      {item.kind === 'follow_up' ? <FollowUpRows meetingId={meetingId} rows={followUpData(setup.followUp)} editable={setup.editable} /> : null}
      {item.kind === 'cpu' ? (
        <p>
          <a href={`/reunions/${meetingId}/cpu`}>Ouvrir la séance de la CPU</a>
        </p>
      ) : null}
    </li>
  );
}

function NewItemForm({ meetingId, refused }: { meetingId: number; refused?: SetupRefusal }) {
  return (
    <form method="post" action={`/reunions/${meetingId}/points`} class="fr-mb-5w">
      <CsrfField />
      <h3 class="fr-h6">Ajouter un point</h3>
      <ItemFields prefix="nouveau-point" values={refused?.values ?? {}} errors={refused?.errors ?? {}} withTitle />
      <button type="submit" class="fr-btn fr-btn--sm">
        Ajouter le point
      </button>
    </form>
  );
}

function AttendanceSection({ setup, refused }: { setup: MeetingSetup; refused?: SetupRefusal }) {
  const { attendance, quorum, editable } = setup;
  const errors = refused?.errors ?? {};
  const value = (name: string, stored: string) => String(refused?.values[name] ?? stored);
  const table = (
    <div class="fr-table fr-table--no-caption">
      <table>
        <caption>Présences</caption>
        <thead>
          <tr>
            <th scope="col">Membre</th>
            <th scope="col">Présence</th>
            <th scope="col">Représenté par</th>
          </tr>
        </thead>
        <tbody>
          {attendance.map((row) => {
            const id = row.member.id;
            const status = value(`status-${id}`, row.status ?? '');
            const error = errors[`status-${id}`] ?? errors[`representedBy-${id}`];
            return (
              <tr>
                <th scope="row">{row.name}</th>
                <td>
                  {editable ? (
                    <select class="fr-select" name={`status-${id}`} id={`champ-status-${id}`} aria-label={`Présence de ${row.name}`}>
                      <option value="" selected={status === ''}>
                        Non renseignée
                      </option>
                      {ATTENDANCE_STATUSES.map((s) => (
                        <option value={s} selected={s === status}>
                          {ATTENDANCE_LABELS[s]}
                        </option>
                      ))}
                    </select>
                  ) : row.status ? (
                    ATTENDANCE_LABELS[row.status]
                  ) : (
                    'Non renseignée'
                  )}
                </td>
                <td>
                  {editable ? (
                    <input
                      class={`fr-input${error ? ' fr-input--error' : ''}`}
                      name={`representedBy-${id}`}
                      id={`champ-representedBy-${id}`}
                      value={value(`representedBy-${id}`, row.representedBy)}
                      aria-label={`Représentant de ${row.name}`}
                      aria-describedby={error ? `champ-presence-${id}-erreur` : undefined}
                    />
                  ) : (
                    row.representedBy
                  )}
                  {error ? (
                    <p class="fr-error-text" id={`champ-presence-${id}-erreur`}>
                      {error}
                    </p>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
  return (
    <section id="presences">
      <h2>Présences</h2>
      {quorum ? (
        <p class={quorum.reached ? 'fr-message fr-message--valid fr-mb-2w' : 'fr-message fr-message--error fr-mb-2w'} id="quorum">
          {quorumSentence(quorum)}
        </p>
      ) : null}
      {attendance.length === 0 ? <p>Ce comité n’a pas encore de membre.</p> : null}
      {editable && attendance.length > 0 ? (
        <form method="post" action={`/reunions/${setup.access.meeting.id}/presences`}>
          <CsrfField />
          {table}
          <button type="submit" class="fr-btn">
            Enregistrer les présences
          </button>
        </form>
      ) : attendance.length > 0 ? (
        table
      ) : null}
    </section>
  );
}
