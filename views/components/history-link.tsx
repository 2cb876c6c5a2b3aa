const historyHref = (table: string, id: number) => `/admin/journal?${new URLSearchParams({ objet: table, id: String(id) })}`;

/**
 * « Historique »: the audit trail filtered on one record (`table` as the database names it),
 * for the pages of administrators and coordinators; the trail checks the scope again.
 */
export function HistoryLink({ table, id }: { table: string; id: number }) {
  return (
    <a class="fr-link fr-link--sm fr-icon-time-line fr-link--icon-left atelier-history" href={historyHref(table, id)}>
      Historique
    </a>
  );
}

/** The same as an icon among a table row's actions; `label` names the record for screen readers. */
export function HistoryButton({ table, id, label }: { table: string; id: number; label: string }) {
  return (
    <a class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-time-line atelier-history" href={historyHref(table, id)} title={label}>
      {label}
    </a>
  );
}
