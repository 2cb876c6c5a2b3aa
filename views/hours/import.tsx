import type { HoursImportResult, ImportedWeek } from '../../src/hours/import.ts';
import type { Day } from '../../src/platform/calendar.ts';
import { formatDay, plural } from '../../src/platform/format.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { CsrfField } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';

/** « Semaine du lundi 9 mars 2026 ». */
const weekLabel = (monday: Day) => `Semaine du lundi ${formatDay(monday)}`;

/** The weeks a checked file fills, each with its number of rows. */
function ImportedWeeks({ weeks }: { weeks: ImportedWeek[] }) {
  return (
    <>
      <p class="fr-mb-1w">{weeks.length === 1 ? 'Ce fichier remplit une semaine :' : `Ce fichier remplit ${weeks.length} semaines :`}</p>
      <ul id="semaines-importees" class="fr-mb-2w">
        {weeks.map((w) => (
          <li>
            {weekLabel(w.monday)} : {plural(w.rows, 'ligne', 'lignes')}
            {w.validated ? ' (semaine validée)' : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

export function HoursImportPage({ workshop: w, monday, result, text }: { workshop: Workshop; monday: Day; result?: HoursImportResult; text?: string }) {
  const base = `/ateliers/${w.id}/pointage/import`;
  const bad = result?.rows.filter((r) => r.problem) ?? [];
  const weekError = result?.weekProblem ?? null;
  // A file with dates fills the weeks of its dates, whatever the week picked.
  const filled = result?.layout === 'days' ? result.weeks : [];
  return (
    <>
      <h1>Importer des heures — {w.name}</h1>
      <p class="fr-text--lead fr-mb-1w" id="semaine-importee">
        {filled.length > 1
          ? `${filled.length} semaines, de la semaine du lundi ${formatDay(filled[0]?.monday)} à celle du lundi ${formatDay(filled.at(-1)?.monday)}`
          : weekLabel(filled[0]?.monday ?? monday)}
      </p>
      <p class="fr-text--sm">
        Un fichier en grille (« Numéro d’écrou ; Lundi ; … ; Dimanche ») n’a pas de dates : il remplit la semaine choisie ci-dessous. Un fichier d’une ligne par
        personne et par jour (« Numéro d’écrou ; Date ; Durée », dates jj/mm/aaaa) remplit les semaines de ses dates, une ou plusieurs, jusqu’à un mois ou plus.
        Durées comme dans la grille : 7h, 3h30, 3,5 ou un code d’absence. Chaque ligne est vérifiée comme une case saisie à la main, semaine par semaine ; rien
        n’est enregistré tant qu’une ligne est refusée.
      </p>
      {result?.fileProblem ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <p>{result.fileProblem}</p>
        </div>
      ) : null}
      {bad.length > 0 ? (
        <>
          <div class="fr-alert fr-alert--error fr-mb-2w" role="alert">
            <p>
              {bad.length} ligne{bad.length > 1 ? 's' : ''} à corriger sur {result?.rows.length}. Aucune heure n’a été importée.
            </p>
          </div>
          {result && result.weeks.length > 0 ? <ImportedWeeks weeks={result.weeks} /> : null}
          <Table id="lignes-a-corriger" caption="Lignes à corriger">
            <thead>
              <tr>
                <th scope="col">Ligne</th>
                <th scope="col">À corriger</th>
              </tr>
            </thead>
            <tbody>
              {bad.map((r) => (
                <tr>
                  <th scope="row">{r.line}</th>
                  <td>{r.problem}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      ) : null}
      {result?.ok ? (
        <form method="post" action={`${base}/confirmation?semaine=${monday}`} class="fr-mb-4w" id="confirmer-import">
          <CsrfField />
          <input type="hidden" name="contenu" value={text ?? ''} />
          <input type="hidden" name="semaine" value={monday} />
          <div class="fr-alert fr-alert--success fr-mb-2w">
            <p>Les {result.rows.length} lignes sont correctes.</p>
          </div>
          <ImportedWeeks weeks={result.weeks} />
          <button type="submit" class="fr-btn">
            Importer les {result.rows.length} lignes
          </button>
        </form>
      ) : null}
      <form method="post" action={`${base}?semaine=${monday}`} enctype="multipart/form-data" class="atelier-form" id="import-heures">
        <CsrfField />
        <div class={`fr-input-group${weekError ? ' fr-input-group--error' : ''}`}>
          <label class="fr-label" for="semaine">
            Semaine à remplir
            <span class="fr-hint-text">Un jour de la semaine, pour un fichier en grille ; un fichier avec une colonne Date suit ses dates.</span>
          </label>
          <input
            class={`fr-input${weekError ? ' fr-input--error' : ''}`}
            type="date"
            id="semaine"
            name="semaine"
            value={weekError ? result?.typedWeek : monday}
            aria-describedby={weekError ? 'semaine-erreur' : undefined}
            aria-invalid={weekError ? 'true' : undefined}
          />
          {weekError ? (
            <p class="fr-error-text" id="semaine-erreur">
              {weekError}
            </p>
          ) : null}
        </div>
        <div class="fr-upload-group fr-mb-3w">
          <label class="fr-label" for="fichier">
            Fichier CSV
            <span class="fr-hint-text">Format .csv, séparateur point-virgule ou virgule.</span>
          </label>
          <input class="fr-upload" type="file" id="fichier" name="fichier" accept=".csv,text/csv" />
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Vérifier le fichier
        </button>
      </form>
      <p class="fr-mt-3w">
        <a class="fr-link" href={`/ateliers/${w.id}/pointage?semaine=${monday}`}>
          Revenir au pointage
        </a>
      </p>
    </>
  );
}
