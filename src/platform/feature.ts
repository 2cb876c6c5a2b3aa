import type { EntityClass } from '@mikro-orm/core';
import type { Hono } from 'hono';
import type { AppEnv } from './context.ts';
import type { ConstraintMessage } from './guarded-flush.ts';
import type { EstablishmentSection, MenuEntry, Navigation } from './navigation.ts';

/** How the audit trail names one table's rows, columns and stored codes, in French. */
export interface AuditedTable {
  label: string;
  /** The columns the trail shows; the others are bookkeeping. */
  columns: Record<string, string>;
  /** French names of stored codes, by column. */
  values?: Record<string, Record<string, string>>;
  /** How the trail writes a column's number or date: a day, an instant, minutes as hours, basis points or a percentage, cents as euros. */
  kinds?: Record<string, AuditValueKind>;
  /** Columns holding the id of a row of another audited table (by table name): shown by that row's name, with a link. */
  references?: Record<string, string>;
  /** How a row of this table is named: the SQL it is read with (`t` is the table; `t.id` comes too), the words and the page made from it. */
  naming?: AuditNaming;
  /** A link table: its rows have no number of their own to show. */
  keyless?: boolean;
}

export type AuditValueKind = 'day' | 'instant' | 'minutes' | 'basisPoints' | 'percent' | 'cents' | 'hours' | 'centidays';

export interface AuditNaming {
  select: string;
  text: (row: Record<string, unknown>) => string;
  href?: (row: Record<string, unknown>) => string | undefined;
}

/**
 * What a feature adds to the app, declared in its own folder (`src/<feature>/feature.ts`), so
 * that adding a table, a menu entry or a page means editing that folder and nothing central.
 */
export interface Feature {
  name: string;
  entities?: readonly EntityClass[];
  /** By table name: the tables whose every change the database's audit trigger records. */
  audited?: Record<string, AuditedTable>;
  /** By constraint name: what to tell the user when one of the database's guards refuses a write. */
  constraints?: Record<string, ConstraintMessage>;
  menu?: readonly MenuEntry[];
  establishmentSections?: readonly EstablishmentSection[];
  /** Sub-apps and where they are mounted; a public one answers before the sign-in check. */
  routes?: readonly { path: string; app: Hono<AppEnv>; public?: boolean }[];
}

/** One record from every feature's part, refusing a name that two features both claim. */
function merged<T>(features: readonly Feature[], part: (f: Feature) => Record<string, T> | undefined, what: string): Record<string, T> {
  const all: Record<string, T> = {};
  const owner = new Map<string, string>();
  for (const feature of features) {
    for (const [name, value] of Object.entries(part(feature) ?? {})) {
      const first = owner.get(name);
      if (first) throw new Error(`${what} « ${name} » is declared by both ${first} and ${feature.name}`);
      owner.set(name, feature.name);
      all[name] = value;
    }
  }
  return all;
}

export function entitiesOf(features: readonly Feature[]): EntityClass[] {
  return features.flatMap((f) => f.entities ?? []);
}

export function auditedTablesOf(features: readonly Feature[]): Record<string, AuditedTable> {
  return merged(features, (f) => f.audited, 'Audited table');
}

export function constraintsOf(features: readonly Feature[]): Record<string, ConstraintMessage> {
  return merged(features, (f) => f.constraints, 'Constraint');
}

/** The menus, entries in the order of the features. */
export function navigationOf(features: readonly Feature[]): Navigation {
  return { menu: features.flatMap((f) => f.menu ?? []), establishmentSections: features.flatMap((f) => f.establishmentSections ?? []) };
}
