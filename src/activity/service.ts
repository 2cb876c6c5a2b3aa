/**
 * The workshop's activity log (issue 21 item 2): its partner's staff write it one line at a
 * time, change or remove an entry within 7 days of writing it (the database's trigger
 * `activity_entry_window` holds the window with its own clock), and after that correct it by a
 * new entry pointing to the old one, which then counts nowhere. The establishment's
 * coordinators and admins read it; anyone else gets a 404.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Partner } from '../partners/entities.ts';
import { isArchived } from '../platform/archivable.ts';
import type { Day } from '../platform/calendar.ts';
import { NotFoundError, RuleError, StaleRecordError } from '../platform/errors.ts';
import { formatShortDay } from '../platform/format.ts';
import { flushGuarded } from '../platform/guarded-flush.ts';
import type { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';
import { Workshop } from '../workshops/entities.ts';
import { ActivityEntry } from './entities.ts';
import type { EntryInput } from './forms.ts';
import { type ActivityKind, type CustomerKind, EDIT_WINDOW_DAYS, type Severity, type VisitorKind } from './labels.ts';

/**
 * SQL condition: the entry aliased `alias` has not been corrected by a later entry, so it counts.
 * Every list or aggregate of the log (workshop log, establishment log, CSV, report figures) uses it:
 * `where ${notCorrected('e')}`.
 */
export function notCorrected(alias: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(alias)) throw new Error(`notCorrected: bad alias ${alias}`);
  return `not exists (select 1 from activity_entry c_${alias} where c_${alias}.corrects_id = ${alias}.id)`;
}

/** What the caller may do with a workshop's log. */
export interface LogAccess {
  workshop: Workshop;
  /** Adds lines (the workshop's current partner, workshop not archived). */
  canWrite: boolean;
  /** The partner whose entries the caller sees and changes; null: every entry, read only (managers). */
  partnerId: number | null;
}

/**
 * The workshop's log as the caller may see it: its establishment's coordinators and admins read
 * it; its partner's staff write it; a partner that held the workshop before keeps reading its
 * own entries. Anyone else, a committee member included: 404.
 */
export async function logAccess(em: EntityManager, scope: Scope, workshopId: number): Promise<LogAccess> {
  const workshop = Number.isSafeInteger(workshopId) ? await em.findOne(Workshop, workshopId, { populate: ['partner', 'establishment'] }) : null;
  if (!workshop) throw new NotFoundError();
  if (scope.canManageEstablishment(workshop.establishment.id)) return { workshop, canWrite: false, partnerId: null };
  if (!scope.isPartnerStaff || scope.partnerId === null) throw new NotFoundError();
  const current = scope.canWriteActivity({ partnerId: workshop.partner.id });
  if (!current) {
    const [held] = await em
      .getConnection()
      .execute<{ n: number }[]>('select count(*)::int as n from activity_entry where workshop_id = ? and partner_id = ?', [workshop.id, scope.partnerId]);
    if (!held?.n) throw new NotFoundError();
  }
  return { workshop, canWrite: current && !isArchived(workshop), partnerId: scope.partnerId };
}

/** One line of the log, with what the reader may do with it. */
export interface LogRow {
  id: number;
  day: Day;
  kind: ActivityKind;
  quantity: string | null;
  unit: string;
  customerKind: CustomerKind | null;
  topic: string;
  minutes: number | null;
  participants: number | null;
  visitorKind: VisitorKind | null;
  severity: Severity | null;
  description: string;
  author: string;
  createdAt: Date;
  version: number;
  /** Written less than 7 days ago by the database's clock: changed or removed, not corrected. */
  withinWindow: boolean;
  /** The entry that corrects this one (it then counts nowhere). */
  correctedBy: { id: number; day: Day } | null;
  /** The entry this one corrects. */
  corrects: { id: number; day: Day } | null;
}

const ROW_SQL = `
  select e.id, to_char(e.day, 'YYYY-MM-DD') as day, e.kind, e.quantity::text as quantity, e.unit, e.customer_kind as "customerKind",
         e.topic, e.minutes, e.participants, e.visitor_kind as "visitorKind", e.severity, e.description,
         coalesce(u.display_name, '') as author, e.created_at as "createdAt", e.version,
         e.created_at >= now() - make_interval(days => ${EDIT_WINDOW_DAYS}) as "withinWindow",
         c.id as "correctedById", to_char(c.day, 'YYYY-MM-DD') as "correctedByDay",
         o.id as "correctsId", to_char(o.day, 'YYYY-MM-DD') as "correctsDay"
    from activity_entry e
    left join app_user u on u.id = e.created_by_id
    left join activity_entry c on c.corrects_id = e.id
    left join activity_entry o on o.id = e.corrects_id`;

type RawRow = Omit<LogRow, 'correctedBy' | 'corrects'> & {
  correctedById: number | null;
  correctedByDay: Day | null;
  correctsId: number | null;
  correctsDay: Day | null;
};

function toRow({ correctedById, correctedByDay, correctsId, correctsDay, ...r }: RawRow): LogRow {
  return {
    ...r,
    createdAt: new Date(r.createdAt),
    correctedBy: correctedById ? { id: correctedById, day: correctedByDay as Day } : null,
    corrects: correctsId ? { id: correctsId, day: correctsDay as Day } : null,
  };
}

/** At most this many lines on a page; a longer period says so. */
export const LOG_LIMIT = 500;

/** The workshop's entries from `from` to `to`, the newest day first (and the last written first within a day). */
export async function logEntries(em: EntityManager, access: LogAccess, from: Day, to: Day): Promise<LogRow[]> {
  const rows = await em.getConnection().execute<RawRow[]>(
    `${ROW_SQL}
      where e.workshop_id = ? and (?::int is null or e.partner_id = ?) and e.day between ? and ?
      order by e.day desc, e.created_at desc, e.id desc limit ${LOG_LIMIT + 1}`,
    [access.workshop.id, access.partnerId, access.partnerId, from, to],
  );
  return rows.map(toRow);
}

/** One entry of the workshop the caller sees (404 otherwise). */
export async function logEntry(em: EntityManager, access: LogAccess, entryId: number): Promise<LogRow> {
  const [row] = Number.isSafeInteger(entryId)
    ? await em
        .getConnection()
        .execute<RawRow[]>(`${ROW_SQL} where e.id = ? and e.workshop_id = ? and (?::int is null or e.partner_id = ?)`, [
          entryId,
          access.workshop.id,
          access.partnerId,
          access.partnerId,
        ])
    : [];
  if (!row) throw new NotFoundError();
  return toRow(row);
}

/** The units the partner already used in this workshop's production, for the unit field's suggestions. */
export async function unitsUsed(em: EntityManager, access: LogAccess): Promise<string[]> {
  if (access.partnerId === null) return [];
  const rows = await em
    .getConnection()
    .execute<{ unit: string }[]>(
      `select distinct unit from activity_entry where workshop_id = ? and partner_id = ? and kind = 'production' and unit <> '' order by unit limit 50`,
      [access.workshop.id, access.partnerId],
    );
  return rows.map((r) => r.unit);
}

function assertWriter(access: LogAccess): void {
  if (access.partnerId === null) throw new RuleError('Le journal d’activité est écrit par la structure de l’atelier : vous le consultez seulement.', 422);
  if (!access.canWrite) throw new RuleError('Cet atelier est archivé ou n’est plus celui de votre structure : son journal se consulte seulement.', 422);
}

function fill(entry: ActivityEntry, input: EntryInput): void {
  entry.day = input.day;
  entry.kind = input.kind;
  entry.quantity = input.quantity;
  entry.unit = input.unit;
  entry.customerKind = input.customerKind ?? null;
  entry.topic = input.topic;
  entry.minutes = input.minutes;
  entry.participants = input.participants;
  entry.visitorKind = input.visitorKind ?? null;
  entry.severity = input.severity ?? null;
  entry.description = input.description;
}

/** Adds a line to the log of a workshop the caller's partner runs; `correctsId` when it corrects an older entry. */
export async function addEntry(
  em: EntityManager,
  scope: Scope,
  access: LogAccess,
  input: EntryInput,
  correctsId: number | null = null,
): Promise<ActivityEntry> {
  assertWriter(access);
  const { workshop } = access;
  const entry = em.create(ActivityEntry, {
    establishment: workshop.establishment,
    workshop,
    partner: em.getReference(Partner, workshop.partner.id),
    day: input.day,
    kind: input.kind,
    correctsId,
    createdBy: em.getReference(User, scope.userId),
  });
  fill(entry, input);
  await flushGuarded(em);
  return entry;
}

const WINDOW_PASSED = `Cette entrée a été écrite il y a plus de ${EDIT_WINDOW_DAYS} jours : elle ne se modifie plus. Corrigez-la par une nouvelle entrée.`;

/** The entry the caller's partner wrote, in the workshop, to change: 404 otherwise; refused outside its window. */
async function ownEntry(em: EntityManager, access: LogAccess, entryId: number): Promise<{ entry: ActivityEntry; row: LogRow }> {
  if (access.partnerId === null) throw new NotFoundError();
  const row = await logEntry(em, access, entryId);
  if (isArchived(access.workshop)) throw new RuleError('Cet atelier est archivé : son journal se consulte seulement.', 409);
  if (!row.withinWindow) throw new RuleError(WINDOW_PASSED, 409);
  return { entry: await em.findOneOrFail(ActivityEntry, entryId), row };
}

/** Changes an entry within 7 days of its writing; `version` is the one the form showed (409 when stale). */
export async function updateEntry(em: EntityManager, access: LogAccess, entryId: number, input: EntryInput, version: number): Promise<ActivityEntry> {
  const { entry } = await ownEntry(em, access, entryId);
  if (entry.version !== version) throw new StaleRecordError();
  fill(entry, input);
  await flushGuarded(em);
  return entry;
}

/** Removes an entry within 7 days of its writing; a corrected entry stays, and removing a correction puts back the entry it corrected (a way back from a wrong correction). */
export async function removeEntry(em: EntityManager, access: LogAccess, entryId: number): Promise<void> {
  const { entry, row } = await ownEntry(em, access, entryId);
  if (row.correctedBy) throw new RuleError('Cette entrée a été corrigée : elle reste au journal avec sa correction.', 409);
  em.remove(entry);
  await flushGuarded(em);
}

/**
 * What « Corriger » may correct: an entry written more than 7 days ago (a younger one is simply
 * changed), not corrected yet (one correction per entry: correct its correction instead).
 */
export async function correctable(em: EntityManager, access: LogAccess, entryId: number): Promise<LogRow> {
  if (access.partnerId === null) throw new NotFoundError();
  const old = await logEntry(em, access, entryId);
  if (old.withinWindow) throw new RuleError('Cette entrée a moins de 7 jours : modifiez-la directement plutôt que de la corriger.', 409);
  if (old.correctedBy) throw new RuleError(`Cette entrée a déjà été corrigée le ${formatShortDay(old.correctedBy.day)} : corrigez plutôt sa correction.`, 409);
  return old;
}

/** Corrects an old entry by a new one of the same workshop; the database keeps one correction per entry. */
export async function correctEntry(em: EntityManager, scope: Scope, access: LogAccess, entryId: number, input: EntryInput): Promise<ActivityEntry> {
  await correctable(em, access, entryId);
  return addEntry(em, scope, access, input, entryId);
}
