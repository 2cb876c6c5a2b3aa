import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { RequestContext } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import { loadSession, noStore, requireChosenPassword, requireSignIn, sessionToken } from './auth/session.ts';
import type { Config } from './config.ts';
import { CONSTRAINTS, FEATURES, NAVIGATION } from './features.ts';
import { favicon, fingerprintedAssets, warmAssets, watchAssetEdits } from './platform/assets.ts';
import { type Clock, systemClock } from './platform/calendar.ts';
import type { AppEnv } from './platform/context.ts';
import { csrfProtection } from './platform/csrf.ts';
import { handleError } from './platform/error-handler.tsx';
import { NotFoundError, PayloadTooLargeError } from './platform/errors.ts';
import { explainConstraints } from './platform/guarded-flush.ts';
import { type JobQueue, jobQueue } from './platform/jobs.ts';
import { queryGuard } from './platform/query-guard.ts';

export interface AppDeps {
  orm: MikroORM;
  config: Config;
  log: Logger;
  /** Where "today" comes from; tests pass a fixed one. */
  clock?: Clock;
  /** Where jobs are sent (reports; the worker is src/reports/worker.ts); by default a queue on the app's database, opened on first send. */
  jobs?: JobQueue;
}

const ROOT = path.resolve(import.meta.dirname, '..');
const asset = (dir: string) => path.relative(process.cwd(), path.join(ROOT, dir));

/** The path the request log writes: an invitation's link is a secret (its token), whatever answers it. */
export function loggedPath(path: string): string {
  return path.startsWith('/invitation/') ? '/invitation/…' : path;
}

export function createApp({ orm, config, log, clock = systemClock, jobs = jobQueue(orm.config.get('clientUrl') as string, log) }: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  explainConstraints(CONSTRAINTS);
  watchAssetEdits(config.NODE_ENV === 'development');
  if (config.NODE_ENV !== 'test') warmAssets().catch((error) => log.warn({ err: error }, 'assets not precompressed'));

  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.set('config', config);
    c.set('navigation', NAVIGATION);
    c.set('clock', clock);
    c.set('jobs', jobs);
    c.set('log', log.child({ requestId }));
    await next();
    c.header('X-Request-Id', requestId);
    if (!c.req.path.startsWith('/assets/')) {
      c.var.log.info({ method: c.req.method, path: loggedPath(c.req.path), status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
    }
  });

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
      permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
      // A page may tighten one of these (an invitation's link: Referrer-Policy no-referrer).
      overwrite: false,
    }),
  );

  // Pages are compressed on the fly; assets come precompressed (they carry Content-Encoding, which it leaves alone).
  app.use(compress());

  app.get('/assets/:hash{[0-9a-f]{16}}/*', fingerprintedAssets());
  app.get('/favicon.ico', favicon());
  // Assets hold no personal data: browsers may keep them a day (serveStatic's onFound comes too late to set a header).
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=86400');
  });
  app.use('/assets/dsfr/*', serveStatic({ root: asset('node_modules/@gouvfr/dsfr/dist'), rewriteRequestPath: (p) => p.replace(/^\/assets\/dsfr/, '') }));
  app.use('/assets/htmx/*', serveStatic({ root: asset('node_modules/htmx.org/dist'), rewriteRequestPath: (p) => p.replace(/^\/assets\/htmx/, '') }));
  app.use('/assets/*', serveStatic({ root: asset('views/assets'), rewriteRequestPath: (p) => p.replace(/^\/assets/, '') }));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await orm.em.fork().getConnection().execute('select 1');
      return c.json({ status: 'ok', database: 'ok' });
    } catch {
      return c.json({ status: 'unavailable', database: 'unreachable' }, 503);
    }
  });

  // A forked entity manager per request: its own identity map and unit of work.
  app.use(async (c, next) => {
    const em = orm.em.fork();
    c.set('em', em);
    await RequestContext.create(em, next);
  });
  // Forms are small; the limit keeps an anonymous caller from making us parse megabytes.
  app.use(
    bodyLimit({
      maxSize: 2 * 1024 * 1024,
      onError: () => {
        throw new PayloadTooLargeError('Les données envoyées dépassent 2 Mo.');
      },
    }),
  );
  app.use(csrfProtection({ sessionOf: sessionToken }));
  app.use(loadSession());
  app.use(noStore());
  app.use(requireChosenPassword());
  app.use(queryGuard());

  const mounts = FEATURES.flatMap((f) => f.routes ?? []);
  for (const mount of mounts.filter((m) => m.public)) app.route(mount.path, mount.app);
  app.use(requireSignIn());
  for (const mount of mounts.filter((m) => !m.public)) app.route(mount.path, mount.app);

  app.notFound((c) => handleError(c, new NotFoundError()));
  app.onError((error, c) => handleError(c, error));
  return app;
}
