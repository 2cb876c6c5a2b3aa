import { DETAINEE_STATUS_LABELS, type DetaineeStatus } from '../../src/detainees/entities.ts';
import type { DetaineeFilters, DetaineeRow } from '../../src/detainees/service.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { formatShortDay, formatSince, plural } from '../../src/platform/format.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { Table } from '../components/inline.tsx';
import { PeopleNav } from '../components/people-nav.tsx';

export function ActivityCell({ row }: { row: DetaineeRow }) {
  if (row.assignments.length === 0 && row.enrollments.length === 0) {
    return row.daysWithout === null ? <span>—</span> : <p class="fr-badge fr-badge--warning fr-badge--sm">Sans activité {formatSince(row.daysWithout)}</p>;
  }
  return (
    <ul class="atelier-plain-list">
      {row.assignments.map((a) => (
        <li>
          <span class="atelier-code">{a.post.code}</span> {a.post.workshop.name}
        </li>
      ))}
      {row.enrollments.map((e) => (
        <li>Formation : {e.session.programme.title}</li>
      ))}
    </ul>
  );
}

export function PeoplePage({ establishment: e, rows, filters }: { establishment: Establishment; rows: DetaineeRow[]; filters: DetaineeFilters }) {
  const base = `/etablissements/${e.id}/personnes`;
  return (
    <>
      <Breadcrumb items={[{ href: '/etablissements', label: 'Établissements' }, { href: `/etablissements/${e.id}`, label: e.name }, { label: 'Personnes' }]} />
      <div class="atelier-title-row">
        <h1>Personnes</h1>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
          <li>
            <a class="fr-btn fr-btn--sm fr-icon-add-line fr-btn--icon-left" href={`${base}/nouvelle`}>
              Ajouter une personne
            </a>
          </li>
          <li>
            <a class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-upload-line fr-btn--icon-left" href={`${base}/import`}>
              Importer un fichier CSV
            </a>
          </li>
        </ul>
      </div>
      <PeopleNav establishment={e} current="personnes" />
      <form method="get" action={base} class="atelier-filters" role="search" aria-label="Rechercher une personne">
        <div class="fr-input-group">
          <label class="fr-label" for="filtre-q">
            Nom, prénom ou numéro d’écrou
          </label>
          <input class="fr-input" id="filtre-q" name="q" type="search" value={filters.q ?? ''} />
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for="filtre-statut">
            Présence
          </label>
          <select class="fr-select" id="filtre-statut" name="statut">
            <option value="present" selected={(filters.status ?? 'present') === 'present'}>
              Présentes
            </option>
            <option value="left" selected={filters.status === 'left'}>
              Sorties (libérées ou transférées)
            </option>
            <option value="all" selected={filters.status === 'all'}>
              Toutes
            </option>
          </select>
        </div>
        <fieldset class="fr-fieldset atelier-inline-fieldset">
          <legend class="fr-fieldset__legend fr-text--regular">Seulement</legend>
          {(
            [
              ['sans-activite', 'sans activité aujourd’hui', filters.withoutActivity],
              ['liberation', 'libération sous 90 jours', filters.releaseSoon],
              ['attente', 'sur liste d’attente', filters.waiting],
            ] as const
          ).map(([name, label, checked]) => (
            <div class="fr-checkbox-group fr-checkbox-group--sm">
              <input type="checkbox" id={`filtre-${name}`} name={name} value="1" checked={checked} />
              <label class="fr-label" for={`filtre-${name}`}>
                {label}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Rechercher
        </button>
      </form>
      <p class="fr-text--sm">
        {plural(rows.length, 'personne', 'personnes')} ·{' '}
        <a href={`/etablissements/${e.id}/personnes.csv`} download>
          Exporter les personnes (CSV)
        </a>{' '}
        ·{' '}
        <a href={`/etablissements/${e.id}/affectations.csv`} download>
          Exporter les affectations (CSV)
        </a>
      </p>
      {rows.length === 0 ? (
        <p>Aucune personne ne correspond à cette recherche.</p>
      ) : (
        <Table id="liste-personnes" caption="Personnes">
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">N° d’écrou</th>
              <th scope="col">Arrivée</th>
              <th scope="col">Libération prévue</th>
              <th scope="col">Aujourd’hui</th>
              <th scope="col">Attente</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const d = row.detainee;
              return (
                <tr id={`personne-${d.id}`}>
                  <th scope="row">
                    <a href={`/personnes/${d.id}`}>{d.fullName()}</a>
                    {d.isPresent() ? null : (
                      <span class="fr-hint-text">
                        {DETAINEE_STATUS_LABELS[d.status as DetaineeStatus]} le {formatShortDay(d.leftOn)}
                      </span>
                    )}
                  </th>
                  <td class="atelier-code">{d.prisonNumber}</td>
                  <td>{formatShortDay(d.arrivalDate)}</td>
                  <td>{formatShortDay(d.expectedReleaseDate) || '—'}</td>
                  <td>
                    <ActivityCell row={row} />
                  </td>
                  <td>{row.waiting > 0 ? plural(row.waiting, 'liste', 'listes') : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </>
  );
}
