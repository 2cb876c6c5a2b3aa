/**
 * The CPU sitting (issue 20, item 3): one screen lists the candidacies waiting for the CPU's
 * opinion in its establishment; saving records every opinion given at once, in one transaction,
 * on its candidacy (the waiting lists follow) and in the meeting, which keeps the list.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Candidacy, PROPOSER_LABELS } from '../candidacies/entities.ts';
import { toDay } from '../platform/calendar.ts';
import { FieldErrors, NotFoundError, RuleError } from '../platform/errors.ts';
import { workshopTitle } from '../platform/format.ts';
import { type FormValues, one } from '../platform/forms.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { type CommitteeAccess, meetingAccess } from './access.ts';
import { CpuOpinion, type Meeting } from './entities.ts';

export type Opinion = 'favourable' | 'unfavourable';
export const OPINION_LABELS: Record<Opinion, string> = { favourable: 'Favorable', unfavourable: 'Défavorable' };
export const REASON_MAX = 300;

const POPULATE = ['detainee', 'workshop', 'post', 'post.workshop', 'session', 'session.programme'] as const;

export interface CpuRow {
  id: number;
  /** « DUPONT Jean (E1234) » for those who see names, « Candidature n° 12 » for the others. */
  who: string;
  target: string;
  proposer: string;
  submittedOn: string;
  motivation: string;
  /** The opinion given in this meeting, if any. */
  opinion: Opinion | null;
  reason: string;
}

export interface CpuSitting {
  access: CommitteeAccess & { meeting: Meeting };
  /** The meeting's day in Paris: the day each opinion is given. */
  day: string;
  waiting: CpuRow[];
  given: CpuRow[];
  /** Opinions may be given: the minutes are a draft and the caller takes them. */
  editable: boolean;
}

/** How a candidacy is named on the sitting's screen: by name only to those who see the establishment's people. */
export function candidacyLabel(c: Candidacy, seesNames: boolean): string {
  return seesNames ? `${c.detainee.fullName()} (${c.detainee.prisonNumber})` : `Candidature n° ${c.id}`;
}

function targetOf(c: Candidacy): string {
  if (c.post) return `Poste ${c.post.title} (${c.post.code}), ${c.post.workshop.name}`;
  if (c.workshop) return workshopTitle(c.workshop.name);
  if (c.session) return `Formation ${c.session.programme.title}`;
  return '';
}

function rowOf(c: Candidacy, seesNames: boolean, given?: CpuOpinion): CpuRow {
  return {
    id: c.id,
    who: candidacyLabel(c, seesNames),
    target: targetOf(c),
    proposer: PROPOSER_LABELS[c.proposedBy],
    submittedOn: c.submittedOn,
    // Free text about the person: it stays with those who see names.
    motivation: seesNames ? c.motivation : '',
    opinion: given?.opinion ?? null,
    reason: given?.reason ?? '',
  };
}

/** A CPU's meeting, as the caller may see it; any other committee's meeting answers 404 here. */
async function cpuMeeting(em: EntityManager, scope: Scope, meetingId: number) {
  const access = await meetingAccess(em, scope, meetingId);
  if (access.committee.kind !== 'cpu') throw new NotFoundError();
  return access;
}

/** The sitting: candidacies still waiting (submitted on or before the meeting's day), and the opinions given in it. */
export async function cpuSitting(em: EntityManager, scope: Scope, meetingId: number): Promise<CpuSitting> {
  const access = await cpuMeeting(em, scope, meetingId);
  const day = toDay(access.meeting.startsAt);
  const waiting = await em.find(
    Candidacy,
    { establishment: { $in: access.establishmentIds }, status: 'submitted', submittedOn: { $lte: day } },
    { populate: POPULATE, orderBy: { submittedOn: 'asc', id: 'asc' } },
  );
  const given = await em.find(CpuOpinion, { meeting: meetingId }, { populate: POPULATE.map((p) => `candidacy.${p}` as const), orderBy: { id: 'asc' } });
  return {
    access,
    day,
    waiting: waiting.map((c) => rowOf(c, access.seesNames)),
    given: given.map((o) => rowOf(o.candidacy, access.seesNames, o)),
    editable: access.canTakeMinutes && access.meeting.status === 'draft',
  };
}

interface GivenOpinion {
  id: number;
  opinion: Opinion;
  reason: string;
}

/** The rows given in the form (`opinion-<id>`, `reason-<id>`); a row without an opinion stays waiting. */
export function parseSitting(values: FormValues): GivenOpinion[] {
  const errors: Record<string, string> = {};
  const rows: GivenOpinion[] = [];
  for (const key of Object.keys(values)) {
    const m = /^opinion-(\d{1,9})$/.exec(key);
    const value = one(values, key);
    if (!m || value === '') continue;
    const id = Number(m[1]);
    const reason = one(values, `reason-${id}`).trim();
    if (value !== 'favourable' && value !== 'unfavourable') errors[`opinion-${id}`] = 'Choisissez favorable ou défavorable.';
    else if (value === 'unfavourable' && reason === '') errors[`reason-${id}`] = 'Indiquez le motif de l’avis défavorable.';
    else if (reason.length > REASON_MAX) errors[`reason-${id}`] = `Le motif tient en ${REASON_MAX} caractères.`;
    else rows.push({ id, opinion: value, reason });
  }
  if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
  if (rows.length === 0) throw new RuleError('Donnez au moins un avis (favorable ou défavorable) avant d’enregistrer la séance.', 422);
  return rows;
}

/**
 * Records every opinion given, all or nothing: the candidacies are locked, and one that is no
 * longer waiting (decided meanwhile, by another sitting or by hand) refuses the whole save with
 * the reason on its row. Returns how many opinions were recorded.
 */
export async function saveCpuSitting(em: EntityManager, scope: Scope, meetingId: number, values: FormValues): Promise<number> {
  const access = await cpuMeeting(em, scope, meetingId);
  scope.must(access.canTakeMinutes);
  if (access.meeting.status !== 'draft') throw new RuleError('Le compte rendu n’est plus un brouillon : les avis de la séance ne changent plus.', 409);
  const rows = parseSitting(values);
  const day = toDay(access.meeting.startsAt);
  return em.transactional(async (tx) => {
    const ids = rows.map((r) => r.id);
    const locked = await tx.find(Candidacy, { id: { $in: ids } }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, orderBy: { id: 'asc' } });
    const byId = new Map(locked.map((c) => [c.id, c]));
    const errors: Record<string, string> = {};
    for (const row of rows) {
      const c = byId.get(row.id);
      if (!c || !access.establishmentIds.includes(c.establishment.id) || c.submittedOn > day) {
        errors[`opinion-${row.id}`] = 'Cette candidature ne fait pas partie de cette séance : rechargez la page.';
      } else if (c.status !== 'submitted') {
        errors[`opinion-${row.id}`] = 'La CPU s’est déjà prononcée sur cette candidature, ou elle a été close entre-temps : rechargez la page.';
      }
    }
    if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
    for (const row of rows) {
      const candidacy = byId.get(row.id) as Candidacy;
      tx.create(CpuOpinion, { meeting: meetingId, candidacy, opinion: row.opinion, reason: row.reason, createdBy: tx.getReference(User, scope.userId) });
      candidacy.recordCpuOpinion(row.opinion, day);
    }
    await flushGuarded(tx);
    return rows.length;
  });
}

/**
 * A way back from an opinion recorded by mistake, while the minutes are a draft: the opinion is
 * removed and the candidacy waits for the CPU again, as long as nothing followed from the
 * opinion (assigned, withdrawn or closed since: refused, the opinion stays).
 */
export async function withdrawCpuOpinion(em: EntityManager, scope: Scope, meetingId: number, candidacyId: number): Promise<Candidacy> {
  const access = await cpuMeeting(em, scope, meetingId);
  scope.must(access.canTakeMinutes);
  if (access.meeting.status !== 'draft') throw new RuleError('Le compte rendu n’est plus un brouillon : les avis de la séance ne changent plus.', 409);
  return em.transactional(async (tx) => {
    const candidacy = Number.isSafeInteger(candidacyId)
      ? await tx.findOne(Candidacy, candidacyId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
      : null;
    const opinion = candidacy ? await tx.findOne(CpuOpinion, { meeting: meetingId, candidacy }) : null;
    if (!candidacy || !opinion) throw new NotFoundError();
    const expected = opinion.opinion === 'favourable' ? 'approved' : 'refused';
    if (candidacy.status !== expected) throw new RuleError('Cette candidature a changé depuis l’avis (affectée, retirée ou close) : l’avis reste.', 409);
    candidacy.status = 'submitted';
    candidacy.cpuOpinion = null;
    candidacy.cpuOn = null;
    candidacy.closedOn = null;
    candidacy.pinnedRank = null;
    candidacy.pinnedReason = '';
    candidacy.pinnedBy = null;
    candidacy.pinnedAt = null;
    tx.remove(opinion);
    await flushGuarded(tx);
    return candidacy;
  });
}
