import { type LeaveMovement, type MovementKind, policyTitle, signedCentidays } from '../../src/leave/accrual.ts';
import type { LeaveBalance } from '../../src/leave/balance.ts';
import { describeLeavePolicy, formatLeaveDays } from '../../src/leave/service.ts';
import { formatShortDay } from '../../src/platform/format.ts';
import type { FormValues } from '../../src/platform/forms.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ActionButton, CsrfField, type Errors, Field, FormErrorSummary } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';
import { PersonLeaveRequests } from './requests.tsx';

const KIND_LABELS: Record<MovementKind, string> = {
  accrual: 'Acquisition',
  rounding: 'Arrondi',
  cap: 'Plafond',
  carry_over: 'Report',
  expiry: 'Expiration',
  taken: 'Congé pris',
  adjustment: 'Ajustement',
  settlement: 'Solde à la sortie',
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
                    <td class="atelier-wrap">
                      {m.explanation}
                      {m.adjustmentId ? ' ' : null}
                      {m.adjustmentId ? (
                        <ActionButton
                          action={`/conges/ajustements/${m.adjustmentId}/suppression`}
                          label="Supprimer"
                          secondary
                          confirm="Supprimer cet ajustement ? Le solde est recalculé sans lui ; le journal d’audit en garde la trace."
                        />
                      ) : null}
                    </td>
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
          <details class="fr-mt-2w" id="conges-ajuster">
            <summary>Ajuster le solde</summary>
            <LeaveAdjustmentForm detaineeId={detainee.id} values={{ day: today }} errors={{}} />
          </details>
          <PersonLeaveRequests detaineeId={detainee.id} rows={leave.requests} today={today} />
          <p class="fr-mt-1w">
            <a href={`/etablissements/${establishmentId}/conges/demandes`}>Demandes de congé à traiter dans l’établissement</a>
          </p>
        </>
      )}
    </section>
  );
}

/**
 * A manual adjustment (issue 19, item 2): the day (today by default), the signed number of days
 * by half days, and the reason the ledger shows beside it.
 */
export function LeaveAdjustmentForm({ detaineeId, values, errors }: { detaineeId: number; values: FormValues; errors: Errors }) {
  return (
    <form method="post" action={`/personnes/${detaineeId}/conges/ajustements`} class="atelier-form fr-mt-2w">
      <CsrfField />
      <FormErrorSummary errors={errors} />
      <Field name="day" label="Date de l’ajustement" type="date" values={values} errors={errors} required idPrefix="ajustement" />
      <Field
        name="days"
        label="Jours"
        hint="Par demi-journée : « +1 » ajoute un jour, « -0,5 » retire une demi-journée ; 60 jours au plus"
        values={values}
        errors={errors}
        required
        idPrefix="ajustement"
      />
      <Field
        name="reason"
        label="Motif"
        hint="Obligatoire, 300 caractères au plus ; il figure dans le compteur"
        values={values}
        errors={errors}
        required
        idPrefix="ajustement"
      />
      <button type="submit" class="fr-btn">
        Enregistrer l’ajustement
      </button>
    </form>
  );
}

/** The adjustment form on its own page, shown again with its errors next to the fields. */
export function LeaveAdjustmentPage({ detaineeId, name, values, errors }: { detaineeId: number; name: string; values: FormValues; errors: Errors }) {
  return (
    <>
      <Breadcrumb items={[{ href: `/personnes/${detaineeId}#conges`, label: name }, { label: 'Ajuster le solde de congés' }]} />
      <h1>Ajuster le solde de congés de {name}</h1>
      <LeaveAdjustmentForm detaineeId={detaineeId} values={values} errors={errors} />
    </>
  );
}
