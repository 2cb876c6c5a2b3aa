/** The DSFR breadcrumb: links up to the current page, which comes last without a link. */
export function Breadcrumb({ items }: { items: Array<{ href?: string; label: string }> }) {
  return (
    <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
      <ol class="fr-breadcrumb__list">
        {items.map((item) => (
          <li>
            {item.href ? (
              <a class="fr-breadcrumb__link" href={item.href}>
                {item.label}
              </a>
            ) : (
              <a class="fr-breadcrumb__link" aria-current="page">
                {item.label}
              </a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
