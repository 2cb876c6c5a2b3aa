import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { ensureDatabase } from './ensure-database.ts';
import { withoutSignalHooks } from './signals.ts';

/** The group role the migrations grant the app's rights to (migrations/…_app_role.ts). */
export const APP_GROUP_ROLE = 'atelier_app';
/** The app's login role in the embedded database. */
const EMBEDDED_APP_LOGIN = 'atelier_web';

export interface DatabaseServer {
  /** The migrations' connection: the role that owns the tables. */
  url: string;
  /** The app's connection: a login role of `atelier_app` (no DDL, no TRUNCATE, audit read-only). */
  appUrl: string;
  embedded: boolean;
  /** Said once at start when the app runs with the owner's rights (DATABASE_URL without DATABASE_APP_URL). */
  warning?: string;
  /** After the migrations: creates the app's login role when missing (and sets the embedded one's password). */
  prepareAppRole(): Promise<void>;
  stop(): Promise<void>;
}

/** DATABASE_URL when given; otherwise an embedded PostgreSQL under DATA_DIR. */
export async function databaseServer(config: Config): Promise<DatabaseServer> {
  if (config.DATABASE_URL) {
    const ownerUrl = config.DATABASE_URL;
    const appUrl = config.DATABASE_APP_URL;
    return {
      url: ownerUrl,
      appUrl: appUrl ?? ownerUrl,
      embedded: false,
      warning: appUrl
        ? undefined
        : 'DATABASE_APP_URL absent : l’application se connecte avec le rôle des migrations (DATABASE_URL), qui peut contourner le journal d’audit ; définissez DATABASE_APP_URL (README, Configuration)',
      prepareAppRole: async () => {
        if (appUrl) await ensureAppLogin(ownerUrl, appUrl, { setPassword: false });
      },
      stop: async () => {},
    };
  }
  // Imported only when used: production images talk to DATABASE_URL and ship no PostgreSQL binaries.
  // Without the library's own signal hooks: the app stops PostgreSQL last (src/platform/signals.ts).
  const { startEmbeddedPostgres } = await withoutSignalHooks(() => import('./embedded-postgres.ts'));
  const server = await startEmbeddedPostgres(path.join(config.DATA_DIR, 'postgres'), config.EMBEDDED_PG_PORT);
  await ensureDatabase(server.url('postgres'), 'atelier');
  const ownerUrl = server.url('atelier');
  // A new password at each start: only this process needs it, and nothing stores it.
  const app = new URL(ownerUrl);
  app.username = EMBEDDED_APP_LOGIN;
  app.password = randomBytes(24).toString('base64url');
  const appUrl = app.toString();
  return {
    url: ownerUrl,
    appUrl,
    embedded: true,
    prepareAppRole: () => ensureAppLogin(ownerUrl, appUrl, { setPassword: true }),
    stop: () => server.stop(),
  };
}

/**
 * Makes the user of `appUrl` a login role member of `atelier_app`, connecting with `ownerUrl`
 * (which needs CREATEROLE when the role is missing). An existing role keeps its password unless
 * `setPassword`. A superuser is refused: it would bypass every right the app is denied.
 */
export async function ensureAppLogin(ownerUrl: string, appUrl: string, { setPassword }: { setPassword: boolean }): Promise<void> {
  const target = new URL(appUrl);
  const name = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const role = pg.escapeIdentifier(name);
    const { rows } = await client.query<{ rolsuper: boolean; member: boolean }>(
      `select rolsuper, exists (select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid and g.rolname = $2) as member
         from pg_roles r where rolname = $1`,
      [name, APP_GROUP_ROLE],
    );
    const found = rows[0];
    if (!found) {
      await client.query(`create role ${role} login password ${client.escapeLiteral(password)} in role ${APP_GROUP_ROLE}`);
      return;
    }
    if (found.rolsuper) {
      throw new Error(
        `DATABASE_APP_URL : le rôle « ${name} » est superutilisateur ; l’application doit se connecter avec un rôle membre de ${APP_GROUP_ROLE} seulement`,
      );
    }
    if (setPassword) await client.query(`alter role ${role} with login password ${client.escapeLiteral(password)}`);
    if (!found.member) await client.query(`grant ${APP_GROUP_ROLE} to ${role}`);
  } finally {
    await client.end();
  }
}
