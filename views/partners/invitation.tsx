import type { Child } from 'hono/jsx';
import { INVITATION_GONE, type OpenInvitation } from '../../src/partners/invitations.ts';
import { formatDateTime } from '../../src/platform/format.ts';
import { PASSWORD_MIN_LENGTH } from '../../src/users/rules.ts';
import { CsrfField, type Errors, Field, FormErrorSummary, type Values } from '../components/forms.tsx';

function Column({ children }: { children: Child }) {
  return (
    <div class="fr-grid-row fr-grid-row--center">
      <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">{children}</div>
    </div>
  );
}

/** The colleague's page: the organisation, the address (not editable), their name and a password typed twice. */
export function InvitationPage({ invitation, action, values, errors }: { invitation: OpenInvitation; action: string; values: Values; errors: Errors }) {
  return (
    <Column>
      <h1>Rejoindre {invitation.partnerName} sur Atelier</h1>
      <p>
        Ce lien vous permet de créer votre compte de la structure {invitation.partnerName}. Il fonctionne une seule fois, jusqu’au{' '}
        {formatDateTime(invitation.expiresAt)}.
      </p>
      {errors._form ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <p>{errors._form}</p>
        </div>
      ) : (
        <FormErrorSummary errors={errors} />
      )}
      <form method="post" action={action} novalidate>
        <CsrfField />
        <div class="fr-input-group">
          <label class="fr-label" for="champ-email">
            Adresse électronique
            <span class="fr-hint-text">Celle de l’invitation : elle sert à vous connecter.</span>
          </label>
          <input class="fr-input" id="champ-email" type="email" value={invitation.email} autocomplete="username" readonly />
        </div>
        <Field name="displayName" label="Prénom et nom" values={values} errors={errors} autocomplete="name" required />
        <Field
          name="password"
          label="Mot de passe"
          type="password"
          values={{}}
          errors={errors}
          autocomplete="new-password"
          hint={`Au moins ${PASSWORD_MIN_LENGTH} caractères ; une phrase de plusieurs mots est une bonne idée.`}
          required
        />
        <Field name="confirmation" label="Confirmez le mot de passe" type="password" values={{}} errors={errors} autocomplete="new-password" required />
        <button type="submit" class="fr-btn">
          Créer mon compte
        </button>
      </form>
    </Column>
  );
}

/** One page for every link that cannot be used: unknown, expired, used or cancelled alike. */
export function InvitationGonePage() {
  return (
    <Column>
      <h1>Invitation</h1>
      <p class="fr-text--lead">{INVITATION_GONE}</p>
      <p>
        <a class="fr-link" href="/connexion">
          Aller à la page de connexion
        </a>
      </p>
    </Column>
  );
}

/** A signed-in person opened a link: it makes another account, so it is not used from theirs. */
export function InvitationSignedInPage({ displayName }: { displayName: string }) {
  return (
    <Column>
      <h1>Invitation</h1>
      <p class="fr-text--lead">
        Une session est ouverte ici avec le compte de {displayName}. Ce lien sert à créer un autre compte : déconnectez-vous, puis ouvrez à nouveau le lien.
      </p>
      <form method="post" action="/deconnexion">
        <CsrfField />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Se déconnecter
        </button>
      </form>
    </Column>
  );
}

/** Too many failed attempts from this address: the login throttle's wait. */
export function InvitationThrottledPage({ minutes }: { minutes: number }) {
  return (
    <Column>
      <h1>Invitation</h1>
      <p class="fr-text--lead">
        Trop de tentatives infructueuses depuis cette connexion. Par sécurité, réessayez dans {minutes} minute{minutes > 1 ? 's' : ''}.
      </p>
    </Column>
  );
}
