import { type CpuRow, type CpuSitting, OPINION_LABELS, REASON_MAX } from '../../src/committees/cpu.ts';
import { formatDateTime, formatShortDay } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField, type Errors, FormErrorSummary, type Values } from '../components/forms.tsx';

/**
 * The CPU sitting: one row per candidacy waiting for an opinion, favourable or unfavourable
 * with a short reason; « Enregistrer la séance » saves every row given at once. On the focused
 * row, F and D choose the opinion, the arrows move between rows (views/assets/app.js).
 */
export function CpuSittingPage({ sitting, values = {}, errors = {} }: { sitting: CpuSitting; values?: Values; errors?: Errors }) {
  const { access, waiting, given, editable } = sitting;
  const { meeting, committee } = access;
  const title = `Réunion du ${formatDateTime(meeting.startsAt)}`;
  return (
    <>
      <Breadcrumb
        items={[
          { href: '/comites', label: 'Comités' },
          { href: `/comites/${committee.id}`, label: committee.name },
          { href: `/reunions/${meeting.id}`, label: title },
          { label: 'Avis sur les candidatures' },
        ]}
      />
      <h1>Avis sur les candidatures — {title}</h1>
      {access.seesNames ? null : <p class="fr-text--sm">Les candidatures sont désignées par leur numéro : les noms restent dans l’établissement.</p>}
      <FormErrorSummary errors={errors} />
      {errors._form ? (
        <div class="fr-alert fr-alert--error fr-mb-3w">
          <p>{errors._form}</p>
        </div>
      ) : null}
      <GoneRows waiting={waiting} errors={errors} />
      {given.length > 0 ? <GivenTable rows={given} meetingId={access.meeting.id} editable={editable} /> : null}
      <h2>En attente d’un avis ({waiting.length})</h2>
      {waiting.length === 0 ? <p>Aucune candidature n’attend l’avis de la CPU.</p> : null}
      {waiting.length > 0 && editable ? (
        <form method="post" action={`/reunions/${meeting.id}/cpu`} id="seance-cpu">
          <CsrfField />
          <p class="fr-text--sm">
            Sur une ligne, F donne un avis favorable, D un avis défavorable ; les flèches passent d’une ligne à l’autre. Une ligne laissée en attente n’est pas
            enregistrée.
          </p>
          <WaitingTable rows={waiting} values={values} errors={errors} editable />
          <button type="submit" class="fr-btn">
            Enregistrer la séance
          </button>
        </form>
      ) : null}
      {waiting.length > 0 && !editable ? <WaitingTable rows={waiting} values={{}} errors={{}} editable={false} /> : null}
    </>
  );
}

/** Errors on rows that left the list meanwhile (decided elsewhere): shown above it, by number. */
function GoneRows({ waiting, errors }: { waiting: CpuRow[]; errors: Errors }) {
  const listed = new Set(waiting.map((r) => r.id));
  const gone = [
    ...new Map(
      Object.entries(errors)
        .map(([key, message]) => [Number(/^(?:opinion|reason)-(\d+)$/.exec(key)?.[1]), message] as const)
        .filter(([id, message]) => id > 0 && message && !listed.has(id)),
    ),
  ];
  if (gone.length === 0) return null;
  return (
    <div class="fr-alert fr-alert--error fr-mb-3w">
      {gone.map(([id, message]) => (
        <p class="fr-error-text" id={`champ-cpu-${id}-erreur`}>
          Candidature n° {id} : {message}
        </p>
      ))}
    </div>
  );
}

function Cells({ row }: { row: CpuRow }) {
  return (
    <>
      <th scope="row">{row.who}</th>
      <td>{row.target}</td>
      <td>
        {row.proposer}, le {formatShortDay(row.submittedOn)}
      </td>
      <td>{row.motivation}</td>
    </>
  );
}

function WaitingTable({ rows, values, errors, editable }: { rows: CpuRow[]; values: Values; errors: Errors; editable: boolean }) {
  return (
    <div class="fr-table fr-table--no-caption">
      <table data-cpu-sitting={editable ? '' : undefined}>
        <caption>Candidatures en attente</caption>
        <thead>
          <tr>
            <th scope="col">Candidature</th>
            <th scope="col">Demande</th>
            <th scope="col">Proposée par</th>
            <th scope="col">Motivation</th>
            {editable ? <th scope="col">Avis et motif</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const opinion = String(values[`opinion-${row.id}`] ?? '');
            const error = errors[`opinion-${row.id}`] ?? errors[`reason-${row.id}`];
            const errorId = `champ-cpu-${row.id}-erreur`;
            return (
              <tr id={`candidature-${row.id}`} data-cpu-row={editable ? '' : undefined}>
                <Cells row={row} />
                {editable ? (
                  <td>
                    <fieldset class="fr-fieldset fr-mb-0 atelier-cpu-opinions" aria-describedby={error ? errorId : undefined}>
                      <legend class="fr-sr-only">Avis sur {row.who}</legend>
                      {(['favourable', 'unfavourable', ''] as const).map((v) => (
                        <div class="fr-fieldset__element fr-fieldset__element--inline">
                          <div class="fr-radio-group fr-radio-group--sm">
                            <input type="radio" id={`opinion-${row.id}-${v || 'attente'}`} name={`opinion-${row.id}`} value={v} checked={opinion === v} />
                            <label class="fr-label" for={`opinion-${row.id}-${v || 'attente'}`}>
                              {v ? OPINION_LABELS[v] : 'En attente'}
                            </label>
                          </div>
                        </div>
                      ))}
                    </fieldset>
                    <label class="fr-label fr-text--sm" for={`reason-${row.id}`}>
                      Motif (obligatoire si défavorable)
                    </label>
                    <input
                      class={`fr-input${error ? ' fr-input--error' : ''}`}
                      id={`reason-${row.id}`}
                      name={`reason-${row.id}`}
                      maxlength={REASON_MAX}
                      value={String(values[`reason-${row.id}`] ?? '')}
                      aria-invalid={error ? 'true' : undefined}
                      aria-describedby={error ? errorId : undefined}
                    />
                    {error ? (
                      <p class="fr-error-text" id={errorId}>
                        {error}
                      </p>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function GivenTable({ rows, meetingId, editable }: { rows: CpuRow[]; meetingId: number; editable: boolean }) {
  return (
    <>
      <h2>Avis donnés à cette réunion ({rows.length})</h2>
      <div class="fr-table fr-table--no-caption">
        <table id="avis-donnes">
          <caption>Avis donnés à cette réunion</caption>
          <thead>
            <tr>
              <th scope="col">Candidature</th>
              <th scope="col">Demande</th>
              <th scope="col">Proposée par</th>
              <th scope="col">Motivation</th>
              <th scope="col">Avis</th>
              {editable ? <th scope="col">Erreur de saisie ?</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr id={`avis-${row.id}`}>
                <Cells row={row} />
                <td>
                  <strong>{row.opinion ? OPINION_LABELS[row.opinion] : ''}</strong>
                  {row.reason ? ` : ${row.reason}` : ''}
                </td>
                {editable ? (
                  <td>
                    <form
                      method="post"
                      action={`/reunions/${meetingId}/cpu/${row.id}/retrait`}
                      data-confirm="Retirer cet avis ? La candidature attendra à nouveau l’avis de la CPU."
                    >
                      <CsrfField />
                      <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">
                        Retirer l’avis
                      </button>
                    </form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
