import type { AuditEvent } from '../../src/audit/entities.ts';
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, type AuditTrail, changesOf, type ShownChange, subjectName } from '../../src/audit/service.ts';
import { formatAuditInstant, type Shown } from '../../src/audit/values.ts';
import type { AuditedTable } from '../../src/platform/feature.ts';
import { formatNumber } from '../../src/platform/format.ts';

function Value({ value }: { value: Shown }) {
  return value.href ? <a href={value.href}>{value.text}</a> : value.text;
}

/** One field of a change: its label, then the value it took (or had, or both with an arrow). */
function Change({ change }: { change: ShownChange }) {
  return (
    <>
      <dt>{change.label}</dt>
      <dd>
        {change.before ? <Value value={change.before} /> : null}
        {change.before && change.after ? ' → ' : null}
        {change.after ? <Value value={change.after} /> : null}
      </dd>
    </>
  );
}

const byLabel = new Intl.Collator('fr');

function Select({
  id,
  name,
  label,
  value,
  options,
  all,
}: {
  id: string;
  name: string;
  label: string;
  value?: string;
  options: Array<readonly [string, string]>;
  all: string;
}) {
  return (
    <div class="fr-select-group">
      <label class="fr-label" for={id}>
        {label}
      </label>
      <select class="fr-select" id={id} name={name}>
        <option value="">{all}</option>
        {options.map(([v, l]) => (
          <option value={v} selected={value === v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

export function AuditPage({
  trail,
  query,
  page,
  tables,
}: {
  trail: AuditTrail;
  query: Record<string, string>;
  page: number;
  /** What the features say of their audited tables, by table name. */
  tables: Record<string, AuditedTable>;
}) {
  const { events, total, actors, names, record } = trail;
  const objects = Object.entries(tables)
    .map(([name, table]) => [name, table.label] as const)
    .sort((a, b) => byLabel.compare(a[1], b[1]));
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const link = (p: number) => `/admin/journal?${new URLSearchParams({ ...query, page: String(p) })}`;
  const subject = record ? subjectName(tables[record.table], record.table, record.id, names) : undefined;
  return (
    <>
      <h1>{subject ? `Historique : ${subject.text}` : 'Journal d’audit'}</h1>
      {subject?.href ? (
        <p>
          <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={subject.href}>
            Retour à la fiche
          </a>
        </p>
      ) : null}
      <p>
        Chaque création, modification, archivage ou restauration est enregistré ici par la base de données elle-même ; le journal ne peut être ni modifié ni
        effacé.
      </p>
      {trail.wholeTrail ? (
        <form method="get" action="/admin/journal" class="atelier-filters" role="search" aria-label="Filtrer le journal">
          {query.id ? <input type="hidden" name="id" value={query.id} /> : null}
          <Select id="filtre-objet" name="objet" label="Objet" value={query.objet} all="Tous les objets" options={objects} />
          <Select id="filtre-action" name="action" label="Action" value={query.action} all="Toutes les actions" options={Object.entries(AUDIT_ACTIONS)} />
          <Select
            id="filtre-auteur"
            name="auteur"
            label="Auteur"
            value={query.auteur}
            all="Tous les auteurs"
            options={actors.map((a) => [String(a.id), a.displayName] as const)}
          />
          <div class="fr-input-group">
            <label class="fr-label" for="filtre-du">
              Du
            </label>
            <input class="fr-input" type="date" id="filtre-du" name="du" value={query.du ?? ''} />
          </div>
          <div class="fr-input-group">
            <label class="fr-label" for="filtre-au">
              Au
            </label>
            <input class="fr-input" type="date" id="filtre-au" name="au" value={query.au ?? ''} />
          </div>
          <button type="submit" class="fr-btn fr-btn--secondary">
            Filtrer
          </button>
        </form>
      ) : null}
      {record && trail.wholeTrail ? (
        <p>
          <a class="fr-link" href="/admin/journal">
            Tout le journal
          </a>
        </p>
      ) : null}
      <p class="fr-text--sm">{total === 0 ? 'Aucun événement ne correspond à ces filtres.' : `${formatNumber(total)} événement${total > 1 ? 's' : ''}`}</p>
      {events.length > 0 ? (
        <div class="fr-table fr-table--no-caption fr-table--multiline atelier-audit">
          <div class="fr-table__wrapper">
            <div class="fr-table__container">
              <div class="fr-table__content">
                <table id="journal">
                  <caption>Journal d’audit</caption>
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col">Auteur</th>
                      <th scope="col">Action</th>
                      <th scope="col">Objet</th>
                      <th scope="col">Changements</th>
                    </tr>
                  </thead>
                  <tbody>
                    {events.map((e: AuditEvent) => {
                      const table = tables[e.entity];
                      return (
                        <tr>
                          <td>{formatAuditInstant(e.occurredAt)}</td>
                          <td>{e.actor?.displayName ?? 'Système'}</td>
                          <td>{AUDIT_ACTIONS[e.action] ?? e.action}</td>
                          <td>
                            <Value value={trail.subjects.get(e.entity)?.get(e.entityId) ?? subjectName(table, e.entity, e.entityId, names)} />
                          </td>
                          <td>
                            <dl class="atelier-changes">
                              {changesOf(e, table, names).map((change) => (
                                <Change change={change} />
                              ))}
                            </dl>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      ) : null}
      {pages > 1 ? (
        <nav role="navigation" class="fr-pagination" aria-label="Pagination">
          <ul class="fr-pagination__list">
            <li>
              {page > 1 ? (
                <a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" href={link(page - 1)}>
                  Précédente
                </a>
              ) : null}
            </li>
            <li>
              <a class="fr-pagination__link" aria-current="page" title={`Page ${page}`}>
                {page} / {pages}
              </a>
            </li>
            <li>
              {page < pages ? (
                <a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" href={link(page + 1)}>
                  Suivante
                </a>
              ) : null}
            </li>
          </ul>
        </nav>
      ) : null}
    </>
  );
}
