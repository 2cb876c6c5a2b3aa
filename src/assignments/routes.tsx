import type { Context } from 'hono';
import { Hono } from 'hono';
import { PostSelect } from '../../views/assignments/assignment-form.tsx';
import {
  AssignFromListForm,
  AssignFromListPage,
  BoardPage,
  BoardSummary,
  type SectionState,
  WithoutActivityPage,
  WorkshopBoard,
} from '../../views/assignments/board.tsx';
import type { Values } from '../../views/components/forms.tsx';
import type { Candidacy } from '../candidacies/entities.ts';
import { findCandidacy } from '../candidacies/service.ts';
import { findEstablishment } from '../establishments/service.ts';
import type { AppEnv } from '../platform/context.ts';
import { RuleError } from '../platform/errors.ts';
import { flash } from '../platform/flash.ts';
import { formAction, pageOrFragment, type Refusal } from '../platform/form-action.ts';
import { isHtmx, redirectAfterPost } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { assignmentBoard, withoutActivity } from './board.ts';
import { assignmentForm, enrollmentFromListForm } from './forms.ts';
import { assignedMessage } from './messages.ts';
import { assignFromListChoices, assignFromWaitingList, contractDates, enrollFromWaitingList } from './service.ts';

export const assignmentRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

/** The board, or one workshop of it (`?atelier=`): an unknown or malformed number shows them all. */
assignmentRoutes.get('/etablissements/:id{[0-9]+}/tableau', async (c) => {
  const { em, scope } = c.var;
  const establishment = await findEstablishment(em, scope, id(c));
  const today = c.var.clock.today();
  const board = await assignmentBoard(em, scope, establishment.id, today);
  const wanted = Number(c.req.query('atelier'));
  const shown = board.workshops.some((w) => w.workshop.id === wanted) ? wanted : null;
  return renderPage(
    c,
    `Tableau des affectations — ${establishment.name}`,
    <BoardPage establishment={establishment} board={board} today={today} shown={shown} />,
  );
});

assignmentRoutes.get('/etablissements/:id{[0-9]+}/sans-activite', async (c) => {
  const establishment = await findEstablishment(c.var.em, c.var.scope, id(c));
  const { rows, present } = await withoutActivity(c.var.em, c.var.scope, establishment.id, c.var.clock.today());
  return renderPage(c, `Sans activité — ${establishment.name}`, <WithoutActivityPage establishment={establishment} rows={rows} present={present} />);
});

// ——— From the board's waiting lists ———

type Choices = Awaited<ReturnType<typeof assignFromListChoices>>;
/** The form's choices for the dates typed (posted or in the query), from today with no end when none. */
const choicesOf = (c: Context<AppEnv>, values: Values = c.req.query()) =>
  assignFromListChoices(c.var.em, c.var.scope, id(c), c.var.clock.today(), contractDates(values, c.var.clock.today()));

/** The assign-from-the-waiting-list form: in place of the person's row (htmx), or on a page of its own. */
function assignFromList(c: Context<AppEnv>, { candidacy, posts, contractReference }: Choices) {
  const values = { postId: posts[0]?.id, contractReference, startsOn: c.var.clock.today() };
  const form = <AssignFromListForm c={candidacy} posts={posts} values={values} errors={{}} autofocus />;
  return pageOrFragment(c, {
    fragment: () => renderFragment(c, form),
    page: () => renderPage(c, 'Affecter depuis la liste d’attente', <AssignFromListPage>{form}</AssignFromListPage>),
  });
}

/**
 * The workshop's section again, after an assignment from its list (htmx): with the message, or
 * with the refused form in its person's place; the focus goes there, not to the top of the page.
 */
async function workshopSection(c: Context<AppEnv>, candidacy: Candidacy, state: SectionState, status: 200 | 409 | 422 = 200) {
  const board = await assignmentBoard(c.var.em, c.var.scope, candidacy.establishment.id, c.var.clock.today());
  const w = board.workshops.find((x) => x.workshop.id === (candidacy.post?.workshop.id ?? candidacy.workshop?.id));
  if (!w) return redirectAfterPost(c, `/etablissements/${candidacy.establishment.id}/tableau`);
  return renderFragment(
    c,
    <>
      <WorkshopBoard w={w} today={c.var.clock.today()} state={state} />
      <BoardSummary board={board} oob />
    </>,
    status,
  );
}

/** After a refusal: the form with what was typed and why, in the section (htmx) or on its own page. */
async function refusedAssignment(c: Context<AppEnv>, { values, errors, status }: Refusal) {
  const { candidacy, posts } = await choicesOf(c, values);
  const form = <AssignFromListForm c={candidacy} posts={posts} values={values} errors={errors} autofocus />;
  return pageOrFragment(c, {
    fragment: () => workshopSection(c, candidacy, { form: { candidacyId: candidacy.id, node: form } }, status),
    page: () => renderPage(c, 'Affecter depuis la liste d’attente', <AssignFromListPage>{form}</AssignFromListPage>, status),
  });
}

/** First click on the board: the waiting person's row becomes the assignment form. */
assignmentRoutes.get('/candidatures/:id{[0-9]+}/affectation', async (c) => {
  const choices = await choicesOf(c);
  if (!choices.candidacy.waitsForPost()) throw new RuleError('Cette candidature n’attend pas de poste : rechargez le tableau.', 409);
  return assignFromList(c, choices);
});

/** A date of the form changed: the workshop's posts vacant over the contract's new dates. */
assignmentRoutes.get('/candidatures/:id{[0-9]+}/affectation/postes', async (c) => {
  const { candidacy, posts } = await choicesOf(c);
  return renderFragment(c, <PostSelect idPrefix={`affecter-${candidacy.id}`} posts={posts} values={c.req.query()} errors={{}} />);
});

/** Second click: the assignment, which closes the candidacy as assigned; the answer stays in the workshop's section. */
assignmentRoutes.post('/candidatures/:id{[0-9]+}/affectation', (c) =>
  formAction(c, assignmentForm, {
    run: (input) => assignFromWaitingList(c.var.em, c.var.scope, id(c), input),
    done: async (done) => {
      const workshop = done.assignment.post.workshop.id;
      if (isHtmx(c)) return workshopSection(c, await findCandidacy(c.var.em, c.var.scope, id(c)), { message: assignedMessage(done) });
      await flash(c, 'success', assignedMessage(done));
      return redirectAfterPost(c, `/etablissements/${done.assignment.establishment.id}/tableau?atelier=${workshop}#atelier-${workshop}`);
    },
    refused: (refusal) => refusedAssignment(c, refusal),
  }),
);

/** One click on the board: the waiting person enters the session; back to the board either way. */
assignmentRoutes.post('/candidatures/:id{[0-9]+}/inscription', (c) => {
  const toBoard = async () => {
    const candidacy = await findCandidacy(c.var.em, c.var.scope, id(c));
    return redirectAfterPost(c, `/etablissements/${candidacy.establishment.id}/tableau#session-${candidacy.session?.id}`);
  };
  return formAction(c, enrollmentFromListForm(c.var.clock.today()), {
    run: (input) => enrollFromWaitingList(c.var.em, c.var.scope, id(c), input.startsOn),
    done: async (e) => {
      await flash(c, 'success', `Inscription de ${e.detainee.fullName()} à la session « ${e.session.programme.title} » enregistrée.`);
      return toBoard();
    },
    refused: async ({ errors }) => {
      await flash(c, 'error', Object.values(errors).join(' '));
      return toBoard();
    },
  });
});
