import type { HoursImportResult } from '../../src/hours/import.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { CsrfField } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';

export function HoursImportPage({ workshop: w, monday, result, text }: { workshop: Workshop; monday: string; result?: HoursImportResult; text?: string }) {
  const base = `/ateliers/${w.id}/pointage/import`;
  const week = `?semaine=${monday}`;
  const bad = result?.rows.filter((r) => r.problem) ?? [];
  return (
    <>
      <h1>Importer les heures d’une semaine — {w.name}</h1>
      <p>
        Une ligne par personne et par jour, avec les titres « Numéro d’écrou ; Date ; Durée » (dates jj/mm/aaaa, durées comme dans la grille : 7h, 3h30, 3,5 ou
        un code d’absence). Chaque ligne est vérifiée comme une case saisie à la main ; rien n’est enregistré tant qu’une ligne est refusée.
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
        <form method="post" action={`${base}/confirmation${week}`} class="fr-mb-4w">
          <CsrfField />
          <input type="hidden" name="contenu" value={text ?? ''} />
          <div class="fr-alert fr-alert--success fr-mb-2w">
            <p>Les {result.rows.length} lignes sont correctes.</p>
          </div>
          <button type="submit" class="fr-btn">
            Importer les {result.rows.length} lignes
          </button>
        </form>
      ) : null}
      <form method="post" action={`${base}${week}`} enctype="multipart/form-data" class="atelier-form">
        <CsrfField />
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
        <a class="fr-link" href={`/ateliers/${w.id}/pointage${week}`}>
          Revenir au pointage
        </a>
      </p>
    </>
  );
}
