import { OptimisticLockError } from '@mikro-orm/core';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { PostEditRow, PostRow, PostsSection, type PostTableOptions, postColumns, postValues } from '../../views/workshops/posts.tsx';
import { PostsPage } from '../../views/workshops/posts-page.tsx';
import { WorkshopPage } from '../../views/workshops/workshop-page.tsx';
import {
  EditRowPage,
  WORKSHOP_COLUMNS,
  WorkshopEditRow,
  WorkshopRowView,
  WorkshopsPage,
  WorkshopsSection,
  workshopValues,
} from '../../views/workshops/workshops.tsx';
import { holdersOfWorkshop } from '../assignments/board.ts';
import { toDay } from '../assignments/rules.ts';
import { safeReturnPath } from '../auth/forms.ts';
import { versionField } from '../establishments/forms.ts';
import { partnerChoices } from '../partners/service.ts';
import type { AppEnv } from '../platform/context.ts';
import { FieldErrors, StaleRecordError } from '../platform/errors.ts';
import { type FormValues, one, parseForm, readForm } from '../platform/forms.ts';
import { isHtmx, redirectAfterPost } from '../platform/htmx.ts';
import { renderFragment, renderPage } from '../platform/render.tsx';
import { flash } from '../platform/session.ts';
import { POST_STATUSES, type Post, type PostStatus, type Workshop } from './entities.ts';
import { postForm, workshopForm } from './forms.ts';
import { PAY_CATEGORIES, type PayCategory, payFloorOn } from './rules.ts';
import {
  archiveWorkshop,
  changePost,
  createPost,
  createWorkshop,
  findEstablishmentForSetup,
  findPost,
  findWorkshop,
  listPosts,
  listWorkshops,
  payFloors,
  postOccupancy,
  restoreWorkshop,
  updatePost,
  updateWorkshop,
} from './service.ts';

export const workshopRoutes = new Hono<AppEnv>();

const id = (c: Context<AppEnv>, name = 'id') => Number(c.req.param(name));
const isStale = (e: unknown) => e instanceof StaleRecordError || e instanceof OptimisticLockError;
const STALE = new StaleRecordError().message;

async function postOptions(c: Context<AppEnv>, establishmentId: number, showWorkshop: boolean, back: string, posts: Post[]): Promise<PostTableOptions> {
  const floors = await payFloors(c.var.em);
  const today = new Date().toISOString().slice(0, 10);
  const { scope } = c.var;
  return {
    occupancy: await postOccupancy(c.var.em, posts, today),
    showWorkshop,
    canManage: (scope.role === 'admin' || scope.role === 'coordinator') && scope.canSeeEstablishment(establishmentId),
    floorOf: (category: PayCategory) => payFloorOn(category, today, floors),
    back,
  };
}

// ——— Workshops of an establishment ———

workshopRoutes.get('/etablissements/:id{[0-9]+}/ateliers', async (c) => {
  const { em, scope } = c.var;
  scope.require('admin', 'coordinator');
  const establishment = await findEstablishmentForSetup(em, scope, id(c));
  const q = c.req.query();
  const filters = { q: q.q?.trim() || undefined, partnerId: /^\d+$/.test(q.structure ?? '') ? Number(q.structure) : undefined, archived: q.archives === '1' };
  const rows = await listWorkshops(em, scope, establishment.id, filters);
  const partners = await partnerChoices(em);
  return renderPage(
    c,
    `Ateliers — ${establishment.name}`,
    <WorkshopsPage establishment={establishment} rows={rows} partners={partners} canManage values={{}} errors={{}} filters={filters} />,
  );
});

workshopRoutes.post('/etablissements/:id{[0-9]+}/ateliers', async (c) => {
  const { em, scope } = c.var;
  const establishmentId = id(c);
  scope.assertCanManage(establishmentId);
  const values = await readForm(c.req);
  const section = async (v: FormValues, errors: Record<string, string>, created?: string) => {
    const establishment = await findEstablishmentForSetup(em, scope, establishmentId);
    const rows = await listWorkshops(em, scope, establishmentId);
    return (
      <WorkshopsSection establishment={establishment} rows={rows} partners={await partnerChoices(em)} canManage values={v} errors={errors} created={created} />
    );
  };
  try {
    const workshop = await createWorkshop(em, scope, establishmentId, parseForm(workshopForm, values));
    if (isHtmx(c)) return renderFragment(c, await section({}, {}, workshop.name), 201);
    await flash(c, 'success', `L’atelier « ${workshop.name} » a été créé. Ajoutez-lui des postes ci-dessous.`);
    return c.redirect(`/ateliers/${workshop.id}`, 303);
  } catch (e) {
    if (!(e instanceof FieldErrors)) throw e;
    if (isHtmx(c)) return renderFragment(c, await section(values, e.fields), 422);
    const establishment = await findEstablishmentForSetup(em, scope, establishmentId);
    const page = (
      <WorkshopsPage
        establishment={establishment}
        rows={await listWorkshops(em, scope, establishmentId)}
        partners={await partnerChoices(em)}
        canManage
        values={values}
        errors={e.fields}
        filters={{}}
      />
    );
    return renderPage(c, `Ateliers — ${establishment.name}`, page, 422);
  }
});

// ——— One workshop ———

async function workshopPage(c: Context<AppEnv>, workshop: Workshop, values: FormValues, errors: Record<string, string>, status: 200 | 422 = 200) {
  const { em, scope } = c.var;
  const posts = await listPosts(em, scope, workshop.establishment.id, { workshopId: workshop.id });
  const archivedPosts = (await listPosts(em, scope, workshop.establishment.id, { workshopId: workshop.id, archived: true })).length;
  const o = await postOptions(c, workshop.establishment.id, false, `/ateliers/${workshop.id}`, posts);
  const holders = await holdersOfWorkshop(em, scope, workshop.id, toDay(new Date()));
  return renderPage(
    c,
    workshop.name,
    <WorkshopPage
      holders={holders}
      workshop={workshop}
      posts={posts}
      archivedPosts={archivedPosts}
      o={o}
      values={values}
      errors={errors}
      partnerView={scope.role === 'partner'}
    />,
    status,
  );
}

workshopRoutes.get('/ateliers/:id{[0-9]+}', async (c) => workshopPage(c, await findWorkshop(c.var.em, c.var.scope, id(c)), {}, {}));

async function workshopRow(c: Context<AppEnv>, workshopId: number, saved = false) {
  const workshop = await findWorkshop(c.var.em, c.var.scope, workshopId);
  const rows = await listWorkshops(c.var.em, c.var.scope, workshop.establishment.id, { archived: workshop.archivedAt != null });
  const row = rows.find((r) => r.workshop.id === workshop.id) ?? { workshop, openPosts: 0, frozenPosts: 0, occupied: 0, weeklyMinutes: 0 };
  const canManage = (c.var.scope.role === 'admin' || c.var.scope.role === 'coordinator') && c.var.scope.canSeeEstablishment(workshop.establishment.id);
  return renderFragment(c, <WorkshopRowView row={row} canManage={canManage} saved={saved} />);
}

workshopRoutes.get('/ateliers/:id{[0-9]+}/ligne', async (c) => workshopRow(c, id(c)));

workshopRoutes.get('/ateliers/:id{[0-9]+}/modifier', async (c) => {
  const { em, scope } = c.var;
  const workshop = await findWorkshop(em, scope, id(c));
  scope.assertCanManage(workshop.establishment.id);
  const row = <WorkshopEditRow workshop={workshop} partners={await partnerChoices(em)} values={workshopValues(workshop)} errors={{}} />;
  if (isHtmx(c)) return renderFragment(c, row);
  const back = `/etablissements/${workshop.establishment.id}/ateliers`;
  return renderPage(
    c,
    `Modifier ${workshop.name}`,
    <EditRowPage title={`Modifier l’atelier « ${workshop.name} »`} back={back} columns={WORKSHOP_COLUMNS}>
      {row}
    </EditRowPage>,
  );
});

workshopRoutes.post('/ateliers/:id{[0-9]+}', async (c) => {
  const { em, scope } = c.var;
  const workshopId = id(c);
  const values = await readForm(c.req);
  try {
    const { version } = parseForm(versionField, values);
    const workshop = await updateWorkshop(em, scope, workshopId, parseForm(workshopForm, values), version);
    if (isHtmx(c)) return workshopRow(c, workshop.id, true);
    await flash(c, 'success', `L’atelier « ${workshop.name} » est enregistré.`);
    return c.redirect(safeReturnPath(one(values, 'retour') || `/ateliers/${workshop.id}`), 303);
  } catch (e) {
    if (!(e instanceof FieldErrors || isStale(e))) throw e;
    em.clear();
    const workshop = await findWorkshop(em, scope, workshopId);
    const stale = !(e instanceof FieldErrors);
    const row = (
      <WorkshopEditRow
        workshop={workshop}
        partners={await partnerChoices(em)}
        values={stale ? workshopValues(workshop) : values}
        errors={stale ? { _form: STALE } : (e as FieldErrors).fields}
      />
    );
    const status = stale ? 409 : 422;
    if (isHtmx(c)) return renderFragment(c, row, status);
    const back = `/etablissements/${workshop.establishment.id}/ateliers`;
    return renderPage(
      c,
      `Modifier ${workshop.name}`,
      <EditRowPage title={`Modifier l’atelier « ${workshop.name} »`} back={back} columns={WORKSHOP_COLUMNS}>
        {row}
      </EditRowPage>,
      status,
    );
  }
});

workshopRoutes.post('/ateliers/:id{[0-9]+}/archivage', async (c) => {
  const { workshop, posts } = await archiveWorkshop(c.var.em, c.var.scope, id(c));
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

workshopRoutes.post('/ateliers/:id{[0-9]+}/postes', async (c) => {
  const { em, scope } = c.var;
  const workshopId = id(c);
  const values = await readForm(c.req);
  try {
    const post = await createPost(em, scope, workshopId, parseForm(postForm, values));
    if (!isHtmx(c)) {
      await flash(c, 'success', `Le poste ${post.code} a été créé.`);
      return c.redirect(`/ateliers/${workshopId}`, 303);
    }
    const posts = await listPosts(em, scope, post.establishment.id, { workshopId });
    const o = await postOptions(c, post.establishment.id, false, `/ateliers/${workshopId}`, posts);
    return renderFragment(c, <PostsSection workshopId={workshopId} posts={posts} o={o} values={{}} errors={{}} created={post.code} />, 201);
  } catch (e) {
    if (!(e instanceof FieldErrors)) throw e;
    const workshop = await findWorkshop(em, scope, workshopId);
    if (!isHtmx(c)) return workshopPage(c, workshop, values, e.fields, 422);
    const posts = await listPosts(em, scope, workshop.establishment.id, { workshopId });
    const o = await postOptions(c, workshop.establishment.id, false, `/ateliers/${workshopId}`, posts);
    return renderFragment(c, <PostsSection workshopId={workshopId} posts={posts} o={o} values={values} errors={e.fields} />, 422);
  }
});

workshopRoutes.get('/etablissements/:id{[0-9]+}/postes', async (c) => {
  const { em, scope } = c.var;
  scope.require('admin', 'coordinator');
  const establishment = await findEstablishmentForSetup(em, scope, id(c));
  const q = c.req.query();
  const filters = {
    q: q.q?.trim() || undefined,
    workshopId: /^\d+$/.test(q.atelier ?? '') ? Number(q.atelier) : undefined,
    status: POST_STATUSES.find((s) => s === q.etat) as PostStatus | undefined,
    payCategory: PAY_CATEGORIES.find((p) => p === q.categorie),
    archived: q.archives === '1',
  };
  const posts = await listPosts(em, scope, establishment.id, filters);
  const workshops = (await listWorkshops(em, scope, establishment.id)).map((r) => r.workshop);
  const back = `/etablissements/${establishment.id}/postes${new URL(c.req.url).search}`;
  const o = await postOptions(c, establishment.id, true, back, posts);
  return renderPage(
    c,
    `Postes — ${establishment.name}`,
    <PostsPage establishment={establishment} posts={posts} workshops={workshops} filters={filters} o={o} />,
  );
});

/** The options of the table a post row lands in: with the workshop column on the establishment-wide list. */
async function rowOptions(c: Context<AppEnv>, post: Post, back?: string): Promise<PostTableOptions> {
  const wide = c.req.query('atelier') === '1';
  return postOptions(c, post.establishment.id, wide, back ?? (wide ? `/etablissements/${post.establishment.id}/postes` : `/ateliers/${post.workshop.id}`), [
    post,
  ]);
}

async function postRow(c: Context<AppEnv>, postId: number, saved = false) {
  const post = await findPost(c.var.em, c.var.scope, postId);
  return renderFragment(c, <PostRow post={post} o={await rowOptions(c, post)} saved={saved} />);
}

function editPostPage(c: Context<AppEnv>, post: Post, o: PostTableOptions, row: JSX.Element, status: 200 | 409 | 422 = 200) {
  return renderPage(
    c,
    `Modifier ${post.code}`,
    <EditRowPage title={`Modifier le poste ${post.code}`} back={o.back} columns={postColumns(o)}>
      {row}
    </EditRowPage>,
    status,
  );
}

workshopRoutes.get('/postes/:id{[0-9]+}/ligne', async (c) => postRow(c, id(c)));

workshopRoutes.get('/postes/:id{[0-9]+}/modifier', async (c) => {
  const { em, scope } = c.var;
  const post = await findPost(em, scope, id(c));
  scope.assertCanManage(post.establishment.id);
  const o = await rowOptions(c, post);
  const row = <PostEditRow post={post} o={o} values={postValues(post)} errors={{}} />;
  return isHtmx(c) ? renderFragment(c, row) : editPostPage(c, post, o, row);
});

workshopRoutes.post('/postes/:id{[0-9]+}', async (c) => {
  const { em, scope } = c.var;
  const postId = id(c);
  const values = await readForm(c.req);
  try {
    const { version } = parseForm(versionField, values);
    const post = await updatePost(em, scope, postId, parseForm(postForm, values), version);
    if (isHtmx(c)) return postRow(c, post.id, true);
    await flash(c, 'success', `Le poste ${post.code} est enregistré.`);
    return c.redirect(safeReturnPath(one(values, 'retour') || `/ateliers/${post.workshop.id}`), 303);
  } catch (e) {
    if (!(e instanceof FieldErrors || isStale(e))) throw e;
    em.clear();
    const post = await findPost(em, scope, postId);
    const stale = !(e instanceof FieldErrors);
    const o = await rowOptions(c, post, one(values, 'retour') ? safeReturnPath(one(values, 'retour')) : undefined);
    const row = <PostEditRow post={post} o={o} values={stale ? postValues(post) : values} errors={stale ? { _form: STALE } : (e as FieldErrors).fields} />;
    const status = stale ? 409 : 422;
    return isHtmx(c) ? renderFragment(c, row, status) : editPostPage(c, post, o, row, status);
  }
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
  const post = await changePost(c.var.em, c.var.scope, id(c), change);
  await flash(c, change === 'archive' ? 'info' : 'success', message.replace('{code}', post.code));
  return redirectAfterPost(c, safeReturnPath(one(values, 'retour') || `/ateliers/${post.workshop.id}`));
});
