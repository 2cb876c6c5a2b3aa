import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { Assignment, Enrollment, Suspension } from '../assignments/entities.ts';
import { AuditEvent } from '../audit/entities.ts';
import { Candidacy } from '../candidacies/entities.ts';
import { Detainee } from '../detainees/entities.ts';
import { Establishment } from '../establishments/entities.ts';
import { SmicRate, TimeEntry, TimesheetWeek } from '../hours/entities.ts';
import { Partner } from '../partners/entities.ts';
import { TrainingProgramme, TrainingSession } from '../training/entities.ts';
import { LoginAttempt, User, UserSession } from '../users/entities.ts';
import { PayFloor, Post, Workshop } from '../workshops/entities.ts';
import { AuditActorSubscriber } from './audit-context.ts';
import { AppSetting } from './settings.ts';

export const ENTITIES = [
  Establishment,
  Partner,
  User,
  UserSession,
  LoginAttempt,
  AuditEvent,
  AppSetting,
  Workshop,
  Post,
  PayFloor,
  TrainingProgramme,
  TrainingSession,
  Detainee,
  Candidacy,
  Assignment,
  Suspension,
  Enrollment,
  SmicRate,
  TimesheetWeek,
  TimeEntry,
];

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface DatabaseOptions {
  url: string;
  poolMax?: number;
  debug?: boolean;
  onQuery?: (sql: string) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: options.url,
    entities: ENTITIES,
    extensions: [Migrator],
    subscribers: [new AuditActorSubscriber()],
    pool: { min: 0, max: options.poolMax ?? 10 },
    migrations: {
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    debug: options.onQuery ? ['query'] : false,
    logger: options.onQuery ?? (() => {}),
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
  });
}

/** Applies the pending migrations; returns their names. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}
