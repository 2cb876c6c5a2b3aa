import type { Context } from 'hono';
import { Hono } from 'hono';
import { PartnerWeekCell } from '../../views/home/partner-home.tsx';
import { partnerWeeks } from '../home/agenda.ts';
import { mondayOf, parseDay } from '../platform/calendar.ts';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import { type FormValues, one } from '../platform/forms.ts';
import { redirectAfterPost, wantsFragment } from '../platform/htmx.ts';
import { renderFragment } from '../platform/render.tsx';
import { signalWeekComplete, withdrawWeekSignal } from './week-completion.ts';

/** « Semaine complète » (issue 21): the workshop's partner signals a week ready to validate, or withdraws the signal. */
export const completionRoutes = new Hono<AppEnv>();

const workshopId = (c: Context<AppEnv>) => Number(c.req.param('id'));
const mondayFrom = (c: Context<AppEnv>) => mondayOf(parseDay(c.req.query('semaine') ?? '') ?? c.var.clock.today());

/**
 * The answer, success or refusal: on the home with htmx, the week's cell again with the
 * message in it; otherwise back to the home or the sheet, the message in a flash.
 */
async function answer(c: Context<AppEnv>, values: FormValues, message: { kind: 'success' | 'error'; text: string }, status: 200 | 409 | 422 = 200) {
  const home = one(values, 'retour') === 'accueil';
  if (home && wantsFragment(c)) {
    const today = c.var.clock.today();
    const week = (await partnerWeeks(c.var.em, c.var.scope, today)).find((w) => w.workshopId === workshopId(c) && w.monday === mondayFrom(c));
    if (week) return renderFragment(c, <PartnerWeekCell week={week} today={today} message={message} />, status);
  }
  await flash(c, message.kind, message.text);
  return redirectAfterPost(c, home ? '/' : `/ateliers/${workshopId(c)}/pointage?semaine=${mondayFrom(c)}`);
}

function signalAction(c: Context<AppEnv>, run: () => Promise<unknown>, done: string) {
  return formAction(c, null, {
    run,
    done: (_r, values) => answer(c, values, { kind: 'success', text: done }),
    refused: ({ values, errors, status }) => answer(c, values, { kind: 'error', text: Object.values(errors)[0] ?? '' }, status),
  });
}

completionRoutes.post('/ateliers/:id{[0-9]+}/pointage/semaine-complete', (c) =>
  signalAction(
    c,
    () => signalWeekComplete(c.var.em, c.var.scope, workshopId(c), mondayFrom(c), c.var.clock),
    'La coordination est prévenue : la semaine est signalée complète.',
  ),
);

completionRoutes.post('/ateliers/:id{[0-9]+}/pointage/semaine-complete/retrait', (c) =>
  signalAction(c, () => withdrawWeekSignal(c.var.em, c.var.scope, workshopId(c), mondayFrom(c)), 'Le signalement de la semaine est retiré.'),
);
