import {
  ACTION_STATUS_LABELS,
  type ActionStatus,
  COMMITTEE_KIND_LABELS,
  type CommitteeMember,
  decisionNumber,
  MEETING_STATUS_LABELS,
  MEMBER_ROLE_LABELS,
  MEMBER_ROLES,
  type MeetingStatus,
  type MemberRole,
  memberName,
} from '../../src/committees/entities.ts';
import { isOverdue, type CommitteePage as PageData } from '../../src/committees/service.ts';
import type { Day } from '../../src/platform/calendar.ts';
import { formatDateTime, formatShortDate, formatShortDay } from '../../src/platform/format.ts';
import { ROLE_LABELS } from '../../src/platform/roles.ts';
import type { User } from '../../src/users/entities.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ActionButton, CsrfField, type Errors, Field, FormErrorSummary, SelectField, type Values } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';

const ROLE_OPTIONS = MEMBER_ROLES.map((r) => [r, MEMBER_ROLE_LABELS[r]] as const);

/** A member's organisation: the one given, or the partner organisation of a partner's account. */
function organisationOf(member: CommitteeMember): string {
  return member.organisation || member.user?.partner?.name || '';
}

/** One committee: its members, meetings, open action items and decision register. */
export function CommitteePage({
  data,
  filters,
  today,
  now,
  choices,
  memberValues,
  memberErrors,
}: {
  data: PageData;
  filters: { q?: string; year?: number };
  today: Day;
  now: Date;
  choices: User[];
  memberValues: Values;
  memberErrors: Errors;
}) {
  const { access, establishments } = data;
  const c = access.committee;
  return (
    <>
      <Breadcrumb items={[{ href: '/comites', label: 'Comités' }, { label: c.name }]} />
      <div class="atelier-title-row">
        <h1>{c.name}</h1>
        {access.canManage && !c.archivedAt ? (
          <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href={`/comites/${c.id}/reunions/nouvelle`}>
            Nouvelle réunion
          </a>
        ) : null}
      </div>
      <p>
        <span class="fr-badge fr-badge--info fr-mr-1w">{COMMITTEE_KIND_LABELS[c.kind]}</span>
        {c.archivedAt ? <span class="fr-badge fr-badge--warning">Archivé le {formatShortDate(c.archivedAt)}</span> : null}
      </p>
      <p>
        Établissements : {establishments.join(', ') || '—'}. Code des décisions : <strong>{c.code}</strong>.{' '}
        {c.quorum ? `Quorum : ${c.quorum} membres.` : 'Pas de quorum fixé.'}
      </p>
      {access.canManage ? (
        <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
          <li>
            <a class="fr-btn fr-btn--sm fr-btn--secondary" href={`/comites/${c.id}/modifier`}>
              Modifier le comité
            </a>
          </li>
          <li>
            {c.archivedAt ? (
              <ActionButton action={`/comites/${c.id}/restauration`} label="Restaurer le comité" secondary />
            ) : (
              <ActionButton
                action={`/comites/${c.id}/archivage`}
                label="Archiver le comité"
                secondary
                confirm="Archiver ce comité ? Ses réunions et décisions restent consultables."
              />
            )}
          </li>
        </ul>
      ) : null}
      <Members data={data} choices={choices} values={memberValues} errors={memberErrors} />
      <Meetings data={data} now={now} />
      <OpenActions data={data} today={today} />
      <Register data={data} filters={filters} />
    </>
  );
}

function Members({ data, choices, values, errors }: { data: PageData; choices: User[]; values: Values; errors: Errors }) {
  const { access, members } = data;
  const c = access.committee;
  return (
    <section class="fr-mt-5w" id="membres" aria-labelledby="membres-titre">
      <h2 class="fr-h4" id="membres-titre">
        Membres
      </h2>
      {members.length === 0 ? (
        <p>Aucun membre pour le moment.</p>
      ) : (
        <Table id="table-membres" caption="Membres" columns={['Nom', 'Organisme', 'Fonction', 'Rôle', ...(access.canManage ? [''] : [])]}>
          <tbody>
            {members.map((m) => (
              <tr>
                <th scope="row">
                  {memberName(m)}
                  {m.user ? <span class="fr-hint-text">{ROLE_LABELS[m.user.role]} dans Atelier</span> : <span class="fr-hint-text">Personne extérieure</span>}
                </th>
                <td>{organisationOf(m) || '—'}</td>
                <td>{m.function || '—'}</td>
                <td>{MEMBER_ROLE_LABELS[m.role as MemberRole]}</td>
                {access.canManage ? (
                  <td>
                    <ActionButton
                      action={`/comites/${c.id}/membres/${m.id}/retrait`}
                      label={`Retirer ${memberName(m)}`}
                      secondary
                      icon="fr-icon-delete-line"
                      iconOnly
                      confirm={`Retirer ${memberName(m)} du comité ? Sa présence aux réunions passées reste dans les comptes rendus.`}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {access.canManage && !c.archivedAt ? <AddMember committeeId={c.id} choices={choices} values={values} errors={errors} /> : null}
    </section>
  );
}

function AddMember({ committeeId, choices, values, errors }: { committeeId: number; choices: User[]; values: Values; errors: Errors }) {
  const userOptions = choices.map((u) => [String(u.id), `${u.displayName} (${u.partner ? u.partner.name : ROLE_LABELS[u.role]})`] as const);
  return (
    <details class="fr-mt-3w" open={Object.keys(errors).length > 0}>
      <summary class="fr-btn fr-btn--secondary fr-btn--sm">Ajouter un membre</summary>
      <form method="post" action={`/comites/${committeeId}/membres`} class="atelier-form fr-mt-2w" id="ajout-membre">
        <CsrfField />
        <FormErrorSummary errors={errors} />
        {errors._form ? <p class="fr-error-text">{errors._form}</p> : null}
        <SelectField
          name="who"
          label="Qui ?"
          values={values}
          errors={errors}
          required
          options={[
            ['user', 'Un utilisateur d’Atelier'],
            ['external', 'Une personne extérieure'],
          ]}
        />
        <SelectField name="userId" label="Utilisateur d’Atelier" values={values} errors={errors} options={userOptions} hint="Pour un utilisateur d’Atelier." />
        <Field name="name" label="Nom et prénom" values={values} errors={errors} hint="Pour une personne extérieure." />
        <Field name="organisation" label="Organisme" values={values} errors={errors} hint="Par exemple : France Travail, mission locale, SPIP." />
        <Field name="function" label="Fonction" values={values} errors={errors} />
        <Field name="email" label="Adresse électronique" type="email" values={values} errors={errors} />
        <SelectField name="role" label="Rôle dans le comité" values={values} errors={errors} options={ROLE_OPTIONS} required />
        <button type="submit" class="fr-btn">
          Ajouter au comité
        </button>
      </form>
    </details>
  );
}

function Meetings({ data, now }: { data: PageData; now: Date }) {
  const upcoming = data.meetings.filter((m) => m.startsAt >= now).reverse();
  const past = data.meetings.filter((m) => m.startsAt < now);
  const rows = (list: typeof data.meetings) =>
    list.map((m) => (
      <tr>
        <th scope="row">
          <a href={`/reunions/${m.id}`}>{formatDateTime(m.startsAt)}</a>
        </th>
        <td>{m.place || (m.videoLink ? 'Visioconférence' : '—')}</td>
        <td>
          {MEETING_STATUS_LABELS[m.status as MeetingStatus]}
          {m.edition > 1 ? ` (version ${m.edition})` : ''}
        </td>
      </tr>
    ));
  return (
    <section class="fr-mt-5w" id="reunions" aria-labelledby="reunions-titre">
      <h2 class="fr-h4" id="reunions-titre">
        Réunions
      </h2>
      {data.meetings.length === 0 ? <p>Aucune réunion pour le moment.</p> : null}
      {upcoming.length > 0 ? (
        <Table id="reunions-a-venir" caption="Réunions à venir" columns={['À venir', 'Lieu', 'Compte rendu']}>
          <tbody>{rows(upcoming)}</tbody>
        </Table>
      ) : null}
      {past.length > 0 ? (
        <Table id="reunions-passees" caption="Réunions passées" columns={['Passées', 'Lieu', 'Compte rendu']}>
          <tbody>{rows(past)}</tbody>
        </Table>
      ) : null}
    </section>
  );
}

function OpenActions({ data, today }: { data: PageData; today: Day }) {
  return (
    <section class="fr-mt-5w" id="actions" aria-labelledby="actions-titre">
      <h2 class="fr-h4" id="actions-titre">
        Actions à suivre
      </h2>
      {data.openActions.length === 0 ? (
        <p>Aucune action en cours.</p>
      ) : (
        <Table id="table-actions" caption="Actions à suivre" columns={['Action', 'Responsable', 'Échéance', 'État', 'Décidée en réunion du']}>
          <tbody>
            {data.openActions.map((a) => (
              <tr>
                <th scope="row">{a.title}</th>
                <td>{a.owner ? memberName(a.owner) : '—'}</td>
                <td>
                  {formatShortDay(a.dueOn) || '—'}
                  {isOverdue(a, today) ? <span class="fr-badge fr-badge--error fr-badge--sm fr-ml-1w">En retard</span> : null}
                </td>
                <td>{ACTION_STATUS_LABELS[a.status as ActionStatus]}</td>
                <td>
                  <a href={`/reunions/${a.meeting.id}`}>{formatShortDate(a.meeting.startsAt)}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

function Register({ data, filters }: { data: PageData; filters: { q?: string; year?: number } }) {
  const c = data.access.committee;
  return (
    <section class="fr-mt-5w" id="registre" aria-labelledby="registre-titre">
      <h2 class="fr-h4" id="registre-titre">
        Registre des décisions
      </h2>
      <form method="get" action={`/comites/${c.id}#registre`} class="atelier-filters" role="search" aria-label="Chercher une décision">
        <div class="fr-input-group">
          <label class="fr-label" for="filtre-q">
            Texte de la décision
          </label>
          <input class="fr-input" id="filtre-q" name="q" type="search" value={filters.q ?? ''} />
        </div>
        <div class="fr-input-group">
          <label class="fr-label" for="filtre-annee">
            Année
          </label>
          <input class="fr-input" id="filtre-annee" name="annee" type="number" min={2000} max={2200} value={filters.year ? String(filters.year) : ''} />
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Chercher
        </button>
      </form>
      {data.decisions.length === 0 ? (
        <p id="aucune-decision">
          {filters.q || filters.year
            ? 'Aucune décision ne correspond à cette recherche.'
            : 'Aucune décision numérotée pour le moment : elles le sont à l’approbation du compte rendu.'}
        </p>
      ) : (
        <Table id="table-decisions" caption="Registre des décisions" columns={['Numéro', 'Décision', 'Réunion']}>
          <tbody>
            {data.decisions.map((d) => (
              <tr>
                <th scope="row">{decisionNumber(c.code, d)}</th>
                <td>{d.text}</td>
                <td>
                  <a href={`/reunions/${d.meeting.id}`}>{formatShortDate(d.meeting.startsAt)}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
