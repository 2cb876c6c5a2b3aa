import type { IssuedAttestation } from '../../src/attestations/service.ts';
import { formatDateTime, formatShortDay } from '../../src/platform/format.ts';

/** The person page's « Attestation de travail et de formation » block: issue one, note skills per post, the ones issued. */
export function AttestationSection({
  detaineeId,
  assignments,
  issued,
}: {
  detaineeId: number;
  assignments: ReadonlyArray<{ id: number; post: { title: string }; startsOn: string }>;
  issued: readonly IssuedAttestation[];
}) {
  return (
    <section id="attestation">
      <h2 class="fr-mt-4w">Attestation de travail et de formation</h2>
      <p>
        Pour sa recherche d’emploi, la personne reçoit une attestation de ses postes (avec les heures des semaines validées), de ses formations et des
        compétences observées à l’atelier. Elle se délivre à tout moment, typiquement à la sortie.
      </p>
      <p>
        <a class="fr-btn fr-btn--sm fr-icon-file-pdf-line fr-btn--icon-left" href={`/personnes/${detaineeId}/attestation.pdf`}>
          Délivrer l’attestation (PDF)
        </a>
      </p>
      {assignments.length > 0 ? (
        <>
          <p class="fr-mb-1w">Compétences observées, par poste :</p>
          <ul>
            {assignments.map((a) => (
              <li>
                <a href={`/affectations/${a.id}/competences`}>
                  Compétences observées — {a.post.title} (depuis le {formatShortDay(a.startsOn)})
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {issued.length > 0 ? (
        <>
          <h3 class="fr-h6">Attestations délivrées</h3>
          <ul>
            {issued.map((a) => (
              <li>
                Le {formatDateTime(a.issuedAt)} par {a.issuedBy} <span class="fr-hint-text">(empreinte SHA-256 {a.sha256.slice(0, 12)}…)</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
