import type { Context } from 'hono';
import { Hono } from 'hono';
import { WorkingTimePage } from '../../views/hours/working-time.tsx';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import type { FormValues } from '../platform/forms.ts';
import { renderPage } from '../platform/render.tsx';
import { addWorkingTime, canEditWorkingTime, workingTimeForm, workingTimePage } from './working-time.ts';

/** An establishment's working time (limits and majorations) with effective dates. */
export const workingTimeRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

async function page(c: Context<AppEnv>, failure?: { values: FormValues; errors: Record<string, string>; status: 409 | 422 }) {
  const data = await workingTimePage(c.var.em, c.var.scope, id(c), c.var.clock.today());
  return renderPage(c, `Temps de travail — ${data.establishment.name}`, <WorkingTimePage {...data} failure={failure} />, failure?.status ?? 200);
}

workingTimeRoutes.get('/etablissements/:id{[0-9]+}/temps-de-travail', (c) => page(c));

workingTimeRoutes.post('/etablissements/:id{[0-9]+}/temps-de-travail', (c) => {
  c.var.scope.must(canEditWorkingTime(c.var.scope, id(c)));
  return formAction(c, workingTimeForm, {
    run: (input) => addWorkingTime(c.var.em, c.var.scope, id(c), input),
    done: async (setting) => {
      await flash(c, 'success', `Le temps de travail en vigueur à partir du ${setting.effectiveFrom.split('-').reverse().join('/')} est enregistré.`);
      return c.redirect(`/etablissements/${id(c)}/temps-de-travail`, 303);
    },
    refused: (refusal) => page(c, refusal),
  });
});
