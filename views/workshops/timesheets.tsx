import type { Establishment } from '../../src/establishments/entities.ts';
import { type Day, mondayOf, plusDays } from '../../src/platform/calendar.ts';
import { formatShortDay } from '../../src/platform/format.ts';
import type { WorkshopRow } from '../../src/workshops/service.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Table } from '../components/inline.tsx';
import { EstablishmentNav } from '../components/setup-nav.tsx';

/** The establishment's timesheets: each workshop's sheet of this week and of last week, one click away. */
export function TimesheetsPage({ establishment: e, rows, today }: { establishment: Establishment; rows: WorkshopRow[]; today: Day }) {
  const thisWeek = mondayOf(today);
  const lastWeek = plusDays(thisWeek, -7);
  return (
    <>
      <Breadcrumb items={[{ href: '/etablissements', label: 'Établissements' }, { href: `/etablissements/${e.id}`, label: e.name }, { label: 'Pointage' }]} />
      <h1>Pointage des ateliers</h1>
      <EstablishmentNav establishment={e} current="pointage" />
      {rows.length === 0 ? (
        <p>Aucun atelier dans cet établissement.</p>
      ) : (
        <Table id="pointage-ateliers" caption="Feuilles de pointage par atelier" columns={['Atelier', 'Structure', 'Semaine précédente', 'Cette semaine']}>
          <tbody>
            {rows.map(({ workshop: w }) => (
              <tr>
                <th scope="row">
                  <a href={`/ateliers/${w.id}`}>{w.name}</a>
                </th>
                <td>{w.partner.name}</td>
                <td>
                  <a href={`/ateliers/${w.id}/pointage?semaine=${lastWeek}`}>Semaine du {formatShortDay(lastWeek)}</a>
                </td>
                <td>
                  <a href={`/ateliers/${w.id}/pointage?semaine=${thisWeek}`}>Semaine du {formatShortDay(thisWeek)}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <p class="fr-text--sm">
        Le pointage des formations se fait depuis chaque session : <a href={`/etablissements/${e.id}/sessions`}>sessions de formation</a>.
      </p>
    </>
  );
}
