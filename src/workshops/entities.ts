import { defineEntity, p } from '@mikro-orm/core';
import { Establishment } from '../establishments/entities.ts';
import { Partner } from '../partners/entities.ts';
import { IAE_TYPES, PAY_CATEGORIES } from './rules.ts';

const WorkshopSchema = defineEntity({
  name: 'Workshop',
  tableName: 'workshop',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    partner: p.manyToOne(Partner),
    name: p.string(),
    activity: p.string(),
    iaeType: p.enum(IAE_TYPES),
    openingHours: p.string().default(''),
    archivedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export class Workshop extends WorkshopSchema.class {}
WorkshopSchema.setClass(Workshop);

export const POST_STATUSES = ['open', 'frozen'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export const POST_STATUS_LABELS: Record<PostStatus, string> = { open: 'Ouvert', frozen: 'Gelé' };

const PostSchema = defineEntity({
  name: 'Post',
  tableName: 'post',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    workshop: p.manyToOne(Workshop),
    title: p.string(),
    code: p.string(),
    weeklyMinutes: p.integer(),
    payCategory: p.enum(PAY_CATEGORIES),
    /** A rate above the category's floor, as a share of the SMIC in basis points; null: the floor. */
    payBasisPoints: p.integer().nullable(),
    status: p.enum(POST_STATUSES).default('open'),
    archivedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export class Post extends PostSchema.class {
  /** A frozen post stays in the workshop but takes no new assignment. */
  freeze(): void {
    this.status = 'frozen';
  }

  reopen(): void {
    this.status = 'open';
  }
}
PostSchema.setClass(Post);

const PayFloorSchema = defineEntity({
  name: 'PayFloor',
  tableName: 'pay_floor',
  properties: {
    id: p.integer().primary(),
    category: p.enum(PAY_CATEGORIES),
    effectiveFrom: p.string().columnType('date'),
    floorBasisPoints: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class PayFloor extends PayFloorSchema.class {}
PayFloorSchema.setClass(PayFloor);
