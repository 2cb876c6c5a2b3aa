import type { Role } from '../users/entities.ts';
import { ForbiddenError, NotFoundError } from './errors.ts';

/**
 * What the signed-in person may read and write, derived from the session once per request.
 * Every service takes it and asks it; a record outside it answers 404, not its data.
 */
export class Scope {
  constructor(
    readonly userId: number,
    readonly role: Role,
    readonly establishmentIds: readonly number[],
    readonly partnerId: number | null,
  ) {}

  get isAdmin(): boolean {
    return this.role === 'admin';
  }

  /** Throws 403 unless the caller has one of `roles`. */
  require(...roles: Role[]): void {
    if (!roles.includes(this.role)) throw new ForbiddenError();
  }

  canSeeEstablishment(establishmentId: number): boolean {
    return this.isAdmin || (this.role === 'coordinator' && this.establishmentIds.includes(establishmentId));
  }

  /** Throws 404 unless the establishment is within the caller's scope. */
  assertEstablishment(establishmentId: number): void {
    if (!this.canSeeEstablishment(establishmentId)) throw new NotFoundError();
  }

  /** The establishments the caller may see, as a filter: null means all of them. */
  visibleEstablishmentIds(): readonly number[] | null {
    if (this.isAdmin) return null;
    return this.role === 'coordinator' ? this.establishmentIds : [];
  }
}
