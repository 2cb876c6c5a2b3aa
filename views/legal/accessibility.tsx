/** The accessibility statement the RGAA asks for, linked from every page's footer. */
export function AccessibilityPage() {
  return (
    <div class="fr-grid-row">
      <div class="fr-col-12 fr-col-lg-8">
        <h1>Déclaration d’accessibilité</h1>
        <p>
          Atelier s’engage à rendre son service accessible, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005, en suivant le référentiel
          général d’amélioration de l’accessibilité (RGAA, version 4.1).
        </p>
        <h2>État de conformité</h2>
        <p>
          <strong>Atelier est non conforme</strong> au RGAA : aucun audit de conformité n’a encore été mené. Tant qu’un audit n’a pas mesuré le taux de critères
          respectés, la loi demande de déclarer le service non conforme.
        </p>
        <h2>Ce qui est déjà fait</h2>
        <ul>
          <li>Les pages utilisent le Système de design de l’État (DSFR), conçu pour être accessible.</li>
          <li>
            Chaque version est vérifiée automatiquement dans un navigateur avec l’outil axe-core : les pages principales ne présentent pas d’erreur grave
            détectée par cet outil.
          </li>
          <li>Toutes les actions se font au clavier ; la grille de pointage se parcourt avec Tab et Entrée.</li>
          <li>Les formulaires fonctionnent sans JavaScript ; les erreurs sont écrites à côté du champ concerné.</li>
        </ul>
        <h2>Limites connues</h2>
        <ul>
          <li>Les rapports au format PDF ne sont pas balisés pour les lecteurs d’écran.</li>
          <li>Les grands tableaux (pointage, postes) se lisent mal sur un petit écran.</li>
        </ul>
        <h2>Signaler un problème</h2>
        <p>
          Si vous ne pouvez pas accéder à un contenu ou à un service, signalez-le à l’administration d’Atelier de votre direction : une réponse ou une
          alternative vous sera proposée.
        </p>
        <h2>Voie de recours</h2>
        <p>
          Si vous n’obtenez pas de réponse satisfaisante, vous pouvez saisir le Défenseur des droits (formulaire en ligne sur defenseurdesdroits.fr, ou par
          courrier gratuit : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07).
        </p>
      </div>
    </div>
  );
}
