import type { Role } from './roles.ts';

/** A link of a menu, as the layout draws it. */
export interface NavItem {
  href: string;
  label: string;
}

/** An entry of the main menu, shown to the roles it names. */
export interface MenuEntry extends NavItem {
  roles: readonly Role[];
}

/** A section of an establishment's pages (`/etablissements/:id/<path>`), in its secondary navigation. */
export interface EstablishmentSection {
  /** What a page names to mark the section as current. */
  key: string;
  /** Below the establishment's address; '' is the establishment's own page. */
  path: string;
  label: string;
}

/** Every menu of the app, gathered from the features in their order. */
export interface Navigation {
  menu: readonly MenuEntry[];
  establishmentSections: readonly EstablishmentSection[];
}

/** The main menu of one role: what that person works on, nothing else. */
export function menuFor(navigation: Navigation, role: Role): NavItem[] {
  return navigation.menu.filter((entry) => entry.roles.includes(role)).map(({ href, label }) => ({ href, label }));
}
