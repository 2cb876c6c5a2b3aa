import { absenceHelp, dayAbsence } from '../../src/hours/absence-rules.ts';
import { DAY_NAMES, minutesReading } from '../../src/hours/rules.ts';
import { type CellAnswer as CellAnswerData, cellKeyOf, type GridCell, type GridRow, rowKeyOf, type WeekGrid, workedMinutes } from '../../src/hours/service.ts';
import { signalLine } from '../../src/hours/week-completion.ts';
import { LEAVE_CODE } from '../../src/leave/calendar.ts';
import { lockedLeaveMessage } from '../../src/leave/timesheet.ts';
import { daysBetween, mondayOf, plusDays } from '../../src/platform/calendar.ts';
import { formatGridMinutes, formatShortDate, formatShortDay } from '../../src/platform/format.ts';
import type { FormValues } from '../../src/platform/forms.ts';
import { isSunday } from '../../src/platform/holidays.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField } from '../components/forms.tsx';
import { SignalForm } from './week-completion.tsx';

export type CellErrors = Record<string, string>;
export { cellKeyOf };

/** Where a sheet lives: a workshop's or a training session's. */
export function sheetBase(grid: WeekGrid): string {
  return grid.target.workshop ? `/ateliers/${grid.target.workshop.id}/pointage` : `/sessions/${grid.target.session.id}/pointage`;
}

/** A cell's value; a partner sees any absence as « Absent », never its reason, but approved leave as « Congé » (as the leave calendar shows it). */
function cellText(cell: GridCell, namesOnly: boolean): string {
  if (!cell.entry) return '';
  if (cell.entry.kind === 'absence' && namesOnly && cell.leave?.full && cell.entry.absenceCode === LEAVE_CODE) return 'Congé';
  if (cell.entry.kind === 'absence') return namesOnly ? 'Absent' : (cell.entry.absenceCode ?? '');
  return formatGridMinutes(cell.entry.minutes);
}

/** One cell: an input saved on change by htmx (its td is swapped back), or posted with the whole grid. */
export function Cell({
  row,
  cell,
  locked,
  error,
  typed,
  person,
  namesOnly,
  reading,
  link,
}: {
  row: GridRow;
  cell: GridCell;
  locked: boolean;
  error?: string;
  typed?: string;
  person: string;
  namesOnly: boolean;
  /** How the saved value was read (« 35 min »). */
  reading?: string;
  /** Where to put a refusal right (the leave request form), after its message. */
  link?: { href: string; label: string };
}) {
  const key = cellKeyOf(row.holder, cell.day);
  const version = cell.entry?.version ?? 0;
  const adjust = cell.adjustments.reduce((n, a) => n + a.minutes, 0);
  const corrected = correctedAbsence(cell, namesOnly);
  const halfLeave =
    cell.leave && !cell.leave.full
      ? `Demi-journée d’un congé approuvé du ${formatShortDay(cell.leave.startsOn)} au ${formatShortDay(cell.leave.endsOn)}`
      : null;
  const describedBy = [error ? `${key}-erreur` : '', reading ? `${key}-lecture` : '', halfLeave ? `${key}-conge` : ''].filter(Boolean).join(' ');
  const label = `${person}, ${DAY_NAMES[daysBetween(mondayOf(cell.day), cell.day)]} ${formatShortDay(cell.day)}`;
  // A suspended day takes no time, but sickness or a work accident is typed there (absence reasons that need a suspension).
  const suspended = cell.blocked === 'Suspendu';
  if (cell.blocked && !suspended) {
    return (
      <td class="atelier-time atelier-time--blocked" id={`td-${key}`}>
        <span class="fr-hint-text">{cell.blocked}</span>
      </td>
    );
  }
  if (cell.leave?.full && !locked) {
    // Approved leave: the cell is locked to it; only cancelling the request frees it.
    const message = lockedLeaveMessage(cell.leave);
    return (
      <td class={`atelier-time atelier-time--leave${error ? ' atelier-time--error' : ''}`} id={`td-${key}`} title={message}>
        <span aria-describedby={`${key}-conge`}>{cellText(cell, namesOnly) || '—'}</span>
        <span class="fr-sr-only" id={`${key}-conge`}>
          {label} : {message}
        </span>
        {error ? (
          <p class="fr-error-text" id={`${key}-erreur`}>
            {error}
          </p>
        ) : null}
      </td>
    );
  }
  return (
    <td class={`atelier-time${error ? ' atelier-time--error' : ''}`} id={`td-${key}`}>
      {locked ? (
        corrected || adjust !== 0 ? (
          // A corrected day reads as it now stands, its original value struck through beside it.
          <span>
            <del title="valeur d’origine">{cellText(cell, namesOnly) || '—'}</del> <strong>{correctedText(cell, namesOnly)}</strong>
          </span>
        ) : (
          <span>{cellText(cell, namesOnly) || '—'}</span>
        )
      ) : (
        <>
          <input
            class={`fr-input atelier-time__input${error ? ' fr-input--error' : ''}`}
            name={key}
            id={key}
            value={typed ?? cellText(cell, namesOnly)}
            aria-label={label}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={describedBy || undefined}
            autocomplete="off"
            inputmode="text"
            hx-post="/pointage/cellule"
            hx-trigger="change"
            hx-target="closest td"
            hx-swap="outerHTML"
            hx-vals={JSON.stringify({ version, cell: key })}
            data-grid-cell
          />
          <input type="hidden" name={`v${key.slice(1)}`} value={String(version)} />
        </>
      )}
      {suspended ? <span class="fr-hint-text">Suspendu</span> : null}
      {halfLeave ? (
        <span class="fr-hint-text" id={`${key}-conge`} title={`${halfLeave} : la personne travaille l’autre demi-journée.`}>
          ½ congé
        </span>
      ) : null}
      {adjust !== 0 ? (
        <span class="fr-badge fr-badge--sm fr-badge--info" title={namesOnly ? undefined : cell.adjustments.map((a) => a.adjustmentReason).join(' ; ')}>
          ajusté {adjust > 0 ? '+' : '−'}
          {formatGridMinutes(Math.abs(adjust))}
        </span>
      ) : null}
      {corrected ? <span class="fr-badge fr-badge--sm fr-badge--info">{corrected}</span> : null}
      {reading ? (
        <span class="fr-hint-text" id={`${key}-lecture`}>
          Lu : {reading}
        </span>
      ) : null}
      {error ? (
        <p class="fr-error-text" id={`${key}-erreur`}>
          {link ? (
            // One run of text (the message, then its link), not two columns beside the error icon.
            <span>
              {error} <a href={link.href}>{link.label}</a>
            </span>
          ) : (
            error
          )}
        </p>
      ) : null}
    </td>
  );
}

/** What a corrected day now stands at: its absence (« Absent » to a partner), or its hours. */
function correctedText(cell: GridCell, namesOnly: boolean): string {
  const absence = dayAbsence([...(cell.entry ? [cell.entry] : []), ...cell.adjustments]);
  if (absence) return namesOnly ? 'Absent' : absence;
  return formatGridMinutes(workedMinutes(cell));
}

/** A validated day whose absence was corrected: « corrigé en M », « absence levée »; null otherwise. */
function correctedAbsence(cell: GridCell, namesOnly: boolean): string | null {
  if (cell.adjustments.length === 0) return null;
  const before = cell.entry?.kind === 'absence' ? cell.entry.absenceCode : null;
  const after = dayAbsence([...(cell.entry ? [cell.entry] : []), ...cell.adjustments]);
  if (after === before) return null;
  if (!after) return 'absence levée';
  return `corrigé en ${namesOnly ? 'absence' : after}`;
}

/** What the row's reason stands for: beyond the contract's hours (never told to a partner), or a public holiday or Sunday. */
function reasonLabel(row: GridRow, holidays: (string | null)[]): string {
  const contract = row.holder.weeklyMinutes;
  if (contract !== null && row.totalMinutes > contract) return `Motif des heures au-delà de ${formatGridMinutes(contract)}`;
  const offDays = row.cells.some((c, i) => workedMinutes(c) > 0 && (holidays[i] != null || isSunday(c.day)));
  return offDays ? 'Motif du travail un jour férié ou un dimanche' : 'Motif indiqué pour la semaine';
}

/**
 * The row's reason, under the person's row: shown once stored (to the validator too); asked
 * in place when a save needs it, with a button that saves the refused cell again with it
 * (`ask`: that cell). Hidden while the row has none and none is asked.
 */
export function ReasonRow({
  row,
  columns,
  namesOnly,
  holidays,
  ask,
  error,
  typed,
}: {
  row: GridRow;
  columns: number;
  namesOnly: boolean;
  /** The week's public holidays, day by day (`WeekGrid.holidays`). */
  holidays: (string | null)[];
  ask?: { key: string; version: number } | null;
  error?: string;
  typed?: string;
}) {
  const rk = rowKeyOf(row.holder);
  const id = `motif-ligne-${rk}`;
  const person = row.holder.detainee.fullName();
  if (!ask && !error) {
    // A partner is not told why a week goes beyond the contract (nor the contract), nor what the coordination wrote.
    if (!row.reason || namesOnly) return <tr id={id} hidden />;
    return (
      <tr id={id} class="atelier-row-reason">
        <td colspan={columns}>
          <span class="fr-text--sm">
            {reasonLabel(row, holidays)} : {row.reason}
          </span>
        </td>
      </tr>
    );
  }
  return (
    <tr id={id} class="atelier-row-reason">
      <td colspan={columns}>
        <div class={`fr-input-group${error ? ' fr-input-group--error' : ''} fr-mb-0`}>
          <label class="fr-label" for={`motif-${rk}`}>
            Motif pour {person}
            <span class="fr-hint-text">Heures au-delà du contrat, jour férié ou dimanche : vaut pour la semaine de cette personne.</span>
          </label>
          <input
            class={`fr-input${error ? ' fr-input--error' : ''}`}
            id={`motif-${rk}`}
            name={`motif-${rk}`}
            value={typed ?? row.reason}
            maxlength={300}
            aria-describedby={error ? `motif-${rk}-erreur` : undefined}
          />
          {error ? (
            <p class="fr-error-text" id={`motif-${rk}-erreur`}>
              {error}
            </p>
          ) : null}
        </div>
        {ask ? (
          <button
            type="button"
            class="fr-btn fr-btn--sm fr-mt-1w"
            hx-post="/pointage/cellule"
            hx-target={`#td-${ask.key}`}
            hx-swap="outerHTML"
            hx-vals={JSON.stringify({ cell: ask.key, version: ask.version })}
          >
            Enregistrer avec ce motif
          </button>
        ) : null}
      </td>
    </tr>
  );
}

/**
 * A row's week: its total, the person's overtime (R412-54) or complementary hours (R412-56)
 * of the week across all their contracts, and the compensatory rest due for Sunday work (R412-61).
 */
export function RowTotal({ row, namesOnly }: { row: GridRow; namesOnly: boolean }) {
  // The majorations count the person's other contracts and their hours: not a partner's to read.
  const majored = namesOnly ? { overtime: 0, complementary: 0 } : row.majored;
  return (
    <td class="atelier-num atelier-time-total" id={`total-${row.holder.kind}${row.holder.id}`}>
      {formatGridMinutes(row.totalMinutes)}
      {majored.overtime > 0 ? <span class="fr-hint-text">dont heures supplémentaires : {formatGridMinutes(majored.overtime)}</span> : null}
      {majored.complementary > 0 ? <span class="fr-hint-text">dont heures complémentaires : {formatGridMinutes(majored.complementary)}</span> : null}
      {row.restDueMinutes > 0 ? <span class="fr-hint-text">repos compensateur dû : {formatGridMinutes(row.restDueMinutes)}</span> : null}
    </td>
  );
}

export function ColumnTotals({ grid }: { grid: WeekGrid }) {
  return (
    <tr id="totaux-jours">
      <th scope="row">Total</th>
      {grid.columnTotals.map((m) => (
        <td class="atelier-num">{m ? formatGridMinutes(m) : '—'}</td>
      ))}
      <td class="atelier-num">
        <strong>{formatGridMinutes(grid.total)}</strong>
      </td>
    </tr>
  );
}

/**
 * What a cell save answers: the cell, then the row's total and the day totals as htmx
 * partials (each in its own template, so that table parsing keeps them whole).
 */
export function CellSaved({
  grid,
  row,
  cell,
  error,
  typed,
  askReason,
  reading,
  link,
}: {
  grid: WeekGrid;
  row: GridRow;
  cell: GridCell;
  error?: string;
  typed?: string;
  askReason?: boolean;
  reading?: string;
  link?: { href: string; label: string };
}) {
  const key = cellKeyOf(row.holder, cell.day);
  return (
    <>
      <Cell
        row={row}
        cell={cell}
        locked={false}
        error={error}
        typed={typed}
        person={row.holder.detainee.fullName()}
        namesOnly={grid.namesOnly}
        reading={reading}
        link={link}
      />
      {askReason || (!error && row.reason) ? (
        <hx-partial hx-target={`#motif-ligne-${rowKeyOf(row.holder)}`} hx-swap="outerHTML">
          <ReasonRow
            row={row}
            columns={grid.days.length + 2}
            namesOnly={grid.namesOnly}
            holidays={grid.holidays}
            ask={askReason ? { key, version: cell.entry?.version ?? 0 } : null}
          />
        </hx-partial>
      ) : null}
      <hx-partial hx-target={`#total-${row.holder.kind}${row.holder.id}`} hx-swap="outerHTML">
        <RowTotal row={row} namesOnly={grid.namesOnly} />
      </hx-partial>
      <hx-partial hx-target="#totaux-jours" hx-swap="outerHTML">
        <ColumnTotals grid={grid} />
      </hx-partial>
    </>
  );
}

/** The answer to a cell save: the cell and its totals, or, for a day not on the sheet, the reason on a bare cell. */
export function CellAnswer({ answer }: { answer: CellAnswerData }) {
  if (!answer.grid) {
    return (
      <td class="atelier-time atelier-time--error">
        <p class="fr-error-text">{answer.error}</p>
      </td>
    );
  }
  return (
    <CellSaved
      grid={answer.grid}
      row={answer.row}
      cell={answer.cell}
      error={answer.error}
      typed={answer.typed}
      askReason={answer.askReason}
      reading={answer.reading}
      link={answer.link}
    />
  );
}

/** Any week in one step: a day of it (the sheet shows its Monday's week), or the one before, after, or this one. */
function WeekPicker({ base, monday }: { base: string; monday: string }) {
  return (
    <div class="atelier-week-picker">
      <form method="get" action={base} class="atelier-week-picker__form">
        <div class="fr-input-group">
          <label class="fr-label" for="semaine-choisie">
            Aller à la semaine du
          </label>
          <input class="fr-input" type="date" id="semaine-choisie" name="semaine" value={monday} required />
        </div>
        <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
          Afficher
        </button>
      </form>
      <p class="atelier-actions fr-mb-0">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={`${base}?semaine=${plusDays(monday, -7)}`}>
          Semaine précédente
        </a>
        <a class="fr-link" href={base}>
          Cette semaine
        </a>
        <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={`${base}?semaine=${plusDays(monday, 7)}`}>
          Semaine suivante
        </a>
      </p>
    </div>
  );
}

export function GridPage({
  grid,
  canValidate,
  canReopen,
  errors,
  typed,
  partnerView,
  adjustment,
}: {
  grid: WeekGrid;
  canValidate: boolean;
  canReopen: boolean;
  errors: CellErrors;
  typed: Record<string, string>;
  partnerView: boolean;
  /** A refused correction: what was typed, and why, next to its fields. */
  adjustment?: { values: FormValues; errors: Record<string, string> };
}) {
  const base = sheetBase(grid);
  const w = grid.target.workshop;
  const session = grid.target.session;
  const validated = grid.week?.status === 'validated';
  return (
    <>
      <Breadcrumb
        items={[
          partnerView ? { href: '/structure', label: 'Ma structure' } : { href: `/etablissements/${grid.establishmentId}`, label: 'Établissement' },
          w ? { href: `/ateliers/${w.id}`, label: w.name } : { href: `/etablissements/${grid.establishmentId}/sessions`, label: 'Sessions de formation' },
          { label: 'Pointage' },
        ]}
      />
      <h1>
        {session ? 'Pointage de formation' : 'Pointage'} — {grid.title}
      </h1>
      <div class="atelier-title-row">
        <p class="fr-text--lead fr-mb-0">
          Semaine du {formatShortDay(grid.monday)} au {formatShortDay(grid.days[6])}
        </p>
        <WeekPicker base={base} monday={grid.monday} />
      </div>
      {w ? (
        <p class="atelier-actions">
          {/* The request form lets the workshop's partner and the establishment's coordinators in. */}
          <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={`/ateliers/${w.id}/conges/nouvelle`} id="demander-conge">
            Demander un congé
          </a>
        </p>
      ) : null}
      {validated ? (
        <div class="fr-alert fr-alert--info fr-mb-3w">
          <p>
            Semaine validée le {grid.week?.validatedAt ? formatShortDate(grid.week.validatedAt) : ''}
            {grid.week?.validatedBy ? ` par ${grid.week.validatedBy.displayName}` : ''} : elle ne se modifie plus. Une correction est un ajustement motivé,
            enregistré à part.
          </p>
        </div>
      ) : (
        <p class="fr-text--sm">
          {grid.namesOnly
            ? 'Saisissez une durée (3h30, 3:30, 3,5 ou 210 minutes) ou ABS pour une absence : la coordination en précise le motif.'
            : `Saisissez une durée (3h30, 3:30, 3,5 ou 210 minutes) ou un code d’absence : ${absenceHelp(grid.absences)}.`}{' '}
          Chaque case s’enregistre dès que vous la quittez ; Entrée passe à la case suivante.
        </p>
      )}
      {w && !validated && grid.week?.completedAt ? (
        <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w" id="semaine-signalee">
          <p>
            Semaine {signalLine(grid.week)} : {partnerView ? 'la coordination peut la valider.' : 'elle est prête à valider.'} Une case modifiée retire ce
            signalement.
          </p>
          {partnerView ? <SignalForm workshopId={w.id} monday={grid.monday} withdraw back="pointage" /> : null}
        </div>
      ) : null}
      {errors._form ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <p>{errors._form}</p>
        </div>
      ) : Object.keys(errors).length > 0 ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <p>Rien n’a été enregistré : corrigez les cases signalées puis enregistrez à nouveau.</p>
        </div>
      ) : null}
      {/* Cell errors and the expired session are read out here by app.js as each save answers. */}
      <p id="grille-annonce" class="fr-sr-only" aria-live="polite" />
      {grid.rows.length === 0 ? (
        <p>{session ? 'Personne n’est inscrit à cette session cette semaine.' : 'Personne n’est affecté à cet atelier cette semaine.'}</p>
      ) : (
        <form method="post" action={`${base}?semaine=${grid.monday}`} id="grille" novalidate>
          <CsrfField />
          <div class="fr-table fr-table--no-caption atelier-table atelier-grid">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table id="pointage">
                    <caption>Pointage de la semaine</caption>
                    <thead>
                      <tr>
                        <th scope="col">Personne</th>
                        {grid.days.map((d, i) => (
                          <th scope="col" class={grid.holidays[i] ? 'atelier-holiday' : undefined}>
                            {DAY_NAMES[i]} <span class="fr-hint-text">{formatShortDay(d).slice(0, 5)}</span>
                            {grid.holidays[i] ? (
                              <span
                                class="fr-badge fr-badge--sm fr-badge--warning"
                                title="Jour férié : le travail ce jour-là demande un motif (code pénitentiaire, art. R412-62)"
                              >
                                férié · {grid.holidays[i]}
                              </span>
                            ) : null}
                          </th>
                        ))}
                        <th scope="col">Semaine</th>
                      </tr>
                    </thead>
                    <tbody>
                      {grid.rows.map((row) => [
                        <tr id={`ligne-${row.holder.kind}${row.holder.id}`}>
                          <th scope="row">
                            {row.holder.detainee.fullName()}
                            <span class="fr-hint-text">{row.holder.hint}</span>
                          </th>
                          {row.cells.map((cell) => (
                            <Cell
                              row={row}
                              cell={cell}
                              locked={validated}
                              error={errors[cellKeyOf(row.holder, cell.day)]}
                              typed={typed[cellKeyOf(row.holder, cell.day)]}
                              person={row.holder.detainee.fullName()}
                              namesOnly={grid.namesOnly}
                            />
                          ))}
                          <RowTotal row={row} namesOnly={grid.namesOnly} />
                        </tr>,
                        <ReasonRow
                          row={row}
                          columns={grid.days.length + 2}
                          holidays={grid.holidays}
                          namesOnly={grid.namesOnly}
                          error={errors[`motif-${rowKeyOf(row.holder)}`]}
                          typed={typed[`motif-${rowKeyOf(row.holder)}`]}
                        />,
                      ])}
                    </tbody>
                    <tfoot>
                      <ColumnTotals grid={grid} />
                    </tfoot>
                  </table>
                </div>
              </div>
            </div>
          </div>
          {validated ? null : (
            <button type="submit" class="fr-btn fr-btn--secondary fr-mt-2w">
              Enregistrer toute la semaine
            </button>
          )}
        </form>
      )}
      <div class="atelier-actions fr-mt-4w">
        {w ? (
          <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={`${base}/emargement.pdf?semaine=${grid.monday}`} id="imprimer-emargement">
            Imprimer la feuille d’émargement
          </a>
        ) : null}
        {!validated ? (
          <form method="post" action={`${base}/copie?semaine=${grid.monday}`} class="atelier-inline-form">
            <CsrfField />
            <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
              Reprendre les horaires de la semaine précédente
            </button>
          </form>
        ) : null}
        {!validated && w ? (
          <a class="fr-btn fr-btn--sm fr-btn--secondary" href={`${base}/import?semaine=${grid.monday}`}>
            Importer un fichier CSV
          </a>
        ) : null}
        {partnerView && w && !validated && !grid.week?.completedAt && grid.rows.length > 0 ? (
          <SignalForm workshopId={w.id} monday={grid.monday} withdraw={false} back="pointage" />
        ) : null}
        {!validated && canValidate && grid.rows.length > 0 ? (
          <form
            method="post"
            action={`${base}/validation?semaine=${grid.monday}`}
            class="atelier-inline-form"
            data-confirm="Valider la semaine ? Elle ne pourra plus être modifiée, seulement ajustée."
          >
            <CsrfField />
            <button type="submit" class="fr-btn fr-btn--sm fr-icon-check-line fr-btn--icon-left">
              Valider la semaine
            </button>
          </form>
        ) : null}
      </div>
      {validated && canValidate ? <AdjustmentForm grid={grid} base={base} values={adjustment?.values ?? {}} errors={adjustment?.errors ?? {}} /> : null}
      {validated && canReopen ? (
        <form method="post" action={`${base}/reouverture?semaine=${grid.monday}`} class="fr-mt-4w atelier-form">
          <CsrfField />
          <div class="fr-input-group">
            <label class="fr-label" for="reouverture-motif">
              Motif de la réouverture (administration)
            </label>
            <input class="fr-input" id="reouverture-motif" name="reason" />
          </div>
          <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
            Rouvrir la semaine
          </button>
        </form>
      ) : null}
    </>
  );
}

/**
 * The correction of a validated day: a duration, 0, or an absence code. Refused, it keeps
 * what was typed and names the person and the day; a bare number read as minutes is shown
 * as read (« 35 min »), and two digits ask to be confirmed.
 */
function AdjustmentForm({ grid, base, values, errors }: { grid: WeekGrid; base: string; values: FormValues; errors: Record<string, string> }) {
  const v = (name: string) => {
    const x = values[name];
    return typeof x === 'string' ? x : '';
  };
  const failed = Object.keys(errors).length > 0;
  const row = grid.rows.find((r) => rowKeyOf(r.holder) === v('holder'));
  const dayIndex = grid.days.indexOf(v('day') as (typeof grid.days)[number]);
  const reading = minutesReading(v('value'));
  const field = (name: string) => (errors[name] ? { 'aria-describedby': `ajustement-${name}-erreur`, 'aria-invalid': 'true' } : {});
  const message = (name: string) =>
    errors[name] ? (
      <p class="fr-error-text" id={`ajustement-${name}-erreur`}>
        {errors[name]}
      </p>
    ) : null;
  return (
    <section class="fr-mt-4w atelier-form" aria-labelledby="titre-ajustement" id="ajustement">
      <h2 id="titre-ajustement" class="fr-h5">
        Corriger une journée validée
      </h2>
      <p class="fr-text--sm">
        Une durée (3h30, 3,5, 0 pour aucune heure) ou un code d’absence{grid.namesOnly ? '' : ` (${absenceHelp(grid.absences)})`}. Une absence corrigée en
        heures n’est plus comptée comme absence.
      </p>
      {failed ? (
        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
          <p>
            Rien n’est enregistré
            {row ? ` pour ${row.holder.detainee.fullName()}` : ''}
            {dayIndex >= 0 ? `, ${DAY_NAMES[dayIndex]?.toLowerCase()} ${formatShortDay(grid.days[dayIndex] as string)}` : ''}
            {errors._form ? ` : ${errors._form}` : ' : corrigez ce qui est signalé.'}
          </p>
        </div>
      ) : null}
      <form method="post" action={`${base}/ajustement?semaine=${grid.monday}#ajustement`} novalidate>
        <CsrfField />
        <div class={`fr-select-group${errors.holder ? ' fr-select-group--error' : ''}`}>
          <label class="fr-label" for="ajustement-holder">
            Personne
          </label>
          <select class="fr-select" id="ajustement-holder" name="holder" {...field('holder')}>
            {grid.rows.map((r) => (
              <option value={rowKeyOf(r.holder)} selected={rowKeyOf(r.holder) === v('holder')}>
                {r.holder.detainee.fullName()}
              </option>
            ))}
          </select>
          {message('holder')}
        </div>
        <div class={`fr-select-group${errors.day ? ' fr-select-group--error' : ''}`}>
          <label class="fr-label" for="ajustement-day">
            Jour
          </label>
          <select class="fr-select" id="ajustement-day" name="day" {...field('day')}>
            {grid.days.map((d, i) => (
              <option value={d} selected={d === v('day')}>
                {DAY_NAMES[i]} {formatShortDay(d)}
              </option>
            ))}
          </select>
          {message('day')}
        </div>
        <div class={`fr-input-group${errors.value || errors.confirmed ? ' fr-input-group--error' : ''}`}>
          <label class="fr-label" for="ajustement-value">
            Durée corrigée de la journée, ou code d’absence
          </label>
          <input class="fr-input" id="ajustement-value" name="value" value={v('value')} autocomplete="off" {...field('value')} />
          {reading ? (
            <p class="fr-hint-text" id="ajustement-lecture">
              Lu : {reading.text}
            </p>
          ) : null}
          {message('value')}
          {message('confirmed')}
        </div>
        {reading?.slip && (errors.confirmed || v('confirmed')) ? (
          <div class="fr-checkbox-group fr-mb-2w">
            <input type="checkbox" id="ajustement-confirmed" name="confirmed" value={v('value').trim()} checked={v('confirmed') === v('value').trim()} />
            <label class="fr-label" for="ajustement-confirmed">
              Confirmer {reading.text}
            </label>
          </div>
        ) : null}
        {errors.suspend || v('suspend') === '1' ? (
          <div class={`fr-checkbox-group fr-mb-2w${errors.suspend ? ' fr-checkbox-group--error' : ''}`}>
            <input type="checkbox" id="ajustement-suspend" name="suspend" value="1" checked={v('suspend') === '1'} {...field('suspend')} />
            <label class="fr-label" for="ajustement-suspend">
              Enregistrer aussi la suspension du contrat pour ce jour (arrêt maladie / accident du travail)
            </label>
            {message('suspend')}
          </div>
        ) : null}
        <div class={`fr-input-group${errors.reason ? ' fr-input-group--error' : ''}`}>
          <label class="fr-label" for="ajustement-reason">
            Motif
          </label>
          <input class="fr-input" id="ajustement-reason" name="reason" value={v('reason')} {...field('reason')} />
          {message('reason')}
        </div>
        <button type="submit" class="fr-btn fr-btn--sm">
          Enregistrer l’ajustement
        </button>
      </form>
    </section>
  );
}
