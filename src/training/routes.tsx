import type { Context } from 'hono';
import { Hono } from 'hono';
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
import { findEstablishment } from '../establishments/service.ts';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { inlineTable, type RowForm } from '../platform/inline-routes.tsx';
import { renderPage } from '../platform/render.tsx';
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
  programmeRow,
  restoreProgramme,
  updateProgramme,
  updateSession,
} from './service.ts';

export const trainingRoutes = new Hono<AppEnv>();

type Status = 200 | 409 | 422;
const id = (c: Context<AppEnv>) => Number(c.req.param('id'));
const NO_FORM: RowForm = { values: {}, errors: {} };

// ——— Programmes (the shared catalogue) ———

async function programmesPage(c: Context<AppEnv>, filters: { q?: string; archived: boolean }, form: RowForm, status: Status = 200) {
  const rows = await listProgrammes(c.var.em, c.var.scope, filters);
  return renderPage(c, 'Formations', <ProgrammesPage rows={rows} filters={filters} {...form} />, status);
}

trainingRoutes.get('/formations', (c) => {
  const q = c.req.query();
  return programmesPage(c, { q: q.q?.trim() || undefined, archived: q.archives === '1' }, NO_FORM);
});

inlineTable(trainingRoutes, {
  rows: {
    path: '/formations/:id{[0-9]+}',
    find: (c, programmeId) => findProgramme(c.var.em, c.var.scope, programmeId),
    values: programmeValues,
    row: async (c, programme, saved) => <ProgrammeRowView row={await programmeRow(c.var.em, programme)} saved={saved} />,
    editRow: (_c, programme, form) => ({
      row: <ProgrammeEditRow programme={programme} {...form} />,
      page: { title: `Modifier « ${programme.title} »`, heading: `Modifier « ${programme.title} »`, back: '/formations', columns: PROGRAMME_COLUMNS },
    }),
    schema: programmeForm,
    update: (c, programmeId, input, version) => updateProgramme(c.var.em, c.var.scope, programmeId, input, version),
    saved: (programme) => ({ message: `La formation « ${programme.title} » est enregistrée.`, redirect: '/formations' }),
  },
  add: {
    path: '/formations',
    mayAdd: (c) => c.var.scope.must(c.var.scope.canManageCatalogue),
    schema: programmeForm,
    create: (c, input) => createProgramme(c.var.em, c.var.scope, input),
    section: async (c, form, created) => (
      <ProgrammesSection rows={await listProgrammes(c.var.em, c.var.scope, { archived: false })} {...form} created={created?.title} />
    ),
    page: (c, form, status) => programmesPage(c, { archived: false }, form, status),
    created: (programme) => ({ message: `La formation « ${programme.title} » a été ajoutée.`, redirect: '/formations' }),
  },
});

trainingRoutes.post('/formations/:id{[0-9]+}/archivage', async (c) => {
  const programme = await archiveProgramme(c.var.em, c.var.scope, id(c), c.var.clock.today());
  await flash(c, 'info', `La formation « ${programme.title} » est archivée.`);
  return redirectAfterPost(c, '/formations');
});

trainingRoutes.post('/formations/:id{[0-9]+}/restauration', async (c) => {
  const programme = await restoreProgramme(c.var.em, c.var.scope, id(c));
  await flash(c, 'success', `La formation « ${programme.title} » est restaurée.`);
  return redirectAfterPost(c, '/formations');
});

// ——— Sessions of an establishment ———

async function sessionsPage(c: Context<AppEnv>, establishmentId: number, archived: boolean, form: RowForm, status: Status = 200) {
  const { em, scope } = c.var;
  const establishment = await findEstablishment(em, scope, establishmentId);
  const sessions = await listSessions(em, scope, establishmentId, { archived });
  const page = (
    <SessionsPage
      establishment={establishment}
      sessions={sessions}
      programmes={await programmeChoices(em)}
      canManage={scope.canManageEstablishment(establishmentId)}
      today={c.var.clock.today()}
      archived={archived}
      {...form}
    />
  );
  return renderPage(c, `Sessions — ${establishment.name}`, page, status);
}

trainingRoutes.get('/etablissements/:id{[0-9]+}/sessions', (c) => {
  c.var.scope.must(c.var.scope.managesEstablishments);
  return sessionsPage(c, id(c), c.req.query('archives') === '1', NO_FORM);
});

inlineTable(trainingRoutes, {
  rows: {
    path: '/sessions/:id{[0-9]+}',
    find: (c, sessionId) => findSession(c.var.em, c.var.scope, sessionId),
    mayEdit: (c, session) => c.var.scope.assertCanManage(session.establishment.id),
    values: sessionValues,
    row: (c, session, saved) => (
      <SessionRowView session={session} canManage={c.var.scope.canManageEstablishment(session.establishment.id)} today={c.var.clock.today()} saved={saved} />
    ),
    editRow: async (c, session, form) => ({
      row: <SessionEditRow session={session} programmes={await programmeChoices(c.var.em)} {...form} />,
      page: {
        title: 'Modifier la session',
        heading: 'Modifier la session',
        back: `/etablissements/${session.establishment.id}/sessions`,
        columns: SESSION_COLUMNS,
      },
    }),
    schema: sessionForm,
    update: (c, sessionId, input, version) => updateSession(c.var.em, c.var.scope, sessionId, input, version),
    saved: (session) => ({ message: 'La session est enregistrée.', redirect: `/etablissements/${session.establishment.id}/sessions` }),
  },
  add: {
    path: '/etablissements/:id{[0-9]+}/sessions',
    mayAdd: (c) => c.var.scope.assertCanManage(id(c)),
    schema: sessionForm,
    create: (c, input) => createSession(c.var.em, c.var.scope, id(c), input),
    section: async (c, form, created) => (
      <SessionsSection
        establishment={await findEstablishment(c.var.em, c.var.scope, id(c))}
        sessions={await listSessions(c.var.em, c.var.scope, id(c))}
        programmes={await programmeChoices(c.var.em)}
        canManage
        canAdd
        today={c.var.clock.today()}
        {...form}
        created={created !== undefined}
      />
    ),
    page: (c, form, status) => sessionsPage(c, id(c), false, form, status),
    created: (session) => ({ message: 'La session a été programmée.', redirect: `/etablissements/${session.establishment.id}/sessions` }),
  },
});

trainingRoutes.post('/sessions/:id{[0-9]+}/:change{archivage|restauration}', async (c) => {
  const change = c.req.param('change') === 'archivage' ? 'archive' : 'restore';
  const session = await changeSession(c.var.em, c.var.scope, id(c), change);
  await flash(c, change === 'archive' ? 'info' : 'success', change === 'archive' ? 'La session est archivée.' : 'La session est restaurée.');
  return redirectAfterPost(c, `/etablissements/${session.establishment.id}/sessions`);
});
