import { defineEntity, p } from '@mikro-orm/core';
import { Establishment } from '../establishments/entities.ts';
import { User } from '../users/entities.ts';

export const REPORT_STATUSES = ['queued', 'running', 'failed', 'draft', 'shared'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

const EvaluationReportSchema = defineEntity({
  name: 'EvaluationReport',
  tableName: 'evaluation_report',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    /** `2026-T3`, `2026-10`, `2026` (src/indicators/periods.ts). */
    period: p.string(),
    periodFrom: p.string().columnType('date'),
    periodTo: p.string().columnType('date'),
    /** 1, 2… for the establishment and the period: printed on the cover. */
    version: p.integer(),
    status: p.enum(() => [...REPORT_STATUSES]).$type<ReportStatus>(),
    step: p.string(),
    progress: p.integer(),
    attempts: p.integer(),
    error: p.string(),
    requestedBy: p.manyToOne(User),
    requestedAt: p.datetime(),
    generatedAt: p.datetime().nullable(),
    /** The data version the figures were read at (src/indicators/data-version.ts). */
    dataVersion: p.string().nullable(),
    figures: p.json<unknown>().nullable().lazy(),
    figuresSha256: p.string().nullable(),
    pdf: p.blob().nullable().lazy(),
    pdfSha256: p.string().nullable(),
    sharedBy: p.manyToOne(User).nullable(),
    sharedAt: p.datetime().nullable(),
  },
});
/** One generation of an establishment's « Rapport d'évaluation » for a period: queued → running → draft → shared (frozen). */
export class EvaluationReport extends EvaluationReportSchema.class {}
EvaluationReportSchema.setClass(EvaluationReport);

const EvaluationReportCommentSchema = defineEntity({
  name: 'EvaluationReportComment',
  tableName: 'evaluation_report_comment',
  properties: {
    id: p.integer().primary(),
    establishment: p.manyToOne(Establishment),
    report: p.manyToOne(EvaluationReport),
    /** A section key of the report (src/reports/sections.ts). */
    section: p.string(),
    body: p.string(),
    author: p.manyToOne(User),
    updatedAt: p.datetime(),
  },
});
/** The reviewer's comment on one section of a draft, printed in that section once shared. */
export class EvaluationReportComment extends EvaluationReportCommentSchema.class {}
EvaluationReportCommentSchema.setClass(EvaluationReportComment);
