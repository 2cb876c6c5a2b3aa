import { defineEntity, p } from '@mikro-orm/core';
import { Candidacy } from '../candidacies/entities.ts';
import { Detainee } from '../detainees/entities.ts';
import { Establishment } from '../establishments/entities.ts';
import { TrainingSession } from '../training/entities.ts';
import { Post } from '../workshops/entities.ts';
import { PAY_CATEGORIES } from '../workshops/rules.ts';

export const END_REASONS = [
  'release',
  'transfer',
  'resignation',
  'end_of_contract',
  'trial_not_conclusive',
  'professional_insufficiency',
  'disciplinary_removal',
  'unfitness',
  'moved_to_another_post',
  'workshop_closed',
  'economic_reason',
] as const;
export type EndReason = (typeof END_REASONS)[number];
export const END_REASON_LABELS: Record<EndReason, string> = {
  release: 'Libération',
  transfer: 'Transfert',
  resignation: 'Démission',
  end_of_contract: 'Fin du contrat à durée déterminée',
  trial_not_conclusive: 'Période d’essai non concluante',
  professional_insufficiency: 'Insuffisance professionnelle',
  disciplinary_removal: 'Déclassement disciplinaire',
  unfitness: 'Inaptitude',
  moved_to_another_post: 'Passage sur un autre poste',
  workshop_closed: 'Fermeture de l’atelier',
  economic_reason: 'Motif économique ou force majeure',
};

export const SUSPENSION_REASONS = ['sickness', 'work_accident', 'disciplinary', 'court', 'transfer_pending', 'workshop_closure'] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];
export const SUSPENSION_REASON_LABELS: Record<SuspensionReason, string> = {
  sickness: 'Maladie',
  work_accident: 'Accident du travail',
  disciplinary: 'Mesure disciplinaire',
  court: 'Comparution ou extraction judiciaire',
  transfer_pending: 'Transfert en cours',
  workshop_closure: 'Fermeture temporaire de l’atelier',
};

const AssignmentSchema = defineEntity({
  name: 'Assignment',
  tableName: 'assignment',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    detainee: p.manyToOne(Detainee),
    post: p.manyToOne(Post),
    candidacy: p.manyToOne(Candidacy).nullable(),
    contractReference: p.string(),
    startsOn: p.string().columnType('date'),
    contractEndsOn: p.string().columnType('date').nullable(),
    trialEndsOn: p.string().columnType('date'),
    trialChangeReason: p.string().default(''),
    weeklyMinutes: p.integer(),
    payCategory: p.enum(PAY_CATEGORIES),
    /** The post's own rate when the contract was signed (basis points of the SMIC); null: the floor. */
    payBasisPoints: p.integer().nullable(),
    confirmedOn: p.string().columnType('date').nullable(),
    endedOn: p.string().columnType('date').nullable(),
    endReason: p.enum(END_REASONS).nullable(),
    endNote: p.string().default(''),
    endedOnBeforeLeaving: p.string().columnType('date').nullable(),
    endReasonBeforeLeaving: p.enum(END_REASONS).nullable(),
    suspensions: () => p.oneToMany(Suspension).mappedBy('assignment'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export class Assignment extends AssignmentSchema.class {
  /** Ending never deletes: the assignment stays in the person's history with its reason. */
  end(on: string, reason: EndReason, note = ''): void {
    this.endedOn = on;
    this.endReason = reason;
    this.endNote = note;
  }
}

const SuspensionSchema = defineEntity({
  name: 'Suspension',
  tableName: 'assignment_suspension',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    assignment: p.manyToOne(Assignment),
    startsOn: p.string().columnType('date'),
    endsOn: p.string().columnType('date').nullable(),
    reason: p.enum(SUSPENSION_REASONS),
    note: p.string().default(''),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export class Suspension extends SuspensionSchema.class {}
SuspensionSchema.setClass(Suspension);
AssignmentSchema.setClass(Assignment);

export const ENROLLMENT_STATUSES = ['enrolled', 'completed', 'dropped'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
export const ENROLLMENT_STATUS_LABELS: Record<EnrollmentStatus, string> = { enrolled: 'Inscrite', completed: 'Terminée', dropped: 'Abandon' };

const EnrollmentSchema = defineEntity({
  name: 'Enrollment',
  tableName: 'enrollment',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    detainee: p.manyToOne(Detainee),
    session: p.manyToOne(TrainingSession),
    candidacy: p.manyToOne(Candidacy).nullable(),
    startsOn: p.string().columnType('date'),
    status: p.enum(ENROLLMENT_STATUSES).default('enrolled'),
    endedOn: p.string().columnType('date').nullable(),
    certified: p.boolean().nullable(),
    dropReason: p.string().default(''),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export class Enrollment extends EnrollmentSchema.class {
  complete(on: string, certified: boolean): void {
    this.status = 'completed';
    this.endedOn = on;
    this.certified = certified;
  }

  drop(on: string, reason: string): void {
    this.status = 'dropped';
    this.endedOn = on;
    this.dropReason = reason;
  }
}
EnrollmentSchema.setClass(Enrollment);
