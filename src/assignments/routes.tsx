import type { Context } from 'hono';
import { Hono } from 'hono';
import { AssignFromListForm, AssignFromListPage, BoardPage, WithoutActivityPage } from '../../views/assignments/board.tsx';
import type { Errors, Values } from '../../views/components/forms.tsx';
import { findCandidacy } from '../candidacies/service.ts';
import { findEstablishment } from '../establishments/service.ts';
import type { AppEnv } from '../platform/context.ts';
import { RuleError } from '../platform/errors.ts';
import { flash } from '../platform/flash.ts';
import { formAction, pageOrFragment } from '../platform/form-action.ts';
import { formatShortDay } from '../platform/format.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { assignmentBoard, withoutActivity } from './board.ts';
import { assignmentForm, enrollmentFromListForm } from './forms.ts';
import { assignFromListChoices, assignFromWaitingList, enrollFromWaitingList } from './service.ts';

export const assignmentRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

assignmentRoutes.get('/etablissements/:id{[0-9]+}/tableau', async (c) => {
  const { em, scope } = c.var;
  const establishment = await findEstablishment(em, scope, id(c));
  const today = c.var.clock.today();
  const board = await assignmentBoard(em, scope, establishment.id, today);
  return renderPage(c, `Tableau des affectations — ${establishment.name}`, <BoardPage establishment={establishment} board={board} today={today} />);
});

assignmentRoutes.get('/etablissements/:id{[0-9]+}/sans-activite', async (c) => {
  const establishment = await findEstablishment(c.var.em, c.var.scope, id(c));
  const { rows, present } = await withoutActivity(c.var.em, c.var.scope, establishment.id, c.var.clock.today());
  return renderPage(c, `Sans activité — ${establishment.name}`, <WithoutActivityPage establishment={establishment} rows={rows} present={present} />);
});

// ——— From the board's waiting lists ———

type Choices = Awaited<ReturnType<typeof assignFromListChoices>>;
const choicesOf = (c: Context<AppEnv>) => assignFromListChoices(c.var.em, c.var.scope, id(c), c.var.clock.today());

/** The assign-from-the-waiting-list form: in place of the person's row (htmx), or on a page of its own. */
function assignFromList(
  c: Context<AppEnv>,
  { candidacy, posts, contractReference }: Choices,
  values: Values = {},
  errors: Errors = {},
  status: 200 | 409 | 422 = 200,
) {
  const today = c.var.clock.today();
  const form = <AssignFromListForm c={candidacy} posts={posts} values={{ postId: posts[0]?.id, contractReference, ...values }} errors={errors} today={today} />;
  return pageOrFragment(c, {
    fragment: () => renderFragment(c, form, status),
    page: () => renderPage(c, 'Affecter depuis la liste d’attente', <AssignFromListPage>{form}</AssignFromListPage>, status),
  });
}

/** First click on the board: the waiting person's row becomes the assignment form. */
assignmentRoutes.get('/candidatures/:id{[0-9]+}/affectation', async (c) => {
  const choices = await choicesOf(c);
  if (!choices.candidacy.waitsForPost()) throw new RuleError('Cette candidature n’attend pas de poste : rechargez le tableau.', 409);
  return assignFromList(c, choices);
});

/** Second click: the assignment, which closes the candidacy as assigned. */
assignmentRoutes.post('/candidatures/:id{[0-9]+}/affectation', (c) =>
  formAction(c, assignmentForm, {
    run: (input) => assignFromWaitingList(c.var.em, c.var.scope, id(c), input),
    done: async (a) => {
      await flash(c, 'success', `${a.detainee.fullName()} est affecté·e au poste ${a.post.code} à partir du ${formatShortDay(a.startsOn)}.`);
      return redirectAfterPost(c, `/etablissements/${a.establishment.id}/tableau`);
    },
    refused: async ({ values, errors, status }) => assignFromList(c, await choicesOf(c), values, errors, status),
  }),
);

/** One click on the board: the waiting person enters the session; back to the board either way. */
assignmentRoutes.post('/candidatures/:id{[0-9]+}/inscription', (c) => {
  const toBoard = async () => redirectAfterPost(c, `/etablissements/${(await findCandidacy(c.var.em, c.var.scope, id(c))).establishment.id}/tableau`);
  return formAction(c, enrollmentFromListForm(c.var.clock.today()), {
    run: (input) => enrollFromWaitingList(c.var.em, c.var.scope, id(c), input.startsOn),
    done: async (e) => {
      await flash(c, 'success', `${e.detainee.fullName()} est inscrit·e à la session « ${e.session.programme.title} ».`);
      return toBoard();
    },
    refused: async ({ errors }) => {
      await flash(c, 'error', Object.values(errors).join(' '));
      return toBoard();
    },
  });
});
