import type { Context } from 'hono';
import { Hono } from 'hono';
import { type SkillFailure, SkillsPage } from '../../views/attestations/skills.tsx';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import { type FormValues, one, safeReturnPath } from '../platform/forms.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { renderPage } from '../platform/render.tsx';
import { skillForm } from './forms.ts';
import { assignmentSkills, canRemoveSkill, issueAttestation, noteSkill, removeSkill, workshopSkills } from './service.ts';

/** The attestation PDF, and the skills a workshop notes for the people holding its posts (issue 22, item 6). */
export const attestationRoutes = new Hono<AppEnv>();

type Ctx = Context<AppEnv>;
const id = (c: Ctx) => Number(c.req.param('id'));
const INTRO = 'Les compétences notées ici figurent sur l’attestation de travail et de formation remise à la personne pour sa recherche d’emploi.';

/** A workshop's current holders, by name and post only, each with their skills and a one-line form. */
async function workshopPage(c: Ctx, failure?: SkillFailure, status: 200 | 409 | 422 = 200) {
  const today = c.var.clock.today();
  const { workshop, holders } = await workshopSkills(c.var.em, c.var.scope, id(c), today);
  const here = `/ateliers/${workshop.id}/competences`;
  const crumbs = [{ href: `/ateliers/${workshop.id}`, label: workshop.name }, { label: 'Compétences' }];
  const canRemove = (s: { notedById: number; notedOn: string }) => canRemoveSkill(c.var.scope, workshop.establishment.id, s, today);
  const page = (
    <SkillsPage
      title={`Compétences observées — ${workshop.name}`}
      intro={INTRO}
      crumbs={crumbs}
      here={here}
      holders={holders}
      actionOf={() => here}
      canRemove={canRemove}
      today={today}
      failure={failure}
    />
  );
  return renderPage(c, `Compétences — ${workshop.name}`, page, status);
}

/** One assignment's skills (reached from the person page). */
async function assignmentPage(c: Ctx, failure?: SkillFailure, status: 200 | 409 | 422 = 200) {
  const today = c.var.clock.today();
  const { establishmentId, detaineeId, holder } = await assignmentSkills(c.var.em, c.var.scope, id(c), today);
  const here = `/affectations/${holder.assignmentId}/competences`;
  const crumbs = [{ href: `/personnes/${detaineeId}`, label: holder.person }, { label: 'Compétences' }];
  const canRemove = (s: { notedById: number; notedOn: string }) => canRemoveSkill(c.var.scope, establishmentId, s, today);
  const page = (
    <SkillsPage
      title={`Compétences observées — ${holder.post}`}
      intro={INTRO}
      crumbs={crumbs}
      here={here}
      holders={[holder]}
      actionOf={() => here}
      canRemove={canRemove}
      today={today}
      failure={failure}
    />
  );
  return renderPage(c, `Compétences — ${holder.person}`, page, status);
}

/** Notes the skill on the line's assignment, then back to `back`; a refusal shows the page again with the message next to the field. */
function noting(c: Ctx, assignmentOf: (values: FormValues) => number, page: typeof workshopPage, back: () => string) {
  return formAction(c, skillForm, {
    run: (input, values) => noteSkill(c.var.em, c.var.scope, assignmentOf(values), input, c.var.clock.today()),
    done: async (skill) => {
      await flash(c, 'success', `La compétence « ${skill.label} » est notée ; elle figurera sur l’attestation.`);
      return redirectAfterPost(c, `${back()}#affectation-${skill.assignment.id}`);
    },
    refused: ({ values, errors, status }) => page(c, { assignmentId: assignmentOf(values), values, errors }, status),
  });
}

attestationRoutes.get('/ateliers/:id{[0-9]+}/competences', (c) => workshopPage(c));
attestationRoutes.post('/ateliers/:id{[0-9]+}/competences', (c) =>
  noting(
    c,
    (v) => Number(one(v as Record<string, string>, 'affectation')),
    workshopPage,
    () => `/ateliers/${id(c)}/competences`,
  ),
);
attestationRoutes.get('/affectations/:id{[0-9]+}/competences', (c) => assignmentPage(c));
attestationRoutes.post('/affectations/:id{[0-9]+}/competences', (c) =>
  noting(
    c,
    () => id(c),
    assignmentPage,
    () => `/affectations/${id(c)}/competences`,
  ),
);

attestationRoutes.post('/competences/:id{[0-9]+}/suppression', async (c) => {
  const back = safeReturnPath(one((await c.req.parseBody()) as Record<string, string>, 'retour'));
  await removeSkill(c.var.em, c.var.scope, id(c), c.var.clock.today());
  await flash(c, 'success', 'La compétence est retirée.');
  return redirectAfterPost(c, back);
});

/** Issues the attestation (recorded with its SHA-256) and serves it. */
attestationRoutes.get('/personnes/:id{[0-9]+}/attestation.pdf', async (c) => {
  const { bytes, name } = await issueAttestation(c.var.em, c.var.scope, id(c), c.var.clock);
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="${name}"`,
    'Cache-Control': 'private, no-store',
  });
});
