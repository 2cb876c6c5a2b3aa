/** The legal notice (« Mentions légales »), linked from every page's footer. */
export function LegalNoticePage() {
  return (
    <div class="fr-grid-row">
      <div class="fr-col-12 fr-col-lg-8">
        <h1>Mentions légales</h1>
        <h2>Service</h2>
        <p>
          Atelier est un service numérique de gestion des ateliers d’insertion en détention : établissements du programme InSERRE et ateliers de l’économie
          sociale et solidaire. Il est réservé aux personnes qui en ont reçu un compte : administration pénitentiaire, coordination des ateliers, structures
          partenaires et membres des comités.
        </p>
        <h2>Éditeur et hébergement</h2>
        <p>
          Le service est édité et hébergé par l’administration qui le met en place pour ses établissements ; son administration d’Atelier indique à chaque
          personne qui reçoit un compte le nom de l’éditeur, du directeur ou de la directrice de la publication et de l’hébergeur.
        </p>
        <h2>Données personnelles</h2>
        <p>
          Ce que le service enregistre, qui le voit et comment exercer vos droits : voir la page <a href="/donnees-personnelles">Données personnelles</a>.
        </p>
        <h2>Accessibilité</h2>
        <p>
          État de conformité et moyens de signaler un problème : voir la <a href="/accessibilite">déclaration d’accessibilité</a>.
        </p>
        <h2>Sécurité</h2>
        <p>
          L’accès est protégé par un mot de passe personnel, changé à la première connexion. Toute modification des données est enregistrée dans un historique :
          qui, quand, et ce qui a changé.
        </p>
      </div>
    </div>
  );
}
