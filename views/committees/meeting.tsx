import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  type ActionItem,
  type ActionStatus,
  ATTENDANCE_LABELS,
  type AttendanceStatus,
  MEETING_STATUS_LABELS,
  type MeetingStatus,
  memberName,
} from '../../src/committees/entities.ts';
import { type ItemView, lineDiff, type MeetingPageData, paragraphs } from '../../src/committees/minutes.ts';
import type { Day } from '../../src/platform/calendar.ts';
import { PARIS } from '../../src/platform/calendar.ts';
import { formatDateTime, formatDay, formatShortDay, plural } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ActionButton, CsrfField, type Errors, Field, SelectField, type Values } from '../components/forms.tsx';
import { FollowUpRows } from './follow-up.tsx';
import { followUpData } from './meeting-setup.tsx';
import { DiffText, MinutesText } from './minutes-text.tsx';

/** How an item's text was last saved, shown beside it (and announced to screen readers). */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saved'; at: Date }
  | { kind: 'refused'; message: string }
  | { kind: 'conflict'; message: string; currentText: string; currentVersion: number };

/** A refused form under one item: which form, its messages and what was typed. */
export interface BlockFailure {
  form: string;
  errors: Errors;
  values: Values;
}

const timeFormat = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: PARIS });

/** « 14 h 32 », in Paris. */
function clockTime(at: Date): string {
  const parts = Object.fromEntries(timeFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.hour} h ${parts.minute}`;
}

const base = (meetingId: number) => `/reunions/${meetingId}`;

export function MeetingPage({
  data,
  today,
  typed,
  failure,
  step,
}: {
  data: MeetingPageData;
  today: Day;
  /** A refused step of the workflow (submission, approval, correction): its messages, next to its field. */
  step?: { errors: Errors; values: Values };
  /** A refused decision or action form without JavaScript: shown again under its item. */
  failure?: BlockFailure & { itemId: number };
  /** A text refused on a save without JavaScript: shown again in its item, with the reason. */
  typed?: { itemId: number; discussion: string; state: SaveState };
}) {
  const { meeting, committee } = data.access;
  return (
    <>
      <Breadcrumb items={[{ href: '/comites', label: 'Comités' }, { href: `/comites/${committee.id}`, label: committee.name }, { label: 'Réunion' }]} />
      <h1>
        {committee.name} — {formatDateTime(meeting.startsAt)}
      </h1>
      <MeetingHeader data={data} />
      <Workflow data={data} today={today} step={step} />
      <Attendance data={data} />
      {data.items.length === 0 ? <p>L’ordre du jour est vide : ajoutez ses points dans la préparation de la réunion.</p> : null}
      {data.items.map((block) => (
        <ItemSection
          data={data}
          block={block}
          typed={typed?.itemId === block.item.id ? typed : undefined}
          failure={failure?.itemId === block.item.id ? failure : undefined}
        />
      ))}
      {data.approvedContent && data.currentContent ? <ActionsDiff data={data} /> : null}
      <Archive data={data} />
    </>
  );
}

function MeetingHeader({ data }: { data: MeetingPageData }) {
  const { meeting, canTakeMinutes } = data.access;
  const status = meeting.status as MeetingStatus;
  const amending = data.approvedContent !== null;
  return (
    <div class="fr-mb-3w">
      <dl class="atelier-facts">
        <dt>Lieu</dt>
        <dd>
          {meeting.place || (meeting.videoLink ? '' : 'Non précisé')}
          {meeting.videoLink ? (
            <>
              {meeting.place ? ' — ' : ''}
              <a href={meeting.videoLink} rel="noopener noreferrer" target="_blank">
                Lien de visioconférence
              </a>
            </>
          ) : null}
        </dd>
        <dt>Compte rendu</dt>
        <dd>
          {status === 'approved' && meeting.approvedOn
            ? `Approuvé le ${formatDay(meeting.approvedOn)} par ${meeting.approvedBy?.displayName ?? ''}`
            : MEETING_STATUS_LABELS[status]}
        </dd>
        <dt>Version</dt>
        <dd>
          {amending ? `Version ${meeting.edition} en cours de correction` : `Version ${meeting.edition}`}
          {meeting.correctionReason ? ` (motif de la correction : ${meeting.correctionReason})` : ''}
        </dd>
      </dl>
      <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        {canTakeMinutes && status === 'draft' ? (
          <li>
            <a class="fr-btn fr-btn--secondary" href={`${base(meeting.id)}/preparation`}>
              Préparer (ordre du jour, présences)
            </a>
          </li>
        ) : null}
        {data.editions.length > 0 ? (
          <li>
            <a class="fr-btn fr-btn--tertiary" href={`${base(meeting.id)}/compte-rendu.pdf`}>
              {status === 'approved' ? 'Compte rendu (PDF)' : 'Compte rendu approuvé (PDF)'}
            </a>
          </li>
        ) : null}
        {status === 'approved' ? null : (
          <li>
            <a class="fr-btn fr-btn--tertiary" href={`${base(meeting.id)}/compte-rendu.pdf?projet=1`}>
              Projet de compte rendu (PDF)
            </a>
          </li>
        )}
      </ul>
      {amending ? (
        <p class="fr-text--sm">
          Sous chaque point, la comparaison avec la version approuvée : <del>texte barré</del> : retiré ; <ins>texte souligné</ins> : ajouté.
        </p>
      ) : null}
    </div>
  );
}

function Workflow({ data, today, step }: { data: MeetingPageData; today: Day; step?: { errors: Errors; values: Values } }) {
  const errors = step?.errors ?? {};
  return (
    <>
      {errors._form ? (
        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
          <p>{errors._form}</p>
        </div>
      ) : null}
      <WorkflowForms data={data} today={today} errors={errors} values={step?.values ?? {}} />
    </>
  );
}

function WorkflowForms({ data, today, errors, values }: { data: MeetingPageData; today: Day; errors: Errors; values: Values }) {
  const { meeting, canTakeMinutes, canApprove, canManage } = data.access;
  const url = base(meeting.id);
  if (meeting.status === 'draft' && canTakeMinutes)
    return (
      <div class="fr-mb-3w">
        <ActionButton action={`${url}/soumission`} label="Soumettre aux membres" />
      </div>
    );
  if (meeting.status === 'submitted')
    return (
      <div class="fr-mb-3w atelier-actions">
        {canTakeMinutes ? <ActionButton action={`${url}/reprise`} label="Reprendre la rédaction" secondary /> : null}
        {canApprove ? (
          <form method="post" action={`${url}/approbation`} class="atelier-inline-form">
            <CsrfField />
            <Field
              name="approvedOn"
              label="Date d’approbation"
              type="date"
              values={values.approvedOn === undefined ? { approvedOn: today } : values}
              errors={errors}
              idPrefix="approbation"
              required
            />
            <button type="submit" class="fr-btn fr-btn--sm">
              Approuver
            </button>
          </form>
        ) : null}
      </div>
    );
  if (meeting.status === 'approved' && (canApprove || canManage))
    return (
      <details class="fr-mb-3w" open={errors.reason !== undefined}>
        <summary>Corriger le compte rendu</summary>
        <form method="post" action={`${url}/correction`} class="atelier-form">
          <CsrfField />
          <Field
            name="reason"
            label="Motif de la correction"
            hint="La version approuvée reste dans l’archive, telle quelle ; la correction devient la version suivante."
            values={values}
            errors={errors}
            idPrefix="correction"
            required
          />
          <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
            Corriger le compte rendu
          </button>
        </form>
      </details>
    );
  return null;
}

function Attendance({ data }: { data: MeetingPageData }) {
  const counts = new Map<AttendanceStatus, number>();
  for (const a of data.attendance) counts.set(a.status as AttendanceStatus, (counts.get(a.status as AttendanceStatus) ?? 0) + 1);
  const sitting = (counts.get('present') ?? 0) + (counts.get('represented') ?? 0);
  const quorum = data.access.committee.quorum;
  return (
    <section class="fr-mb-4w">
      <h2 class="fr-h4">Présences</h2>
      {data.attendance.length === 0 ? (
        <p>Les présences ne sont pas encore saisies.</p>
      ) : (
        <>
          <p>
            {(['present', 'represented', 'excused', 'absent'] as const).map((s) => `${ATTENDANCE_LABELS[s]} : ${counts.get(s) ?? 0}`).join(' ; ')}.
            {quorum ? ` Quorum de ${quorum} : ${sitting >= quorum ? 'atteint' : 'non atteint'}.` : ''}
          </p>
          <ul class="fr-text--sm">
            {data.attendance.map((a) => (
              <li>
                {memberName(a.member)}
                {a.member.organisation ? ` (${a.member.organisation})` : ''} — {ATTENDANCE_LABELS[a.status as AttendanceStatus]}
                {a.status === 'represented' ? ` par ${a.representedBy}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ItemSection({
  data,
  block,
  typed,
  failure,
}: {
  data: MeetingPageData;
  block: ItemView;
  typed?: { discussion: string; state: SaveState };
  failure?: BlockFailure;
}) {
  const { item } = block;
  const meetingId = data.access.meeting.id;
  const approved = data.approvedContent?.items.find((i) => i.position === item.position);
  return (
    <section id={`point-${item.id}`} class="fr-mb-5w">
      <h2 class="fr-h4">
        {item.position}. {item.title}
      </h2>
      {item.presenter || item.expectedMinutes ? (
        <p class="fr-text--sm">
          {item.presenter ? `Présenté par ${item.presenter}` : ''}
          {item.presenter && item.expectedMinutes ? ' — ' : ''}
          {item.expectedMinutes ? `${item.expectedMinutes} min prévues` : ''}
        </p>
      ) : null}
      {item.kind === 'cpu' ? (
        <p>
          <a href={`${base(meetingId)}/cpu`}>Avis de la CPU sur les candidatures</a>
        </p>
      ) : null}
      {item.kind === 'follow_up' ? <FollowUpRows meetingId={meetingId} rows={followUpData(data.followUp)} editable={data.canEdit} /> : null}
      {data.canEdit ? (
        <DiscussionForm
          meetingId={meetingId}
          itemId={item.id}
          version={item.version}
          text={typed?.discussion ?? item.discussion}
          state={typed?.state ?? { kind: 'idle' }}
        />
      ) : (
        <MinutesText text={item.discussion} />
      )}
      {data.approvedContent ? (
        <div class="fr-mt-2w">
          <h3 class="fr-h6">Changements du texte par rapport à la version approuvée</h3>
          <DiffText lines={lineDiff(paragraphs(approved?.discussion ?? ''), paragraphs(item.discussion))} />
          <h3 class="fr-h6">Changements des décisions</h3>
          <DiffText
            lines={lineDiff(
              (data.approvedContent.decisions ?? []).filter((d) => d.item === item.position).map((d) => d.text),
              (data.currentContent?.decisions ?? []).filter((d) => d.item === item.position).map((d) => d.text),
            )}
          />
        </div>
      ) : null}
      {data.canEdit || item.kind === 'topic' || block.decisions.length > 0 || block.actions.length > 0 ? (
        <ItemOutcomes data={data} block={block} failure={failure} />
      ) : null}
    </section>
  );
}

/** The item's text, saved as it is typed (htmx), or with the button without JavaScript. */
export function DiscussionForm({
  meetingId,
  itemId,
  version,
  text,
  state,
}: {
  meetingId: number;
  itemId: number;
  version: number;
  text: string;
  state: SaveState;
}) {
  const action = `${base(meetingId)}/points/${itemId}/texte`;
  const id = `texte-point-${itemId}`;
  return (
    <form method="post" action={action} class="fr-mb-2w">
      <CsrfField />
      <div class="fr-input-group">
        <label class="fr-label" for={id}>
          Discussion
          <span class="fr-hint-text">
            Paragraphes séparés par une ligne vide ; une ligne commençant par « - » fait une liste. Enregistré au fil de la frappe.
          </span>
        </label>
        <textarea
          class="fr-input"
          id={id}
          name="discussion"
          rows={8}
          maxlength={20000}
          hx-post={action}
          hx-trigger="input changed delay:800ms, blur"
          hx-target={`#enregistrement-point-${itemId}`}
          hx-swap="outerHTML"
          aria-describedby={`enregistrement-point-${itemId}`}
        >
          {text}
        </textarea>
      </div>
      <SaveStateView itemId={itemId} version={version} state={state} />
      <noscript>
        <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
          Enregistrer le texte
        </button>
      </noscript>
    </form>
  );
}

/** The save state and the version the next save is based on (swapped after each save). */
export function SaveStateView({ itemId, version, state }: { itemId: number; version: number; state: SaveState }) {
  return (
    <div id={`enregistrement-point-${itemId}`} class="atelier-autosave" aria-live="polite">
      <input type="hidden" name="version" value={String(version)} />
      {state.kind === 'saved' ? <p class="fr-text--sm fr-mb-0">Enregistré à {clockTime(state.at)}</p> : null}
      {state.kind === 'refused' ? <p class="fr-error-text">Non enregistré : {state.message}</p> : null}
      {state.kind === 'conflict' ? (
        <div class="fr-alert fr-alert--warning fr-alert--sm">
          <p>{state.message}</p>
          <MinutesText text={state.currentText} />
          <button type="submit" name="replaceVersion" value={String(state.currentVersion)} class="fr-btn fr-btn--sm fr-btn--secondary fr-mt-1w">
            Remplacer ce texte par le mien
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** An item's decisions and action items, with their forms while the minutes are a draft: the block htmx swaps. */
export function ItemOutcomes({ data, block, failure }: { data: MeetingPageData; block: ItemView; failure?: BlockFailure }) {
  const { item } = block;
  const url = base(data.access.meeting.id);
  const swap = { 'hx-target': `#suites-point-${item.id}`, 'hx-swap': 'outerHTML' } as const;
  const errorsOf = (form: string) => (failure?.form === form ? failure.errors : {});
  const valuesOf = (form: string, fallback: Values) => (failure?.form === form ? failure.values : fallback);
  return (
    <div id={`suites-point-${item.id}`}>
      <h3 class="fr-h6">Décisions</h3>
      {block.decisions.length === 0 ? <p class="fr-text--sm">Aucune décision.</p> : null}
      <ul>
        {block.decisions.map((d) => (
          <li>
            <strong>{d.number ?? 'n° en attente d’approbation'}</strong> — {data.canEdit ? null : d.text}
            {data.canEdit ? (
              <div class="atelier-actions">
                <form
                  method="post"
                  action={`${url}/points/${item.id}/decisions/${d.id}`}
                  hx-post={`${url}/points/${item.id}/decisions/${d.id}`}
                  {...swap}
                  class="atelier-inline-form"
                >
                  <CsrfField />
                  <Field
                    name="text"
                    label="Texte de la décision"
                    values={valuesOf(`decision-${d.id}`, { text: d.text })}
                    errors={errorsOf(`decision-${d.id}`)}
                    idPrefix={`decision-${d.id}`}
                  />
                  <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
                    Enregistrer
                  </button>
                </form>
                {d.number ? null : (
                  <form
                    method="post"
                    action={`${url}/points/${item.id}/decisions/${d.id}/suppression`}
                    hx-post={`${url}/points/${item.id}/decisions/${d.id}/suppression`}
                    {...swap}
                    class="atelier-inline-form"
                  >
                    <CsrfField />
                    <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">
                      Retirer
                    </button>
                  </form>
                )}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {data.canEdit ? (
        <form method="post" action={`${url}/points/${item.id}/decisions`} hx-post={`${url}/points/${item.id}/decisions`} {...swap} class="atelier-form">
          <CsrfField />
          <Field
            name="text"
            label="Nouvelle décision"
            values={valuesOf('decision', {})}
            errors={errorsOf('decision')}
            idPrefix={`nouvelle-decision-${item.id}`}
          />
          <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
            Ajouter la décision
          </button>
        </form>
      ) : null}
      <h3 class="fr-h6 fr-mt-2w">Actions à suivre</h3>
      {block.actions.length === 0 ? <p class="fr-text--sm">Aucune action.</p> : null}
      <ul>
        {block.actions.map((a) => (
          <li>
            {data.canEdit ? (
              <div class="atelier-actions">
                <ActionFields
                  data={data}
                  action={`${url}/points/${item.id}/actions/${a.id}`}
                  swap={swap}
                  prefix={`action-${a.id}`}
                  values={valuesOf(`action-${a.id}`, actionValues(a))}
                  errors={errorsOf(`action-${a.id}`)}
                  submit="Enregistrer"
                />
                <form
                  method="post"
                  action={`${url}/points/${item.id}/actions/${a.id}/suppression`}
                  hx-post={`${url}/points/${item.id}/actions/${a.id}/suppression`}
                  {...swap}
                  class="atelier-inline-form"
                >
                  <CsrfField />
                  <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">
                    Retirer
                  </button>
                </form>
              </div>
            ) : (
              <>
                {a.title} — {a.owner ? memberName(a.owner) : 'sans responsable'}
                {a.dueOn ? `, échéance le ${formatShortDay(a.dueOn)}` : ''} ({ACTION_STATUS_LABELS[a.status as ActionStatus]})
              </>
            )}
          </li>
        ))}
      </ul>
      {data.canEdit ? (
        <details open={failure?.form === 'action'}>
          <summary>Ajouter une action à suivre</summary>
          <ActionFields
            data={data}
            action={`${url}/points/${item.id}/actions`}
            swap={swap}
            prefix={`nouvelle-action-${item.id}`}
            values={valuesOf('action', { status: 'open' })}
            errors={errorsOf('action')}
            submit="Ajouter l’action"
          />
        </details>
      ) : null}
      {failure?.errors._form ? <p class="fr-error-text">{failure.errors._form}</p> : null}
    </div>
  );
}

function actionValues(a: ActionItem): Values {
  return { title: a.title, ownerMemberId: a.owner ? String(a.owner.id) : '', dueOn: a.dueOn ?? '', status: a.status };
}

function ActionFields({
  data,
  action,
  swap,
  prefix,
  values,
  errors,
  submit,
}: {
  data: MeetingPageData;
  action: string;
  swap: Record<string, string>;
  prefix: string;
  values: Values;
  errors: Errors;
  submit: string;
}) {
  return (
    <form method="post" action={action} hx-post={action} {...swap} class="atelier-form">
      <CsrfField />
      <Field name="title" label="Action" values={values} errors={errors} idPrefix={prefix} required />
      <SelectField
        name="ownerMemberId"
        label="Responsable"
        placeholder="Sans responsable"
        values={values}
        errors={errors}
        options={data.members}
        idPrefix={prefix}
      />
      <Field name="dueOn" label="Échéance" type="date" values={values} errors={errors} idPrefix={prefix} />
      <SelectField
        name="status"
        label="État"
        values={values}
        errors={errors}
        options={ACTION_STATUSES.map((s) => [s, ACTION_STATUS_LABELS[s]] as const)}
        idPrefix={prefix}
        required
      />
      <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
        {submit}
      </button>
    </form>
  );
}

function ActionsDiff({ data }: { data: MeetingPageData }) {
  // What the minutes decided (what, who, by when); the state moves on at later meetings' follow-up, which is no correction.
  const line = (a: { title: string; owner: string; dueOn: string | null }) =>
    `${a.title} — ${a.owner || 'sans responsable'}${a.dueOn ? `, échéance le ${formatShortDay(a.dueOn)}` : ''}`;
  return (
    <section class="fr-mb-4w">
      <h2 class="fr-h4">Changements des actions à suivre</h2>
      <DiffText lines={lineDiff((data.approvedContent?.actions ?? []).map(line), (data.currentContent?.actions ?? []).map(line))} />
    </section>
  );
}

function Archive({ data }: { data: MeetingPageData }) {
  if (data.editions.length === 0) return null;
  const url = base(data.access.meeting.id);
  return (
    <section class="fr-mb-4w">
      <h2 class="fr-h4">Versions approuvées</h2>
      <div class="fr-table">
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Approuvée le</th>
              <th scope="col">Par</th>
              <th scope="col">Empreinte SHA-256 du PDF</th>
            </tr>
          </thead>
          <tbody>
            {data.editions.map((e) => (
              <tr>
                <td>
                  <a href={`${url}/compte-rendu.pdf?version=${e.edition}`}>Version {e.edition} (PDF)</a>
                </td>
                <td>{formatDay(e.approvedOn)}</td>
                <td>{e.approvedBy}</td>
                <td>
                  <code class="atelier-code">{e.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="fr-text--sm">{plural(data.editions.length, 'version approuvée', 'versions approuvées')}.</p>
    </section>
  );
}
