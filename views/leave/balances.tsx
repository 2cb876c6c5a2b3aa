import type { Establishment } from '../../src/establishments/entities.ts';
import { formatCentidays } from '../../src/leave/accrual.ts';
import type { BalanceRow } from '../../src/leave/balances.ts';
import { formatShortDay } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Table } from '../components/inline.tsx';
import { EstablishmentNav } from '../components/setup-nav.tsx';

/** The establishment's leave balances at a day (issue 19, item 5), with its export. */
export function LeaveBalancesPage({
  establishment,
  asOf,
  hasPolicy,
  rows,
}: {
  establishment: Establishment;
  asOf: string;
  hasPolicy: boolean;
  rows: BalanceRow[];
}) {
  const base = `/etablissements/${establishment.id}/conges`;
  const periodStart = rows.find((r) => r.periodStart)?.periodStart ?? null;
  return (
    <>
      <Breadcrumb items={[{ href: `/etablissements/${establishment.id}`, label: establishment.name }, { label: 'Soldes de congés' }]} />
      <h1>Soldes de congés</h1>
      <EstablishmentNav establishment={establishment} current="conges-soldes" />
      <form method="get" action={`${base}/soldes`} class="atelier-filters">
        <div class="fr-input-group">
          <label class="fr-label" for="date">
            Soldes au
          </label>
          <input class="fr-input" type="date" id="date" name="date" value={asOf} />
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Afficher
        </button>
        <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`${base}/soldes.csv?date=${asOf}`} download>
          Exporter les soldes (CSV)
        </a>
      </form>
      {!hasPolicy ? (
        <p id="soldes-sans-politique">
          Aucune politique de congés dans cet établissement : personne n’acquiert de congés. <a href={base}>Définir la politique de congés</a>
        </p>
      ) : null}
      <p>
        {rows.length === 0
          ? `Personne n’occupe de poste le ${formatShortDay(asOf)}.`
          : `${rows.length} personne${rows.length > 1 ? 's occupent' : ' occupe'} un poste le ${formatShortDay(asOf)}${
              periodStart ? ` ; période de référence commencée le ${formatShortDay(periodStart)}` : ''
            }.`}
      </p>
      {rows.length > 0 ? (
        <Table
          id="soldes"
          caption={`Soldes de congés au ${formatShortDay(asOf)}`}
          columns={['Nom', 'Numéro d’écrou', 'Atelier et poste', 'Politique', 'Solde', 'Acquis (période)']}
        >
          <tbody>
            {rows.map((r) => (
              <tr id={`solde-${r.detaineeId}`}>
                <th scope="row">
                  <a href={`/personnes/${r.detaineeId}#conges`}>{r.name}</a>
                </th>
                <td>{r.prisonNumber}</td>
                <td class="atelier-wrap">
                  {r.posts.map((p, i) => (
                    <>
                      {i > 0 ? <br /> : null}
                      {p}
                    </>
                  ))}
                </td>
                <td>{r.policy ?? '—'}</td>
                <td class="atelier-num">{formatCentidays(r.balance)}</td>
                <td class="atelier-num">{formatCentidays(r.accrued)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </>
  );
}
