import type { Context } from 'hono';
import { Hono } from 'hono';
import type { z } from 'zod';
import { PostSelect } from '../../views/assignments/assignment-form.tsx';
import { type FormFailure, PersonPage } from '../../views/detainees/person.tsx';
import { assignmentForm, completionForm, dropForm, endForm, enrollmentForm, resumeForm, suspensionForm, trialForm } from '../assignments/forms.ts';
import { assignedMessage } from '../assignments/messages.ts';
import { OutsideTimeError, type TimedDay } from '../assignments/outside-time.ts';
import {
  assign,
  changeTrialEnd,
  contractDates,
  endAssignment,
  endSuspension,
  enroll,
  findAssignment,
  findEnrollment,
  findSuspension,
  finishEnrollment,
  suspendAssignment,
  vacantPostsDuring,
} from '../assignments/service.ts';
import { attestationsOf } from '../attestations/service.ts';
import { candidacyForm, cpuForm, rankForm, withdrawalForm } from '../candidacies/forms.ts';
import { createCandidacy, findCandidacy, pinCandidacy, recordCpuOpinion, unpinCandidacy, withdrawCandidacy } from '../candidacies/service.ts';
import { parseDay } from '../platform/calendar.ts';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import { formatShortDay, plural } from '../platform/format.ts';
import { type FormValues, one, parseForm } from '../platform/forms.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { leavingForm } from './forms.ts';
import { personPageData } from './page.ts';
import { cancelLeaving, findDetainee, recordLeaving } from './service.ts';

/**
 * The person page and every action posted from it (candidacies, assignments, trainings,
 * leaving): each answers on that page, so the page's feature mounts them, calling the
 * services of the features that own the records.
 */
export const personRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

/** The person page, with the refused form open and its errors next to the fields. */
async function renderPerson(c: Context<AppEnv>, detaineeId: number, failure?: FormFailure, status: 200 | 409 | 422 = 200): Promise<Response> {
  const data = await personPageData(c.var.em, c.var.scope, detaineeId, c.var.clock.today(), failure, parseDay(c.req.query('conges') ?? '') ?? undefined);
  const attestations = await attestationsOf(c.var.em, data.detainee.id);
  return renderPage(c, data.detainee.fullName(), <PersonPage {...data} attestations={attestations} />, status);
}

/**
 * An action posted from the person page: on success a flash and back to the page; on a
 * refused field or rule, the page again with the form `form` open and the reason shown.
 * `person` finds whose page it is (after a refusal too, from what the database holds).
 */
function personAction<S extends z.ZodType>(
  c: Context<AppEnv>,
  person: () => Promise<number>,
  form: string,
  schema: S | null,
  run: (input: z.infer<S>, values: FormValues) => Promise<string>,
): Promise<Response> {
  // Time already typed that the change would leave outside the contract: kept to list it with the form.
  let outside: TimedDay[] | undefined;
  return formAction(c, schema, {
    run: (input, values) =>
      run(input, values).catch((error: unknown) => {
        if (error instanceof OutsideTimeError) outside = error.entries;
        throw error;
      }),
    done: async (message) => {
      await flash(c, 'success', message);
      return redirectAfterPost(c, `/personnes/${await person()}`);
    },
    refused: async ({ values, errors, status }) => {
      const detaineeId = await person();
      return renderPerson(c, detaineeId, { form, values, errors, outside: outside && { entries: outside, cancelHref: `/personnes/${detaineeId}` } }, status);
    },
  });
}

const thisPerson = (c: Context<AppEnv>) => async () => id(c);
const personOfCandidacy = (c: Context<AppEnv>) => async () => (await findCandidacy(c.var.em, c.var.scope, id(c))).detainee.id;
const personOfAssignment = (c: Context<AppEnv>) => async () => (await findAssignment(c.var.em, c.var.scope, id(c))).detainee.id;
const personOfSuspension = (c: Context<AppEnv>) => async () => (await findSuspension(c.var.em, c.var.scope, id(c))).assignment.detainee.id;
const personOfEnrollment = (c: Context<AppEnv>) => async () => (await findEnrollment(c.var.em, c.var.scope, id(c))).detainee.id;

personRoutes.get('/personnes/:id{[0-9]+}', (c) => renderPerson(c, id(c)));

// ——— Leaving the establishment, and undoing it ———

/** « , 1 demande de congé refusée, 1 congé annulé », or nothing. */
const leavingLeave = (l: { refused: number; cancelled: number; shortened: number }) =>
  `${l.refused ? `, ${plural(l.refused, 'demande de congé refusée', 'demandes de congé refusées')}` : ''}${l.cancelled ? `, ${plural(l.cancelled, 'congé annulé', 'congés annulés')}` : ''}${l.shortened ? `, ${plural(l.shortened, 'congé en cours arrêté', 'congés en cours arrêtés')} ce jour-là` : ''}`;

for (const [path, kind, label] of [
  ['liberation', 'released', 'libération'],
  ['transfert', 'transferred', 'transfert'],
] as const) {
  personRoutes.post(`/personnes/:id{[0-9]+}/${path}`, (c) =>
    personAction(c, thisPerson(c), path, leavingForm, async (input) => {
      const s = await recordLeaving(c.var.em, c.var.scope, id(c), kind, input);
      return `La ${label} est enregistrée : ${plural(s.endedAssignments, 'affectation terminée', 'affectations terminées')}, ${plural(s.droppedEnrollments, 'formation arrêtée', 'formations arrêtées')}, ${plural(s.closedCandidacies, 'candidature close', 'candidatures closes')}${leavingLeave(s.leave)}.${s.leave.settlement ? ` ${s.leave.settlement}` : ''}`;
    }),
  );
}

personRoutes.post('/personnes/:id{[0-9]+}/retour', (c) =>
  personAction(c, thisPerson(c), 'page', null, async () => {
    const r = await cancelLeaving(c.var.em, c.var.scope, id(c));
    return `La sortie est annulée : ${plural(r.reopened, 'affectation rouverte', 'affectations rouvertes')}${r.notReopened ? `, ${plural(r.notReopened, 'non rouverte', 'non rouvertes')} car le poste a été repris depuis` : ''}, ${plural(r.restoredTrainings, 'formation reprise', 'formations reprises')}${r.notRestoredTrainings ? `, ${plural(r.notRestoredTrainings, 'non reprise', 'non reprises')} car la session est complète depuis` : ''}${r.restoredLeave ? `, ${plural(r.restoredLeave, 'demande de congé rétablie', 'demandes de congé rétablies')}` : ''}${r.notRestoredLeave ? `, ${plural(r.notRestoredLeave, 'demande de congé non rétablie', 'demandes de congé non rétablies')} (dates reprises ou semaine validée depuis)` : ''}.`;
  }),
);

// ——— Candidacies ———

personRoutes.post('/personnes/:id{[0-9]+}/candidatures', (c) =>
  personAction(c, thisPerson(c), 'candidature', candidacyForm, async (input) => {
    await createCandidacy(c.var.em, c.var.scope, id(c), input);
    return 'La candidature est enregistrée ; elle attend l’avis de la CPU.';
  }),
);

personRoutes.post('/candidatures/:id{[0-9]+}/avis', (c) =>
  personAction(c, personOfCandidacy(c), `avis-${id(c)}`, cpuForm, async (input) => {
    const candidacy = await recordCpuOpinion(c.var.em, c.var.scope, id(c), input);
    return candidacy.status === 'approved'
      ? 'Avis favorable : la personne est inscrite sur la liste d’attente.'
      : 'Avis défavorable : la candidature est close.';
  }),
);

personRoutes.post('/candidatures/:id{[0-9]+}/retrait', (c) =>
  personAction(c, personOfCandidacy(c), `retrait-${id(c)}`, withdrawalForm, async (input) => {
    await withdrawCandidacy(c.var.em, c.var.scope, id(c), input);
    return 'La candidature est retirée.';
  }),
);

/** Pins the person at a rank of the waiting list, or (`annuler`) gives them back their place in its order. */
personRoutes.post('/candidatures/:id{[0-9]+}/rang', (c) =>
  personAction(c, personOfCandidacy(c), `rang-${id(c)}`, null, async (_, values) => {
    if (one(values, 'annuler') === '1') {
      await unpinCandidacy(c.var.em, c.var.scope, id(c));
      return 'La personne reprend sa place dans l’ordre de la liste.';
    }
    const input = parseForm(rankForm, values);
    await pinCandidacy(c.var.em, c.var.scope, id(c), input);
    return `La personne est placée au rang ${input.rank} de la liste d’attente.`;
  }),
);

// ——— Assignments ———

/** The same service as the board's: it closes the waiting-list candidacies the assignment answers, and says so. */
personRoutes.post('/personnes/:id{[0-9]+}/affectations', (c) =>
  personAction(c, thisPerson(c), 'affectation', assignmentForm, async (input) => assignedMessage(await assign(c.var.em, c.var.scope, id(c), input))),
);

/** A date of the assignment form changed: the establishment's posts vacant over the contract's new dates. */
personRoutes.get('/personnes/:id{[0-9]+}/affectation/postes', async (c) => {
  const detainee = await findDetainee(c.var.em, c.var.scope, id(c));
  const during = contractDates(c.req.query(), c.var.clock.today());
  const posts = await vacantPostsDuring(c.var.em, c.var.scope, detainee.establishment.id, during);
  return renderFragment(c, <PostSelect idPrefix="affectation" posts={posts} values={c.req.query()} errors={{}} withWorkshop />);
});

personRoutes.post('/affectations/:id{[0-9]+}/fin', (c) =>
  personAction(c, personOfAssignment(c), `fin-${id(c)}`, endForm, async (input) => {
    const a = await endAssignment(c.var.em, c.var.scope, id(c), input);
    return `L’affectation au poste ${a.post.code} se termine le ${formatShortDay(a.endedOn)}. Le poste est libéré.`;
  }),
);

personRoutes.post('/affectations/:id{[0-9]+}/suspension', (c) =>
  personAction(c, personOfAssignment(c), `suspension-${id(c)}`, suspensionForm, async (input) => {
    await suspendAssignment(c.var.em, c.var.scope, id(c), input);
    return 'La suspension est enregistrée ; le poste reste réservé.';
  }),
);

personRoutes.post('/affectations/:id{[0-9]+}/essai', (c) =>
  personAction(c, personOfAssignment(c), `essai-${id(c)}`, trialForm, async (input) => {
    await changeTrialEnd(c.var.em, c.var.scope, id(c), input);
    return 'La période d’essai est modifiée.';
  }),
);

personRoutes.post('/suspensions/:id{[0-9]+}/fin', (c) =>
  personAction(c, personOfSuspension(c), 'page', resumeForm, async (input) => {
    await endSuspension(c.var.em, c.var.scope, id(c), input.on);
    return 'La reprise est enregistrée.';
  }),
);

// ——— Trainings ———

personRoutes.post('/personnes/:id{[0-9]+}/inscriptions', (c) =>
  personAction(c, thisPerson(c), 'inscription', enrollmentForm, async (input) => {
    const e = await enroll(c.var.em, c.var.scope, id(c), input);
    return `Inscription enregistrée à la session « ${e.session.programme.title} ».${e.candidacy ? ' Sa candidature est close et retirée de la liste d’attente.' : ''}`;
  }),
);

personRoutes.post('/inscriptions/:id{[0-9]+}/fin', (c) =>
  personAction(c, personOfEnrollment(c), `terminee-${id(c)}`, completionForm, async (input) => {
    await finishEnrollment(c.var.em, c.var.scope, id(c), { kind: 'completed', ...input });
    return input.certified ? 'Formation terminée avec la certification.' : 'Formation terminée, sans la certification.';
  }),
);

personRoutes.post('/inscriptions/:id{[0-9]+}/abandon', (c) =>
  personAction(c, personOfEnrollment(c), `abandon-${id(c)}`, dropForm, async (input) => {
    await finishEnrollment(c.var.em, c.var.scope, id(c), { kind: 'dropped', ...input });
    return 'L’abandon est enregistré ; la place est libérée.';
  }),
);
