import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { AssignFromListForm } from '../../views/assignments/board.tsx';
import { Assignment } from '../assignments/entities.ts';
import { assignmentForm } from '../assignments/forms.ts';
import { assign, enroll, nextContractReference } from '../assignments/service.ts';
import { dayField } from '../detainees/forms.ts';
import { personAction, today } from '../detainees/routes.tsx';
import type { AppEnv } from '../platform/context.ts';
import { FieldErrors, RuleError } from '../platform/errors.ts';
import { type FormValues, one, parseForm, readForm } from '../platform/forms.ts';
import { isHtmx, redirectAfterPost } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { flash } from '../platform/session.ts';
import { Post } from '../workshops/entities.ts';
import type { Candidacy } from './entities.ts';
import { candidacyForm, cpuForm, rankForm, withdrawalForm } from './forms.ts';
import { createCandidacy, findCandidacy, pinCandidacy, recordCpuOpinion, unpinCandidacy, withdrawCandidacy } from './service.ts';

export const candidacyRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));
const personOf = (c: Context<AppEnv>) => async () => (await findCandidacy(c.var.em, c.var.scope, id(c))).detainee.id;

candidacyRoutes.post('/personnes/:id{[0-9]+}/candidatures', (c) =>
  personAction(
    c,
    async () => id(c),
    'candidature',
    async (values) => {
      await createCandidacy(c.var.em, c.var.scope, id(c), parseForm(candidacyForm, values));
      return 'La candidature est enregistrée ; elle attend l’avis de la CPU.';
    },
  ),
);

candidacyRoutes.post('/candidatures/:id{[0-9]+}/avis', (c) =>
  personAction(c, personOf(c), `avis-${id(c)}`, async (values) => {
    const candidacy = await recordCpuOpinion(c.var.em, c.var.scope, id(c), parseForm(cpuForm, values));
    return candidacy.status === 'approved'
      ? 'Avis favorable : la personne est inscrite sur la liste d’attente.'
      : 'Avis défavorable : la candidature est close.';
  }),
);

candidacyRoutes.post('/candidatures/:id{[0-9]+}/retrait', (c) =>
  personAction(c, personOf(c), `retrait-${id(c)}`, async (values) => {
    await withdrawCandidacy(c.var.em, c.var.scope, id(c), parseForm(withdrawalForm, values));
    return 'La candidature est retirée.';
  }),
);

candidacyRoutes.post('/candidatures/:id{[0-9]+}/rang', (c) =>
  personAction(c, personOf(c), `rang-${id(c)}`, async (values) => {
    if (one(values, 'annuler') === '1') {
      await unpinCandidacy(c.var.em, c.var.scope, id(c));
      return 'La personne reprend sa place dans l’ordre de la liste.';
    }
    const input = parseForm(rankForm, values);
    await pinCandidacy(c.var.em, c.var.scope, id(c), input);
    return `La personne est placée au rang ${input.rank} de la liste d’attente.`;
  }),
);

/** Vacant posts of the candidacy's workshop, the post asked for first when it is vacant. */
async function vacantPostsFor(c: Context<AppEnv>, candidacy: Candidacy): Promise<Post[]> {
  const workshopId = candidacy.post?.workshop.id ?? candidacy.workshop?.id;
  const posts = await c.var.em.find(Post, { workshop: workshopId, status: 'open', archivedAt: null }, { orderBy: { code: 'asc' } });
  const held = await c.var.em.find(
    Assignment,
    { post: { $in: posts.map((p) => p.id) }, $or: [{ endedOn: null }, { endedOn: { $gte: today() } }] },
    { fields: ['post'] },
  );
  const heldIds = new Set(held.map((a) => a.post.id));
  const vacant = posts.filter((p) => !heldIds.has(p.id));
  return candidacy.post ? [...vacant.filter((p) => p.id === candidacy.post?.id), ...vacant.filter((p) => p.id !== candidacy.post?.id)] : vacant;
}

async function assignForm(c: Context<AppEnv>, candidacy: Candidacy, values: FormValues, errors: Record<string, string>, status: 200 | 409 | 422 = 200) {
  const posts = await vacantPostsFor(c, candidacy);
  const form = (
    <AssignFromListForm
      c={candidacy}
      posts={posts}
      values={{ postId: posts[0]?.id, contractReference: await nextContractReference(c.var.em, candidacy.establishment.id, today()), ...values }}
      errors={errors}
      today={today()}
    />
  );
  if (isHtmx(c)) return renderFragment(c, form, status);
  return renderPage(
    c,
    'Affecter depuis la liste d’attente',
    <>
      <h1>Affecter depuis la liste d’attente</h1>
      <ul class="atelier-waiting">{form}</ul>
    </>,
    status,
  );
}

/** First click on the board: the waiting person's row becomes the assignment form. */
candidacyRoutes.get('/candidatures/:id{[0-9]+}/affectation', async (c) => {
  const candidacy = await findCandidacy(c.var.em, c.var.scope, id(c));
  c.var.scope.assertCanManage(candidacy.establishment.id);
  if (candidacy.status !== 'approved' || candidacy.session) throw new RuleError('Cette candidature n’attend pas de poste : rechargez le tableau.', 409);
  return assignForm(c, candidacy, {}, {});
});

/** Second click: the assignment, which closes the candidacy as assigned. */
candidacyRoutes.post('/candidatures/:id{[0-9]+}/affectation', async (c) => {
  const { em, scope } = c.var;
  const candidacy = await findCandidacy(em, scope, id(c));
  const values = await readForm(c.req);
  try {
    const input = parseForm(assignmentForm, values);
    const assignment = await assign(em, scope, candidacy.detainee.id, input, { candidacyId: candidacy.id });
    await flash(
      c,
      'success',
      `${candidacy.detainee.fullName()} est affecté·e au poste ${assignment.post.code} à partir du ${assignment.startsOn.split('-').reverse().join('/')}.`,
    );
    return redirectAfterPost(c, `/etablissements/${candidacy.establishment.id}/tableau`);
  } catch (e) {
    if (e instanceof FieldErrors) return assignForm(c, candidacy, values, e.fields, 422);
    if (e instanceof RuleError) return assignForm(c, candidacy, values, { _form: e.message }, e.status);
    throw e;
  }
});

candidacyRoutes.post('/candidatures/:id{[0-9]+}/inscription', async (c) => {
  const { em, scope } = c.var;
  const candidacy = await findCandidacy(em, scope, id(c));
  const values = await readForm(c.req);
  try {
    if (!candidacy.session) throw new RuleError('Cette candidature ne porte pas sur une session de formation.', 409);
    const { startsOn } = parseForm(z.object({ startsOn: dayField('Indiquez la date d’entrée en formation.') }), {
      startsOn: one(values, 'startsOn') || today(),
    });
    await enroll(em, scope, candidacy.detainee.id, { sessionId: candidacy.session.id, startsOn }, { candidacyId: candidacy.id });
    await flash(c, 'success', `${candidacy.detainee.fullName()} est inscrit·e à la session « ${candidacy.session.programme.title} ».`);
  } catch (e) {
    if (!(e instanceof RuleError || e instanceof FieldErrors)) throw e;
    await flash(c, 'error', e instanceof RuleError ? e.message : Object.values(e.fields).join(' '));
  }
  return redirectAfterPost(c, `/etablissements/${candidacy.establishment.id}/tableau`);
});
