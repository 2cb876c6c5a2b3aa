import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { SignedIn } from '../auth/service.ts';
import type { Config } from '../config.ts';
import type { Scope } from './scope.ts';

/** What every handler finds on `c.var`. */
export interface AppEnv {
  Variables: {
    config: Config;
    requestId: string;
    log: Logger;
    em: EntityManager;
    csrfToken: string;
    signedIn: SignedIn | null;
    /** Set on authenticated routes only: what the caller may read and write. */
    scope: Scope;
  };
}
