import path from 'node:path';
import { z } from 'zod';
import { PRODUCTION_HASH_COST } from './platform/passwords.ts';

/** Every setting the app reads, parsed once at start; nothing else reads process.env. */
const booleanFlag = z.enum(['0', '1', 'true', 'false', 'yes', 'no'], 'doit valoir 1 ou 0').transform((v) => v === '1' || v === 'true' || v === 'yes');

const port = (fallback: number, min = 1) =>
  z.coerce
    .number({ error: 'doit être un nombre entier (must be a whole number)' })
    .int('doit être un nombre entier (must be a whole number)')
    .min(min, `doit être entre ${min} et 65535`)
    .max(65535, `doit être entre ${min} et 65535`)
    .default(fallback);
const count = (fallback: number) =>
  z.coerce
    .number({ error: 'doit être un nombre entier (must be a whole number)' })
    .int('doit être un nombre entier')
    .min(1, 'doit être au moins 1')
    .default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'doit commencer par postgres:// ou postgresql://')
    .optional(),
  // The app's own connection (a role member of atelier_app); DATABASE_URL is then the migrations' (owner).
  DATABASE_APP_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'doit commencer par postgres:// ou postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: port(54329, 1024),
  DEMO_DATA: booleanFlag.optional(),
  SESSION_TTL_HOURS: z.coerce
    .number({ error: 'doit être un nombre d’heures' })
    .positive('doit être positif')
    .max(24 * 30, 'au plus 720 heures')
    .default(12),
  COOKIE_SECURE: z.enum(['auto', 'always', 'never'], 'doit valoir auto, always ou never').optional(),
  TRUST_PROXY: booleanFlag.default(false),
  // The address people open the app by (https://atelier.example.fr): the links the app gives out (a colleague's invitation) start with it.
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'doit être une adresse http(s)://, sans chemin' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: count(5),
  LOGIN_MAX_FAILURES_PER_IP: count(20),
  LOGIN_WINDOW_MINUTES: count(15),
  DB_POOL_MAX: count(10),
  // Where the report generations run: in this process ('app', the default) or only in `npm run worker` processes ('off').
  JOBS_WORKER: z.enum(['app', 'off'], 'doit valoir app ou off').default('app'),
  // Password hashes (scrypt) computed at once by this process; a login waits its turn holding no connection.
  LOGIN_MAX_CONCURRENT_HASHES: count(2),
  // log2 of scrypt's N for new password hashes; lower only to make tests fast (refused in production).
  PASSWORD_HASH_COST: z.coerce
    .number({ error: 'doit être un nombre entier (must be a whole number)' })
    .int('doit être un nombre entier (must be a whole number)')
    .min(10, 'doit être entre 10 et 20')
    .max(20, 'doit être entre 10 et 20')
    .default(PRODUCTION_HASH_COST),
  ADMIN_EMAIL: z.email('doit être une adresse électronique').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'doit compter au moins 12 caractères').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<
  Omit<z.infer<typeof schema>, 'HOST' | 'COOKIE_SECURE'> & {
    HOST: string;
    COOKIE_SECURE: 'auto' | 'always' | 'never';
    embedded: boolean;
    loadDemoData: boolean;
  }
>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Configuration invalide :\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (as compose files and .env templates leave them) means "not set".
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(given);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (reçu « ${String(env[String(i.path[0])])} »)`));
  }
  const c = result.data;
  const production = c.NODE_ENV === 'production';
  if (production && !c.DATABASE_URL) {
    throw new ConfigError(['DATABASE_URL: obligatoire en production (NODE_ENV=production) ; la base embarquée sert au développement et à la démonstration']);
  }
  if (c.DATABASE_APP_URL && !c.DATABASE_URL) {
    throw new ConfigError(['DATABASE_APP_URL: demande DATABASE_URL (le rôle des migrations) ; la base embarquée crée elle-même le rôle de l’application']);
  }
  if (production && c.PASSWORD_HASH_COST < PRODUCTION_HASH_COST) {
    throw new ConfigError([
      `PASSWORD_HASH_COST: au moins ${PRODUCTION_HASH_COST} en production (scrypt N=2^${PRODUCTION_HASH_COST}) ; un coût plus bas ne sert qu’aux tests`,
    ]);
  }
  if (production && c.DEMO_DATA) {
    throw new ConfigError(['DEMO_DATA: interdit en production : les comptes de démonstration ont un mot de passe public']);
  }
  const embedded = c.DATABASE_URL === undefined;
  // Demo data goes into the embedded database unless DEMO_DATA=0, into an external
  // server only when asked for; either way only once (the loader leaves a marker).
  const loadDemoData = c.DEMO_DATA ?? embedded;
  return Object.freeze({
    ...c,
    // Outside production, listen on this machine only: the demo accounts have a public password.
    HOST: c.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    // In production the app sits behind HTTPS: Secure cookies even if the proxy forgets X-Forwarded-Proto.
    COOKIE_SECURE: c.COOKIE_SECURE ?? (production ? 'always' : 'auto'),
    DATA_DIR: path.resolve(c.DATA_DIR),
    embedded,
    loadDemoData,
  });
}

let current: Config | undefined;

/** The configuration of this process, parsed from process.env the first time it is asked for. */
export function config(): Config {
  current ??= parseConfig(process.env);
  return current;
}
