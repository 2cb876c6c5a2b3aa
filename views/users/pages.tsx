import type { Establishment } from '../../src/establishments/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { ROLE_LABELS, ROLES } from '../../src/platform/roles.ts';
import type { User } from '../../src/users/entities.ts';
import { hasEstablishments, PASSWORD_MIN_LENGTH } from '../../src/users/rules.ts';
import { ActionButton, Checkboxes, CsrfField, type Errors, Field, FormErrorSummary, SelectField, type Values } from '../components/forms.tsx';
import { HistoryLink } from '../components/history-link.tsx';

const ROLE_OPTIONS = ROLES.map((r) => [r, ROLE_LABELS[r]] as const);

function scopeOf(user: User): string {
  if (hasEstablishments(user.role))
    return (
      user.establishments
        .getItems()
        .map((e) => e.name)
        .join(', ') || '—'
    );
  if (user.role === 'partner') return `${user.partner?.name ?? '—'}${user.partnerAdmin ? ' (administrateur de la structure)' : ''}`;
  return 'Tous les établissements';
}

export function UsersPage({ users, filters, selfId }: { users: User[]; filters: { role?: string; status: string; q?: string }; selfId: number }) {
  return (
    <>
      <div class="atelier-title-row">
        <h1>Utilisateurs</h1>
        <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/admin/utilisateurs/nouveau">
          Nouvel utilisateur
        </a>
      </div>
      <form method="get" action="/admin/utilisateurs" class="atelier-filters" role="search" aria-label="Filtrer les utilisateurs">
        <div class="fr-input-group">
          <label class="fr-label" for="filtre-q">
            Nom ou adresse
          </label>
          <input class="fr-input" id="filtre-q" name="q" type="search" value={filters.q ?? ''} />
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="filtre-role">
            Rôle
          </label>
          <select class="fr-select" id="filtre-role" name="role">
            <option value="">Tous les rôles</option>
            {ROLE_OPTIONS.map(([v, l]) => (
              <option value={v} selected={filters.role === v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="filtre-statut">
            État
          </label>
          <select class="fr-select" id="filtre-statut" name="statut">
            <option value="active" selected={filters.status === 'active'}>
              Actifs
            </option>
            <option value="inactive" selected={filters.status === 'inactive'}>
              Désactivés
            </option>
            <option value="all" selected={filters.status === 'all'}>
              Tous
            </option>
          </select>
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Filtrer
        </button>
      </form>
      {users.length === 0 ? (
        <p class="fr-text--lead">Aucun utilisateur ne correspond à ces filtres.</p>
      ) : (
        <div class="fr-table fr-table--no-caption">
          <div class="fr-table__wrapper">
            <div class="fr-table__container">
              <div class="fr-table__content">
                <table id="liste-utilisateurs">
                  <caption>Utilisateurs</caption>
                  <thead>
                    <tr>
                      <th scope="col">Nom, adresse et état</th>
                      <th scope="col">Rôle</th>
                      <th scope="col">Périmètre</th>
                      <th scope="col">Actions</th>
                    </tr>
                  </thead>
                  <tbody>
                    {users.map((u) => (
                      <tr>
                        <th scope="row">
                          {u.displayName}{' '}
                          {u.active ? <span class="fr-badge fr-badge--success fr-badge--sm">Actif</span> : <span class="fr-badge fr-badge--sm">Désactivé</span>}
                          <span class="fr-hint-text">{u.email}</span>
                        </th>
                        <td>{ROLE_LABELS[u.role]}</td>
                        <td>{scopeOf(u)}</td>
                        <td>
                          <div class="atelier-actions">
                            <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={`/admin/utilisateurs/${u.id}/modifier`} title={`Modifier ${u.displayName}`}>
                              Modifier
                            </a>
                            {u.id === selfId ? null : u.active ? (
                              <ActionButton
                                action={`/admin/utilisateurs/${u.id}/desactivation`}
                                label="Désactiver"
                                secondary
                                confirm={`Désactiver le compte de ${u.displayName} ?`}
                              />
                            ) : (
                              <ActionButton action={`/admin/utilisateurs/${u.id}/reactivation`} label="Réactiver" secondary />
                            )}
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
    </>
  );
}

export function UserFormPage({
  user,
  choices,
  values,
  errors,
}: {
  user?: User;
  choices: { establishments: Establishment[]; partners: Partner[] };
  values: Values;
  errors: Errors;
}) {
  const checked = ([] as unknown[]).concat(values.establishmentIds ?? []).map(String);
  return (
    <>
      <h1>{user ? `Modifier le compte de ${user.displayName}` : 'Nouvel utilisateur'}</h1>
      {user ? (
        <p>
          <HistoryLink table="app_user" id={user.id} />
        </p>
      ) : null}
      {errors._form ? (
        <div class="fr-alert fr-alert--warning fr-mb-3w" role="alert">
          <p>{errors._form}</p>
        </div>
      ) : (
        <FormErrorSummary errors={errors} />
      )}
      <form method="post" action={user ? `/admin/utilisateurs/${user.id}` : '/admin/utilisateurs'} novalidate class="atelier-form">
        <CsrfField />
        {user ? <input type="hidden" name="version" value={String(values.version ?? user.version)} /> : null}
        <Field name="displayName" label="Prénom et nom" values={values} errors={errors} autocomplete="off" required />
        <Field name="email" label="Adresse électronique" type="email" values={values} errors={errors} autocomplete="off" required />
        <SelectField name="role" label="Rôle" values={values} errors={errors} options={ROLE_OPTIONS} required />
        <Checkboxes
          name="establishmentIds"
          legend="Établissements coordonnés ou suivis"
          hint="Coordination : les établissements coordonnés. Membre de comité : les établissements suivis (indicateurs agrégés seulement)."
          checked={checked}
          errors={errors}
          options={choices.establishments.map((e) => [String(e.id), e.name] as const)}
        />
        <SelectField
          name="partnerId"
          label="Structure partenaire"
          hint="Pour le rôle Partenaire uniquement."
          values={values}
          errors={errors}
          placeholder="Aucune"
          options={choices.partners.map((p) => [String(p.id), p.name] as const)}
        />
        <div class="fr-checkbox-group fr-mb-3w">
          <input
            type="checkbox"
            id="champ-partnerAdmin"
            name="partnerAdmin"
            value="1"
            checked={values.partnerAdmin === '1'}
            aria-describedby="champ-partnerAdmin-aide"
          />
          <label class="fr-label" for="champ-partnerAdmin">
            Administrateur de la structure
            <span class="fr-hint-text" id="champ-partnerAdmin-aide">
              Pour le rôle Partenaire uniquement : modifie les informations et les contacts de sa structure, invite ses collègues et gère leurs comptes.
            </span>
          </label>
        </div>
        <Field
          name="password"
          label={user ? 'Nouveau mot de passe provisoire' : 'Mot de passe provisoire'}
          type="password"
          values={{}}
          errors={errors}
          autocomplete="new-password"
          hint={
            user
              ? `Laissez vide pour ne pas le changer. Sinon, au moins ${PASSWORD_MIN_LENGTH} caractères ; ses sessions seront fermées.`
              : `Au moins ${PASSWORD_MIN_LENGTH} caractères.`
          }
          required={!user}
        />
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" class="fr-btn">
              {user ? 'Enregistrer' : 'Créer le compte'}
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href="/admin/utilisateurs">
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </>
  );
}
