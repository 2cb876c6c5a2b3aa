import type { Context } from 'hono';
import { Hono } from 'hono';
import { BoardPage, WithoutActivityPage } from '../../views/assignments/board.tsx';
import { Detainee } from '../detainees/entities.ts';
import { personAction, today } from '../detainees/routes.tsx';
import type { AppEnv } from '../platform/context.ts';
import { NotFoundError } from '../platform/errors.ts';
import { parseForm } from '../platform/forms.ts';
import { renderPage } from '../platform/render.tsx';
import { findEstablishmentForSetup } from '../workshops/service.ts';
import { assignmentBoard, withoutActivity } from './board.ts';
import { Suspension } from './entities.ts';
import { assignmentForm, completionForm, dropForm, endForm, enrollmentForm, resumeForm, suspensionForm, trialForm } from './forms.ts';
import {
  assign,
  changeTrialEnd,
  endAssignment,
  endSuspension,
  enroll,
  findAssignment,
  findEnrollment,
  finishEnrollment,
  suspendAssignment,
} from './service.ts';

export const assignmentRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

assignmentRoutes.get('/etablissements/:id{[0-9]+}/tableau', async (c) => {
  const { em, scope } = c.var;
  const establishment = await findEstablishmentForSetup(em, scope, id(c));
  const board = await assignmentBoard(em, scope, establishment.id, today());
  return renderPage(c, `Tableau des affectations — ${establishment.name}`, <BoardPage establishment={establishment} board={board} today={today()} />);
});

assignmentRoutes.get('/etablissements/:id{[0-9]+}/sans-activite', async (c) => {
  const { em, scope } = c.var;
  const establishment = await findEstablishmentForSetup(em, scope, id(c));
  const rows = await withoutActivity(em, scope, establishment.id, today());
  const present = await em.count(Detainee, { establishment, status: 'present' });
  return renderPage(c, `Sans activité — ${establishment.name}`, <WithoutActivityPage establishment={establishment} rows={rows} present={present} />);
});

assignmentRoutes.post('/personnes/:id{[0-9]+}/affectations', (c) =>
  personAction(
    c,
    async () => id(c),
    'affectation',
    async (values) => {
      const a = await assign(c.var.em, c.var.scope, id(c), parseForm(assignmentForm, values));
      return `Affectation enregistrée au poste ${a.post.code} à partir du ${a.startsOn.split('-').reverse().join('/')}.`;
    },
  ),
);

const personOfAssignment = (c: Context<AppEnv>) => async () => (await findAssignment(c.var.em, c.var.scope, id(c))).detainee.id;

assignmentRoutes.post('/affectations/:id{[0-9]+}/fin', (c) =>
  personAction(c, personOfAssignment(c), `fin-${id(c)}`, async (values) => {
    const a = await endAssignment(c.var.em, c.var.scope, id(c), parseForm(endForm, values));
    return `L’affectation au poste ${a.post.code} se termine le ${String(a.endedOn).split('-').reverse().join('/')}. Le poste est libéré.`;
  }),
);

assignmentRoutes.post('/affectations/:id{[0-9]+}/suspension', (c) =>
  personAction(c, personOfAssignment(c), `suspension-${id(c)}`, async (values) => {
    await suspendAssignment(c.var.em, c.var.scope, id(c), parseForm(suspensionForm, values));
    return 'La suspension est enregistrée ; le poste reste réservé.';
  }),
);

assignmentRoutes.post('/affectations/:id{[0-9]+}/essai', (c) =>
  personAction(c, personOfAssignment(c), `essai-${id(c)}`, async (values) => {
    await changeTrialEnd(c.var.em, c.var.scope, id(c), parseForm(trialForm, values));
    return 'La période d’essai est modifiée.';
  }),
);

assignmentRoutes.post('/suspensions/:id{[0-9]+}/fin', (c) =>
  personAction(
    c,
    async () => {
      const s = await c.var.em.findOne(Suspension, id(c), { populate: ['assignment'] });
      if (!s || !c.var.scope.canSeeEstablishment(s.establishment.id)) throw new NotFoundError();
      return s.assignment.detainee.id;
    },
    'page',
    async (values) => {
      await endSuspension(c.var.em, c.var.scope, id(c), parseForm(resumeForm, values).on);
      return 'La reprise est enregistrée.';
    },
  ),
);

assignmentRoutes.post('/personnes/:id{[0-9]+}/inscriptions', (c) =>
  personAction(
    c,
    async () => id(c),
    'inscription',
    async (values) => {
      const e = await enroll(c.var.em, c.var.scope, id(c), parseForm(enrollmentForm, values));
      return `Inscription enregistrée à la session « ${e.session.programme.title} ».`;
    },
  ),
);

const personOfEnrollment = (c: Context<AppEnv>) => async () => (await findEnrollment(c.var.em, c.var.scope, id(c))).detainee.id;

assignmentRoutes.post('/inscriptions/:id{[0-9]+}/fin', (c) =>
  personAction(c, personOfEnrollment(c), `terminee-${id(c)}`, async (values) => {
    const input = parseForm(completionForm, values);
    await finishEnrollment(c.var.em, c.var.scope, id(c), { kind: 'completed', ...input });
    return input.certified ? 'Formation terminée avec la certification.' : 'Formation terminée, sans la certification.';
  }),
);

assignmentRoutes.post('/inscriptions/:id{[0-9]+}/abandon', (c) =>
  personAction(c, personOfEnrollment(c), `abandon-${id(c)}`, async (values) => {
    await finishEnrollment(c.var.em, c.var.scope, id(c), { kind: 'dropped', ...parseForm(dropForm, values) });
    return 'L’abandon est enregistré ; la place est libérée.';
  }),
);
