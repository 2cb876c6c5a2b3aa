/**
 * Nothing referenced is ever deleted: a record is archived (hidden from the lists, kept for
 * history and the audit trail) and can be restored. Every archivable entity has `archivedAt`.
 */
export interface Archivable {
  archivedAt?: Date | null;
}

export function isArchived(record: Archivable): boolean {
  return record.archivedAt != null;
}

export function archive(record: Archivable, at = new Date()): void {
  record.archivedAt ??= at;
}

export function restore(record: Archivable): void {
  record.archivedAt = null;
}
