import { PASSWORD_MIN_LENGTH } from '../../src/users/rules.ts';
import { CsrfField, type Errors, Field, FormErrorSummary, type Values } from '../components/forms.tsx';

export function LoginPage({ values, errors, notice }: { values: Values; errors: Errors; notice?: string }) {
  return (
    <div class="fr-grid-row fr-grid-row--center">
      <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Connexion à Atelier</h1>
        {notice ? (
          <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
            <p>{notice}</p>
          </div>
        ) : null}
        {errors._form ? (
          <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
            <p>{errors._form}</p>
          </div>
        ) : null}
        <form method="post" action="/connexion" novalidate>
          <CsrfField />
          <input type="hidden" name="retour" value={String(values.retour ?? '')} />
          <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend">Vos identifiants</legend>
            <div class="fr-fieldset__element">
              <Field
                name="email"
                label="Adresse électronique"
                type="email"
                values={values}
                errors={errors}
                autocomplete="username"
                hint="Format attendu : nom@exemple.fr"
                required
              />
            </div>
            <div class="fr-fieldset__element">
              <Field name="password" label="Mot de passe" type="password" values={{}} errors={errors} autocomplete="current-password" required />
            </div>
          </fieldset>
          <button type="submit" class="fr-btn">
            Se connecter
          </button>
        </form>
        <p class="fr-text--sm fr-mt-3w">Mot de passe oublié ? Demandez à l’administration d’Atelier de votre direction de le réinitialiser.</p>
      </div>
    </div>
  );
}

/** The new password, typed twice: the change of « Mon compte » and the first login's choice. */
function NewPasswordFields({ errors }: { errors: Errors }) {
  return (
    <>
      <Field
        name="next"
        label="Nouveau mot de passe"
        type="password"
        values={{}}
        errors={errors}
        autocomplete="new-password"
        hint={`Au moins ${PASSWORD_MIN_LENGTH} caractères ; une phrase de plusieurs mots est une bonne idée.`}
        required
      />
      <Field name="confirmation" label="Confirmez le nouveau mot de passe" type="password" values={{}} errors={errors} autocomplete="new-password" required />
    </>
  );
}

export function PasswordPage({ errors }: { errors: Errors }) {
  return (
    <div class="fr-grid-row">
      <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Changer mon mot de passe</h1>
        <FormErrorSummary errors={errors} />
        <form method="post" action="/compte/mot-de-passe" novalidate>
          <CsrfField />
          <Field name="current" label="Mot de passe actuel" type="password" values={{}} errors={errors} autocomplete="current-password" required />
          <NewPasswordFields errors={errors} />
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button type="submit" class="fr-btn">
                Changer le mot de passe
              </button>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href="/">
                Annuler
              </a>
            </li>
          </ul>
        </form>
      </div>
    </div>
  );
}

/** The first login with a password an administrator set: nothing else opens until the person chooses their own. */
export function ChoosePasswordPage({ errors }: { errors: Errors }) {
  return (
    <div class="fr-grid-row">
      <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Choisir votre mot de passe</h1>
        <p>
          Votre compte a un mot de passe provisoire, choisi par l’administration d’Atelier. Remplacez-le par un mot de passe personnel, que personne d’autre ne
          connaît, pour accéder à Atelier.
        </p>
        <FormErrorSummary errors={errors} />
        <form method="post" action="/compte/mot-de-passe" novalidate>
          <CsrfField />
          <NewPasswordFields errors={errors} />
          <button type="submit" class="fr-btn">
            Enregistrer mon mot de passe
          </button>
        </form>
      </div>
    </div>
  );
}
