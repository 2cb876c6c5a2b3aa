import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { type BlockFailure, ItemOutcomes, MeetingPage, type SaveState, SaveStateView } from '../../views/committees/meeting.tsx';
import type { AppEnv } from '../platform/context.ts';
import { dayField, optionalDayField } from '../platform/fields.ts';
import { flash } from '../platform/flash.ts';
import { formAction, type Refusal } from '../platform/form-action.ts';
import { one } from '../platform/forms.ts';
import { isHtmx } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { amendMinutes, approveMinutes, previewMinutesPdf, resumeDrafting, storedMinutesPdf, submitMinutes } from './approval.ts';
import { ACTION_STATUSES } from './entities.ts';
import {
  type ActionInput,
  addAction,
  addDecision,
  DISCUSSION_CONFLICT,
  itemBlock,
  meetingPage,
  removeAction,
  removeDecision,
  saveDiscussion,
  updateAction,
  updateDecision,
} from './minutes.ts';

/** The meeting page, the live note-taking tool, and the minutes' workflow (issue 20, items 4, 5 and 7). */
export const minutesRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>, name = 'id') => Number(c.req.param(name));
const at = (c: Context<AppEnv>) => `/reunions/${id(c)}`;

const discussionForm = z.object({
  discussion: z.string().max(20000, 'le texte dépasse 20 000 caractères : découpez-le en plusieurs points.').default(''),
  version: z.coerce.number().int().min(1, 'version du texte manquante : rechargez la page.'),
  replaceVersion: z.coerce.number().int().min(1).optional(),
});
const decisionForm = z.object({
  text: z.string().trim().min(2, 'Écrivez la décision.').max(2000, 'Une décision tient en 2 000 caractères au plus.'),
});
const actionForm = z.object({
  title: z.string().trim().min(2, 'Indiquez l’action à mener.').max(300, 'Une action tient en 300 caractères au plus.'),
  ownerMemberId: z
    .string()
    .default('')
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((v) => v === null || Number.isSafeInteger(v), 'Choisissez le responsable parmi les membres du comité.'),
  dueOn: optionalDayField,
  status: z.enum(ACTION_STATUSES, { message: 'Choisissez l’état de l’action.' }),
});
const approvalForm = z.object({ approvedOn: dayField('Indiquez la date d’approbation.') });
const correctionForm = z.object({
  reason: z.string().trim().min(3, 'Indiquez le motif de la correction.').max(500, 'Le motif tient en 500 caractères au plus.'),
});

minutesRoutes.get('/reunions/:id{[0-9]+}', async (c) => {
  const data = await meetingPage(c.var.em, c.var.scope, id(c));
  return renderPage(c, `Réunion — ${data.access.committee.name}`, <MeetingPage data={data} today={c.var.clock.today()} />);
});

/** Autosave of an item's text: htmx gets the save state; a stale version is refused (409) and the typed text kept. */
minutesRoutes.post('/reunions/:id{[0-9]+}/points/:item{[0-9]+}/texte', (c) =>
  formAction(c, discussionForm, {
    run: (input) =>
      saveDiscussion(c.var.em, c.var.scope, id(c), id(c, 'item'), { discussion: input.discussion, version: input.replaceVersion ?? input.version }),
    done: (item) =>
      isHtmx(c)
        ? renderFragment(c, <SaveStateView itemId={item.id} version={item.version} state={{ kind: 'saved', at: c.var.clock.now() }} />)
        : c.redirect(`${at(c)}#point-${item.id}`, 303),
    refused: (refusal) => textRefused(c, refusal),
  }),
);

/** The save state after a refusal: someone else's save (their text shown, ours kept in the field), or the reason. */
async function textRefused(c: Context<AppEnv>, refusal: Refusal) {
  const typed = one(refusal.values, 'discussion');
  const version = Number(one(refusal.values, 'version')) || 1;
  const message = Object.values(refusal.errors)[0] ?? '';
  let state: SaveState = { kind: 'refused', message: message.charAt(0).toLocaleLowerCase('fr') + message.slice(1) };
  if (refusal.stale) {
    // Read again: the refusal cleared the unit of work.
    const { block } = await itemBlock(c.var.em, c.var.scope, id(c), id(c, 'item'));
    state = { kind: 'conflict', message: DISCUSSION_CONFLICT, currentText: block.item.discussion, currentVersion: block.item.version };
  }
  if (isHtmx(c)) return renderFragment(c, <SaveStateView itemId={id(c, 'item')} version={version} state={state} />, refusal.status);
  const data = await meetingPage(c.var.em, c.var.scope, id(c));
  const page = <MeetingPage data={data} today={c.var.clock.today()} typed={{ itemId: id(c, 'item'), discussion: typed, state }} />;
  return renderPage(c, `Réunion — ${data.access.committee.name}`, page, refusal.status);
}

/** A decision or action form under an item: htmx gets the item's block again, a plain form the page. */
function outcome<S extends z.ZodType>(
  schema: S | null,
  form: (c: Context<AppEnv>) => string,
  run: (c: Context<AppEnv>, input: z.infer<S>) => Promise<unknown>,
) {
  return (c: Context<AppEnv>) =>
    formAction(c, schema, {
      run: (input) => run(c, input),
      done: () => (isHtmx(c) ? block(c) : c.redirect(`${at(c)}#point-${id(c, 'item')}`, 303)),
      refused: (refusal) => block(c, { form: form(c), errors: refusal.errors, values: refusal.values }, refusal.status),
    });
}

async function block(c: Context<AppEnv>, failure?: BlockFailure, status: 200 | 409 | 422 = 200) {
  const { data, block } = await itemBlock(c.var.em, c.var.scope, id(c), id(c, 'item'));
  if (isHtmx(c)) return renderFragment(c, <ItemOutcomes data={data} block={block} failure={failure} />, status);
  const page = <MeetingPage data={data} today={c.var.clock.today()} failure={failure ? { ...failure, itemId: block.item.id } : undefined} />;
  return renderPage(c, `Réunion — ${data.access.committee.name}`, page, status);
}

const item = '/reunions/:id{[0-9]+}/points/:item{[0-9]+}';
const actionInput = (input: z.infer<typeof actionForm>): ActionInput => ({
  title: input.title,
  ownerMemberId: input.ownerMemberId,
  dueOn: input.dueOn,
  status: input.status,
});

minutesRoutes.post(
  `${item}/decisions`,
  outcome(
    decisionForm,
    () => 'decision',
    (c, input) => addDecision(c.var.em, c.var.scope, id(c), id(c, 'item'), input.text),
  ),
);
minutesRoutes.post(
  `${item}/decisions/:decision{[0-9]+}`,
  outcome(
    decisionForm,
    (c) => `decision-${id(c, 'decision')}`,
    (c, input) => updateDecision(c.var.em, c.var.scope, id(c), id(c, 'item'), id(c, 'decision'), input.text),
  ),
);
minutesRoutes.post(
  `${item}/decisions/:decision{[0-9]+}/suppression`,
  outcome(
    null,
    (c) => `decision-${id(c, 'decision')}`,
    (c) => removeDecision(c.var.em, c.var.scope, id(c), id(c, 'item'), id(c, 'decision')),
  ),
);
minutesRoutes.post(
  `${item}/actions`,
  outcome(
    actionForm,
    () => 'action',
    (c, input) => addAction(c.var.em, c.var.scope, id(c), id(c, 'item'), actionInput(input)),
  ),
);
minutesRoutes.post(
  `${item}/actions/:action{[0-9]+}`,
  outcome(
    actionForm,
    (c) => `action-${id(c, 'action')}`,
    (c, input) => updateAction(c.var.em, c.var.scope, id(c), id(c, 'item'), id(c, 'action'), actionInput(input)),
  ),
);
minutesRoutes.post(
  `${item}/actions/:action{[0-9]+}/suppression`,
  outcome(
    null,
    (c) => `action-${id(c, 'action')}`,
    (c) => removeAction(c.var.em, c.var.scope, id(c), id(c, 'item'), id(c, 'action')),
  ),
);

/** A step of the workflow: done, it says so on the page; refused, the page again with the reason next to its field. */
function step<S extends z.ZodType>(schema: S | null, run: (c: Context<AppEnv>, input: z.infer<S>) => Promise<unknown>, success: string) {
  return (c: Context<AppEnv>) =>
    formAction(c, schema, {
      run: (input) => run(c, input),
      done: async () => {
        await flash(c, 'success', success);
        return c.redirect(at(c), 303);
      },
      refused: async (refusal) => {
        const data = await meetingPage(c.var.em, c.var.scope, id(c));
        const page = <MeetingPage data={data} today={c.var.clock.today()} step={{ errors: refusal.errors, values: refusal.values }} />;
        return renderPage(c, `Réunion — ${data.access.committee.name}`, page, refusal.status);
      },
    });
}

minutesRoutes.post(
  '/reunions/:id{[0-9]+}/soumission',
  step(null, (c) => submitMinutes(c.var.em, c.var.scope, id(c), c.var.clock), 'Le compte rendu est soumis aux membres.'),
);
minutesRoutes.post(
  '/reunions/:id{[0-9]+}/reprise',
  step(null, (c) => resumeDrafting(c.var.em, c.var.scope, id(c)), 'Le compte rendu est de nouveau en rédaction.'),
);
minutesRoutes.post(
  '/reunions/:id{[0-9]+}/approbation',
  step(
    approvalForm,
    (c, input) => approveMinutes(c.var.em, c.var.scope, id(c), input, c.var.clock),
    'Le compte rendu est approuvé : ses décisions sont numérotées et son PDF est archivé.',
  ),
);
minutesRoutes.post(
  '/reunions/:id{[0-9]+}/correction',
  step(
    correctionForm,
    (c, input) => amendMinutes(c.var.em, c.var.scope, id(c), input.reason),
    'Le compte rendu est rouvert pour correction : la version approuvée reste dans l’archive.',
  ),
);

/**
 * The approved PDF exactly as stored (the latest edition, or `?version=N`); minutes never approved,
 * or `?projet=1` while a correction is written, are rendered now and marked « Projet ».
 */
minutesRoutes.get('/reunions/:id{[0-9]+}/compte-rendu.pdf', async (c) => {
  const version = c.req.query('version');
  const stored = c.req.query('projet') ? null : await storedMinutesPdf(c.var.em, c.var.scope, id(c), version === undefined ? undefined : Number(version));
  const pdf = stored?.pdf ?? (await previewMinutesPdf(c.var.em, c.var.scope, id(c)));
  const name = stored ? `compte-rendu-reunion-${id(c)}-v${stored.edition}.pdf` : `projet-compte-rendu-reunion-${id(c)}.pdf`;
  const headers: Record<string, string> = { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${name}"` };
  if (stored) headers.ETag = `"${stored.sha256}"`;
  return c.body(new Uint8Array(pdf), 200, headers);
});
