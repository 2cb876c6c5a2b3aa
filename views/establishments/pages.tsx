import type { Establishment } from '../../src/establishments/entities.ts';
import { ESTABLISHMENT_KIND_LABELS, ESTABLISHMENT_KINDS } from '../../src/establishments/entities.ts';
import type { EstablishmentRow, SetupSummary } from '../../src/establishments/service.ts';
import { isArchived } from '../../src/platform/archivable.ts';
import { formatDateTime, formatNumber, plural } from '../../src/platform/format.ts';
import type { User } from '../../src/users/entities.ts';
import { ActionButton, CsrfField, type Errors, Field, FormErrorSummary, SelectField, type Values } from '../components/forms.tsx';
import { HistoryLink } from '../components/history-link.tsx';
import { SetupNav } from '../components/setup-nav.tsx';

const KIND_OPTIONS = ESTABLISHMENT_KINDS.map((k) => [k, ESTABLISHMENT_KIND_LABELS[k]] as const);

function EstablishmentFields({ values, errors }: { values: Values; errors: Errors }) {
  return (
    <>
      <Field name="name" label="Nom" values={values} errors={errors} hint="Par exemple : Établissement InSERRE d’Arras" required />
      <SelectField name="kind" label="Type d’établissement" values={values} errors={errors} options={KIND_OPTIONS} required />
      <Field name="city" label="Commune" values={values} errors={errors} required />
      <Field
        name="capacity"
        label="Capacité"
        type="number"
        min={1}
        max={5000}
        values={values}
        errors={errors}
        hint="Nombre de places (180 pour un établissement InSERRE)"
        required
      />
      <div class="fr-checkbox-group fr-mb-3w">
        <input type="checkbox" id="champ-alsaceMoselle" name="alsaceMoselle" checked={values.alsaceMoselle === true || values.alsaceMoselle === 'on'} />
        <label class="fr-label" for="champ-alsaceMoselle">
          Établissement d’Alsace-Moselle (Vendredi saint et 26 décembre fériés)
        </label>
      </div>
    </>
  );
}

function EstablishmentTable({ rows, archived }: { rows: EstablishmentRow[]; archived: boolean }) {
  if (rows.length === 0) {
    return (
      <p class="fr-text--lead" id="etablissements-vide">
        {archived ? 'Aucun établissement archivé.' : 'Aucun établissement pour le moment.'}
      </p>
    );
  }
  return (
    <div class="fr-table fr-table--no-caption">
      <div class="fr-table__wrapper">
        <div class="fr-table__container">
          <div class="fr-table__content">
            <table id="liste-etablissements">
              <caption>Établissements</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Type</th>
                  <th scope="col">Commune</th>
                  <th scope="col" class="atelier-num">
                    Capacité
                  </th>
                  <th scope="col" class="atelier-num">
                    Coordination
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ establishment: e, coordinatorCount }) => (
                  <tr>
                    <th scope="row">
                      <a href={`/etablissements/${e.id}`}>{e.name}</a>
                    </th>
                    <td>{ESTABLISHMENT_KIND_LABELS[e.kind]}</td>
                    <td>{e.city}</td>
                    <td class="atelier-num">{formatNumber(e.capacity)}</td>
                    <td class="atelier-num">{plural(coordinatorCount, 'personne', 'personnes')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

/** The active list and the creation form: htmx swaps this whole section after a create. */
export function EstablishmentsSection({
  rows,
  canManage,
  values,
  errors,
  created,
}: {
  rows: EstablishmentRow[];
  canManage: boolean;
  values: Values;
  errors: Errors;
  created?: string;
}) {
  return (
    <div id="section-etablissements">
      {created ? (
        <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>L’établissement « {created} » a été créé.</p>
        </div>
      ) : null}
      <EstablishmentTable rows={rows} archived={false} />
      {canManage ? (
        <section class="fr-mt-6w" aria-labelledby="titre-nouvel-etablissement">
          <h2 id="titre-nouvel-etablissement">Ajouter un établissement</h2>
          <RefusalSummary errors={errors} />
          <form
            method="post"
            action="/etablissements"
            hx-post="/etablissements"
            hx-target="#section-etablissements"
            hx-swap="outerHTML"
            novalidate
            class="atelier-form"
          >
            <CsrfField />
            <EstablishmentFields values={values} errors={errors} />
            <button type="submit" class="fr-btn fr-icon-add-line fr-btn--icon-left">
              Créer l’établissement
            </button>
          </form>
        </section>
      ) : null}
    </div>
  );
}

export function EstablishmentsPage(props: { rows: EstablishmentRow[]; archived: boolean; canManage: boolean; values: Values; errors: Errors }) {
  return (
    <>
      <h1>{props.archived ? 'Établissements archivés' : props.canManage ? 'Établissements' : 'Mes établissements'}</h1>
      {props.canManage ? (
        <p>
          {props.archived ? (
            <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/etablissements">
              Revenir aux établissements actifs
            </a>
          ) : (
            <a class="fr-link" href="/etablissements?archives=1">
              Voir les établissements archivés
            </a>
          )}
        </p>
      ) : null}
      {props.archived ? (
        <EstablishmentTable rows={props.rows} archived />
      ) : (
        <EstablishmentsSection rows={props.rows} canManage={props.canManage} values={props.values} errors={props.errors} />
      )}
    </>
  );
}

export function EstablishmentPage({
  establishment: e,
  coordinators,
  summary,
  canManage,
}: {
  establishment: Establishment;
  coordinators: User[];
  summary: SetupSummary;
  canManage: boolean;
}) {
  return (
    <>
      <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
        <ol class="fr-breadcrumb__list">
          <li>
            <a class="fr-breadcrumb__link" href="/etablissements">
              Établissements
            </a>
          </li>
          <li>
            <a class="fr-breadcrumb__link" aria-current="page">
              {e.name}
            </a>
          </li>
        </ol>
      </nav>
      <h1>{e.name}</h1>
      {isArchived(e) ? (
        <div class="fr-alert fr-alert--warning fr-mb-3w">
          <p>Cet établissement est archivé depuis le {formatDateTime(e.archivedAt as Date)}. Il n’apparaît plus dans les listes.</p>
        </div>
      ) : null}
      <SetupNav establishment={e} current="fiche" />
      <p>
        <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/etablissements/${e.id}/fiche.pdf`} download>
          Télécharger la fiche établissement (PDF)
        </a>{' '}
        <HistoryLink table="establishment" id={e.id} />
      </p>
      <div class="fr-grid-row fr-grid-row--gutters fr-mb-4w">
        <Figure value={summary.workshops} label={summary.workshops > 1 ? 'ateliers' : 'atelier'} href={`/etablissements/${e.id}/ateliers`} />
        <Figure
          value={summary.openPosts}
          label={summary.openPosts > 1 ? 'postes ouverts' : 'poste ouvert'}
          detail={summary.frozenPosts > 0 ? plural(summary.frozenPosts, 'poste gelé', 'postes gelés') : undefined}
          href={`/etablissements/${e.id}/postes`}
        />
        <Figure
          value={summary.places}
          label={summary.places > 1 ? 'places de formation' : 'place de formation'}
          detail={plural(summary.sessions, 'session en cours ou à venir', 'sessions en cours ou à venir')}
          href={`/etablissements/${e.id}/sessions`}
        />
      </div>
      <dl class="atelier-facts">
        <dt>Type</dt>
        <dd>{ESTABLISHMENT_KIND_LABELS[e.kind]}</dd>
        <dt>Commune</dt>
        <dd>{e.city}</dd>
        <dt>Capacité</dt>
        <dd>{plural(e.capacity, 'place', 'places')}</dd>
        <dt>Dernière modification</dt>
        <dd>{formatDateTime(e.updatedAt)}</dd>
      </dl>
      <h2 class="fr-h4 fr-mt-4w">Coordination</h2>
      {coordinators.length === 0 ? (
        <p>Aucun coordinateur n’est rattaché à cet établissement.</p>
      ) : (
        <ul>
          {coordinators.map((u) => (
            <li>
              {u.displayName} ({u.email})
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        <div class="atelier-actions fr-mt-4w">
          {isArchived(e) ? (
            <ActionButton action={`/etablissements/${e.id}/restauration`} label="Restaurer l’établissement" icon="fr-icon-refresh-line" />
          ) : (
            <>
              <a class="fr-btn fr-btn--sm fr-icon-edit-line fr-btn--icon-left" href={`/etablissements/${e.id}/modifier`}>
                Modifier
              </a>
              <ActionButton
                action={`/etablissements/${e.id}/archivage`}
                label="Archiver"
                secondary
                icon="fr-icon-archive-line"
                confirm={`Archiver « ${e.name} » ? Il n’apparaîtra plus dans les listes ; vous pourrez le restaurer.`}
              />
            </>
          )}
        </div>
      ) : null}
    </>
  );
}

function Figure({ value, label, detail, href }: { value: number; label: string; detail?: string; href: string }) {
  return (
    <div class="fr-col-12 fr-col-md-4">
      <div class="fr-tile fr-enlarge-link atelier-figure">
        <div class="fr-tile__body">
          <div class="fr-tile__content">
            <h2 class="fr-tile__title">
              <a href={href}>
                <span class="atelier-figure__value">{formatNumber(value)}</span> {label}
              </a>
            </h2>
            {detail ? <p class="fr-tile__detail">{detail}</p> : null}
          </div>
        </div>
      </div>
    </div>
  );
}

export function EstablishmentEditPage({ establishment, values, errors }: { establishment: Establishment; values: Values; errors: Errors }) {
  return (
    <>
      <h1>Modifier « {establishment.name} »</h1>
      <RefusalSummary errors={errors} />
      <form method="post" action={`/etablissements/${establishment.id}`} novalidate class="atelier-form">
        <CsrfField />
        <input type="hidden" name="version" value={String(values.version ?? establishment.version)} />
        <EstablishmentFields values={values} errors={errors} />
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" class="fr-btn">
              Enregistrer
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={`/etablissements/${establishment.id}`}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </>
  );
}

/** Above a refused form: why the whole form was refused (a stale version, a rule), or the count of fields to correct. */
function RefusalSummary({ errors }: { errors: Errors }) {
  return errors._form ? (
    <div class="fr-alert fr-alert--warning fr-mb-3w" role="alert">
      <p>{errors._form}</p>
    </div>
  ) : (
    <FormErrorSummary errors={errors} />
  );
}
