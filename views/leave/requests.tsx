import type { Establishment } from '../../src/establishments/entities.ts';
import { formatCentidays } from '../../src/leave/accrual.ts';
import type { LeaveRequestRow } from '../../src/leave/requests.ts';
import type { Day } from '../../src/platform/calendar.ts';
import { formatShortDay } from '../../src/platform/format.ts';
import type { FormValues } from '../../src/platform/forms.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField, type Errors, Field, FormErrorSummary, SelectField } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';
import { EstablishmentNav } from '../components/setup-nav.tsx';

const STATUS: Record<LeaveRequestRow['status'], string> = { requested: 'Demandée', approved: 'Approuvée', refused: 'Refusée', cancelled: 'Annulée' };
const REASON: Record<LeaveRequestRow['reason'], string> = { leave: 'Congé', authorised_absence: 'Autre absence autorisée' };
const REASON_OPTIONS = [
  ['leave', 'Congé (déduit du solde)'],
  ['authorised_absence', 'Autre absence autorisée (non déduite)'],
] as const;

/** « du 03/12/2026 (après-midi) au 04/12/2026 (matin) ». */
export function requestDates(r: Pick<LeaveRequestRow, 'startsOn' | 'endsOn' | 'startsAfternoon' | 'endsMorning'>): string {
  const start = `${formatShortDay(r.startsOn)}${r.startsAfternoon ? ' (après-midi)' : ''}`;
  if (r.startsOn === r.endsOn) return `le ${formatShortDay(r.startsOn)}${r.startsAfternoon ? ' (après-midi)' : r.endsMorning ? ' (matin)' : ''}`;
  return `du ${start} au ${formatShortDay(r.endsOn)}${r.endsMorning ? ' (matin)' : ''}`;
}

function htmxPost(action: string) {
  return { method: 'post', action, 'hx-post': action, 'hx-target': 'closest tr', 'hx-swap': 'outerHTML', class: 'fr-mb-1w' } as const;
}

/**
 * One request as a table row, swapped in place after a decision (htmx): approve and refuse
 * (with its reason) while it waits, cancel while it has not started.
 */
export function LeaveRequestRowView({ row, today, withPerson, error }: { row: LeaveRequestRow; today: Day; withPerson?: boolean; error?: string }) {
  const base = `/conges/demandes/${row.id}`;
  const live = row.status === 'requested' || row.status === 'approved';
  return (
    <tr id={`demande-${row.id}`} data-status={row.status}>
      {withPerson ? (
        <td>
          <a href={`/personnes/${row.detaineeId}#conges`}>{row.personName}</a>
          <br />
          <span class="fr-text--sm">{row.postTitle}</span>
        </td>
      ) : null}
      <td>{requestDates(row)}</td>
      <td class="atelier-num">{formatCentidays(row.days)}</td>
      <td>
        {REASON[row.reason]}
        {row.comment ? <p class="fr-text--sm fr-mb-0">{row.comment}</p> : null}
      </td>
      <td>
        {STATUS[row.status]}
        {row.decidedBy && row.status !== 'requested' ? <span class="fr-text--sm"> par {row.decidedBy}</span> : null}
        {row.status === 'refused' ? <p class="fr-text--sm fr-mb-0">Motif : {row.refusalReason}</p> : null}
      </td>
      <td>
        {error ? (
          <p class="fr-error-text fr-mt-0" id={`demande-${row.id}-erreur`}>
            {error}
          </p>
        ) : null}
        {row.status === 'requested' ? (
          <>
            <form {...htmxPost(`${base}/approuver`)}>
              <CsrfField />
              <button type="submit" class="fr-btn fr-btn--sm">
                Approuver
              </button>
            </form>
            <form {...htmxPost(`${base}/refuser`)}>
              <CsrfField />
              <label class="fr-label fr-sr-only" for={`refus-${row.id}`}>
                Motif du refus
              </label>
              <input class="fr-input fr-mb-1v" id={`refus-${row.id}`} name="refusalReason" maxlength={300} placeholder="Motif du refus" />
              <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
                Refuser
              </button>
            </form>
          </>
        ) : null}
        {/* The queue decides; cancelling is done from the person's page. */}
        {live && !withPerson && row.startsOn > today ? (
          <form {...htmxPost(`${base}/annuler`)}>
            <CsrfField />
            <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">
              Annuler
            </button>
          </form>
        ) : null}
      </td>
    </tr>
  );
}

/** The request form's fields: the dates, the half days, the reason and a comment. */
function RequestFields({ values, errors }: { values: FormValues; errors: Errors }) {
  const checked = (name: string) => values[name] === 'on';
  return (
    <>
      <Field name="startsOn" label="Premier jour" type="date" values={values} errors={errors} required idPrefix="conge" />
      <div class="fr-checkbox-group fr-mb-2w">
        <input type="checkbox" id="conge-startsAfternoon" name="startsAfternoon" checked={checked('startsAfternoon')} />
        <label class="fr-label" for="conge-startsAfternoon">
          Le premier jour, l’après-midi seulement (une demi-journée)
        </label>
      </div>
      <Field name="endsOn" label="Dernier jour" type="date" values={values} errors={errors} required idPrefix="conge" />
      <div class={`fr-checkbox-group fr-mb-2w${errors.endsMorning ? ' fr-checkbox-group--error' : ''}`}>
        <input type="checkbox" id="conge-endsMorning" name="endsMorning" checked={checked('endsMorning')} />
        <label class="fr-label" for="conge-endsMorning">
          Le dernier jour, le matin seulement (une demi-journée)
        </label>
        {errors.endsMorning ? <p class="fr-error-text">{errors.endsMorning}</p> : null}
      </div>
      <SelectField name="reason" label="Motif" values={values} errors={errors} options={REASON_OPTIONS} required idPrefix="conge" />
      <Field name="comment" label="Commentaire" hint="300 caractères au plus" values={values} errors={errors} idPrefix="conge" />
    </>
  );
}

/** The person's requests and the « Demander un congé » form, in the person page's Congés section. */
export function PersonLeaveRequests({ detaineeId, rows, today }: { detaineeId: number; rows: readonly LeaveRequestRow[]; today: Day }) {
  return (
    <div id="conges-demandes">
      <h3 class="fr-mt-3w">Demandes de congé</h3>
      {rows.length === 0 ? (
        <p>Aucune demande de congé.</p>
      ) : (
        <Table id="conges-demandes-liste" caption="Demandes de congé de la personne" columns={['Dates', 'Jours ouvrés', 'Motif', 'État', 'Actions']}>
          <tbody>
            {rows.map((row) => (
              <LeaveRequestRowView row={row} today={today} />
            ))}
          </tbody>
        </Table>
      )}
      <details class="fr-mt-2w">
        <summary>Demander un congé</summary>
        <LeaveRequestForm action={`/personnes/${detaineeId}/conges/demandes`} values={{ reason: 'leave' }} errors={{}} />
      </details>
    </div>
  );
}

/** The form alone (also shown again with its errors next to the fields). */
export function LeaveRequestForm({
  action,
  values,
  errors,
  people,
}: {
  action: string;
  values: FormValues;
  errors: Errors;
  /** The partner's form: the workshop's people, by name and post only. */
  people?: ReadonlyArray<readonly [string, string]>;
}) {
  return (
    <form method="post" action={action} class="fr-mt-2w">
      <CsrfField />
      <FormErrorSummary errors={errors} />
      {people ? <SelectField name="detaineeId" label="Personne" values={values} errors={errors} options={people} required idPrefix="conge" /> : null}
      <RequestFields values={values} errors={errors} />
      <button type="submit" class="fr-btn">
        Enregistrer la demande
      </button>
    </form>
  );
}

/** A coordinator's request page, shown again when a request is refused. */
export function PersonLeaveRequestPage({ detaineeId, name, values, errors }: { detaineeId: number; name: string; values: FormValues; errors: Errors }) {
  return (
    <>
      <Breadcrumb items={[{ href: `/personnes/${detaineeId}#conges`, label: name }, { label: 'Demander un congé' }]} />
      <h1>Demander un congé pour {name}</h1>
      <LeaveRequestForm action={`/personnes/${detaineeId}/conges/demandes`} values={values} errors={errors} />
    </>
  );
}

/** The establishment's requests waiting for a decision, each approved or refused in one click. */
export function LeaveQueuePage({ establishment, rows, today }: { establishment: Establishment; rows: readonly LeaveRequestRow[]; today: Day }) {
  return (
    <>
      <Breadcrumb items={[{ href: `/etablissements/${establishment.id}`, label: establishment.name }, { label: 'Demandes de congé' }]} />
      <h1>Demandes de congé à traiter</h1>
      <EstablishmentNav establishment={establishment} current="conges-demandes" />
      {rows.length === 0 ? (
        <p>Aucune demande en attente.</p>
      ) : (
        <Table id="conges-file" caption="Demandes en attente, par date de début" columns={['Personne', 'Dates', 'Jours ouvrés', 'Motif', 'État', 'Décision']}>
          <tbody>
            {rows.map((row) => (
              <LeaveRequestRowView row={row} today={today} withPerson />
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

/** The partner's form: one of its workshop's people, by name and post. */
export function PartnerLeaveRequestPage({
  workshop,
  people,
  values,
  errors,
}: {
  workshop: { id: number; name: string };
  people: ReadonlyArray<readonly [string, string]>;
  values: FormValues;
  errors: Errors;
}) {
  return (
    <>
      <Breadcrumb items={[{ href: `/ateliers/${workshop.id}`, label: workshop.name }, { label: 'Demander un congé' }]} />
      <h1>Demander un congé — {workshop.name}</h1>
      <p>La coordination de l’établissement approuve ou refuse la demande.</p>
      {people.length === 0 ? (
        <p>Personne n’occupe un poste de cet atelier.</p>
      ) : (
        <LeaveRequestForm action={`/ateliers/${workshop.id}/conges/nouvelle`} values={values} errors={errors} people={people} />
      )}
    </>
  );
}
