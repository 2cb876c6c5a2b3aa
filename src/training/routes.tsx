import { OptimisticLockError } from '@mikro-orm/core';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import {
  PROGRAMME_COLUMNS,
  ProgrammeEditRow,
  ProgrammeRowView,
  ProgrammesPage,
  ProgrammesSection,
  programmeValues,
  SESSION_COLUMNS,
  SessionEditRow,
  SessionRowView,
  SessionsPage,
  SessionsSection,
  sessionValues,
} from '../../views/training/pages.tsx';
import { EditRowPage } from '../../views/workshops/workshops.tsx';
import { versionField } from '../establishments/forms.ts';
import type { AppEnv } from '../platform/context.ts';
import { FieldErrors, StaleRecordError } from '../platform/errors.ts';
import { type FormValues, parseForm, readForm } from '../platform/forms.ts';
import { isHtmx, redirectAfterPost } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { flash } from '../platform/session.ts';
import { findEstablishmentForSetup } from '../workshops/service.ts';
import { programmeForm, sessionForm } from './forms.ts';
import {
  archiveProgramme,
  changeSession,
  createProgramme,
  createSession,
  findProgramme,
  findSession,
  listProgrammes,
  listSessions,
  programmeChoices,
  restoreProgramme,
  updateProgramme,
  updateSession,
} from './service.ts';

export const trainingRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));
const today = () => new Date().toISOString().slice(0, 10);
const isStale = (e: unknown) => e instanceof StaleRecordError || e instanceof OptimisticLockError;
const STALE = new StaleRecordError().message;

function editPage(c: Context<AppEnv>, title: string, back: string, columns: string[], row: JSX.Element, status: 200 | 409 | 422 = 200) {
  return renderPage(
    c,
    title,
    <EditRowPage title={title} back={back} columns={columns}>
      {row}
    </EditRowPage>,
    status,
  );
}

// ——— Programmes (the shared catalogue) ———

trainingRoutes.get('/formations', async (c) => {
  c.var.scope.require('admin', 'coordinator');
  const q = c.req.query();
  const filters = { q: q.q?.trim() || undefined, archived: q.archives === '1' };
  const rows = await listProgrammes(c.var.em, c.var.scope, filters);
  return renderPage(c, 'Formations', <ProgrammesPage rows={rows} filters={filters} values={{}} errors={{}} />);
});

trainingRoutes.post('/formations', async (c) => {
  const { em, scope } = c.var;
  scope.require('admin', 'coordinator');
  const values = await readForm(c.req);
  try {
    const programme = await createProgramme(em, scope, parseForm(programmeForm, values));
    if (!isHtmx(c)) {
      await flash(c, 'success', `La formation « ${programme.title} » a été ajoutée.`);
      return c.redirect('/formations', 303);
    }
    return renderFragment(
      c,
      <ProgrammesSection rows={await listProgrammes(em, scope, { archived: false })} values={{}} errors={{}} created={programme.title} />,
      201,
    );
  } catch (e) {
    if (!(e instanceof FieldErrors)) throw e;
    const rows = await listProgrammes(em, scope, { archived: false });
    if (isHtmx(c)) return renderFragment(c, <ProgrammesSection rows={rows} values={values} errors={e.fields} />, 422);
    return renderPage(c, 'Formations', <ProgrammesPage rows={rows} filters={{ archived: false }} values={values} errors={e.fields} />, 422);
  }
});

async function programmeRow(c: Context<AppEnv>, programmeId: number, saved = false) {
  const programme = await findProgramme(c.var.em, c.var.scope, programmeId);
  const rows = await listProgrammes(c.var.em, c.var.scope, { archived: programme.archivedAt != null });
  const row = rows.find((r) => r.programme.id === programmeId) ?? { programme, sessionCount: 0 };
  return renderFragment(c, <ProgrammeRowView row={row} saved={saved} />);
}

trainingRoutes.get('/formations/:id{[0-9]+}/ligne', (c) => programmeRow(c, id(c)));

trainingRoutes.get('/formations/:id{[0-9]+}/modifier', async (c) => {
  const programme = await findProgramme(c.var.em, c.var.scope, id(c));
  const row = <ProgrammeEditRow programme={programme} values={programmeValues(programme)} errors={{}} />;
  return isHtmx(c) ? renderFragment(c, row) : editPage(c, `Modifier « ${programme.title} »`, '/formations', PROGRAMME_COLUMNS, row);
});

trainingRoutes.post('/formations/:id{[0-9]+}', async (c) => {
  const { em, scope } = c.var;
  const values = await readForm(c.req);
  try {
    const { version } = parseForm(versionField, values);
    const programme = await updateProgramme(em, scope, id(c), parseForm(programmeForm, values), version);
    if (isHtmx(c)) return programmeRow(c, programme.id, true);
    await flash(c, 'success', `La formation « ${programme.title} » est enregistrée.`);
    return c.redirect('/formations', 303);
  } catch (e) {
    if (!(e instanceof FieldErrors || isStale(e))) throw e;
    em.clear();
    const programme = await findProgramme(em, scope, id(c));
    const stale = !(e instanceof FieldErrors);
    const row = (
      <ProgrammeEditRow
        programme={programme}
        values={stale ? programmeValues(programme) : values}
        errors={stale ? { _form: STALE } : (e as FieldErrors).fields}
      />
    );
    const status = stale ? 409 : 422;
    return isHtmx(c) ? renderFragment(c, row, status) : editPage(c, `Modifier « ${programme.title} »`, '/formations', PROGRAMME_COLUMNS, row, status);
  }
});

trainingRoutes.post('/formations/:id{[0-9]+}/archivage', async (c) => {
  const programme = await archiveProgramme(c.var.em, c.var.scope, id(c));
  await flash(c, 'info', `La formation « ${programme.title} » est archivée.`);
  return redirectAfterPost(c, '/formations');
});

trainingRoutes.post('/formations/:id{[0-9]+}/restauration', async (c) => {
  const programme = await restoreProgramme(c.var.em, c.var.scope, id(c));
  await flash(c, 'success', `La formation « ${programme.title} » est restaurée.`);
  return redirectAfterPost(c, '/formations');
});

// ——— Sessions of an establishment ———

async function sessionsPage(
  c: Context<AppEnv>,
  establishmentId: number,
  archived: boolean,
  values: FormValues,
  errors: Record<string, string>,
  status: 200 | 422 = 200,
) {
  const { em, scope } = c.var;
  const establishment = await findEstablishmentForSetup(em, scope, establishmentId);
  const sessions = await listSessions(em, scope, establishmentId, { archived });
  const page = (
    <SessionsPage
      establishment={establishment}
      sessions={sessions}
      programmes={await programmeChoices(em)}
      canManage={scope.role === 'admin' || scope.role === 'coordinator'}
      today={today()}
      archived={archived}
      values={values}
      errors={errors}
    />
  );
  return renderPage(c, `Sessions — ${establishment.name}`, page, status);
}

trainingRoutes.get('/etablissements/:id{[0-9]+}/sessions', (c) => {
  c.var.scope.require('admin', 'coordinator');
  return sessionsPage(c, id(c), c.req.query('archives') === '1', {}, {});
});

trainingRoutes.post('/etablissements/:id{[0-9]+}/sessions', async (c) => {
  const { em, scope } = c.var;
  const establishmentId = id(c);
  scope.assertCanManage(establishmentId);
  const values = await readForm(c.req);
  const section = async (v: FormValues, errors: Record<string, string>, created?: boolean) => (
    <SessionsSection
      establishment={await findEstablishmentForSetup(em, scope, establishmentId)}
      sessions={await listSessions(em, scope, establishmentId)}
      programmes={await programmeChoices(em)}
      canManage
      canAdd
      today={today()}
      values={v}
      errors={errors}
      created={created}
    />
  );
  try {
    await createSession(em, scope, establishmentId, parseForm(sessionForm, values));
    if (isHtmx(c)) return renderFragment(c, await section({}, {}, true), 201);
    await flash(c, 'success', 'La session a été programmée.');
    return c.redirect(`/etablissements/${establishmentId}/sessions`, 303);
  } catch (e) {
    if (!(e instanceof FieldErrors)) throw e;
    if (isHtmx(c)) return renderFragment(c, await section(values, e.fields), 422);
    return sessionsPage(c, establishmentId, false, values, e.fields, 422);
  }
});

async function sessionRow(c: Context<AppEnv>, sessionId: number, saved = false) {
  const session = await findSession(c.var.em, c.var.scope, sessionId);
  return renderFragment(c, <SessionRowView session={session} canManage today={today()} saved={saved} />);
}

trainingRoutes.get('/sessions/:id{[0-9]+}/ligne', (c) => sessionRow(c, id(c)));

trainingRoutes.get('/sessions/:id{[0-9]+}/modifier', async (c) => {
  const { em, scope } = c.var;
  const session = await findSession(em, scope, id(c));
  scope.assertCanManage(session.establishment.id);
  const row = <SessionEditRow session={session} programmes={await programmeChoices(em)} values={sessionValues(session)} errors={{}} />;
  return isHtmx(c) ? renderFragment(c, row) : editPage(c, 'Modifier la session', `/etablissements/${session.establishment.id}/sessions`, SESSION_COLUMNS, row);
});

trainingRoutes.post('/sessions/:id{[0-9]+}', async (c) => {
  const { em, scope } = c.var;
  const values = await readForm(c.req);
  try {
    const { version } = parseForm(versionField, values);
    const session = await updateSession(em, scope, id(c), parseForm(sessionForm, values), version);
    if (isHtmx(c)) return sessionRow(c, session.id, true);
    await flash(c, 'success', 'La session est enregistrée.');
    return c.redirect(`/etablissements/${session.establishment.id}/sessions`, 303);
  } catch (e) {
    if (!(e instanceof FieldErrors || isStale(e))) throw e;
    em.clear();
    const session = await findSession(em, scope, id(c));
    const stale = !(e instanceof FieldErrors);
    const row = (
      <SessionEditRow
        session={session}
        programmes={await programmeChoices(em)}
        values={stale ? sessionValues(session) : values}
        errors={stale ? { _form: STALE } : (e as FieldErrors).fields}
      />
    );
    const status = stale ? 409 : 422;
    return isHtmx(c)
      ? renderFragment(c, row, status)
      : editPage(c, 'Modifier la session', `/etablissements/${session.establishment.id}/sessions`, SESSION_COLUMNS, row, status);
  }
});

trainingRoutes.post('/sessions/:id{[0-9]+}/:change{archivage|restauration}', async (c) => {
  const change = c.req.param('change') === 'archivage' ? 'archive' : 'restore';
  const session = await changeSession(c.var.em, c.var.scope, id(c), change);
  await flash(c, change === 'archive' ? 'info' : 'success', change === 'archive' ? 'La session est archivée.' : 'La session est restaurée.');
  return redirectAfterPost(c, `/etablissements/${session.establishment.id}/sessions`);
});
