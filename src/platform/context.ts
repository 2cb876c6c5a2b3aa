import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Clock } from './calendar.ts';
import type { FlashMessages } from './flash.ts';
import type { JobQueue } from './jobs.ts';
import type { Navigation } from './navigation.ts';
import type { Role } from './roles.ts';
import type { Scope } from './scope.ts';

/** The signed-in person, as every page and handler may know them. */
export interface Viewer {
  userId: number;
  displayName: string;
  role: Role;
  /** Signed in with a password an administrator set: only the page to choose one is open. */
  mustChangePassword?: boolean;
}

/** What every handler finds on `c.var`. */
export interface AppEnv {
  Variables: {
    config: Config;
    /** Where "today" comes from: the calendar day in Paris, or a pinned one in tests. */
    clock: Clock;
    /** Where jobs are sent (the report generations). */
    jobs: JobQueue;
    requestId: string;
    log: Logger;
    em: EntityManager;
    csrfToken: string;
    /** Who is signed in, or null; set before any feature's route. */
    viewer: Viewer | null;
    /** The signed-in person's pending messages; null when nobody is signed in. */
    flashes: FlashMessages | null;
    /** The menus the features declare. */
    navigation: Navigation;
    /** Set on authenticated routes only: what the caller may read and write. */
    scope: Scope;
  };
}
