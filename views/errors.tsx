export const ERROR_TITLES: Record<number, string> = {
  400: 'Demande illisible',
  403: 'Accès refusé',
  404: 'Page introuvable',
  409: 'Modification impossible',
  413: 'Envoi trop volumineux',
  422: 'Demande refusée',
  500: 'Erreur inattendue',
  503: 'Service indisponible',
};

export function ErrorPage({ status, message, requestId }: { status: number; message: string; requestId?: string }) {
  return (
    <div class="fr-grid-row fr-grid-row--center">
      <div class="fr-col-12 fr-col-md-8">
        <h1>{ERROR_TITLES[status] ?? 'Erreur'}</h1>
        <p class="fr-text--sm fr-mb-3w">Erreur {status}</p>
        <p class="fr-text--lead">{message}</p>
        {requestId ? (
          <p class="fr-text--sm">
            Si le problème persiste, communiquez cette référence à l’équipe support : <code>{requestId}</code>
          </p>
        ) : null}
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <a class="fr-btn" href="/">
              Revenir à l’accueil
            </a>
          </li>
        </ul>
      </div>
    </div>
  );
}

/** What htmx swaps into the message area when a partial request fails. */
export function ErrorAlert({ status, message }: { status: number; message: string }) {
  return (
    <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
      <p>
        <strong>{ERROR_TITLES[status] ?? 'Erreur'}.</strong> {message}
      </p>
    </div>
  );
}
