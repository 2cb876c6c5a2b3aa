import { IMPORT_COLUMNS, type ImportPreview } from '../../src/detainees/csv.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { plural } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';

export function ImportPage({ establishment: e, preview, text }: { establishment: Establishment; preview?: ImportPreview; text?: string }) {
  const base = `/etablissements/${e.id}/personnes/import`;
  const bad = preview?.rows.filter((r) => r.problems.length > 0) ?? [];
  return (
    <>
      <Breadcrumb
        items={[{ href: `/etablissements/${e.id}`, label: e.name }, { href: `/etablissements/${e.id}/personnes`, label: 'Personnes' }, { label: 'Importer' }]}
      />
      <h1>Importer des personnes depuis un fichier CSV</h1>
      <p>
        La première ligne porte les titres des colonnes : {IMPORT_COLUMNS.map(([h, , required]) => `${h}${required ? '' : ' (facultatif)'}`).join(' ; ')}. Dates
        au format jj/mm/aaaa. Séparateur point-virgule ou virgule. Rien n’est enregistré tant que toutes les lignes ne sont pas bonnes.
      </p>
      {preview ? (
        <section aria-labelledby="titre-apercu" class="fr-mb-4w">
          <h2 id="titre-apercu">Vérification du fichier</h2>
          {preview.fileProblems.map((p) => (
            <div class="fr-alert fr-alert--error fr-mb-2w" role="alert">
              <p>{p}</p>
            </div>
          ))}
          {preview.fileProblems.length === 0 && bad.length > 0 ? (
            <div class="fr-alert fr-alert--error fr-mb-2w" role="alert">
              <h3 class="fr-alert__title">
                {plural(bad.length, 'ligne à corriger', 'lignes à corriger')} sur {preview.rows.length}
              </h3>
              <p>Corrigez ces lignes dans le tableur, enregistrez le fichier, puis déposez-le à nouveau. Aucune personne n’a été importée.</p>
            </div>
          ) : null}
          {bad.length > 0 ? (
            <Table id="lignes-a-corriger" caption="Lignes à corriger">
              <thead>
                <tr>
                  <th scope="col">Ligne</th>
                  <th scope="col">Numéro d’écrou</th>
                  <th scope="col">Nom</th>
                  <th scope="col">À corriger</th>
                </tr>
              </thead>
              <tbody>
                {bad.map((r) => (
                  <tr>
                    <th scope="row">{r.line}</th>
                    <td>{r.cells.prisonNumber}</td>
                    <td>
                      {r.cells.lastName} {r.cells.firstName}
                    </td>
                    <td>
                      <ul>
                        {r.problems.map((p) => (
                          <li>{p}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : null}
          {preview.ok ? (
            <form method="post" action={`${base}/confirmation`}>
              <CsrfField />
              <input type="hidden" name="contenu" value={text ?? ''} />
              <div class="fr-alert fr-alert--success fr-mb-2w">
                <p>Les {preview.rows.length} lignes sont correctes.</p>
              </div>
              <button type="submit" class="fr-btn">
                Importer {plural(preview.rows.length, 'personne', 'personnes')}
              </button>
            </form>
          ) : null}
        </section>
      ) : null}
      <form method="post" action={base} enctype="multipart/form-data" class="atelier-form">
        <CsrfField />
        <div class="fr-upload-group fr-mb-3w">
          <label class="fr-label" for="fichier">
            Fichier CSV
            <span class="fr-hint-text">Taille maximale : 2 Mo. Format .csv.</span>
          </label>
          <input class="fr-upload" type="file" id="fichier" name="fichier" accept=".csv,text/csv" />
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Vérifier le fichier
        </button>
      </form>
    </>
  );
}
