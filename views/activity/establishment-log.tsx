import { type EstablishmentLog, filterQuery } from '../../src/activity/establishment-log.ts';
import { ACTIVITY_KIND_LABELS, ACTIVITY_KINDS, entrySummary } from '../../src/activity/labels.ts';
import { formatNumber, formatShortDay } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Table } from '../components/inline.tsx';
import { EstablishmentNav } from '../components/setup-nav.tsx';

/**
 * The establishment's « Journal d’activité » (issue 21 item 6): every partner's entries, the
 * filters, the counts per kind of the filtered set (corrected entries left out), a page of lines
 * (corrected ones marked « Corrigée »), paging and the CSV export.
 */
export function EstablishmentLogPage({ establishment, filter, rows, counts, lines, pages, workshops, partners }: EstablishmentLog) {
  const base = `/etablissements/${establishment.id}/journal`;
  const counted = ACTIVITY_KINDS.reduce((n, k) => n + counts[k], 0);
  const link = (page: number) => `${base}?${filterQuery(filter, page)}`;
  return (
    <>
      <Breadcrumb items={[{ href: `/etablissements/${establishment.id}`, label: establishment.name }, { label: 'Journal d’activité' }]} />
      <h1>Journal d’activité</h1>
      <EstablishmentNav establishment={establishment} current="journal" />
      <p>Ce que les structures partenaires consignent dans le journal de leurs ateliers de l’établissement.</p>
      <form method="get" action={base} class="atelier-filters" id="filtres-journal">
        <div class="fr-input-group">
          <label class="fr-label" for="du">
            Du
          </label>
          <input class="fr-input" type="date" id="du" name="du" value={filter.from} />
        </div>
        <div class="fr-input-group">
          <label class="fr-label" for="au">
            Au
          </label>
          <input class="fr-input" type="date" id="au" name="au" value={filter.to} />
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="type">
            Type
          </label>
          <select class="fr-select" id="type" name="type">
            <option value="">Tous les types</option>
            {ACTIVITY_KINDS.map((k) => (
              <option value={k} selected={filter.kind === k}>
                {ACTIVITY_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="atelier">
            Atelier
          </label>
          <select class="fr-select" id="atelier" name="atelier">
            <option value="">Tous les ateliers</option>
            {workshops.map((w) => (
              <option value={String(w.id)} selected={filter.workshopId === w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="structure">
            Structure
          </label>
          <select class="fr-select" id="structure" name="structure">
            <option value="">Toutes les structures</option>
            {partners.map((p) => (
              <option value={String(p.id)} selected={filter.partnerId === p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Afficher
        </button>
        <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`${base}.csv?${filterQuery(filter)}`} download>
          Exporter (CSV)
        </a>
      </form>
      <p id="journal-total">
        Du {formatShortDay(filter.from)} au {formatShortDay(filter.to)} :{' '}
        {counted === 0 ? 'aucune entrée comptée' : `${formatNumber(counted)} entrée${counted > 1 ? 's comptées' : ' comptée'}`}
        {lines > counted ? ` (les entrées corrigées ne comptent pas)` : ''}.
      </p>
      <ul class="fr-tags-group" id="journal-comptes">
        {ACTIVITY_KINDS.map((k) => (
          <li>
            <p class="fr-tag" id={`compte-${k}`}>
              {ACTIVITY_KIND_LABELS[k]} : {formatNumber(counts[k])}
            </p>
          </li>
        ))}
      </ul>
      {rows.length === 0 ? (
        <p id="journal-vide">Aucune entrée pour ces critères.</p>
      ) : (
        <Table
          id="journal"
          caption="Entrées du journal d’activité, les plus récentes d’abord"
          columns={['N°', 'Jour', 'Atelier', 'Structure', 'Type', 'Entrée', 'Écrite par', 'État']}
        >
          <tbody>
            {rows.map((r) => (
              <tr id={`entree-${r.id}`} class={r.correctedById ? 'atelier-muted' : undefined}>
                <td class="atelier-num">{r.id}</td>
                <td>{formatShortDay(r.day)}</td>
                <td>
                  <a href={`/ateliers/${r.workshopId}/journal?du=${r.day}&au=${r.day}`}>{r.workshop}</a>
                </td>
                <td class="atelier-wrap">{r.partner}</td>
                <td>{ACTIVITY_KIND_LABELS[r.kind]}</td>
                <td class="atelier-wrap">{r.correctedById ? <s>{entrySummary(r)}</s> : entrySummary(r)}</td>
                <td>{r.author || '—'}</td>
                <td>
                  {r.correctedById ? (
                    <p class="fr-badge fr-badge--sm fr-badge--warning fr-badge--no-icon">Corrigée par le n° {r.correctedById}</p>
                  ) : r.correctsId ? (
                    <p class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">Corrige le n° {r.correctsId}</p>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {pages > 1 ? (
        <nav role="navigation" class="fr-pagination" aria-label="Pagination" id="journal-pages">
          <ul class="fr-pagination__list">
            <li>
              {filter.page > 1 ? (
                <a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" href={link(filter.page - 1)}>
                  Précédente
                </a>
              ) : null}
            </li>
            <li>
              <a class="fr-pagination__link" aria-current="page" title={`Page ${filter.page}`}>
                {filter.page} / {pages}
              </a>
            </li>
            <li>
              {filter.page < pages ? (
                <a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" href={link(filter.page + 1)}>
                  Suivante
                </a>
              ) : null}
            </li>
          </ul>
        </nav>
      ) : null}
    </>
  );
}
