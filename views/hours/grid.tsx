import { absenceHelp } from '../../src/hours/absence-rules.ts';
import { DAY_NAMES } from '../../src/hours/rules.ts';
import { type CellAnswer as CellAnswerData, cellKeyOf, type GridCell, type GridRow, type WeekGrid } from '../../src/hours/service.ts';
import { daysBetween, mondayOf, plusDays } from '../../src/platform/calendar.ts';
import { formatGridMinutes, formatShortDate, formatShortDay } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField } from '../components/forms.tsx';

export type CellErrors = Record<string, string>;
export { cellKeyOf };

/** Where a sheet lives: a workshop's or a training session's. */
export function sheetBase(grid: WeekGrid): string {
  return grid.target.workshop ? `/ateliers/${grid.target.workshop.id}/pointage` : `/sessions/${grid.target.session.id}/pointage`;
}

/** A cell's value; a partner sees any absence as « Absent », never its reason. */
function cellText(cell: GridCell, namesOnly: boolean): string {
  if (!cell.entry) return '';
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
}: {
  row: GridRow;
  cell: GridCell;
  locked: boolean;
  error?: string;
  typed?: string;
  person: string;
  namesOnly: boolean;
}) {
  const key = cellKeyOf(row.holder, cell.day);
  const version = cell.entry?.version ?? 0;
  const adjust = cell.adjustments.reduce((n, a) => n + a.minutes, 0);
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
  return (
    <td class={`atelier-time${error ? ' atelier-time--error' : ''}`} id={`td-${key}`}>
      {locked ? (
        <span>{cellText(cell, namesOnly) || '—'}</span>
      ) : (
        <>
          <input
            class={`fr-input atelier-time__input${error ? ' fr-input--error' : ''}`}
            name={key}
            id={key}
            value={typed ?? cellText(cell, namesOnly)}
            aria-label={label}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${key}-erreur` : undefined}
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
      {adjust !== 0 ? (
        <span class="fr-badge fr-badge--sm fr-badge--info" title={namesOnly ? undefined : cell.adjustments.map((a) => a.adjustmentReason).join(' ; ')}>
          ajusté {adjust > 0 ? '+' : '−'}
          {formatGridMinutes(Math.abs(adjust))}
        </span>
      ) : null}
      {error ? (
        <p class="fr-error-text" id={`${key}-erreur`}>
          {error}
        </p>
      ) : null}
    </td>
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
export function CellSaved({ grid, row, cell, error, typed }: { grid: WeekGrid; row: GridRow; cell: GridCell; error?: string; typed?: string }) {
  return (
    <>
      <Cell row={row} cell={cell} locked={false} error={error} typed={typed} person={row.holder.detainee.fullName()} namesOnly={grid.namesOnly} />
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
  return <CellSaved grid={answer.grid} row={answer.row} cell={answer.cell} error={answer.error} typed={answer.typed} />;
}

export function GridPage({
  grid,
  canValidate,
  canReopen,
  errors,
  typed,
  partnerView,
}: {
  grid: WeekGrid;
  canValidate: boolean;
  canReopen: boolean;
  errors: CellErrors;
  typed: Record<string, string>;
  partnerView: boolean;
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
        <p class="atelier-actions fr-mb-0">
          <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={`${base}?semaine=${plusDays(grid.monday, -7)}`}>
            Semaine précédente
          </a>
          <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={`${base}?semaine=${plusDays(grid.monday, 7)}`}>
            Semaine suivante
          </a>
        </p>
      </div>
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
      {errors._form ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <p>{errors._form}</p>
        </div>
      ) : Object.keys(errors).length > 0 ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <p>Rien n’a été enregistré : corrigez les cases signalées puis enregistrez à nouveau.</p>
        </div>
      ) : null}
      {grid.rows.length === 0 ? (
        <p>{session ? 'Personne n’est inscrit à cette session cette semaine.' : 'Personne n’est affecté à cet atelier cette semaine.'}</p>
      ) : (
        <form method="post" action={`${base}?semaine=${grid.monday}`} id="grille" novalidate>
          <CsrfField />
          <div class="fr-table fr-table--no-caption atelier-table">
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
                      {grid.rows.map((row) => (
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
                        </tr>
                      ))}
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
            <div class="fr-input-group atelier-form">
              <label class="fr-label" for="overtimeReason">
                Motif des heures supplémentaires ou complémentaires, du travail un jour férié ou un dimanche
                <span class="fr-hint-text">
                  Seulement si la semaine dépasse le temps du contrat (art. R412-54, R412-56), pour un jour férié (art. R412-62) ou pour des travaux urgents un
                  dimanche (art. R412-61 : un repos compensateur de même durée est dû).
                </span>
              </label>
              <input class="fr-input" id="overtimeReason" name="overtimeReason" />
            </div>
          )}
          {validated ? null : (
            <button type="submit" class="fr-btn fr-btn--secondary fr-mt-2w">
              Enregistrer toute la semaine
            </button>
          )}
        </form>
      )}
      <div class="atelier-actions fr-mt-4w">
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
      {validated && canValidate ? (
        <section class="fr-mt-4w atelier-form" aria-labelledby="titre-ajustement">
          <h2 id="titre-ajustement" class="fr-h5">
            Corriger une journée validée
          </h2>
          <form method="post" action={`${base}/ajustement?semaine=${grid.monday}`}>
            <CsrfField />
            <div class="fr-select-group">
              <label class="fr-label" for="ajustement-ligne">
                Personne
              </label>
              <select class="fr-select" id="ajustement-ligne" name="holder">
                {grid.rows.map((r) => (
                  <option value={`${r.holder.kind}${r.holder.id}`}>{r.holder.detainee.fullName()}</option>
                ))}
              </select>
            </div>
            <div class="fr-select-group">
              <label class="fr-label" for="ajustement-jour">
                Jour
              </label>
              <select class="fr-select" id="ajustement-jour" name="day">
                {grid.days.map((d, i) => (
                  <option value={d}>
                    {DAY_NAMES[i]} {formatShortDay(d)}
                  </option>
                ))}
              </select>
            </div>
            <div class="fr-input-group">
              <label class="fr-label" for="ajustement-duree">
                Durée corrigée de la journée
              </label>
              <input class="fr-input" id="ajustement-duree" name="value" />
            </div>
            <div class="fr-input-group">
              <label class="fr-label" for="ajustement-motif">
                Motif
              </label>
              <input class="fr-input" id="ajustement-motif" name="reason" />
            </div>
            <button type="submit" class="fr-btn fr-btn--sm">
              Enregistrer l’ajustement
            </button>
          </form>
        </section>
      ) : null}
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
