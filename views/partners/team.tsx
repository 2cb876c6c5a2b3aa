import type { IssuedInvitation } from '../../src/partners/invitations.ts';
import type { PendingInvitation, Team, TeamMember } from '../../src/partners/team.ts';
import { formatDateTime, formatShortDate } from '../../src/platform/format.ts';
import { ActionButton, CsrfField, type Errors, Field, type Values } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';

/** Where the team's forms send back to: the profile (`/structure`) or the team's own page. */
export const TEAM_PAGE = '/structure/equipe';

export interface TeamForm {
  values: Values;
  errors: Errors;
}

/**
 * « Équipe » of a partner's profile: its accounts; for its administrators, the invitations
 * waiting and « Inviter un collègue ». `back` is the page it is shown in (where its buttons
 * return); `form` the invitation form refused, with its errors.
 */
export function TeamSection({ team, form, back = TEAM_PAGE }: { team: Team; form?: TeamForm; back?: string }) {
  return (
    <section id="equipe" aria-labelledby="equipe-titre" class="fr-mt-4w">
      <h2 id="equipe-titre" class="fr-h4">
        Équipe
      </h2>
      <Members team={team} back={back} />
      {team.canManage ? (
        <>
          <Invitations invitations={team.invitations} back={back} />
          <InviteForm form={form ?? { values: {}, errors: {} }} />
        </>
      ) : null}
    </section>
  );
}

function Members({ team, back }: { team: Team; back: string }) {
  return (
    <Table
      id="equipe-comptes"
      caption={`Comptes de ${team.partnerName}`}
      columns={team.canManage ? ['Nom', 'Adresse électronique', 'Rôle et état', 'Actions'] : ['Nom', 'Adresse électronique', 'Rôle et état']}
    >
      <tbody>
        {team.members.map((m) => (
          <tr>
            <th scope="row">
              {m.displayName}
              {m.id === team.selfId ? <span class="fr-hint-text">vous</span> : null}
            </th>
            <td>
              {m.email}
              {team.canManage ? <span class="fr-hint-text">Mot de passe changé le {formatShortDate(m.passwordChangedAt)}</span> : null}
            </td>
            <td>
              {m.partnerAdmin ? 'Administrateur de la structure' : 'Membre'}{' '}
              {m.active ? <span class="fr-badge fr-badge--success fr-badge--sm">Actif</span> : <span class="fr-badge fr-badge--sm">Désactivé</span>}
            </td>
            {team.canManage ? (
              <td>
                <MemberActions member={m} self={m.id === team.selfId} back={back} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function MemberActions({ member: m, self, back }: { member: TeamMember; self: boolean; back: string }) {
  const at = `${TEAM_PAGE}/${m.id}`;
  const retour = <input type="hidden" name="retour" value={back} />;
  return (
    <div class="atelier-actions">
      {m.active && !self ? (
        <ActionButton action={`${at}/desactivation`} label="Désactiver" secondary confirm={`Désactiver le compte de ${m.displayName} ?`}>
          {retour}
        </ActionButton>
      ) : null}
      {m.active ? null : (
        <ActionButton action={`${at}/reactivation`} label="Réactiver" secondary>
          {retour}
        </ActionButton>
      )}
      {m.active && !m.partnerAdmin ? (
        <ActionButton action={`${at}/administrateur`} label="Nommer administrateur" secondary>
          {retour}
        </ActionButton>
      ) : null}
      {m.partnerAdmin ? (
        <ActionButton
          action={`${at}/administrateur/retrait`}
          label={self ? 'Ne plus être administrateur' : 'Retirer l’administration'}
          secondary
          confirm={self ? 'Vous ne pourrez plus gérer l’équipe ni les informations de la structure. Continuer ?' : undefined}
        >
          {retour}
        </ActionButton>
      ) : null}
    </div>
  );
}

function Invitations({ invitations, back }: { invitations: PendingInvitation[]; back: string }) {
  if (invitations.length === 0) return <p class="fr-text--sm">Aucune invitation en attente.</p>;
  return (
    <Table id="equipe-invitations" caption="Invitations en attente" columns={['Adresse électronique', 'Nom', 'Expire le', 'Invité par', 'Actions']}>
      <tbody>
        {invitations.map((i) => (
          <tr>
            <th scope="row">{i.email}</th>
            <td>{i.displayName}</td>
            <td>
              {formatDateTime(i.expiresAt)}
              {i.expired ? <span class="fr-badge fr-badge--warning fr-badge--sm fr-ml-1w">Expirée</span> : null}
            </td>
            <td>{i.invitedBy}</td>
            <td>
              <ActionButton
                action={`${TEAM_PAGE}/invitations/${i.id}/annulation`}
                label="Annuler l’invitation"
                secondary
                confirm={`Annuler l’invitation de ${i.email} ? Son lien ne fonctionnera plus.`}
              >
                <input type="hidden" name="retour" value={back} />
              </ActionButton>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function InviteForm({ form: { values, errors } }: { form: TeamForm }) {
  return (
    <form method="post" action={`${TEAM_PAGE}/invitations`} novalidate class="atelier-form fr-mt-3w" aria-labelledby="inviter-titre">
      <h3 id="inviter-titre" class="fr-h6">
        Inviter un collègue
      </h3>
      <p class="fr-text--sm">
        Atelier crée un lien d’invitation valable 7 jours, à usage unique, que vous transmettez vous-même à votre collègue : Atelier n’envoie aucun courriel.
      </p>
      {errors._form ? (
        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
          <p>{errors._form}</p>
        </div>
      ) : null}
      <CsrfField />
      <Field name="displayName" label="Prénom et nom" values={values} errors={errors} idPrefix="invitation" autocomplete="off" required />
      <Field name="email" label="Adresse électronique" type="email" values={values} errors={errors} idPrefix="invitation" autocomplete="off" required />
      <button type="submit" class="fr-btn fr-btn--secondary">
        Créer le lien d’invitation
      </button>
    </form>
  );
}

/** The link of an invitation just made: shown on this page only, never again. */
export function IssuedLink({ issued, url }: { issued: IssuedInvitation; url: string }) {
  return (
    <div class="fr-alert fr-alert--success fr-mb-3w" id="lien-invitation">
      <h2 class="fr-alert__title">Invitation créée pour {issued.displayName}</h2>
      <p>
        Copiez ce lien et envoyez-le à {issued.email} : il ne sera plus affiché. Il fonctionne une seule fois, jusqu’au {formatDateTime(issued.expiresAt)}.
      </p>
      <div class="fr-input-group fr-mt-2w">
        <label class="fr-label" for="lien-invitation-url">
          Lien d’invitation
        </label>
        <input class="fr-input" id="lien-invitation-url" type="text" readonly value={url} />
      </div>
      <p class="fr-text--sm">Atelier n’envoie pas de courriel : transmettez ce lien vous-même, par un moyen que seule cette personne lit.</p>
    </div>
  );
}

/** The team's own page: after an invitation (with its link, once) or a refused form. */
export function TeamPage({ team, form, issued }: { team: Team; form?: TeamForm; issued?: { issued: IssuedInvitation; url: string } }) {
  return (
    <>
      <h1>Équipe de {team.partnerName}</h1>
      <p>
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/structure">
          Ma structure
        </a>
      </p>
      {issued ? <IssuedLink {...issued} /> : null}
      <TeamSection team={team} form={form} />
    </>
  );
}
