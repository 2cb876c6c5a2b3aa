import { activityFeature } from './activity/feature.ts';
import { assignmentsFeature } from './assignments/feature.ts';
import { attestationsFeature } from './attestations/feature.ts';
import { auditFeature } from './audit/feature.ts';
import { authFeature } from './auth/feature.ts';
import { candidaciesFeature } from './candidacies/feature.ts';
import { committeesFeature } from './committees/feature.ts';
import { detaineesFeature } from './detainees/feature.ts';
import { establishmentsFeature } from './establishments/feature.ts';
import { homeFeature } from './home/feature.ts';
import { hoursFeature } from './hours/feature.ts';
import { indicatorsFeature } from './indicators/feature.ts';
import { leaveFeature } from './leave/feature.ts';
import { legalFeature } from './legal/feature.ts';
import { partnersFeature } from './partners/feature.ts';
import { auditedTablesOf, constraintsOf, entitiesOf, type Feature, navigationOf } from './platform/feature.ts';
import { menuFor, type NavItem } from './platform/navigation.ts';
import type { Role } from './platform/roles.ts';
import { reportsFeature } from './reports/feature.ts';
import { trainingFeature } from './training/feature.ts';
import { usersFeature } from './users/feature.ts';
import { workshopsFeature } from './workshops/feature.ts';

/**
 * Every feature of the app, each declared in its own folder. The order is the order of the
 * menus: the main menu (home, establishments, partners, training, pay, users, audit) and the
 * sections of an establishment (overview, board, people, workshops, posts, sessions, pay).
 */
const features: readonly Feature[] = [
  authFeature,
  homeFeature,
  establishmentsFeature,
  partnersFeature,
  assignmentsFeature,
  detaineesFeature,
  candidaciesFeature,
  workshopsFeature,
  trainingFeature,
  hoursFeature,
  leaveFeature,
  committeesFeature,
  attestationsFeature,
  activityFeature,
  indicatorsFeature,
  reportsFeature,
  usersFeature,
  legalFeature,
];

/** The audit trail comes last: it names the tables the others declare. */
export const FEATURES: readonly Feature[] = [...features, auditFeature(auditedTablesOf(features))];

/** Every entity, for `openDatabase`. */
export const ENTITIES = entitiesOf(FEATURES);

/** The messages of the database's guards, for `explainConstraints` at start. */
export const CONSTRAINTS = constraintsOf(FEATURES);

export const NAVIGATION = navigationOf(FEATURES);

/** The main menu of `role`. */
export function navigationFor(role: Role): NavItem[] {
  return menuFor(NAVIGATION, role);
}
