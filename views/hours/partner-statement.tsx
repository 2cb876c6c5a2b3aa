import type { PartnerMonthPay } from '../../src/hours/partner-pay.ts';
import { formatEuros, formatHours } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Table } from '../components/inline.tsx';

const monthFormat = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** « octobre 2026 ». */
const monthName = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));

/** The partner's monthly statement: the people its workshops employ, on their posts there, with their hours and gross pay. */
export function PartnerStatementPage({ pay }: { pay: PartnerMonthPay }) {
  const { month, rows, workshops, lines, totalCents } = pay;
  const pending = rows.reduce((n, r) => n + r.pendingMinutes, 0);
  return (
    <>
      <Breadcrumb items={[{ href: '/structure', label: 'Ma structure' }, { label: 'Rémunérations' }]} />
      <h1>Rémunérations du mois</h1>
      <p>
        Ce que votre structure verse, en tant que donneur d’ordre, aux personnes que ses ateliers emploient : calculé sur les semaines validées par la
        coordination, pour leurs seuls postes dans vos ateliers.
      </p>
      <form method="get" action="/structure/paie" class="atelier-filters">
        <div class="fr-input-group">
          <label class="fr-label" for="mois">
            Mois
          </label>
          <input class="fr-input" type="month" id="mois" name="mois" value={month} />
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Afficher
        </button>
        <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/structure/paie.csv?mois=${month}`} download>
          Exporter (CSV)
        </a>
      </form>
      <p class="fr-text--lead" id="brut-total">
        Brut total pour {monthName(month)} : {formatEuros(totalCents)}.
      </p>
      {pending > 0 ? (
        <div class="fr-alert fr-alert--warning fr-mb-3w">
          <p>{formatHours(pending)} saisies attendent la validation de leur semaine par la coordination : elles seront payées une fois la semaine validée.</p>
        </div>
      ) : null}
      {workshops.length === 0 ? (
        <p>Aucune heure ni rémunération dans vos ateliers ce mois-ci.</p>
      ) : (
        <>
          <h2 class="fr-h4">Par atelier</h2>
          <Table id="ateliers" caption="Totaux par atelier" columns={['Atelier', 'Établissement', 'Personnes', 'Heures validées', 'En attente', 'Brut']}>
            <tbody>
              {workshops.map((w) => (
                <tr id={`atelier-${w.workshopId}`}>
                  <th scope="row">{w.name}</th>
                  <td>{w.establishment}</td>
                  <td class="atelier-num">{w.people}</td>
                  <td class="atelier-num">{formatHours(w.validatedMinutes)}</td>
                  <td class="atelier-num">{formatHours(w.pendingMinutes)}</td>
                  <td class="atelier-num">{formatEuros(w.grossCents)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <h2 class="fr-h4">Par personne et par poste</h2>
          <Table
            id="paie"
            caption="Rémunération par personne et par poste"
            columns={['Personne', 'Atelier', 'Poste', 'Heures validées', 'En attente', ...lines.map((l) => l.label), 'Brut']}
          >
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">
                    {r.lastName.toUpperCase()} {r.firstName}
                  </th>
                  <td>{r.workshop}</td>
                  <td>{r.post}</td>
                  <td class="atelier-num">{formatHours(r.validatedMinutes)}</td>
                  <td class="atelier-num">{formatHours(r.pendingMinutes)}</td>
                  {lines.map(({ key }) => {
                    const line = r.lines[key];
                    return (
                      <td class="atelier-num" data-ligne={key}>
                        {line ? (
                          <>
                            {formatHours(line.minutes)} <br />
                            {formatEuros(line.cents)}
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                    );
                  })}
                  <td class="atelier-num" data-ligne="brut">
                    {formatEuros(r.grossCents)}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </>
  );
}
