import { useContext } from 'hono/jsx';
import type { Establishment } from '../../src/establishments/entities.ts';
import { EstablishmentSectionsContext } from './context.ts';

/** The sections of an establishment's set-up, as a secondary navigation: each feature declares its own. */
export function SetupNav({ establishment, current }: { establishment: Establishment; current: string }) {
  const base = `/etablissements/${establishment.id}`;
  const sections = useContext(EstablishmentSectionsContext);
  return (
    <nav class="fr-mb-4w atelier-subnav" aria-label="Mise en place de l’établissement">
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        {sections.map(({ key, path, label }) => (
          <li>
            <a
              class={`fr-btn fr-btn--sm ${key === current ? '' : 'fr-btn--secondary'}`}
              href={path ? `${base}/${path}` : base}
              aria-current={key === current ? 'page' : undefined}
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
      <a class="fr-link fr-icon-download-line fr-link--icon-left fr-mt-1w" href={`${base}/fiche.pdf`} download>
        Télécharger la fiche établissement (PDF)
      </a>
    </nav>
  );
}
