import { ForbiddenError, NotFoundError } from './errors.ts';
import type { Role } from './roles.ts';

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
    /** A partner's administrator (its profile, contacts, colleagues' invitations). */
    readonly partnerAdmin = false,
  ) {}

  get isAdmin(): boolean {
    return this.role === 'admin';
  }

  // ——— The questions features ask. A feature asks one of these instead of listing roles. ———

  /** Throws 403 unless `allowed`: `scope.must(scope.canManageAccounts)`. */
  must(allowed: boolean): void {
    if (!allowed) throw new ForbiddenError();
  }

  /** User accounts and their memberships: the national or regional team. */
  get canManageAccounts(): boolean {
    return this.isAdmin;
  }

  /** Creating, archiving and restoring establishments. */
  get canManageEstablishments(): boolean {
    return this.isAdmin;
  }

  /** SMIC, pay floors and other reference data with effective dates. */
  get canEditReferenceData(): boolean {
    return this.isAdmin;
  }

  /** The audit trail of every change. */
  get canReadAuditTrail(): boolean {
    return this.isAdmin;
  }

  /** Reopening a validated week: an exception, kept to the national or regional team. */
  get canReopenWeeks(): boolean {
    return this.isAdmin;
  }

  /** Someone who manages at least one establishment (admins: all), before the establishment is known. */
  get managesEstablishments(): boolean {
    return this.isAdmin || this.role === 'coordinator';
  }

  /** Partner organisations and training programmes: the catalogue every establishment picks from. */
  get canManageCatalogue(): boolean {
    return this.managesEstablishments;
  }

  /** Set-up, people, assignments, pay and validation of hours in this establishment. */
  canManageEstablishment(establishmentId: number): boolean {
    return this.isAdmin || (this.role === 'coordinator' && this.establishmentIds.includes(establishmentId));
  }

  /** Typing hours on a sheet: a workshop's partner, the establishment's coordinators, admins; training sheets: no partner. */
  canEnterTime(sheet: { establishmentId: number; partnerId: number | null }): boolean {
    if (this.role === 'partner') return sheet.partnerId !== null && sheet.partnerId === this.partnerId;
    return this.canManageEstablishment(sheet.establishmentId);
  }

  /** Validating a week of hours, which fixes them for pay. */
  canValidateTime(establishmentId: number): boolean {
    return this.canManageEstablishment(establishmentId);
  }

  /** A partner sees people by name and post only: no contract, absence reason, suspension or release. */
  get seesNamesOnly(): boolean {
    return this.role === 'partner';
  }

  /** Individual hours and pay: never for committee members, who read aggregates. */
  get seesIndividualData(): boolean {
    return this.role !== 'committee';
  }

  /** A partner organisation's record: managers, and the partner's own staff. */
  canSeePartner(partnerId: number): boolean {
    return this.managesEstablishments || (this.role === 'partner' && this.partnerId === partnerId);
  }

  /** The partner's own space (its workshops in every establishment). */
  get isPartnerStaff(): boolean {
    return this.role === 'partner' && this.partnerId !== null;
  }

  /** Editing one's organisation: its details, contacts and colleagues (a partner's administrator). */
  get canManageOrganisation(): boolean {
    return this.isPartnerStaff && this.partnerAdmin;
  }

  /** A workshop's activity log: its partner writes it; the establishment's managers read it. */
  canWriteActivity(workshop: { partnerId: number }): boolean {
    return this.isPartnerStaff && workshop.partnerId === this.partnerId;
  }

  /** A committee member's space (aggregates of their committees' establishments). */
  get isCommitteeMember(): boolean {
    return this.role === 'committee';
  }

  /** Throws 403 unless the caller has one of `roles`. */
  require(...roles: Role[]): void {
    if (!roles.includes(this.role)) throw new ForbiddenError();
  }

  /** Reading an establishment's pages: its managers. Committee members read aggregates only (see their own pages). */
  canSeeEstablishment(establishmentId: number): boolean {
    return this.canManageEstablishment(establishmentId);
  }

  /** Throws 404 unless the establishment is within the caller's scope. */
  assertEstablishment(establishmentId: number): void {
    if (!this.canSeeEstablishment(establishmentId)) throw new NotFoundError();
  }

  /** Throws unless the caller may change the set-up of this establishment: 404 outside it, 403 for a role that only reads. */
  assertCanManage(establishmentId: number): void {
    this.must(this.managesEstablishments);
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
        // Committee members read aggregates, never a workshop's records.
        return { id: { $in: [] } };
    }
  }

  /** The establishments the caller may see, as a filter: null means all of them. */
  visibleEstablishmentIds(): readonly number[] | null {
    if (this.isAdmin) return null;
    return this.role === 'coordinator' ? this.establishmentIds : [];
  }

  /** The establishments whose aggregates the caller may read: a committee member's are those of their memberships. */
  aggregateEstablishmentIds(): readonly number[] | null {
    if (this.isAdmin) return null;
    return this.role === 'coordinator' || this.role === 'committee' ? this.establishmentIds : [];
  }
}
