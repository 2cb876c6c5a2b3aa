import type { Context } from 'hono';
import { Hono } from 'hono';
import { CommitteePage } from '../../views/committees/committee.tsx';
import { CommitteeFormPage, CommitteesPage, committeeValues } from '../../views/committees/committees.tsx';
import { MyActionsPage } from '../../views/committees/my-actions.tsx';
import type { Errors, Values } from '../../views/components/forms.tsx';
import type { AppEnv } from '../platform/context.ts';
import { versionField } from '../platform/fields.ts';
import { flash } from '../platform/flash.ts';
import { formAction } from '../platform/form-action.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { renderPage } from '../platform/render.tsx';
import { type Committee, memberName } from './entities.ts';
import { committeeForm, memberForm, registerFilters } from './forms.ts';
import {
  addMember,
  committeePage,
  createCommittee,
  establishmentChoices,
  listCommittees,
  managedCommittee,
  memberChoices,
  myActions,
  removeMember,
  setCommitteeArchived,
  updateCommittee,
} from './service.ts';

export const committeeRoutes = new Hono<AppEnv>();
export const myActionsRoutes = new Hono<AppEnv>();

type Status = 200 | 409 | 422;
const id = (c: Context<AppEnv>) => Number(c.req.param('id'));

committeeRoutes.get('/', async (c) => {
  const archived = c.req.query('archives') === '1';
  const rows = await listCommittees(c.var.em, c.var.scope, c.var.clock.now(), { archived });
  return renderPage(c, 'Comités', <CommitteesPage rows={rows} canCreate={c.var.scope.managesEstablishments} archived={archived} />);
});

/** The committee form, new or of `committee`, with what was typed and why it was refused. */
async function committeeFormPage(c: Context<AppEnv>, committee: Committee | null, values: Values, errors: Errors = {}, status: Status = 200) {
  const establishments = await establishmentChoices(c.var.em, c.var.scope);
  const page = <CommitteeFormPage committee={committee ?? undefined} establishments={establishments} values={values} errors={errors} />;
  return renderPage(c, committee ? `Modifier ${committee.name}` : 'Nouveau comité', page, status);
}

committeeRoutes.get('/nouveau', (c) => committeeFormPage(c, null, { kind: 'technical' }));

committeeRoutes.post('/', (c) =>
  formAction(c, committeeForm, {
    run: (input) => createCommittee(c.var.em, c.var.scope, input),
    done: async (committee) => {
      await flash(c, 'success', `Le comité « ${committee.name} » est créé. Ajoutez-lui ses membres.`);
      return redirectAfterPost(c, `/comites/${committee.id}`);
    },
    refused: ({ values, errors, status }) => committeeFormPage(c, null, values, errors, status),
  }),
);

/** The committee's page, with the add-member form as typed and why it was refused. */
async function committeeView(c: Context<AppEnv>, memberValues: Values = { who: 'user', role: 'member' }, memberErrors: Errors = {}, status: Status = 200) {
  const data = await committeePage(c.var.em, c.var.scope, id(c), registerFilters(c.req.query()));
  const choices = data.access.canManage ? await memberChoices(c.var.em, c.var.scope, data.access.committee) : [];
  const page = { data, today: c.var.clock.today(), now: c.var.clock.now(), choices, memberValues, memberErrors };
  return renderPage(c, data.access.committee.name, <CommitteePage {...page} filters={registerFilters(c.req.query())} />, status);
}

committeeRoutes.get('/:id{[0-9]+}', (c) => committeeView(c));

committeeRoutes.get('/:id{[0-9]+}/modifier', async (c) => {
  const { committee } = await managedCommittee(c.var.em, c.var.scope, id(c));
  return committeeFormPage(c, committee, committeeValues(committee));
});

committeeRoutes.post('/:id{[0-9]+}', (c) =>
  formAction(c, committeeForm.and(versionField), {
    run: (input) => updateCommittee(c.var.em, c.var.scope, id(c), input, input.version),
    done: async (committee) => {
      await flash(c, 'success', `Le comité « ${committee.name} » est enregistré.`);
      return redirectAfterPost(c, `/comites/${committee.id}`);
    },
    refused: async ({ values, errors, status, stale }) => {
      const { committee } = await managedCommittee(c.var.em, c.var.scope, id(c));
      return committeeFormPage(c, committee, stale ? committeeValues(committee) : values, errors, status);
    },
  }),
);

for (const [path, archived] of [
  ['archivage', true],
  ['restauration', false],
] as const) {
  committeeRoutes.post(`/:id{[0-9]+}/${path}`, async (c) => {
    const committee = await setCommitteeArchived(c.var.em, c.var.scope, id(c), archived, c.var.clock.now());
    await flash(
      c,
      'info',
      archived
        ? `Le comité « ${committee.name} » est archivé : ses réunions et décisions restent consultables.`
        : `Le comité « ${committee.name} » est restauré.`,
    );
    return redirectAfterPost(c, `/comites/${committee.id}`);
  });
}

committeeRoutes.post('/:id{[0-9]+}/membres', (c) =>
  formAction(c, memberForm, {
    run: (input) => addMember(c.var.em, c.var.scope, id(c), input),
    done: async (member) => {
      await flash(c, 'success', `${memberName(member)} est membre du comité.`);
      return redirectAfterPost(c, `/comites/${id(c)}#membres`);
    },
    refused: ({ values, errors, status }) => committeeView(c, values, errors, status),
  }),
);

committeeRoutes.post('/:id{[0-9]+}/membres/:memberId{[0-9]+}/retrait', async (c) => {
  const member = await removeMember(c.var.em, c.var.scope, id(c), Number(c.req.param('memberId')), c.var.clock.now());
  await flash(c, 'info', `${memberName(member)} ne fait plus partie du comité ; sa présence aux réunions passées reste dans les comptes rendus.`);
  return redirectAfterPost(c, `/comites/${id(c)}#membres`);
});

myActionsRoutes.get('/', async (c) => {
  const actions = await myActions(c.var.em, c.var.scope);
  return renderPage(c, 'Mes actions', <MyActionsPage actions={actions} today={c.var.clock.today()} />);
});
