import type { Establishment } from '../../src/establishments/entities.ts';
import { isArchived } from '../../src/platform/archivable.ts';
import { formatDay, plural } from '../../src/platform/format.ts';
import type { TrainingProgramme, TrainingSession } from '../../src/training/entities.ts';
import { sessionPeriod } from '../../src/training/rules.ts';
import type { ProgrammeRow } from '../../src/training/service.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ActionButton, ArchivedFilter, type Errors, type Values } from '../components/forms.tsx';
import { CellCheckbox, CellField, EditLink, EditRow, InlineSection, RowErrorCell, SavedBadge, ShownRow, Table } from '../components/inline.tsx';
import { SetupNav } from '../components/setup-nav.tsx';

export const PROGRAMME_COLUMNS = ['Formation', 'Organisme', 'Certification', 'Durée', 'Sessions', 'Actions'];
export const SESSION_COLUMNS = ['Formation', 'Début', 'Fin', 'Places', 'Rémunérée', 'Période', 'Actions'];

const PERIOD_LABELS = { upcoming: 'À venir', current: 'En cours', past: 'Terminée' } as const;

export function programmeValues(p: TrainingProgramme): Values {
  return { title: p.title, provider: p.provider, certificationCode: p.certificationCode ?? '', hours: String(p.hours), version: p.version };
}

export function ProgrammeRowView({ row, saved }: { row: ProgrammeRow; saved?: boolean }) {
  const p = row.programme;
  return (
    <ShownRow id={`formation-${p.id}`} saved={saved}>
      <th scope="row">
        {p.title}
        <SavedBadge saved={saved} />
      </th>
      <td>{p.provider}</td>
      <td class="atelier-code">{p.certificationCode ?? 'Sans certification'}</td>
      <td class="atelier-num">{plural(p.hours, 'heure', 'heures')}</td>
      <td class="atelier-num">{plural(row.sessionCount, 'session', 'sessions')}</td>
      <td>
        <div class="atelier-actions">
          {isArchived(p) ? (
            <ActionButton action={`/formations/${p.id}/restauration`} label="Restaurer" secondary icon="fr-icon-refresh-line" />
          ) : (
            <>
              <EditLink href={`/formations/${p.id}/modifier`} label={`Modifier ${p.title}`} />
              <ActionButton
                action={`/formations/${p.id}/archivage`}
                label="Archiver"
                secondary
                icon="fr-icon-archive-line"
                iconOnly
                confirm={`Archiver la formation « ${p.title} » ?`}
              />
            </>
          )}
        </div>
      </td>
    </ShownRow>
  );
}

function ProgrammeCells({ form, values, errors }: { form: string; values: Values; errors: Errors }) {
  return (
    <>
      <CellField form={form} name="title" label="Intitulé de la formation" values={values} errors={errors} size="l" placeholder="Intitulé" />
      <CellField form={form} name="provider" label="Organisme de formation" values={values} errors={errors} size="m" placeholder="Organisme" />
      <CellField form={form} name="certificationCode" label="Code RNCP ou RS" values={values} errors={errors} size="s" placeholder="RNCP35321" />
      <CellField form={form} name="hours" label="Durée en heures" type="number" values={values} errors={errors} size="s" placeholder="140" />
    </>
  );
}

export function ProgrammeEditRow({ programme, values, errors }: { programme: TrainingProgramme; values: Values; errors: Errors }) {
  const form = `modifier-formation-${programme.id}`;
  return (
    <EditRow
      id={`formation-${programme.id}`}
      form={form}
      action={`/formations/${programme.id}`}
      cancel="/formations"
      row={`/formations/${programme.id}/ligne`}
      version={String(values.version ?? programme.version)}
    >
      <ProgrammeCells form={form} values={values} errors={errors} />
      <RowErrorCell errors={errors} />
    </EditRow>
  );
}

export function ProgrammesSection({ rows, values, errors, created }: { rows: ProgrammeRow[]; values: Values; errors: Errors; created?: string }) {
  const form = 'nouvelle-formation';
  return (
    <InlineSection
      id="section-formations"
      table="liste-formations"
      caption="Formations"
      columns={PROGRAMME_COLUMNS}
      rows={rows.map((row) => <ProgrammeRowView row={row} saved={row.programme.title === created} />)}
      empty="Aucune formation ne correspond. Ajoutez-en une ci-dessous."
      add={{
        form,
        action: '/formations',
        label: 'Ajouter',
        cells: (
          <>
            <ProgrammeCells form={form} values={values} errors={errors} />
            <td>—</td>
          </>
        ),
      }}
      created={created ? <>La formation « {created} » a été ajoutée. Programmez-en des sessions depuis la page d’un établissement.</> : undefined}
      notAdded="La formation n’a pas été ajoutée"
      errors={errors}
    />
  );
}

export function ProgrammesPage({
  rows,
  filters,
  values,
  errors,
}: {
  rows: ProgrammeRow[];
  filters: { q?: string; archived: boolean };
  values: Values;
  errors: Errors;
}) {
  return (
    <>
      <h1>Formations</h1>
      <p>Le catalogue des formations qualifiantes, commun à tous les établissements ; chaque établissement en programme des sessions.</p>
      <form method="get" action="/formations" class="atelier-filters" role="search" aria-label="Filtrer les formations">
        <div class="fr-input-group">
          <label class="fr-label" for="filtre-q">
            Intitulé, organisme ou code
          </label>
          <input class="fr-input" id="filtre-q" name="q" type="search" value={filters.q ?? ''} />
        </div>
        <ArchivedFilter checked={filters.archived} label="Formations archivées" />
      </form>
      {filters.archived ? (
        rows.length === 0 ? (
          <p>Aucune formation archivée.</p>
        ) : (
          <Table id="liste-formations" caption="Formations archivées" columns={PROGRAMME_COLUMNS}>
            <tbody>
              {rows.map((row) => (
                <ProgrammeRowView row={row} />
              ))}
            </tbody>
          </Table>
        )
      ) : (
        <ProgrammesSection rows={rows} values={values} errors={errors} />
      )}
    </>
  );
}

// ——— Sessions of an establishment ———

export function sessionValues(s: TrainingSession): Values {
  return { programmeId: String(s.programme.id), startsOn: s.startsOn, endsOn: s.endsOn, places: String(s.places), paid: s.paid, version: s.version };
}

export function SessionRowView({ session: s, canManage, today, saved }: { session: TrainingSession; canManage: boolean; today: string; saved?: boolean }) {
  const period = sessionPeriod(s.startsOn, s.endsOn, today);
  return (
    <ShownRow id={`session-${s.id}`} saved={saved}>
      <th scope="row">
        {s.programme.title}
        <span class="fr-hint-text">{s.programme.provider}</span>
        <SavedBadge saved={saved} />
      </th>
      <td>{formatDay(s.startsOn)}</td>
      <td>{formatDay(s.endsOn)}</td>
      <td class="atelier-num">{plural(s.places, 'place', 'places')}</td>
      <td>{s.paid ? 'Oui' : 'Non'}</td>
      <td>
        <p class={`fr-badge fr-badge--sm ${period === 'current' ? 'fr-badge--success' : period === 'upcoming' ? 'fr-badge--info' : ''}`}>
          {PERIOD_LABELS[period]}
        </p>
      </td>
      <td>
        {canManage ? (
          <div class="atelier-actions">
            {isArchived(s) ? (
              <ActionButton action={`/sessions/${s.id}/restauration`} label="Restaurer" secondary icon="fr-icon-refresh-line" />
            ) : (
              <>
                <a
                  class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-time-line"
                  href={`/sessions/${s.id}/pointage`}
                  title={`Pointage de la session ${s.programme.title}`}
                >
                  Pointage
                </a>
                <EditLink href={`/sessions/${s.id}/modifier`} label={`Modifier la session ${s.programme.title}`} />
                <ActionButton
                  action={`/sessions/${s.id}/archivage`}
                  label="Archiver"
                  secondary
                  icon="fr-icon-archive-line"
                  iconOnly
                  confirm="Archiver cette session ?"
                />
              </>
            )}
          </div>
        ) : null}
      </td>
    </ShownRow>
  );
}

function SessionCells({ form, values, errors, programmes }: { form: string; values: Values; errors: Errors; programmes: TrainingProgramme[] }) {
  return (
    <>
      <CellField
        form={form}
        name="programmeId"
        label="Formation"
        values={values}
        errors={errors}
        options={programmes.map((p) => [String(p.id), `${p.title} — ${p.provider}`] as const)}
        placeholder="Formation"
      />
      <CellField form={form} name="startsOn" label="Date de début" type="date" values={values} errors={errors} size="s" />
      <CellField form={form} name="endsOn" label="Date de fin" type="date" values={values} errors={errors} size="s" />
      <CellField form={form} name="places" label="Nombre de places" type="number" values={values} errors={errors} size="s" placeholder="12" />
      <CellCheckbox form={form} name="paid" label="Rémunérée" values={values} />
    </>
  );
}

export function SessionEditRow({
  session,
  programmes,
  values,
  errors,
}: {
  session: TrainingSession;
  programmes: TrainingProgramme[];
  values: Values;
  errors: Errors;
}) {
  const form = `modifier-session-${session.id}`;
  const back = `/etablissements/${session.establishment.id}/sessions`;
  return (
    <EditRow
      id={`session-${session.id}`}
      form={form}
      action={`/sessions/${session.id}`}
      cancel={back}
      row={`/sessions/${session.id}/ligne`}
      version={String(values.version ?? session.version)}
    >
      <SessionCells form={form} values={values} errors={errors} programmes={programmes} />
      <RowErrorCell errors={errors} />
    </EditRow>
  );
}

export function SessionsSection({
  establishment,
  sessions,
  programmes,
  canManage,
  canAdd,
  today,
  values,
  errors,
  created,
}: {
  establishment: Establishment;
  sessions: TrainingSession[];
  programmes: TrainingProgramme[];
  canManage: boolean;
  /** Show the row that programmes a new session (not on the archived list). */
  canAdd: boolean;
  today: string;
  values: Values;
  errors: Errors;
  created?: boolean;
}) {
  const form = 'nouvelle-session';
  const coming = sessions.filter((s) => s.endsOn >= today);
  const places = coming.reduce((n, s) => n + s.places, 0);
  return (
    <InlineSection
      id="section-sessions"
      table="liste-sessions"
      caption="Sessions de formation"
      columns={SESSION_COLUMNS}
      rows={sessions.map((s) => <SessionRowView session={s} canManage={canManage} today={today} />)}
      empty={canAdd ? 'Aucune session programmée : ajoutez la première ci-dessous.' : 'Aucune session.'}
      add={
        canAdd
          ? {
              form,
              action: `/etablissements/${establishment.id}/sessions`,
              label: 'Programmer',
              cells: (
                <>
                  <SessionCells form={form} values={values} errors={errors} programmes={programmes} />
                  <td>—</td>
                </>
              ),
            }
          : undefined
      }
      created={created ? 'La session a été programmée.' : undefined}
      notAdded="La session n’a pas été programmée"
      errors={errors}
      intro={
        <p class="fr-text--sm">
          {plural(coming.length, 'session en cours ou à venir', 'sessions en cours ou à venir')} : {plural(places, 'place', 'places')}
        </p>
      }
      outro={
        canAdd && programmes.length === 0 ? (
          <p class="fr-text--sm">
            Le catalogue est vide : <a href="/formations">ajoutez d’abord une formation</a>.
          </p>
        ) : null
      }
    />
  );
}

export function SessionsPage(props: {
  establishment: Establishment;
  sessions: TrainingSession[];
  programmes: TrainingProgramme[];
  canManage: boolean;
  today: string;
  archived: boolean;
  values: Values;
  errors: Errors;
}) {
  const e = props.establishment;
  return (
    <>
      <Breadcrumb
        items={[{ href: '/etablissements', label: 'Établissements' }, { href: `/etablissements/${e.id}`, label: e.name }, { label: 'Sessions de formation' }]}
      />
      <h1>Sessions de formation</h1>
      <SetupNav establishment={e} current="sessions" />
      <p>
        {props.archived ? (
          <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={`/etablissements/${e.id}/sessions`}>
            Revenir aux sessions actives
          </a>
        ) : (
          <a class="fr-link" href={`/etablissements/${e.id}/sessions?archives=1`}>
            Voir les sessions archivées
          </a>
        )}
      </p>
      <SessionsSection {...props} canAdd={props.canManage && !props.archived && !isArchived(e)} />
    </>
  );
}
