import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { ActionHistoryPage } from '../../views/committees/action.tsx';
import { CpuSittingPage } from '../../views/committees/cpu.tsx';
import { FollowUpRow } from '../../views/committees/follow-up.tsx';
import { followUpData, MeetingSetupPage, NewMeetingPage, type SetupRefusal } from '../../views/committees/meeting-setup.tsx';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction, type Refusal } from '../platform/form-action.ts';
import { isHtmx, redirectAfterPost } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { meetingAccess } from './access.ts';
import { cpuSitting, saveCpuSitting, withdrawCpuOpinion } from './cpu.ts';
import {
  actionHistory,
  addItem,
  committeeForNewMeeting,
  createMeeting,
  editItem,
  editMeeting,
  followUpForm,
  followUpOf,
  itemForm,
  meetingForm,
  meetingSetup,
  moveItem,
  removeItem,
  saveAttendance,
  updateFollowUp,
} from './meetings.ts';

/** Meetings: set-up (agenda, attendance, quorum), the follow-up of action items and the CPU sitting (issue 20, items 2 and 3). */
export const meetingRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>, name = 'id') => Number(c.req.param(name));
const preparation = (meetingId: number) => `/reunions/${meetingId}/preparation`;

async function setupPage(c: Context<AppEnv>, refused?: SetupRefusal, status: 200 | 409 | 422 = 200) {
  const setup = await meetingSetup(c.var.em, c.var.scope, id(c));
  return renderPage(c, 'Préparation de la réunion', <MeetingSetupPage setup={setup} refused={refused} />, status);
}

/** The set-up page again, with the refused form's errors next to its fields. */
const refusedSetup = (c: Context<AppEnv>, form: string) => (r: Refusal) => setupPage(c, { form, values: r.values, errors: r.errors }, r.status);

async function newMeetingPage(c: Context<AppEnv>, values: Refusal['values'] = {}, errors: Record<string, string> = {}, status: 200 | 409 | 422 = 200) {
  const { committee } = await committeeForNewMeeting(c.var.em, c.var.scope, id(c));
  return renderPage(c, `Nouvelle réunion — ${committee.name}`, <NewMeetingPage committee={committee} values={values} errors={errors} />, status);
}

meetingRoutes.get('/comites/:id{[0-9]+}/reunions/nouvelle', (c) => newMeetingPage(c, { time: '14:00' }));

meetingRoutes.post('/comites/:id{[0-9]+}/reunions', (c) =>
  formAction(c, meetingForm, {
    run: (input) => createMeeting(c.var.em, c.var.scope, id(c), input),
    done: async (meeting) => {
      await flash(c, 'success', 'La réunion est créée : préparez son ordre du jour et les présences.');
      return redirectAfterPost(c, preparation(meeting.id));
    },
    refused: (r) => newMeetingPage(c, r.values, r.errors, r.status),
  }),
);

meetingRoutes.get('/reunions/:id{[0-9]+}/preparation', (c) => setupPage(c));

const backToSetup = (c: Context<AppEnv>, anchor: string) => async () => redirectAfterPost(c, `${preparation(id(c))}#${anchor}`);

meetingRoutes.post('/reunions/:id{[0-9]+}/modification', (c) =>
  formAction(c, meetingForm, {
    run: (input) => editMeeting(c.var.em, c.var.scope, id(c), input),
    done: backToSetup(c, 'reunion'),
    refused: refusedSetup(c, 'meeting'),
  }),
);

meetingRoutes.post('/reunions/:id{[0-9]+}/points', (c) =>
  formAction(c, itemForm, {
    run: (input) => addItem(c.var.em, c.var.scope, id(c), input),
    done: backToSetup(c, 'ordre-du-jour'),
    refused: refusedSetup(c, 'new-item'),
  }),
);

meetingRoutes.post('/reunions/:id{[0-9]+}/points/:item{[0-9]+}', (c) =>
  formAction(c, itemForm, {
    run: (input) => editItem(c.var.em, c.var.scope, id(c), id(c, 'item'), input),
    done: backToSetup(c, `point-${id(c, 'item')}`),
    refused: refusedSetup(c, `item-${id(c, 'item')}`),
  }),
);

const directionForm = z.object({ direction: z.enum(['up', 'down'], { error: 'Choisissez monter ou descendre.' }) });

meetingRoutes.post('/reunions/:id{[0-9]+}/points/:item{[0-9]+}/deplacement', (c) =>
  formAction(c, directionForm, {
    run: (input) => moveItem(c.var.em, c.var.scope, id(c), id(c, 'item'), input.direction),
    done: backToSetup(c, 'ordre-du-jour'),
    refused: refusedSetup(c, 'move'),
  }),
);

meetingRoutes.post('/reunions/:id{[0-9]+}/points/:item{[0-9]+}/suppression', (c) =>
  formAction(c, null, {
    run: () => removeItem(c.var.em, c.var.scope, id(c), id(c, 'item')),
    done: backToSetup(c, 'ordre-du-jour'),
    refused: refusedSetup(c, 'remove'),
  }),
);

meetingRoutes.post('/reunions/:id{[0-9]+}/presences', (c) =>
  formAction(c, null, {
    run: (_, values) => saveAttendance(c.var.em, c.var.scope, id(c), values),
    done: backToSetup(c, 'presences'),
    refused: refusedSetup(c, 'attendance'),
  }),
);

/** A follow-up row after its update: htmx swaps the row back (saved, or with its error); a plain post returns to the set-up page. */
async function followUpAnswer(c: Context<AppEnv>, refused?: Refusal) {
  // A refused form never reached the service's check: the caller's access is asked here first (404 outside the committee).
  const access = await meetingAccess(c.var.em, c.var.scope, id(c));
  const editable = access.canTakeMinutes && access.meeting.status === 'draft';
  const row = followUpData(await followUpOf(c.var.em, id(c))).find((x) => x.actionId === id(c, 'action'));
  if (!row || !isHtmx(c)) {
    return refused
      ? setupPage(c, { form: 'action', values: refused.values, errors: refused.errors }, refused.status)
      : c.redirect(`${preparation(id(c))}#action-${id(c, 'action')}`, 303);
  }
  return renderFragment(c, <FollowUpRow meetingId={id(c)} row={row} editable={editable} refused={refused} saved={!refused} />, refused?.status ?? 200);
}

meetingRoutes.post('/reunions/:id{[0-9]+}/actions/:action{[0-9]+}', (c) =>
  formAction(c, followUpForm, {
    run: (input) => updateFollowUp(c.var.em, c.var.scope, id(c), id(c, 'action'), input),
    done: () => followUpAnswer(c),
    refused: (r) => followUpAnswer(c, r),
  }),
);

meetingRoutes.get('/actions/:id{[0-9]+}', async (c) => {
  const history = await actionHistory(c.var.em, c.var.scope, id(c));
  return renderPage(c, `Action à suivre — ${history.action.title}`, <ActionHistoryPage history={history} />);
});

async function cpuPage(c: Context<AppEnv>, values?: Refusal['values'], errors?: Record<string, string>, status: 200 | 409 | 422 = 200) {
  const sitting = await cpuSitting(c.var.em, c.var.scope, id(c));
  return renderPage(c, 'Avis sur les candidatures', <CpuSittingPage sitting={sitting} values={values} errors={errors} />, status);
}

meetingRoutes.get('/reunions/:id{[0-9]+}/cpu', (c) => cpuPage(c));

meetingRoutes.post('/reunions/:id{[0-9]+}/cpu/:candidacy{[0-9]+}/retrait', (c) =>
  formAction(c, null, {
    run: () => withdrawCpuOpinion(c.var.em, c.var.scope, id(c), id(c, 'candidacy')),
    done: async () => {
      await flash(c, 'success', 'L’avis est retiré : la candidature attend à nouveau l’avis de la CPU.');
      return redirectAfterPost(c, `/reunions/${id(c)}/cpu`);
    },
    refused: (r) => cpuPage(c, r.values, r.errors, r.status),
  }),
);

meetingRoutes.post('/reunions/:id{[0-9]+}/cpu', (c) =>
  formAction(c, null, {
    run: (_, values) => saveCpuSitting(c.var.em, c.var.scope, id(c), values),
    done: async (count) => {
      await flash(c, 'success', count > 1 ? `${count} avis sont enregistrés.` : 'L’avis est enregistré.');
      return redirectAfterPost(c, `/reunions/${id(c)}/cpu`);
    },
    refused: (r) => cpuPage(c, r.values, r.errors, r.status),
  }),
);
