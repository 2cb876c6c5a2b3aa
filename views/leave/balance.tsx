import { type LeaveMovement, type MovementKind, policyTitle, signedCentidays } from '../../src/leave/accrual.ts';
import type { LeaveBalance } from '../../src/leave/ledger.ts';
import { describeLeavePolicy, formatLeaveDays } from '../../src/leave/service.ts';
import { formatShortDay } from '../../src/platform/format.ts';
import { Table } from '../components/inline.tsx';
import { PersonLeaveRequests } from './requests.tsx';

const KIND_LABELS: Record<MovementKind, string> = {
  accrual: 'Acquisition',
  rounding: 'Arrondi',
  cap: 'Plafond',
  carry_over: 'Report',
  expiry: 'Expiration',
  taken: 'Congé pris',
};

/** Each movement with the balance after it: the last one is the balance shown. */
function running(movements: readonly LeaveMovement[]): Array<LeaveMovement & { after: number }> {
  let total = 0;
  return movements.map((m) => {
    total += m.centidays;
    return { ...m, after: total };
  });
}

/**
 * The person's leave, explained (issue 19, item 3): the balance today and at a chosen date, the
 * policy it comes from, and every movement with its source, so that anyone can add them up.
 */
export function LeaveBalanceSection({ leave, establishmentId }: { leave: LeaveBalance; establishmentId: number }) {
  const { detainee, asOf, today, policy } = leave;
  return (
    <section id="conges" aria-labelledby="conges-titre">
      <h2 class="fr-mt-4w" id="conges-titre">
        Congés
      </h2>
      {!leave.hasPolicy ? (
        <p>
          Aucune politique de congés dans cet établissement. <a href={`/etablissements/${establishmentId}/conges`}>Définir la politique de congés</a>
        </p>
      ) : (
        <>
          <p class="fr-mb-1w">
            {policy ? (
              <>
                Politique {policyTitle(policy)} (depuis le {formatShortDay(policy.effectiveFrom)}) : {describeLeavePolicy(policy)}
              </>
            ) : (
              'Aucune politique de congés en vigueur à cette date.'
            )}
          </p>
          <p class="fr-text--lg fr-mb-1w" id="conges-solde">
            Solde aujourd’hui ({formatShortDay(today)}) : <strong>{formatLeaveDays(leave.balanceToday)}</strong>
            {asOf !== today ? (
              <>
                {' '}
                ; au {formatShortDay(asOf)} : <strong id="conges-solde-date">{formatLeaveDays(leave.balance)}</strong>
              </>
            ) : null}
          </p>
          <form method="get" action={`/personnes/${detainee.id}#conges`} class="fr-mb-2w atelier-inline-form">
            <div class="fr-input-group">
              <label class="fr-label" for="conges-date">
                Solde à une autre date
              </label>
              <input class="fr-input" type="date" id="conges-date" name="conges" value={asOf} />
            </div>
            <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
              Afficher
            </button>
          </form>
          {leave.movements.length === 0 ? (
            <p>Aucun mouvement au {formatShortDay(asOf)} : aucun temps validé n’ouvre encore de droits.</p>
          ) : (
            <Table
              id="conges-mouvements"
              caption={`Mouvements de congés jusqu’au ${formatShortDay(asOf)}`}
              columns={['Date', 'Mouvement', 'Jours', 'Explication', 'Solde']}
            >
              <tbody>
                {running(leave.movements).map((m) => (
                  <tr data-centidays={String(m.centidays)}>
                    <td>{formatShortDay(m.day)}</td>
                    <td>{KIND_LABELS[m.kind]}</td>
                    <td class="atelier-num">{signedCentidays(m.centidays)}</td>
                    <td>{m.explanation}</td>
                    <td class="atelier-num">{formatLeaveDays(m.after)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colspan={2}>
                    Solde au {formatShortDay(asOf)}
                  </th>
                  <td class="atelier-num" colspan={3}>
                    {formatLeaveDays(leave.balance)}, somme des mouvements listés
                  </td>
                </tr>
              </tfoot>
            </Table>
          )}
          <PersonLeaveRequests detaineeId={detainee.id} rows={leave.requests} today={today} />
          <p class="fr-mt-1w">
            <a href={`/etablissements/${establishmentId}/conges/demandes`}>Demandes de congé à traiter dans l’établissement</a>
          </p>
        </>
      )}
    </section>
  );
}
