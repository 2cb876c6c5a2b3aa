import { defineEntity, p } from '@mikro-orm/core';
import { Establishment } from '../establishments/entities.ts';
import { Partner } from '../partners/entities.ts';
import type { Flash } from '../platform/flash.ts';
import { ROLES } from '../platform/roles.ts';

const UserSchema = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.integer().primary(),
    email: p.string(),
    displayName: p.string(),
    passwordHash: p.string().hidden().lazy(),
    role: p.enum(ROLES),
    partner: p.manyToOne(Partner).nullable(),
    /** A partner's administrator: edits its profile, contacts and invites colleagues. */
    partnerAdmin: p.boolean().default(false),
    establishments: p.manyToMany(Establishment).pivotTable('establishment_membership').joinColumn('user_id').inverseJoinColumn('establishment_id').owner(),
    active: p.boolean().default(true),
    passwordChangedAt: p.datetime().onCreate(() => new Date()),
    /** The password was set by an administrator: the person must choose their own before anything else. */
    mustChangePassword: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export class User extends UserSchema.class {
  deactivate(): void {
    this.active = false;
  }

  reactivate(): void {
    this.active = true;
  }

  /** A password the person chose. */
  setPasswordHash(hash: string, at = new Date()): void {
    this.passwordHash = hash;
    this.passwordChangedAt = at;
    this.mustChangePassword = false;
  }

  /** A password an administrator set, to be replaced at the next login. */
  setTemporaryPassword(hash: string, at = new Date()): void {
    this.passwordHash = hash;
    this.passwordChangedAt = at;
    this.mustChangePassword = true;
  }
}
UserSchema.setClass(User);

const UserSessionSchema = defineEntity({
  name: 'UserSession',
  tableName: 'user_session',
  properties: {
    tokenHash: p.string().primary(),
    user: p.manyToOne(User),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    flash: p.json<Flash[]>().nullable(),
  },
});
export class UserSession extends UserSessionSchema.class {}
UserSessionSchema.setClass(UserSession);

const LoginAttemptSchema = defineEntity({
  name: 'LoginAttempt',
  tableName: 'login_attempt',
  properties: {
    id: p.bigint('number').primary(),
    email: p.string(),
    ip: p.string(),
    succeeded: p.boolean(),
    attemptedAt: p.datetime().onCreate(() => new Date()),
  },
});
export class LoginAttempt extends LoginAttemptSchema.class {}
LoginAttemptSchema.setClass(LoginAttempt);
