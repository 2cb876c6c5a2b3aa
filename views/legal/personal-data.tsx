/** What the service stores about people, who sees what, for how long, and the rights: linked from every page's footer. */
export function PersonalDataPage() {
  return (
    <div class="fr-grid-row">
      <div class="fr-col-12 fr-col-lg-8">
        <h1>Données personnelles</h1>
        <p>
          Atelier n’enregistre que ce dont l’organisation du travail et de la formation en détention a besoin. Le responsable du traitement est l’administration
          qui met le service en place pour ses établissements.
        </p>
        <h2>Ce qui est enregistré sur les personnes détenues</h2>
        <ul>
          <li>Le numéro d’écrou, le nom, le prénom, la date de naissance, la date d’arrivée et la date de sortie prévue ;</li>
          <li>les membres du trinôme qui suivent la personne (surveillant, CPIP, référent insertion) ;</li>
          <li>les candidatures, l’avis de la CPU, les affectations à un poste et les inscriptions en formation ;</li>
          <li>les heures de travail et de formation, les absences et leur motif, les congés.</li>
        </ul>
        <p>Atelier n’enregistre ni l’infraction, ni la peine, ni aucune information de santé au-delà du motif d’absence (par exemple « maladie »).</p>
        <h2>Ce qui est enregistré sur les personnes qui ont un compte</h2>
        <p>
          Le nom, l’adresse électronique, le rôle, les établissements ou la structure de rattachement, le mot de passe sous une forme qui ne permet pas de le
          retrouver, les connexions réussies ou refusées, et les modifications faites dans le service.
        </p>
        <h2>Qui voit quoi</h2>
        <ul>
          <li>La coordination voit les personnes des établissements auxquels elle est rattachée, et personne d’autre.</li>
          <li>
            Une structure partenaire voit seulement le nom et le poste des personnes qui travaillent dans ses ateliers : ni leur contrat, ni le motif de leurs
            absences.
          </li>
          <li>Les membres d’un comité voient des chiffres d’ensemble et des rapports pseudonymisés, sans nom.</li>
          <li>L’administration d’Atelier gère les comptes et lit l’historique des modifications.</li>
        </ul>
        <h2>Durée de conservation</h2>
        <p>
          Une session de connexion expire au bout de quelques heures. Les autres données sont conservées tant que le service est utilisé : Atelier ne les efface
          pas encore automatiquement après la sortie d’une personne. La durée de conservation reste à fixer par le responsable du traitement, qui en informera
          les personnes concernées.
        </p>
        <h2>Vos droits</h2>
        <p>
          Chaque personne peut demander à accéder aux données qui la concernent, à les faire corriger ou à en limiter l’usage. Une personne détenue s’adresse à
          la direction de son établissement ou à son référent ; une personne qui a un compte s’adresse à l’administration d’Atelier de sa direction. En cas de
          difficulté, chacun peut saisir la Commission nationale de l’informatique et des libertés (CNIL, cnil.fr).
        </p>
      </div>
    </div>
  );
}
