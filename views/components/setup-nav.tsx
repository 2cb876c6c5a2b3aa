import { useContext } from 'hono/jsx';
import type { Establishment } from '../../src/establishments/entities.ts';
import { EstablishmentSectionsContext } from './context.ts';

/**
 * The establishment's menu, as a secondary navigation: the same sections, in the same order, on
 * every page of an establishment (each feature declares its own in `establishmentSections`).
 */
export function EstablishmentNav({ establishment, current }: { establishment: Establishment; current: string }) {
  const base = `/etablissements/${establishment.id}`;
  const sections = useContext(EstablishmentSectionsContext);
  return (
    <nav class="fr-mb-4w atelier-subnav" id="menu-etablissement" aria-label="Pages de l’établissement">
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
    </nav>
  );
}

/** The set-up pages draw the establishment's one menu. */
export const SetupNav = EstablishmentNav;
