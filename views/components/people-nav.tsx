import type { Establishment } from '../../src/establishments/entities.ts';

/** The pages that follow an establishment's people, as a secondary navigation: the board, those without activity, everyone. */
export function PeopleNav({ establishment, current }: { establishment: Establishment; current: 'personnes' | 'tableau' | 'sans-activite' }) {
  const base = `/etablissements/${establishment.id}`;
  const items = [
    ['tableau', `${base}/tableau`, 'Tableau des affectations'],
    ['sans-activite', `${base}/sans-activite`, 'Sans activité'],
    ['personnes', `${base}/personnes`, 'Personnes'],
  ] as const;
  return (
    <nav class="fr-mb-4w atelier-subnav" aria-label="Suivi des personnes">
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        {items.map(([key, href, label]) => (
          <li>
            <a class={`fr-btn fr-btn--sm ${key === current ? '' : 'fr-btn--secondary'}`} href={href} aria-current={key === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
