import type { Context } from 'hono';
import { Hono } from 'hono';
import { PostEditRow, PostRow, PostsSection, type PostTableOptions, postColumns, postValues } from '../../views/workshops/posts.tsx';
import { PostsPage } from '../../views/workshops/posts-page.tsx';
import { TimesheetsPage } from '../../views/workshops/timesheets.tsx';
import { WorkshopPage } from '../../views/workshops/workshop-page.tsx';
import { WORKSHOP_COLUMNS, WorkshopEditRow, WorkshopRowView, WorkshopsPage, WorkshopsSection, workshopValues } from '../../views/workshops/workshops.tsx';
import { holdersOfWorkshop } from '../assignments/board.ts';
import { findEstablishment } from '../establishments/service.ts';
import { partnerChoices } from '../partners/service.ts';
import type { AppEnv } from '../platform/context.ts';
import { flash } from '../platform/flash.ts';
import { one, readForm, safeReturnPath } from '../platform/forms.ts';
import { redirectAfterPost } from '../platform/htmx.ts';
import { inlineTable, type RowForm } from '../platform/inline-routes.tsx';
import { renderPage } from '../platform/render.tsx';
import type { Post, Workshop } from './entities.ts';
import { postFilters, postForm, workshopFilters, workshopForm } from './forms.ts';
import { type PayCategory, payFloorOn, postsOfWorkshopTitle } from './rules.ts';
import {
  archiveWorkshop,
  changePost,
  createPost,
  createWorkshop,
  findPost,
  findWorkshop,
  listPosts,
  listWorkshops,
  payFloors,
  postOccupancy,
  restoreWorkshop,
  updatePost,
  updateWorkshop,
  type WorkshopFilters,
  workshopRow,
} from './service.ts';

export const workshopRoutes = new Hono<AppEnv>();

type Status = 200 | 409 | 422;
const id = (c: Context<AppEnv>) => Number(c.req.param('id'));
const NO_FORM: RowForm = { values: {}, errors: {} };

async function postOptions(c: Context<AppEnv>, establishmentId: number, showWorkshop: boolean, back: string, posts: Post[]): Promise<PostTableOptions> {
  const floors = await payFloors(c.var.em);
  const today = c.var.clock.today();
  return {
    occupancy: await postOccupancy(c.var.em, posts, today),
    showWorkshop,
    canManage: c.var.scope.canManageEstablishment(establishmentId),
    floorOf: (category: PayCategory) => payFloorOn(category, today, floors),
    back,
  };
}

// ——— Workshops of an establishment ———

async function workshopsPage(c: Context<AppEnv>, establishmentId: number, filters: WorkshopFilters, form: RowForm, status: Status = 200) {
  const { em, scope } = c.var;
  const establishment = await findEstablishment(em, scope, establishmentId);
  const rows = await listWorkshops(em, scope, establishment.id, c.var.clock.today(), filters);
  const page = <WorkshopsPage establishment={establishment} rows={rows} partners={await partnerChoices(em)} canManage filters={filters} {...form} />;
  return renderPage(c, `Ateliers — ${establishment.name}`, page, status);
}

workshopRoutes.get('/etablissements/:id{[0-9]+}/ateliers', (c) => {
  c.var.scope.must(c.var.scope.managesEstablishments);
  return workshopsPage(c, id(c), workshopFilters(c.req.query()), NO_FORM);
});

inlineTable(workshopRoutes, {
  rows: {
    path: '/ateliers/:id{[0-9]+}',
    find: (c, workshopId) => findWorkshop(c.var.em, c.var.scope, workshopId),
    mayEdit: (c, workshop) => c.var.scope.assertCanManage(workshop.establishment.id),
    values: workshopValues,
    row: async (c, workshop, saved) => (
      <WorkshopRowView
        row={await workshopRow(c.var.em, workshop, c.var.clock.today())}
        canManage={c.var.scope.canManageEstablishment(workshop.establishment.id)}
        saved={saved}
      />
    ),
    editRow: async (c, workshop, form) => ({
      row: <WorkshopEditRow workshop={workshop} partners={await partnerChoices(c.var.em)} {...form} />,
      page: {
        title: `Modifier ${workshop.name}`,
        heading: `Modifier l’atelier « ${workshop.name} »`,
        back: `/etablissements/${workshop.establishment.id}/ateliers`,
        columns: WORKSHOP_COLUMNS,
      },
    }),
    schema: workshopForm,
    update: (c, workshopId, input, version) => updateWorkshop(c.var.em, c.var.scope, workshopId, input, version),
    saved: (workshop, posted) => ({
      message: `L’atelier « ${workshop.name} » est enregistré.`,
      redirect: safeReturnPath(one(posted, 'retour') || `/ateliers/${workshop.id}`),
    }),
  },
  add: {
    path: '/etablissements/:id{[0-9]+}/ateliers',
    mayAdd: (c) => c.var.scope.assertCanManage(id(c)),
    schema: workshopForm,
    create: (c, input) => createWorkshop(c.var.em, c.var.scope, id(c), input),
    section: async (c, form, created) => {
      const { em, scope } = c.var;
      const establishment = await findEstablishment(em, scope, id(c));
      const rows = await listWorkshops(em, scope, establishment.id, c.var.clock.today());
      return <WorkshopsSection establishment={establishment} rows={rows} partners={await partnerChoices(em)} canManage {...form} created={created?.name} />;
    },
    page: (c, form, status) => workshopsPage(c, id(c), {}, form, status),
    created: (workshop) => ({
      message: `L’atelier « ${workshop.name} » a été créé. Ajoutez-lui des postes ci-dessous.`,
      redirect: `/ateliers/${workshop.id}`,
    }),
  },
});

workshopRoutes.get('/etablissements/:id{[0-9]+}/pointage', async (c) => {
  const { em, scope } = c.var;
  scope.must(scope.managesEstablishments);
  const establishment = await findEstablishment(em, scope, id(c));
  const rows = await listWorkshops(em, scope, establishment.id, c.var.clock.today());
  const page = <TimesheetsPage establishment={establishment} rows={rows} today={c.var.clock.today()} />;
  return renderPage(c, `Pointage — ${establishment.name}`, page);
});

// ——— One workshop ———

async function workshopPage(c: Context<AppEnv>, workshop: Workshop, form: RowForm, status: Status = 200) {
  const { em, scope } = c.var;
  const posts = await listPosts(em, scope, workshop.establishment.id, { workshopId: workshop.id });
  const archivedPosts = (await listPosts(em, scope, workshop.establishment.id, { workshopId: workshop.id, archived: true })).length;
  const o = await postOptions(c, workshop.establishment.id, false, `/ateliers/${workshop.id}`, posts);
  const holders = await holdersOfWorkshop(em, scope, workshop.id, c.var.clock.today());
  const page = (
    <WorkshopPage holders={holders} workshop={workshop} posts={posts} archivedPosts={archivedPosts} o={o} partnerView={scope.isPartnerStaff} {...form} />
  );
  return renderPage(c, workshop.name, page, status);
}

workshopRoutes.get('/ateliers/:id{[0-9]+}', async (c) => workshopPage(c, await findWorkshop(c.var.em, c.var.scope, id(c)), NO_FORM));

workshopRoutes.post('/ateliers/:id{[0-9]+}/archivage', async (c) => {
  const { workshop, posts } = await archiveWorkshop(c.var.em, c.var.scope, id(c), c.var.clock.today());
  await flash(
    c,
    'info',
    `L’atelier « ${workshop.name} » est archivé${posts > 0 ? `, avec ses ${posts} poste${posts > 1 ? 's' : ''}` : ''}. Vous pouvez le restaurer depuis la liste des ateliers archivés.`,
  );
  return redirectAfterPost(c, `/etablissements/${workshop.establishment.id}/ateliers`);
});

workshopRoutes.post('/ateliers/:id{[0-9]+}/restauration', async (c) => {
  const { workshop, posts } = await restoreWorkshop(c.var.em, c.var.scope, id(c));
  await flash(c, 'success', `L’atelier « ${workshop.name} » est restauré${posts > 0 ? `, avec ses ${posts} poste${posts > 1 ? 's' : ''}` : ''}.`);
  return redirectAfterPost(c, `/ateliers/${workshop.id}`);
});

// ——— Posts ———

workshopRoutes.get('/etablissements/:id{[0-9]+}/postes', async (c) => {
  const { em, scope } = c.var;
  scope.must(scope.managesEstablishments);
  const establishment = await findEstablishment(em, scope, id(c));
  const filters = postFilters(c.req.query());
  const posts = await listPosts(em, scope, establishment.id, filters);
  const workshops = (await listWorkshops(em, scope, establishment.id, c.var.clock.today())).map((r) => r.workshop);
  const o = await postOptions(c, establishment.id, true, `/etablissements/${establishment.id}/postes${new URL(c.req.url).search}`, posts);
  const shown = filters.workshopId ? workshops.find((w) => w.id === filters.workshopId) : undefined;
  return renderPage(
    c,
    `${shown ? postsOfWorkshopTitle(shown.name) : 'Postes'} — ${establishment.name}`,
    <PostsPage establishment={establishment} posts={posts} workshops={workshops} filters={filters} o={o} />,
  );
});

/** The options of the table a post row lands in: with the workshop column on the establishment-wide list (`?atelier=1`). */
function rowOptions(c: Context<AppEnv>, post: Post, back?: string): Promise<PostTableOptions> {
  const wide = c.req.query('atelier') === '1';
  return postOptions(c, post.establishment.id, wide, back ?? (wide ? `/etablissements/${post.establishment.id}/postes` : `/ateliers/${post.workshop.id}`), [
    post,
  ]);
}

inlineTable(workshopRoutes, {
  rows: {
    path: '/postes/:id{[0-9]+}',
    find: (c, postId) => findPost(c.var.em, c.var.scope, postId),
    mayEdit: (c, post) => c.var.scope.assertCanManage(post.establishment.id),
    values: postValues,
    row: async (c, post, saved) => <PostRow post={post} o={await rowOptions(c, post)} saved={saved} />,
    editRow: async (c, post, form, posted) => {
      const o = await rowOptions(c, post, one(posted, 'retour') ? safeReturnPath(one(posted, 'retour')) : undefined);
      return {
        row: <PostEditRow post={post} o={o} {...form} />,
        page: { title: `Modifier ${post.code}`, heading: `Modifier le poste ${post.code}`, back: o.back, columns: postColumns(o) },
      };
    },
    schema: postForm,
    update: (c, postId, input, version) => updatePost(c.var.em, c.var.scope, postId, input, version, c.var.clock.today()),
    saved: (post, posted) => ({
      message: `Le poste ${post.code} est enregistré.`,
      redirect: safeReturnPath(one(posted, 'retour') || `/ateliers/${post.workshop.id}`),
    }),
  },
  add: {
    path: '/ateliers/:id{[0-9]+}/postes',
    schema: postForm,
    create: (c, input) => createPost(c.var.em, c.var.scope, id(c), input, c.var.clock.today()),
    section: async (c, form, created) => {
      const workshop = created?.workshop ?? (await findWorkshop(c.var.em, c.var.scope, id(c)));
      const posts = await listPosts(c.var.em, c.var.scope, workshop.establishment.id, { workshopId: workshop.id });
      const o = await postOptions(c, workshop.establishment.id, false, `/ateliers/${workshop.id}`, posts);
      return <PostsSection workshopId={workshop.id} workshopName={workshop.name} posts={posts} o={o} {...form} created={created?.code} />;
    },
    page: async (c, form, status) => workshopPage(c, await findWorkshop(c.var.em, c.var.scope, id(c)), form, status),
    created: (post) => ({ message: `Le poste ${post.code} a été créé.`, redirect: `/ateliers/${post.workshop.id}` }),
  },
});

const POST_CHANGES = {
  gel: ['freeze', 'Le poste {code} est gelé : il ne recevra pas de nouvelle affectation.'],
  ouverture: ['reopen', 'Le poste {code} est rouvert.'],
  archivage: ['archive', 'Le poste {code} est archivé. Vous pouvez le restaurer depuis la liste des postes archivés.'],
  restauration: ['restore', 'Le poste {code} est restauré.'],
} as const;

workshopRoutes.post('/postes/:id{[0-9]+}/:change{gel|ouverture|archivage|restauration}', async (c) => {
  const [change, message] = POST_CHANGES[c.req.param('change') as keyof typeof POST_CHANGES];
  const values = await readForm(c.req);
  const post = await changePost(c.var.em, c.var.scope, id(c), change, c.var.clock.today());
  await flash(c, change === 'archive' ? 'info' : 'success', message.replace('{code}', post.code));
  return redirectAfterPost(c, safeReturnPath(one(values, 'retour') || `/ateliers/${post.workshop.id}`));
});
