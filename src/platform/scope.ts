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

  /** Throws unless the caller may change the set-up of this establishment: 404 outside it, 403 for a role that only reads. */
  assertCanManage(establishmentId: number): void {
    this.require('admin', 'coordinator');
    this.assertEstablishment(establishmentId);
  }

  /** Which workshops the caller may see: all, their establishments', or their organisation's. */
  workshopFilter(): Record<string, unknown> {
    switch (this.role) {
      case 'admin':
        return {};
      case 'coordinator':
        return { establishment: { $in: [...this.establishmentIds] } };
      case 'partner':
        return { partner: this.partnerId ?? 0 };
      case 'committee':
        return { id: 0 };
    }
  }

  /** The establishments the caller may see, as a filter: null means all of them. */
  visibleEstablishmentIds(): readonly number[] | null {
    if (this.isAdmin) return null;
    return this.role === 'coordinator' ? this.establishmentIds : [];
  }
}
