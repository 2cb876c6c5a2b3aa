import { defineEntity, p } from '@mikro-orm/core';
import { Detainee } from '../detainees/entities.ts';
import { Establishment } from '../establishments/entities.ts';
import { TrainingSession } from '../training/entities.ts';
import { User } from '../users/entities.ts';
import { Post, Workshop } from '../workshops/entities.ts';

export const CANDIDACY_TARGETS = ['workshop', 'post', 'session'] as const;
export type CandidacyTarget = (typeof CANDIDACY_TARGETS)[number];

export const PROPOSERS = ['self', 'cpip', 'referent', 'partner'] as const;
export type Proposer = (typeof PROPOSERS)[number];
export const PROPOSER_LABELS: Record<Proposer, string> = {
  self: 'La personne elle-même',
  cpip: 'Le CPIP',
  referent: 'Le référent insertion',
  partner: 'La structure partenaire',
};

/** The same, inside a sentence ("proposée par …"). */
export const PROPOSER_PHRASES: Record<Proposer, string> = {
  self: 'la personne elle-même',
  cpip: 'le CPIP',
  referent: 'le référent insertion',
  partner: 'la structure partenaire',
};

export const CANDIDACY_STATUSES = ['submitted', 'approved', 'assigned', 'refused', 'withdrawn', 'expired'] as const;
export type CandidacyStatus = (typeof CANDIDACY_STATUSES)[number];
export const CANDIDACY_STATUS_LABELS: Record<CandidacyStatus, string> = {
  submitted: 'Déposée, en attente de la CPU',
  approved: 'Sur liste d’attente',
  assigned: 'Affectée',
  refused: 'Refusée',
  withdrawn: 'Retirée',
  expired: 'Close (sortie)',
};

const CandidacySchema = defineEntity({
  name: 'Candidacy',
  tableName: 'candidacy',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    detainee: p.manyToOne(Detainee),
    target: p.enum(CANDIDACY_TARGETS),
    workshop: p.manyToOne(Workshop).nullable(),
    post: p.manyToOne(Post).nullable(),
    session: p.manyToOne(TrainingSession).nullable(),
    proposedBy: p.enum(PROPOSERS),
    submittedOn: p.string().columnType('date'),
    motivation: p.string().default(''),
    status: p.enum(CANDIDACY_STATUSES).default('submitted'),
    cpuOpinion: p.enum(['favourable', 'unfavourable'] as const).nullable(),
    cpuOn: p.string().columnType('date').nullable(),
    pinnedRank: p.integer().nullable(),
    pinnedReason: p.string().default(''),
    pinnedBy: p.manyToOne(User).nullable(),
    pinnedAt: p.datetime().nullable(),
    closedOn: p.string().columnType('date').nullable(),
    closedReason: p.string().default(''),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export class Candidacy extends CandidacySchema.class {
  /** The CPU's opinion: favourable puts the request on the waiting list, unfavourable closes it. */
  recordCpuOpinion(opinion: 'favourable' | 'unfavourable', on: string): void {
    this.cpuOpinion = opinion;
    this.cpuOn = on;
    this.status = opinion === 'favourable' ? 'approved' : 'refused';
    if (opinion === 'unfavourable') this.closedOn = on;
  }

  close(status: 'assigned' | 'withdrawn' | 'expired', on: string, reason = ''): void {
    this.status = status;
    this.closedOn = on;
    this.closedReason = reason;
    this.pinnedRank = null;
  }

  isOpen(): boolean {
    return this.status === 'submitted' || this.status === 'approved';
  }

  /** On a workshop's waiting list: approved by the CPU, for a workshop or a post (not a training session). */
  waitsForPost(): boolean {
    return this.status === 'approved' && !this.session;
  }
}
CandidacySchema.setClass(Candidacy);
